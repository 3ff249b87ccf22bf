"""Word-choice rules of issue 10 on sentences of our own (fake dictionary, real tokenizer): names by
segmentation, suffix compounds, learner level, one note per JMdict entry."""

from __future__ import annotations

import pytest

from tangocho.dictionary import FakeDictionary
from tangocho.models import Article, Entry, Form, Kanji, Name, Sense, Sentence
from tangocho.select import HARD_KANJI_BONUS, LEVELS, VERBAL_NOUN_BONUS, Collector, Kind, score
from tangocho.tokenize import tokenize

ARTICLE = Article(source="rules.txt", title="規則")
EXPRESSION = ("expressions (phrases, clauses, etc.)", "Godan verb with 'ru' ending")


def entry(
    id: int, kanji, kana: str, gloss: str = "gloss", pos=("noun (common) (futsuumeishi)",), priority=()
):
    kanji = (kanji,) if isinstance(kanji, str) else kanji
    return Entry(
        id=id,
        kanji=tuple(Form(k, priority) for k in kanji if k),
        kana=(Form(kana, kana_only=not kanji),),
        senses=(Sense((gloss,), pos),),
    )


ENTRIES = [
    entry(1, "創造", "そうぞう", "creation"),
    entry(2, "", "イニシアチブ", "initiative"),
    entry(3, "補助金", "ほじょきん", "subsidy"),
    entry(4, "交付", "こうふ", "delivery", pos=("noun or participle which takes the aux. verb suru",)),
    entry(5, "未来", "みらい", "future"),
    entry(6, "工場", "こうじょう", "factory"),
    entry(7, "建設", "けんせつ", "construction"),
    entry(8, "", "ソフト", "soft"),
    entry(9, "", "バンク", "bank"),
    entry(10, "", "サービス", "service"),
    entry(11, "", "ルナ", "luna"),
    entry(12, "", "テック", "tech"),
    entry(13, "販売", "はんばい", "sales"),
    entry(14, "好評", "こうひょう", "popularity"),
    entry(15, "経済", "けいざい", "economy"),
    entry(16, "", "リサーチ", "research"),
    entry(17, "倒産", "とうさん", "bankruptcy"),
    entry(18, "株式市場", "かぶしきしじょう", "stock market"),
    entry(19, "大阪株式市場", "おおさかかぶしきしじょう", "Osaka stock market"),
    entry(20, "株価", "かぶか", "stock price"),
    entry(21, "配電", "はいでん", "power distribution"),
    entry(22, "網", "もう", "network"),
    entry(23, "整備", "せいび", "maintenance"),
    entry(24, "特許", "とっきょ", "patent"),
    entry(25, "証", "しょう", "certificate"),
    entry(26, "取得", "しゅとく", "acquisition"),
    entry(27, "発信", "はっしん", "transmission"),
    entry(28, "力", "りょく", "power"),
    entry(29, "強化", "きょうか", "strengthening"),
    entry(30, "課題", "かだい", "issue"),
    entry(31, ("売上", "売り上げ"), "うりあげ", "sales"),
    entry(32, ("鍵を握る", "カギを握る"), "かぎをにぎる", "to hold the key", pos=EXPRESSION),
    entry(33, "感じる", "かんじる", "to feel", pos=("Ichidan verb",)),
    entry(34, "感ずる", "かんずる", "to feel", pos=("suru verb - special class",)),
    entry(35, "軌道に乗る", "きどうにのる", "to get on track", pos=EXPRESSION),
    entry(36, "二極化", "にきょくか", "polarization"),
    entry(37, "人手不足", "ひとでぶそく", "labour shortage"),
    entry(38, "産業", "さんぎょう", "industry"),
    entry(39, "産業用", "さんぎょうよう", "industrial use"),
    entry(40, "用地", "ようち", "site"),
    entry(41, "", "キロワット", "kilowatt"),
    entry(42, "電力", "でんりょく", "electric power"),
    entry(43, "技術", "ぎじゅつ", "technology"),
    entry(44, "人材", "じんざい", "talent"),
    entry(45, "変化", "へんか", "change"),
    entry(46, "景気", "けいき", "economy"),
    entry(47, "回復", "かいふく", "recovery"),
    entry(48, "採択", "さいたく", "adoption"),
    Entry(49, (Form("施工"),), (Form("しこう"), Form("せこう")), (Sense(("construction",)),)),
    entry(50, "", "オラクル", "oracle"),
    entry(51, "", "シャープ", "sharp"),
    entry(52, "決算", "けっさん", "financial results"),
    entry(53, "脱", "だつ", "de-", pos=("prefix",)),
    entry(54, "炭素", "たんそ", "carbon"),
    entry(55, "素", "そ", "element"),
    entry(56, "", "ネオ", "neo-"),
    entry(57, "", "ガード", "guard"),
    entry(58, "採用", "さいよう", "adoption"),
    entry(59, "新聞", "しんぶん", "newspaper"),
    entry(60, "報道", "ほうどう", "report"),
    entry(61, "差", "さ", "difference"),
    entry(62, "素材", "そざい", "material"),
    entry(63, "環境技術", "かんきょうぎじゅつ", "environmental technology"),
    entry(64, "資源開発", "しげんかいはつ", "resource development"),
    entry(65, "", "セルラー", "cellular"),
    entry(66, "通信", "つうしん", "communication"),
    entry(67, "電池", "でんち", "battery"),
    entry(68, "製造", "せいぞう", "manufacture"),
    entry(69, "楽天", "らくてん", "optimism"),
    entry(70, "", "ペイ", "pay"),
    entry(71, "傘下", "さんか", "affiliated"),
    entry(72, "科学", "かがく", "science"),
    entry(73, "立大", "りつだい", "Rikkyo University"),
    entry(74, "研究機関", "けんきゅうきかん", "research institute"),
    entry(75, "量が増える", "りょうがふえる", "to gain in quantity", pos=EXPRESSION),
    entry(76, "在庫", "ざいこ", "stock"),
    entry(77, "在庫量", "ざいこりょう", "amount of stock"),
    entry(78, "医大", "いだい", "medical university"),
    entry(201, "電機", "でんき", "electrical machinery"),
    entry(202, "北斗", "ほくと", "the Big Dipper"),
    entry(203, "研究所", "けんきゅうじょ", "research institute"),
    entry(204, "海洋", "かいよう", "ocean"),
    entry(205, "日清", "にっしん", "Sino-Japanese"),
    entry(206, "製粉", "せいふん", "milling"),
    entry(207, "先んじる", "さきんじる", "to precede", pos=("Ichidan verb",)),
    entry(208, "措置を講じる", "そちをこうじる", "to take measures", pos=EXPRESSION),
    entry(299, "義務付ける", "ぎむづける", "to obligate", pos=("Ichidan verb",)),
    entry(300, "嵩む", "かさむ", "to mount up", pos=("Godan verb with 'mu' ending",)),
    entry(301, "巡る", "めぐる", "to go around", pos=("Godan verb with 'ru' ending",)),
    entry(302, "次第に", "しだいに", "gradually", pos=("adverb (fukushi)",)),
    entry(303, "次第", "しだい", "order; sequence"),
    entry(304, "陰に", "いんに", "secretly", pos=("adverb (fukushi)",)),
    entry(305, "陰", "かげ", "shade; shadow"),
    entry(306, "", "ロジ", "logistics"),
    entry(308, "満たない", "みたない", "less than", pos=("adjective (keiyoushi)",)),
    entry(309, "満つ", "みつ", "to be full", pos=("Godan verb with 'tsu' ending",)),
    entry(310, "得ない", "えない", "unable to", pos=("expressions (phrases, clauses, etc.)",)),
    entry(311, "質の良い", "しつのよい", "good-quality", pos=("expressions (phrases, clauses, etc.)",)),
    Entry(
        312,
        (Form("行けない"),),
        (Form("いけない"),),
        (
            Sense(
                ("wrong",),
                ("expressions (phrases, clauses, etc.)",),
                misc=("word usually written using kana alone",),
            ),
        ),
    ),
    entry(307, "", "ロジスティクス", "logistics"),
    entry(209, "措置", "そち", "measure"),
    entry(210, "統合", "とうごう", "integration"),
    entry(211, "銀行", "ぎんこう", "bank"),
    entry(212, "金融庁", "きんゆうちょう", "Financial Services Agency"),
    entry(213, "幹部", "かんぶ", "executive"),
    entry(214, "運営", "うんえい", "management"),
    entry(215, "推進", "すいしん", "promotion"),
    entry(216, "機関", "きかん", "organ"),
    entry(217, "広域", "こういき", "wide area"),
    entry(218, "高炉", "こうろ", "blast furnace"),
    entry(219, "内製", "ないせい", "in-house production"),
    entry(220, "後", "ご", "after"),
    entry(221, "物流", "ぶつりゅう", "logistics"),
    entry(222, "費", "ひ", "cost"),
    entry(223, "調整", "ちょうせい", "adjustment"),
    entry(224, "力", "りょく", "power"),
    entry(225, "小型", "こがた", "small"),
    entry(226, "衛星", "えいせい", "satellite"),
    entry(227, "各社", "かくしゃ", "each company"),
    entry(228, "保険", "ほけん", "insurance"),
    entry(229, "昇降機", "しょうこうき", "elevator"),
    entry(230, "化繊", "かせん", "synthetic fiber"),
]
# wordfreq knows the product name ルナテック whole (its tokenizer's dictionary lists such names); a
# katakana term it splits (ネオ|ガード here, ゼロ|トラスト in life) is no name
ZIPF = {"ルナテック": 2.0, "日本経済新聞": 3.6}
NAMES = [
    Name("ソフトバンク", "ソフトバンク", ("company",), ("SoftBank (company)",)),
    Name("シャープ", "シャープ", ("surname", "company"), ("Sharp (company)",)),
    Name("長野県", "ながのけん", ("place",), ("Nagano Prefecture",)),
    Name("松本市", "まつもとし", ("place",), ("Matsumoto (city)",)),
    Name("楽天", "らくてん", ("organization", "given"), ("Rakuten (company)",)),
    Name("日清", "にっしん", ("company",), ("Nisshin (company)",)),
    Name("静岡科学大学", "しずおかかがくだいがく", ("organization",), ("Shizuoka Science University",)),
    Name("紀伊内", "きいうち", ("place",), ("Kiiuchi",)),  # made up: a place the tokenizer cuts 紀伊|内
    Name("瀬戸内", "せとうち", ("place",), ("Setouchi",)),
]


