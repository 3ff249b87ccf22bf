"""Issue 12, item 1: hostile text never runs on a card.

Checked where it matters: the deck is imported into a real Anki collection (which normalises every
field to NFC) and the rendered question and answer are parsed; every tag and attribute must be one the
templates or tangocho's own markup use.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import fixed_clock, import_into_new_collection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tangocho import Options, build
from tangocho import deck as deck_stage
from tangocho.dictionary import FakeDictionary
from tangocho.models import Entry, Form, Sense

WORD = "半導体"
DICTIONARY = FakeDictionary([Entry(1, (Form(WORD),), (Form("はんどうたい"),), (Sense(("semiconductor",)),))])
ALL_TYPES = ("recognition", "production", "cloze")

# Tags and attributes the templates, Anki's furigana filter and tangocho's fields produce.
TAGS = {"style", "div", "span", "b", "hr", "ol", "ul", "li", "details", "summary", "ruby", "rb", "rt", "br"}
ATTRIBUTES = {"class", "id", "value", "title"}  # title: the pitch drawing names the downstep


class _Markup(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in TAGS:
            self.bad.append(f"<{tag}>")
        self.bad += [f"<{tag} {name}=…>" for name, _ in attrs if name not in ATTRIBUTES]

    handle_startendtag = handle_starttag


def live_markup(rendered: str) -> list[str]:
    parser = _Markup()
    parser.feed(rendered)
    parser.close()
    return parser.bad


def _build(folder: Path, text: str):
    article = folder / "article.txt"
    article.write_text(text, encoding="utf-8")
    include = folder / "include.txt"
    include.write_text(WORD + "\n", encoding="utf-8")
    options = Options(
        output=str(folder / "deck.apkg"),
        include=[str(include)],
        vocab_dir=str(folder),  # no lists: only the include list
        dictionary=DICTIONARY,
        card_types=ALL_TYPES,
        clock=fixed_clock,
    )
    return build([str(article)], options)


def rendered_cards(col) -> list[str]:
    pages = []
    for cid in col.find_cards(""):
        card = col.get_card(cid)
        pages += [card.question(), card.answer()]
    return pages


def assert_inert(col):
    pages = rendered_cards(col)
    assert pages
    for page in pages:
        assert live_markup(page) == [], page


ATTACK = "\u0338 onmouseover=alert(document.title) data-x="


def test_a_combining_mark_after_our_markup_does_not_open_a_tag_in_anki(tmp_path):
    """The reported attack: a line starting with U+0338 lands right after ``<div class="more-sentence">``,
    and Anki's NFC turns ``>`` + U+0338 into ``≯``: the rest of the line became live attributes."""
    result = _build(tmp_path, f"記事\n{WORD}を開発した。\n{ATTACK}{WORD}の話をした。\n")
    col = import_into_new_collection(result.output, tmp_path)
    try:
        assert_inert(col)
        assert "onmouseover" in "".join(rendered_cards(col))  # shown, as text
    finally:
        col.close()


HOSTILE = st.one_of(
    st.sampled_from(
        [
            "\u0338",
            "\u0301",
            "\u3099",
            "<",
            ">",
            "=",
            '"',
            "'",
            "&",
            "[",
            "]",
            "&lt;",
            "&#62;",
            " onmouseover=alert(1) ",
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<b>",
            "</b>",
            '<span class="cloze">',
            "{{Notes}}",
        ]
    ),
    st.characters(categories=("Mn", "Mc", "Me")),
    st.text(alphabet="<>=\"'/ &;#[]ab半導体を。\u0338\u20d2", max_size=6),
)
HOSTILE_TEXT = st.lists(HOSTILE, max_size=8).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE_TEXT, HOSTILE_TEXT, HOSTILE_TEXT)
def test_any_text_around_the_word_stays_text_on_every_rendered_card(before, after, line):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        title = f"{after}記事{line}"  # the title is shown too (MiscInfo, sources)
        lines = [
            title,
            f"{before}{WORD}{after}を開発した。",
            f"{line}{WORD}{before}の話。",
            f"{after}{WORD}。",
        ]
        text = "\n".join([*lines, f"{WORD}。"]) + "\n"  # (the last line: the word is always found)
        result = _build(folder, text)
        col = import_into_new_collection(result.output, folder)
        try:
            assert_inert(col)
        finally:
            col.close()


