"""tangocho.pitch: morae, accent categories, UniDic's combination rules, and a reference table."""

from __future__ import annotations

import re

import pytest
from conftest import DATA

from tangocho.models import Token
from tangocho.pitch import Pitch, category, fields, morae, pattern, pitch_html, word_pitch
from tangocho.tokenize import tokenize


@pytest.mark.parametrize(
    ("reading", "expected"),
    [
        ("はし", ("は", "し")),
        ("きょうと", ("きょ", "う", "と")),  # small ょ joins the mora before
        ("がっこう", ("が", "っ", "こ", "う")),  # っ is a mora
        ("しんぶん", ("し", "ん", "ぶ", "ん")),  # ん is a mora
        ("コンピューター", ("コ", "ン", "ピュ", "ー", "タ", "ー")),  # ー is a mora
        ("ファイル", ("ファ", "イ", "ル")),
        ("ティッシュ", ("ティ", "ッ", "シュ")),
        ("", ()),
    ],
)
def test_morae(reading, expected):
    assert morae(reading) == expected


@pytest.mark.parametrize(
    ("position", "count", "expected"),
    [(0, 3, "heiban"), (1, 3, "atamadaka"), (2, 3, "nakadaka"), (3, 3, "odaka"), (1, 1, "atamadaka")],
)
def test_category(position, count, expected):
    assert category(position, count) == expected


@pytest.mark.parametrize(
    ("count", "position", "expected"),
    [
        (2, 0, "LHH"),  # 端: low high, and the particle stays high
        (2, 1, "HLL"),  # 箸
        (2, 2, "LHL"),  # 橋: odaka, the particle falls
        (8, 5, "LHHHHLLLL"),  # しゅうせきかいろ 5
    ],
)
def test_pattern(count, position, expected):
    assert pattern(count, position) == expected


def _t(surface, reading, accent, con, pos1="名詞"):
    return Token(surface, surface, reading, reading, (pos1, "", ""), accent=accent, accent_con=con)


@pytest.mark.parametrize(
    ("tokens", "reading", "expected"),
    [
        # C1 keeps the later noun's accent: 集積 + 回路 (1) → 4 + 1
        ([_t("集積", "しゅうせき", "0", "C2"), _t("回路", "かいろ", "1", "C1")], "しゅうせきかいろ", 5),
        # C2 falls on the later element's first mora: 株式 + 会社 → 4 + 1 (rendaku: かいしゃ → がいしゃ)
        ([_t("株式", "かぶしき", "2", "C1"), _t("会社", "かいしゃ", "0", "C2")], "かぶしきがいしゃ", 5),
        # C3 falls on the earlier element's last mora, never on a long vowel's second half: こうと|う+区
        ([_t("江東", "こうとう", "0", ""), _t("区", "く", "1", "C3")], "こうとうく", 3),
        ([_t("神戸", "こうべ", "1", ""), _t("市", "し", "1", "C3")], "こうべし", 3),
        # C4 makes the compound heiban: 経済 + 的
        ([_t("経済", "けいざい", "1", "C1"), _t("的", "てき", "", "C4", "接尾辞")], "けいざいてき", 0),
        # C5 keeps the accent before it
        ([_t("山田", "やまだ", "1", ""), _t("さん", "さん", "", "C5", "接尾辞")], "やまださん", 1),
        # P1: a heiban or odaka noun makes the whole heiban, else the noun's accent is kept
        ([_t("小", "しょう", "", "P1", "接頭辞"), _t("規模", "きぼ", "1", "C1")], "しょうきぼ", 3),
        ([_t("小", "しょう", "", "P1", "接頭辞"), _t("会社", "かいしゃ", "0", "C2")], "しょうかいしゃ", 0),
        # P2: a heiban or odaka noun gets the fall on its first mora, else its accent is kept
        ([_t("総", "そう", "", "P2", "接頭辞"), _t("生産", "せいさん", "0", "C2")], "そうせいさん", 3),
        ([_t("大", "だい", "", "P2", "接頭辞"), _t("企業", "きぎょう", "1", "C1")], "だいきぎょう", 3),
        # P6: heiban
        ([_t("某", "ぼう", "", "P6", "接頭辞"), _t("企業", "きぎょう", "1", "C1")], "ぼうきぎょう", 0),
        # undecided: P13 (several outcomes in the manual), C1 after a heiban noun, missing data, particles
        ([_t("全", "ぜん", "", "P13", "接頭辞"), _t("世界", "せかい", "1", "C1")], "ぜんせかい", None),
        ([_t("国", "くに", "2", "C3"), _t("境", "さかい", "0", "C1")], "くにざかい", None),
        ([_t("国", "くに", "2", "C3"), _t("境", "さかい", "", "C2")], "くにざかい", 3),
        ([_t("国", "くに", "", "C3"), _t("境", "さかい", "2", "")], "くにざかい", None),
        ([_t("指揮", "しき", "1", "C1"), _t("を", "を", "", "動詞%F2@0,名詞%F1", "助詞")], "しきを", None),
        # the tokens spell another reading than the card's: no accent of its own
        ([_t("上", "じょう", "1", "C3"), _t("半期", "はんき", "1", "C1")], "かみはんき", None),
    ],
)
def test_combination_rules(tokens, reading, expected):
    word = "".join(t.surface for t in tokens)
    result = word_pitch(tokens, word, reading)
    assert (result.position if result else None) == expected


