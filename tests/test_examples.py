"""tangocho.examples: which sentences make good examples."""

from __future__ import annotations

import pytest

from tangocho.examples import example_rank
from tangocho.models import Article, Occurrence, Sentence
from tangocho.select import _Tally

A = Article("t.txt", "t")


@pytest.mark.parametrize(
    ("text", "rank"),
    [
        # 0: ends on a predicate — a verb, an adjective, an auxiliary, a final particle
        ("半導体の生産が回復した。", 0),
        ("売上高は前年比で2割増えています。", 0),
        ("業績は好調だ", 0),
        ("新しい工場は使いやすい。", 0),  # やすい: an adjective suffix
        ("株価は上がるのか?", 0),
        ("「我々は撤退しない。」", 0),  # the quote's own end
        ("今期の利益予想は、前期に続き過去最高を見込む。", 0),
        # 1: a news sentence that leaves its copula or verb out
        ("倉庫会社の取扱量は前年比で3割増。", 1),  # a topic は and a noun
        ("県内の電機大手が新型電池の量産を発表。", 1),  # a verbal noun after its を
        ("社長は増資の可能性に言及。", 1),
        ("午後は売りが膨らみ、全面安の展開に。", 1),  # a final particle
        ("新しい電池の仕組みについて。", 1),  # an open clause
        ("工場の稼働を早める方針。", 1),  # a clause and the noun it ends on
        ("安全に運用できるようになること。", 1),
        ("純利益は120億円(前期比8.1%増)。", 1),  # a final parenthesis is no end
        ("製造業が最も多く120件。", 1),  # a figure is the predicate
        ("(設定を変えてそのまま保存してしまった)", 0),  # a parenthesis is judged by its inside
        # 2: a heading — no 。 and no predicate, or a noun phrase with 。
        ("今後の展望と課題", 2),
        ("新工場で次世代電池の量産を本格化", 2),  # a verbal noun ends a subhead
        ("人材を呼び込み、地域経済の成長を加速", 2),
        ("荒い値動きが続く外国為替市場。", 2),  # a noun phrase: the clause modifies a compound
        ("次世代の電池や車に不可欠な素材。", 2),  # the attributive な makes a noun phrase, no clause
        # 3: a credit line, a label of nouns, a byline
        ("(唐山=新華社記者/牟宇)", 3),  # a photo credit
        ("(写真:視覚中国)", 3),
        ("写真：共同", 3),
        ("大阪証券取引所。", 3),  # nouns only: a photo caption
        ("日本電産 永守重信会長", 3),  # a speaker's name and title
        ("営業企画部 佐藤です。", 3),  # a self-introduction byline
    ],
)
def test_example_rank(text, rank):
    assert example_rank(text) == rank


def test_tally_keeps_the_best_sentences_best_first():
    tally = _Tally(word="誘致", entry_ids=())
    texts = [
        "(写真=誘致担当記者/山田)",
        "誘致の課題",
        "企業誘致を進めた。",
        "誘致が成功した。",
        "誘致は順調。",
    ]
    for text in texts:
        tally.add(Occurrence(Sentence(text, (), A, 0), 0, 1), "ゆうち")
    assert [o.sentence.text for o in tally.examples] == [
        "企業誘致を進めた。",
        "誘致が成功した。",
        "誘致は順調。",
    ]
    assert tally.count == 5


@pytest.mark.parametrize(
    ("text", "title", "key"),
    [
        ("半導体の生産が回復した。", "", (0, 0)),
        # a headline: phrases strung with spaces, no 。
        ("日経平均 大幅に下落して取引終える 円高で業績期待しぼむ", "", (2, 0)),
        # the article's title line is a heading whatever its grammar
        ("蓄電池の導入に補助金、出力制御に備える", "蓄電池の導入に補助金、出力制御に備える", (2, 0)),
        ("蓄電池の導入に補助金、出力制御に備える", "別の題", (1, 0)),  # no 。: after real sentences
        # a sentence too long to show whole: after one of the same rank that fits
        ("半導体" + "、製造装置" * 20 + "の生産が回復した。", "", (0, 1)),
        ("AI 時代の半導体は伸びた。", "", (0, 0)),  # a space before a final 。 is no headline
    ],
)
def test_example_key(text, title, key):
    from tangocho.examples import example_key

    assert example_key(text, title) == key


