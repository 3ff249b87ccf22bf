"""tangocho.render: furigana, sentences, meanings in context, tags."""

from __future__ import annotations

import re

import pytest

from tangocho.models import Article, Candidate, Entry, Form, Kanji, Occurrence, Sense, Sentence
from tangocho.render import (
    FIELDS,
    SenseContext,
    article_name,
    cloze_hint,
    domain_fields,
    frequency_label,
    furigana,
    kanji_html,
    ordered_senses,
    render,
    sentence_cloze,
    sentence_furigana,
    sentence_html,
    tags_for,
)
from tangocho.select import DOMAIN_FIELDS
from tangocho.tokenize import tokenize

ARTICLE = Article(source="test.txt", title="テスト記事", date="2020-09-28")

# ---------------------------------------------------------------------------------------------- furigana


@pytest.mark.parametrize(
    ("surface", "reading", "expected"),
    [
        # okurigana stay outside the brackets
        ("開通させ", "かいつうさせ", " 開通[かいつう]させ"),
        ("封じ込め", "ふうじこめ", " 封[ふう]じ 込[こ]め"),
        ("取り引き", "とりひき", " 取[と]り 引[ひ]き"),
        ("切り抜ける", "きりぬける", " 切[き]り 抜[ぬ]ける"),
        ("達する", "たっする", " 達[たっ]する"),
        # the okurigana い is not the い of こうかい: of the fits, the most even one (付 つ, not かいつ)
        ("株式公開買い付け", "かぶしきこうかいかいつけ", " 株式公開買[かぶしきこうかいか]い 付[つ]け"),
        ("現金引き出し", "げんきんひきだし", " 現金引[げんきんひ]き 出[だ]し"),
        # katakana around kanji matches a hiragana or a katakana reading
        ("情報インフラ", "じょうほういんふら", " 情報[じょうほう]インフラ"),
        ("情報インフラ", "じょうほうインフラ", " 情報[じょうほう]インフラ"),
        ("IT企業", "ITきぎょう", "IT 企業[きぎょう]"),
        # kanji only: one bracket for the whole run
        ("集積回路", "しゅうせきかいろ", " 集積回路[しゅうせきかいろ]"),
        ("上半期", "かみはんき", " 上半期[かみはんき]"),
        ("関ヶ原", "せきがはら", " 関ヶ原[せきがはら]"),  # ヶ reads as part of the kanji run
        ("人々", "ひとびと", " 人々[ひとびと]"),
        # kana-only and Latin words get no brackets
        ("ハイテク", "はいてく", "ハイテク"),
        ("クラウドコンピューティング", "くらうどこんぴゅーてぃんぐ", "クラウドコンピューティング"),
        ("すること", "すること", "すること"),
        ("AI", "えーあい", "AI"),
        ("HanClouds", "", "HanClouds"),
        # no reading: the surface as it is
        ("集積回路", "", "集積回路"),
        # a reading that does not fit the kana around the kanji goes on the whole word
        ("開通させ", "かいつうする", " 開通させ[かいつうする]"),
        ("取り引き", "とりい", " 取り引き[とりい]"),
        # HTML is escaped
        ("<開通>", "かいつう", " &lt;開通&gt;[かいつう]"),
        ("A&B", "", "A&amp;B"),
        ("<script>", "", "&lt;script&gt;"),
        # brackets of the text are entities, or Anki would read 注 as the reading of データ
        ("データ[注]", "", "データ&#91;注&#93;"),
        ("図[1]", "ず", " 図&#91;1&#93;[ず]"),  # the reading does not fit: on the whole word
    ],
)
def test_furigana(surface, reading, expected):
    assert furigana(surface, reading) == expected


# --------------------------------------------------------------------------------------------- sentences


def occurrence(text: str, first: str, n: int = 1) -> Occurrence:
    """The occurrence of the ``n`` tokens starting at the first token whose surface is ``first``."""
    tokens = tokenize(text)
    i = next(i for i, t in enumerate(tokens) if t.surface == first)
    return Occurrence(Sentence(text, tokens, ARTICLE, 0), i, i + n)


SEED_LINE = "今年上半期、集積回路の生産額は854.65億元に達した。"


