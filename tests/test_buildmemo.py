"""The build memo (issue 15): a rebuild of the same inputs gives the cards an earlier build made, and
anything a card depends on changes the memo's key."""

from __future__ import annotations

import dataclasses
import os
import pickle
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SEED, fixed_clock

from tangocho import buildmemo
from tangocho.dictionary import FakeDictionary
from tangocho.pipeline import Options, build, read, word_lists
from tangocho.text import Source

TEXT = "市は工場の誘致を進める。新工場の操業再開は来年になる。\n"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A cache folder of the test's own: its memos, never the user's."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("TANGOCHO_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "news.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def _key(paths, options: Options | None = None):
    options = options or Options()
    return buildmemo.key(read([str(p) for p in paths], options).sources, options, word_lists(options))


def test_the_same_build_has_the_same_key(article):
    assert _key([article]) == _key([article]) is not None


@pytest.mark.parametrize(
    "change",
    [
        {"clock": fixed_clock},
        {"progress": lambda *a: None},
        {"output": "elsewhere.apkg"},
        {"store": "other.sqlite"},
        {"jobs": 2},
        {"audio": True},
        {"timeout": 1.0},
        {"known": []},  # the CLI's [] for the default ()
    ],
)
def test_what_changes_no_card_keeps_the_key(article, change):
    assert _key([article], dataclasses.replace(Options(), **change)) == _key([article])


@pytest.mark.parametrize(
    "change",
    [
        {"level": "advanced"},
        {"min_score": 1.0},
        {"max_words": 10},
        {"names": True},
        {"card_types": ("recognition", "production")},
        {"deck_name": "Other"},
        {"flat": True},
        {"encoding": "shift_jis"},
    ],
)
def test_an_option_that_changes_cards_changes_the_key(article, change):
    assert _key([article], dataclasses.replace(Options(), **change)) != _key([article])


def test_the_texts_bytes_and_path_are_in_the_key(article, tmp_path):
    before = _key([article])
    article.write_text(TEXT + "円安が続く。\n", encoding="utf-8")
    assert _key([article]) != before
    copy = tmp_path / "copy.txt"
    copy.write_text(article.read_text(encoding="utf-8"), encoding="utf-8")
    assert _key([copy]) != _key([article])  # (the card names its article by the file name)


def test_the_word_lists_as_read_are_in_the_key(article, tmp_path):
    known = tmp_path / "known.txt"
    known.write_text("誘致\n", encoding="utf-8")
    with_known = Options(known=(str(known),))
    before = _key([article], with_known)
    assert before != _key([article])
    known.write_text("誘致\n操業\n", encoding="utf-8")  # the same option, the file edited
    assert _key([article], with_known) != before


