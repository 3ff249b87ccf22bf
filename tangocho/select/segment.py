"""Segmentation: the forms a sentence's token runs may be looked up as, and the cut of a sentence into
the fewest known units (names, JMdict words, single tokens). Pure functions of tokens and look-ups.

UniDic cuts short: 集積|回路, 産業|用|地. Runs of up to ``MAX_RUN`` tokens that start and end on content
words are looked up whole (the last token also in its dictionary form: 相次い → 相次ぐ); the cut with the
fewest units and no stray single kanji wins (集積回路; 産業 + 用地, not 産業用 + 地).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence, Set
from typing import NamedTuple

from ..kana import has_kanji
from ..models import Sentence, Token
from .names import MAX_NAME_TOKENS, SPAN_NAME_KINDS, KnownNames, _surfaces
from .pos import (
    _hiragana_only,
    _tails,
    _View,
)

MAX_RUN = 6  # longest token run tried as one JMdict headword (電子|商|取引 is 3)


class _Unit(NamedTuple):
    """A token or a run of tokens that forms one word in the sentence."""

    first: int
    last: int  # exclusive
    form: str  # dictionary form looked up ("" when not a JMdict word)
    entry_ids: tuple[int, ...]
    name: bool = False  # a name span: a person, place, company or product (the names subdeck only)


def _run_forms(tokens: Sequence[Token], i: int, j: int) -> list[str]:
    """Forms to try for tokens [i, j): surfaces, and with the last token in dictionary form."""
    return _forms_after("".join(t.surface for t in tokens[i : j - 1]), tokens[j - 1])


def _forms_after(head: str, last: Token) -> list[str]:
    """_run_forms of a run: ``head`` the surfaces before its ``last`` token."""
    return [head + tail for tail in _tails(last)]


def candidate_forms(sentences: Iterable[Sentence], views: Sequence[_View] | None = None) -> set[str]:
    """Every form the sentences' tokens and token runs may be looked up as (one batched query)."""
    forms: set[str] = set()
    for k, s in enumerate(sentences):
        view = views[k] if views is not None else _View(s.tokens)
        surfaces, reach, starts, tails = view.surfaces, view.reach, view.starts, view.tails
        n = len(surfaces)
        add = forms.add
        for i, single in enumerate(view.forms):
            forms.update(single)
            if not starts[i]:
                continue
            head = surfaces[i]
            for j in range(i + 2, min(n, i + MAX_RUN, reach[i]) + 1):
                for tail in tails[j - 1]:  # _forms_after
                    add(head + tail)
                head += surfaces[j - 1]
    return forms


def _surface(tokens: Sequence[Token], unit: _Unit) -> str:
    return _surfaces(tokens, unit.first, unit.last)


def _expression_verb(tokens: Sequence[Token], k: int) -> bool:
    """A dependent verb written in kanji right after a noun or a case particle, not after て: it ends a
    JMdict expression (一目|置く "to acknowledge another's superiority", 念頭|に|置く, 距離|を|置く),
    where しておく, してみる stay grammar (the run's form must still be a JMdict word)."""
    t = tokens[k]
    if k == 0 or t.pos[:2] != ("動詞", "非自立可能") or not has_kanji(t.surface):
        return False
    before = tokens[k - 1]
    return before.pos[0] == "名詞" or (
        before.pos[:2] == ("助詞", "格助詞") and before.surface in ("を", "に", "が")
    )


def form_prefixes(found: Iterable[str]) -> set[str]:
    """Every beginning of the forms found (集, 集積, 集積回, 集積回路): a run whose tokens but the last
    spell none is no word, nor is any longer run from its first token (``segment`` stops there)."""
    return {form[:k] for form in found for k in range(1, len(form) + 1)}


def known_ends(view: _View, spans: Mapping[int, int], known: KnownNames) -> list[int]:
    """Per token, the end of the name found earlier in the text that starts there (0: none; a token a
    name span of the sentence starts is not asked): all ``segment`` asks of ``known``."""
    tokens, surfaces, reach, first = view.tokens, view.surfaces, view.reach, known.first
    ends = [0] * len(tokens)
    for i, surface in enumerate(surfaces):
        if surface[:1] in first and not spans.get(i, 0):
            ends[i] = known.end_at(tokens, i, reach[i])
    return ends


def names_span(span: str, named: Mapping[str, frozenset[str]], found: Mapping[str, tuple[int, ...]]) -> bool:
    """A run of name parts JMnedict names as a company, place … and JMdict lacks (ソフト|バンク)."""
    return bool(SPAN_NAME_KINDS & named.get(span, frozenset())) and span not in found