@pytest.mark.parametrize(
    ("text", "first", "n", "expected"),
    [
        (
            SEED_LINE,
            "集積",
            2,
            "今年[ことし] 上[じょう] 半期[はんき]、<b> 集積[しゅうせき] 回路[かいろ]</b>"
            "の 生産[せいさん] 額[がく]は854.65 億[おく]元に 達[たっ]した。",  # 元 after a number: no reading
        ),
        (
            "感染の封じ込めと「詰まり」を開通させる。",
            "開通",
            3,
            "感染[かんせん]の 封[ふう]じ 込[こ]めと「 詰[つ]まり」を<b> 開通[かいつう]させる</b>。",
        ),
        (
            "<script>alert(1)</script>集積回路を作る。",
            "集積",
            2,
            "&lt;script&gt;alert(1)&lt;/script&gt;<b> 集積[しゅうせき] 回路[かいろ]</b>を 作[つく]る。",
        ),
        ("ハイテク\u3000産業", "産業", 1, "ハイテク\u3000<b> 産業[さんぎょう]</b>"),
    ],
)
def test_sentence_furigana(text, first, n, expected):
    assert sentence_furigana(occurrence(text, first, n)) == expected


# Anki's furigana filters (rslib/src/template_filters.rs): `` ?([^ >]+?)\[(.+?)\]``; {{kanji:}} keeps
# the base text, {{kana:}} the reading.
ANKI_FURIGANA = re.compile(r" ?([^ >]+?)\[(.+?)\]")


def anki_kanji(field: str) -> str:
    import html

    return html.unescape(re.sub(r"<[^>]*>", "", ANKI_FURIGANA.sub(r"\1", field)))


@pytest.mark.parametrize(
    ("text", "first", "n"),
    [
        (SEED_LINE, "集積", 2),
        ("感染の封じ込めと「詰まり」を開通させる。", "開通", 3),
        ("AI 技術と  IoT の開発。", "開発", 1),
        ("データ[注]の開発。", "開発", 1),
        ("図[1]の開発。", "開発", 1),
        ("<b>太字</b>の開発 & 運用。", "開発", 1),
    ],
)
def test_sentence_furigana_round_trips_through_anki(text, first, n):
    # what Anki shows with {{kanji:SentenceFurigana}} is the sentence itself
    assert anki_kanji(sentence_furigana(occurrence(text, first, n))) == text


def test_sentence_furigana_gives_punctuation_and_numbers_no_reading():
    out = sentence_furigana(occurrence(SEED_LINE, "集積", 2))
    assert out.count("<b>") == 1 and out.count("</b>") == 1
    for bare in ("、", "。", "854", ".", "65"):
        assert not re.search(re.escape(bare) + r"\[", out), bare
    assert "。[まる]" not in out and "、[てん]" not in out


def test_sentence_furigana_uses_the_card_reading_for_the_word():
    # the tokenizer reads 上|半期 じょう|はんき; the card says かみはんき and the sentence agrees
    occ = occurrence(SEED_LINE, "上", 2)
    assert "<b> 上[じょう] 半期[はんき]</b>" in sentence_furigana(occ)
    assert "<b> 上半期[かみはんき]</b>" in sentence_furigana(occ, "上半期", "かみはんき")
    # a conjugated occurrence keeps the tokenizer's readings
    occ = occurrence("感染を封じ込めた。", "封じ込め")
    assert "<b> 封[ふう]じ 込[こ]め</b>" in sentence_furigana(occ, "封じ込める", "ふうじこめる")


@pytest.mark.parametrize(
    ("text", "first", "n", "html", "cloze"),
    [
        (
            SEED_LINE,
            "集積",
            2,
            "今年上半期、<b>集積回路</b>の生産額は854.65億元に達した。",
            '今年上半期、<span class="cloze">[…]</span>の生産額は854.65億元に達した。',
        ),
        (
            "<script>alert(1)</script>集積回路を作る。",
            "集積",
            2,
            "&lt;script&gt;alert(1)&lt;/script&gt;<b>集積回路</b>を作る。",
            '&lt;script&gt;alert(1)&lt;/script&gt;<span class="cloze">[…]</span>を作る。',
        ),
        (
            "A&B社の開発。",
            "開発",
            1,
            "A&amp;B社の<b>開発</b>。",
            'A&amp;B社の<span class="cloze">[…]</span>。',
        ),
        (  # the word with a blank inside, then as its tokens spell it: both hidden
            "ゼロ トラストの運用とゼロトラストの導入。",
            "ゼロ",
            2,
            "<b>ゼロ トラスト</b>の運用とゼロトラストの導入。",
            '<span class="cloze">[…]</span>の運用と<span class="cloze">[…]</span>の導入。',
        ),
    ],
)
def test_sentence_html_and_cloze(text, first, n, html, cloze):
    occ = occurrence(text, first, n)
    assert sentence_html(occ) == html
    assert sentence_cloze(occ) == cloze


