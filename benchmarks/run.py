"""Speed benchmark of tangocho (issue 15): end to end, per stage, peak memory, first run, naive baseline.

Run from the repository root (it is not a test: pytest never collects it)::

    python benchmarks/run.py             # the table (about 2 minutes on 2 cores)
    python benchmarks/run.py --quick     # fewer runs, no naive baseline (about 40 s)
    python benchmarks/run.py --large     # also the 50 MB file, streamed (minutes)

End-to-end cases run ``python -m tangocho build FILE -o OUT --quiet`` in a subprocess, each into a fresh
folder with a fresh note store (``TANGOCHO_DATA_DIR``): wall time from process start to the .apkg
written (the median of several runs), peak RSS and CPU seconds from ``os.wait4`` (CPU / wall = cores
busy). Inputs: (a) the seed article rebuilt, warm (the lookup index built, the memo of dictionary
look-ups beside it holding the answers of an earlier build, and the build memo of the same file:
tangocho/buildmemo.py, stages 1–4 skipped); (a') the seed copied to a new path each run (the same
text as a new file: every stage runs, the look-ups from their memo); (a'') the seed with a cache
folder holding only the index (no memo at all: a first build of a new text on a machine that built
none); (b) a 1 MB corpus, the articles in ``seeds/`` repeated, at a new path each run (every stage
runs); (c) 2 MB of varied text, sentences recombined from
clauses of every text at hand (``seeds/``, ``../shared/eval/dev``) so that nearly every sentence
differs; (d, ``--large``) 50 MB of the seed repeated, streamed; the seed with an empty
``TANGOCHO_CACHE_DIR`` (the first run, which builds the lookup index); a naive tool (fugashi + one
default ``jamdict.Jamdict().lookup`` per candidate + genanki; ``pip install -e '.[bench]'``).

tangocho's modules are byte-compiled first (``__pycache__``, as pip does on install). The stage table
runs the public pipeline in-process, stage by stage (``pipeline.read`` → ``collect`` →
``rank`` → ``make_cards`` → ``write``) with ``time.perf_counter``. japanese-vocabulary-extractor, side by
side: ``benchmarks/peers.sh``.
"""

from __future__ import annotations

import argparse
import compileall
import os
import random
import re
import shutil
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
DEV = ROOT.parent / "shared" / "eval" / "dev"

# Targets of issue 15.
TARGET_SEED_S = 0.30
TARGET_CORPUS_S = 2.0
TARGET_LARGE_S = 60.0
TARGET_FIRST_S = 3.0
TARGET_LARGE_MB = 200.0
TARGET_VARIED_MB = 250.0


@dataclass(frozen=True)
class Runs:
    seconds: list[float]
    rss_mb: list[float]
    cpu: list[float]  # user + system seconds of each run

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak_mb(self) -> float:
        return max(self.rss_mb)

    @property
    def cores(self) -> float:
        """Cores busy on average: CPU seconds / wall seconds (1.0: one core all along)."""
        return statistics.median(c / s for c, s in zip(self.cpu, self.seconds, strict=True))


# --------------------------------------------------------------------------------------- subprocesses