def _options(
    view: _View,
    i: int,
    found: Mapping[str, tuple[int, ...]],
    named: Mapping[str, frozenset[str]],
    spans: Mapping[int, int],
    known_end: int,
    queries: list[tuple[str, bool]] | None = None,
    prefixes: Set[str] | None = None,
) -> list[_Unit]:
    """The units that may start at token i, longest first (``known_end``: ``known_ends`` at i;
    ``queries``: where to note each run asked of ``names_span`` and the answer; ``prefixes``:
    ``form_prefixes(found)``, or None)."""
    tokens, surfaces, reach = view.tokens, view.surfaces, view.reach
    n = len(tokens)
    end = spans.get(i, 0)
    if not end and known_end:
        end = known_end
        if end == i + 1 and found.get(surfaces[i]):
            end = 0  # a one-token name found elsewhere does not shadow the word here
    if end:
        return [_Unit(i, end, "", (), True)]
    options: list[_Unit] = []
    token = tokens[i]
    # 30|日|間: a counter after a number starts no word (not 日間 かかん "period of days").
    after_number = (
        i > 0 and view.numbers[i - 1] and (token.pos[2] == "助数詞可能" or token.pos[0] == "接尾辞")
    )
    # 荷物|量|が|増える: an expression (a run with a particle in it) starts on a word's edge, never
    # inside a noun compound — 量が増える "to gain in quantity" is no unit of 荷物量が増える (nor
    # 策を講ずる of 支援策を講じ). An adverbial noun before it is no compound: 自ら|指揮をとる.
    if view.starts[i] and not after_number and (top := min(n, i + MAX_RUN, reach[i])) >= i + 2:
        can_end, tails = view.can_end, view.tails
        heads = []  # heads[j - i - 2]: the surfaces of tokens [i, j - 1)
        head = surfaces[i]
        for j in range(i + 2, top + 1):
            if prefixes is not None and head not in prefixes:
                break  # no form JMdict has begins so: no run of these tokens and more is a word
            heads.append(head)
            head += surfaces[j - 1]
        top = i + 1 + len(heads)
        inside_compound = None  # worked out when a run is found
        for j in range(top, i + 1, -1):
            if (
                not can_end[j - 1]
                and not (j == i + 2 and _adverb_with_ni(tokens, i))
                and not _expression_verb(tokens, j - 1)
            ):
                continue
            head = heads[j - i - 2]
            for tail in tails[j - 1]:  # _forms_after
                form = head + tail
                # A multi-token headword all in hiragana is grammar (ものである, かもしれない).
                if form in found and not _hiragana_only(form):
                    if inside_compound is None:
                        before = tokens[i - 1] if i > 0 else None
                        inside_compound = token.pos[0] == "接尾辞" or (
                            before is not None
                            and view.name_parts[i - 1]
                            and not view.numbers[i - 1]
                            and before.pos[2] != "副詞可能"
                            and token.pos[0] == "名詞"
                        )
                    if inside_compound and any(t.pos[0] == "助詞" for t in tokens[i:j]):
                        break
                    options.append(_Unit(i, j, form, found[form]))
                    break
    # ソフト|バンク, 帝国|データ|バンク: a JMnedict company or organisation longer than any JMdict
    # word here is one name, and its parts are no words — over name-like tokens only (こと|に is no
    # name, whatever JMnedict says), never a counted unit (2020|年|代) nor a JMdict word.
    longest = options[0].last - i if options else 1
    if named and not after_number:
        stop = min(view.name_stops[i], i + MAX_NAME_TOKENS, reach[i])
        if stop - i > max(longest, 1):  # a run of name parts longer than the longest word here
            texts = []
            text = ""
            for j in range(i, stop):
                text += surfaces[j]
                texts.append(text)
            for j in range(stop, i + max(longest, 1), -1):
                span = texts[j - i - 1]
                hit = names_span(span, named, found)
                if queries is not None:
                    queries.append((span, hit))
                if hit:
                    return [_Unit(i, j, "", (), True)]
    places = view.places
    if places[i] and options:
        # 東京|株式市場: a place is not glued onto a term (東京株式市場 → 東京 + 株式市場) …
        return [_Unit(i, i + 1, "", (), True)]
    # … while 東南|アジア, one JMdict word with a place in it, is a place name
    if options:
        options = [u._replace(name=True) if any(places[i : u.last]) else u for u in options]
    options.append(_alone(tokens, view.forms[i], i, found))
    return options


