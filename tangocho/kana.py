"""Kana helpers shared by the stages (no dependencies)."""

from __future__ import annotations

import re
from functools import lru_cache

_KATA_TO_HIRA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
# A run of kanji, the one compiled pattern of every kanji test here and of render's furigana (its split
# keeps the runs): the class is wide, and each compile of it costs ~2 ms of a build's start.
KANJI_RUN = re.compile(r"([\u3005\u3006\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u30f6]+)")
_KANA = re.compile(r"^[\u3041-\u309f\u30a0-\u30ffー]+$")

# A kana's voiced (rendaku: 会社 かいしゃ → 親会社 おやがいしゃ) and p-sounded forms (一杯 いっぱい), and back
VOICED = dict(
    zip("かきくけこさしすせそたちつてとはひふへほ", "がぎぐげござじずぜぞだぢづでどばびぶべぼ", strict=True)
)
SEMI = dict(zip("はひふへほ", "ぱぴぷぺぽ", strict=True))
# (both maps: VOICED | SEMI would keep only は → ぱ and lose ば → は)
UNVOICED = {v: k for k, v in VOICED.items()} | {v: k for k, v in SEMI.items()}


def sound_variants(reading: str) -> set[str]:
    """A reading and its first kana voiced or p-sounded, as a compound may say it: ふん, ぶん, ぷん."""
    if not reading:
        return {reading}
    head, rest = reading[0], reading[1:]
    return {reading, VOICED.get(head, head) + rest, SEMI.get(head, head) + rest}


# The tests below are asked of the same few thousand strings again and again (a seed build: 20,000
# to_hiragana calls of 2,100 strings, 38,000 has_kanji of 8,300, 17,600 is_kanji of 640 characters): an
# answer remembered costs a third to a half of a translate or a regex search. Bounded: any input.
_REMEMBERED = 1 << 16


@lru_cache(maxsize=_REMEMBERED)
def unvoiced(reading: str) -> str:
    """The reading without its voicing marks: さんぴん → さんひん, がいしゃ → かいしゃ."""
    return "".join(UNVOICED.get(ch, ch) for ch in reading)


def to_hiragana(text: str) -> str:
    """カタカナ → かたかな (ー and other marks kept)."""
    return text.translate(_KATA_TO_HIRA)


@lru_cache(maxsize=_REMEMBERED)
def has_kanji(text: str) -> bool:
    return KANJI_RUN.search(text) is not None


@lru_cache(maxsize=_REMEMBERED)
def is_kanji(ch: str) -> bool:
    return len(ch) == 1 and KANJI_RUN.fullmatch(ch) is not None


def kanji_of(text: str) -> list[str]:
    """The kanji of ``text`` (``is_kanji``), in order: 集積回路を → 集, 積, 回, 路."""
    return [ch for run in KANJI_RUN.findall(text) for ch in run]


@lru_cache(maxsize=_REMEMBERED)
def only_kanji(text: str) -> bool:
    """Every character a kanji (``is_kanji``), as ``all(is_kanji(c) for c in text)``: 集積回路, and "";
    not 開通させ. One regex match, not one a character."""
    return not text or KANJI_RUN.fullmatch(text) is not None


_HIRAGANA = "".join(chr(c) for c in range(0x3041, 0x3097))


def okurigana_stem(text: str) -> str:
    """``text`` without the hiragana that end it, its okurigana: 見込む, 見込み → 見込; 引き上げ → 引き上."""
    return text.rstrip(_HIRAGANA)


def is_kana(text: str) -> bool:
    return bool(text) and _KANA.match(text) is not None


def is_katakana_char(ch: str) -> bool:
    """The katakana block, marks included: ア, ー (U+30FC), ・ (U+30FB), ヶ."""
    return "\u30a0" <= ch <= "\u30ff"


def has_katakana(text: str) -> bool:
    """Any katakana: フォトリソグラフィ, 新ビジネス; not かたかな."""
    return any(is_katakana_char(ch) for ch in text)


def is_katakana(text: str) -> bool:
    """Katakana only, spaces allowed: データ, データ センター; not データ化, not ""."""
    return bool(text) and all(is_katakana_char(ch) or not ch.strip() for ch in text)


def same_reading(a: str, b: str) -> bool:
    """Readings compare in hiragana: ハイテク == はいてく."""
    return to_hiragana(a) == to_hiragana(b)
