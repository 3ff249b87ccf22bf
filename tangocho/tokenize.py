"""Tokenize sentences with fugashi + unidic-lite (the only module that imports fugashi)."""

from __future__ import annotations

from functools import lru_cache

from .kana import has_kanji, to_hiragana
from .models import Token


@lru_cache(maxsize=1)
def _tagger():
    import fugashi

    return fugashi.Tagger()


def dictionary_version() -> str:
    """The tokenizer dictionary tests are written against (unidic-lite 1.0.8)."""
    from importlib.metadata import version

    return version("unidic-lite")


def _reading(surface: str, kana: str | None) -> str:
    if not kana or kana == "*":
        return ""
    # Kana and Latin surfaces read as written: ハイテク stays ハイテク, する stays する.
    if not has_kanji(surface):
        return surface
    return to_hiragana(kana)


def _amount_suffix(surface: str, reading: str, pos: tuple[str, str, str], previous: Token | None) -> bool:
    """The suffix 高 after a common noun is the amount or rise of it, read だか: unidic-lite reads it
    こう after most nouns (販売|高 はんばいこう, 生産|高, 物価|高, 輸出|高) and だか only after a few
    (売上|高). After a name it is a school (大阪桐蔭|高 こう), so it stays as read."""
    return (
        surface == "高"
        and reading == "こう"
        and pos[:2] == ("接尾辞", "名詞的")
        and previous is not None
        and previous.pos[0] == "名詞"
        and previous.pos[1] != "固有名詞"
    )


def _iku_or_okonau(before: list[Token]) -> str:
    """行っ is 行く (いっ) or 行う (おこなっ); unidic-lite guesses either way wrong with は/も between:
    転換も行って → 行く (wrong), 学校にも行った → 行う (wrong). The particle before it decides:
    に/へ (にも, へは) → 行く; を, or も/は right after a verbal noun (支援も行っている) → 行う;
    anything else: as read ("")."""
    prev = before[-1] if before else None
    prev2 = before[-2] if len(before) > 1 else None
    if prev is None or prev.pos[0] != "助詞":
        return ""
    if prev.surface in ("に", "へ") or (
        prev.surface in ("も", "は") and prev2 and prev2.surface in ("に", "へ")
    ):
        return "行く"
    if prev.surface == "を":
        return "行う"
    if prev.surface in ("も", "は") and prev2 is not None and prev2.pos[2] == "サ変可能":
        return "行う"
    return ""


def _feature(value: str | None) -> str:
    return "" if not value or value == "*" else value


def tokenize(text: str) -> tuple[Token, ...]:
    """Tokens of one sentence, with dictionary forms and hiragana readings."""
    tokens = []
    pos = 0
    # MeCab reads C strings: a NUL byte would end the sentence there (a\x00b集積回路 → only "a").
    # A space keeps every offset and is skipped like any other blank.
    for word in _tagger()(text.replace("\x00", " ")):
        surface = word.surface
        start = text.find(surface, pos)
        if start < 0:  # never expected; keep offsets monotonic anyway
            start = pos
        end = start + len(surface)
        pos = end
        f = word.feature
        unknown = bool(word.is_unk) or f.orthBase is None
        base = surface if unknown else f.orthBase
        reading = "" if unknown else _reading(surface, f.kana)
        base_reading = "" if unknown else _reading(base, f.kanaBase)
        pos_tags = (f.pos1 or "", f.pos2 or "", f.pos3 or "")
        if _amount_suffix(surface, reading, pos_tags, tokens[-1] if tokens else None):
            reading = base_reading = "だか"
        if surface == "行っ" and base in ("行く", "行う"):
            verb = _iku_or_okonau(tokens)
            if verb == "行う":
                base, reading, base_reading, pos_tags = "行う", "おこなっ", "おこなう", ("動詞", "一般", "")
            elif verb == "行く":
                base, reading, base_reading = "行く", "いっ", "いく"
        tokens.append(
            Token(
                surface=surface,
                base=base,
                reading=reading,
                base_reading=base_reading,
                pos=pos_tags,
                is_unknown=unknown,
                start=start,
                end=end,
                accent="" if unknown else _feature(f.aType),
                accent_con="" if unknown else _feature(f.aConType),
            )
        )
    return tuple(tokens)
