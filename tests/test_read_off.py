"""JMdict compounds the reader reads off their parts (score._read_off_parts), on sentences of our own
(fake dictionary, real tokenizer)."""

from __future__ import annotations

import pytest

from tangocho.dictionary import FakeDictionary
from tangocho.models import Article, Entry, Form, Kanji, Sense, Sentence
from tangocho.select import Collector
from tangocho.select.score import _glossed_by_parts
from tangocho.tokenize import tokenize
from tangocho.wordlists import WordList

ARTICLE = Article(source="read-off.txt", title="読み取り")


def entry(id: int, kanji: str, kana: str, glosses: str, fields=()) -> Entry:
    return Entry(
        id=id,
        kanji=(Form(kanji),),
        kana=(Form(kana),),
        senses=(Sense(tuple(glosses.split("; ")), ("noun (common) (futsuumeishi)",), fields=fields),),
    )


ENTRIES = [
    entry(1, "教育", "きょういく", "education; schooling"),  # JLPT N4: known
    entry(2, "制度", "せいど", "system; institution"),  # N3, no list: known
    entry(3, "教育制度", "きょういくせいど", "educational system; school system"),
    entry(4, "融資", "ゆうし", "financing; loan"),  # rare (Zipf 3.5): not everyday
    entry(5, "会社", "かいしゃ", "company; corporation"),
    entry(6, "融資会社", "ゆうしがいしゃ", "loan company"),
    entry(7, "短期", "たんき", "short-term"),
    entry(8, "短期融資", "たんきゆうし", "short-term loan"),
    entry(9, "目玉", "めだま", "eyeball"),
    entry(10, "商品", "しょうひん", "goods; commodity"),
    entry(11, "目玉商品", "めだましょうひん", "bargain goods; loss leader"),
    entry(12, "健康", "けんこう", "health"),
    entry(13, "保険", "ほけん", "insurance"),
    entry(14, "健康保険", "けんこうほけん", "health insurance"),
    entry(15, "保険会社", "ほけんがいしゃ", "insurance company"),
    entry(16, "外部", "がいぶ", "outside; external"),
    entry(17, "記憶", "きおく", "memory; storage"),
    entry(18, "外部記憶", "がいぶきおく", "external storage", fields=("computing",)),
    entry(19, "担当", "たんとう", "(being in) charge; (in) charge"),  # JLPT N3
    entry(20, "者", "もの", "person; someone"),
    entry(21, "担当者", "たんとうしゃ", "person in charge; responsible party"),
    entry(22, "輸出", "ゆしゅつ", "export; exportation"),  # N4
    entry(23, "額", "がく", "amount; sum"),
    entry(24, "輸出額", "ゆしゅつがく", "export amount; value of exports"),
    entry(25, "関係", "かんけい", "relation; relationship; connection"),  # N4
    entry(27, "関係者", "かんけいしゃ", "concerned party; interested party"),
    entry(28, "低", "てい", "low"),
    entry(26, "価格", "かかく", "price; value; cost"),  # N3
    entry(29, "低価格", "ていかかく", "low price"),
    entry(30, "融資者", "ゆうししゃ", "lender; financing person"),
    entry(31, "観光", "かんこう", "sightseeing; tourism"),  # N3
    entry(32, "客", "きゃく", "guest; customer"),
    entry(33, "観光客", "かんこうきゃく", "tourist"),
    entry(43, "利用", "りよう", "use; utilization"),  # N4
    entry(44, "利用者", "りようしゃ", "user; consumer"),
    entry(45, "業", "ぎょう", "work; business"),
    entry(46, "製造", "せいぞう", "manufacture; production"),  # N3
    entry(47, "製造業", "せいぞうぎょう", "manufacturing industry"),
    entry(48, "都市", "とし", "town; city; municipal; urban"),  # N3
    entry(49, "部", "ぶ", "department; division; part"),  # JMdict's 部: no "area"
    entry(50, "都市部", "としぶ", "urban area; urban district"),
    entry(51, "サービス", "サービス", "service; support system"),  # an everyday loan (Zipf 5.1)
    entry(52, "サービス業", "サービスぎょう", "service industry; service sector"),
    entry(53, "コンテナ", "コンテナ", "container"),
    entry(54, "船", "ふね", "ship; boat; vessel"),
    entry(55, "コンテナ船", "コンテナせん", "container ship"),
    entry(56, "コロナ", "コロナ", "corona"),
    entry(57, "禍", "か", "calamity; disaster"),
    entry(58, "コロナ禍", "コロナか", "COVID-19 crisis; coronavirus calamity"),
    entry(59, "ブランド", "ブランド", "brand; brand name"),
    entry(60, "力", "りょく", "power; strength"),
    entry(61, "含む", "ふくむ", "to contain; to include"),  # N3
    entry(62, "含まれる", "ふくまれる", "to be included; to be composed of"),
    entry(63, "見舞う", "みまう", "to ask after (someone's health); to visit"),  # rare: not known
    entry(64, "見舞われる", "みまわれる", "to experience; to undergo; to suffer"),
]
EXPRESSION = ("expressions (phrases, clauses, etc.)", "Godan verb with 'su' ending")