def test_alternatives_are_kept():
    assert word_pitch([_t("投資", "とうし", "0,1", "C2")], "投資", "とうし") == Pitch("とうし", 0, (1,))


def test_unknown_tokens_have_no_accent():
    unknown = Token("フォトリソグラフィ", "フォトリソグラフィ", "", "", ("名詞", "", ""), is_unknown=True)
    assert word_pitch([unknown], unknown.surface, "ふぉとりそぐらふぃ") is None
    assert fields(None) == {"PitchPosition": "", "PitchCategories": "", "Pitch": ""}


def test_a_conjugated_verb_gets_its_dictionary_form_accent():
    tokens = tokenize("854.65億元に達し、前年同期比2%増であった。")
    token = next(t for t in tokens if t.surface == "達し")
    assert word_pitch([token], "達する", "たっする") == Pitch("たっする", 0, (3,))
    assert word_pitch([token], "達し", "たっし") is None  # the tokens' reading is not the card's


def test_fields_and_drawing():
    f = fields(Pitch("しゅうせきかいろ", 5))
    assert f["PitchPosition"] == "5" and f["PitchCategories"] == "nakadaka"
    cells = re.findall(r'<span class="mora ([^"]*)">([^<]*)</span>', f["Pitch"])
    assert [m for _, m in cells] == ["しゅ", "う", "せ", "き", "か", "い", "ろ", ""]
    levels = ["high" if "high" in c.split() else "low" for c, _ in cells]
    assert levels == ["low", "high", "high", "high", "high", "low", "low", "low"]  # the particle: low
    assert "rise" in cells[0][0] and "drop" in cells[4][0]  # up after しゅ, the downstep after か
    assert "<script" not in f["Pitch"]
    both = fields(Pitch("とうし", 0, (1,)))
    assert both["PitchPosition"] == "0,1" and both["PitchCategories"] == "heiban,atamadaka"


def test_drawing_escapes_text():
    assert "<b>" not in pitch_html(Pitch("<b>", 0))


# ------------------------------------------------------------------------ against a public reference


def _reference() -> list:
    rows = []
    for line in (DATA / "pitch_reference.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("word\t") or not line.strip():
            continue
        word, reading, reference, kind, known = (line.split("\t") + [""])[:5]
        marks = (
            [pytest.mark.xfail(strict=True, reason=known)]
            if known and not known.startswith("undecided")
            else []
        )
        rows.append(pytest.param(word, reading, reference, kind, known, marks=marks, id=word))
    return rows


@pytest.mark.parametrize(("word", "reading", "reference", "kind", "known"), _reference())
def test_accent_agrees_with_the_reference(word, reading, reference, kind, known):
    """Each word tokenized alone; its accent must be the reference's first (most common) position.
    Rows marked in the table's last column are known disagreements (strict xfail: a fix shows up);
    rows the rules leave undecided must give no accent at all, never a guess."""
    result = word_pitch(tokenize(word), word, reading)
    if known.startswith("undecided"):
        assert result is None
        return
    assert result is not None
    assert result.position == int(reference.split(",")[0])


# ------------------------------------------------------------------------------------- on the card


def _card_of(text: str, word: str, reading: str, n: int):
    from tangocho.models import Article, Candidate, Occurrence, Sentence
    from tangocho.render import FIELDS, render

    tokens = tokenize(text)
    i = next(
        i for i, t in enumerate(tokens) if t.surface == word[: len(t.surface)] and word.startswith(t.surface)
    )
    sentence = Sentence(text, tokens, Article("a.txt", "A"), 0)
    candidate = Candidate(
        f"compound:{word}:{reading}", word, reading, None, 1, 1.0, (), (Occurrence(sentence, i, i + n),)
    )
    card = render(candidate, {}, "Deck")
    assert list(card.fields) == list(FIELDS)
    return card


def test_render_fills_the_pitch_fields_before_notes():
    from tangocho.render import FIELDS

    assert FIELDS.index("Pitch") < FIELDS.index("Notes") and "ExpressionAudio" in FIELDS
    card = _card_of("株式会社を設立した。", "株式会社", "かぶしきがいしゃ", 2)
    assert (card.fields["PitchPosition"], card.fields["PitchCategories"]) == ("5", "nakadaka")
    assert 'class="pitch"' in card.fields["Pitch"] and "check::pitch" not in card.tags
    assert card.fields["ExpressionAudio"] == card.fields["SentenceAudio"] == ""  # only with --audio


def test_render_tags_check_pitch_when_the_rules_do_not_decide():
    card = _card_of("今年上半期に増加した。", "上半期", "かみはんき", 2)
    assert card.fields["PitchPosition"] == card.fields["Pitch"] == ""
    assert "check::pitch" in card.tags
