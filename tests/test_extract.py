"""Saved web pages through trafilatura (issue 16), and ruby kept as the author's readings.

The pages of tests/newspages.py put the seed article inside real page furniture; extraction must keep
every article sentence and leak no furniture (benchmarks/extraction.py prints the same figures for
tangocho's own rules, which leak most of it). Ruby: the reading leaves the text and lands as a
``Sentence.ruby`` span on exactly the characters it reads.
"""

from __future__ import annotations

import socket

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from newspages import PROFILE, leaks, pages, score

from tangocho.models import Article
from tangocho.pipeline import _article_lines, _sentences
from tangocho.text import Source, html_article, html_to_text, load, normalise

PAGES = {page.name: page for page in pages()}


@pytest.fixture
def no_network(monkeypatch):
    """Any connection attempt fails the test: extraction must work on the HTML alone."""

    def refuse(*args, **kwargs):
        raise AssertionError("network use")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


# What still leaks: the author's profile box inside the article's container (a paragraph of prose)
LEFT = {"inline": [PROFILE]}


@pytest.mark.parametrize("name", list(PAGES))
def test_a_saved_news_page_gives_the_article_and_no_furniture(name, tmp_path, no_network):
    page = PAGES[name]
    path = tmp_path / "page.html"
    path.write_text(page.html, encoding="utf-8")
    article, lines = load(Source(str(path)))
    lines = list(lines)
    read = "\n".join(_article_lines(lines))  # what the pipeline reads: our furniture rules after
    assert leaks(read, page) == LEFT.get(name, [])
    assert score(read, page)[1] == 0  # article characters lost: none (subheads restored)
    assert article.title == page.title
    assert article.date == "2020-09-28"  # metadata, else the byline beside the headline
    assert page.title in lines[:3]  # the headline stays at the article's start


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("【PR】法人向けクラウド会計ソフトなら初期費用無料", False),
        ("[PR] 法人向けクラウド会計ソフト", False),
        ("【関連記事】半導体大手が新工場の建設を発表", False),
        ("＜関連ニュース＞電池の需要が急拡大", False),
        ("【あわせて読みたい】物流業界の人手不足", False),
        ("【速報】半導体大手が新工場の建設を発表", True),  # a headline marker, not furniture
        ("関連記事によると、半導体の投資が増えた。", True),  # the word in a sentence
        ("PR会社の売上高は増えた。", True),
    ],
)
def test_marked_furniture_lines(line, kept):
    assert list(_article_lines([line])) == ([line] if kept else [])


def test_our_furniture_rules_still_drop_what_trafilatura_keeps():
    # a page whose breadcrumb line is an ordinary <p>: trafilatura keeps it, _article_lines drops it
    page = PAGES["paragraphs"]
    lines = list(html_article(page.html, "page.html", "page")[1])
    assert score("\n".join(lines), page)[0] > 0
    assert score("\n".join(_article_lines(lines)), page) == (0, 0)


def test_our_own_rules_leak_what_trafilatura_drops():
    # the comparison is not empty: the visible text of the div-soup page holds its related headlines
    _, visible = html_to_text(PAGES["div soup"].html)
    leaked, lost = score(visible, PAGES["div soup"])
    assert leaked > 500 and lost == 0


def test_a_fragment_trafilatura_cannot_place_is_read_as_visible_text():
    article, lines = html_article("<p>半導体の投資</p>", "clip.html", "clip")
    assert [line for line in lines if line.strip()] == ["半導体の投資"]
    assert article.title == "半導体の投資"


# ---------------------------------------------------------------------------------------------- ruby

FILLER = "今日は天気がよいので公園まで散歩に行き、帰りに本屋で経済の雑誌を買いました。"

