"""tangocho.select with the fake dictionary and the real tokenizer."""

from __future__ import annotations

import pytest

from tangocho.dictionary import FakeDictionary
from tangocho.models import Article, Entry, Form, Name, Sense, Sentence
from tangocho.select import MAX_EXAMPLES, Collector, Kind, choose_entry
from tangocho.tokenize import tokenize
from tangocho.wordlists import WordList

ARTICLE = Article(source="test.txt", title="テスト記事", date="2020-09-28")


def entry(
    id: int,
    kanji: str | tuple[str, ...],
    kana: str | tuple[str, ...],
    *glosses: str,
    fields: tuple[str, ...] = (),
    pos: tuple[str, ...] = ("noun (common) (futsuumeishi)",),
    priority: tuple[str, ...] = (),
) -> Entry:
    kanji = (kanji,) if isinstance(kanji, str) else kanji
    kana = (kana,) if isinstance(kana, str) else kana
    return Entry(
        id=id,
        kanji=tuple(Form(k, priority) for k in kanji if k),
        kana=tuple(Form(k, kana_only=not kanji) for k in kana),
        senses=(Sense(glosses or ("gloss",), pos, fields),),
    )


# A small JMdict: every id is unique; glosses only matter for compound parts.
ENTRIES = [
    entry(1, "集積回路", "しゅうせきかいろ", "integrated circuit", fields=("electronics",)),
    entry(2, "集積", "しゅうせき", "accumulation"),
    entry(3, "回路", "かいろ", "circuit"),
    entry(4, "電子商取引", "でんししょうとりひき", "e-commerce"),
    entry(5, "電子", "でんし", "electron"),
    entry(6, "商", "しょう", "commerce"),
    entry(7, "取引", "とりひき", "transaction"),
    entry(8, "操業", "そうぎょう", "operation", "work"),
    entry(9, "再開", "さいかい", "reopening", "resumption"),
    entry(10, "達する", "たっする", "to reach", pos=("suru verb - special class",)),
    entry(11, "相次ぐ", "あいつぐ", "to follow in succession", pos=("Godan verb with 'gu' ending",)),
    entry(12, "", "という", "called", pos=("expressions (phrases, clauses, etc.)",)),
    entry(13, "", "ようにする", "to make sure that", pos=("expressions (phrases, clauses, etc.)",)),
    entry(14, "", "ものである", "is", pos=("expressions (phrases, clauses, etc.)",)),
    entry(15, "", "かもしれない", "might", pos=("expressions (phrases, clauses, etc.)",)),
    entry(16, "角", "つの", "horn"),
    entry(17, "", "つ", "counter for things"),
    entry(18, "億", "おく", "hundred million"),
    entry(19, "元", "げん", "yuan"),
    entry(20, "", "に", "at", pos=("particle",)),
    entry(21, "", "を", "object marker", pos=("particle",)),
    entry(22, "無錫", "むしゃく", "Wuxi"),
    entry(23, "上海", "シャンハイ", "Shanghai"),
    entry(24, "生産額", "せいさんがく", "production amount", fields=("economics",)),
    entry(25, "今年", ("こんねん", "ことし"), "this year"),
    entry(26, "一定", "いちじょう", "one rule"),
    entry(27, "一定", "いってい", "fixed", "settled"),
    entry(28, "上半期", "かみはんき", "first half of the year"),
    entry(29, "規模", "きぼ", "scale"),
    entry(30, "企業", "きぎょう", "enterprise"),
    entry(31, "支援", "しえん", "support"),
    entry(32, "措置", "そち", "measure"),
    entry(33, "質", "しつ", "quality"),
    entry(34, "効率", "こうりつ", "efficiency"),
    entry(35, "向上", "こうじょう", "improvement"),
    entry(36, "会社", "かいしゃ", "company"),
    entry(37, "試練", "しれん", "trial"),
    entry(38, "直面", "ちょくめん", "confrontation"),
    entry(39, "市場", ("しじょう", "いちば"), "market"),
    entry(40, "計画", "けいかく", "plan"),
    entry(41, "開通", "かいつう", "opening (of a road)"),
]


def sentences(*texts: str) -> list[Sentence]:
    return [Sentence(t, tokenize(t), ARTICLE, i) for i, t in enumerate(texts)]


def collect(*texts: str, entries=ENTRIES, zipf=None, names=(), domain_lists=None) -> Collector:
    collector = Collector(FakeDictionary(entries=entries, zipf=zipf, names=names), domain_lists)
    collector.add(sentences(*texts))
    return collector