def collect(*texts: str, zipf=None, ruby=None) -> Collector:
    collector = Collector(FakeDictionary(entries=ENTRIES, zipf={**ZIPF, **(zipf or {})}, names=NAMES))
    collector.add(
        [Sentence(t, tokenize(t), ARTICLE, i, ruby=(ruby or {}).get(i, ())) for i, t in enumerate(texts)]
    )
    return collector


def words(*texts: str, **rank) -> dict[str, object]:
    rank.setdefault("max_words", None)
    zipf = rank.pop("zipf", None)
    return {c.word: c for c in collect(*texts, zipf=zipf).rank(**rank)}


# ------------------------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("texts", "name", "parts"),
    [
        # a legal form introduces an organisation; its later mention without the form is the name too
        (
            (
                "一般社団法人未来創造イニシアチブが補助金を交付した。",
                "未来創造イニシアチブは成果を公表した。",
            ),
            "未来創造イニシアチブ",
            ("未来", "創造", "イニシアチブ"),
        ),
        # a proper noun and an administrative suffix make a place
        (("静岡県浜松市に新工場を建設した。",), "静岡県", ("県", "市")),
        # a place, common nouns and an administrative suffix name a zone: no 技術 "technology" + 区 "ward"
        (("静岡技術開発区に新工場を建設した。",), "静岡技術開発区", ("技術", "開発区")),
        # JMnedict knows the company: its span is longer than any JMdict word there
        (("ソフトバンクが新サービスを始めた。",), "ソフトバンク", ("ソフト", "バンク")),
        # a katakana run whose pieces the text never uses alone is a product name
        (("新ブランドのルナテックが好評で、ルナテックの販売が伸びた。",), "ルナテック", ("ルナ", "テック")),
        # the source a report cites, holding a place name, is an organisation
        (("東京経済リサーチによると、倒産が増えた。",), "東京経済リサーチ", ("経済", "リサーチ")),
        # a katakana word with 社 is a company, and so is a JMnedict company the sentence cites
        (("オラクル社は決算を公表した。",), "オラクル社", ("オラクル",)),
        (("シャープが10日発表した決算は赤字だった。",), "シャープ", ("シャープ",)),
        # a run with a place in it that JMdict lacks and wordfreq knows whole
        (("日本経済新聞の報道によれば、決算は赤字だった。",), "日本経済新聞", ("経済", "新聞")),
        # a Chinese company's legal form closes its name, as 株式会社 does
        (("深セン創新科技有限公司は新工場を建設した。",), "深セン創新科技有限公司", ("公司", "有限", "科技")),
        # a group named after a place is that group, not a word
        (("大阪電子グループは新工場を建設した。",), "大阪電子グループ", ("電子", "グループ")),
        # an organisation word (機構) closes a name whose pieces ・ joins, or that an acronym follows
        (("新素材・環境技術研究機構が補助金を交付した。",), "新素材・環境技術研究機構", ("素材", "環境技術")),
        (("海洋資源開発機構(JOMD)は補助金を交付した。",), "海洋資源開発機構", ("資源開発",)),
        # a place, a word and the industry a company is named after (3 tokens, or 2 and an acronym)
        (("静岡セルラー通信が新工場を建設した。",), "静岡セルラー通信", ("セルラー", "通信")),
        (("韓国積層電池製造(KLBM)による工場建設が始まった。",), "韓国積層電池製造", ("電池", "製造")),
        # a proper noun that names no place and an industry word: not "electrical machinery"
        (("光陽電機は新工場を建設した。",), "光陽電機", ("電機",)),
        # HD, the short form of ホールディングス, closes a name as it does: not "the Big Dipper"
        (("北斗HDは新工場を建設した。",), "北斗HD", ("北斗",)),
        # an organisation word closes a name the sentence cites as its source
        (("海洋資源研究所によると、倒産が増えた。",), "海洋資源研究所", ("研究所", "海洋")),
        # a JMnedict company written as a word: with katakana after it, or a word only a company takes
        (("楽天ペイが新工場を建設した。",), "楽天ペイ", ("楽天", "ペイ")),
        (("楽天傘下の工場が決算を公表した。",), "楽天", ("楽天",)),
        (("日清製粉は新工場を建設した。",), "日清製粉", ("日清", "製粉")),  # a company + its industry
        # … or a place the tokenizer cuts a prefix off (瀬戸|内|化繊): not "inside · synthetic fiber"
        (("合成繊維中堅の瀬戸内化繊は新工場を建設した。",), "瀬戸内化繊", ("化繊",)),
        # a place and an industry word the tokenizer cuts across (瀬戸|内製|鉄|所)
        (("瀬戸内製鉄所の高炉を止めた。",), "瀬戸内製鉄所", ("内製",)),
        # or cuts a prefix off the place (紀伊|内|電力, JMnedict's 紀伊内): not "inside + electric power"
        (("紀伊内電力は新工場を建設した。",), "紀伊内電力", ("内電力", "電力")),
        # an organisation with its short form in parentheses: both are the name
        (
            ("電力広域的運営推進機関（広域機関）は補助金を交付した。",),
            "電力広域的運営推進機関",
            ("広域", "運営", "推進", "機関"),
        ),
        # a company the sentence follows with its head office in parentheses, the name before its legal
        # form too (the text names it so after)
        (("ミドリストア（横浜市）は新工場を建設した。",), "ミドリストア", ("ストア",)),
        (("銀河建設（東京都中央区）は新工場を建設した。",), "銀河建設", ("銀河",)),
        (("ソラテル・ホールディングス（東京・港）は新工場を建設した。",), "ソラテル", ("ソラテル",)),
        # a company the text introduces by its rank in an industry: not "the Eastern Capital · steamship"
        (("海運大手の東都汽船は新工場を建設した。",), "東都汽船", ("東都", "汽船")),
        (("コンビニ大手の「ハートマート」は新工場を建設した。",), "ハートマート", ("ハート", "マート")),
        # … whose name ends on the very industry that ranks it: not "the Big Dipper · elevator"
        (("昇降機大手の北斗昇降機は新工場を建設した。",), "北斗昇降機", ("北斗",)),
        # … or by the kind of firm it is, its name in katakana: not "venture · radar"
        (
            ("調査会社のベンチャーレーダーは新工場を建設した。",),
            "ベンチャーレーダー",
            ("ベンチャー", "レーダー"),
        ),
        # a university the text abbreviates (JMnedict lists 静岡科学大学), a city's own university
        (("静岡科学大の研究チームが補助金を交付した。",), "静岡科学大", ("科学",)),
        (("浜松市立大の研究チームが補助金を交付した。",), "浜松市立大", ("立大",)),
        (("静岡県立医大の研究チームが補助金を交付した。",), "静岡県立医大", ("医大",)),
    ],
)
def test_a_name_span_blocks_the_words_inside_it(texts, name, parts):
    collector = collect(*texts)
    assert collector.tallies[(Kind.WORD, name)].is_name
    carded = {c.word for c in collector.rank(max_words=None)}
    assert not carded & {name, *parts}, carded & {name, *parts}
    assert carded  # the other words of the text stay: 補助金, 交付, 工場, 販売 …


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("研究機関が補助金を交付した。", None),  # an organisation word with nothing marking a name
        ("海洋資源開発機構は補助金を交付した。", None),  # …nor a ・, an acronym or a proper noun
        ("静岡通信の工場が決算を公表した。", None),  # a place and an industry: two tokens are no company
        ("保険会社のペーパーレス化が進んだ。", None),  # what a kind of firm does, no name of one
        ("静岡通信(SZT)の工場が決算を公表した。", "静岡通信"),  # … unless an acronym names it
    ],
)
def test_an_organisation_or_industry_word_needs_a_mark_of_a_name(text, name):
    collector = collect(text)
    names = [w for (_, w), t in collector.tallies.items() if t.is_name and len(w) > 3]
    assert names == ([name] if name else []), names