def _store_examples(rewrite) -> None:
    """Rewrite the examples the note store holds (a file anyone can edit), note by note."""
    from tangocho.store import store_path

    db = sqlite3.connect(store_path())
    try:
        for guid, examples in db.execute("SELECT guid, examples FROM notes").fetchall():
            db.execute(
                "UPDATE notes SET examples = ? WHERE guid = ?",
                (json.dumps(rewrite(json.loads(examples)), ensure_ascii=False), guid),
            )
        db.commit()
    finally:
        db.close()


def test_examples_read_back_from_the_note_store_are_data(tmp_path):
    """The store is a file anyone can edit: markup in its examples is shown as text, not run."""
    first = tmp_path / "first"
    first.mkdir()
    result = _build(first, f"記事\n{WORD}を開発した。\n")
    hostile = {
        "sentence": "<script>alert(1)</script><b onclick=alert(2)>x</b>を開発した。",
        "furigana": "<img src=x onerror=alert(3)>",
        "cloze": "<b>\u0338 onmouseover=alert(4)</b>",
        "source": "<i onclick=alert(5)>",
    }
    _store_examples(lambda examples: [hostile, *examples])
    # rebuilding from another article: the stored (hostile) sentence comes first on the card
    (first / "article.txt").write_text(f"記事\n{WORD}の需要が高まる。\n", encoding="utf-8")
    rebuilt = build(
        [str(first / "article.txt")],
        Options(
            output=str(result.output),
            include=[str(first / "include.txt")],
            vocab_dir=str(first),
            dictionary=DICTIONARY,
            card_types=ALL_TYPES,
            clock=lambda: fixed_clock() + 10,
        ),
    )
    assert rebuilt.updated == 1
    col = import_into_new_collection(rebuilt.output, tmp_path)
    try:
        assert_inert(col)
        assert "alert(1)" in "".join(rendered_cards(col))  # shown, as text
    finally:
        col.close()


def test_examples_tangocho_wrote_read_back_unchanged(tmp_path):
    result = _build(tmp_path, f"記事\n{WORD}を開発した。\n[注] <b> & {WORD}の話。\n")
    assert result.notes
    stored = deck_stage.stored_manifest()
    keys = [entry.key for entry in stored.notes.values()]
    read_back = deck_stage.earlier_examples(keys)
    for entry in stored.notes.values():
        assert read_back[entry.key] == entry.examples


@pytest.mark.parametrize(
    ("stored", "read_back"),
    [
        ("<b>投資</b>を増やす", "<b>投資</b>を増やす"),  # what tangocho writes: kept
        ('企業の<span class="cloze">[…]</span>を支援', '企業の<span class="cloze">[…]</span>を支援'),
        (
            " 投資[とうし]を<b> 増[ふ]やす</b> &amp; &#91;注&#93;",
            " 投資[とうし]を<b> 増[ふ]やす</b> &amp; &#91;注&#93;",
        ),
        ("か\u3099<b>x</b>", "が<b>x</b>"),  # an older manifest's text, not yet NFC: as Anki will store it
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<b onclick=alert(1)>x</b>", "&lt;b onclick=alert(1)&gt;x&lt;/b&gt;"),
        ("<b>\u0338 onmouseover=alert(1)</b>", "&lt;b≯ onmouseover=alert(1)&lt;/b&gt;"),
        ("<b>\u0301x</b>", "&lt;b&gt;&#x301;x&lt;/b&gt;"),  # a mark after our tag: never kept raw
        ("a & b", "a &amp; b"),  # a bare & is no entity
    ],
)
def test_example_markup_read_back_is_kept_only_when_tangocho_wrote_it(stored, read_back):
    assert deck_stage._as_data(stored) == read_back
