"""Pitch accent (Tokyo Japanese) from UniDic's accent data: pure functions, no dependencies.

A word's accent is its *downstep position*: the mora after which the pitch falls (0 = no fall,
heiban). UniDic gives it per token (``aType``: 箸 1, 橋 2, 端 0; 投資 "0,1" — the first value is the
usual one, the others are kept as alternatives) and says how a token combines with the one before it
in a compound (``aConType``). A word the tokenizer split (集積|回路) gets its accent from those rules.

The rules, as UniDic defines them (UniDic Users' Manual, 「アクセント結合型」, after 匂坂・佐藤 1983
"日本語単語連鎖のアクセント規則", the rules NHK's accent dictionary describes), with M = the morae before
the token, a = the token's own aType, n = its morae:

- nouns and suffixes (the type sits on the later element):
  C1 自立語結合保存型  M + a   集積+回路(1) → しゅうせきかいろ 5
  C2 自立語結合生起型  M + 1   株式+会社 → かぶしきがいしゃ 5
  C3 接辞結合標準型    M       江東+区 → こうとうく 3 (the fall never sits on ー/ん/っ: one back)
  C4 接辞結合平板化型  0       経済+的 → けいざいてき 0
  C5 従属型            the accent before it stays   (〜さん, 〜する)
- prefixes (the type sits on the prefix and governs the noun after it):
  P1 一体化型      the noun heiban or odaka → 0, else M + a      小+規模(1) → しょうきぼ 3
  P2 自立語結合型  the noun heiban or odaka → M + 1, else M + a  総+生産(0) → そうせいさん 3
  P6 平板型        0
  P4 混合型, P13, P14: the manual lists several outcomes for these; nothing decides between them here,
  so a word containing them gets no accent (never guessed).

The formulas are those of the implementations that follow the manual: OpenJTalk's
``njd_set_accent_type`` (jpreprocess ``crates/jpreprocess-njd/src/open_jtalk/accent_type.rs``, which cites
the manual's section) and TASET (Suzuki, Minematsu et al., University of Tokyo, 2012; ``src/rule.py`` in
kinoh/ja-accent) for the prefix types. Anything else — an unknown token, a missing aType, a particle or
auxiliary inside the word (F types), C1 after a heiban noun — gives ``None``: the card shows no accent
and is tagged ``check::pitch``.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from .kana import to_hiragana
from .models import Token

# Small kana that share the mora of the kana before them: きょ, ファ, ティ, くゎ
_SMALL = frozenset("ゃゅょぁぃぅぇぉゎャュョァィゥェォヮ")
# Morae that cannot carry the accent nucleus (特殊拍: ん, っ, ー) and the second half of a long vowel or
# diphthong: a fall computed onto one moves one mora back. A long vowel as UniDic's pronunciation
# writes it (江東 こうとう = コートー: こうとう+区 → こうとうく 3), and the い of ai/oi/ui
# (経済+界 → けいざいかい 3).
_SPECIAL = frozenset("んっーンッ")
_U_LONG = frozenset("おこごそぞとどのほぼぽもよろょうくぐすずつづぬふぶぷむゆるゅ")

CATEGORIES = ("heiban", "atamadaka", "nakadaka", "odaka")
# Lapis's PitchCategories names them so: heiban 平板, atamadaka 頭高, nakadaka 中高, odaka 尾高


def morae(reading: str) -> tuple[str, ...]:
    """The reading split into morae: きょうと → きょ|う|と; small ゃゅょぁぃぅぇぉ join the mora
    before; ー, っ and ん are morae of their own (がっこう 4, コンピューター 6)."""
    out: list[str] = []
    for ch in reading:
        if ch in _SMALL and out:
            out[-1] += ch
        else:
            out.append(ch)
    return tuple(out)


def category(position: int, count: int) -> str:
    """heiban (0), atamadaka (1), odaka (the last mora), nakadaka (in between)."""
    if position == 0:
        return "heiban"
    if position == 1:
        return "atamadaka"
    return "odaka" if position == count else "nakadaka"


def _special(mora: str, before: str) -> bool:
    """ん, っ, ー, and the second half of a long vowel (こう, けい) carry no accent nucleus."""
    h = to_hiragana(mora)
    if h in _SPECIAL:
        return True
    if not before:
        return False
    if h == "い":  # けい (long e), かい, こい, すい (diphthongs)
        return True
    return h == "う" and to_hiragana(before)[-1] in _U_LONG  # こう, しゅう, ふう


def _settle(position: int, moras: Sequence[str]) -> int:
    # A fall computed onto a special mora moves one back: こうとう+区 (C3, M = 4) → こうとうく 3
    while position > 1 and _special(moras[position - 1], moras[position - 2]):
        position -= 1
    return position


@dataclass(frozen=True)
class Pitch:
    """A word's accent: its reading, morae and downstep position (0 = heiban)."""

    reading: str
    position: int
    alternatives: tuple[int, ...] = ()  # further positions UniDic lists (投資 0, also 1)

    @property
    def morae(self) -> tuple[str, ...]:
        return morae(self.reading)

    @property
    def category(self) -> str:
        return category(self.position, len(self.morae))

    def pattern(self, position: int | None = None) -> str:
        """H/L per mora, and the particle after the word as the last letter: はし 2 → LHL."""
        return pattern(len(self.morae), self.position if position is None else position)