def phrase(id: int, kanji: str, kana: str, glosses: str) -> Entry:
    return Entry(id, (Form(kanji),), (Form(kana),), (Sense(tuple(glosses.split("; ")), EXPRESSION),))


ENTRIES += [
    entry(34, "影響", "えいきょう", "influence; effect"),  # N3
    phrase(35, "及ぼす", "およぼす", "to exert; to cause; to exercise"),  # N3
    phrase(36, "影響を及ぼす", "えいきょうをおよぼす", "to affect; to influence"),
    entry(37, "頭", "あたま", "head"),  # N5
    phrase(38, "抱える", "かかえる", "to hold in one's arms; to have (problems)"),  # N3
    phrase(39, "頭を抱える", "あたまをかかえる", "to be at wits' end; to be troubled"),
    entry(40, "様相", "ようそう", "aspect; phase"),
    phrase(41, "呈する", "ていする", "to present; to offer; to show"),
    phrase(42, "様相を呈する", "ようそうをていする", "to assume an aspect; to show a phase"),
    entry(65, "一目", "いちもく", "look; glance"),
    phrase(66, "置く", "おく", "to put; to place"),
    phrase(67, "一目置く", "いちもくおく", "to acknowledge another's superiority"),
]
ZIPF = {
    "融資": 3.5,
    "会社": 5.4,
    "短期": 4.5,
    "目玉": 4.5,
    "商品": 5.0,
    "保険": 4.9,
    "外部": 4.6,
    "担当": 5.0,
    "サービス": 5.1,
    "コンテナ": 3.8,
    "コロナ": 4.3,
    "ブランド": 4.7,
}
KANJI = [Kanji("禍", ("calamity",), ("カ",), (), grade="8")]  # a secondary-school kanji
LISTS = {"business": WordList("business", frozenset({"健康保険", "保険会社", "保険", "会社"}))}


def ranked(*texts: str, entries=ENTRIES, zipf=ZIPF, kanji=KANJI, lists=LISTS):
    collector = Collector(FakeDictionary(entries=entries, zipf=zipf, kanji=kanji), domain_lists=lists)
    collector.add([Sentence(t, tokenize(t), ARTICLE, i) for i, t in enumerate(texts)])
    return {c.word: c for c in collector.rank(min_score=0.0)}


def ranked_among(entries, *texts: str, zipf=None):
    """``ranked`` over a test's own entries only, no lists."""
    return ranked(*texts, entries=entries, zipf=zipf or {}, kanji=(), lists={})


LOAN_ALONE = ("融資を受けた。", "融資が増えた。", "融資を決めた。")  # 融資: a card of its own