def ranked(*texts: str, entries=ENTRIES, zipf=None, **rank) -> dict[str, object]:
    """word → Candidate of what would be carded."""
    rank.setdefault("max_words", None)
    return {c.word: c for c in collect(*texts, entries=entries, zipf=zipf).rank(**rank)}


# ------------------------------------------------------------------------------------------- joining


@pytest.mark.parametrize(
    ("text", "word", "surface", "not_words"),
    [
        # longest JMdict match joins UniDic's short units
        ("集積回路を開発する。", "集積回路", "集積回路", ("集積", "回路")),
        ("電子商取引が拡大した。", "電子商取引", "電子商取引", ("電子", "商", "取引")),
        # a run ending on a conjugated token is looked up by its last token's base form: 相|次い → 相次ぐ
        ("問題が相次いで起きた。", "相次ぐ", "相次い", ("次ぐ",)),
        # a single conjugated token too: 達し → 達する
        ("生産額は854.65億元に達し、増加した。", "達する", "達し", ("達し",)),
    ],
)
def test_longest_match_and_base_forms(text, word, surface, not_words):
    collector = collect(text)
    tally = collector.tallies[(Kind.WORD, word)]
    assert [o.surface for o in tally.examples] == [surface]
    for other in not_words:
        assert (Kind.WORD, other) not in collector.tallies
    assert word in ranked(text)


@pytest.mark.parametrize(
    ("text", "word", "reading"),
    [
        ("問題が相次いで起きた。", "相次ぐ", "あいつぐ"),  # 相(あい) + 次ぐ's base reading
        ("生産額は854.65億元に達し、増加した。", "達する", "たっする"),
        ("集積回路を開発する。", "集積回路", "しゅうせきかいろ"),
    ],
)
def test_reading_of_a_joined_word(text, word, reading):
    assert ranked(text)[word].reading == reading


def test_without_the_long_entry_short_units_stay_apart():
    entries = [e for e in ENTRIES if e.headword != "電子商取引"]
    words = ranked("電子商取引が拡大した。", entries=entries)
    assert "電子商取引" not in {w for w, c in words.items() if not c.is_compound}
    assert {"電子", "取引"} <= set(words)


# ------------------------------------------------------------------------------------------- grammar


@pytest.mark.parametrize(
    ("text", "grammar"),
    [
        ("市場という「二つの試練」に直面した。", "という"),
        ("企業が解決できるようにする。", "ようにする"),
        ("これは重要なものである。", "ものである"),
        ("規模が増えるかもしれない。", "かもしれない"),
    ],
)
def test_grammar_runs_never_become_words(text, grammar):
    collector = collect(text)
    assert (Kind.WORD, grammar) not in collector.tallies
    words = ranked(text)
    assert grammar not in words
    assert all(not set(w) <= set("というにするものであかしれな") for w in words)


def test_counter_after_a_number_never_yields_tsuno():
    # 3|つ|の: つの (角, horn) is a JMdict word, but here つ counts and の is a particle.
    text = "3つの措置で質と効率を向上させる。"
    collector = collect(text)
    assert (Kind.WORD, "つの") not in collector.tallies
    words = ranked(text)
    assert "つの" not in words and "つ" not in words
    assert {"措置", "効率", "向上"} <= set(words)  # the sentence is not empty of words


@pytest.mark.parametrize(
    "not_carded",
    ["854", "854.65", "65", "億", "元", "億元", "に", "を", "無錫", "上海", "達し", "%"],
)
def test_numbers_particles_and_proper_nouns_are_not_carded(not_carded):
    text = "無錫と上海の生産額は854.65億元に達し、前年同期比2%増であった。"
    words = ranked(text)
    assert "生産額" in words  # the text does have a word to card
    assert not_carded not in words


def test_proper_nouns_are_carded_only_as_names_when_asked():
    text = "無錫の生産額は増加した。"
    wuxi = Name(text="無錫", reading="むしゃく", kinds=("place",), glosses=("Wuxi (China)",))
    collector = collect(text, names=[wuxi])
    assert "無錫" not in {c.word for c in collector.rank(max_words=None)}
    named = {c.word: c for c in collector.rank(max_words=None, names=True)}
    assert named["無錫"].token_pos == "name"
    assert named["無錫"].key == "name:無錫:むしゃく"


# ----------------------------------------------------------------------------------------- compounds

OPERATIONS = (
    "企業の操業再開を支援した。",
    "早期の操業再開に向けて計画を策定した。",
)


