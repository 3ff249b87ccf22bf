"""Kana helpers shared by the stages (no dependencies)."""

from __future__ import annotations

import re

_KATA_TO_HIRA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
_KANJI = re.compile(r"[\u3005\u3006\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u30f6]")
_KANA = re.compile(r"^[\u3041-\u309f\u30a0-\u30ffー]+$")


def to_hiragana(text: str) -> str:
    """カタカナ → かたかな (ー and other marks kept)."""
    return text.translate(_KATA_TO_HIRA)


def has_kanji(text: str) -> bool:
    return _KANJI.search(text) is not None


def is_kanji(ch: str) -> bool:
    return _KANJI.fullmatch(ch) is not None


def is_kana(text: str) -> bool:
    return bool(text) and _KANA.match(text) is not None


def same_reading(a: str, b: str) -> bool:
    """Readings compare in hiragana: ハイテク == はいてく."""
    return to_hiragana(a) == to_hiragana(b)
