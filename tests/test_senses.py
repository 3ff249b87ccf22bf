"""The first sense on the card, in context: (article, word) → first sense with the real dictionary
(slow), and each rule of render.ordered_senses on entries written here."""

from __future__ import annotations

import re

import pytest

from tangocho import Options
from tangocho.models import Candidate, Entry, Form, Sense
from tangocho.pipeline import make_cards, select_words
from tangocho.render import SenseContext, _plain_senses, definitions, ordered_senses, plain_gloss

RAISE_TEXT = (
    "政府は来年度の最低賃金の引き上げを決めた。中小企業は賃上げの原資が乏しく、値上げで補うしかない。"
)
LEAK_TEXT = "顧客の個人情報が外部に流出した。情報漏えいの原因は、機密情報を含むファイルの漏洩だった。"
# (its computing words carded: everyday loans such as ダウンロード, ネットワーク are known words)
COMPUTING = (
    "サーバーのデータベースに接続し、プログラムのファイルを保存した。"
    "端末から入力した命令を実行し、演算結果を出力してアプリケーションを更新した。"
)


def first_sense(tmp_path, text: str, word: str) -> str:
    article = tmp_path / "article.txt"
    article.write_text(text + "\n", encoding="utf-8")
    include = tmp_path / "include.txt"
    include.write_text(word + "\n", encoding="utf-8")
    options = Options(include=[str(include)])
    selection, dictionary = select_words([str(article)], options)
    cards = {c.fields["Expression"]: c for c in make_cards(selection, dictionary, options)}
    main = cards[word].fields["MainDefinition"]
    first = m.group(1) if (m := re.search(r"<li>(.*?)</li>", main)) else main  # a compound: its parts
    return re.sub(r"<[^>]*>", "", re.sub(r'<span class="pos">.*?</span>', "", first)).strip()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        # a collocation the gloss names: 覚書を結ぶ is concluded like a deal, not tied
        ("両社は業務提携に関する覚書を結んだ。", "結ぶ", "to close (e.g. deal)"),
        ("箱のリボンを結んだ。", "結ぶ", "to tie"),  # no collocation named: JMdict order
        # the word's own noun (見込み "hope; promise") and a verb sharing only its second verb (抱え込む
        # "to hold in one's arms") name no sense of it: "to find promising", "to hold spellbound" were first
        ("市は事業費として総額約38億円を見込む。年度末には基金が減る見込みだ。", "見込む", "to anticipate"),
        ("多くの課題を抱え込む市は、費用を600億円圧縮できると見込む。", "見込む", "to anticipate"),
        # … while the verb's own "to anticipate; to expect; to estimate" names the noun's estimate
        ("売上高は2026年度見込みの2兆1000億円を上回る。同社は増収を見込む。", "見込み", "expectation"),
        # a field two senses share is the word's own, not foreign to the article: "rolled egg" (food)
        ("ゆで卵や卵焼きなどの総菜を扱う食品メーカーも、内容量を減らしている。", "卵焼き", "rolled egg"),
        # a verb's stem shared only where it is not both words' head: 落ち込み names nothing of 型落ち
        ("販売の落ち込みが続き、店頭には型落ちの完成車が山積みになっている。", "型落ち", "old model"),
        # a jump or a swing said of a plan or a rate is no body's motion (a focus particle after the
        # case particle: 見直し|に|も|踏み切る); 踏み切って跳んだ keeps the jump
        ("同社は契約の見直しにも踏み切った。", "踏み切る", "to take the plunge"),
        ("選手が踏み切って跳んだ。", "踏み切る", "to take off"),
        ("為替が円高に振れれば利益が減る。", "振れる", "to veer"),
        # a verb with an object in a transitive sense: the literal "someone" sense does not give way to
        # one JMdict gives as intransitive ("to begin to work")
        ("同社は食品メーカーに紙製の包装材の採用を働きかけている。", "働きかける", "to work on (someone)"),
        # domain senses only where the article is about that domain
        ("新工場の拡張で生産能力が増える。", "拡張", "expansion"),
        ("駅の周辺には新しい店が増えた。", "周辺", "circumference"),
        ("首相は内閣の改造に踏み切った。", "改造", "remodeling"),
        ("両国の交流が進んでいる。", "交流", "exchange (e.g. cultural)"),
        ("上位の企業が利益を伸ばした。", "上位", "superior (in rank)"),
        ("野菜を冷蔵庫で保存した。", "保存", "preservation"),
        (COMPUTING, "保存", "saving (e.g. to disk)"),
        # in an article about computing, a sentence that is not: no computer sense first
        (COMPUTING + "営業の人員を第一線に投入した。", "投入", "investment; commitment"),
        # never first: game terms, historical senses, proper nouns, abbreviations the text lacks
        ("交渉は新たな局面を迎えた。", "局面", "aspect of an affair"),
        ("大学と企業の共同研究が始まった。", "大学", "university"),
        ("労働組合の連合が賃上げを求めた。", "連合", "union"),
        ("多くのケースで損失が出た。", "ケース", "case"),
        # the noun used as a verb takes the suru-verb's sense where JMdict splits them
        ("中小企業は深刻な人手不足に直面している。", "直面", "to face"),
        ("両者の直面は避けられなかった。", "直面", "confrontation"),
        # glosses that name the business world first: a store, stocks, a price
        ("同社は来年、海外で新規出店を加速する。", "出店", "opening a branch office"),
        # a parenthesis saying what a sense is of names no business sense: panels are dismantled,
        # an organisation dissolved
        ("古いパネルの解体が進む。", "解体", "demolition"),
        ("政府は組織の解体を決めた。", "解体", "dissolution"),
        # (stocks in an article that speaks of the stock market: 株式市場, 株価指数)
        (
            "株式市場では値上がりした銘柄が全体の7割を超えた。株価指数も上昇した。",
            "銘柄",
            "trading name of stocks",
        ),
        # an abbreviation's sense after the word's own
        ("セール品ではなくプロパー商品が売れた。", "プロパー", "regular price"),
        # the part of speech the sentence uses: な after the word → the adj-na sense
        ("共有フォルダはプライベートな設定のまま運用している。", "プライベート", "private"),
        ("休日はプライベートを大切にしたい。", "プライベート", "personal life"),
        # a sense whose gloss names what the article's words are about: 賃上げ "wage increase"
        (RAISE_TEXT, "引き上げ", "raising; increase"),
        ("沈没船の引き上げ作業が始まった。", "引き上げ", "pulling up"),
        # (two kin words that share one kanji: 加工 "manufacturing; processing", 着工 "starting work";
        # not 工業, 工場: JLPT N4, no cards at the intermediate level)
        ("党の工作委員会は、部品の加工と工場の着工、製造業の誘致を進めた。", "工作", "work; construction"),
        # one kin word that shares one kanji is chance: 手を組む "to join forces" names no "force
        # attacking the front of a castle"; a compound the word is in names its sense (最先端)
        ("携帯電話大手の3社は手を組んで、基地局を共同で建設する。", "大手", "major company"),
        ("最先端の技術を持つ企業が、先端の半導体を量産する。", "先端", "forefront"),
        ("工具の先端を磨いた。", "先端", "pointed end"),
        ("子どもたちは夏休みに工作を楽しんだ。", "工作", "handicraft"),
        (LEAK_TEXT, "流出", "leak of (private) information"),
        ("川の水が田畑に流出した。", "流出", "discharge"),
        # a change said of an amount: the noun before の, or before が where the word is a verb
        ("来年から消費税率の引き上げが実施される。", "引き上げ", "raising; increase"),
        ("外国為替市場では、円安・ドル高が進行した。", "進行", "advance; advancement; progress"),
        ("警官が車の進行を止めた。", "進行", "moving forward"),
        # the noun before a noun is its partner; kinds of utility are one class (gas → operator)
        ("地域のガス事業者が料金を改定した。", "事業者", "operator; carrier"),
        ("個人の事業者は確定申告が必要だ。", "事業者", "business person"),
        # JMdict's first sense keeps its place: an abbreviation, of another domain than the article's
        ("利用者はスマートフォンなどの端末からサービスに接続する。", "端末", "terminal"),
        # a list of kinds no word of the article bears out is dropped
        ("同社は地域の産業チェーンの構築を急ぐ。", "チェーン", "chain"),
        # abstract senses the sentence asks for: a forecast of a figure, or what a clause expects
        ("日銀は消費者物価の見通しを引き上げた。", "見通し", "forecast"),
        ("新しい橋の工事は来年に完了する見通しだ。", "見通し", "forecast"),
        ("山頂からの見通しがよい。", "見通し", "unobstructed view"),
        # a verb whose partner is an action (a suru-noun): to decide, not to jump
        ("中央銀行は追加の利上げに踏み切った。", "踏み切る", "to take the plunge"),
        ("選手は力強く踏み切った。", "踏み切る", "to take off"),
        # funds put to a purpose (a partner of the money class): to appropriate, not to turn around
        ("同社は利益の一部を新規の投資に振り向ける。", "振り向ける", "to appropriate"),
        ("彼女は顔をこちらに振り向けた。", "振り向ける", "to turn (around)"),
        # a plan or an idea comes up (its subject, an adverb between): emerging, not surfacing
        ("郊外でデータセンターの建設計画が相次いで浮上している。", "浮上", "emerging"),
        ("政府内で増税の案が浮上した。", "浮上", "emerging"),
        ("潜水艦がゆっくり浮上した。", "浮上", "surfacing"),
        # a kind of business the sense lists (transport) and the article's words name, though every
        # business article has "business" (業界, 事業): not "business person"
        ("物流業界では輸送の担い手が足りない。運送を担う事業者の多くは赤字だ。", "事業者", "operator"),
        ("個人の事業者は確定申告をする。", "事業者", "business person"),
        # a slump or a standstill said of an economy, an amount or an action, not of a body or a plane
        ("個人消費の回復が失速した。", "失速", "downturn"),
        ("新車販売が大きく落ち込んだ。", "落ち込む", "to be in a slump"),
        ("景気回復の足踏みが続く。", "足踏み", "standstill"),
        ("景気は踊り場にある。", "踊り場", "leveling off"),
        ("輸出の伸びが息切れしている。", "息切れ", "running out of steam"),
        ("階段の踊り場で休んだ。", "踊り場", "landing (stairs)"),
        ("飛行機が失速して高度を下げた。", "失速", "stall (in flying)"),
        # a verb news writes in kana, and a grievance that smoulders as a dispute does
        ("社内には待遇への不満がくすぶる。", "くすぶる", "to smoulder (e.g. a dispute)"),
        ("たき火がくすぶる。", "くすぶる", "to smoke"),
        ("人件費がかさむ。", "かさむ", "to mount up"),
        # kin words of a class (代金, 補助金: payment) do not outvote the first sense its family names
        # by two of its own words (賃上げ "pay rise": wages; pay)
        ("賃上げの動きが広がる。補助金で代金を支払った。下請けの賃金を守る。", "賃金", "wages"),
        # work is avoided; someone is kept at arm's length
        ("採算の合わない工事を敬遠する。", "敬遠", "avoiding"),
        ("彼は上司を敬遠している。", "敬遠", "pretending to respect someone"),
        # a plan is reworked, dough is kneaded again
        ("同社は事業計画を練り直す。", "練り直す", "to rework"),
        ("パン生地を練り直す。", "練り直す", "to knead again"),
        # a journey said of talks or a plan: the figurative sense
        ("労使の交渉は難航している。", "難航", "rough going"),
        ("嵐で船は難航した。", "難航", "difficult voyage"),
        # the money of markets: a dividend, exchange rates
        ("同社は今期の配当を1株30円に引き上げる。", "配当", "dividend"),
        ("為替の変動が業績を左右した。", "為替", "exchange (e.g. foreign)"),
        ("古い部品を新しい部品に換える。", "換える", "to replace"),  # not "to exchange"
        # a bound or a mainstay of a business, a field, an action or an income: not a garden's hedge
        ("業種の垣根を越えた提携が広がる。", "垣根", "border"),
        ("庭の垣根を低く刈り込んだ。", "垣根", "hedge"),
        ("新規参入の壁は高い。", "壁", "barrier"),
        ("年収の壁を意識して働く時間を抑える人が多い。", "壁", "barrier"),
        ("部屋の壁に絵を掛けた。", "壁", "wall"),
        ("同社は電池を事業の柱に育てる。", "柱", "support; prop; mainstay"),
        ("古い家の柱が傾いた。", "柱", "pillar"),
        # kin words (電力, 送電網: kanji 電) name a sense by a word of its class (power ~ electricity)
        (
            "データセンターの受電容量は5万キロワットだ。電力会社は送電網を増強し、電力需要の伸びに備える。",
            "受電",
            "receiving electricity",
        ),
        ("会社の受電の記録を調べた。", "受電", "receiving a telegram"),
        # a close kin names a sense by another form of its word: 還元鉄 "reduced iron" → "reduction"
        (
            "高炉は鉄鉱石をコークスで還元して鉄をつくる。水素で還元鉄をつくる技術も進む。",
            "還元",
            "reduction",
        ),
        ("同社は利益を株主に還元する。", "還元", "restoration; return"),
        # what is met or becomes one: a requirement, not an important matter
        ("応募者は資格の要件を満たす必要がある。", "要件", "requirement"),
        ("補助金を受けるには、国内で生産を続けることが要件となる。", "要件", "requirement"),
        ("社長は急ぎの要件で出かけた。", "要件", "important matter"),
        # a network, station or law is put in place; parts are maintained
        ("政府は地方の通信網の整備を急ぐ。", "整備", "putting in place"),
        ("整備士が旅客機の部品の整備を行った。", "整備", "maintenance"),
        # a firm's figures are one class with a sense's "(sales, economy, etc.)": 企業収益の堅調さ
        ("企業収益の堅調さが景気を支えている。", "堅調", "strong"),
        ("東京株式市場は堅調な値動きが続いた。", "堅調", "firm (market)"),
        # a sense's list of kinds the article is about (transport: 輸送, 貨物輸送): operator, carrier
        (
            "貨物の輸送の需要が増え、貨物輸送の運賃も上がった。多くの事業者は運転手の不足に悩む。",
            "事業者",
            "operator; carrier",
        ),
        # the word an abbreviation is short for is in the article: 携帯 beside 携帯電話
        ("携帯電話の契約が増えた。携帯の料金は下がった。", "携帯", "mobile phone"),
        # (楽天グループ傘下, 楽天子会社: select makes the company a name span, no word card — test_word_rules;
        # a card of such a word shows the company first — test_a_company_the_text_names_comes_first)
        ("彼の楽天が家族を救った。", "楽天", "optimism"),
        # JMdict's first sense, of a field the article is not about (med), yields to the plain one
        ("海外の同業大手が資本業務提携を打診した。", "打診", "sounding out"),
        # the compound the sentence makes of an abbreviation bears it out: 常務|執行役員
        ("鈴木常務執行役員は記者会見で新しい方針を説明した。", "常務", "managing director"),
        # a sense JMdict gives only as a prenominal noun (集約農業) where no noun follows: 集約を進める
        ("同社は国内の生産拠点の集約を進める。", "集約", "collecting"),
        # an action or a figure takes hold as a custom does; staff settle in
        ("実質賃金のプラスが定着しない限り、節約は続く。", "定着", "becoming established"),
        ("若い世代にも投資が定着しつつある。", "定着", "becoming established"),
        ("地方の工場に若い社員が定着した。", "定着", "sticking"),
        # a site or a network is put in place, not maintained; a machine is maintained
        ("政府は射場の整備を急ぐ。", "整備", "putting in place"),
        ("米国は小型衛星網の整備を進めている。", "整備", "putting in place"),
        ("整備士が機体の整備を終えた。", "整備", "maintenance"),
        # what is sped up is being built, even of equipment (部品の整備 stays maintenance); a
        # development alone names no building up: 販路の開拓を急ぐ stays "pioneering"
        ("蓄電池の整備を加速する。", "整備", "putting in place"),
        ("新たな販路の開拓を急ぐ。", "開拓", "pioneering"),
        # money kept is an amount too: 預金が目減り → "decrease (in value)", not a loss in transit
        ("物価高で家計の預金が目減りする。", "目減り", "decrease (in value)"),
        (
            "返済が進むことによる残高の目減りもあり、貸出残高は伸び悩んでいる。",
            "目減り",
            "decrease (in value)",
        ),
        # a verb's stem after の is its noun (unidic-lite tags it a verb): 引き落とし "debit", not
        # 引き落とす "to pull down"
        ("給与の振り込みや公共料金の引き落とし、将来の相談など。", "引き落とし", "debit"),
        ("給料が上がっても、預金だけでは目減りする。", "目減り", "decrease (in value)"),
        ("輸送中に穀物が目減りした。", "目減り", "loss (of weight"),
        # before は with a clause of its own, a noun that is an adverb too is used as one: 当面は…続く
        ("当面は外国人材への依存が続く見通しだ。", "当面", "for the meantime"),
        ("当面の課題は人手の確保だ。", "当面", "current; urgent"),
        # a title after a person's name: the role, not "routine business" (a business-world gloss)
        ("会見で三上常務は新しい事業の方針を説明した。", "常務", "managing director"),
        # a sense's list of kinds, the class of the article's words (建設 "construction", 建物 "building";
        # 建設業者 "contractor": 建設会社, read off 建設 + 会社 once, is no card to lend its gloss; 工期
        # "construction period")
        (
            "建設業者は工期を延ばした。建物の建設が遅れ、施主との交渉が長引いている。",
            "施主",
            "client (of a builder, etc.)",
        ),
        # the object of the noun used as a verb is its partner: a product is launched; a takeover concluded
        # a sense's list of kinds that the sentence's nouns name: rockets
        ("民間の射場から小型ロケットで衛星を打ち上げる。", "射場", "launch site"),
        ("弓道部の部員が射場で練習した。", "射場", "archery range"),
        ("自動車大手は来年、新型車を投入する。", "投入", "launching (a product"),
        # … a kind of goods (品 read ひん "article; item", not ほん "chapter; section")
        ("同社は北米で高性能品を投入する。", "投入", "launching (a product"),
        # the noun its clause modifies is what is launched: a product line, goods
        ("昨秋に投入した税込み400円台の弁当・総菜シリーズの販売が好調だ。", "投入", "launching (a product"),
        ("同社が投入する新商品は好調だ。", "投入", "launching (a product"),
        ("同社が投入した資金は100億円に上る。", "投入", "investment"),
        ("両社の買収が成立した。", "成立", "conclusion (e.g. of a deal)"),
        # without a partner, the article's words of the class an example names: a takeover is a deal
        (
            "同社は企業買収を急ぐ。買収提案の条件が整えば、年内にも成立する見込みだ。",
            "成立",
            "conclusion (e.g. of a deal)",
        ),
        ("新しい制度が成立した。", "成立", "formation"),
        # an acronym partner stands for the noun the article spells it out with: EV, TOB
        ("電気自動車（EV）の販売が伸びた。同社は来年、EVの投入を急ぐ。", "投入", "launching (a product"),
        ("同社は株式公開買い付け（TOB）を始めた。TOBの成立には過半の応募が要る。", "成立", "conclusion"),
        # compound parts: the same rules, and a gloss another part has gives way to the next
        (
            RAISE_TEXT.replace("の引き上げ", "引き上げ"),
            "最低賃金引き上げ",
            "最低賃金 さいていちんぎん minimum wage · 引き上げ ひきあげ raising",
        ),
        # the longest JMdict part, although the tokenizer heard its lone kanji otherwise (子 し, not こ)
        (
            "同社は子会社の完全子会社化を目指す。完全子会社化で経営を効率化する。",
            "完全子会社化",
            "完全子会社 かんぜんこがいしゃ wholly-owned subsidiary · 化",
        ),
        # the first part's partner is the part it modifies: part-time work, paid by the hour
        (
            "パート時給は1100円に上がった。パート時給の引き上げが続く。",
            "パート時給",
            "パート part-time (work) · 時給",
        ),
        # a part shows one gloss: the one its other senses repeat, its core (material, not ingredients)
        (
            "新しい材料産業パークが完成した。材料産業パークには多くの企業が入る。",
            "材料産業パーク",
            "材料 ざいりょう material · 産業",
        ),
        (
            "新しい生産基地が完成した。生産基地は来年稼働する。",
            "生産基地",
            "生産 せいさん production · 基地 きち base",
        ),
        (
            "同社では従業員や経営幹部の退職が続いた。経営幹部の離職も目立つ。",
            "経営幹部",
            "経営 けいえい management · 幹部 かんぶ (executive) staff",
        ),
        # a passive JMdict has as a word is the word of the sentence: 見舞われる "to suffer", not
        # 見舞う "to visit"
        ("企業は多くの困難に見舞われた。", "見舞われる", "to experience"),
        # a written negative is looked up as the JMdict word it is: 満たず → 満たない "less than", not
        # 満つ "to be full"
        ("保有率は2割に満たず、低い水準にある。", "満たない", "less than"),
        # a single kanji means what JMdict's compounds with it in that place mean: 材 at the end is
        # material (建材, 素材, 資材), not its first sense "wood"; the affix sense JMdict gives stays
        # (健全|性 "-ty"). (月産機数 "月 month", not "Monday", was the row of 月 at the start: its breakdown
        # 月|産機|数 cut the token 月産 and is no longer made, test_breakdown's 産出国)
        (
            "紙の包装材の需要が伸びた。包装材メーカーは増産する。包装材の価格も上がった。",
            "包装材",
            "包装 ほうそう packing · 材 ざい (raw) material",
        ),
        (
            "財務の健全性を高める。健全性の確保が課題だ。",
            "健全性",
            "健全 けんぜん healthy · 性 せい -ty",
        ),
        # a single kanji's affix sense is not an abbreviation's: 鉄 "iron (Fe)", not "railway" (鉄道)
        (
            "鉄スクラップの価格が上がった。鉄スクラップを使う電炉が増えた。",
            "鉄スクラップ",
            "鉄 てつ iron (Fe) · スクラップ",
        ),
        # 〜に踏み切る after an action — a noun taking する, the head of a run, a verb's stem — is to take
        # the plunge; a jumper takes off
        ("同社は人員削減に踏み切った。", "踏み切る", "to take the plunge"),
        ("同社は運賃の引き上げに踏み切る。", "踏み切る", "to take the plunge"),
        ("選手は力強く踏み切った。", "踏み切る", "to take off"),
        # a noun ending in a kanji of price or cost names an amount, JMdict's entry or not: 乳価の引き上げ
        ("乳価の引き上げを求めた。", "引き上げ", "raising"),
        ("生乳の取引価格（乳価）の引き上げが相次いだ。", "引き上げ", "raising"),  # the noun in parentheses
        # a machine is installed: 充電器の設置 "installation (of a machine or equipment)"; a committee is
        # established
        ("急速充電器の設置を急ぐ。", "設置", "installation"),
        ("委員会の設置を決めた。", "設置", "establishment"),
        # right before a noun, a no-adjective's sense before a plain noun's first: 中堅|メーカー "mid-level"
        ("中堅メーカーが参入した。", "中堅", "medium-level"),
        ("彼は会社の中堅だ。", "中堅", "nucleus"),
        # before の and a noun naming a thing, as before a noun; before の and an action, the noun's
        ("中堅の建設会社は苦しい。", "中堅", "medium-level"),
        # a sense naming a thing of the stock market goes first only where the article speaks of the market
        (
            "地場のスーパーが閉店した。地場の商店街も苦しい。地場の食材を使う。",
            "地場",
            "local",
        ),
        ("配当を増やす。配当の原資が要る。", "配当", "dividend"),  # the market's own word
        # an article whose words speak of securities (証券会社, 有価証券) speaks of the market
        ("地場の証券会社が有価証券を売った。地場の動きが注目された。", "地場", "local stock exchange"),
        ("原発の再稼働が進む。", "原発", "nuclear power plant"),
        ("大口契約を失った。", "大口", "large amount"),
        ("対面営業を軸とする。", "対面", "meeting face-to-face"),  # a first sense of a suru-noun stays
        # used as its verb, the sense JMdict glosses as a verb: 通用しにくい "to pass as", not "popular use"
        ("従来のやり方は通用しにくくなった。", "通用", "to pass as"),
        # a shortfall of money made up: 税収の穴埋め "making up", not "filling (up) a hole"; a hole's
        # "deficit" (穴) makes no amount of 出入り
        ("税収の穴埋め策をめぐって調整は難航している。", "穴埋め", "making up"),
        ("小動物が出入りできる穴が見つかった。", "出入り", "going in and out"),
        # an amount added to: 販売促進費の上積み "extra", not "deck cargo; upper layer of goods"
        ("販売店は販売促進費の上積みを求めている。", "上積み", "extra"),
        # a body's or a machine's motion as the first sense, said of an economy or an amount: 円安の追い風
        # "favorable condition"; a ship's tailwind stays
        ("円安の追い風を受けた。", "追い風", "favorable condition"),
        ("船が強い追い風を受けた。", "追い風", "tailwind"),
        # a sport's sense in an article about none: 取り組み "effort", not "bout (in sports, etc.)"
        ("脱炭素への取り組みを強化する。", "取り組み", "effort"),
        # an expression's idiomatic sense before its literal first one: 水を差す "to hinder"
        ("金利の先高観も、中小企業の投資意欲に水を差している。", "水を差す", "to hinder"),
        ("専門家は医療費の膨張に警鐘を鳴らした。", "警鐘を鳴らす", "to sound a warning"),
        # … not where the phrase's noun is modified (a set phrase keeps it bare): 無制限の|保険をかける
        ("事故に備え、補償に無制限の保険をかける。", "保険をかける", "to insure (something)"),
        # … nor where JMdict names several idiomatic senses (手を挙げる: surrender, improve, volunteer)
        ("幹部は「早く手を挙げて実績を積まなければ」と話す。", "手を挙げる", "to raise one's hand"),
        # 高 だか after something priced is its high price, not JMdict's "quantity" (売上高 stays an amount)
        ("飼料高で酪農家が苦しむ。飼料高が続く。", "飼料高", "飼料 しりょう fodder · 高 だか high price"),
        ("石炭高で採算が悪化した。石炭高が続く。", "石炭高", "石炭 せきたん coal · 高 だか high price"),
        # … after any thing, not an activity (受注|高, 受注 taking する, is the amount of orders taken)
        (
            "天然ゴム高で採算が悪化した。天然ゴム高が続く。",
            "天然ゴム高",
            "天然ゴム てんねんゴム natural rubber · 高 だか high price",
        ),
        (
            "受注高が伸びた。受注高は過去最高だ。",
            "受注高",
            "受注 じゅちゅう accepting an order · 高 だか quantity",
        ),
        # 代 だい after a word naming no time is the charge for it, not "generation" (時代, 世代)
        (
            "電力代が上がった。電力代の負担が重い。",
            "電力代",
            "電力 でんりょく electric power · 代 だい charge",
        ),
        # a na-adjective in kanji before a noun joins it as a prefix does, read as an adjective:
        # 急速|充電器, 高度 "high-degree" (not "altitude"); a suffix's own sense: 性 "-ty", not "nature"
        ("急速充電器を設置した。急速充電器が増えた。", "急速充電器", "急速 きゅうそく rapid · 充電器"),
        ("高度先端技術の実用化を進める。", "高度先端技術", "高度 こうど high-degree"),
        ("財務の健全性を保つ。", "健全性", "健全 けんぜん healthy · 性 せい -ty"),
        # the article's words name no abbreviation's sense of a part: アルコール "alcohol", not "(alcohol-
        # based) hand sanitizer" (short for アルコール消毒液) in a text about drinks
        (
            "アルコール度数の低い酒が売れた。ビールのアルコール度数は5％だ。",
            "アルコール度数",
            "アルコール alcohol · 度数 どすう",
        ),
        # the sense naming the doer of what the part before says: 訪日 "visit" → 客 "guest; visitor",
        # although the article's travellers (観光客, 旅客, 顧客) name "customer; … tourist; passenger"
        (
            "訪日客が増えた。訪日客の多くは観光客で、空港の旅客も増え、顧客の需要も伸びた。",
            "訪日客",
            "訪日 ほうにち visit to Japan · 客 きゃく guest",
        ),
    ],
)
def test_first_sense_in_context(tmp_path, text, word, expected):
    assert first_sense(tmp_path, text, word).startswith(expected)