# ---------------------------------------------------------------------------------------------- meanings

NOUN = "noun (common) (futsuumeishi)"
SURU = "noun or participle which takes the aux. verb suru"
GODAN = "Godan verb with 'ku' ending"

KAIHATSU = Entry(
    id=1,
    kanji=(Form("開発", ("news1", "ichi1")),),
    kana=(Form("かいはつ", ("news1", "ichi1")),),
    senses=(
        Sense(("to exploit",), (GODAN,)),
        Sense(("development",), (NOUN, SURU)),
        Sense(("opening up (land)",), ()),  # inherits the noun POS of the sense before
        Sense(("(software) development",), (NOUN,), ("computing",)),
    ),
)


@pytest.mark.parametrize(
    ("token_pos", "fields", "order"),
    [
        # an article about computing: its domain sense first, then the token's part of speech
        ("noun", {"computing"}, [4, 2, 3, 1]),
        ("noun/suru-verb", {"computing"}, [4, 2, 3, 1]),
        ("verb", {"computing"}, [4, 1, 2, 3]),
        ("", {"computing"}, [4, 1, 2, 3]),
        # an article about something else: the domain sense after the plain ones
        ("noun", set(), [2, 3, 1, 4]),
        ("", set(), [1, 2, 3, 4]),
    ],
)
def test_ordered_senses(token_pos, fields, order):
    context = SenseContext(fields=frozenset(fields))
    assert [i for i, _ in ordered_senses(KAIHATSU, token_pos, context)] == order


def _senses(*specs) -> Entry:
    return Entry(1, (Form("語"),), (Form("ご"),), tuple(Sense(*spec) for spec in specs))


