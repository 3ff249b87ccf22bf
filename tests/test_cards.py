"""pipeline.make_cards: what the pipeline works out for render (part meanings, sense context)."""

from __future__ import annotations

from tangocho.dictionary import FakeDictionary
from tangocho.models import Article, Candidate, Entry, Form, Occurrence, Sense, Sentence
from tangocho.pipeline import _part_meanings, _partner_forms
from tangocho.render import SenseContext
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


RAISE_DICT = FakeDictionary(
    [
        Entry(10, (Form("経営"),), (Form("けいえい"),), (Sense(("management",), (NOUN,)),)),
        Entry(11, (Form("幹部"),), (Form("かんぶ"),), (Sense(("management", "(executive) staff"), (NOUN,)),)),
        Entry(12, (Form("引き上げ"),), (Form("ひきあげ"),), (
            Sense(("pulling up", "salvage"), (NOUN,)),
            Sense(("raising", "increase"), (NOUN,)),
        )),
        Entry(13, (Form("発電"),), (Form("はつでん"),), (Sense(("generation (e.g. power)",), (NOUN,)),)),
        Entry(14, (Form("事業者"),), (Form("じぎょうしゃ"),), (
            Sense(("business person",), (NOUN,)),
            Sense(("operator", "carrier (telecommunications, transport, etc.)"), (NOUN,)),
        )),
    ]
)  # fmt: skip


def test_a_part_takes_its_sense_in_context():
    # 最低賃金|引き上げ in a wage report (its close kin 賃上げ "wage increase", 上げ in both): "raising"
    c = _compound("賃金引き上げ", (("賃金", "ちんぎん", ("wages",)), ("引き上げ", "ひきあげ", ())))
    contexts = {f"{c.key}#1": SenseContext(close=frozenset({"wage", "increase"}))}
    assert _part_meanings([c], RAISE_DICT, contexts)[c.key].parts[1][2][0] == "raising"
    assert _part_meanings([c], RAISE_DICT)[c.key].parts[1][2][0] == "pulling up"


def test_a_part_before_is_the_partner_of_the_next():
    # 発電|事業者: a power producer is an operator (kinds of utility), not a "business person"
    c = _compound("発電事業者", (("発電", "はつでん", ()), ("事業者", "じぎょうしゃ", ())))
    contexts = {f"{c.key}#{k}": SenseContext() for k in range(2)}
    assert _part_meanings([c], RAISE_DICT, contexts)[c.key].parts[1][2][0] == "operator"


def test_a_gloss_another_part_has_gives_way():
    c = _compound("経営幹部", (("経営", "けいえい", ()), ("幹部", "かんぶ", ())))
    assert _part_meanings([c], RAISE_DICT)[c.key].parts[1][2] == ("(executive) staff",)


def test_a_part_shows_its_gloss_that_names_the_business_world():
    # 登録|資本: "capital", not "funds"; 経営 keeps "management" ("running (business)" names it only
    # in parentheses)
    d = FakeDictionary(
        [
            Entry(20, (Form("資本"),), (Form("しほん"),), (Sense(("funds", "capital"), (NOUN,)),)),
            Entry(
                21,
                (Form("経営"),),
                (Form("けいえい"),),
                (Sense(("management", "running (business)"), (NOUN,)),),
            ),
        ]
    )
    c = _compound("経営資本", (("経営", "けいえい", ()), ("資本", "しほん", ())))
    parts = _part_meanings([c], d)[c.key].parts
    assert [p[2][0] for p in parts] == ["management", "capital"]


def test_a_single_kanji_part_without_an_affix_sense_takes_its_sense_in_context():
    # 開発|区 beside 地区 "district; section": "district", not "ward"
    d = FakeDictionary(
        [
            Entry(30, (Form("区"),), (Form("く"),), (
                Sense(("ward", "borough"), (NOUN,)),
                Sense(("district (e.g. electoral)", "section"), (NOUN,)),
            )),
        ]
    )  # fmt: skip
    c = _compound("開発区", (("開発", "かいはつ", ("development",)), ("区", "く", ())))
    contexts = {f"{c.key}#1": SenseContext(kin=(frozenset({"district"}), frozenset({"section", "sector"})))}
    assert _part_meanings([c], d, contexts)[c.key].parts[1][2][0] == "district"
    assert _part_meanings([c], d)[c.key].parts[1][2][0] == "ward"


def test_a_single_kanji_part_is_not_moved_by_the_business_gloss_alone():
    # 回路線|幅 stays "width": "gap; difference (e.g. in price)" names a price, not the article's words
    d = FakeDictionary(
        [
            Entry(31, (Form("幅"),), (Form("はば"),), (
                Sense(("width", "breadth"), (NOUN,)),
                Sense(("gap", "difference (e.g. in price)"), (NOUN,)),
            )),
        ]
    )  # fmt: skip
    c = _compound("線幅", (("線", "せん", ("line",)), ("幅", "はば", ())))
    contexts = {f"{c.key}#{k}": SenseContext() for k in range(2)}
    assert _part_meanings([c], d, contexts)[c.key].parts[1][2][0] == "width"


def _noun(word: str, text: str) -> Candidate:
    tokens = tokenize(text)
    at = next(k for k, t in enumerate(tokens) if t.surface == word)
    s = Sentence(text, tokens, Article("t.txt", "t"), 0)
    return Candidate(
        f"jmdict:1:{word}",
        word,
        "",
        None,
        1,
        1.0,
        (),
        (Occurrence(s, at, at + 1),),
        token_pos="noun/suru-verb",
    )


def test_the_object_of_a_noun_used_as_a_verb_is_its_partner_a_counter_is_not():
    # 新型車|を|投入する: the object says what is launched; 5万3626|局|を|設置: 局 counts the stations
    assert _partner_forms(_noun("投入", "来年、新型車を投入する。"))[0] == "新型車"
    assert _partner_forms(_noun("設置", "約5万3626局を設置する。")) == []
    assert _partner_forms(_noun("投入", "新型車の投入を急ぐ。"))[0] == "新型車"
