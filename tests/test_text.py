"""tangocho.text: sentence splitting, normalisation, HTML text and encoding detection."""

from __future__ import annotations

import codecs

import pytest
from conftest import SEED

from tangocho.errors import BinaryInput
from tangocho.text import detect_encoding, has_japanese, html_to_text, load_text, normalise, split_sentences

# --------------------------------------------------------------------------------------- has_japanese


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("集積回路", True),
        ("ハイテク", True),
        ("ﾊｲﾃｸ", True),  # half-width kana
        ("かな", True),
        ("Wuxi 无锡", True),  # hanzi are in the kanji blocks
        ("\u3400", True),  # extension A
        ("\ufa00", True),  # compatibility ideographs
        ("々", False),  # the iteration marks alone are no Japanese (kana.is_kanji counts them)
        ("〆々", False),
        ("々集", True),
        ("AI 2020.", False),
        ("。、「」", False),  # punctuation alone
        ("", False),
    ],
)
def test_has_japanese(text, expected):
    assert has_japanese(text) is expected


# ------------------------------------------------------------------------------------ split_sentences


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # 。！？ end sentences
        (
            ["輸出入総額は増えた。経済指標も全市1位となった。"],
            ["輸出入総額は増えた。", "経済指標も全市1位となった。"],
        ),
        (["本当か？そうだ！次だ。"], ["本当か？", "そうだ！", "次だ。"]),
        (["本当に！？まさか!?"], ["本当に！？", "まさか!?"]),  # a run of enders stays together
        # a line break ends a sentence even without 。 (headlines, captions)
        (["第168号", "(写真:視覚中国)"], ["第168号", "(写真:視覚中国)"]),
        # a quote stays with its sentence …
        (["「二つの試練」に直面する。次の文。"], ["「二つの試練」に直面する。", "次の文。"]),
        # … also with 。 inside the quote
        (["彼は「無理だ。やめる。」と言った。次の文。"], ["彼は「無理だ。やめる。」と言った。", "次の文。"]),
        (
            ["『一企業一政策』の措置を講じ、「詰まり」を開通させる。"],
            ["『一企業一政策』の措置を講じ、「詰まり」を開通させる。"],
        ),
        (["売上高（前年比。速報値）は増えた。以上。"], ["売上高（前年比。速報値）は増えた。", "以上。"]),
        # a stray closing bracket (a quote opened on an earlier line) does not block later splits
        (["を解消した」と説明する。次の文。"], ["を解消した」と説明する。", "次の文。"]),
        # blank and whitespace-only lines are dropped, pieces are trimmed
        (["", "   ", "\u3000", "\t"], []),
        (["\u3000今年上半期、増加した。 ", ""], ["今年上半期、増加した。"]),
        (["。"], ["。"]),
        ([], []),
        # "." is not a Japanese sentence end: 854.65億元 stays whole
        (["854.65億元に達した。"], ["854.65億元に達した。"]),
        # a dateline opening a paragraph is no part of its first sentence; a line of it alone stays
        (["【名古屋】中堅物流の北辰は発表した。次の文。"], ["中堅物流の北辰は発表した。", "次の文。"]),
        (["【名古屋】"], ["【名古屋】"]),
        (["売上高は【前年比】で増えた。"], ["売上高は【前年比】で増えた。"]),  # inside a sentence: kept
    ],
)
def test_split_sentences(lines, expected):
    assert list(split_sentences(lines)) == expected


def test_split_sentences_is_lazy():
    def lines():
        yield "一文目。"
        raise AssertionError("read past the first line")

    assert next(split_sentences(lines())) == "一文目。"


def test_split_sentences_keeps_every_character_of_the_seed():
    lines = SEED.read_text(encoding="utf-8").splitlines()
    sentences = list(split_sentences(lines))
    assert len(sentences) > 50
    assert "".join("".join(sentences).split()) == "".join("".join(lines).split())
    assert all(s and s == s.strip(" \t\u3000") for s in sentences)


# ------------------------------------------------------------------------------------------ normalise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ﾊｲﾃｸ", "ハイテク"),
        ("ﾃﾞｰﾀ", "データ"),  # half-width voiced marks join their kana
        ("ﾌﾟﾗｯﾄﾌｫｰﾑ", "プラットフォーム"),
        ("ＡＩ２", "AI2"),
        ("ＩｏＴ", "IoT"),
        ("２０２０年９月", "2020年9月"),
        # full-width punctuation is ordinary Japanese typography and stays
        ("「（！？）」", "「（！？）」"),
        ("２％増。", "2％増。"),
        ("全角\u3000空白", "全角\u3000空白"),
        ("集積回路", "集積回路"),
        ("", ""),
    ],
)
def test_normalise(text, expected):
    assert normalise(text) == expected


def test_load_text_normalises_lines_and_finds_the_date():
    article, lines = load_text("ﾊｲﾃｸ産業\n2020年9月28日 記者\nＡＩ２の応用。", title="t")
    assert list(lines) == ["ハイテク産業", "2020年9月28日 記者", "AI2の応用。"]
    assert (article.title, article.date) == ("t", "2020-09-28")


# ----------------------------------------------------------------------------------------- html_to_text

PAGE = """<!doctype html>
<html><head>
  <title>
    無錫ハイテク区 | 科学技術
  </title>
  <style>p { color: red } /* 赤字 */</style>
  <script>var s = "スクリプト。";</script>
</head><body>
<nav><a href="/">トップ</a> メニュー</nav>
<header>サイト名</header>
<article>
  <h1>見出し</h1>
  <p>一段落目。<br/>改行後。</p>
  <ul><li>項目一</li><li>項目二</li></ul>
  <p>a &amp; b &lt;script&gt; 「引用」</p>
</article>
<aside>関連記事</aside>
<footer>フッター</footer>
<noscript>JSを有効に</noscript>
</body></html>"""