def test_a_katakana_run_wordfreq_splits_is_a_term_not_a_name():
    # three times: a compound of two cards (ネオ, ガード) seen twice would be learnt on their cards
    collector = collect("新方式のネオガードを採用し、ネオガードで守る。", "ネオガードが好評だ。")
    assert not collector.tallies[(Kind.COMPOUND, "ネオガード")].is_name
    assert "ネオガード" in {c.word for c in collector.rank()}


@pytest.mark.parametrize(
    ("texts", "pieces"),
    [
        # a katakana term the text writes twice (with or without ・) and whose pieces never stand alone:
        # the run is the unit, its pieces are no words
        (("新方式のネオガードを採用し、ネオ・ガードで守る。",), set()),
        # …but when a piece also stands alone the run is a see-through compound: its pieces are words
        (("新方式のネオガードを採用し、ネオ・ガードで守る。", "ガードが好評だ。"), {"ネオ", "ガード"}),
        # …and so are the pieces of a run written once
        (("新方式のネオガードを採用した。",), {"ネオ", "ガード"}),
    ],
)
def test_pieces_of_a_katakana_term_are_no_words(texts, pieces):
    counted = {w for (kind, w) in collect(*texts).tallies if kind == Kind.WORD}
    assert counted & {"ネオ", "ガード"} == pieces


def test_names_go_to_the_names_subdeck_only():
    text = "長野県松本市で倒産が増えた。"
    named = {c.word: c for c in collect(text).rank(names=True, min_score=14.0)}  # names have no score
    assert named["長野県"].token_pos == "name" and named["松本市"].token_pos == "name"
    assert "倒産" in named and named["倒産"].token_pos != "name"


def test_a_place_is_not_glued_onto_a_term():
    # JMdict has 大阪株式市場 (as it has 東京株式市場): the term is 株式市場, 大阪 a name
    carded = words("大阪株式市場で株価が上がった。")
    assert "株式市場" in carded and "大阪株式市場" not in carded


def test_a_unit_of_measure_is_no_word():
    assert "キロワット" not in words("100キロワットの電力を供給した。", "200キロワットの電力。")


# --------------------------------------------------------------------------------- suffix compounds


@pytest.mark.parametrize(
    ("text", "word", "parts"),
    [
        ("配電網の整備が進む。", "配電網", ("配電", "網")),  # seen once: a noun + a productive suffix
        ("特許証を取得した。", "特許証", ("特許", "証")),
        ("発信力強化が課題だ。", "発信力", ("発信", "力")),  # inside a longer run too
    ],
)
def test_noun_and_productive_suffix_make_a_word(text, word, parts):
    carded = words(text)
    assert word in carded
    assert carded[word].is_compound and tuple(p for p, _, _ in carded[word].parts) == parts


def test_compound_parts_are_the_longest_known_words():
    # 産業|用|地: 産業用|地 leaves a stray 地, 産業|用地 does not
    collector = collect("産業用地を整備する。", "産業用地の整備。")
    compound = collector.tallies[(Kind.COMPOUND, "産業用地")]
    assert [p for p, _ in compound.parts] == ["産業", "用地"]


def test_a_compound_jmdict_cannot_gloss_is_cut_again_into_known_words():
    # UniDic cuts 脱炭|素; JMdict knows 脱 and 炭素, not 脱炭
    carded = words("脱炭素を急ぐ。", "脱炭素を進める。")
    assert [p for p, _, _ in carded["脱炭素"].parts] == ["脱", "炭素"]
    assert carded["脱炭素"].reading == "だつたんそ"