def test_a_sentence_shown_whole_beats_one_cut_and_the_title_line_is_last():
    title = "誘致の成果 企業が集まる"
    article = Article("t.txt", title)
    tally = _Tally(word="誘致", entry_ids=())
    long = "企業誘致を進めた結果" + "、新しい工場" * 20 + "が完成した。"
    for text in (title, long, "誘致が成功した。"):
        tally.add(Occurrence(Sentence(text, (), article, 0), 0, 1), "ゆうち")
    assert [o.sentence.text for o in tally.examples] == ["誘致が成功した。", long, title]


# ---------------------------------------------------------------- arranging each card's sentences


def _occ(text: str, word: str, article: Article = A):
    from tangocho.tokenize import tokenize

    tokens = tokenize(text)
    a = text.index(word)
    first = next(k for k, t in enumerate(tokens) if t.start == a)
    last = next(k + 1 for k, t in enumerate(tokens) if t.end == a + len(word))
    return Occurrence(Sentence(text, tokens, article, 0), first, last)


def _card(word: str, *texts: str):
    from tangocho.models import Candidate

    return Candidate(f"form:{word}", word, "", None, 1, 1.0, (), tuple(_occ(t, word) for t in texts))


@pytest.mark.parametrize(
    ("text", "word", "inside"),
    [
        ("大阪府堺市臨海工業開発区の企業が増えた。", "工業", True),  # a proper noun's run goes on after it
        ("トヨタ自動車広報部が方針を決めた。", "広報", True),
        ("大阪の工業は回復した。", "工業", False),
        ("東京株式市場で株価が上がった。", "株式市場", False),  # the place before a term: the term ends it
        ("米国雇用統計次第では円高が進む。", "雇用統計", False),  # 次第 ends the run
    ],
)
def test_the_word_inside_a_name(text, word, inside):
    from tangocho.examples import inside_name

    assert inside_name(_occ(text, word)) is inside


def test_the_word_inside_a_longer_card_word_is_no_word_in_use():
    from tangocho.examples import inside_name

    assert inside_name(_occ("新興産業の育成を急ぐ。", "産業"), ["新興産業"])
    assert not inside_name(_occ("産業の育成を急ぐ。", "産業"), ["新興産業"])
    assert not inside_name(_occ("物価高騰が続く。", "物価"), ["物価高"])  # 物価|高騰: no 物価高 in it


def test_the_word_is_marked_where_it_stands_on_its_own():
    from tangocho.examples import arrange

    (card,) = arrange([_card("工業", "大阪府堺市臨海工業開発区では工業の生産が回復した。")])
    o = card.examples[0]
    assert o.sentence.tokens[o.first].start == o.sentence.text.index("工業の")


def test_arrange_prefers_the_word_on_its_own_and_a_sentence_no_earlier_card_shows():
    from tangocho.examples import arrange

    shared = "売上高と営業利益がともに過去最高を更新した。"
    cards = arrange(
        [
            _card("売上高", shared, "売上高は3年ぶりに減った。"),
            _card("営業利益", shared, "営業利益は前年を上回った。"),
            _card("工業", "臨海工業地帯の工場が止まった。", "工業の生産が回復した。"),
            _card("臨海工業", "臨海工業地帯の工場が止まった。"),
        ]
    )
    assert [c.examples[0].sentence.text for c in cards] == [
        shared,  # the first card keeps its best
        "営業利益は前年を上回った。",  # the next one gets a sentence of its own, as good
        "工業の生産が回復した。",  # 工業 on its own, not inside 臨海工業
        "臨海工業地帯の工場が止まった。",
    ]


def test_a_heading_is_shown_only_when_the_word_has_nothing_else():
    from tangocho.examples import arrange

    heading, caption = "新工場で次世代電池の量産を本格化", "大阪証券取引所。"
    one, two = arrange([_card("量産", heading, "来年から量産を始める。"), _card("証券取引所", caption)])
    assert [o.sentence.text for o in one.examples] == [
        "来年から量産を始める。"
    ]  # no heading in MoreSentences
    assert [o.sentence.text for o in two.examples] == [caption]