def test_recurring_compound_missing_from_jmdict_becomes_a_candidate():
    words = ranked(*OPERATIONS)
    c = words["操業再開"]
    assert c.is_compound and c.entry is None
    assert c.key == "compound:操業再開:そうぎょうさいかい"
    assert c.reading == "そうぎょうさいかい"  # from the tokenizer
    assert c.count == 2
    assert c.parts == (
        ("操業", "そうぎょう", ("operation", "work")),
        ("再開", "さいかい", ("reopening", "resumption")),
    )
    assert [o.surface for o in c.examples] == ["操業再開", "操業再開"]
    assert "compound not in JMdict" in c.reasons


def test_compound_seen_once_without_domain_is_not_carded():
    assert "操業再開" not in ranked(OPERATIONS[0])


def test_compound_seen_once_needs_two_domain_parts():
    # 生産額 has a JMdict economics sense, 企業 none: seen once, 企業|生産額 is a phrase, not a term;
    # seen twice it is a term
    assert "企業生産額" not in ranked("企業生産額が増えた。")
    words = ranked("企業生産額が増えた。", "企業生産額は多い。")
    assert words["企業生産額"].is_compound


def test_compound_that_jmdict_knows_is_a_jmdict_word():
    words = ranked("集積回路の集積回路。", "集積回路を使う。")
    assert not words["集積回路"].is_compound
    assert not any(c.is_compound and c.word == "集積回路" for c in words.values())


def test_compound_does_not_swallow_time_words_or_numbers():
    # 今年|上半期 …: 今年 (副詞可能) is trimmed; 3|つ never starts a compound
    words = ranked("今年上半期の操業再開。", "今年上半期の操業再開。")
    compounds = {w for w, c in words.items() if c.is_compound}
    assert compounds == {"操業再開"}
    collector = collect("3つの措置の効率。", "3つの措置の効率。")
    assert not any(kind is Kind.COMPOUND and word.startswith(("3", "つ")) for kind, word in collector.tallies)


# -------------------------------------------------------------------------------------- word lists


def _list(*words: str) -> WordList:
    return WordList("test", frozenset(words))


@pytest.mark.parametrize("which", ["known", "exclude"])
@pytest.mark.parametrize("word", ["集積回路", "操業再開", "生産額"])
def test_known_and_exclude_lists_remove_a_word(which, word):
    texts = ("集積回路と生産額の操業再開。", "集積回路と生産額の操業再開。")
    assert word in ranked(*texts)
    words = ranked(*texts, **{which: _list(word)})
    assert word not in words
    assert words  # the other words stay


def test_include_list_forces_a_low_scoring_word_in():
    text = "企業の措置を支援した。"
    assert "措置" in ranked(text)
    assert ranked(text, min_score=500.0) == {}
    words = ranked(text, min_score=500.0, include=_list("措置"))
    assert list(words) == ["措置"]
    assert words["措置"].score >= 1000.0
    assert words["措置"].reasons[0] == "list: include"


def test_include_list_forces_a_blocked_word_in():
    # 質 is a single character (blocked by default)
    text = "3つの措置で質と効率を向上させる。"
    assert "質" not in ranked(text)
    assert "質" in ranked(text, include=_list("質"))


def test_include_list_forces_a_single_compound_in():
    assert "操業再開" in ranked(OPERATIONS[0], include=_list("操業再開"))


def test_include_list_survives_max_words():
    words = ranked("集積回路と生産額と措置。", max_words=1, include=_list("措置"))
    assert list(words) == ["措置"]


def test_include_list_forces_a_basic_word_in():
    text = "会社の措置を支援した。"
    zipf = {"会社": 6.0}
    assert "会社" not in ranked(text, zipf=zipf)
    assert "会社" in ranked(text, zipf=zipf, include=_list("会社"))


# --------------------------------------------------------------------------------------- choose_entry

BY_ID = {e.id: e for e in ENTRIES}
KONNEN = BY_ID[25]  # 今年: こんねん, ことし (JMdict order)
ICHIJOU, ITTEI = BY_ID[26], BY_ID[27]  # 一定: two entries
KAMIHANKI = BY_ID[28]  # 上半期


