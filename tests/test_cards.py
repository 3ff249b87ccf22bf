"""pipeline.make_cards: what the pipeline works out for render (part meanings, sense context)."""

from __future__ import annotations

from tangocho.dictionary import FakeDictionary
from tangocho.models import Article, Candidate, Entry, Form, Occurrence, Sense, Sentence
from tangocho.pipeline import _part_meanings
from tangocho.tokenize import tokenize

NOUN = "noun (common) (futsuumeishi)"
N_SUF = "noun, used as a suffix"


def _compound(word: str, parts) -> Candidate:
    s = Sentence(word + "を整備する。", tokenize(word + "を整備する。"), Article("t.txt", "t"), 0)
    return Candidate(
        key=f"compound:{word}",
        word=word,
        reading="",
        entry=None,
        count=2,
        score=1.0,
        reasons=(),
        examples=(Occurrence(s, 0, 1),),
        parts=parts,
    )


DICT = FakeDictionary(
    [
        Entry(1, (Form("用"),), (Form("よう"),), (
            Sense(("task", "business"), (NOUN,)),
            Sense(("use",), (NOUN,)),
            Sense(("for the use of ...",), (N_SUF,)),
        )),
        Entry(2, (Form("人手不足"),), (Form("ひとでぶそく"),), (Sense(("labour shortage",), (NOUN,)),)),
        Entry(3, (Form("株"),), (Form("かぶ"),), tuple(
            [Sense(("stock", "share"), (NOUN,))] + [Sense((f"s{k}",), (NOUN,)) for k in range(4)]
            + [Sense(("goodwill",), (NOUN, N_SUF))]
        )),
    ]
)  # fmt: skip


def test_a_single_kanji_part_takes_its_suffix_sense():
    c = _compound("系統用蓄電池", (("系統", "けいとう", ("system",)), ("用", "よう", ("task", "business"))))
    assert _part_meanings([c], DICT)[c.key].parts[1] == ("用", "よう", ("for the use of ...",))


def test_only_a_common_suffix_sense():
    # 株 "stock", not its sixth sense "goodwill" (which JMdict marks as a suffix)
    c = _compound("銀行株", (("銀行", "ぎんこう", ("bank",)), ("株", "かぶ", ("stock", "share"))))
    assert _part_meanings([c], DICT)[c.key].parts[1][2] == ("stock", "share")


def test_a_part_is_read_as_jmdict_reads_it():
    # the tokenizer heard 人手|不足 ひとで|ふそく; JMdict says ひとでぶそく (rendaku)
    c = _compound(
        "人手不足倒産", (("人手不足", "ひとでふそく", ("labour shortage",)), ("倒産", "とうさん", ()))
    )
    assert _part_meanings([c], DICT)[c.key].parts[0][1] == "ひとでぶそく"
