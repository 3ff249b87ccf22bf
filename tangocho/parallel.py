"""Read and collect a large input in worker processes, with the result of one process.

This process reads the input and splits it into sentences (cheap: ~0.2 s a MB); the workers tokenize
and collect it (the work: ~4 s a MB of new sentences on one core, ~1 s a MB of sentences seen before),
batch by batch — the batches ``collect`` makes in one process (``batch`` sentences of one article).
Workers send back what they counted (``select.Counts``: counts, readings and the few example sentences
per word, as text, with their example keys), never tokens, and this process merges the batches in input
order (``Collector.merge``).

The one thing a batch needs from the batches before it is the names they found (一般社団法人|環境共創
イニシアチブ makes 「環境共創イニシアチブ」 a name later): so each batch goes in two steps. The worker
tokenizes it, looks its forms up and finds the name spans its sentences mark (``Collector.prepare``),
and reports those names; once the names of every earlier batch are known, it is told them and counts
the batch (``Collector.fold``). The workers are forked (they start with the modules, the dictionary's
remembered look-ups and the tagger this process has) and open their own dictionary connections.

Ctrl-C and SIGTERM stop this process as in one process; the workers ignore Ctrl-C (the terminal sends
it to them too) and are terminated on the way out.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .models import Article, Sentence

if TYPE_CHECKING:
    from .dictionary import Dictionary
    from .select import Collector
    from .wordlists import WordList

# An input at least this large is read and collected by workers when the number of jobs is automatic:
# the seed (17 kB) takes ~0.1 s in one process; 100 kB (a batch of 400 sentences, ~0.5 s) and more
# gain from a second core more than forking and merging cost (~0.05 s).
MIN_BYTES = 100_000
MAX_JOBS = 8
_POLL_SECONDS = 0.5  # how often a waiting parent checks that its workers still live

_SIGNALS = {signal.SIGINT, signal.SIGTERM}
RawSentence = tuple[str, tuple[tuple[int, int, str], ...], int]  # text, ruby spans, index


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def jobs_for(jobs: int | None, total_bytes: int | None) -> int:
    """How many worker processes: ``jobs`` if given, else every core (at most MAX_JOBS) for an input of
    at least MIN_BYTES; 1 (no workers) for a smaller input, one of unknown size, or where processes
    cannot be forked."""
    if jobs is None:
        if total_bytes is None or total_bytes < MIN_BYTES:
            return 1  # (before importing multiprocessing: the seed's warm path does not pay for it)
        jobs = min(MAX_JOBS, cores())
    return max(1, jobs) if _can_fork() else 1


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _batches(
    articles: Iterable[tuple[Article, Iterable[RawSentence]]], size: int, seen: list[Article]
) -> Iterator[tuple[Article, list[RawSentence]]]:
    for article, sentences in articles:
        seen.append(article)
        batch: list[RawSentence] = []
        for sentence in sentences:
            batch.append(sentence)
            if len(batch) >= size:
                yield article, batch
                batch = []
        if batch:
            yield article, batch


def collect(
    articles: Iterable[tuple[Article, Iterable[RawSentence]]],
    dictionary: Dictionary,
    domain_lists: dict[str, WordList],
    jobs: int,
    batch: int,
) -> tuple[tuple[Article, ...], Collector]:
    """The articles read, and a collector holding what ``jobs`` workers counted in their sentences."""
    import multiprocessing

    from .select import Collector
    from .tokenize import tokenize

    context = multiprocessing.get_context("fork")
    results = context.Queue()
    tasks = [context.Queue() for _ in range(jobs)]
    for q in tasks:
        q.cancel_join_thread()  # a parent stopped by Ctrl-C must not wait to hand its last tasks over
    workers = [
        context.Process(target=_work, args=(tasks[w], results, dictionary), daemon=True, name=f"tangocho-{w}")
        for w in range(jobs)
    ]
    # A worker starts with the parent's handlers (the CLI's SIGTERM raises): SIGINT and SIGTERM stay
    # blocked from the fork until the worker has its own (a signal meanwhile waits, it is not lost).
    collector = Collector(dictionary, domain_lists, retokenize=tokenize)
    seen: list[Article] = []
    done = False
    try:
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
        try:
            for process in workers:
                process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        _run(_batches(articles, batch, seen), collector, tasks, results, workers)
        done = True
    finally:
        _stop(workers, tasks, results, done)
    return tuple(seen), collector


def _stop(workers: list, tasks: list, results, done: bool) -> None:
    """Done: the workers are told so and end; stopped early (an error, Ctrl-C): they are terminated."""
    for q in tasks:
        if done:
            q.put(None)
    for process in workers:
        if process.pid is None:
            continue  # never started
        if not done:
            process.terminate()
        process.join(timeout=5)
        if process.is_alive():  # never expected: a worker that does not end is killed
            process.kill()
            process.join()
    for q in (*tasks, results):
        q.close()


def _run(
    batches: Iterator[tuple[Article, list[RawSentence]]],
    collector: Collector,
    tasks: list,
    results,
    workers: list,
) -> None:
    """Hand the batches out, tell each the names found before it, merge what comes back in order."""
    jobs = len(tasks)
    limit = 2 * jobs  # batches handed out and not merged yet: bounds the memory of every process
    owner: dict[int, int] = {}  # batch → the worker holding it
    names: dict[int, set[str]] = {}  # batch → the names it found (reported, not yet passed on)
    counts: dict[int, Any] = {}  # batch → what it counted, waiting for the batches before it
    before: set[str] = set(collector.names.surfaces)  # the names of every batch before ``told``
    told = 0  # batches told the names before them (and so counting)
    merged = 0
    handed = 0
    exhausted = False
    while True:
        while not exhausted and handed - merged < limit:
            item = next(batches, None)
            if item is None:
                exhausted = True
                break
            busy = [sum(1 for b, w in owner.items() if w == k) for k in range(jobs)]
            worker = busy.index(min(busy))
            owner[handed] = worker
            tasks[worker].put(("prepare", handed, item))
            handed += 1
        if exhausted and merged == handed:
            return
        kind, index, payload = _receive(results, workers)
        if kind == "names":
            names[index] = payload
            while told in names:
                tasks[owner[told]].put(("fold", told, frozenset(before)))
                before |= names.pop(told)
                told += 1
        else:
            counts[index] = payload
            while merged in counts:
                collector.merge(counts.pop(merged))
                del owner[merged]
                merged += 1


def _receive(results, workers: list) -> tuple[str, int, Any]:
    import queue

    while True:
        try:
            kind, index, payload = results.get(timeout=_POLL_SECONDS)
        except queue.Empty:
            dead = [p for p in workers if p.exitcode is not None]
            if dead:
                raise RuntimeError(
                    f"worker process {dead[0].name} ended (exit status {dead[0].exitcode})"
                ) from None
            continue
        if kind == "error":
            raise payload
        return kind, index, payload


def _work(tasks, results, dictionary: Dictionary) -> None:
    """A worker: prepare batches as they come, count each once told the names before it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)  # (blocked since the fork)
    from .select import Collector
    from .tokenize import tokenize, tokenized

    dictionary.after_fork()
    prepared: dict[int, tuple[Collector, Any]] = {}
    while True:
        task = tasks.get()
        if task is None:
            break
        kind, index, payload = task
        try:
            if kind == "prepare":
                article, raw = payload
                # (tokenized: a sentence seen a moment ago keeps its tokens, for the collector's memo)
                sentences = [Sentence(t, tokenized(t), article, i, ruby) for t, ruby, i in raw]
                collector = Collector(dictionary, retokenize=tokenize)
                batch = collector.prepare(sentences)
                prepared[index] = (collector, batch)
                results.put(("names", index, batch.names))
            else:  # "fold": payload = the names of the batches before this one
                collector, batch = prepared.pop(index)
                collector.names.update(payload | batch.names)
                collector.fold(batch)
                results.put(("counts", index, collector.counts()))
        except BaseException as exc:  # noqa: BLE001 - every failure goes to the parent, which raises it
            results.put(("error", index, exc if _picklable(exc) else RuntimeError(repr(exc))))
            break
    results.close()
    results.join_thread()
    sys.stdout.flush()


def _picklable(exc: BaseException) -> bool:
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001
        return False
    return True