def pattern(count: int, position: int) -> str:
    """Pitch of each mora plus the following particle: 0 → LHH…H+H, 1 → HLL…+L, k → LH…H(k)L…+L."""
    out = []
    for i in range(1, count + 2):
        if position == 1:
            high = i == 1
        elif position == 0:
            high = i > 1
        else:
            high = 1 < i <= position
        out.append("H" if high else "L")
    return "".join(out)


def _values(a_type: str) -> list[int] | None:
    try:
        values = [int(v) for v in a_type.split(",") if v.strip()]
    except ValueError:
        return None
    return values or None


_NOMINAL = ("名詞", "接尾辞", "形状詞", "接頭辞")


def _combine(tokens: Sequence[Token], readings: Sequence[str], a_types: Sequence[int | None]) -> int | None:
    """The accent of tokens joined into one word, by UniDic's combination rules (see the module doc)."""
    moras: list[str] = []
    accent: int | None = None
    for i, (token, reading) in enumerate(zip(tokens, readings, strict=True)):
        own = morae(reading)
        a = a_types[i]
        previous = tokens[i - 1] if i else None
        m = len(moras)
        if previous is None:
            accent = a if token.pos[0] != "接頭辞" else 0  # a prefix's own accent is not used
        elif previous.pos[0] == "接頭辞":
            rule = previous.accent_con
            if token.pos[0] != "名詞" or a is None:
                return None
            flat = a in (0, len(own))  # heiban or odaka: the same before no particle
            if rule == "P1":
                accent = 0 if flat else m + a
            elif rule == "P2":
                accent = m + 1 if flat else m + a
            elif rule == "P6":
                accent = 0
            else:  # P4, P13, P14: several outcomes in the manual, none chosen here
                return None
        else:
            rule = token.accent_con
            if rule == "C1":
                if a is None or a == 0:  # "keep the later element's accent" of a heiban noun: undefined
                    return None
                accent = m + a
            elif rule == "C2":
                accent = m + 1
            elif rule == "C3":
                accent = m
            elif rule == "C4":
                accent = 0
            elif rule == "C5":
                pass
            else:  # F types (particles, auxiliaries inside the word), P types out of place, missing
                return None
        moras.extend(own)
        if accent is None:
            return None
        if previous is not None and accent:
            accent = _settle(accent, moras)
    return accent


def _unvoiced(ch: str) -> str:
    return unicodedata.normalize(
        "NFC", unicodedata.normalize("NFD", ch).replace("\u3099", "").replace("\u309a", "")
    )


def _aligned(readings: Sequence[str], reading: str) -> list[str] | None:
    """The card's reading cut where the tokens' readings are cut, when they spell it — up to rendaku,
    the voicing of a later element's first mora: 株式|会社 かぶしき|かいしゃ for かぶしきがいしゃ.
    None when they spell another word (上|半期 じょう|はんき for かみはんき)."""
    target = to_hiragana(reading)
    out = []
    pos = 0
    for i, r in enumerate(readings):
        piece = target[pos : pos + len(r)]
        mine = to_hiragana(r)
        if len(piece) != len(mine) or not piece:
            return None
        if piece != mine and not (i and piece[1:] == mine[1:] and _unvoiced(piece[0]) == _unvoiced(mine[0])):
            return None
        out.append(reading[pos : pos + len(r)])
        pos += len(r)
    return out if pos == len(target) else None