RUBY = [
    # (HTML of a sentence, its text, [(base, reading)] of its spans)
    ("<ruby>漢字<rt>かんじ</rt></ruby>を学ぶ。", "漢字を学ぶ。", [("漢字", "かんじ")]),
    # <rp> brackets are for readers without ruby support: dropped
    ("<ruby>漢字<rp>(</rp><rt>かんじ</rt><rp>)</rp></ruby>を学ぶ。", "漢字を学ぶ。", [("漢字", "かんじ")]),
    # one reading per kanji in one <ruby>
    ("<ruby>漢<rt>かん</rt>字<rt>じ</rt></ruby>を学ぶ。", "漢字を学ぶ。", [("漢", "かん"), ("字", "じ")]),
    # <rb> holds the base in some books; a name read as its author reads it
    (
        "<ruby><rb>洪延煒</rb><rt>こうえんい</rt></ruby>氏が話す。",
        "洪延煒氏が話す。",
        [("洪延煒", "こうえんい")],
    ),
    # <rt> left unclosed (HTML allows it)
    ("<ruby>操業<rt>そうぎょう</ruby>を再開した。", "操業を再開した。", [("操業", "そうぎょう")]),
    # a ruby after other text, and a second one in the same sentence
    (
        "無錫の<ruby>開発区<rt>かいはつく</rt></ruby>は<ruby>誘致<rt>ゆうち</rt></ruby>を進めた。",
        "無錫の開発区は誘致を進めた。",
        [("開発区", "かいはつく"), ("誘致", "ゆうち")],
    ),
    # half-width katakana in a reading is folded like the text (ｶﾝｼﾞ → カンジ)
    ("<ruby>漢字<rt>ｶﾝｼﾞ</rt></ruby>を学ぶ。", "漢字を学ぶ。", [("漢字", "カンジ")]),
    # an empty <rt> is no reading
    ("<ruby>漢字<rt></rt></ruby>を学ぶ。", "漢字を学ぶ。", []),
    # the marker characters in the page's own text are text, not ruby
    ("記号⦃甲⦀乙⦄を使う。", "記号甲乙を使う。", []),
]


def _sentences_of(article: Article, lines) -> list:
    return list(_sentences(article, lines, lambda n: None))


def _page(fragment: str) -> str:
    return (
        "<html><head><title>ルビの記事</title></head><body><article><h1>ルビの記事</h1>"
        f"<p>{fragment}{FILLER}</p><p>{FILLER}</p></article></body></html>"
    )


@pytest.mark.parametrize("extractor", ["trafilatura", "visible text"])
@pytest.mark.parametrize(("fragment", "text", "spans"), RUBY)
def test_ruby_becomes_spans_of_the_sentence(fragment, text, spans, extractor):
    page = _page(fragment)
    if extractor == "trafilatura":  # a saved page or a URL
        article, lines = html_article(page, "ruby.html", "ruby")
    else:  # an EPUB chapter, a fragment trafilatura cannot place
        _, visible = html_to_text(page)
        article, lines = Article("ruby.html", "ルビの記事"), iter(normalise(s) for s in visible.split("\n"))
    sentence = next(s for s in _sentences_of(article, lines) if s.text.endswith(text[-4:]))
    assert sentence.text == text
    assert [(sentence.text[a:b], reading) for a, b, reading in sentence.ruby] == spans
    assert all("⦃" not in t.surface and "⦀" not in t.surface for t in sentence.tokens)


def test_ruby_spans_are_offsets_of_their_own_sentence():
    # the second sentence of a line: its span counts from that sentence's start
    page = _page("前置きの文。<ruby>半導体<rt>はんどうたい</rt></ruby>の投資が増えた。")
    article, lines = html_article(page, "ruby.html", "ruby")
    sentences = _sentences_of(article, lines)
    second = next(s for s in sentences if s.text.startswith("半導体"))
    assert second.ruby == ((0, 3, "はんどうたい"),)
    assert next(s for s in sentences if s.text == "前置きの文。").ruby == ()


def test_ruby_in_a_headline_is_plain_in_the_title():
    page = _page("本文。").replace("<h1>ルビの記事</h1>", "<h1><ruby>無錫<rt>むしゃく</rt></ruby>の記事</h1>")
    page = page.replace("<title>ルビの記事</title>", "")
    article, _ = html_article(page, "ruby.html", "ruby")
    assert article.title == "無錫の記事"


def test_ruby_reaches_the_chosen_words_examples(tmp_path):
    # select_words keeps example sentences as text until words are chosen: their ruby must survive
    from tangocho import Options, select_words
    from tangocho.dictionary import FakeDictionary
    from tangocho.models import Entry, Form, Sense

    entry = Entry(1, (Form("誘致"),), (Form("ゆうち"),), (Sense(("attraction",), ("n",)),))
    path = tmp_path / "ruby.html"
    path.write_text(_page("企業の<ruby>誘致<rt>ゆうち</rt></ruby>を進めた。"), encoding="utf-8")
    options = Options(dictionary=FakeDictionary([entry]), vocab_dir=str(tmp_path), include=())
    selection, _ = select_words([str(path)], options)
    (candidate,) = [c for c in selection.candidates if c.word == "誘致"]
    sentence = candidate.examples[0].sentence
    assert sentence.text.startswith("企業の誘致を進めた。")
    assert [(sentence.text[a:b], r) for a, b, r in sentence.ruby] == [("誘致", "ゆうち")]


