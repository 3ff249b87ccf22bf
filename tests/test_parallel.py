"""Reading and collecting in worker processes (parallel.py) gives what one process gives."""

from __future__ import annotations

import os
import signal

import pytest
from conftest import ROOT, SEED
from test_merge import ENTRIES, TEXTS

from tangocho import parallel, pipeline
from tangocho.dictionary import FakeDictionary
from tangocho.errors import DictionaryError
from tangocho.pipeline import Options, select_words


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of three sentences: a small input is then many batches, over both workers."""
    monkeypatch.setattr(pipeline, "_BATCH_SENTENCES", 3)


def _articles(tmp_path, copies: int = 2) -> list[str]:
    paths = []
    for n in range(copies):
        path = tmp_path / f"article-{n}.txt"
        # the names found in one article make names in the next; the title line is the first line
        path.write_text("集積回路の計画\n" + "\n".join(TEXTS[n:] + TEXTS[:n]) + "\n", encoding="utf-8")
        paths.append(str(path))
    return paths


@pytest.mark.parametrize("jobs", [2, 3])
def test_workers_choose_the_words_one_process_does(tmp_path, small_batches, jobs):
    inputs = _articles(tmp_path)
    dictionary = FakeDictionary(entries=ENTRIES, zipf={"企業": 5.3, "計画": 4.9})
    one, _ = select_words(inputs, Options(dictionary=dictionary, jobs=1, min_score=0, names=True))
    many, _ = select_words(inputs, Options(dictionary=dictionary, jobs=jobs, min_score=0, names=True))
    assert one.candidates and len(one.articles) == 2
    assert many == one  # articles, every candidate (examples tokenized again), words found, tokens


class _Failing(FakeDictionary):
    def lookup_forms(self, forms):
        forms = set(forms)
        if "売上" in forms:
            raise DictionaryError("the index is unreadable")
        return super().lookup_forms(forms)


def test_a_worker_error_is_raised_in_the_parent(tmp_path, small_batches):
    with pytest.raises(DictionaryError, match="unreadable"):
        select_words(_articles(tmp_path), Options(dictionary=_Failing(entries=ENTRIES), jobs=2))


class _Dying(FakeDictionary):
    def lookup_forms(self, forms):
        os._exit(3)  # a worker killed (out of memory, kill -9): no message ever comes


def test_a_worker_that_dies_stops_the_build_instead_of_hanging_it(tmp_path, small_batches):
    with pytest.raises(RuntimeError, match="exit status 3"):
        select_words(_articles(tmp_path), Options(dictionary=_Dying(entries=ENTRIES), jobs=2))


@pytest.mark.parametrize(
    ("jobs", "size", "expected"),
    [(None, 17_000, 1), (None, None, 1), (1, 10**8, 1), (2, 100, 2), (None, 10**6, min(8, parallel.cores()))],
)
def test_how_many_workers(jobs, size, expected):
    assert parallel.jobs_for(jobs, size) == expected


@pytest.mark.slow
def test_workers_make_the_deck_one_process_makes(monkeypatch):
    monkeypatch.setattr(pipeline, "_BATCH_SENTENCES", 40)
    inputs = [str(SEED), str(SEED)]  # two articles: names found in the first are names in the second
    options = Options(vocab_dir=str(ROOT / "vocab"), card_types=("recognition", "production", "cloze"))
    decks = []
    for jobs in (1, 2):
        selection, dictionary = select_words(inputs, Options(vocab_dir=options.vocab_dir, jobs=jobs))
        cards = pipeline.make_cards(selection, dictionary, options)
        decks.append([(c.key, c.fields, c.tags, c.deck) for c in cards])
    assert decks[0] and decks[1] == decks[0]


def test_workers_stopped_right_after_the_fork_print_nothing(capfd):
    """A worker terminated before it set its own signal handling must not run the parent's (the CLI's
    SIGTERM handler raises: multiprocessing would print the worker's traceback)."""

    def parents_handler(signum, frame):
        raise RuntimeError("the parent's SIGTERM handler ran in a worker")

    def interrupted():
        raise KeyboardInterrupt  # Ctrl-C as the first article is read
        yield

    old = signal.signal(signal.SIGTERM, parents_handler)
    try:
        for _ in range(10):
            with pytest.raises(KeyboardInterrupt):
                parallel.collect(interrupted(), FakeDictionary(entries=ENTRIES), {}, 2, 3)
    finally:
        signal.signal(signal.SIGTERM, old)
    assert "Traceback" not in capfd.readouterr().err