@pytest.mark.parametrize(
    ("entry", "context", "first"),
    [
        # 局面: a game of go is never first
        (
            _senses(
                (("position in a game of go or shogi",), (NOUN,)),
                (("aspect of an affair; situation",), (NOUN,)),
            ),
            SenseContext(),
            2,
        ),
        # 大学: a historical sense is never first
        (
            _senses(
                (("former central university of Kyoto",), (NOUN,), (), ("historical term",)),
                (("university",), (NOUN,)),
            ),
            SenseContext(),
            2,
        ),
        # ケース: an abbreviation the text does not use; kept where the text says CASE
        (
            _senses(
                (("Computer-Aided Software Engineering", "CASE"), (NOUN,), ("computing",)),
                (("case",), (NOUN,)),
            ),
            SenseContext(fields=frozenset({"computing"})),
            2,
        ),
        (
            _senses((("escape", "ESC"), (NOUN,), ("computing",)), (("expansion",), (NOUN,))),
            SenseContext(fields=frozenset({"computing"}), text="ESCキーを押す"),
            1,
        ),
        # 連合: a proper-noun sense
        (
            _senses(
                (("RENGO (Japanese Trade Union Confederation)",), (NOUN,)), (("union; alliance",), (NOUN,))
            ),
            SenseContext(),
            2,
        ),
        # 使い回す in an article whose words are glossed "work" and "order": a verb's later sense is named
        # only by the words of its parentheses, what it is said of
        (
            _senses(
                (("to use one thing for several purposes",), (GODAN,)),
                (("to work someone hard", "to order around", "to boss"), (GODAN,)),
            ),
            SenseContext(article=frozenset({"work", "order"})),
            1,
        ),
        # 緩む in a market report: "(of a market price) to go down slightly"
        (
            _senses(
                (("to become loose", "to slacken (e.g. rope)"), (GODAN,)),
                (("(of a market price) to go down slightly",), (GODAN,)),
            ),
            SenseContext(article=frozenset({"market", "price"})),
            2,
        ),
        # a noun's later sense is named by any two of its words (流出 among words of leaks)
        (
            _senses(
                (("discharge", "outward flow"), (NOUN,)),
                (("leak of (private) information or pictures",), (NOUN,)),
            ),
            SenseContext(article=frozenset({"leak", "information"})),
            2,
        ),
        # 取引先に働きかける: what is done to someone is no literal sense when the partner is a party
        (
            _senses(
                (("to work on (someone)", "to appeal to"), ("Ichidan verb",)),
                (("to begin to work",), ("Ichidan verb",)),
            ),
            SenseContext(partners=frozenset({"business", "connection", "client", "customer"})),
            1,
        ),
        # 為替 in an article of orders and money: "money" names no sense (every business text has it)
        (
            _senses(
                (("money order", "draft"), (NOUN,)),
                (("exchange (e.g. foreign)",), (NOUN,)),
            ),
            SenseContext(article=frozenset({"money", "order"})),
            2,
        ),
        # 採用を働きかける: a verb with an object takes a transitive sense before an intransitive one
        (
            _senses(
                (("to work on (someone)", "to appeal to"), ("Ichidan verb", "transitive verb")),
                (("to begin to work",), ("Ichidan verb", "intransitive verb")),
            ),
            SenseContext(partners=frozenset({"adoption", "employment"}), abstract=True, has_object=True),
            1,
        ),
        (  # … without を, the literal sense gives way as before
            _senses(
                (("to work on (someone)", "to appeal to"), ("Ichidan verb", "transitive verb")),
                (("to begin to work",), ("Ichidan verb", "intransitive verb")),
            ),
            SenseContext(partners=frozenset({"adoption", "employment"}), abstract=True),
            2,
        ),
        # 結ぶ with 覚書: the sense naming a kind of agreement, not "to tie"
        (
            _senses(
                (("to tie", "to bind"), (GODAN,)),
                (("to bear (fruit)",), (GODAN,)),
                (("to close (e.g. deal)", "to conclude"), (GODAN,)),
            ),
            SenseContext(partners=frozenset({"memo", "memorandum", "note"})),
            3,
        ),
        # 実を結ぶ: the partner named in the gloss
        (
            _senses((("to tie", "to bind"), (GODAN,)), (("to bear (fruit)",), (GODAN,))),
            SenseContext(partners=frozenset({"fruit", "nut"})),
            2,
        ),
        # 改善 written in kanji: not the sense usually written in kana
        (
            _senses(
                (
                    ("kaizen (Japanese business philosophy)",),
                    (NOUN,),
                    (),
                    ("word usually written using kana alone",),
                ),
                (("betterment; improvement",), (NOUN,)),
            ),
            SenseContext(),
            2,
        ),
    ],
)
def test_ordered_senses_in_context(entry, context, first):
    assert ordered_senses(entry, "", context)[0][0] == first


def test_domain_fields_need_a_share_of_the_article():
    comp = _senses((("x",), (NOUN,), ("computing",)))
    plain = _senses((("y",), (NOUN,)))
    assert domain_fields([comp] * 3 + [plain] * 20) == {"computing"}  # 13 %
    assert domain_fields([comp] * 3 + [plain] * 60) == frozenset()  # 5 %
    assert domain_fields([comp] * 2 + [plain]) == frozenset()  # too few words


def test_ordered_senses_inherit_the_part_of_speech():
    senses = dict(ordered_senses(KAIHATSU, "noun"))
    assert senses[3].pos == (NOUN, SURU)
    assert senses[3].glosses == ("opening up (land)",)


def test_ordered_senses_without_domain_keep_jmdict_order_for_a_matching_pos():
    entry = Entry(
        1, (Form("措置"),), (Form("そち"),), (Sense(("measure",), (NOUN,)), Sense(("step",), (NOUN,)))
    )
    assert [i for i, _ in ordered_senses(entry, "noun")] == [1, 2]


# ------------------------------------------------------------------------------------------------- tags


def candidate(**changes) -> Candidate:
    values = dict(
        key="jmdict:1:開発",
        word="開発",
        reading="かいはつ",
        entry=KAIHATSU,
        count=2,
        score=30.0,
        reasons=("keyness 30.0",),
        examples=(occurrence("ソフトの開発を進める。", "開発"),),
        token_pos="noun/suru-verb",
    )
    values.update(changes)
    return Candidate(**values)