def test_compound_reading_joins_its_parts_jmdict_readings():
    # the tokenizer reads 人手|不足 ひとでふそく piece by piece; JMdict reads 人手不足 ひとでぶそく
    carded = words("人手不足倒産が増えた。", "人手不足倒産が続く。", "人手不足倒産を防ぐ。")
    assert carded["人手不足倒産"].reading == "ひとでぶそくとうさん"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("景気は回復の軌道に乗った。", "軌道に乗る"),  # a JMdict expression in any conjugation
        ("市場の二極化が進む。", "二極化"),  # a kanji numeral starts a JMdict word
        ("変化を感じた。", "感じる"),  # UniDic's 感ずる, written 感じる
    ],
)
def test_expressions_and_written_forms(text, word):
    assert word in words(text)


@pytest.mark.parametrize(
    ("text", "carded"),
    [
        ("倉庫の量が増えると、補助金を交付した。", True),  # the expression on a word's edge
        ("在庫量が増えると、補助金を交付した。", False),  # inside 在庫|量: no expression
    ],
)
def test_an_expression_starts_on_a_word_edge(text, carded):
    assert ("量が増える" in words(text)) is carded


# --------------------------------------------------------------------------------------- level


@pytest.mark.parametrize(
    ("level", "zipf", "carded"),
    [
        ("beginner", 4.8, True),
        ("intermediate", 5.0, False),  # 工場, 企業: known at intermediate
        ("advanced", 5.0, False),
        ("intermediate", 4.3, True),
        ("advanced", 4.3, False),  # a word with no domain signal: known from 4.4 − 0.4 on
        ("advanced", 3.5, True),  # 採択
    ],
)
def test_level_sets_what_is_basic(level, zipf, carded):
    assert LEVELS[level]
    found = words("倒産が増えた。", zipf={"倒産": zipf}, level=level)
    assert ("倒産" in found) is carded


@pytest.mark.parametrize(("level", "carded"), [("beginner", True), ("intermediate", False)])
def test_the_jlpt_vocabulary_of_a_passed_level_is_known(level, carded):
    # 工場 is on the JLPT N4 list: known at the intermediate level however rare wordfreq finds it
    found = words("工場を建設した。", zipf={"工場": 3.0}, level=level)
    assert ("工場" in found) is carded


@pytest.mark.parametrize(("listed", "carded"), [(False, False), (True, True)])
def test_a_word_with_no_domain_signal_is_known_a_little_lower(listed, carded):
    # Zipf 4.5, below the intermediate threshold (4.8): an everyday word (上昇, 増加) is known all the
    # same unless a domain signal names it (投資 4.7 in the business list)
    from tangocho.wordlists import WordList

    lists = {"business": WordList("b", frozenset({"倒産"}) if listed else frozenset())}
    collector = Collector(FakeDictionary(entries=ENTRIES, zipf={"倒産": 4.5}), domain_lists=lists)
    collector.add([Sentence("倒産が増えた。", tokenize("倒産が増えた。"), ARTICLE, 0)])
    assert ("倒産" in {c.word for c in collector.rank()}) is carded


def test_include_list_beats_the_level():
    from tangocho.wordlists import WordList

    found = words("工場を建設した。", zipf={"工場": 5.5}, include=WordList("i", frozenset({"工場"})))
    assert "工場" in found


# ---------------------------------------------------------------------------------- entry merging


@pytest.mark.parametrize(
    ("texts", "word", "count", "absent"),
    [
        (("売上が伸びた。", "売り上げは過去最高だ。", "売上を計上した。"), "売上", 3, "売り上げ"),
        (("技術がカギを握る。", "鍵を握るのは人材だ。"), "カギを握る", 2, "鍵を握る"),  # first seen on a tie
    ],
)
def test_variants_of_one_entry_are_one_note(texts, word, count, absent):
    found = words(*texts)
    assert word in found and absent not in found
    assert found[word].count == count
    assert len(found[word].examples) == count


def test_author_ruby_is_the_reading():
    # the tokenizer reads 施工 しこう; the author's <ruby> says せこう (both are JMdict readings)
    text = "施工が遅れた。"
    assert words(text)["施工"].reading == "しこう"
    for ruby in ("せこう", "セコウ"):
        found = {c.word: c for c in collect(text, ruby={0: ((0, 2, ruby),)}).rank()}
        assert found["施工"].reading == "せこう"
    # a ruby span that does not cover exactly the word is not its reading
    found = {c.word: c for c in collect(text, ruby={0: ((0, 1, "せ"),)}).rank()}
    assert found["施工"].reading == "しこう"


# ------------------------------------------------------------------------- ranking (round 2)

VERBAL = ("noun or participle which takes the aux. verb suru",)
RANKING_ENTRIES = [
    entry(101, "抑制", "よくせい", "restraint", pos=VERBAL),
    entry(102, "改良", "かいりょう", "improvement", pos=VERBAL),
    entry(103, "支出", "ししゅつ", "expenditure", pos=VERBAL),
    entry(104, "暗号化", "あんごうか", "encryption", pos=VERBAL),
    entry(105, "暗号", "あんごう", "code"),
    entry(106, "通信", "つうしん", "communication", pos=VERBAL),
]
# KANJIDIC grades: 抑 is taught in secondary school (8), the others in elementary school
GRADES = {"抑": "8", "制": "5", "改": "4", "良": "4", "支": "5", "出": "1", "暗": "3", "号": "3", "化": "3"}


def ranking(*texts: str, zipf: dict[str, float], **rank) -> dict[str, object]:
    kanji = [Kanji(k, (), (), (), grade=g) for k, g in GRADES.items()]
    dictionary = FakeDictionary(entries=ENTRIES + RANKING_ENTRIES, zipf=zipf, kanji=kanji)
    collector = Collector(dictionary)
    collector.add([Sentence(t, tokenize(t), ARTICLE, i) for i, t in enumerate(texts)])
    rank.setdefault("max_words", None)
    return {c.word: c for c in collector.rank(**rank)}


@pytest.mark.parametrize(
    ("grade", "lift"),
    [
        ("8", HARD_KANJI_BONUS),  # a jōyō kanji taught in secondary school
        ("4", 0.0),  # elementary school (grade 4)
        ("", 0.0),  # outside the jōyō list: news writes such kanji mostly in names
    ],
)
def test_a_secondary_school_kanji_ranks_a_word_above_one_as_common(monkeypatch, grade, lift):
    monkeypatch.setitem(GRADES, "抑", grade)
    found = ranking("支出を抑制し、品質を改良した。", zipf={"抑制": 4.0, "改良": 4.0, "支出": 4.0})
    assert found["抑制"].score == found["改良"].score + lift
    assert any(r.startswith("secondary-school kanji 抑") for r in found["抑制"].reasons) is bool(lift)
    assert not any("secondary-school" in r for r in found["改良"].reasons)


