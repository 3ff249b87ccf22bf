"""tangocho.kana: the kana helpers every stage shares."""

from __future__ import annotations

import pytest

from tangocho.kana import (
    has_kanji,
    has_katakana,
    is_kana,
    is_kanji,
    is_katakana,
    kanji_of,
    only_kanji,
    same_reading,
    to_hiragana,
    unvoiced,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ハイテク", "はいてく"),
        ("インフラ", "いんふら"),
        ("コンピューティング", "こんぴゅーてぃんぐ"),  # ー is kept
        ("ヴァ", "ゔぁ"),  # ヴ (U+30F4) → ゔ (U+3094)
        ("ヵヶ", "ゕゖ"),  # the small ones are in the table too
        ("かいつう", "かいつう"),  # hiragana unchanged
        ("開通させ", "開通させ"),  # kanji unchanged
        ("AI・IoT", "AI・IoT"),  # Latin and the middle dot unchanged
        ("ｶﾀｶﾅ", "ｶﾀｶﾅ"),  # half-width kana is normalised earlier (text.normalise), not here
        ("", ""),
    ],
)
def test_to_hiragana(text, expected):
    assert to_hiragana(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("集積回路", True),
        ("情報インフラ", True),
        ("人々", True),  # 々 repeats a kanji
        ("関ヶ原", True),
        ("ヶ", True),  # ヶ counts as kanji (関ヶ原 reads せきがはら: it carries a reading)
        ("ハイテク", False),
        ("すること", False),
        ("AI2", False),
        ("。、「」", False),
        ("", False),
    ],
)
def test_has_kanji(text, expected):
    assert has_kanji(text) is expected


@pytest.mark.parametrize(
    ("ch", "expected"),
    [
        ("開", True),
        ("々", True),
        ("〆", True),
        ("豈", True),
        ("あ", False),
        ("ア", False),
        ("A", False),
        ("。", False),
    ],
)
def test_is_kanji(ch, expected):
    assert is_kanji(ch) is expected


# the blocks' edges: U+3400/U+4DBF (extension A), U+4E00/U+9FFF, U+F900/U+FAFF (compatibility) are kanji
_KANJI_CHARS = "\u3005\u3006\u30f6\u3400\u4dbf\u4e00\u9fff\uf900\ufaff"
_OTHER_CHARS = "\u3004\u3007\u30f5\u33ff\u4dc0\ua000\uf8ff\ufb00あアーa1。"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "集積回路",
        "集積回路を",
        "開通させ",
        "関ヶ原",
        "AI",
        "集",
        "集積",
        "a集b積",
        _KANJI_CHARS,
        _OTHER_CHARS,
    ],
)
def test_kanji_tests_agree_character_by_character(text):
    """has_kanji, only_kanji, kanji_of share one pattern (a run of kanji) with render: each says what
    is_kanji says of each character, and is_kanji of two characters is False."""
    assert [ch for ch in _KANJI_CHARS if not is_kanji(ch)] == []
    assert [ch for ch in _OTHER_CHARS if is_kanji(ch)] == []
    assert has_kanji(text) is any(is_kanji(ch) for ch in text)
    assert only_kanji(text) is all(is_kanji(ch) for ch in text)
    assert kanji_of(text) == [ch for ch in text if is_kanji(ch)]
    assert not is_kanji("集積")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("かいつう", True),
        ("ハイテク", True),
        ("コンピューター", True),
        ("ひらがなとカタカナ", True),
        ("開通", False),
        ("開通させ", False),
        ("AI", False),
        ("はい。", False),
        ("", False),
    ],
)
def test_is_kana(text, expected):
    assert is_kana(text) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("ハイテク", "はいてく", True),
        ("しゃんはい", "シャンハイ", True),
        ("ことし", "こんねん", False),
        ("いってい", "いちじょう", False),
        ("かみはんき", "じょうはんき", False),
    ],
)
def test_same_reading(a, b, expected):
    assert same_reading(a, b) is expected


@pytest.mark.parametrize(
    ("text", "only", "some"),
    [
        ("データ", True, True),
        ("データ センター", True, True),  # a space between katakana words
        ("コンピューティング", True, True),  # ー is katakana
        ("イン・フラ", True, True),  # and so is ・
        ("データ化", False, True),
        ("新ビジネス", False, True),
        ("かたかな", False, False),
        ("AI", False, False),
        ("", False, False),
    ],
)
def test_katakana(text, only, some):
    assert is_katakana(text) is only
    assert has_katakana(text) is some


@pytest.mark.parametrize(
    ("reading", "plain"),
    [
        ("さんぴん", "さんひん"),  # semi-voiced
        ("がいしゃ", "かいしゃ"),
        ("ばこ", "はこ"),  # the ば row too (VOICED | SEMI kept only は → ぱ)
        ("ぶそく", "ふそく"),
    ],
)
def test_unvoiced_takes_every_voicing_mark_off(reading, plain):
    assert unvoiced(reading) == plain
