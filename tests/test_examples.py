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
        # 2: a heading — no 。 and no predicate, or a noun phrase with 。
        ("今後の展望と課題", 2),
        ("新工場で次世代電池の量産を本格化", 2),  # a verbal noun ends a subhead
        ("人材を呼び込み、地域経済の成長を加速", 2),
        ("荒い値動きが続く外国為替市場。", 2),  # a noun phrase: the clause modifies a compound
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
