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
        ("半導体の生産が回復した。", 0),  # a full clause
        ("売上高は前年比で2割増えています。", 0),
        ("業績は好調だ", 0),
        ("不安定な値動きが続く金融市場。", 1),  # ends on a noun (体言止め)
        ("今後の展望と課題", 2),  # a heading
        ("シークレット漏洩を初心者でも分かりやすく解説", 2),
        ("(唐山=新華社記者/牟宇)", 3),  # a photo credit
        ("(写真:視覚中国)", 3),
        ("写真：共同", 3),
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
        "誘致の現状。",
    ]
    for text in texts:
        tally.add(Occurrence(Sentence(text, (), A, 0), 0, 1), "ゆうち")
    assert [o.sentence.text for o in tally.examples] == [
        "企業誘致を進めた。",
        "誘致が成功した。",
        "誘致の現状。",
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