ECON = Entry(
    id=2,
    kanji=(Form("生産額", ("news1",)), Form("生産高")),
    kana=(Form("せいさんがく"),),
    senses=(
        Sense(("production amount",), (NOUN,), ("economics",)),
        Sense(("output",), (NOUN,), ("business",)),
    ),
)


@pytest.mark.parametrize(
    ("changes", "tags"),
    [
        ({}, ("tangocho", "domain::comp", "jmdict::news1", "jmdict::ichi1")),
        ({"entry": ECON, "word": "生産額"}, ("tangocho", "domain::bus", "domain::econ", "jmdict::news1")),
        (
            {"entry": ECON, "word": "生産高"},
            ("tangocho", "domain::bus", "domain::econ"),
        ),  # no priority on this form
        (
            {"entry": None, "word": "操業再開", "key": "compound:操業再開:そうぎょうさいかい"},
            ("tangocho", "compound"),
        ),
        (
            {"reading_checked": False},
            ("tangocho", "domain::comp", "jmdict::news1", "jmdict::ichi1", "check::reading"),
        ),
        (
            {"entry": Entry(0, (), (), (Sense(("Wuxi",), ("place",)),)), "word": "無錫", "token_pos": "name"},
            ("tangocho", "name"),
        ),
    ],
)
def test_tags_for(changes, tags):
    assert tags_for(candidate(**changes)) == tags


def test_every_domain_tag_is_one_anki_tag():
    # Anki splits tags on spaces: a field like "electricity, elec. eng." must map to one token
    every_field = Entry(9, (Form("語"),), (Form("ご"),), (Sense(("x",), (NOUN,), tuple(DOMAIN_FIELDS)),))
    tags = tags_for(candidate(entry=every_field, word="語", reading_checked=False))
    assert len(tags) == len(set(DOMAIN_FIELDS.values())) + 2
    assert all(tag and " " not in tag and "\u3000" not in tag for tag in tags)


# ------------------------------------------------------------------------------------------------ cards


def test_render_fills_every_field_and_escapes_dictionary_text():
    entry = Entry(
        id=3,
        kanji=(Form("開発"),),
        kana=(Form("かいはつ"),),
        senses=(Sense(("<b>development</b> & growth",), (NOUN,)),),
    )
    kanji = {
        "開": Kanji("開", ("open", "<unfold>"), ("カイ",), ("ひら.く",)),
        "発": Kanji("発", ("departure",), (), ()),
    }
    card = render(candidate(entry=entry), kanji, deck="tangocho", card_types=("recognition", "cloze"))
    assert tuple(card.fields) == FIELDS
    assert card.fields["Expression"] == "開発"
    assert card.fields["ExpressionFurigana"] == "開発[かいはつ]"
    assert card.fields["Sentence"] == "ソフトの<b>開発</b>を進める。"
    assert "&lt;b&gt;development&lt;/b&gt; &amp; growth" in card.fields["MainDefinition"]
    assert "<b>development" not in card.fields["MainDefinition"]
    assert "&lt;unfold&gt;" in card.fields["Kanji"]
    assert (card.fields["MakeRecognition"], card.fields["MakeProduction"], card.fields["MakeCloze"]) == (
        "y",
        "",
        "y",
    )
    assert card.fields["MiscInfo"] == "テスト記事 · 2020-09-28"


def test_render_compound_glossary_from_parts():
    compound = candidate(
        entry=None,
        word="操業再開",
        reading="そうぎょうさいかい",
        key="compound:操業再開:そうぎょうさいかい",
        parts=(("操業", "そうぎょう", ("operation",)), ("再開", "さいかい", ("reopening", "resumption"))),
        token_pos="noun",
    )
    card = render(compound, {}, deck="tangocho")
    assert card.fields["PartOfSpeech"] == "compound noun"
    # a breakdown: each part with its reading and first gloss, not a list of every gloss
    assert card.fields["MainDefinition"] == (
        '<span class="breakdown"><span class="part">操業 <span class="reading">そうぎょう</span></span>'
        ' operation · <span class="part">再開 <span class="reading">さいかい</span></span> reopening</span>'
    )
    assert card.fields["ExpressionFurigana"] == "操業再開[そうぎょうさいかい]"


def test_kanji_html_lists_each_kanji_once():
    kanji = {"開": Kanji("開", ("open",), ("カイ",), ("ひら.く",))}
    out = kanji_html("開発開", kanji)
    assert out.count('<span class="kanji-char">開</span>') == 1
    assert "発" not in out  # no data for it: no row


