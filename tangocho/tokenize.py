"""Tokenize sentences with fugashi + unidic-lite (the only module that imports fugashi)."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Sequence
from functools import lru_cache

from .kana import has_kanji, only_kanji, to_hiragana
from .models import Token

_local = threading.local()


def _tagger():
    """This thread's tagger. A word's features are read from the tagger's lattice, which its next parse
    overwrites: threads sharing one (concurrent ``build`` calls) read each other's features — wrong
    readings and parts of speech, or a UnicodeDecodeError on bytes cut mid-character. A tagger is cheap
    (under 1 ms, ~1 MB: the dictionary is mapped once and shared)."""
    tagger = getattr(_local, "tagger", None)
    if tagger is None:
        import fugashi

        tagger = _local.tagger = fugashi.Tagger()
    return tagger


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


def _comparing(tokens: list[Token], k: int) -> bool:
    """方 after a verb (or its past), then が and a judgement — an adjective, a na-adjective, a word
    with 的: the side compared, ほう (必要なだけ使う方が合理的だ, 使う方がよい), not かた "person; way"
    (使い方 is a suffix the tokenizer reads かた)."""
    if k == 0 or k + 2 >= len(tokens) or tokens[k].pos[0] != "名詞":
        return False
    before, ga, judged = tokens[k - 1], tokens[k + 1], tokens[k + 2]
    if not (before.pos[0] == "動詞" or (before.pos[0] == "助動詞" and before.surface in ("た", "だ"))):
        return False
    if ga.surface != "が" or ga.pos[0] != "助詞":
        return False
    after = tokens[k + 3] if k + 3 < len(tokens) else None
    return judged.pos[0] in ("形容詞", "形状詞") or (after is not None and after.surface == "的")


_PROGRESSIVE = frozenset(
    {"いる", "い", "おり", "おる", "き", "きた", "いく", "いき", "いない", "いた", "いま"}
)


def _iku_or_okonau(before: list[Token], after: str = "") -> str:
    """行っ is 行く (いっ) or 行う (おこなっ); unidic-lite guesses either way wrong with は/も between:
    転換も行って → 行く (wrong), 学校にも行った → 行う (wrong). The particle before it decides:
    に/へ (にも, へは) → 行く; を, or も/は right after a verbal noun (支援も行っている) → 行う;
    anything else: as read (""). ``after``: the word after 行っ.

    を + noun + に before it is a role the を-object plays (1,200社を対象に行った調査, 社員を中心に行った),
    を + noun + で the manner of it (事務を共同で行っている):
    行く takes no を-object, so the verb is 行う — unless 行って links to a verb that takes it
    (荷物を駅に行って受け取る)."""
    prev = before[-1] if before else None
    prev2 = before[-2] if len(before) > 1 else None
    if prev is None or prev.pos[0] != "助詞":
        return ""
    prev3 = before[-3] if len(before) > 2 else None
    if (
        prev.surface in ("に", "で")  # or its manner: 事務を共同で行っている
        and prev2 is not None
        and prev2.pos[0] == "名詞"
        and prev3 is not None
        and prev3.surface == "を"
        and after not in ("て", "で")
    ):
        return "行う"
    if prev.surface in ("に", "へ") or (
        prev.surface in ("も", "は") and prev2 and prev2.surface in ("に", "へ")
    ):
        return "行く"
    if prev.surface == "を":
        return "行う"
    if prev.surface in ("も", "は") and prev2 is not None and prev2.pos[2] == "サ変可能":
        return "行う"
    return ""


# A conjugated word's plain form and then と + kanji is the conditional と and a word beginning there:
# unidic-lite takes と and the kanji as one of its words written half in kana (と殺 "slaughter", 屠殺):
# 感染が出ると殺処分の羽数が膨らみ → 出る|と殺|処分, where the text has 出る|と|殺処分. After a plain form
# (出る, 高い, だ) that word is the particle: 牛をと殺する keeps its と殺 (after を).
_CONDITIONAL = "と"
_CONJUGATING = frozenset({"動詞", "形容詞", "助動詞"})


def _conditional_split(previous: Token, token: Token) -> tuple[Token, Token] | None:
    """``token`` as the particle と and its kanji, when it is と + kanji after a conjugated word."""
    surface = token.surface
    if (
        previous.pos[0] not in _CONJUGATING
        or len(surface) < 2
        or surface[0] != _CONDITIONAL
        or token.pos[0] != "名詞"
        or not only_kanji(surface[1:])
        or not token.reading.startswith(_CONDITIONAL)
    ):
        return None
    cut = token.start + 1
    particle = Token("と", "と", "と", "と", ("助詞", "接続助詞", ""), False, token.start, cut)
    rest, reading = surface[1:], token.reading[1:]
    kanji = Token(rest, rest, reading, reading, token.pos, token.is_unknown, cut, token.end)
    return particle, kanji


def _feature(value: str | None) -> str:
    return "" if not value or value == "*" else value


# The UniDic feature fields tangocho reads, by name (fugashi's), found by position in the raw feature
# string: splitting that string is 3× cheaper than fugashi's ``word.feature`` (a named tuple built by
# a CSV parser), and gives the same values wherever no field is quoted.
_USED = ("pos1", "pos2", "pos3", "orthBase", "kana", "kanaBase", "aType", "aConType")
_POS1, _POS2, _POS3, _ORTH_BASE, _KANA, _KANA_BASE, _A_TYPE, _A_CON_TYPE = range(len(_USED))


@lru_cache(maxsize=1)
def _layout() -> tuple[int, tuple[int, ...]]:
    """(number of fields, position of each used field) of the tagger's dictionary (unidic-lite: 26)."""
    names = type(_tagger()("語")[0].feature)._fields
    return len(names), tuple(names.index(name) for name in _USED)


