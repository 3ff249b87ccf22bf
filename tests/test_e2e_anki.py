"""End to end: decks tangocho writes, imported into a real Anki collection (the official ``anki`` package).

What a learner sees is what Anki renders, so these tests import the .apkg headlessly and check notes,
cards and the rendered question/answer HTML — not the package's internals.
"""

from __future__ import annotations

import re
import sqlite3
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SEED, fixed_clock, import_into_new_collection, seed_store

from tangocho import Options, build
from tangocho import deck as deck_stage
from tangocho.kana import is_kana
from tangocho.render import FIELDS

pytestmark = pytest.mark.slow

REQUIRED_FIELDS = ("Expression", "ExpressionReading", "MainDefinition", "Sentence")


@pytest.fixture(scope="module")
def seed_col(seed_deck, tmp_path_factory):
    """The seed deck imported into a fresh collection."""
    col = import_into_new_collection(seed_deck.output, tmp_path_factory.mktemp("anki-seed"))
    yield col
    col.close()


def notes_by_expression(col) -> dict[str, object]:
    notes = [col.get_note(nid) for nid in col.find_notes("")]
    return {n["Expression"]: n for n in notes}


def build_deck(tmp_path: Path, inputs: list[Path], **options):
    options.setdefault("vocab_dir", str(ROOT / "vocab"))
    options.setdefault("clock", fixed_clock)
    return build([str(p) for p in inputs], Options(output=str(tmp_path / "deck.apkg"), **options))


def package_notes(apkg: Path) -> list[tuple]:
    """(guid, mid, mod, fields, tags) of every note in a package, read from its SQLite."""
    with zipfile.ZipFile(apkg) as archive, archive.open("collection.anki2") as src:
        db_path = apkg.with_suffix(".read.sqlite")
        db_path.write_bytes(src.read())
    db = sqlite3.connect(db_path)
    try:
        return sorted(db.execute("SELECT guid, mid, mod, flds, tags FROM notes"))
    finally:
        db.close()
        db_path.unlink()


# --------------------------------------------------------------------------------------- the seed deck


def test_seed_deck_has_at_least_50_notes_and_one_card_each(seed_deck, seed_col):
    assert seed_col.note_count() >= 50
    assert seed_col.note_count() == seed_deck.notes == len(notes_by_expression(seed_col))  # one note a word
    assert seed_col.card_count() == seed_deck.cards == seed_deck.notes  # default: recognition cards only


@pytest.mark.parametrize("field", REQUIRED_FIELDS)
def test_no_note_has_an_empty_required_field(seed_col, field):
    empty = [n["Expression"] for n in notes_by_expression(seed_col).values() if not n[field].strip()]
    assert empty == []


def test_every_sentence_bolds_its_word(seed_col):
    bad = []
    for expression, note in notes_by_expression(seed_col).items():
        bold = re.findall(r"<b>(.*?)</b>", note["Sentence"])
        # Conjugating words appear inflected: 達する is bold as 達し, 指揮をとる as 指揮をとっ.
        conjugated = len(bold) == 1 and is_kana(expression[-1]) and bold[0][:1] == expression[:1]
        if not (bold == [expression] or conjugated):
            bad.append((expression, bold))
    assert bad == []


@pytest.mark.parametrize(
    "word, meaning",
    [
        # JMdict (2021) glosses 集積回路 as "integrated-circuit"; the meaning shown must be that sense.
        ("集積回路", r"integrated[- ]circuit"),
        ("誘致", r"attraction|lure|invitation"),
        ("半導体", r"semiconductor"),
        # not a JMdict headword: the meaning is composed from its parts, 操業 + 再開
        ("操業再開", r"operation.* · .*(reopening|resumption)"),
    ],
)
def test_key_words_have_notes_with_their_meaning(seed_col, word, meaning):
    notes = notes_by_expression(seed_col)
    assert word in notes, f"{word} has no note in the seed deck"
    assert re.search(meaning, notes[word]["MainDefinition"]), notes[word]["MainDefinition"]


@pytest.mark.parametrize(
    "word, reading",
    [("集積回路", "しゅうせきかいろ"), ("誘致", "ゆうち"), ("操業再開", "そうぎょうさいかい")],
)
def test_rendered_card_shows_the_word_bold_in_its_sentence_and_ruby_on_the_back(seed_col, word, reading):
    notes = notes_by_expression(seed_col)
    assert word in notes, f"{word} has no note in the seed deck"
    (card,) = notes[word].cards()
    question, answer = card.question(), card.answer()
    assert f"<b>{word}</b>" in question  # the sentence on the front
    assert word in question.replace(f"<b>{word}</b>", "")  # and the word itself
    assert f"<ruby><rb>{word}</rb><rt>{reading}</rt></ruby>" in answer  # the headword, with its reading
    # the sentence with furigana on the back: the word still bold, around its ruby
    bold_ruby = [b for b in re.findall(r"<b>(.*?)</b>", answer) if "<ruby>" in b]
    assert [re.sub(r"<rt>.*?</rt>|<[^>]+>", "", b) for b in bold_ruby] == [word]