def test_a_katakana_compound_shows_the_breakdown_of_its_loans():
    # スーパー|サイクル: the pipeline chose "super" for スーパー in first place (test_breakdown); render
    # shows the loans' breakdown like any compound's, no longer "not in the dictionary"
    loan = candidate(
        entry=None,
        word="スーパーサイクル",
        reading="スーパーサイクル",
        key="compound:スーパーサイクル:スーパーサイクル",
        parts=(("スーパー", "スーパー", ("super",)), ("サイクル", "サイクル", ("cycle",))),
    )
    fields = render(loan, {}, deck="t").fields
    assert "super" in fields["MainDefinition"] and "cycle" in fields["MainDefinition"]
    assert "not in the dictionary" not in fields["MainDefinition"]


@pytest.mark.parametrize(
    ("zipf", "priority", "estimate", "label"),
    [
        # wordfreq splits 株式市場 (no figure of the whole): its JMdict tags say how common it is
        (0.0, ("spec1",), 4.0, "common in news"),
        (0.0, ("ichi1", "news1"), 4.0, "common in news"),
        (0.0, ("nf03",), 4.39, "common in news"),
        (0.0, ("ichi2",), 3.2, "uncommon"),
        # no tag: select's estimate from the parts, 研究|開発 → 4.2, 再生|可能|エネルギー → 3.7
        (0.0, (), 4.2, "common in news"),
        (0.0, (), 3.7, "uncommon"),
        (0.0, (), 2.8, ""),  # 人手|不足: a parts estimate this low is no evidence of rarity
        # a word on a list of common words (ichi1) is never rare, whatever its wordfreq figure
        (2.5, ("ichi1",), 0.0, "uncommon"),
        (2.5, (), 0.0, "rare"),
        (0.0, (), 0.0, "rare"),  # never seen, whole or in parts
    ],
)
def test_frequency_label_from_the_best_evidence(zipf, priority, estimate, label):
    entry = Entry(
        1, (Form("株式市場", priority),), (Form("かぶしきしじょう"),), (Sense(("stock market",), (NOUN,)),)
    )
    c = candidate(entry=entry, word="株式市場", frequency=zipf, estimated_frequency=estimate)
    assert frequency_label(c) == label


@pytest.mark.parametrize(
    ("tokens", "label"),
    [
        (1, "rare"),  # one token wordfreq never saw
        (2, ""),  # 欠かせ|ない: wordfreq counts its tokens, not the phrase; JMdict has no tag
    ],
)
def test_a_phrase_nothing_counts_is_not_called_rare(tokens, label):
    entry = Entry(
        1, (Form("欠かせない"),), (Form("かかせない"),), (Sense(("indispensable",), ("expressions",)),)
    )
    o = occurrence("品質管理に欠かせない。", "欠かせ", tokens)
    c = candidate(entry=entry, word="欠かせない", frequency=0.0, examples=(o,))
    assert frequency_label(c) == label


@pytest.mark.parametrize(
    ("zipf", "priority", "compound", "label"),
    [
        (5.6, (), False, "very common"),
        (4.2, (), False, "common in news"),
        (2.0, ("news2",), False, "common in news"),
        (3.4, (), False, "uncommon"),
        (0.0, (), False, "rare"),
        (0.0, (), True, ""),  # a compound JMdict lacks: no label
    ],
)
def test_frequency_in_plain_words(zipf, priority, compound, label):
    entry = Entry(1, (Form("開発", priority),), (Form("かいはつ"),), (Sense(("development",), (NOUN,)),))
    c = candidate(entry=None if compound else entry, frequency=zipf)
    assert frequency_label(c) == label
    assert render(c, {}, deck="t").fields["FrequencyLabel"] == label


@pytest.mark.parametrize(
    ("title", "source", "shown"),
    [
        ("テスト記事", "dir/a.txt", "テスト記事"),
        # no title line: the text's first sentence is no title, the file name is
        ("「ユニクロ」などを展開するファーストリテイリングは、海外事業が好調だったことなどから最終利益が過去最高となりました。",
         "dev/g1_earnings.txt", "g1_earnings"),
        ("短い文です。", "x/news.md", "news"),
    ],
)  # fmt: skip
def test_misc_info_names_the_article_never_a_paragraph(title, source, shown):
    assert article_name(Article(source=source, title=title)) == shown