@pytest.mark.parametrize(
    ("zipf", "lift"),
    [
        (3.0, VERBAL_NOUN_BONUS),  # rare enough: the whole lift, like a verbal noun
        (4.35, VERBAL_NOUN_BONUS * 0.9),  # near the basic frequency (4.8): less of it
    ],
)
def test_a_stem_and_productive_suffix_word_ranks_like_a_verbal_noun(zipf, lift):
    found = ranking("通信を暗号化した。", zipf={"暗号化": zipf, "通信": 4.0})
    assert f"derived word (+{lift:.1f})" in found["暗号化"].reasons


def test_a_compound_the_tokenizer_cut_through_a_word_is_a_term_seen_once():
    # 脱炭|素 (UniDic) → 脱 + 炭素: once is enough, unlike a run of two ordinary nouns
    assert "脱炭素" in words("脱炭素を急ぐ。")
    assert "景気回復" not in words("景気回復を急ぐ。")


@pytest.mark.parametrize(("alone", "times", "carded"), [(True, 2, False), (True, 3, True), (False, 2, True)])
def test_a_compound_of_cards_is_a_card_only_when_the_text_repeats_it(alone, times, carded):
    # 景気 and 回復 have cards: 景気回復 twice is on their cards; three times it is a term of the text;
    # parts the text never uses alone are learnt from the compound
    texts = (["景気が良い。", "回復が早い。"] if alone else []) + ["景気回復が進む。"] * times
    found = words(*texts, zipf={"景気": 3.0, "回復": 3.0})
    assert ("景気回復" in found) is carded
    if carded:
        assert "see-through" not in found["景気回復"].reasons


def test_deck_size_follows_the_length_of_the_text(monkeypatch):
    monkeypatch.setattr(score, "DECK_MIN_CARDS", 1)
    monkeypatch.setattr(score, "DECK_TOKENS_PER_CARD", 5)
    text = "支出を抑制し、品質を改良した。通信を暗号化した。"
    zipf = {"抑制": 4.0, "改良": 4.0, "支出": 4.0, "暗号化": 3.0, "通信": 4.0}
    everything = ranking(text, zipf=zipf, min_score=0.0)  # min_score 0: the full ranking
    assert len(everything) == 5
    # 12 words (symbols not counted) → at most 3 cards, the best 3
    capped = ranking(text, zipf=zipf, min_score=0.1)
    best = sorted(everything.values(), key=lambda c: -c.score)[:3]
    assert set(capped) == {c.word for c in best}


@pytest.mark.parametrize(
    ("zipf", "deck_score", "carded"),
    [
        ({"景気": 4.6, "回復": 4.6}, 1000.0, False),  # two words the reader knows: a phrase
        ({"景気": 4.6, "回復": 4.0}, 1000.0, True),  # 回復 unknown and no card: learnt from the compound
        ({"景気": 4.6, "回復": 4.0}, 15.0, False),  # 回復 a card of its own: nothing left to learn
    ],
)
def test_a_compound_seen_once_of_known_words_and_cards_is_no_card(monkeypatch, zipf, deck_score, carded):
    from tangocho.wordlists import WordList

    monkeypatch.setattr(score, "DECK_SCORE", deck_score)
    lists = {"business": WordList("b", frozenset({"景気", "回復"}))}  # seen once: two domain parts
    collector = Collector(FakeDictionary(entries=ENTRIES, zipf=zipf), domain_lists=lists)
    collector.add([Sentence("景気回復を急ぐ。", tokenize("景気回復を急ぐ。"), ARTICLE, 0)])
    assert ("景気回復" in {c.word for c in collector.rank()}) is carded


@pytest.mark.parametrize(("a", "b", "carded"), [("", "", True), ("「", "」", False), ("『", "』", False)])
def test_a_compound_the_text_writes_in_quotation_marks_is_the_authors_label(a, b, carded):
    texts = [f"{a}景気回復{b}を急ぐ。", f"{a}景気回復{b}が進む。", f"{a}景気回復{b}を待つ。"]
    found = words(*texts, zipf={"景気": 3.0, "回復": 3.0})
    assert ("景気回復" in found) is carded


@pytest.mark.parametrize(("zipf", "everyday"), [(3.6, True), (2.0, True), (4.5, None)])
def test_an_everyday_loanword_counts_half(zipf, everyday):
    # a katakana loan (パーク, エンジニア, リポジトリ) is read from its English
    from tangocho.wordlists import WordList

    lists = {"technology": WordList("t", frozenset({"サービス"}))}
    collector = Collector(FakeDictionary(entries=ENTRIES, zipf={"サービス": zipf}), domain_lists=lists)
    collector.add([Sentence("新しいサービスを始めた。", tokenize("新しいサービスを始めた。"), ARTICLE, 0)])
    found = {c.word: c for c in collector.rank()}.get("サービス")
    if everyday is None:  # as common as a known word with no domain signal: known, listed or not
        assert found is None
        return
    assert ("everyday loanword" in found.reasons) is everyday
    assert any("everyday loanword halved" in r for r in found.reasons) is everyday


@pytest.mark.parametrize(
    ("zipf", "listed", "fields", "carded"),
    [
        (3.8, False, (), False),  # マッチング ×5, パーク ×7: a loan nothing marks as a term is everyday
        (3.8, True, (), True),  # プラットフォーム: a domain list names it
        (3.8, False, ("computing",), True),  # コミット, データベース: a JMdict field
        (2.9, False, (), True),  # リポジトリ: rarer than everyday
    ],
)
def test_a_repeated_loan_nothing_marks_as_a_term_is_known(zipf, listed, fields, carded):
    from tangocho.wordlists import WordList

    loan = Entry(
        60,
        (),
        (Form("ブランド", kana_only=True),),
        (Sense(("brand",), ("noun (common) (futsuumeishi)",), fields),),
    )
    lists = {"technology": WordList("t", frozenset({"ブランド"} if listed else ()))}
    dictionary = FakeDictionary(entries=[*ENTRIES, loan], zipf={"ブランド": zipf})
    collector = Collector(dictionary, domain_lists=lists)
    texts = [
        "新しいブランドを出した。",
        "そのブランドが売れた。",
        "ブランドの値段を下げた。",
        "ブランドを変えた。",
    ]
    collector.add([Sentence(t, tokenize(t), ARTICLE, i) for i, t in enumerate(texts)])
    # known = no candidate at all, whatever the score (min_score 0)
    assert ("ブランド" in {c.word for c in collector.rank(max_words=None, min_score=0.0)}) is carded


@pytest.mark.parametrize(("zipf", "part_listed"), [(3.9, True), (4.6, False)])
def test_a_jmdict_compound_of_known_pieces_gains_nothing_from_a_listed_piece(zipf, part_listed):
    # 長期|金利 (金利 listed, 3.9) weighs like a domain compound; 共同|開発 is read off its pieces
    from tangocho.wordlists import WordList

    lists = {"business": WordList("b", frozenset({"市場"}))}
    dictionary = FakeDictionary(entries=ENTRIES, zipf={"株式": zipf, "市場": 4.9})
    collector = Collector(dictionary, domain_lists=lists)
    collector.add([Sentence("株式市場が荒れた。", tokenize("株式市場が荒れた。"), ARTICLE, 0)])
    found = {c.word: c for c in collector.rank()}["株式市場"]
    assert any(r.startswith("part in list") for r in found.reasons) is part_listed


