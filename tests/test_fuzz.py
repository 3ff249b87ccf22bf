"""Random text through the stages that take article text: they never raise, never let input markup
through, and always mark exactly one word."""

from __future__ import annotations

import html
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tangocho.dictionary import FakeDictionary
from tangocho.models import Article, Entry, Form, Occurrence, Sense, Sentence
from tangocho.render import furigana, sentence_cloze, sentence_furigana, sentence_html
from tangocho.select import Collector
from tangocho.text import normalise, split_sentences
from tangocho.tokenize import tokenize

FUZZ = settings(
    max_examples=150,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the repo
    suppress_health_check=[HealthCheck.too_slow],
)

ARTICLE = Article(source="fuzz.txt", title="fuzz")

_RANGES = [
    (0x3041, 0x3096),  # hiragana
    (0x30A1, 0x30FC),  # katakana and ー
    (0x4E00, 0x4FFF),  # common kanji (a slice of the block)
    (0x3000, 0x303F),  # CJK punctuation: 。、「」『』〈〉
    (0xFF01, 0xFF5E),  # full-width ASCII: ！？（）ＡＩ２
    (0xFF61, 0xFF9F),  # half-width katakana
    (0x0000, 0x001F),  # C0 controls, NUL included
    (0x0020, 0x007E),  # ASCII: < > & [ ] " '
    (0x1F300, 0x1F64F),  # emoji
    (0x20000, 0x2000F),  # CJK extension B (outside the BMP)
]
CHARS = st.one_of(
    *(st.integers(lo, hi).map(chr) for lo, hi in _RANGES),
    st.sampled_from(
        list("集積回路操業再開開通させ封じ込め上半期無錫<>&[]。！？「」\n\r\u3000\u2028\ufeff\u200b")
    ),
)
# Whole pieces too: markup, entities, brackets that look like furigana, quotes, words the fake knows.
PIECES = st.sampled_from(
    [
        "<b>", "</b>", "<script>", "&amp;", "&lt;", "[注]", "図[1]", "データ[注]", " 開発[かいはつ]",
        "「無理だ。やめる。」と言った。", "集積回路", "操業再開", "上半期", "854.65億元", "3つの", "ﾊｲﾃｸ",
        "ＡＩ２", "\x00", "\r\n", "😀", "𠮷",
    ]
)  # fmt: skip
TEXT = st.lists(st.one_of(CHARS, CHARS, PIECES), max_size=40).map("".join)

# What Anki's furigana filter reads as ruby (rslib/src/template_filters.rs).
ANKI_FURIGANA = re.compile(r" ?([^ >]+?)\[(.+?)\]")


def _sentences(text: str) -> list[Sentence]:
    lines = [normalise(line) for line in text.splitlines()]
    return [Sentence(s, tokenize(s), ARTICLE, i) for i, s in enumerate(split_sentences(lines))]


def _no_markup_but(out: str, allowed: tuple[str, ...]) -> None:
    """Every ``<`` in ``out`` starts one of our own tags; input ``<`` arrives as ``&lt;``."""
    for tag in allowed:
        out = out.replace(tag, "")
    assert "<" not in out and ">" not in out


@FUZZ
@given(TEXT)
def test_split_and_tokenize_never_raise_and_keep_offsets(text):
    for sentence in _sentences(text):
        assert sentence.text.strip(" \t\u3000") == sentence.text and sentence.text
        for t in sentence.tokens:
            assert sentence.text[t.start : t.end] == t.surface
            assert t.reading == "" or t.reading == t.surface or not re.search(r"[\u30a1-\u30f6]", t.reading)
        for a, b in zip(sentence.tokens, sentence.tokens[1:], strict=False):
            assert a.end <= b.start
        # nothing is lost: what lies between tokens is blank (MeCab skips spaces, and NUL bytes)
        gaps = [
            sentence.text[a.end : b.start] for a, b in zip(sentence.tokens, sentence.tokens[1:], strict=False)
        ]
        if sentence.tokens:
            gaps += [sentence.text[: sentence.tokens[0].start], sentence.text[sentence.tokens[-1].end :]]
        else:
            gaps = [sentence.text]
        assert all(not gap.replace("\x00", " ").strip() for gap in gaps), gaps


@FUZZ
@given(TEXT)
def test_sentence_rendering_escapes_input_and_marks_one_word(text):
    for sentence in _sentences(text):
        n = len(sentence.tokens)
        if not n:
            continue
        for first, last in {(0, 1), (n - 1, n), (0, n), (n // 2, min(n, n // 2 + 2))}:
            occ = Occurrence(sentence, first, last)
            shown = sentence_html(occ)
            assert shown.count("<b>") == 1 and shown.count("</b>") == 1
            assert shown.index("<b>") < shown.index("</b>")
            _no_markup_but(shown, ("<b>", "</b>"))
            # a long sentence is cut to the clauses around the word, marked with … at each cut
            assert html.unescape(shown.replace("<b>", "").replace("</b>", "")).strip("…") in sentence.text

            ruby = sentence_furigana(occ)
            assert ruby.count("<b>") == 1 and ruby.count("</b>") == 1
            _no_markup_but(ruby, ("<b>", "</b>"))
            # what Anki shows with {{kanji:…}} is the sentence (less the outer blanks)
            plain = html.unescape(ANKI_FURIGANA.sub(r"\1", ruby).replace("<b>", "").replace("</b>", ""))
            assert plain.strip("…") in sentence.text.strip()

            hidden = sentence_cloze(occ)
            # every occurrence of the word is hidden, so a second one cannot give the answer away
            assert hidden.count('<span class="cloze">[…]</span>') >= 1
            pieces = [html.unescape(p).strip("…") for p in hidden.split('<span class="cloze">[…]</span>')]
            assert not occ.surface or not any(occ.surface in p for p in pieces)
            _no_markup_but(hidden, ('<span class="cloze">', "</span>"))


@FUZZ
@given(TEXT, st.one_of(st.text(alphabet=CHARS, max_size=20), st.sampled_from(["かいつう", "ず", "[", "]"])))
def test_furigana_of_any_word_and_reading(surface, reading):
    out = furigana(surface, reading)
    _no_markup_but(out, ())
    if not reading:
        assert html.unescape(out) == surface


@FUZZ
@given(st.lists(TEXT, max_size=4))
def test_selection_never_raises_on_random_text(texts):
    dictionary = FakeDictionary(
        entries=[
            Entry(1, (Form("集積回路"),), (Form("しゅうせきかいろ"),), (Sense(("integrated circuit",)),)),
            Entry(2, (Form("操業"),), (Form("そうぎょう"),), (Sense(("operation",)),)),
            Entry(3, (Form("再開"),), (Form("さいかい"),), (Sense(("reopening",)),)),
            Entry(4, (Form("上半期"),), (Form("かみはんき"),), (Sense(("first half",)),)),
        ]
    )
    collector = Collector(dictionary)
    for text in texts:
        collector.add(_sentences(text))
    for candidate in collector.rank(max_words=None):
        assert candidate.word and candidate.examples
        for occ in candidate.examples:
            assert sentence_html(occ).count("<b>") == 1