@pytest.mark.parametrize(
    ("source", "title", "shown"),
    [
        (
            "https://example.com/news/1",
            "工場誘致の記事",
            "工場誘致の記事 · 2020-09-28 · https://example.com/news/1",
        ),
        ("dir/a.txt", "工場誘致の記事", "工場誘致の記事 · 2020-09-28"),  # a file's path is not shown
    ],
)
def test_an_article_from_the_web_names_its_address(source, title, shown):
    from dataclasses import replace

    from tangocho.render import example_of

    o = occurrence("工場を誘致した。", "誘致")
    o = Occurrence(
        replace(o.sentence, article=Article(source=source, title=title, date="2020-09-28")), o.first, o.last
    )
    assert example_of(o).source == shown


def test_cloze_gap_hints_the_first_kana():
    card = render(candidate(), {}, deck="t", card_types=("cloze",))
    assert '<span class="cloze">[か…]</span>' in card.fields["SentenceCloze"]
    assert cloze_hint("しゅつりょく") == "しゅ"


@pytest.mark.parametrize(
    ("text", "word", "shown"),
    [
        # a quoted speech of several sentences: only the one with the word
        (
            "「我々は待ちもしないし、撤退もしない。企業の直面する問題に対処するため、対策を打ち出す。」と述べた。",
            "撤退",
            "我々は待ちもしないし、<b>撤退</b>もしない。…",  # no 「 left open
        ),
        (
            "「我々は待ちもしないし、撤退もしない。企業の直面する問題に対処するため、対策を打ち出す。」と述べた。",
            "対策",
            "…企業の直面する問題に対処するため、<b>対策</b>を打ち出す。…",
        ),
        # a long sentence: cut around the word, growing towards the predicate first
        (
            "IoT、集積回路、バイオ医薬品、ビッグデータ、クラウドコンピューティング、ハイエンド・スマート製造等は、"
            "開発区において10年以上かけて育て上げられ、着実に形成されてきた、高いイノベーション能力と"
            "市場競争力を持つ新興の産業体系であり、経済を支える重要な支柱でもある。",
            "集積",
            "IoT、<b>集積</b>回路、バイオ医薬品、ビッグデータ、クラウドコンピューティング、ハイエンド・スマート製造"
            "等は、開発区において10年以上かけて育て上げられ、…",
        ),
        ("短い文だ。", "文", "短い<b>文</b>だ。"),  # short: whole
        # the word outside the quote: the quote's inner sentences are no cut
        (
            "社長は取締役会で「需要は回復した。来年は増産する。」と述べ、新工場の建設を決めた。",
            "社長",
            "<b>社長</b>は取締役会で「需要は回復した。来年は増産する。」と述べ、新工場の建設を決めた。",
        ),
        # the word in the second of two quotes: the first quote's 。 is no end of its sentence
        (
            "部長は「売上はまだ少ない。伸びる余地は大きい」と話したうえで、「海外の市場を開拓したい」と語った。",
            "開拓",
            "部長は「売上はまだ少ない。伸びる余地は大きい」と話したうえで、「海外の市場を<b>開拓</b>したい」と語った。",
        ),
        # a long quote cut around the word stays inside the quote: no stray 」 before と述べた
        (
            "「工場の自動化、物流の効率化、販売網の拡充、人材の育成、研究開発の強化、海外市場の開拓、"
            "新製品の投入を同時に進め、来年度までに生産能力を倍増させる計画を着実に実行していく」と"
            "山田社長は本社で開いた記者会見で述べ、株主にも理解を求めていく考えを示した。",
            "倍増",
            "…物流の効率化、販売網の拡充、人材の育成、研究開発の強化、海外市場の開拓、新製品の投入を同時に進め、"
            "来年度までに生産能力を<b>倍増</b>させる計画を着実に実行していく…",
        ),
        # a quoted term around the word is part of it: not "…品質の<b>向上</b>…" alone
        (
            "同社は今年度から、国内にある三つの主力工場で生産設備の更新と人員の配置の見直しを同時に進めており、"
            "製品の『品質の向上』という目標を掲げて、品質管理の担当者を各工場に新たに置き、検査の工程を"
            "見直していくと発表した。",
            "向上",
            "…製品の『品質の<b>向上</b>』という目標を掲げて、品質管理の担当者を各工場に新たに置き、検査の工程を"
            "見直していくと発表した。",
        ),
        # a window that would stop before any verb reaches on to the clause that ends on one
        (
            "この一年、物価の上昇が長く続く中で、従業員の賃金が上がることは、働く人にとって喜ばしい変化である"
            "一方、地方の小さな商店や町工場の経営者からは、人件費の負担がこれ以上増えれば店を続けられないという"
            "切実な声も上がっている。",
            "賃金",
            "…従業員の<b>賃金</b>が上がることは、働く人にとって喜ばしい変化である一方、地方の小さな商店や町工場の"
            "経営者からは、人件費の負担がこれ以上増えれば店を続けられないという切実な声も上がっている。",
        ),
        # a quote the word is not in is never cut inside: no "…スマート工場」を…" with a stray 」
        (
            "同社は昨年に続いて新たに、部品の設計から製造、出荷、保守までを一つのデータ基盤でつなぐ「自動車向け"
            "部品の設計から製造までを一貫して担う次世代型の生産拠点、スマート工場」を県内の工業団地に建設し、"
            "来年の春から部品の量産を始めると発表した。",
            "量産",
            "…来年の春から部品の<b>量産</b>を始めると発表した。",
        ),
    ],
)
def test_the_sentence_shown_is_the_one_with_the_word_and_keeps_its_predicate(text, word, shown):
    assert sentence_html(occurrence(text, word)) == shown