# ------------------------------------------------------------------ the rules, on entries written here

NOUN = "noun (common) (futsuumeishi)"
ADJ_NA = "adjectival nouns or quasi-adjectives (keiyodoshi)"


def _entry(*specs) -> Entry:
    return Entry(1, (Form("語"),), (Form("ご"),), tuple(Sense(*spec) for spec in specs))


PRIVATE = _entry((("private",), (ADJ_NA,)), (("personal life", "(one's) privacy"), (NOUN,)))
RAISE = _entry((("pulling up", "salvage"), (NOUN,)), (("raising", "increase", "upward revision"), (NOUN,)))
SERVICE = _entry(
    (("service", "help", "assistance"), (NOUN,)),
    (("(after-sales) service", "servicing", "(product) maintenance"), (NOUN,)),
)
CASTLE = _entry((("major company",), (NOUN,)), (("force attacking the front of a castle",), (NOUN,)))
BASE = _entry((("foundation", "basis"), (NOUN,)), (("substrate (circuit board)",), (NOUN,)))
TERMINAL = _entry(
    (("terminal", "computer terminal"), (NOUN,), ("computing",), ("abbreviation",)),
    (("information access device",), (NOUN,), (), ("abbreviation",)),
    (("end (e.g. of a roll of film)",), (NOUN,)),
)
PERCUSSION = _entry(
    (("percussion", "tapping"), (NOUN,), ("medicine",)), (("sounding out (someone's intentions)",), (NOUN,))
)
STOCK = _entry((("stock", "share"), (NOUN,), ("finance",)), (("stump",), (NOUN,)))
INTENSIVE = _entry(
    (("intensiveness",), (NOUN, "noun or verb acting prenominally")),
    (("collecting", "aggregating"), (NOUN, "noun or participle which takes the aux. verb suru")),
)
POWER = _entry((("receiving a telegram",), (NOUN,)), (("receiving electricity",), (NOUN,)))
REDUCTION = _entry((("restoration", "return", "state"), (NOUN,)), (("reduction", "deoxidation"), (NOUN,)))
LUNAR = _entry((("first month of the lunar calendar",), (NOUN,)), (("first month",), (NOUN,)))