@pytest.mark.parametrize(
    ("head", "head_zipf", "carded"),
    [
        ("回復", 5.0, False),  # as common as 情報 or 企業 (basic at 4.8): adds nothing to 景気's card
        ("回復", 4.5, True),
        ("差", 5.0, True),  # a one-character head makes a term (金利|差): not a word of its own
    ],
)
def test_a_compound_of_a_card_and_a_basic_head_is_no_card(head, head_zipf, carded):
    texts = ["景気が良い。", f"景気{head}が進む。", f"景気{head}を急ぐ。", f"景気{head}を待つ。"]
    found = words(*texts, zipf={"景気": 3.0, head: head_zipf})
    assert (f"景気{head}" in found) is carded


@pytest.mark.parametrize(("zipf", "carded"), [(4.5, False), (3.0, True)])
def test_a_compound_of_everyday_words_none_of_them_a_card_is_no_card(zipf, carded):
    # 発電|設備, 一定|規模 three times: read off two words the reader knows (Zipf 4.5, plain-known)
    texts = ["景気回復が進む。", "景気回復を急ぐ。", "景気回復を待つ。"]
    found = words(*texts, zipf={"景気": zipf, "回復": 4.5})
    assert ("景気回復" in found) is carded


@pytest.mark.parametrize(("priority", "carded"), [(("ichi1",), False), (("news2",), True)])
def test_a_core_time_word_is_known(priority, carded):
    # 前年, 先月 (Zipf 4.1): an adverbial noun of the core vocabulary (ichi1) is known like a core verb
    # (先月 itself is N5: known as JLPT vocabulary)
    month = entry(94, "前年", "ぜんねん", "the previous year", priority=priority)
    collector = Collector(FakeDictionary(entries=[*ENTRIES, month], zipf={"前年": 3.8}))
    texts = ["前年から上がった。", "前年の数字だ。", "前年に決めた。"]
    collector.add([Sentence(t, tokenize(t), ARTICLE, i) for i, t in enumerate(texts)])
    assert ("前年" in {c.word for c in collector.rank(max_words=None)}) is carded


@pytest.mark.parametrize(("priority", "carded"), [(("ichi1",), False), (("news2",), True)])
def test_a_core_everyday_verb_is_known(priority, carded):
    # 強まる (Zipf 3.2) repeated: a core verb (JMdict ichi1) is known at the intermediate level
    verb = entry(
        90, "強まる", "つよまる", "to get strong", pos=("Godan verb with 'ru' ending",), priority=priority
    )
    collector = Collector(FakeDictionary(entries=[*ENTRIES, verb], zipf={"強まる": 3.2}))
    texts = ["懸念が強まった。", "警戒が強まる。", "圧力が強まった。"]
    collector.add([Sentence(t, tokenize(t), ARTICLE, i) for i, t in enumerate(texts)])
    assert ("強まる" in {c.word for c in collector.rank()}) is carded


@pytest.mark.parametrize(
    ("stem", "zipf", "carded"),
    [
        ("柔軟", 4.6, False),  # the reader who knows 柔軟 (4.6) reads 柔軟さ off it
        ("柔軟", 3.5, True),
        ("便利", 3.5, False),  # 便利 is JLPT N5: known whatever wordfreq says
    ],
)
def test_a_known_word_with_a_grammatical_ending_is_known(stem, zipf, carded):
    word = stem + "さ"
    derived = entry(91, word, "さ", "-ness")
    collector = Collector(FakeDictionary(entries=[*ENTRIES, derived], zipf={stem: zipf}))
    collector.add([Sentence(f"{word}が増した。", tokenize(f"{word}が増した。"), ARTICLE, 0)])
    assert (word in {c.word for c in collector.rank()}) is carded


@pytest.mark.parametrize(("listed", "carded"), [(frozenset(), True), (frozenset({"景気"}), False)])
def test_a_listed_part_seen_only_inside_a_compound_still_teaches_it(listed, carded):
    # 電線 (listed) seen only in 電線|製造業 keeps its own card, so the compound seen twice is on it
    from tangocho.wordlists import WordList

    lists = {"business": WordList("b", listed)}
    collector = Collector(
        FakeDictionary(entries=ENTRIES, zipf={"景気": 3.0, "回復": 3.0}), domain_lists=lists
    )
    texts = ["回復が早い。", "景気回復が進む。", "景気回復を待つ。"]
    collector.add([Sentence(t, tokenize(t), ARTICLE, i) for i, t in enumerate(texts)])
    assert ("景気回復" in {c.word for c in collector.rank()}) is carded


@pytest.mark.parametrize(
    ("word", "gloss", "carded"),
    [
        ("承認", ("approval", "consent"), True),  # an administrative act: the drug-approval article's word
        ("承認", ("recognition (of merit)", "acknowledgement"), False),  # a parenthesised note is no sense
        ("上昇", ("rising", "ascending"), False),  # an everyday change as common stays known
    ],
)
def test_an_administrative_verbal_noun_is_no_plain_word(word, gloss, carded):
    # Zipf 4.5, 0.3 below the intermediate threshold: a word with no domain signal is known there, but
    # not a verbal noun naming an act of administration (承認 "approval", 申請, 規制, 設置 "installation")
    noun = Entry(id=92, kanji=(Form(word),), kana=(Form("よみ"),), senses=(Sense(gloss, VERBAL),))
    collector = Collector(FakeDictionary(entries=[*ENTRIES, noun], zipf={word: 4.5}))
    texts = [f"価格の{word}が続いた。", f"今年も{word}した。"]
    collector.add([Sentence(t, tokenize(t), ARTICLE, i) for i, t in enumerate(texts)])
    assert (word in {c.word for c in collector.rank(max_words=None)}) is carded


@pytest.mark.parametrize(
    ("word", "text", "zipf", "carded"),
    [
        ("方針通り", "方針通りに進んだ。", {"方針": 5.2}, False),  # 通り "as": grammar on a known word
        ("方針通り", "方針通りに進んだ。", {"方針": 3.0}, True),
        ("戦略的", "戦略的な課題だ。", {"戦略": 4.9}, False),  # 的 on a basic word: "strategic"
        ("戦略的", "戦略的な課題だ。", {"戦略": 4.5}, True),  # on a word known only as plain
        ("国家的", "国家的な課題だ。", {"国家": 4.5}, False),  # 国家 is JLPT N3: "national" is read off it
        ("会社員", "会社員が増えた。", {"会社": 5.4}, False),  # 員 "member of" a known word: the staff
        ("従業員", "従業員が増えた。", {"従業": 3.0}, True),
    ],
)
def test_a_basic_word_with_a_grammatical_suffix_is_known(word, text, zipf, carded):
    pos = (
        ("adverb (fukushi)",)
        if word.endswith("通り")
        else ("adjectival nouns or quasi-adjectives (keiyodoshi)",)
    )
    derived = entry(93, word, "よみ", "gloss", pos=pos)
    collector = Collector(FakeDictionary(entries=[*ENTRIES, derived], zipf=zipf))
    collector.add([Sentence(text, tokenize(text), ARTICLE, 0)])
    assert (word in {c.word for c in collector.rank(max_words=None)}) is carded