def _run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds of one subprocess (its children included only if
    it waited for them: wait4 reports the process itself); raises if it fails."""
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
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime  # Linux: kilobytes


def _index_only_cache(folder: Path) -> Path:
    """A cache folder holding only the lookup index (linked, with its verified mark): no memo of earlier
    look-ups — what a first build of a new text finds on a machine that built none."""
    from tangocho.dictionary import _verified_path, index_path

    index = index_path()
    folder.mkdir(parents=True)
    (folder / index.name).symlink_to(index)
    shutil.copyfile(_verified_path(index), folder / _verified_path(index).name)
    return folder


def _tangocho_runs(
    source: Path, runs: int, env: dict[str, str], fresh_cache: bool = False, fresh: str = ""
) -> Runs:
    """``fresh``: "path" — the input copied to a new path each run; "cache" — also a cache folder with
    the index only (no memo of look-ups)."""
    seconds, rss, cpu = [], [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="tangocho-bench-") as tmp:
            run_env = {**env, "TANGOCHO_DATA_DIR": str(Path(tmp) / "data")}
            if fresh_cache:
                run_env["TANGOCHO_CACHE_DIR"] = str(Path(tmp) / "cache")
            if fresh:
                copy = Path(tmp) / "text" / source.name
                copy.parent.mkdir()
                shutil.copyfile(source, copy)
                source_run = copy
            else:
                source_run = source
            if fresh == "cache":
                run_env["TANGOCHO_CACHE_DIR"] = str(_index_only_cache(Path(tmp) / "cache"))
            out = Path(tmp) / "deck.apkg"
            argv = [sys.executable, "-m", "tangocho", "build", str(source_run), "-o", str(out), "--quiet"]
            s, m, c = _run_once(argv, run_env)
            if not out.is_file():
                raise SystemExit(f"benchmark: no deck written for {source}")
        seconds.append(s)
        rss.append(m)
        cpu.append(c)
    return Runs(seconds, rss, cpu)


def _naive_runs(source: Path, runs: int, env: dict[str, str]) -> Runs:
    seconds, rss, cpu = [], [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="tangocho-naive-") as tmp:
            out = Path(tmp) / "naive.apkg"
            # TMPDIR: genanki's write_to_file leaves its SQLite file in the system temp folder
            tool_env = {**env, "TMPDIR": tmp}
            s, m, c = _run_once([sys.executable, __file__, "--naive-tool", str(source), str(out)], tool_env)
            if not out.is_file():
                raise SystemExit("benchmark: the naive tool wrote no deck")
        seconds.append(s)
        rss.append(m)
        cpu.append(c)
    return Runs(seconds, rss, cpu)


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


def _has_jamdict() -> bool:
    import importlib.util

    return importlib.util.find_spec("jamdict") is not None


# --------------------------------------------------------------------------------------- in-process

STAGES = ("read (load, split, tokenize)", "collect", "rank", "make_cards", "write")


def _stages(source: Path, runs: int) -> tuple[dict[str, float], dict[str, float]]:
    """Median seconds of each public pipeline stage, run in-process, plus the one-off costs."""
    from tangocho import pipeline
    from tangocho.dictionary import open_dictionary
    from tangocho.tokenize import _tagger

    init: dict[str, float] = {}
    t = time.perf_counter()
    _tagger()
    init["tokenizer init (fugashi + unidic-lite)"] = time.perf_counter() - t
    t = time.perf_counter()
    dictionary = open_dictionary()
    init["dictionary open (cached index)"] = time.perf_counter() - t

    times: dict[str, list[float]] = {k: [] for k in STAGES}
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="tangocho-stage-") as tmp:
            options = pipeline.Options(
                vocab_dir=str(ROOT / "vocab"),
                output=str(Path(tmp) / "deck.apkg"),
                store=str(Path(tmp) / "notes.sqlite"),
            )
            lap = time.perf_counter()

            def stage(name: str) -> None:
                nonlocal lap
                now = time.perf_counter()
                times[name].append(now - lap)
                lap = now

            # read is lazy: its articles and sentences are made a list here, to time it on its own
            articles = [(a, list(s)) for a, s in pipeline.read([str(source)], options)]
            stage(STAGES[0])
            collected = pipeline.collect(articles, dictionary, options)
            stage("collect")
            selection = pipeline.rank(collected, options)
            stage("rank")
            cards = pipeline.make_cards(selection, dictionary, options)
            stage("make_cards")
            pipeline.write(cards, options)
            stage("write")
    return {k: statistics.median(v) for k, v in times.items()}, init


def _import_cost(env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median wall time of a bare interpreter and of importing what a build imports (no work done)."""
    bare = [_run_once([sys.executable, "-c", "pass"], env)[0] for _ in range(runs)]
    code = "import tangocho.cli, tangocho.pipeline"
    cli = [_run_once([sys.executable, "-c", code], env)[0] for _ in range(runs)]
    return statistics.median(bare), statistics.median(cli)


# --------------------------------------------------------------------------------------------- inputs


def make_corpus(target: Path, size: int) -> Path:
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


