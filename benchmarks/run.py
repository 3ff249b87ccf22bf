"""Speed benchmark of tangocho (issue 7): end to end, per stage, peak memory, first run, naive baseline.

Run from the repository root (it is not a test: pytest never collects it)::

    python benchmarks/run.py                 # the full table (about 3 minutes on 2 cores)
    python benchmarks/run.py --quick         # fewer runs, no naive baseline (about 30 s)
    python benchmarks/run.py --pool          # also: does tokenizing in a 2-process pool help 1 MB?

Cases: (a) the seed article, (b) a 1 MB corpus made by repeating the articles in seeds/ into a temp
file, (c) a naive tool on the seed — fugashi + one default ``jamdict.Jamdict().lookup(word)`` per
distinct candidate (content token or noun run) + genanki — run the same way, end to end.

End-to-end times are wall times from process start to the .apkg written (``python -m tangocho build
FILE -o OUT --quiet`` in a subprocess, each run into a fresh folder), the median of several runs; peak
RSS comes from ``os.wait4`` of each subprocess. Stage times run the library's functions in-process
with ``time.perf_counter``. The warm cases use ``$TANGOCHO_CACHE_DIR`` (or the user cache) and build
the index first if needed; the first-run case points ``TANGOCHO_CACHE_DIR`` at an empty folder.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "wuxi-hightech-2020.txt"
CORPUS_BYTES = 1_000_000

# Targets of issue 7.
TARGET_SEED_S = 1.0
TARGET_CORPUS_S = 10.0
TARGET_FIRST_S = 5.0
TARGET_RSS_MB = 400.0
TARGET_RATIO = 20.0


@dataclass(frozen=True)
class Runs:
    seconds: list[float]
    rss_mb: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak_mb(self) -> float:
        return max(self.rss_mb)


# --------------------------------------------------------------------------------------- subprocesses


def _run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one subprocess; raises if it fails."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"benchmark: {' '.join(argv)} failed ({proc.returncode}):\n{err}")
    return seconds, usage.ru_maxrss / 1024  # Linux: kilobytes


def _tangocho_runs(source: Path, runs: int, env: dict[str, str], fresh_cache: bool = False) -> Runs:
    seconds, rss = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="tangocho-bench-") as tmp:
            run_env = dict(env)
            if fresh_cache:
                run_env["TANGOCHO_CACHE_DIR"] = str(Path(tmp) / "cache")
            out = Path(tmp) / "deck.apkg"
            argv = [sys.executable, "-m", "tangocho", "build", str(source), "-o", str(out), "--quiet"]
            s, m = _run_once(argv, run_env)
            if not out.is_file():
                raise SystemExit(f"benchmark: no deck written for {source}")
        seconds.append(s)
        rss.append(m)
    return Runs(seconds, rss)


def _naive_runs(source: Path, runs: int, env: dict[str, str]) -> Runs:
    seconds, rss = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="tangocho-naive-") as tmp:
            out = Path(tmp) / "naive.apkg"
            s, m = _run_once([sys.executable, __file__, "--naive-tool", str(source), str(out)], env)
            if not out.is_file():
                raise SystemExit("benchmark: the naive tool wrote no deck")
        seconds.append(s)
        rss.append(m)
    return Runs(seconds, rss)


# --------------------------------------------------------------------------------------- naive tool

NAIVE_CONTENT = ("名詞", "動詞", "形容詞", "形状詞")


def naive_tool(source: Path, out: Path) -> int:
    """What a first attempt looks like: tokenize, ``Jamdict().lookup`` each candidate, write genanki."""
    import fugashi
    import genanki
    from jamdict import Jamdict

    tagger = fugashi.Tagger()
    jam = Jamdict()  # the default lookup: entries, every kanji of the word, and names
    candidates: dict[str, None] = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        run: list[str] = []
        for word in [*tagger(line), None]:
            if word is not None and word.feature.pos1 == "名詞" and not word.is_unk:
                run.append(word.surface)
            else:
                if len(run) >= 2:
                    candidates["".join(run)] = None  # 集積|回路 → 集積回路
                run = []
            if word is not None and word.feature.pos1 in NAIVE_CONTENT:
                candidates[word.feature.orthBase or word.surface] = None
    model = genanki.Model(
        1_234_567_890,
        "naive",
        fields=[{"name": "Word"}, {"name": "Reading"}, {"name": "Meaning"}],
        templates=[{"name": "Card", "qfmt": "{{Word}}", "afmt": "{{Reading}}<br>{{Meaning}}"}],
    )
    deck = genanki.Deck(2_059_400_110, "naive")
    lookups = 0
    for word in candidates:
        result = jam.lookup(word)
        lookups += 1
        if not result.entries:
            continue
        entry = result.entries[0]
        reading = entry.kana_forms[0].text if entry.kana_forms else word
        meaning = "; ".join(str(g) for s in entry.senses[:2] for g in s.gloss[:2])
        deck.add_note(genanki.Note(model=model, fields=[word, reading, meaning]))
    genanki.Package(deck).write_to_file(str(out))
    print(f"{lookups} lookups, {len(deck.notes)} notes")
    return 0


# --------------------------------------------------------------------------------------- in-process


def _stages(source: Path, runs: int) -> tuple[dict[str, float], dict[str, float]]:
    """Median seconds of each pipeline stage run in-process, plus one-off init costs."""
    from tangocho import deck as deck_stage
    from tangocho import pipeline
    from tangocho.dictionary import open_dictionary
    from tangocho.models import Sentence
    from tangocho.render import merge_examples
    from tangocho.select import Collector
    from tangocho.text import find_sources, has_japanese, load, split_sentences
    from tangocho.tokenize import _tagger, tokenize

    init: dict[str, float] = {}
    t = time.perf_counter()
    _tagger()
    init["tokenizer init (fugashi + unidic-lite)"] = time.perf_counter() - t
    t = time.perf_counter()
    dictionary = open_dictionary()
    init["dictionary open (cached index)"] = time.perf_counter() - t

    times: dict[str, list[float]] = {
        k: [] for k in ("load+split", "tokenize", "lookups+select", "render", "write")
    }
    options = pipeline.Options(vocab_dir=str(ROOT / "vocab"))
    for _ in range(runs):
        t = time.perf_counter()
        texts: list[tuple[object, list[str]]] = []
        for src in find_sources([str(source)]):
            article, lines = load(src)
            texts.append((article, [s for s in split_sentences(lines) if has_japanese(s)]))
        times["load+split"].append(time.perf_counter() - t)

        t = time.perf_counter()
        sentences = [
            Sentence(text=s, tokens=tokenize(s), article=article, index=i)
            for article, lines in texts
            for i, s in enumerate(lines)
        ]
        times["tokenize"].append(time.perf_counter() - t)

        t = time.perf_counter()
        domain, known, include, exclude = pipeline._lists(options)
        collector = Collector(dictionary, domain)
        for start in range(0, len(sentences), pipeline._BATCH_SENTENCES):
            collector.add(sentences[start : start + pipeline._BATCH_SENTENCES])
        candidates = collector.rank(
            known=known, include=include, exclude=exclude, max_words=options.max_words
        )
        selection = pipeline.Selection(
            tuple(a for a, _ in texts), tuple(candidates), len(collector.tallies), collector.tokens
        )
        times["lookups+select"].append(time.perf_counter() - t)

        with tempfile.TemporaryDirectory(prefix="tangocho-stage-") as tmp:
            out = Path(tmp) / "deck.apkg"
            t = time.perf_counter()
            cards = pipeline.make_cards(selection, dictionary, options)
            earlier = deck_stage.earlier_examples(out, [c.key for c in cards])
            cards = [merge_examples(c, earlier.get(c.key, ())) for c in cards]
            times["render"].append(time.perf_counter() - t)

            t = time.perf_counter()
            deck_stage.write_deck(cards, out, options.deck_name)
            times["write"].append(time.perf_counter() - t)
    return {k: statistics.median(v) for k, v in times.items()}, init


def _import_cost(env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median wall time of a bare interpreter and of importing the CLI (no work done)."""
    bare = [_run_once([sys.executable, "-c", "pass"], env)[0] for _ in range(runs)]
    cli = [
        _run_once([sys.executable, "-c", "import tangocho.cli, tangocho.deck"], env)[0] for _ in range(runs)
    ]
    return statistics.median(bare), statistics.median(cli)