def test_imported_note_type_keeps_tangocho_ids_and_its_mod(seed_deck, seed_col):
    notetype = seed_col.models.get(deck_stage.MODEL_ID)
    assert notetype is not None and notetype["name"] == deck_stage.MODEL_NAME
    assert [(f["name"], f["id"]) for f in notetype["flds"]] == [
        (name, deck_stage._stable_id("field", name)) for name in FIELDS
    ]
    assert [(t["name"], t["id"]) for t in notetype["tmpls"]] == [
        (kind.capitalize(), deck_stage._stable_id("template", kind))
        for kind in ("recognition", "production", "cloze")
    ]
    with seed_store(seed_deck) as store:
        manifest = deck_stage.stored_manifest(store)
    assert notetype["mod"] == manifest.model_changed == int(fixed_clock())
    assert {n.mid for n in map(seed_col.get_note, seed_col.find_notes(""))} == {deck_stage.MODEL_ID}


# ------------------------------------------------------------------------------------ escaping, cards

HOSTILE_ARTICLE = """\
# 半導体<i>速報</i> & <script>alert(0)</script>
2020-09-28

半導体メーカーは<script>alert(1)</script>を含む集積回路の量産を開始した。
同社は<b>R&D</b>投資を拡大し、集積回路の生産能力を倍増させる。
半導体産業の誘致では、地元政府が<img src=x onerror=alert(2)>補助金を用意した。
"""
RAW = ("<script", "<img", "<i>", "<b>R")  # markup from the article, live
ESCAPED = (  # the same, shown as text
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&lt;b&gt;R&amp;D&lt;/b&gt;",
    "&lt;img src=x onerror=alert(2)&gt;",
)


def test_markup_in_the_article_is_shown_as_text(tmp_path):
    article = tmp_path / "hostile.txt"
    article.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    result = build_deck(tmp_path, [article])
    col = import_into_new_collection(result.output, tmp_path)
    try:
        notes = notes_by_expression(col)
        assert {"半導体", "集積回路"} <= set(notes)
        fields = [(expression, name, value) for expression, n in notes.items() for name, value in n.items()]
        assert [f for f in fields if any(raw in f[2] for raw in RAW)] == []
        assert any(
            "&lt;script&gt;alert(0)&lt;/script&gt;" in value
            for _, name, value in fields
            if name == "MiscInfo"
        )
        rendered = [
            html for n in notes.values() for card in n.cards() for html in (card.question(), card.answer())
        ]
        assert [html for html in rendered if any(raw in html for raw in RAW)] == []
        for escaped in ESCAPED:  # every sentence is some card's example
            assert any(escaped in html for html in rendered), escaped
    finally:
        col.close()


@pytest.mark.parametrize(
    "card_types, ords",
    [
        (("recognition",), [0]),
        (("recognition", "production", "cloze"), [0, 1, 2]),
        (("cloze",), [2]),
        (("production", "cloze"), [1, 2]),
    ],
)
def test_every_note_gets_exactly_the_chosen_cards(tmp_path, card_types, ords):
    result = build_deck(tmp_path, [SEED], card_types=card_types, max_words=40)
    col = import_into_new_collection(result.output, tmp_path)
    try:
        note_ids = col.find_notes("")
        assert len(note_ids) == result.notes == 40
        wrong = {}
        for nid in note_ids:
            note = col.get_note(nid)
            got = sorted(card.ord for card in note.cards())
            if got != ords:
                wrong[note["Expression"]] = got
        assert wrong == {}
        assert col.card_count() == result.cards == 40 * len(ords)
        assert list(col.get_empty_cards().notes) == []  # Anki agrees every card has a front
    finally:
        col.close()


def test_two_builds_with_a_fixed_clock_give_the_same_notes(tmp_path, seed_deck):
    again = build_deck(tmp_path, [SEED])
    first, second = package_notes(seed_deck.output), package_notes(again.output)
    assert len(first) == seed_deck.notes
    assert first == second
    assert seed_deck.output.read_bytes() == again.output.read_bytes()  # the very same file
    assert {mod for _, _, mod, _, _ in first} == {int(fixed_clock())}
    with seed_store(seed_deck) as store:
        assert deck_stage.stored_manifest(store) == deck_stage.stored_manifest()  # the same record