def test_html_to_text_title_and_visible_text():
    title, text = html_to_text(PAGE)
    assert title == "無錫ハイテク区 | 科学技術"  # whitespace collapsed
    lines = [line for line in text.split("\n") if line]
    assert lines == ["見出し", "一段落目。", "改行後。", "項目一", "項目二", "a & b <script> 「引用」"]


@pytest.mark.parametrize(
    "dropped", ["スクリプト", "color", "赤字", "トップ", "メニュー", "サイト名", "関連記事", "フッター", "JS"]
)
def test_html_to_text_drops_scripts_styles_and_navigation(dropped):
    _, text = html_to_text(PAGE)
    assert dropped not in text


def test_html_to_text_without_title():
    assert html_to_text("<p>本文です。</p>") == ("", "\n本文です。\n")


def test_html_to_text_ignores_svg_titles():
    # an icon's <svg><title> is not the page title
    title, _ = html_to_text("<title>記事</title><svg><title>アイコン</title></svg><p>本文。</p>")
    assert title == "記事"


# -------------------------------------------------------------------------------------- detect_encoding


def _seed_sample(min_chars: int, max_chars: int) -> str:
    """Consecutive seed sentences that every legacy Japanese encoding can represent."""
    picked: list[str] = []
    for sentence in split_sentences(SEED.read_text(encoding="utf-8").splitlines()):
        try:
            for encoding in ("cp932", "euc_jp", "iso2022_jp"):
                sentence.encode(encoding)
        except UnicodeEncodeError:
            continue
        if len(sentence) < 20 or len(sentence) > max_chars:
            continue
        picked.append(sentence)
        if sum(map(len, picked)) >= min_chars:
            break
    return "\n".join(picked)


SHORT = _seed_sample(150, 120)  # a few short sentences
# A long quoted paragraph of the seed (215 chars, 「…」と…は語る。): charset_normalizer alone rejected it
# as cp932 and as EUC-JP ("binary file") although it is plain Japanese.
QUOTE = next(
    s
    for s in split_sentences(SEED.read_text(encoding="utf-8").splitlines())
    if s.startswith("「企業の対外進出")
)
WHOLE = SEED.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),  # Python writes a BOM
        ("cp932", "cp932"),
        ("euc_jp", "euc_jp"),
        ("iso2022_jp", "iso2022_jp"),  # 7-bit: it would also pass for UTF-8
    ],
)
def test_detect_encoding_short_sample(encoding, expected):
    data = SHORT.encode(encoding)
    assert detect_encoding(data, "sample.txt") == expected
    assert codecs.decode(data, detect_encoding(data, "sample.txt")) == SHORT


@pytest.mark.parametrize(
    "encoding",
    [
        "utf-8",
        "utf-16",
        "cp932",
        "euc_jp",
        "iso2022_jp",
    ],
)
def test_detect_encoding_long_quoted_paragraph(encoding):
    data = QUOTE.encode(encoding)
    assert codecs.decode(data, detect_encoding(data, "quote.txt")) == QUOTE


@pytest.mark.parametrize("encoding", ["cp932", "euc_jp"])
def test_detect_encoding_whole_seed_cut_inside_a_character(encoding):
    # load() detects on the first 256 KiB: the sample may end inside a two-byte character.
    data = WHOLE.encode(encoding, errors="replace")
    for cut in (1001, 1002, 1003):
        assert detect_encoding(data[:cut], "seed.txt") == encoding


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02\x03PK\x03\x04" + bytes(range(256)),  # a binary blob
        "テキスト".encode() + b"\x00\x00",  # valid UTF-8 with NUL bytes
    ],
)
def test_detect_encoding_rejects_binary(data):
    with pytest.raises(BinaryInput, match=r"^blob\.bin: binary file"):
        detect_encoding(data, "blob.bin")


@pytest.mark.parametrize(
    ("line", "crumb", "title"),
    [
        ("トップ > 科学技術トピック > 第168号 > 見出し", True, "見出し"),
        ("トップ ＞ ニュース ＞ 半導体の新工場", True, "半導体の新工場"),  # full-width ＞ too
        ("ホーム » 経済 » 物流の人手不足", True, "物流の人手不足"),
        ("ホーム › 技術 › 蓄電池", True, "蓄電池"),
        ("売上高 > 前年 > 予想を上回った。", False, "売上高 > 前年 > 予想を上回った。"),  # a sentence
        ("半導体<b>投資</b> > 拡大 > 続く", False, "半導体<b>投資</b> > 拡大 > 続く"),  # markup
        ("A > B", False, "A > B"),  # two parts: a comparison, not a trail
    ],
)
def test_one_breadcrumb_rule_for_the_title_and_the_skipped_lines(line, crumb, title):
    from tangocho.text import _title_from_line, article_lines, is_breadcrumb

    assert is_breadcrumb(line) is crumb
    assert list(article_lines([line])) == ([] if crumb else [line])
    assert _title_from_line(line) == title


@pytest.mark.parametrize(
    ("lines", "title"),
    [
        (
            ["開発部 田中です。", "新しい決済システムの紹介", "本文です。"],
            "新しい決済システムの紹介",
        ),  # a byline
        (["広報担当の佐藤と申します。", "新製品の発表"], "新製品の発表"),
        (["第12号", "物流の人手不足"], "物流の人手不足"),
        (["工場の新設を発表です。"], "工場の新設を発表です。"),  # no space before です: no byline
    ],
)
def test_the_title_is_the_first_line_that_reads_like_a_headline(lines, title):
    from tangocho.text import _first_title

    assert _first_title(lines) == title
