"""Segmentation: the forms a sentence's token runs may be looked up as, and the cut of a sentence into
the fewest known units (names, JMdict words, single tokens). Pure functions of tokens and look-ups.

UniDic cuts short: 集積|回路, 産業|用|地. Runs of up to ``MAX_RUN`` tokens that start and end on content
words are looked up whole (the last token also in its dictionary form: 相次い → 相次ぐ); the cut with the
fewest units and no stray single kanji wins (集積回路; 産業 + 用地, not 産業用 + 地).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from ..kana import has_kanji
from ..models import Sentence, Token
from .names import MAX_NAME_TOKENS, SPAN_NAME_KINDS, KnownNames, _surfaces
from .pos import (
    _can_continue,
    _can_end,
    _can_start,
    _hiragana_only,
    _is_number,
    _kanji_numeral,
    _name_part,
    _place,
)

MAX_RUN = 6  # longest token run tried as one JMdict headword (電子|商|取引 is 3)


@dataclass(frozen=True)
class _Unit:
    """A token or a run of tokens that forms one word in the sentence."""

    first: int
    last: int  # exclusive
    form: str  # dictionary form looked up ("" when not a JMdict word)
    entry_ids: tuple[int, ...]
    name: bool = False  # a name span: a person, place, company or product (the names subdeck only)


def _reach(tokens: Sequence[Token]) -> list[int]:
    """reach[i]: the end of the longest run from token i without punctuation (runs stop at 、。)."""
    reach = [0] * len(tokens)
    end = len(tokens)
    for i in range(len(tokens) - 1, -1, -1):
        if not _can_continue(tokens[i]):
            end = i
        reach[i] = end
    return reach


def _single_forms(token: Token) -> list[str]:
    """Dictionary forms of one token, the -じる form first: UniDic writes 感じ(た) as 感ずる, JMdict and
    the article 感じる."""
    forms = [token.base, token.surface]
    if token.base and token.base.endswith("ずる") and token.surface.endswith("じ"):
        forms.insert(0, token.base[:-2] + "じる")
    return [f for f in forms if f]


def _run_forms(tokens: Sequence[Token], i: int, j: int) -> list[str]:
    """Forms to try for tokens [i, j): surfaces, and with the last token in dictionary form."""
    head = "".join(t.surface for t in tokens[i : j - 1])
    last = tokens[j - 1]
    forms = [head + last.surface]
    if last.pos[0] == "助動詞":
        # 無い袖は振れ|ない: JMdict writes sayings with the classical negative (無い袖は振れぬ)
        return forms + [head + "ぬ"] if last.base in ("ない", "ぬ") else forms
    if last.base and last.base != last.surface:
        for base in _single_forms(last)[:-1]:
            forms.append(head + base)  # 相次い → 相次ぐ, 開通させ … 達し → 達する, 感じ → 感じる
    return forms


def candidate_forms(sentences: Iterable[Sentence]) -> set[str]:
    """Every form the sentences' tokens and token runs may be looked up as (one batched query)."""
    forms: set[str] = set()
    for s in sentences:
        toks = s.tokens
        reach = _reach(toks)
        for i, t in enumerate(toks):
            forms.update(_single_forms(t))
            if not (_can_start(t) or _kanji_numeral(toks, i)):
                continue
            for j in range(i + 2, min(len(toks), i + MAX_RUN, reach[i]) + 1):
                forms.update(_run_forms(toks, i, j))
    return forms


def _surface(tokens: Sequence[Token], unit: _Unit) -> str:
    return _surfaces(tokens, unit.first, unit.last)