@pytest.mark.parametrize(
    ("texts", "word", "carded"),
    [
        # read off two words the reader knows: 教育 "education" + 制度 "system"
        (("教育制度が変わった。",), "教育制度", False),
        # 融資 "loan" is no everyday word, and the text has no card of it: the compound teaches it
        (("融資会社が増えた。",), "融資会社", True),
        # … beside the card 融資, standing on its own, 融資会社 "loan company" is read off it
        (("融資会社が増えた。", *LOAN_ALONE), "融資会社", False),
        # the card is what 短期融資 names (its head): a kind of loan, a term of the field
        (("短期融資が増えた。", *LOAN_ALONE), "短期融資", True),
        # the gloss is not the parts': 目玉 "eyeball" + 商品 "goods" ≠ "bargain goods; loss leader"
        (("目玉商品が売れた。",), "目玉商品", True),
        # a domain list names it and 健康 is on no list: a fixed term the list holds for itself
        (("健康保険に入った。",), "健康保険", True),
        # a listed compound of listed parts only: listed for being made of them
        (("保険会社が増えた。",), "保険会社", False),
        # JMdict tags it with a domain field [comp]: a term of the field
        (("外部記憶を使う。",), "外部記憶", True),
    ],
)
def test_a_jmdict_compound_read_off_its_parts_is_no_card(texts, word, carded):
    assert (word in ranked(*texts)) is carded


THRICE = ("{}が増えた。", "{}を調べた。", "{}の話。")


@pytest.mark.parametrize(
    ("word", "times", "carded"),
    [
        # a stem the reader knows (担当: N3) and a suffix saying who: the person in charge of it
        ("担当者", 1, False),
        ("担当者", 3, False),  # repeated, still no term: the person in charge of something
        ("観光客", 1, False),  # "tourist" of 観光 "tourism": one English word family
        ("利用者", 3, False),  # "user": the doer of 利用 "use"
        ("製造業", 1, True),  # an industry is a term (the seed's gold has 製造業)
        ("都市部", 1, False),  # 部 is "area" as an affix (AFFIX_GLOSSES), whatever its JMdict glosses
        ("低価格", 3, False),  # a prefix saying how low: 低 "low" + 価格 "price"
        # an amount of a known stem seen once is read off it; repeated, the article's key figure
        ("輸出額", 1, False),
        ("輸出額", 3, True),
        ("関係者", 1, True),  # "concerned party" is no sum of 関係 "relation" and 者 "person"
        ("融資者", 1, True),  # 融資 "loan" is no word the reader knows
        # an everyday loan and a kanji after it are read as the English, however often seen
        ("サービス業", 3, False),  # "service industry"
        ("コンテナ船", 3, False),  # "container ship"
        ("コロナ禍", 3, True),  # 禍 is a secondary-school kanji to learn
        ("ブランド力", 3, False),  # JMdict lacks it: "brand · power"
    ],
)
def test_a_known_stem_and_an_affix_saying_who_or_how_much_is_no_card(word, times, carded):
    assert (word in ranked(*(t.format(word) for t in THRICE[:times]))) is carded


@pytest.mark.parametrize(
    ("text", "word", "carded"),
    [
        # words the reader knows (影響, 及ぼす: N3) whose glosses make the phrase's: "to influence"
        ("物価に影響を及ぼした。", "影響を及ぼす", False),
        # an idiom of known words: "at wits' end" is no head held in one's arms
        ("社長は頭を抱えた。", "頭を抱える", True),
        # 呈する "to present" is no word the reader knows (nor on the N5–N3 lists)
        ("市場は混乱の様相を呈した。", "様相を呈する", True),
        # a dependent verb in kanji after a noun ends an expression (unidic-lite: 置く 非自立可能, as in
        # しておく): 一目置く, also in the passive
        ("業界では彼に一目置く。", "一目置く", True),
        ("品質で一目置かれていた。", "一目置く", True),
    ],
)
def test_a_phrase_of_known_words_glossed_by_them_is_no_card(text, word, carded):
    assert (word in ranked(text)) is carded


@pytest.mark.parametrize(
    ("text", "word", "carded"),
    [
        # the passive of a verb the reader knows (含む: N3) is read off it
        ("顧客の情報が含まれている。", "含まれる", False),
        # JMdict's passive of a verb the reader does not know is the word of the sentence: "to suffer"
        # (見舞う alone is "to visit")
        ("企業は多くの困難に見舞われた。", "見舞われる", True),
    ],
)
def test_a_passive_jmdict_lists_is_a_word_unless_its_verb_is_known(text, word, carded):
    assert (word in ranked(text)) is carded