def _pool_tokenize(text_lines: list[str]) -> list[tuple]:
    from tangocho.tokenize import tokenize

    return [tokenize(line) for line in text_lines]


def _pool_check(corpus: Path) -> tuple[float, float]:
    """Tokenize the 1 MB corpus in this process, then in a 2-process pool (start-up + pickling included)."""
    from concurrent.futures import ProcessPoolExecutor

    from tangocho.text import Source as TextSource
    from tangocho.text import has_japanese, load, split_sentences
    from tangocho.tokenize import tokenize

    _, lines = load(TextSource(str(corpus)))
    sentences = [s for s in split_sentences(lines) if has_japanese(s)]
    t = time.perf_counter()
    for s in sentences:
        tokenize(s)
    serial = time.perf_counter() - t
    t = time.perf_counter()
    half = len(sentences) // 2
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(_pool_tokenize, [sentences[:half], sentences[half:]]))
    pooled = time.perf_counter() - t
    assert sum(len(r) for r in results) == len(sentences)
    return serial, pooled


# --------------------------------------------------------------------------------------------- main


def make_corpus(target: Path, size: int = CORPUS_BYTES) -> Path:
    """Repeat the articles in seeds/ into one file of at least ``size`` bytes."""
    articles = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    if not articles:
        raise SystemExit(f"benchmark: no articles in {SEEDS}")
    written = 0
    with open(target, "w", encoding="utf-8") as f:
        while written < size:
            for text in articles:
                chunk = text.rstrip("\n") + "\n\n"
                f.write(chunk)
                written += len(chunk.encode("utf-8"))
    return target


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="end-to-end runs per warm case (median)")
    parser.add_argument("--first-runs", type=int, default=3, help="runs with an empty cache (median)")
    parser.add_argument("--naive-runs", type=int, default=3, help="runs of the naive tool (median)")
    parser.add_argument("--stage-runs", type=int, default=5, help="in-process runs for the stage table")
    parser.add_argument("--quick", action="store_true", help="3 warm runs, 1 first run, no naive baseline")
    parser.add_argument("--pool", action="store_true", help="also time tokenizing 1 MB in a 2-process pool")
    parser.add_argument("--naive-tool", nargs=2, metavar=("FILE", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.naive_tool:
        return naive_tool(Path(args.naive_tool[0]), Path(args.naive_tool[1]))
    if args.quick:
        args.runs, args.first_runs, args.naive_runs, args.stage_runs = 3, 1, 0, 3

    env = dict(os.environ)
    sys.path.insert(0, str(ROOT))
    from tangocho.dictionary import open_dictionary

    open_dictionary()  # the warm cases need the cached index: build it now if it is missing
    rows: list[tuple[str, str, str, str, str]] = []

    with tempfile.TemporaryDirectory(prefix="tangocho-corpus-") as tmp:
        corpus = make_corpus(Path(tmp) / "corpus-1mb.txt")
        size_mb = corpus.stat().st_size / 1e6
        header = (
            f"python {sys.version.split()[0]} on {os.cpu_count()} cores; seed {SEED.stat().st_size:,} B, "
            f"corpus {size_mb:.2f} MB; load average at start {os.getloadavg()[0]:.1f}"
        )
        print("timing: seed, warm …", file=sys.stderr)
        seed = _tangocho_runs(SEED, args.runs, env)
        print("timing: 1 MB corpus, warm …", file=sys.stderr)
        big = _tangocho_runs(corpus, args.runs, env)
        first = None
        if args.first_runs:
            print("timing: seed, first run (empty cache) …", file=sys.stderr)
            first = _tangocho_runs(SEED, args.first_runs, env, fresh_cache=True)
        naive = None
        if args.naive_runs:
            print("timing: naive baseline on the seed …", file=sys.stderr)
            naive = _naive_runs(SEED, args.naive_runs, env)
        print("timing: stages in-process …", file=sys.stderr)
        stages_seed, init = _stages(SEED, args.stage_runs)
        stages_big, _ = _stages(corpus, max(1, args.stage_runs // 2))
        bare, imports = _import_cost(env, args.runs)
        pool = _pool_check(corpus) if args.pool else None

    def row(name: str, r: Runs, target: float | None, unit_ok: bool | None = None) -> None:
        ok = r.median <= target if target is not None else None
        rows.append((
            name, f"{r.median:7.2f} s", f"{min(r.seconds):6.2f}–{max(r.seconds):.2f}", f"{r.peak_mb:6.0f} MB",
            f"≤ {target:g} s {_verdict(ok)}" if target is not None else "",
        ))  # fmt: skip

    row(f"(a) seed, warm ({len(seed.seconds)} runs)", seed, TARGET_SEED_S)
    row(f"(b) 1 MB corpus, warm ({len(big.seconds)} runs)", big, TARGET_CORPUS_S)
    if first:
        row(f"seed, first run: builds the index ({len(first.seconds)} runs)", first, TARGET_FIRST_S)
    if naive:
        row(f"(c) naive: fugashi + Jamdict.lookup + genanki ({len(naive.seconds)} runs)", naive, None)

    peak = max(r.peak_mb for r in (seed, big, first) if r)
    print(f"{header}, at end {os.getloadavg()[0]:.1f} (other work on the machine slows every figure)")
    print()
    print(
        f"{'end to end (process start → .apkg)':<58} {'median':>9}  {'min–max':>11}  {'peak RSS':>9}  target"
    )
    for name, med, spread, rss, target in rows:
        print(f"{name:<58} {med:>9}  {spread:>11}  {rss:>9}  {target}")
    print(f"{'peak RSS of the tangocho runs':<58} {peak:7.0f} MB{'':15}≤ {TARGET_RSS_MB:g} MB "
          f"{_verdict(peak <= TARGET_RSS_MB)}")  # fmt: skip
    if naive:
        ratio = naive.median / seed.median
        print(f"{'ratio naive / tangocho on the seed':<58} {ratio:7.1f} ×{'':16}≥ {TARGET_RATIO:g} × "
              f"{_verdict(ratio >= TARGET_RATIO)}")  # fmt: skip

    print()
    print(f"{'stage (in-process, median)':<40} {'seed':>10} {'1 MB':>10}")
    for name in stages_seed:
        print(f"{name:<40} {stages_seed[name] * 1000:8.1f} ms {stages_big[name] * 1000:8.1f} ms")
    total_seed, total_big = sum(stages_seed.values()), sum(stages_big.values())
    print(f"{'sum of stages':<40} {total_seed * 1000:8.1f} ms {total_big * 1000:8.1f} ms")
    print()
    print(f"{'one-off costs':<40} {'':>10}")
    for name, seconds in init.items():
        print(f"{name:<40} {seconds * 1000:8.1f} ms")
    print(f"{'python start-up (python -c pass)':<40} {bare * 1000:8.1f} ms")
    print(f"{'import tangocho.cli + deck (incl. start-up)':<40} {imports * 1000:8.1f} ms")
    if pool:
        serial, pooled = pool
        print()
        print(f"{'tokenize 1 MB: one process':<40} {serial * 1000:8.1f} ms")
        print(
            f"{'tokenize 1 MB: 2-process pool':<40} {pooled * 1000:8.1f} ms  (start-up and pickling included)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