def test_a_word_with_headings_only_takes_a_sentence_that_holds_it_inside_a_longer_word():
    from tangocho.examples import arrange

    heading, body = "■決算の見通し", "大和自動車が発表した連結決算は増益だった。"
    settled, consolidated, alone = arrange(
        [
            _card("決算", heading),
            _card("連結決算", body),
            _card("証券取引所", "大阪証券取引所。"),  # no sentence of the text holds it: the caption stays
        ]
    )
    o = settled.examples[0]
    assert o.sentence.text == body and o.surface == "決算"
    assert [e.sentence.text for e in settled.examples] == [body]  # the heading no longer shown
    assert consolidated.examples[0].sentence.text == body
    assert alone.examples[0].sentence.text == "大阪証券取引所。"


def test_a_long_quote_the_word_is_not_in_is_cut_to_its_first_words():
    from tangocho.examples import elide_quotes

    text = (
        "「国内の工場を再編し、生産の効率を大きく高めた。海外の拠点でも同じ取り組みを進め、部品の調達網も"
        "見直した。来年度には新しい製品を市場に投入し、売上を伸ばしていきたい」と山田社長は本社で開いた"
        "決算会見で述べた。"
    )
    o = elide_quotes(_occ(text, "決算"))
    assert o.sentence.text == "「国内の工場を再編し、…」と山田社長は本社で開いた決算会見で述べた。"
    assert o.surface == "決算"
    short = "「工場を再編した」と社長は決算会見で述べた。"
    assert elide_quotes(_occ(short, "決算")).sentence.text == short  # short: as it is


@pytest.mark.parametrize(
    ("texts", "included", "only"),
    [
        (("国内生産 補助金で工場建設を後押し",), False, True),  # the title line is its one sentence
        (("国内生産 補助金で工場建設を後押し", "補助金の交付が決まった。"), False, False),  # the body too
        (("国内生産 補助金で工場建設を後押し",), True, False),  # the include list names it
        (("国が補助金で工場建設を後押しする。",), False, False),  # a title that is a sentence
        # phrases strung with spaces: a headline, though its last phrase ends on a verb
        (("補助金の交付が決まる　工場建設を急ぐ",), False, True),
    ],
)
def test_a_word_only_the_title_uses_is_no_card(texts, included, only):
    from dataclasses import replace

    from tangocho.examples import title_only

    article = Article("t.txt", texts[0])
    card = replace(
        _card("補助金"), examples=tuple(_occ(t, "補助金", article) for t in texts), included=included
    )
    assert title_only(card) is only


@pytest.mark.parametrize(
    ("texts", "marked"),
    [
        (("■補助金の交付が決まる",), True),  # a subheading's bullet
        (("補助金で建てた新工場＝5日、静岡県浜松市",), True),  # a photo caption's "＝ date, place"
        (("補助金の交付を推進",), False),  # a headline-like line the text does not mark: last resort
        (("■補助金の交付が決まる", "国の補助金が決まった。"), False),  # a sentence of its own too
        (("1ドル＝150円の補助金が出た。",), False),  # ＝ inside a sentence
    ],
)
def test_a_word_only_in_marked_subheadings_and_captions(texts, marked):
    from dataclasses import replace

    from tangocho.examples import marked_only

    card = replace(_card("補助金"), examples=tuple(_occ(t, "補助金") for t in texts))
    assert marked_only(card) is marked


def test_a_word_of_a_subheading_a_longer_word_holds_in_a_sentence_is_kept():
    from tangocho.examples import marked_only

    settled = _card("決算", "■決算の見通し")
    consolidated = _card("連結決算", "大和自動車が発表した連結決算は増益だった。")
    assert marked_only(settled)  # alone
    assert not marked_only(settled, [settled, consolidated])  # arrange borrows the sentence


def test_another_card_s_subheading_is_no_sentence_to_borrow():
    from tangocho.examples import marked_only

    # 反動's example is the same ■ line: a heading whatever card holds it
    lingering = _card("尾を引く", "■コロナ特需の反動、いまだ尾を引く")
    backlash = _card("反動", "■コロナ特需の反動、いまだ尾を引く")
    assert marked_only(lingering, [lingering, backlash])