def _alone(
    tokens: Sequence[Token], forms: Sequence[str], i: int, found: Mapping[str, tuple[int, ...]]
) -> _Unit:
    """Token i on its own (_single_unit), a verb's stem after の as its noun (_noun_use)."""
    if _noun_use(tokens, i) and tokens[i].surface in found:
        forms = (tokens[i].surface, *forms)
    return _single_unit(forms, i, found)


def _noun_use(tokens: Sequence[Token], i: int) -> bool:
    """A verb's stem after の is that verb's noun: 公共料金の引き落とし is JMdict's 引き落とし "debit",
    not 引き落とす "to pull down" (unidic-lite tags the stem a verb)."""
    t = tokens[i]
    if i == 0 or t.pos[0] != "動詞" or t.surface == t.base:
        return False
    before = tokens[i - 1]
    return before.surface == "の" and before.pos[0] == "助詞"


def _adverb_with_ni(tokens: Sequence[Token], i: int) -> bool:
    """A common noun and the に glued to it, which JMdict may have as an adverb of its own: 一気|に "all at
    once" (一気 alone is "one breath"), 次第|に "gradually" (次第 "order; circumstances"), 一斉|に."""
    t = tokens[i]
    if i + 1 >= len(tokens) or t.pos[:2] != ("名詞", "普通名詞"):
        return False
    if i > 0 and tokens[i - 1].surface == "の":
        return False  # a noun the の before it modifies stays a noun: 便利さの陰に "in the shadow of"
    ni = tokens[i + 1]
    return ni.surface == "に" and ni.pos[0] == "助詞" and ni.start == t.end


def _single_unit(forms: Sequence[str], i: int, found: Mapping[str, tuple[int, ...]]) -> _Unit:
    """Token i on its own: as the first of its dictionary ``forms`` JMdict has, else as no word."""
    for form in forms:
        if form in found:
            return _Unit(i, i + 1, form, found[form])
    return _Unit(i, i + 1, "", ())


def segment(
    sentence: Sentence,
    found: Mapping[str, tuple[int, ...]],
    named: Mapping[str, frozenset[str]] | None = None,
    spans: Mapping[int, int] | None = None,
    known: KnownNames | None = None,
    view: _View | None = None,
    ends: Sequence[int] | None = None,
    queries: list[tuple[str, bool]] | None = None,
    prefixes: Set[str] | None = None,
) -> list[_Unit]:
    """The sentence as units: names, JMdict words (longest known parts) and single tokens.

    ``spans``: the name spans the sentence marks (names.rule_name_spans); ``known``: the names found so
    far in the text (or ``ends``: ``known_ends`` of them); ``view``: its tokens' facts, when worked out
    already; ``queries``: a list to note in every run asked of ``names_span`` with the answer;
    ``prefixes``: ``form_prefixes(found)``, which only saves time (the cut is the same without). What the
    cut reads besides the sentence and the look-ups of its own forms is ``ends``, ``bool(named)`` and
    those answers (collect.py remembers a sentence's units by them). Among the ways to cut a run into
    JMdict words, the one with the fewest units and no stray single kanji wins: 産業|用地, not 産業用|地;
    ties go to the longer first word."""
    tokens = sentence.tokens
    n = len(tokens)
    view = view or _View(tokens)
    named = named or {}
    spans = spans or {}
    if ends is None:
        ends = known_ends(view, spans, known if known is not None else KnownNames())
    cost = [0.0] * (n + 1)
    choice: list[_Unit | None] = [None] * n
    surfaces, starts, reach, name_stops, forms = (
        view.surfaces,
        view.starts,
        view.reach,
        view.name_stops,
        view.forms,
    )
    for i in range(n - 1, -1, -1):
        best = None
        surface = surfaces[i]
        stray_token = len(surface) == 1 and has_kanji(surface)
        if (
            not ends[i]
            and not spans.get(i)
            and (reach[i] < i + 2 or (not starts[i] and (not named or name_stops[i] < i + 2)))
        ):
            # a token that starts no run and no name (a particle, a sign …): the one unit _options gives
            choice[i] = _alone(tokens, forms[i], i, found)
            cost[i] = 1 + (2 if stray_token else 0) + cost[i + 1]
            continue
        for unit in _options(view, i, found, named, spans, ends[i], queries, prefixes):
            stray = stray_token and unit.last - unit.first == 1
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