def test_seen_twice_beside_a_part_s_card_it_ranks_down_three_times_not():
    twice = ("融資会社が増えた。", "融資会社を作った。")
    assert "see-through" in ranked(*twice, *LOAN_ALONE)["融資会社"].reasons
    # repeated SEE_THROUGH_MAX_COUNT times: a term of the text
    thrice = ranked(*twice, "融資会社の数。", *LOAN_ALONE)["融資会社"]
    assert "see-through" not in thrice.reasons
    # twice, of known words only: no card teaches it, it stays as it is
    assert "see-through" not in ranked("教育制度が変わった。", "教育制度を見直す。")["教育制度"].reasons


def test_its_sentence_goes_to_its_part_s_card():
    found = ranked("融資会社が増えた。", "融資を受けた。", "融資を決めた。")
    assert "融資会社" not in found
    examples = found["融資"].examples
    assert [o.sentence.text for o in examples][-1] == "融資会社が増えた。"
    o = examples[-1]
    assert "".join(t.surface for t in o.sentence.tokens[o.first : o.last]) == "融資"


@pytest.mark.parametrize(
    ("gloss", "parts", "summed"),
    [
        ("oil company", ("oil; petroleum", "company"), True),
        ("listed company", ("listing", "company; firm"), True),  # listed ~ listing: one stem
        ("food products", ("foodstuffs", "product"), True),  # food ~ foodstuff
        ("demand for (electric) power", ("power", "demand"), True),  # notes and "for" name nothing
        ("carbon tax", ("car", "tax"), False),  # car is no stem of carbon
        ("bargain goods", ("eyeball", "goods"), False),  # bargain comes from no part
        ("tax", ("tax", "office"), False),  # 役所 gives nothing: no sum of both parts
    ],
)
def test_a_gloss_made_of_its_parts_glosses(gloss, parts, summed):
    whole = Entry(0, (), (), (Sense(tuple(gloss.split("; ")), ()),))
    pieces = [[Entry(i, (), (), (Sense(tuple(p.split("; ")), ()),))] for i, p in enumerate(parts, 1)]
    assert _glossed_by_parts(whole, pieces) is summed


def test_a_word_cut_again_keeps_what_the_tokenizer_heard_of_each_part():
    # 来店|客数 (らいてん|きゃくすう; JMdict has no 客数) is cut again into 来店客 + 数: 数 keeps the
    # すう heard, not the かず of JMdict's first entry of 数
    entries = [
        entry(70, "来店", "らいてん", "coming to a store"),
        entry(72, "来店客", "らいてんきゃく", "in-store customer"),
        entry(73, "数", "かず", "number; amount"),
        entry(74, "数", "すう", "number; figure"),
    ]
    card = ranked_among(entries, "来店客数が減った。", "来店客数の回復を急ぐ。")["来店客数"]
    assert [(p, r) for p, r, _ in card.parts] == [("来店客", "らいてんきゃく"), ("数", "すう")]


def test_kamoshirenai_is_grammar_not_the_verb_to_become_known():
    # かも|しれ|ない "might": しれる written in kana is the auxiliary, no card "to become known"
    entries = [entry(80, "知れる", "しれる", "to become known; to come to light")]
    assert "しれる" not in ranked_among(entries, "価格が限界かもしれない。", "手のひらを返すかもしれない。")


def test_a_compound_that_points_back_is_no_term():
    # 同社|幹部 "the same company's executives" (an attribution: （同社幹部）) is 幹部 of a company named
    # before; 幹部 alone stays a word
    entries = [entry(90, "同社", "どうしゃ", "the same firm"), entry(91, "幹部", "かんぶ", "executive")]
    assert "同社幹部" not in ranked_among(
        entries, "利益が減った（同社幹部）。", "改革を急ぐ（同社幹部）。", zipf={"幹部": 3.5}
    )


def test_an_adverb_of_a_known_noun_and_ni_is_no_card():
    # 一般|に "generally": the reader knows 一般 (N3); に only makes it an adverb
    entries = [entry(95, "一般", "いっぱん", "general"), entry(96, "一般に", "いっぱんに", "generally")]
    assert "一般に" not in ranked_among(entries, "寿命は一般に20年とされる。", "一般に高いとされる。")
