"""Compounds JMdict lacks: the breakdown a card shows (MainDefinition), or no card at all.

Each row is a compound of words written for this test (FakeDictionary), with the parts the tokenizer's
units gave it (what select.py passes on) and the reading the tokenizer heard; the expected text is the
card's MainDefinition as plain text, or None where the card is not made (a wrong card costs a learner
more than a missing one). Each row fails without the rule named in its comment.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

import pytest

from tangocho.dictionary import FakeDictionary
from tangocho.models import Article, Candidate, Entry, Form, Kanji, Name, Occurrence, Sense, Sentence
from tangocho.pipeline import NOT_CARDED, Selection, left_out, make_cards, resolve_compounds
from tangocho.tokenize import tokenize

NOUN = "noun (common) (futsuumeishi)"
PRENOMINAL = "noun or verb acting prenominally"
SUFFIX = "noun, used as a suffix"
ABBR = "abbreviation"


def _entry(i: int, form: str, kana: str, *senses: tuple) -> Entry:
    kanji = (Form(form),) if form != kana else ()
    return Entry(
        i, kanji, (Form(kana),), tuple(Sense(glosses, (pos,), misc=misc) for glosses, pos, misc in senses)
    )


DICT = FakeDictionary(
    [
        _entry(1, "データ", "データ", (("data",), NOUN, ())),
        _entry(2, "レイク", "レイク", (("lake",), NOUN, ())),
        _entry(3, "ラン", "ラン", (("run",), NOUN, ())),
        _entry(4, "キング", "キング", (("king",), NOUN, ())),
        _entry(5, "スーパー", "スーパー", (("supermarket",), NOUN, (ABBR,)), (("super",), PRENOMINAL, ())),
        _entry(6, "アプリ", "アプリ", (("app",), NOUN, ())),
        _entry(7, "ケーブル", "ケーブル", (("cable",), NOUN, ())),
        _entry(8, "レス", "レス", (("response",), NOUN, (ABBR,)), (("-less",), SUFFIX, ())),
        _entry(9, "ブルー", "ブルー", (("blue",), NOUN, ())),
        _entry(10, "バンク", "バンク", (("bank",), NOUN, ())),
        _entry(11, "物流", "ぶつりゅう", (("distribution (of goods)",), NOUN, ())),
        _entry(12, "倉庫", "そうこ", (("warehouse",), NOUN, ())),
        _entry(13, "群", "ぐん", (("group",), SUFFIX, ())),
        _entry(14, "給配", "きゅうはい", (("supply and distribution",), NOUN, ())),
        _entry(15, "電", "いなずま", (("lightning",), NOUN, ())),
        _entry(16, "工業用", "こうぎょうよう", (("industrial use",), NOUN, ())),
        _entry(17, "地", "ち", (("earth",), NOUN, ())),
        _entry(18, "工業", "こうぎょう", (("industry",), NOUN, ())),
        _entry(19, "用地", "ようち", (("site",), NOUN, ())),
        _entry(20, "科", "か", (("department",), NOUN, ())),
        _entry(21, "技", "ぎ", (("technique",), NOUN, ())),
        _entry(22, "企業", "きぎょう", (("enterprise",), NOUN, ())),
        _entry(23, "需給", "じゅきゅう", (("supply and demand",), NOUN, ())),
        _entry(24, "電網", "でんもう", (("Internet",), NOUN, ("jocular, humorous term", "obscure term"))),
        _entry(25, "親子", "おやこ", (("parent and child",), NOUN, ())),
        _entry(26, "会社", "かいしゃ", (("company",), NOUN, ())),
        _entry(27, "青空", "あおぞら", (("blue sky",), NOUN, ())),
        _entry(28, "銀行", "ぎんこう", (("bank",), NOUN, ())),
        _entry(29, "食料", "しょくりょう", (("food",), NOUN, ())),
        _entry(30, "食料安全", "しょくりょうあんぜん", (("food safety",), NOUN, ())),
        _entry(31, "保障", "ほしょう", (("guarantee",), NOUN, ())),
        _entry(32, "安全保障", "あんぜんほしょう", (("security",), NOUN, ())),
        _entry(33, "産出", "さんしゅつ", (("production",), NOUN, ())),
        _entry(34, "産", "さん", (("birth",), NOUN, ())),
        _entry(35, "出国", "しゅっこく", (("departure from a country",), NOUN, ())),
        _entry(36, "国", "くに", (("country",), NOUN, ())),
        _entry(37, "再保険", "さいほけん", (("reinsurance",), NOUN, ())),
        _entry(38, "料", "りょう", (("fee",), SUFFIX, ())),
        _entry(39, "再", "さい", (("re-",), "prefix", ())),
        _entry(40, "保険料", "ほけんりょう", (("insurance premium",), NOUN, ())),
        _entry(41, "五", "ご", (("five",), "numeric", ())),
        _entry(42, "御", "ご", (("honorific prefix",), "prefix", ())),
        _entry(43, "祝儀", "しゅうぎ", (("celebration",), NOUN, ())),
        _entry(44, "宮内", "くない", (("inside the Imperial Palace",), NOUN, ())),
        _entry(45, "社長", "しゃちょう", (("company president",), NOUN, ())),
    ],
    zipf={
        "食料": 4.19,
        "保障": 4.52,
        "安全保障": 4.6,
        "産出": 3.4,
        "産": 4.0,
        "出国": 3.9,
        "国": 5.9,
        "再": 5.1,
    },
    names=[
        Name("ブルーバンク", "ブルーバンク", ("company",), ("Blue Bank (bank)",)),
        Name("青空銀行", "あおぞらぎんこう", ("company",), ("Aozora Bank",)),
    ],
)


def _candidate(word: str, heard: str, parts: tuple[str, ...]) -> Candidate:
    text = word + "を整備する。"
    tokens = tokenize(text)
    last = next(k for k, t in enumerate(tokens) if t.end >= len(word)) + 1
    sentence = Sentence(text, tokens, Article("t.txt", "t"), 0)
    return Candidate(
        key=f"compound:{word}:{heard}",
        word=word,
        reading=heard,
        entry=None,
        count=2,
        score=30.0,
        reasons=("compound not in JMdict",),
        examples=(Occurrence(sentence, 0, last),),
        # what select.py gives: each unit with the tokenizer's reading and its first gloss
        parts=tuple((p, "", ()) for p in parts),
        heard=heard,
    )


def _meaning(c: Candidate) -> str | None:
    cards = make_cards(Selection((c.examples[0].sentence.article,), (c,), 1, 1), DICT)
    if not cards:
        return None
    return html.unescape(re.sub(r"<[^>]*>", "", cards[0].fields["MainDefinition"]))


@pytest.mark.parametrize(
    ("word", "heard", "parts", "expected"),
    [
        # two loans JMdict has are the breakdown of the katakana compound (no longer "not in the
        # dictionary")
        ("データレイク", "データレイク", ("データ", "レイク"), "データ data · レイク lake"),
        # one loan the tokenizer holds as one word is never cut into pieces ("run · king")
        ("ランキング", "ランキング", ("ラン", "キング"), None),
        # a katakana part in first place takes its prefix/prenominal sense, not the abbreviation
        ("スーパーアプリ", "スーパーアプリ", ("スーパー", "アプリ"), "スーパー super · アプリ app"),
        # …and in last place its suffix sense
        ("ケーブルレス", "ケーブルレス", ("ケーブル", "レス"), "ケーブル cable · レス -less"),
        # a name JMnedict has is not glossed from its pieces ("blue · bank")
        ("ブルーバンク", "ブルーバンク", ("ブルー", "バンク"), None),
        # …nor one written in kanji ("blue sky · bank")
        ("青空銀行", "あおぞらぎんこう", ("青空", "銀行"), None),
        # a part JMdict lacks is broken down into the words it is made of (not "物流倉庫 ?")
        (
            "物流倉庫群",
            "ぶつりゅうそうこぐん",
            ("物流倉庫", "群"),
            "物流 ぶつりゅう distribution (of goods) · 倉庫 そうこ warehouse · 群 ぐん group",
        ),
        # the parts' readings must join to the compound's: 電 is いなずま, not the でん heard
        ("給配電", "きゅうはいでん", ("給配電",), None),
        # the fewest parts, a single kanji costing three: 工業|用地, not 工業用|地
        ("工業用地", "こうぎょうようち", ("工業用", "地"), "工業 こうぎょう industry · 用地 ようち site"),
        # two single kanji side by side are no breakdown ("department · technique")
        ("科技企業", "かぎきぎょう", ("科", "技", "企業"), None),
        # an entry of jocular or obscure senses only is no part ("電網 Internet")
        ("需給電網", "じゅきゅうでんもう", ("需給", "電網"), None),
        # of cuts of as many parts, the commoner words: 食料|安全保障, not 食料安全 "food safety" | 保障
        (
            "食料安全保障",
            "しょくりょうあんぜんほしょう",
            ("食料安全", "保障"),
            "食料 しょくりょう food · 安全保障 あんぜんほしょう security",
        ),
        # a token that is a JMdict word is not cut: 産出|国 is no 産 "birth" + 出国 (and 国 is くに, not
        # the こく heard: no breakdown)
        ("産出国", "さんしゅつこく", ("産出", "国"), None),
        # a head's title after a word makes a name and its title, no term ("inside the Imperial Palace ·
        # company president" for 宮内社長, the president Miyauchi)
        ("宮内社長", "くないしゃちょう", ("宮内", "社長"), None),
        # a kana word a compound begins with is its prefix: ご|祝儀 is 御 "honorific", not 五 "five"
        ("ご祝儀", "ごしゅうぎ", ("ご", "祝儀"), "ご honorific prefix · 祝儀 しゅうぎ celebration"),
        # … and one kanji's frequency is no word's: 再保険|料 stays, not 再 (5.1) | 保険料
        ("再保険料", "さいほけんりょう", ("再保険", "料"), "再保険 さいほけん reinsurance · 料 りょう fee"),
        # rendaku at a join is heard, not a different word: 会社 かいしゃ ~ がいしゃ
        (
            "親子会社",
            "おやこがいしゃ",
            ("親子", "会社"),
            "親子 おやこ parent and child · 会社 かいしゃ company",
        ),
    ],
)
def test_breakdown_or_no_card(word, heard, parts, expected):
    assert _meaning(_candidate(word, heard, parts)) == expected


def test_words_says_why_a_compound_is_not_carded():
    (c,) = resolve_compounds([_candidate("給配電", "きゅうはいでん", ("給配電",))], DICT)
    assert left_out(c)
    assert c.reasons[-1] == NOT_CARDED + "no breakdown into JMdict words read きゅうはいでん"
    (named,) = resolve_compounds([_candidate("ブルーバンク", "ブルーバンク", ("ブルー", "バンク"))], DICT)
    assert named.reasons[-1] == NOT_CARDED + "a name (Blue Bank (bank)), not glossed from its pieces"


def test_a_loan_inside_a_part_stays_katakana_in_the_reading():
    # select joins 管理システム|会社 as かんりしすてむかいしゃ; JMdict writes the part かんりシステム
    d = FakeDictionary(
        [
            _entry(30, "管理システム", "かんりシステム", (("management system",), NOUN, ())),
            _entry(31, "会社", "かいしゃ", (("company",), NOUN, ())),
        ]
    )
    c = _candidate("管理システム会社", "かんりしすてむがいしゃ", ())
    c = replace(
        c,
        reading="かんりしすてむかいしゃ",
        parts=(
            ("管理システム", "かんりシステム", ("management system",)),
            ("会社", "かいしゃ", ("company",)),
        ),
    )
    (resolved,) = resolve_compounds([c], d)
    assert resolved.reading == "かんりシステムかいしゃ"


def _card(c: Candidate, d: FakeDictionary) -> dict[str, str]:
    (card,) = make_cards(Selection((c.examples[0].sentence.article,), (c,), 1, 1), d)
    return card.fields


def test_a_new_compound_is_carded_with_the_rendaku_its_sentence_has():
    # JMdict's compounds ending in 不足 voice it (written for this test): 在庫|不足 ざいこぶそく on the
    # card, in `tangocho words` (resolve_compounds) and in the sentence alike; the part keeps its own ふそく
    d = FakeDictionary(
        [
            _entry(40, "在庫", "ざいこ", (("stock",), NOUN, ())),
            _entry(41, "不足", "ふそく", (("shortage",), NOUN, ())),
            *(
                _entry(42 + k, f, r, (("x",), NOUN, ()))
                for k, (f, r) in enumerate(
                    [
                        ("寝不足", "ねぶそく"),
                        ("水不足", "みずぶそく"),
                        ("人手不足", "ひとでぶそく"),
                        ("資金不足", "しきんぶそく"),
                        ("睡眠不足", "すいみんぶそく"),
                    ]
                )  # fmt: skip
            ),
        ]
    )
    c = _candidate("在庫不足", "ざいこふそく", ("在庫", "不足"))
    (resolved,) = resolve_compounds([c], d)
    assert resolved.reading == "ざいこぶそく"
    fields = _card(c, d)
    assert fields["ExpressionReading"] == "ざいこぶそく"
    assert "不足[ぶそく]" in fields["SentenceFurigana"]
    assert "不足 ふそく shortage" in html.unescape(re.sub(r"<[^>]*>", "", fields["MainDefinition"]))


def test_a_part_heard_voiced_stays_voiced_in_the_compound_reading():
    # 親子|会社 heard おやこがいしゃ: the breakdown shows 会社 かいしゃ, the compound keeps がいしゃ
    (c,) = resolve_compounds([_candidate("親子会社", "おやこがいしゃ", ("親子", "会社"))], DICT)
    assert (c.reading, c.parts[1][1]) == ("おやこがいしゃ", "かいしゃ")


def test_a_compound_card_keeps_the_reading_its_sentence_gives_it():
    # 後|年度|負担: the tokenizer's 後 ご "after"; the sentence reads it as the prefix of 後年 こうねん
    # (reading._prefix_reading), and so does the card, breakdown and all
    d = FakeDictionary(
        [
            _entry(50, "後", "ご", (("after",), NOUN, ())),
            _entry(51, "後年", "こうねん", (("later years",), NOUN, ())),
            _entry(52, "年度", "ねんど", (("fiscal year",), NOUN, ())),
            _entry(53, "負担", "ふたん", (("burden",), NOUN, ())),
        ],
        kanji=[Kanji("後", ("behind",), ("ゴ", "コウ"), ())],
    )
    c = _candidate("後年度負担", "ごねんどふたん", ("後", "年度", "負担"))
    assert _card(c, d)["ExpressionReading"] == "こうねんどふたん"


def test_not_carded_is_a_field_not_a_reason_text():
    c = _candidate("給配電", "きゅうはいでん", ("給配電",))
    assert not left_out(replace(c, reasons=(*c.reasons, NOT_CARDED + "a reason someone wrote")))
    assert left_out(replace(c, not_carded="no breakdown"))


def test_a_compound_that_clips_a_word_of_its_article_means_that_word():
    # 再|エネ: the article writes 再生可能エネルギー too, and each part begins one of its pieces; the
    # card is "renewable energy", not 再 "re-" + エネ "energy" (made-up entries; 再生エネ has no long form)
    long = _entry(90, "再生可能エネルギー", "さいせいかのうエネルギー", (("renewable energy",), NOUN, ()))
    d = FakeDictionary(
        [
            long,
            _entry(91, "再", "さい", (("re-",), NOUN, ())),
            _entry(92, "エネ", "エネ", (("energy",), NOUN, ())),
        ]
    )
    word = replace(
        _candidate("再生可能エネルギー", "さいせいかのうえねるぎー", ()), key="word:90", entry=long, parts=()
    )
    clip = _candidate("再エネ", "さいエネ", ("再", "エネ"))
    other = replace(
        clip,
        examples=(
            replace(
                clip.examples[0], sentence=replace(clip.examples[0].sentence, article=Article("u.txt", "u"))
            ),
        ),
    )
    resolved = {c.key: c for c in resolve_compounds([word, clip], d)}
    assert resolved[clip.key].entry == long and "short for 再生可能エネルギー" in resolved[clip.key].reasons
    # another article's word is no long form of it
    (alone,) = [
        c
        for c in resolve_compounds([word, replace(other, key="compound:再エネ:u")], d)
        if c.key == "compound:再エネ:u"
    ]
    assert alone.entry is None