@pytest.mark.parametrize(
    ("alone", "head_zipf", "carded"), [(True, 4.5, False), (False, 4.5, True), (True, 3.0, True)]
)
def test_a_compound_of_a_card_and_a_known_head_seen_twice_is_no_card(alone, head_zipf, carded):
    # 工場|建設, 基地局|建設 twice beside the card 工場 / 基地局: the card and a word the reader knows
    # (建設 4.6) teach it; with parts used only inside it, or a head still to learn, it stays
    texts = (["景気が良い。", "景気が悪い。"] if alone else []) + ["景気回復が進む。", "景気回復を待つ。"]
    found = words(*texts, zipf={"景気": 3.0, "回復": head_zipf})
    assert ("景気回復" in found) is carded


@pytest.mark.parametrize(("zipf", "carded"), [(5.0, False), (4.0, True)])
def test_an_expression_of_basic_words_only_is_known(zipf, carded):
    # 可能性が高い, 被害を受ける: every piece as common as 会社 (basic) — nothing left to learn
    found = words("経営が軌道に乗った。", zipf={"軌道": zipf, "に": 6.0, "乗っ": 5.0, "乗る": 5.0})
    assert ("軌道に乗る" in found) is carded


@pytest.mark.parametrize(
    ("zipf", "times", "carded"),
    [
        (4.5, 1, False),  # ログ|ファイル seen once, both everyday loans: read off its pieces
        (4.5, 2, True),  # the text comes back to it: a card
        (2.5, 1, True),  # a loan piece still to learn
    ],
)
def test_a_compound_of_everyday_loans_seen_once_is_read_off_them(zipf, times, carded):
    logfile = Entry(
        61,
        (),
        (Form("ログファイル", kana_only=True),),
        (Sense(("logfile",), ("noun (common) (futsuumeishi)",), ("computing",)),),
    )
    dictionary = FakeDictionary(entries=[*ENTRIES, logfile], zipf={"ログ": zipf, "ファイル": 4.8})
    collector = Collector(dictionary)
    texts = ["ログファイルを調べた。", "原因をログファイルで確かめた。"][:times]
    collector.add([Sentence(t, tokenize(t), ARTICLE, i) for i, t in enumerate(texts)])
    assert ("ログファイル" in {c.word for c in collector.rank(max_words=None, min_score=0.0)}) is carded


# ------------------------------------------------------------------ known words of the level above


def _one_word(word: str, reading: str, text: str, zipf: dict[str, float], **kw) -> object | None:
    collector = Collector(FakeDictionary(entries=[*ENTRIES, entry(95, word, reading, "gloss")], zipf=zipf))
    collector.add([Sentence(text, tokenize(text), ARTICLE, 0)])
    return {c.word: c for c in collector.rank(max_words=None, min_score=0.0, **kw)}.get(word)


def test_a_word_of_the_level_being_studied_counts_half():
    # 供給 is JLPT N3, 調達 on no list of N5–N3: the same count and frequency, half the score
    scores = {}
    for word, reading in (("供給", "きょうきゅう"), ("調達", "ちょうたつ")):
        found = _one_word(word, reading, f"{word}が増えた。{word}を急いだ。", {word: 3.0})
        scores[word] = found.score
    assert scores["供給"] == pytest.approx(scores["調達"] * score.NEAR_KNOWN_WEIGHT, abs=0.1)
    assert scores["供給"] < scores["調達"]
    # at the advanced level N3 is known: no card
    assert _one_word("供給", "きょうきゅう", "供給が増えた。", {"供給": 3.0}, level="advanced") is None


@pytest.mark.parametrize(
    ("word", "reading", "text", "zipf", "carded"),
    [
        ("各社", "かくしゃ", "各社が値上げした。", {}, False),  # each + a unit of organisation
        ("全市", "ぜんし", "全市で1位だ。", {}, False),
        ("全株式", "ぜんかぶしき", "全株式を取得した。株式の価値が上がった。", {}, False),  # 株式 used alone
        ("大企業", "だいきぎょう", "大企業が投資した。", {"企業": 5.3}, False),  # big + a basic word
        ("全固体", "ぜんこたい", "全固体の電池だ。", {}, True),  # 固体: neither a unit nor a word of the text
        ("大規模", "だいきぼ", "大規模な投資だ。", {"規模": 4.7}, True),  # 規模 is not basic
        ("他社", "たしゃ", "他社が値上げした。", {}, False),  # other + a unit of organisation
        ("自社", "じしゃ", "自社で開発した。", {}, False),  # own + a unit
        ("他業種", "たぎょうしゅ", "他業種から参入した。", {"業種": 4.5}, False),  # other + a known word
        ("自動", "じどう", "自動で動く。", {"動": 4.5}, True),  # 自 before anything but a unit: a word
    ],
)
def test_a_quantifier_before_a_unit_or_a_known_word_is_no_card(word, reading, text, zipf, carded):
    assert (_one_word(word, reading, text, {word: 3.0, **zipf}) is not None) is carded


@pytest.mark.parametrize(
    ("word", "stem_zipf", "lifted"),
    [
        ("工事費", 4.7, False),  # the cost of a word the reader knows: the suffix is all there is to learn
        ("工事費", 3.0, True),
    ],
)
# (製造|品 "manufactured goods" is read off a known 製造 the same way: AMOUNT_SUFFIXES)
def test_an_amount_suffix_on_a_known_stem_gets_no_lift(word, stem_zipf, lifted):
    found = _one_word(word, "こうじひ", f"{word}が増えた。", {word: 3.0, "工事": stem_zipf})
    assert any(r.startswith("derived word") for r in found.reasons) is lifted


@pytest.mark.parametrize(("stem_zipf", "lifted"), [(4.7, False), (3.0, True)])
def test_goods_of_a_known_stem_get_no_lift(stem_zipf, lifted):
    found = _one_word("加工品", "かこうひん", "加工品が増えた。", {"加工品": 3.0, "加工": stem_zipf})
    assert any(r.startswith("derived word") for r in found.reasons) is lifted


@pytest.mark.parametrize(
    ("text", "compound", "built"),
    [
        ("管理会社とも応募契約を結んだ。", "管理会社とも応募契約", False),  # とも "too": grammar ends the run
        ("両社とも増益協議を続けた。", "両社とも増益協議", False),
        ("戦略的新興産業を育てた。", "戦略的新興産業", True),  # a suffix in kanji stays inside
    ],
)
def test_a_suffix_in_hiragana_closes_a_compound(text, compound, built):
    assert ((Kind.COMPOUND, compound) in collect(text).tallies) is built


@pytest.mark.parametrize(("zipf", "general"), [(3.5, True), (1.9, False)])
def test_a_rare_verb_is_no_general_word(zipf, general):
    # 据え置く (Zipf 1.9) is a verb of news, ranked on its whole keyness; an everyday verb on half
    verb = Entry(95, (Form("据え置く"),), (Form("すえおく"),), (Sense(("to leave as is",), ("Godan verb",)),))
    collector = Collector(FakeDictionary(entries=[*ENTRIES, verb], zipf={"据え置く": zipf}))
    text = "金利を据え置いた。"
    collector.add([Sentence(text, tokenize(text), ARTICLE, 0)])
    found = {c.word: c for c in collector.rank(max_words=None, min_score=0.0)}
    assert ("general word" in found["据え置く"].reasons) is general