def _options(
    tokens: Sequence[Token],
    i: int,
    found: Mapping[str, tuple[int, ...]],
    named: Mapping[str, frozenset[str]],
    spans: Mapping[int, int],
    can_end: Sequence[bool],
    reach: Sequence[int],
    known: KnownNames,
) -> list[_Unit]:
    """The units that may start at token i, longest first."""
    n = len(tokens)
    end = spans.get(i, 0)
    if not end:
        end = known.end_at(tokens, i, reach[i])
        if end == i + 1 and found.get(tokens[i].surface):
            end = 0  # a one-token name found elsewhere does not shadow the word here
    if end:
        return [_Unit(i, end, "", (), name=True)]
    options: list[_Unit] = []
    # 30|日|間: a counter after a number starts no word (not 日間 かかん "period of days").
    after_number = (
        i > 0
        and _is_number(tokens[i - 1])
        and (tokens[i].pos[2] == "助数詞可能" or tokens[i].pos[0] == "接尾辞")
    )
    if (_can_start(tokens[i]) or _kanji_numeral(tokens, i)) and not after_number:
        for j in range(min(n, i + MAX_RUN, reach[i]), i + 1, -1):
            if not can_end[j - 1]:
                continue
            for form in _run_forms(tokens, i, j):
                # A multi-token headword all in hiragana is grammar (ものである, かもしれない).
                if form in found and not _hiragana_only(form):
                    options.append(_Unit(i, j, form, found[form]))
                    break
    # ソフト|バンク, 帝国|データ|バンク: a JMnedict company or organisation longer than any JMdict
    # word here is one name, and its parts are no words — over name-like tokens only (こと|に is no
    # name, whatever JMnedict says), never a counted unit (2020|年|代) nor a JMdict word.
    longest = options[0].last - i if options else 1
    if named and not after_number:
        texts = []
        text = ""
        for j in range(i, min(n, i + MAX_NAME_TOKENS, reach[i])):
            if not _name_part(tokens[j]):
                break
            text += tokens[j].surface
            texts.append(text)
        for j in range(i + len(texts), i + max(longest, 1), -1):
            span = texts[j - i - 1]
            if SPAN_NAME_KINDS & named.get(span, frozenset()) and span not in found:
                return [_Unit(i, j, "", (), name=True)]
    if _place(tokens[i]) and options:
        # 東京|株式市場: a place is not glued onto a term (東京株式市場 → 東京 + 株式市場) …
        return [_Unit(i, i + 1, "", (), name=True)]
    # … while 東南|アジア, one JMdict word with a place in it, is a place name
    options = [replace(u, name=True) if any(map(_place, tokens[i : u.last])) else u for u in options]
    t = tokens[i]
    form = next((f for f in _single_forms(t) if f in found), "")
    options.append(_Unit(i, i + 1, form, found.get(form, ())))
    return options


def segment(
    sentence: Sentence,
    found: Mapping[str, tuple[int, ...]],
    named: Mapping[str, frozenset[str]] | None = None,
    spans: Mapping[int, int] | None = None,
    known: KnownNames | None = None,
) -> list[_Unit]:
    """The sentence as units: names, JMdict words (longest known parts) and single tokens.

    ``spans``: the name spans the sentence marks (names.rule_name_spans); ``known``: the names found so
    far in the text. Among the ways to cut a run into JMdict words, the one with the fewest units and no
    stray single kanji wins: 産業|用地, not 産業用|地; ties go to the longer first word."""
    tokens = sentence.tokens
    n = len(tokens)
    can_end = [_can_end(t) for t in tokens]
    reach = _reach(tokens)
    named = named or {}
    spans = spans or {}
    known = known if known is not None else KnownNames()
    options = [_options(tokens, i, found, named, spans, can_end, reach, known) for i in range(n)]
    cost = [0.0] * (n + 1)
    choice: list[_Unit | None] = [None] * n
    for i in range(n - 1, -1, -1):
        best = None
        for unit in options[i]:
            stray = (
                unit.last - unit.first == 1 and len(tokens[i].surface) == 1 and has_kanji(tokens[i].surface)
            )
            c = 1 + (2 if stray and not unit.name else 0) + cost[unit.last]
            if best is None or c < best:
                best, choice[i] = c, unit
        cost[i] = best or 0.0
    units: list[_Unit] = []
    i = 0
    while i < n:
        unit = choice[i]
        units.append(unit)
        i = unit.last
    return units