def word_pitch(tokens: Sequence[Token], word: str, reading: str) -> Pitch | None:
    """The accent of ``word`` read ``reading`` from the tokens it was found as; None when UniDic's
    data and rules do not decide it.

    One token: its aType (a verb or adjective in its dictionary form: 達し → 達する たっする 0, also 3).
    Several: the combination rules. The tokens' readings must spell the card's reading — 上|半期 read
    かみはんき by JMdict while the tokenizer heard じょう|はんき has no accent of its own here.
    """
    if not tokens or not reading or any(t.is_unknown or not t.reading for t in tokens):
        return None
    readings = [t.reading for t in tokens]
    last = tokens[-1]
    if last.surface != last.base and last.pos[0] in ("動詞", "形容詞", "助動詞"):
        # 達し in the sentence, 達する on the card: the dictionary form carries the accent UniDic lists
        if len(tokens) > 1 or not last.base_reading:
            return None
        readings = [last.base_reading]
    readings = _aligned(readings, reading)
    if readings is None:
        return None
    if len(tokens) > 1 and any(t.pos[0] not in _NOMINAL for t in tokens):
        return None  # 指揮をとる: a particle or a verb inside the word, outside the noun rules
    values = [_values(t.accent) for t in tokens]
    first = [v[0] if v else None for v in values]
    primary = first[0] if len(tokens) == 1 else _combine(tokens, readings, first)
    if primary is None:
        return None
    # Alternatives: UniDic lists several values for one of the tokens (投資 0,1; 達する 0,3)
    alternatives: list[int] = []
    varied = [i for i, v in enumerate(values) if v and len(v) > 1]
    if len(varied) == 1:
        i = varied[0]
        for value in values[i][1:]:
            choice = [*first[:i], value, *first[i + 1 :]]
            alt = value if len(tokens) == 1 else _combine(tokens, readings, choice)
            if alt is not None and alt != primary and alt not in alternatives:
                alternatives.append(alt)
    count = len(morae(reading))
    if primary > count or any(a > count for a in alternatives):
        return None  # data that does not fit the reading
    return Pitch(reading, primary, tuple(alternatives))


# ------------------------------------------------------------------------------------------ rendering


def pitch_html(pitch: Pitch) -> str:
    """The reading drawn mora by mora: a line above the high morae, below the low ones, a hook where
    the pitch falls. HTML + CSS only (classes styled in style.css), so every Anki client shows it.

    しゅうせきかいろ 5 → しゅ(low) う せ き か(high, fall after) い ろ(low), then the particle's slot.
    """
    moras = pitch.morae
    marks = pattern(len(moras), pitch.position)
    cells = []
    for i, mora in enumerate(moras):
        high = marks[i] == "H"
        classes = ["mora", "high" if high else "low"]
        if high and marks[i + 1] == "L":
            classes.append("drop")  # the downstep: the line turns down after this mora
        elif not high and marks[i + 1] == "H":
            classes.append("rise")  # the line turns up after this mora
        cells.append(f'<span class="{" ".join(classes)}">{html.escape(mora, quote=False)}</span>')
    # the particle after the word: high after a heiban word, low after the others (odaka's fall shows)
    particle = "high" if marks[-1] == "H" else "low"
    cells.append(f'<span class="mora particle {particle}"></span>')
    title = f"{pitch.category} [{pitch.position}]"
    return f'<span class="pitch" title="{title}">' + "".join(cells) + "</span>"


def fields(pitch: Pitch | None) -> dict[str, str]:
    """Lapis-compatible fields: PitchPosition "5" (alternatives after a comma: "0,1"),
    PitchCategories "nakadaka" (alternatives' categories too), Pitch (the drawing)."""
    if pitch is None:
        return {"PitchPosition": "", "PitchCategories": "", "Pitch": ""}
    positions = [pitch.position, *pitch.alternatives]
    count = len(pitch.morae)
    cats = list(dict.fromkeys(category(p, count) for p in positions))
    return {
        "PitchPosition": ",".join(str(p) for p in positions),
        "PitchCategories": ",".join(cats),
        "Pitch": pitch_html(pitch),
    }