@pytest.mark.parametrize(
    ("entry", "token_pos", "context", "first"),
    [
        # プライベートな状態: な after the word → its adj-na sense; as a plain noun, the noun's
        (PRIVATE, "noun", SenseContext(used_as="adj-na"), 1),
        (PRIVATE, "noun", SenseContext(), 2),
        # 最低賃金の引き上げ beside 賃上げ "wage increase" (a close kin: 上げ in both): "raising; increase"
        (RAISE, "noun", SenseContext(close=frozenset({"wage", "increase"})), 2),
        # kin sharing one kanji: two of them name a sense, one is chance (大手 beside 手を組む)
        (RAISE, "noun", SenseContext(kin=(frozenset({"increase"}), frozenset({"raising"}))), 2),
        (RAISE, "noun", SenseContext(kin=(frozenset({"wage", "increase"}),)), 1),
        # a close kin's word in another form: "reduced" (還元鉄) names "reduction"; "station" is no "state"
        (REDUCTION, "noun", SenseContext(close=frozenset({"reduced", "iron"})), 2),
        (REDUCTION, "noun", SenseContext(close=frozenset({"station"})), 1),
        # a kin word's word of the sense's class counts: power, electric ~ electricity (_KINDS)
        (
            POWER,
            "noun",
            SenseContext(kin=(frozenset({"electric", "power"}), frozenset({"grid", "power"}))),
            2,
        ),
        # a sense of times past is never lifted: 大手 "force attacking the front of a castle"
        (CASTLE, "noun", SenseContext(close=frozenset({"force", "attacking"})), 1),
        # a kin word naming JMdict's first sense keeps it against the article's words (生産基盤)
        (
            BASE,
            "noun",
            SenseContext(family=frozenset({"foundation"}), article=frozenset({"circuit", "board"})),
            1,
        ),
        (BASE, "noun", SenseContext(article=frozenset({"circuit", "board"})), 2),
        # two gloss words each of two of the article's words: the same
        (RAISE, "noun", SenseContext(article=frozenset({"increase", "upward"})), 2),
        # one gloss word of unrelated words is chance (年度 "product year" beside 量産 "mass production")
        (RAISE, "noun", SenseContext(article=frozenset({"increase"})), 1),
        (RAISE, "noun", SenseContext(), 1),
        # a change of an amount: 最低賃金の引き上げ (the partner's glosses name a wage)
        (RAISE, "noun", SenseContext(partners=frozenset({"minimum", "wage"})), 2),
        (RAISE, "noun", SenseContext(partners=frozenset({"ship", "vessel"})), 1),
        # only words no other sense has tell senses apart: "service" is in both
        (SERVICE, "noun", SenseContext(article=frozenset({"service", "maintenance"})), 1),
        # a leading qualifier names no business sense: not "(after-sales) service" for "sales"
        (SERVICE, "noun", SenseContext(), 1),
        # 端末: JMdict's first sense keeps its place although it is an abbreviation of another domain
        (TERMINAL, "noun", SenseContext(), 1),
        # 打診: JMdict's first sense is of medicine: first only where the article or the sentence is
        (PERCUSSION, "noun", SenseContext(), 2),
        (PERCUSSION, "noun", SenseContext(fields=frozenset({"medicine"})), 1),
        (PERCUSSION, "noun", SenseContext(local=frozenset({"medicine"})), 1),
        # not a field of the news read: 株 "stock" (finance) in any article, not "stump"
        (STOCK, "noun", SenseContext(), 1),
        # 初月契約率: a month of the old calendar (left in 1873) is a historical sense
        (LUNAR, "noun", SenseContext(), 2),
        # 集約を進める: no noun after it, so not the prenominal sense of 集約農業; unknown: JMdict's order
        (INTENSIVE, "noun/suru-verb", SenseContext(before_noun=False), 2),
        (INTENSIVE, "noun/suru-verb", SenseContext(before_noun=True), 1),
        (INTENSIVE, "noun/suru-verb", SenseContext(), 1),
    ],
)
def test_first_sense_rules(entry, token_pos, context, first):
    assert ordered_senses(entry, token_pos, context)[0][0] == first