@pytest.mark.parametrize(
    ("word", "options", "token_reading", "multi", "expected"),
    [
        # the reading matching the tokenizer wins, whatever JMdict lists first
        ("今年", [KONNEN], "ことし", False, (25, "ことし", True)),
        ("今年", [KONNEN], "コトシ", False, (25, "ことし", True)),  # compared in hiragana
        ("一定", [ICHIJOU, ITTEI], "いってい", False, (27, "いってい", True)),
        ("一定", [ICHIJOU, ITTEI], "いちじょう", False, (26, "いちじょう", True)),
        # a joined run without a match takes JMdict's reading, unchecked: 上|半期 じょう|はんき
        ("上半期", [KAMIHANKI], "じょうはんき", True, (28, "かみはんき", False)),
        # a single token without a match keeps the tokenizer's reading, unchecked
        ("上半期", [KAMIHANKI], "じょうはんき", False, (28, "じょうはんき", False)),
        # no tokenizer reading at all: JMdict's
        ("上半期", [KAMIHANKI], "", False, (28, "かみはんき", False)),
    ],
)
def test_choose_entry(word, options, token_reading, multi, expected):
    chosen, reading, checked = choose_entry(word, options, token_reading, multi)
    assert (chosen.id, reading, checked) == expected


def test_choose_entry_prefers_the_entry_with_priority_when_nothing_matches():
    plain = entry(50, "市場", "いちば", "marketplace")
    news = entry(51, "市場", "しじょう", "market", priority=("news1", "ichi1"))
    chosen, reading, checked = choose_entry("市場", [plain, news], "", False)
    assert (chosen.id, reading, checked) == (51, "しじょう", False)


@pytest.mark.parametrize(
    ("text", "word", "key", "reading", "checked"),
    [
        ("今年の計画を策定した。", "今年", "jmdict:25:今年", "ことし", True),
        ("一定規模の企業。", "一定", "jmdict:27:一定", "いってい", True),
        ("上半期の計画。", "上半期", "jmdict:28:上半期", "かみはんき", False),
        ("市場に直面した。", "市場", "jmdict:39:市場", "しじょう", True),
    ],
)
def test_collector_reading_from_the_tokenizer(text, word, key, reading, checked):
    c = ranked(text, include=_list(word))[word]  # included: 今年 (N5) is no card of its own
    assert (c.key, c.reading, c.reading_checked) == (key, reading, checked)


# -------------------------------------------------------------------------------------- streaming


def test_batches_give_the_same_result_as_one_batch():
    texts = [
        "集積回路と電子商取引の操業再開。",
        "企業の操業再開を支援した。",
        "生産額は854.65億元に達した。",
        "集積回路の計画。",
    ]
    whole = Collector(FakeDictionary(entries=ENTRIES))
    whole.add(sentences(*texts))
    batched = Collector(FakeDictionary(entries=ENTRIES))
    all_sentences = sentences(*texts)
    batched.add(all_sentences[:1])
    batched.add(all_sentences[1:3])
    batched.add(all_sentences[3:])
    assert whole.tokens == batched.tokens
    a = [(c.key, c.count, c.score, c.reading) for c in whole.rank(max_words=None)]
    b = [(c.key, c.count, c.score, c.reading) for c in batched.rank(max_words=None)]
    assert a == b and a


def test_examples_are_distinct_sentences_first_seen_first():
    texts = [
        "集積回路。",
        "集積回路。",
        "集積回路を作る。",
        "集積回路と回路。",
        "新しい集積回路。",
        "集積回路の計画。",
    ]
    c = ranked(*texts)["集積回路"]
    assert c.count == 6
    # a full clause first (tangocho/examples.py), then first seen first; a bare label (集積回路。) last
    shown = ["集積回路を作る。", "集積回路と回路。", "新しい集積回路。"]
    assert [o.sentence.text for o in c.examples] == shown
    assert len(c.examples) == MAX_EXAMPLES


def test_ranking_is_best_first_and_deterministic():
    texts = ["集積回路と生産額と措置。", "集積回路と生産額。", "集積回路。"]
    first = collect(*texts).rank(max_words=None)
    again = collect(*texts).rank(max_words=None)
    assert [c.key for c in first] == [c.key for c in again]
    assert [c.score for c in first] == sorted((c.score for c in first), reverse=True)
    assert [c.word for c in collect(*texts).rank(max_words=2)] == [c.word for c in first[:2]]


def test_one_kanji_after_a_name_is_the_names_not_a_compounds_first_part():
    # 日本|版|ライドシェア: 日本版 "Japanese version"; 版|ライドシェア is no term ("edition · ride-sharing")
    collector = collect("日本版ライドシェアの制度。", "日本版ライドシェアの導入。")
    assert not any(kind is Kind.COMPOUND and word.startswith("版") for kind, word in collector.tallies)
    collector = collect("新版ライドシェアの制度。", "新版ライドシェアの導入。")  # (no name: the run stands)
    assert any(kind is Kind.COMPOUND and "版" in word for kind, word in collector.tallies)
