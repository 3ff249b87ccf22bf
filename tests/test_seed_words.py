"""Issue 3's done-when: the seed article's word choice against the gold and junk lists (real dictionary)."""

from __future__ import annotations

import json
import sqlite3
import zipfile

import pytest
from conftest import ROOT, SEED, read_terms

from tangocho import Options, select_words
from tangocho.cli import main

pytestmark = pytest.mark.slow  # every test here builds the seed with the real dictionary

GOLD = read_terms("seed_gold.tsv")
JUNK = [row[0] for row in read_terms("seed_junk.tsv")]


@pytest.fixture(scope="module")
def words_json():
    """`tangocho words seeds/wuxi-hightech-2020.txt --format json`, as the CLI prints it."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.chdir(ROOT), contextlib.redirect_stdout(out):
        status = main(["words", str(SEED.relative_to(ROOT)), "--format", "json", "--quiet"])
    assert status == 0
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def deck_words(seed_deck):
    with zipfile.ZipFile(seed_deck.output) as archive, archive.open("collection.anki2") as src:
        data = src.read()
    path = seed_deck.output.with_suffix(".anki2")
    path.write_bytes(data)
    db = sqlite3.connect(path)
    try:
        return [flds.split("\x1f")[0] for (flds,) in db.execute("SELECT flds FROM notes")]
    finally:
        db.close()


def test_words_json_schema(words_json):
    assert words_json, "no words"
    for row in words_json:
        assert set(row) == {"word", "reading", "count", "score", "reasons", "jmdict_id", "glosses"}
        assert isinstance(row["count"], int) and row["count"] >= 1
        assert row["jmdict_id"] is None or isinstance(row["jmdict_id"], int)
        assert row["reading"] and row["glosses"] and row["reasons"]
    scores = [row["score"] for row in words_json]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    ("alternatives", "kind"), [(row[0].split("|"), row[1]) for row in GOLD], ids=[r[0] for r in GOLD]
)
def test_gold_term_is_carded(alternatives, kind, words_json, deck_words):
    listed = {row["word"]: row for row in words_json}
    hit = [a for a in alternatives if a in listed]
    assert hit, f"{alternatives} missing from `tangocho words`"
    assert any(a in deck_words for a in alternatives), f"{alternatives} missing from the built deck"
    if kind == "compound":
        row = listed[hit[0]]
        assert row["jmdict_id"] is None and "compound not in JMdict" in row["reasons"]


@pytest.mark.parametrize("junk", JUNK)
def test_junk_is_not_carded(junk, words_json, deck_words):
    assert junk not in {row["word"] for row in words_json}
    assert junk not in deck_words


def test_default_deck_size(seed_deck):
    assert 60 <= seed_deck.notes <= 200


def _list(tmp_path, name, words):
    path = tmp_path / name
    path.write_text("# test list\n" + "\n".join(words) + "\n", encoding="utf-8")
    return str(path)


def test_known_word_disappears(tmp_path):
    vocab = str(ROOT / "vocab")
    before = {
        c.word for c in select_words([str(SEED)], Options(vocab_dir=vocab, max_words=100))[0].candidates
    }
    assert "集積回路" in before and "誘致" in before
    known = _list(tmp_path, "known.txt", ["集積回路", "誘致"])
    options = Options(vocab_dir=vocab, known=[known], max_words=100)
    after = {c.word for c in select_words([str(SEED)], options)[0].candidates}
    assert "集積回路" not in after and "誘致" not in after
    assert len(after) == len(before)  # under a --max-words cap, the room is given to the next words


def test_low_scoring_include_appears(tmp_path):
    vocab = str(ROOT / "vocab")
    everything = select_words([str(SEED)], Options(vocab_dir=vocab, min_score=0.0))[0].candidates
    chosen = {c.word for c in select_words([str(SEED)], Options(vocab_dir=vocab))[0].candidates}
    low = next(c for c in reversed(everything) if c.word not in chosen)
    include = _list(tmp_path, "include.txt", [low.word])
    after = select_words([str(SEED)], Options(vocab_dir=vocab, include=[include]))[0].candidates
    included = [c for c in after if c.word == low.word]
    assert included and "list: include" in included[0].reasons
