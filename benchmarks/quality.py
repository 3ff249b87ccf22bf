"""Word-choice quality on the development set and the seed: one row per text, then totals.

    python benchmarks/quality.py [--dev DIR] [--level LEVEL] [--show N] [--text NAME]

Per text (dev texts from ``../shared/eval/dev`` next to the repo, or ``--dev``; the seed with
``tests/data/seed_gold.tsv`` and ``seed_junk.tsv``):

- **G**: gold terms of that text (one row of alternatives joined by ``|`` counts once);
- **R@2G**: share of them found in the top 2×G of the full ranking (``tangocho words --min-score 0``);
- **J@2G**: junk words in that window / window size;
- **deck**: how many notes the default build makes (default options, no ``--names``);
- **R@deck**: share of the gold terms in that deck;
- **read**: of the ``readings.tsv`` rows whose word is carded by the default build, the share whose
  card reading matches (hiragana; alternatives ``|``), as ``ok/carded``.

Totals: the mean of R@2G over the dev texts (the issue's target ≥ 0.85), junk over all dev windows
(target ≤ 1 %), summed readings. ``--show N`` also prints the top N of each text, marking gold (+),
junk (!) and the gold terms missing from the window.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

try:
    from tangocho import Options, select_words  # noqa: E402
    from tangocho.kana import to_hiragana  # noqa: E402
except ModuleNotFoundError as exc:  # run by a python without the project's dependencies
    sys.exit(f"quality.py: {exc.name} is not installed here: python3 -m pip install -e . first")

DEV = ROOT.parent / "shared" / "eval" / "dev"
SEED = ROOT / "seeds" / "wuxi-hightech-2020.txt"
DATA = ROOT / "tests" / "data"


def _rows(path: Path) -> list[list[str]]:
    if not path.is_file():
        return []
    return [
        line.split("\t")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def texts(dev: Path) -> list[dict]:
    """Each text with its gold alternatives, junk words and expected readings."""
    gold = {r[0]: r[1].split() for r in _rows(dev / "gold.tsv")}
    junk: dict[str, set[str]] = {}
    for r in _rows(dev / "junk.tsv"):
        junk.setdefault(r[0], set()).update(r[1].split())
    readings: dict[str, list[tuple[str, str]]] = {}
    for r in _rows(dev / "readings.tsv"):
        readings.setdefault(r[0], []).append((r[1], r[2]))
    result = []
    for name in sorted(gold):
        result.append(
            dict(
                name=name.removesuffix(".txt"),
                path=dev / name,
                gold=[g.split("|") for g in gold[name]],
                junk=junk.get(name, set()) | junk.get("*", set()),
                readings=readings.get(name, []),
                dev=True,
            )
        )
    result.append(
        dict(
            name="seed",
            path=SEED,
            gold=[r[0].split("|") for r in _rows(DATA / "seed_gold.tsv")],
            junk={r[0] for r in _rows(DATA / "seed_junk.tsv")},
            readings=[],
            dev=False,
        )
    )
    return result


def measure(text: dict, level: str | None, show: int) -> dict:
    extra = {"level": level} if level else {}
    base = Options(vocab_dir=str(ROOT / "vocab"), **extra)
    full = Options(**{**base.__dict__, "max_words": None, "min_score": 0.0})
    ranking = select_words([str(text["path"])], full)[0]
    deck = select_words([str(text["path"])], base)[0]
    words = [c.word for c in ranking.candidates]
    g = len(text["gold"])
    window = words[: 2 * g]
    in_window = set(window)
    found = [alts for alts in text["gold"] if any(a in in_window for a in alts)]
    junk = [w for w in window if w in text["junk"]]
    carded = {c.word: c for c in deck.candidates}
    at_deck = [alts for alts in text["gold"] if any(a in carded for a in alts)]
    read_ok = read_n = 0
    wrong = []
    for word, expected in text["readings"]:
        if word in carded:
            read_n += 1
            got = to_hiragana(carded[word].reading)
            if got in expected.split("|"):
                read_ok += 1
            else:
                wrong.append(f"{word} {got}≠{expected}")
    if show:
        gold_words = {a for alts in text["gold"] for a in alts}
        print(f"\n== {text['name']} (G={g}, window {2 * g})")
        for i, c in enumerate(ranking.candidates[:show], 1):
            mark = "+" if c.word in gold_words else "!" if c.word in text["junk"] else " "
            print(f"{i:4} {mark} {c.word}\t{c.reading}\t×{c.count}\t{c.score:.1f}\t{'; '.join(c.reasons)}")
        missing = ["|".join(a) for a in text["gold"] if a not in found]
        rank = {w: i for i, w in enumerate(words, 1)}
        print("  missing:", ", ".join(f"{m}({min((rank[a] for a in m.split('|') if a in rank), default='-')})"
                                       for m in missing))  # fmt: skip
        if junk:
            print("  junk:", ", ".join(junk))
        if wrong:
            print("  readings:", ", ".join(wrong))
    return dict(
        name=text["name"], dev=text["dev"], g=g, recall=len(found) / g, junk=len(junk), window=len(window),
        deck=len(deck.candidates), recall_deck=len(at_deck) / g, read_ok=read_ok, read_n=read_n,
        chars=sum(len(line) for line in text["path"].read_text(encoding="utf-8").splitlines()),
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dev", type=Path, default=DEV, help="development set folder")
    parser.add_argument("--level", help="learner level passed to the selection (default: its default)")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print the top N of each text")
    parser.add_argument("--text", help="only texts whose name contains this")
    args = parser.parse_args(argv)
    if not (args.dev / "gold.tsv").is_file():
        parser.error(f"no gold.tsv in {args.dev}")
    rows = [
        measure(t, args.level, args.show) for t in texts(args.dev) if not args.text or args.text in t["name"]
    ]
    print()
    print(f"{'text':34} {'chars':>5} {'G':>3} {'R@2G':>5} {'J@2G':>5} {'deck':>4} {'R@deck':>6} {'read':>6}")
    for r in rows:
        read = f"{r['read_ok']}/{r['read_n']}" if r["read_n"] else "-"
        print(
            f"{r['name']:34} {r['chars']:5} {r['g']:3} {r['recall']:5.2f} {r['junk'] / r['window']:5.1%} "
            f"{r['deck']:4} {r['recall_deck']:6.2f} {read:>6}"
        )
    dev = [r for r in rows if r["dev"]]
    if dev:
        junk = sum(r["junk"] for r in dev) / sum(r["window"] for r in dev)
        ok, n = sum(r["read_ok"] for r in dev), sum(r["read_n"] for r in dev)
        print(
            f"{'dev mean / total':34} {'':5} {sum(r['g'] for r in dev):3} "
            f"{sum(r['recall'] for r in dev) / len(dev):5.2f} {junk:5.1%} "
            f"{sum(r['deck'] for r in dev) / len(dev):4.0f} "
            f"{sum(r['recall_deck'] for r in dev) / len(dev):6.2f} {f'{ok}/{n}':>6}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