def _features(word, count: int, where: tuple[int, ...]) -> Sequence[str | None]:
    """The used fields of one word, in ``_USED`` order (``count``, ``where``: ``_layout()``)."""
    raw = word.feature_raw
    if '"' not in raw:
        fields = raw.split(",")
        if len(fields) == count:
            return [fields[k] for k in where]
    # quoted fields (a comma inside one) or an unknown word's short feature list: fugashi's own parse
    feature = word.feature
    return [getattr(feature, name, None) for name in _USED]


# What one morpheme gives whatever its neighbours: (surface, feature string, is_unk) → (base, reading,
# base_reading, pos, unknown, accent, accent_con). A text repeats few distinct morphemes (1 MB of news:
# ~208k tokens, a few thousand keys), so the fields are split and the readings converted once each.
# Cleared when full, so memory stays bounded on any input.
_MORPHEMES: dict[tuple[str, str, bool], tuple[str, str, str, tuple[str, str, str], bool, str, str]] = {}
_MORPHEMES_MAX = 100_000


def _morpheme(surface: str, raw: str, is_unk: bool, word, count: int, where: tuple[int, ...]):
    f = _features(word, count, where)
    unknown = is_unk or f[_ORTH_BASE] is None
    base = surface if unknown else f[_ORTH_BASE]
    reading = "" if unknown else _reading(surface, f[_KANA])
    base_reading = "" if unknown else _reading(base, f[_KANA_BASE])
    pos_tags = (f[_POS1] or "", f[_POS2] or "", f[_POS3] or "")
    accent = "" if unknown else _feature(f[_A_TYPE])
    accent_con = "" if unknown else _feature(f[_A_CON_TYPE])
    if len(_MORPHEMES) >= _MORPHEMES_MAX:
        _MORPHEMES.clear()
    value = _MORPHEMES[surface, raw, is_unk] = (
        base,
        reading,
        base_reading,
        pos_tags,
        unknown,
        accent,
        accent_con,
    )
    return value


def tokenize(text: str) -> tuple[Token, ...]:
    """Tokens of one sentence, with dictionary forms and hiragana readings."""
    tokens = []
    pos = 0
    # MeCab reads C strings: a NUL byte would end the sentence there (a\x00b集積回路 → only "a").
    # A space keeps every offset and is skipped like any other blank.
    count, where = _layout()  # before parsing: the tagger's nodes live until its next parse
    known = _MORPHEMES.get
    find = text.find
    words = _tagger()(text.replace("\x00", " "))
    for k, word in enumerate(words):
        surface = word.surface
        start = find(surface, pos)
        if start < 0:  # never expected; keep offsets monotonic anyway
            start = pos
        end = start + len(surface)
        pos = end
        raw = word.feature_raw
        is_unk = bool(word.is_unk)
        m = known((surface, raw, is_unk)) or _morpheme(surface, raw, is_unk, word, count, where)
        base, reading, base_reading, pos_tags, unknown, accent, accent_con = m
        if surface == "高" and _amount_suffix(surface, reading, pos_tags, tokens[-1] if tokens else None):
            reading = base_reading = "だか"
        if surface == "行っ" and base in ("行く", "行う"):
            after = words[k + 1].surface if k + 1 < len(words) else ""
            if after in ("て", "で") and k + 2 < len(words) and words[k + 2].surface in _PROGRESSIVE:
                after += words[k + 2].surface  # 行って|いる: no verb 行って links to
            verb = _iku_or_okonau(tokens, after)
            if verb == "行う":
                base, reading, base_reading, pos_tags = "行う", "おこなっ", "おこなう", ("動詞", "一般", "")
            elif verb == "行く":
                base, reading, base_reading = "行く", "いっ", "いく"
        tokens.append(
            Token(surface, base, reading, base_reading, pos_tags, unknown, start, end, accent, accent_con)
        )
    for k, t in enumerate(tokens):
        if t.surface == "方" and t.reading == "かた" and _comparing(tokens, k):
            tokens[k] = dataclasses.replace(t, reading="ほう", base_reading="ほう")
    for k in range(len(tokens) - 1, 0, -1):
        if tokens[k].surface[0] == _CONDITIONAL and (split := _conditional_split(tokens[k - 1], tokens[k])):
            tokens[k : k + 1] = split
    result = tuple(tokens)
    if len(_RECENT) >= _RECENT_MAX:
        _RECENT.clear()
    _RECENT[text] = result
    return result


# The sentences tokenized last (text → tokens), for ``tokenized``. Cleared when full: bounded memory.
_RECENT: dict[str, tuple[Token, ...]] = {}
_RECENT_MAX = 4096


def tokenized(text: str) -> tuple[Token, ...]:
    """``tokenize(text)``, the tokens of a recent call when there is one: the collector judges each
    sentence as an example (examples.example_rank) from its text, right after it was tokenized to be
    read (a 300 kB text: 1,180 sentences tokenized twice, 0.5 ms each)."""
    tokens = _RECENT.get(text)
    return tokenize(text) if tokens is None else tokens