def make_varied(target: Path, size: int, seed: int = 15) -> Path:
    """``size`` bytes of varied text: sentences of 2–4 clauses drawn at random (seeded) from the
    clauses of every text at hand, in paragraphs of 3–6, so that nearly every sentence is new."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(DEV.glob("*.txt"))] if DEV.is_dir() else []
    clauses = sorted({c.strip() for t in texts for c in re.split(r"[、。！？\n]", t) if len(c.strip()) >= 6})
    rng = random.Random(seed)
    written = 0
    with open(target, "w", encoding="utf-8") as f:
        f.write("さまざまな記事から組み直した文章\n\n")
        while written < size:
            paragraph = "".join(
                "、".join(rng.sample(clauses, rng.randint(2, 4))) + "。" for _ in range(rng.randint(3, 6))
            )
            f.write(paragraph + "\n\n")
            written += len(paragraph.encode("utf-8")) + 2
    return target


# --------------------------------------------------------------------------------------------- main


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="end-to-end runs per warm case (median)")
    parser.add_argument("--first-runs", type=int, default=3, help="runs with an empty cache (median)")
    parser.add_argument("--naive-runs", type=int, default=3, help="runs of the naive tool (median)")
    parser.add_argument("--stage-runs", type=int, default=5, help="in-process runs for the stage table")
    parser.add_argument("--quick", action="store_true", help="3 warm runs, 1 first run, no naive baseline")
    parser.add_argument("--large", action="store_true", help="also 50 MB of the seed, streamed (one run)")
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
    # Byte-code as an installed wheel has it (pip compiles on install): an editable checkout run with
    # PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module of tangocho on every run (≈50 ms).
    compileall.compile_dir(str(ROOT / "tangocho"), quiet=1)
    naive_skipped = args.naive_runs and not _has_jamdict()
    if naive_skipped:
        args.naive_runs = 0
    load_start = os.getloadavg()[0]

    with tempfile.TemporaryDirectory(prefix="tangocho-corpus-") as tmp:
        corpus = make_corpus(Path(tmp) / "corpus-1mb.txt", 1_000_000)
        varied = make_varied(Path(tmp) / "varied-2mb.txt", 2_000_000)
        print("timing: seed, warm …", file=sys.stderr)
        _tangocho_runs(SEED, 1, env)  # (the memo of look-ups holds the seed's answers)
        seed = _tangocho_runs(SEED, args.runs, env)
        print("timing: seed as a new file …", file=sys.stderr)
        seed_new = _tangocho_runs(SEED, args.runs, env, fresh="path")
        print("timing: seed, no memo of look-ups …", file=sys.stderr)
        seed_cold = _tangocho_runs(SEED, args.runs, env, fresh="cache")
        print("timing: 1 MB corpus, warm …", file=sys.stderr)
        _tangocho_runs(corpus, 1, env, fresh="path")  # (the memo of look-ups holds the corpus's answers)
        big = _tangocho_runs(corpus, args.runs, env, fresh="path")
        print("timing: 2 MB of varied text …", file=sys.stderr)
        mixed = _tangocho_runs(varied, 1, env)
        large = None
        if args.large:
            print("timing: 50 MB, streamed …", file=sys.stderr)
            large_file = make_corpus(Path(tmp) / "corpus-50mb.txt", 50_000_000)
            large = _tangocho_runs(large_file, 1, env)
            large_file.unlink()
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

    def seconds_target(r: Runs | None, limit: float) -> str:
        return f"≤ {limit:g} s {_verdict(r.median <= limit)}" if r else ""

    def large_target(r: Runs | None) -> str:
        ok = r is not None and r.median <= TARGET_LARGE_S and r.cores >= 1.5 and r.peak_mb <= TARGET_LARGE_MB
        return f"≤ {TARGET_LARGE_S:g} s on 2 cores, ≤ {TARGET_LARGE_MB:g} MB {_verdict(ok)}" if r else ""

    def runs(r: Runs | None) -> int:
        return len(r.seconds) if r else 0

    memory = f"≤ {TARGET_VARIED_MB:g} MB {_verdict(mixed.peak_mb <= TARGET_VARIED_MB)}"
    rows: list[tuple[str, Runs | None, str]] = [
        (f"(a) seed, rebuilt, warm ({runs(seed)} runs)", seed, seconds_target(seed, TARGET_SEED_S)),
        (f"(a') seed as a new file, warm ({runs(seed_new)})", seed_new, ""),
        (f"(a'') seed, index only, no memo ({runs(seed_cold)})", seed_cold, ""),
        (f"(b) 1 MB corpus, warm ({runs(big)} runs)", big, seconds_target(big, TARGET_CORPUS_S)),
        ("(c) 2 MB of varied text (1 run)", mixed, memory),
        ("(d) 50 MB of the seed, streamed (1 run)", large, large_target(large)),
        (
            f"seed, first run: builds the index ({runs(first)} runs)",
            first,
            seconds_target(first, TARGET_FIRST_S),
        ),
        (f"naive: fugashi + Jamdict.lookup + genanki ({runs(naive)} runs)", naive, ""),
    ]

    print(
        f"python {sys.version.split()[0]} on {os.cpu_count()} cores; seed {SEED.stat().st_size:,} B; "
        f"load average {load_start:.1f} at start, {os.getloadavg()[0]:.1f} at end (other work on the "
        f"machine slows every figure)"
    )
    print()
    head = "end to end (process start → .apkg)"
    print(f"{head:<50} {'median':>9}  {'min–max':>11}  {'peak RSS':>9}  {'cores':>5}  target")
    for name, r, target in rows:
        if r is None:
            why = (
                "--large" if name.startswith("(d)") else "pip install -e '.[bench]'" if naive_skipped else ""
            )
            print(f"{name:<50} {'not run':>9}  {why}")
            continue
        spread = f"{min(r.seconds):6.2f}–{max(r.seconds):.2f}"
        print(f"{name:<50} {r.median:7.2f} s  {spread:>11}  {r.peak_mb:6.0f} MB  {r.cores:5.2f}  {target}")
    if naive:
        # the naive tool does all the work every time: against a rebuild (a) and a new file (a')
        for label, ours in (("(a)", seed), ("(a')", seed_new)):
            name = f"ratio naive / tangocho {label} on the seed"
            print(f"{name:<50} {naive.median / ours.median:7.1f} ×")

    print()
    print(f"{'stage (in-process, median)':<40} {'seed':>10} {'1 MB':>10}")
    for name in STAGES:
        print(f"{name:<40} {stages_seed[name] * 1000:7.1f} ms {stages_big[name] * 1000:7.1f} ms")
    total_seed, total_big = sum(stages_seed.values()), sum(stages_big.values())
    print(f"{'sum of stages':<40} {total_seed * 1000:7.1f} ms {total_big * 1000:7.1f} ms")
    print()
    print("one-off costs")
    for name, seconds in init.items():
        print(f"{name:<40} {seconds * 1000:7.1f} ms")
    print(f"{'python start-up (python -c pass)':<40} {bare * 1000:7.1f} ms")
    print(f"{'import tangocho.cli + pipeline':<40} {imports * 1000:7.1f} ms  (start-up included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