def test_the_blocks_esc_skips_hold_no_combining_character():
    """esc's fast path (text of these blocks only) must never skip a combining mark: U+3099 stays out."""
    import sys

    from tangocho.render import _NEVER_COMBINING, _is_combining

    skipped = [chr(c) for c in range(sys.maxunicode + 1) if _NEVER_COMBINING.fullmatch(chr(c))]
    assert len(skipped) > 30_000 and "\u3099" not in skipped and "\u0301" not in skipped
    assert not [f"U+{ord(c):04X}" for c in skipped if _is_combining(c)]


def test_one_table_of_jmdict_domain_fields():
    """tangocho.jmdict holds the tables; select and render.py use them."""
    from tangocho import jmdict, render, select

    assert select.DOMAIN_FIELDS is jmdict.DOMAIN_FIELDS
    assert render.DOMAIN_FIELDS is jmdict.DOMAIN_FIELDS
    assert render.POS_ABBREVIATIONS is jmdict.POS_ABBREVIATIONS


def test_a_heading_an_earlier_build_showed_gives_way_to_a_real_sentence():
    from tangocho.models import Example
    from tangocho.render import merge_examples, with_examples

    def example(text):
        return Example(text.replace("量産", "<b>量産</b>"), text, text, "記事")

    card = render(candidate(), {}, deck="t")
    now = with_examples(card, [example("来年から量産を始める。")])
    kept = merge_examples(now, [example("工場で量産を始めた。")])
    assert kept.fields["Sentence"] == "工場で<b>量産</b>を始めた。"  # the front stays the same
    moved = merge_examples(now, [example("新工場で次世代電池の量産を本格化")])
    assert moved.fields["Sentence"] == "来年から<b>量産</b>を始める。"
    assert "本格化" not in moved.fields["MoreSentences"]
    alone = merge_examples(
        with_examples(card, [example("大阪の量産拠点")]), [example("新工場で量産を本格化")]
    )
    assert "本格化" in alone.fields["Sentence"]  # nothing else: the earlier heading stays first


@pytest.mark.parametrize(
    ("senses", "core"),
    [
        # the gloss the other senses repeat: 材料 "material", as in "material (for a novel …)"
        ((("ingredients", "material"), ("material (for a novel, experiment, etc.)",)), "material"),
        # … by what they name, not their parentheses: 負担 stays "burden" (first: no core to pick)
        ((("burden", "load", "responsibility"), ("bearing (a cost, responsibility, etc.)",)), ""),
    ],
)
def test_core_gloss_of_a_part(senses, core):
    from tangocho.render import core_gloss

    entry = _senses(*(((glosses), (NOUN,)) for glosses in senses))
    assert core_gloss(entry, entry.senses[0], entry.senses[0].glosses) == core