@pytest.mark.parametrize(
    ("gloss", "article", "kinds_only", "plain"),
    [
        # a list of kinds or examples no word of the article bears out goes: パーク経済, 生産基地
        ("park (public, amusement, etc.)", set(), False, "park"),
        ("base (military, expedition, etc.)", {"production"}, False, "base"),
        ("moving forward (e.g. vehicle)", set(), False, "moving forward"),
        # one the article bears out stays: 発電 beside 電力 "power"
        ("generation (e.g. power)", {"power"}, False, "generation (e.g. power)"),
        # a word's own meanings keep an example of use (けん引 "driving (e.g. economic growth)")
        ("driving (e.g. economic growth)", set(), True, "driving (e.g. economic growth)"),
        ("chain (store, hotel, etc.)", set(), True, "chain"),
        # a qualifier is no list: "(one's) privacy", "(corporate) bankruptcy"
        ("(corporate) bankruptcy", set(), False, "(corporate) bankruptcy"),
    ],
)
def test_plain_gloss(gloss, article, kinds_only, plain):
    context = SenseContext(article=frozenset(article))
    assert plain_gloss(gloss, context, kinds_only) == plain


def test_shown_senses_never_become_alike():
    # チェーン: "chain (bicycle …)" and "chain (store …)" would both read "chain": the second keeps its list
    senses = [(1, Sense(("chain (bicycle, tire, etc.)",))), (2, Sense(("chain (store, hotel, etc.)",)))]
    shown = [s.glosses for _, s in _plain_senses(senses, SenseContext())]
    assert shown == [("chain",), ("chain (store, hotel, etc.)",)]