def test_a_ruby_left_unclosed_does_not_take_the_article_with_it():
    page = f"<html><body><article><p>前置き。<ruby>漢字<rt>かんじ</p><p>{FILLER}</p></article></body></html>"
    assert any(FILLER in line for line in html_article(page, "r.html", "r")[1])


def test_a_link_left_unclosed_does_not_take_the_article_with_it():
    # libxml2 nests the following paragraphs inside an unclosed <a>: they are still the article
    page = f"<html><body><article><p>前置き。<p><a href='/x'><p>{FILLER}</p></article></body></html>"
    assert FILLER in [line for line in html_article(page, "a.html", "a")[1]]


def test_a_link_inside_a_sentence_is_text():
    # link-only blocks go (related articles); a linked word inside a sentence stays
    page = _page('無錫の<span><a href="/z">開発区</a></span>は<a href="/y">誘致</a>を進めた。')
    page = page.replace("</article>", '<p><a href="/r">【関連記事】半導体大手が新工場</a></p></article>')
    lines = [line for line in html_article(page, "p.html", "p")[1] if line.strip()]
    assert any(line.startswith("無錫の開発区は誘致を進めた。") for line in lines)
    assert not any("半導体大手" in line for line in lines)


@pytest.mark.parametrize(
    "page",
    [
        # a page so short that trafilatura falls back to its baseline, which cut at every tag
        "<html><body><p>無錫の<a href='/y'>開発区</a>は<b>誘致</b>を進めた。</p></body></html>",
        "<html><body><article><p>無錫の<a href='/y'>開発区</a>は<b>誘致</b>を進めた。</p>"
        f"<p>{FILLER}</p></article></body></html>",
    ],
)
def test_a_short_page_keeps_its_sentences_whole(page):
    lines = [line for line in html_article(page, "short.html", "short")[1] if line.strip()]
    assert lines[0] == "無錫の開発区は誘致を進めた。"


_PIECES = st.sampled_from(
    ["<ruby>", "</ruby>", "<rt>", "</rt>", "<rp>(</rp>", "<rp>)</rp>", "<rb>", "</rb>", "<p>", "</p>", "<br>",
     "漢字", "かんじ", "開発区", "。", "、", "「", "」", "⦃", "⦀", "⦄", " ", "\n", "<a href='/x'>", "</a>",
     "<h2>", "</h2>", "<div>", "</div>", "<li>", "<td>", "<script>x</script>", "<b>", "</b>", "&amp;"]
)  # fmt: skip


@settings(max_examples=60, deadline=None, database=None)
@given(pieces=st.lists(_PIECES, max_size=30))
def test_any_ruby_markup_gives_spans_inside_their_sentence(pieces):
    page = f"<html><body><article><p>{''.join(pieces)}</p><p>{FILLER}</p></article></body></html>"
    for lines in (html_article(page, "r.html", "r")[1], iter(html_to_text(page)[1].split("\n"))):
        for sentence in _sentences_of(Article("r.html", "r"), lines):
            assert not any(c in sentence.text for c in "⦃⦀⦄")
            for start, end, reading in sentence.ruby:
                assert 0 <= start < end <= len(sentence.text) and reading


@pytest.mark.parametrize(
    ("line", "read"),
    [
        ("- 気づかないうちにコミットしてしまった", "気づかないうちにコミットしてしまった"),
        ("* 設定ファイルを登録除外する", "設定ファイルを登録除外する"),  # a Markdown item: kept, unmarked
        ("・新工場を建設する。", "新工場を建設する。"),
        ("*本稿は翻訳である", None),  # a note (no space after *): skipped
        ("半導体-製造装置の需要", "半導体-製造装置の需要"),  # a hyphen inside a line stays
    ],
)
def test_list_markers_are_not_part_of_the_sentence(line, read):
    assert list(_article_lines([line])) == ([read] if read else [])