def test_the_key_is_the_same_in_every_process(article):
    """A word list is a frozenset, whose order changes with the process's hash seed: the key sorts it."""
    code = (
        "import sys; from tangocho import buildmemo; from tangocho.pipeline import Options, read, word_lists;"
        "o = Options(); print(buildmemo.key(read([sys.argv[1]], o).sources, o, word_lists(o)))"
    )
    keys = {
        subprocess.run(
            [sys.executable, "-c", code, str(article)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(keys) == 1 and keys != {"None\n"}


def test_no_memo_for_stdin_a_url_a_large_input_or_a_test_dictionary(article, tmp_path):
    options, lists = Options(), word_lists(Options())
    assert buildmemo.key([Source("-")], options, lists) is None
    assert buildmemo.key([Source("https://example.com/a.html")], options, lists) is None
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (buildmemo.MAX_BYTES + 1))
    assert buildmemo.key([Source(str(big))], options, lists) is None
    fake = Options(dictionary=FakeDictionary([]))
    assert buildmemo.key([Source(str(article))], fake, lists) is None


def test_a_memo_is_kept_and_given_back(cache):
    buildmemo.save("k1", ("selection",), ["card"])
    assert buildmemo.load("k1") == (("selection",), ["card"])
    assert buildmemo.load("k2") is None
    assert buildmemo.load(None) is None
    assert [p.name for p in (cache / buildmemo.FOLDER).iterdir()] == ["k1.pickle"]  # no temporary left


@pytest.mark.parametrize(
    "content",
    [b"", b"not a pickle", pickle.dumps(("other key", "s", ["c"])), pickle.dumps(["k1", "s", ["c"]])],
)
def test_a_damaged_or_foreign_memo_is_ignored(cache, content):
    (cache / buildmemo.FOLDER).mkdir(parents=True)
    (cache / buildmemo.FOLDER / "k1.pickle").write_bytes(content)
    assert buildmemo.load("k1") is None


def test_the_folder_keeps_the_newest_memos(cache):
    for i in range(buildmemo.KEEP + 3):
        buildmemo.save(f"k{i:02}", i, [])
        path = cache / buildmemo.FOLDER / f"k{i:02}.pickle"
        os.utime(path, ns=(i * 10**9, i * 10**9))  # (file times far apart, whatever the file system)
    kept = sorted(p.stem for p in (cache / buildmemo.FOLDER).glob("*.pickle"))
    assert len(kept) == buildmemo.KEEP and kept[0] == "k03"


def test_a_memo_that_cannot_be_written_is_left_out(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("TANGOCHO_CACHE_DIR", str(blocker))  # a file where the folder would be
    buildmemo.save("k1", 1, [])
    assert buildmemo.load("k1") is None


# ------------------------------------------------------------------------ builds (the real dictionary)


def _notes(apkg: Path) -> bytes:
    with zipfile.ZipFile(apkg) as z:
        return z.read("collection.anki2")


@pytest.fixture
def seed_copy(tmp_path):
    path = tmp_path / "texts" / SEED.name
    path.parent.mkdir()
    path.write_bytes(SEED.read_bytes())
    return path


def _options(tmp_path: Path, name: str, **kw) -> Options:
    return Options(
        output=str(tmp_path / f"{name}.apkg"),
        vocab_dir=str(ROOT / "vocab"),
        clock=fixed_clock,
        store=str(tmp_path / f"{name}.sqlite"),
        **kw,
    )


@pytest.mark.slow
def test_a_rebuild_gives_the_memos_cards_and_the_same_deck(seed_copy, tmp_path):
    first = build([str(seed_copy)], _options(tmp_path, "first"))
    memo_key = _key([seed_copy], _options(tmp_path, "first"))
    selection, cards = buildmemo.load(memo_key)
    assert len(cards) == first.notes and selection == first.selection
    again = build([str(seed_copy)], _options(tmp_path, "again"))
    assert again.selection == first.selection
    assert _notes(tmp_path / "again.apkg") == _notes(tmp_path / "first.apkg")
    # the rebuild's cards are the memo's: a card changed in the memo is the deck's
    changed = [dataclasses.replace(cards[0], fields={**cards[0].fields, "MiscInfo": "from the memo"})]
    buildmemo.save(memo_key, selection, changed + cards[1:])
    build([str(seed_copy)], _options(tmp_path, "third"))
    assert b"from the memo" in _notes(tmp_path / "third.apkg")


@pytest.mark.slow
def test_a_rebuild_after_an_edit_makes_the_cards_again(seed_copy, tmp_path):
    first = build([str(seed_copy)], _options(tmp_path, "first"))
    exclude = tmp_path / "exclude.txt"
    exclude.write_text("誘致\n", encoding="utf-8")  # a word of the seed's deck
    assert "誘致" in {c.word for c in first.selection.candidates}
    listed = build([str(seed_copy)], _options(tmp_path, "listed", exclude=(str(exclude),)))
    assert listed.notes == first.notes - 1
    seed_copy.write_text(seed_copy.read_text(encoding="utf-8") + "\n円安の進行が輸出企業の追い風となった。\n")
    edited = build([str(seed_copy)], _options(tmp_path, "edited"))
    assert edited.selection.tokens > first.selection.tokens  # the text read again, with its new sentence