def test_a_company_the_text_names_comes_first():
    # 楽天 before グループ/子会社 where a card of it is still made: "Rakuten", not "optimism"
    optimism = Candidate(
        "jmdict:1:楽天", "楽天", "らくてん", _entry((("optimism",), (NOUN,))), 1, 20.0, (), ()
    )
    main, _, _ = definitions(optimism, SenseContext(company="Rakuten (Internet company)"))
    assert main.index("Rakuten") < main.index("optimism")
    main, _, _ = definitions(optimism, SenseContext())
    assert "Rakuten" not in main


# ------------------------------------------------------------- the reading of the sense shown (stagr)


def _sense_read_candidate(*senses: Sense, heard: str, kana=("ふうしゃ", "かざぐるま")) -> Candidate:
    entry = Entry(1, (Form("風車"),), tuple(Form(k) for k in kana), senses)
    return Candidate("jmdict:1:風車", "風車", heard, entry, 1, 1.0, (), (), token_pos="noun")


WINDMILL = Sense(("windmill",), ("noun (common) (futsuumeishi)",))
PINWHEEL = Sense(("pinwheel (toy)",), ("noun (common) (futsuumeishi)",), readings=("かざぐるま",))


@pytest.mark.parametrize(
    ("senses", "heard", "expected"),
    [
        # the tokenizer's かざぐるま is JMdict's reading of the toy: "windmill" is read ふうしゃ
        ((WINDMILL, PINWHEEL), "かざぐるま", "ふうしゃ"),
        ((WINDMILL, PINWHEEL), "ふうしゃ", "ふうしゃ"),
        # the sense shown first has a reading of its own: that one
        ((PINWHEEL, WINDMILL), "ふうしゃ", "かざぐるま"),
        ((PINWHEEL, WINDMILL), "かざぐるま", "かざぐるま"),
        # no sense limited to a reading: the tokenizer's stays
        ((WINDMILL,), "かざぐるま", "かざぐるま"),
        # JMdict's first reading heard stays though a later sense is limited to it (本店 ほんてん, whose
        # "this store" is ほんてん only)
        ((WINDMILL, Sense(("this store",), readings=("ふうしゃ",))), "ふうしゃ", "ふうしゃ"),
    ],
)
def test_a_card_is_read_as_the_sense_it_shows(senses, heard, expected):
    from tangocho.pipeline import _sense_read

    assert _sense_read(_sense_read_candidate(*senses, heard=heard), None).reading == expected


@pytest.mark.slow
def test_every_sentence_reads_the_word_as_its_card(tmp_path):
    """風車: unidic-lite hears かざぐるま ("pinwheel (toy)" in JMdict); the card and every sentence of
    the deck read the wind turbine ふうしゃ, the card of another word too."""
    text = "沖合に大型風車を42基設置する計画だ。風車の保守や点検を担う人材の育成を急ぐ。"
    article = tmp_path / "article.txt"
    article.write_text(text + "\n", encoding="utf-8")
    include = tmp_path / "include.txt"
    include.write_text("風車\n育成\n", encoding="utf-8")
    options = Options(include=[str(include)])
    selection, dictionary = select_words([str(article)], options)
    cards = {c.fields["Expression"]: c for c in make_cards(selection, dictionary, options)}
    assert cards["風車"].fields["ExpressionReading"] == "ふうしゃ"
    shown = cards["風車"].fields["SentenceFurigana"] + cards["育成"].fields["SentenceFurigana"]
    assert "風車[ふうしゃ]" in shown.replace(" ", "") and "かざぐるま" not in shown