def test_two_titles_joined_by_kane_are_no_compound():
    tallies = collect("会長兼社長は決算を公表した。").tallies
    assert not any(kind is Kind.COMPOUND and "兼" in word for kind, word in tallies)


@pytest.mark.parametrize(
    ("text", "word", "reading"),
    [
        ("世界に先んじて取り組む。", "先んじる", "さきんじる"),  # UniDic's 先んずる, inflected 先んじ
        ("政府は措置を講じた。", "措置を講じる", "そちをこうじる"),
    ],
)
def test_a_jiru_verb_is_read_in_its_dictionary_form(text, word, reading):
    found = words(text, min_score=0.0)
    assert (found[word].reading, found[word].reading_checked) == (reading, True)


@pytest.mark.parametrize(
    ("text", "word", "found"),
    [
        # a verb news writes in kana is a word of its own (嵩む): 費用がかさむ
        ("人件費がかさむ。", "かさむ", True),
        # a kana verb that is grammar after a particle is not: 新薬をめぐって
        ("新薬をめぐって議論が続く。", "めぐる", False),
    ],
)
def test_a_verb_written_in_kana(text, word, found):
    assert (word in words(text, min_score=0.0)) is found


@pytest.mark.parametrize(
    ("text", "word", "not_word"),
    [
        # a noun and its に that JMdict has as an adverb: 次第に "gradually", not 次第 "order"
        ("販売は次第に回復した。", "次第に", "次第"),
        # but a noun the の before it modifies stays a noun: 便利さの陰に "in the shadow of convenience"
        ("便利さの陰に潜むリスクを知る。", None, "陰に"),
    ],
)
def test_a_noun_and_its_ni_as_an_adverb(text, word, not_word):
    found = words(text, min_score=0.0)
    assert (word is None or word in found) and not_word not in found


def test_a_dependent_verb_ends_a_compound_verb():
    # UniDic calls 付ける dependent (非自立可能), as it calls いる in している: 義務|付け|た is still
    # JMdict's 義務付ける; している, ことになる stay grammar
    found = words("政府は開示を義務付けた。", min_score=0.0)
    assert found["義務付ける"].reading == "ぎむづける"


@pytest.mark.parametrize(
    ("text", "compound"),
    [
        ("統合後の銀行は大きい。銀行の統合後に増えた。", "統合後"),  # the time after what the run names
        ("金融庁幹部は述べた。金融庁幹部が会った。", "金融庁幹部"),  # a government body's officials
    ],
)
def test_no_compound_of_a_time_word_or_of_a_government_body(text, compound):
    assert compound not in words(text, min_score=0.0)


@pytest.mark.parametrize(
    ("text", "compound", "built"),
    [
        ("灯油型ジェット燃料を使う。", "灯油型", False),  # "kerosene-type" modifies what follows
        ("調整力確保を急ぐ。", "調整力", True),  # 力 makes a noun, a word of its own inside the run
    ],
)
def test_an_attributive_suffix_inside_a_run_makes_no_word(text, compound, built):
    assert ((Kind.COMPOUND, compound) in collect(text).tallies) is built


@pytest.mark.parametrize(
    ("stem", "suffix", "carded"),
    [
        ("物流", "費", False),  # the cost of a card's word: read off it
        ("調整", "力", True),  # a term of its own (調整力 "balancing capability")
    ],
)
def test_a_card_with_an_amount_suffix_is_see_through(stem, suffix, carded):
    texts = [f"{stem}が変わる。", f"{stem}を見直す。", f"{stem}の改革。"] + [f"{stem}{suffix}が増える。"] * 2
    found = words(*texts, zipf={stem: 3.0})
    assert stem in found
    assert (stem + suffix in found) is carded


@pytest.mark.parametrize(
    ("text", "compound"),
    [
        ("小型衛星を打ち上げた。小型衛星が増えた。", "小型衛星"),  # a size before a noun: a small satellite
        ("保険各社が値上げした。保険各社は増益だった。", "保険各社"),  # each insurer
    ],
)
def test_a_size_word_or_each_company_makes_no_compound(text, compound):
    assert (Kind.COMPOUND, compound) not in collect(text).tallies


@pytest.mark.parametrize(
    ("text", "compound"),
    [
        ("新ドックが完成した。新ドックで建造する。", "新ドック"),  # "new" before a noun: a new dock
        ("前日銀総裁が述べた。前日銀総裁は講演した。", "前日銀総裁"),  # "former"
    ],
)
def test_new_or_former_before_a_noun_makes_no_compound(text, compound):
    assert (Kind.COMPOUND, compound) not in collect(text).tallies


def test_of_entries_read_alike_the_one_the_written_form_heads():
    # 人手 ひとで: JMdict's starfish (海星, 人手, 海盤車; usually written in kana) and 人手 "hand (worker)"
    from tangocho.select.score import choose_entry

    kana = "word usually written using kana alone"
    starfish = Entry(
        1, (Form("海星"), Form("人手")), (Form("ひとで"),), (Sense(("starfish",), ("noun",), misc=(kana,)),)
    )
    hands = Entry(2, (Form("人手"),), (Form("ひとで"),), (Sense(("hand (worker)",), ("noun",)),))
    assert choose_entry("人手", [starfish, hands], "ヒトデ", False)[0] is hands
    assert choose_entry("人手", [hands, starfish], "ヒトデ", False)[0] is hands


def test_a_company_named_before_is_named_so_with_its_katakana_cut_short():
    # 浪花ロジスティクス（大阪市）, then 浪花ロジ: the short form is the company, not "logistics"
    found = words(
        "浪花ロジスティクス（大阪市）は新工場を建設した。", "浪花ロジは販売を増やした。", min_score=0.0
    )
    assert "ロジ" not in found and "ロジスティクス" not in found


@pytest.mark.parametrize(
    ("text", "word", "not_word"),
    [
        # a negative in the past is looked up in its dictionary form: 満た|なかっ|た → 満たない
        ("輸出額は10億円に満たなかった。", "満たない", "満つ"),
        # a grammar verb begins no word, kanji or not: せざるを|得|なかっ is no 得ない "unable to"
        ("投与を中止せざるを得なかった。", None, "得ない"),
        # nor is "good" the end of one: 質の良い is good + quality
        ("質の良い製品を作る。", None, "質の良い"),
        # a word JMdict writes in kana, spelt in kanji across tokens, is those words: 行け|ない "cannot go"
        ("病院にも行けない。", None, "行けない"),
    ],
)
def test_negatives_and_grammar_verbs(text, word, not_word):
    found = words(text, min_score=0.0)
    assert (word is None or word in found) and not_word not in found


def test_a_word_in_kana_takes_the_entry_of_its_part_of_speech():
    # そろっ|た: 揃う "to be complete", not 疎漏 "carelessness" (both read そろう)
    from tangocho.select.score import choose_entry

    carelessness = Entry(
        1, (Form("疎漏"),), (Form("そろう"),), (Sense(("carelessness",), ("noun (common)",)),)
    )
    complete = Entry(2, (Form("揃う"),), (Form("そろう"),), (Sense(("to be complete",), ("Godan verb",)),))
    assert choose_entry("そろう", [carelessness, complete], "ソロウ", False, "verb")[0] is complete
    assert (
        choose_entry("そろう", [carelessness, complete], "ソロウ", False)[0] is carelessness
    )  # no word class
