"""What the build remembers to go faster (issue 15) gives what it would compute again."""

from __future__ import annotations

import pytest

from tangocho import pipeline, render
from tangocho.dictionary import FakeDictionary
from tangocho.models import Article, Entry, Form, Occurrence, Sense, Sentence
from tangocho.reading import Reader, lexicon, read_sentence
from tangocho.tokenize import tokenize

ARTICLE = Article(source="t.txt", title="t")


def test_the_window_remembered_is_the_one_computed():
    text = "社長は取締役会で「需要は回復した。来年は増産する。」と述べ、新工場の建設を決めた。"
    s = Sentence(text, tokenize(text), ARTICLE, 0)
    k = next(i for i, t in enumerate(s.tokens) if t.surface == "増産")
    for o in (Occurrence(s, k, k + 1), Occurrence(s, 0, 1), Occurrence(s, k, k + 1)):
        assert render._window_of(o) == render._window(o)
        assert render._window_of(o) == render._window(o)


def test_the_bracket_pairs_remembered_are_the_ones_computed():
    text = "社長は「需要は『回復』した（前年比）」と述べた。"
    tokens = tokenize(text)
    assert render._bracket_pairs(tokens) == render._pairs_of(tokens) != ()
    assert render._bracket_pairs(tokens) is render._bracket_pairs(tokens)  # the memo's
    other = tokenize("「需要は回復した。」")
    assert render._bracket_pairs(other) == render._pairs_of(other) != render._bracket_pairs(tokens)
    # tokens in a list are never remembered (the list could change)
    listed = list(tokens)
    assert render._bracket_pairs(listed) == render._pairs_of(tokens)
    listed[:] = other
    assert render._bracket_pairs(listed) == render._pairs_of(other)


FAKE = FakeDictionary(
    [
        Entry(1, (Form("親会社"),), (Form("おやがいしゃ"),), (Sense(("parent company",)),)),
        Entry(2, (Form("半導体"),), (Form("はんどうたい"),), (Sense(("semiconductor",)),)),
    ]
)


def test_a_sentence_read_without_a_word_laid_over_it_is_the_remembered_reading():
    s = Sentence("親会社が半導体を作る。", tokenize("親会社が半導体を作る。"), ARTICLE, 0)
    lex = lexicon([s], FAKE)
    reader = Reader(lex)
    assert reader.read(s) == read_sentence(s, lex)
    assert reader.read(s, [(0, 3, "おやがいしゃ")]) == read_sentence(s, lex, [(0, 3, "おやがいしゃ")])
    assert reader.read(s) == read_sentence(s, lex)


def test_examples_keep_the_tokens_they_were_read_with(tmp_path):
    """collect hands the examples of a short text the tokens read, not a second tokenization."""
    src = tmp_path / "a.txt"
    src.write_text("親会社の発表\n親会社が半導体を作る。半導体の親会社だ。\n", encoding="utf-8")
    options = pipeline.Options(dictionary=FAKE, vocab_dir=str(tmp_path))
    read = [(a, list(s)) for a, s in pipeline.read([str(src)], options)]
    collected = pipeline.collect(read, FAKE, options)
    by_text = {s.text: s.tokens for _, sentences in read for s in sentences}
    examples = [o for c in pipeline.rank(collected, options).candidates for o in c.examples]
    assert examples and all(o.sentence.tokens is by_text[o.sentence.text] for o in examples)


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("楽天子会社の楽天銀行", "楽天"),  # before 子会社
        ("楽天グループ傘下", "楽天"),
        ("楽天的な見方", "楽天"),  # before no mark
        ("天楽天社", "楽天"),  # the second place it stands
        ("楽楽天社", "楽天"),  # overlapping with an earlier near-match
        ("社長", "社"),  # 社 before 長: no mark (社長 is one, after a form)
        ("楽天", "楽天"),  # at the end of the text
        ("", "楽天"),
    ],
)
def test_a_form_before_a_company_mark_is_found_as_by_searching_each_mark(text, form):
    expected = any(form + mark in text for mark in pipeline._COMPANY_MARKS)
    assert pipeline._before_mark(text, form, pipeline._COMPANY_MARKS) is expected
