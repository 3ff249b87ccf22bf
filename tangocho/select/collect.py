"""Counting: fold tokenized sentences into a tally per candidate word — JMdict words, names and the
noun runs JMdict lacks (compounds) — with counts, tokenizer readings and the best few example sentences.

The state is bounded per distinct word, so large inputs stream: ``Collector.add`` folds each batch of
sentences in (one batched dictionary query per batch); ``Collector.rank`` scores what was collected
(score.py). A sentence seen twice or more (a corpus's boilerplate) is counted from memory the next
times, where its batch would give it the same look-ups and names (``_Memo``).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from ..dictionary import Dictionary
from ..kana import to_hiragana
from ..models import Candidate, Occurrence, Sentence, Token
from ..wordlists import WordList
from .names import (
    KnownNames,
    _katakana_runs,
    _rule_name_spans,
    katakana_pieces,
    sentence_names,
    university_forms,
)
from .pos import (
    _SYMBOLS,
    AFTER_FIRST,
    ALWAYS,
    EDGE_WORDS,
    LEADING_MODIFIERS,
    PRODUCTIVE_SUFFIXES,
    _View,
)
from .score import rank
from .segment import (
    _surface,
    _surfaces,
    _Unit,
    candidate_forms,
    form_prefixes,
    known_ends,
    names_span,
    segment,
)
from .tally import Kind, _Tally, remember_keys, sentence_key

MAX_COMPOUND_UNITS = 5


# Suffixes that make a modifier of the noun before them, not a noun: 灯油|型 "kerosene-type", 固定|式
# "fixed-type" — inside a run they describe what follows (灯油型ジェット燃料), so no word of their own.
ATTRIBUTIVE_SUFFIXES = frozenset("型 式".split())


@dataclass(frozen=True)
class Batch:
    """A batch of sentences with its dictionary look-ups and the name spans its sentences mark."""

    sentences: list[Sentence]
    found: dict[str, tuple[int, ...]]  # form → JMdict entry ids
    named: dict[str, frozenset[str]]  # form → JMnedict kinds
    spans: list[dict[int, int]]  # per sentence: name start → end token
    names: set[str]  # the multi-token names among the spans (KnownNames)
    views: list[_View]  # per sentence: its tokens' facts for the segmentation
    # per sentence: tokens that are pieces of a katakana term, no words (ドラッグ|ラグ)
    pieces: list[frozenset[int]] = field(default_factory=list)
    seen: list[_Seen | None] = field(default_factory=list)  # per sentence: its memo entry (_Memo)
    prefixes: set[str] | None = None  # segment.form_prefixes(found)


@dataclass(frozen=True)
class Counts:
    """A collector's counts without its dictionary and lists: what ``Collector.merge`` combines."""

    tallies: dict[tuple[Kind, str], _Tally]
    contained: dict[str, int]
    inside: dict[str, dict[str, int]]
    tokens: int
    names: set[str]
    # example_key of every example's (text, title): the merging process ranks them without tokenizing
    keys: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)


class Collector:
    """Fold tokenized sentences into candidate words (bounded state per distinct word)."""

    def __init__(
        self,
        dictionary: Dictionary,
        domain_lists: dict[str, WordList] | None = None,
        retokenize: Callable[[str], tuple[Token, ...]] | None = None,
        names: Iterable[str] = (),
    ):
        """``retokenize``: when given, example sentences are kept as text only and tokenized again
        for the words finally chosen — memory then grows with the number of distinct words, not with
        their sentences' tokens (a varied 10 MB corpus: 1.6 GB → a few hundred MB). ``names``: the
        names the text found before these sentences (a collector of a text's second half, to merge)."""
        self.dictionary = dictionary
        self.retokenize = retokenize
        self.domain_lists = dict(domain_lists or {})  # "business" → vocab/business.txt …
        self.tallies: dict[tuple[Kind, str], _Tally] = {}
        # compound words seen inside longer noun runs: 企業誘致 inside クラウド企業誘致, 企業誘致モデル
        self.contained: dict[str, int] = {}
        self.tokens = 0
        # multi-token names found by the rules: a name at its later mentions too
        self.names = KnownNames(names)
        # word → the compounds its occurrences stood in (固体 → {全固体電池: 4}): a word seen only inside
        # carded compounds is learnt there, not on a card of its own
        self.inside: dict[str, dict[str, int]] = {}

    def add(self, sentences: Iterable[Sentence]) -> None:
        """Fold a batch of sentences in (one batched dictionary query per batch)."""
        batch = self.prepare(list(sentences))
        self.names.update(batch.names)
        self.fold(batch)

    def prepare(self, sentences: list[Sentence]) -> Batch:
        """The batch's look-ups and name spans: what its segmentation needs besides the names found in
        earlier batches (``add`` is ``prepare``, the batch's names into ``self.names``, ``fold``)."""
        memo = _memo_for(self.dictionary)
        seen = [memo.entry(s) for s in sentences]
        views = []
        forms: set[str] = set()
        for s, e in zip(sentences, seen, strict=True):
            if e is None:
                view = _View(s.tokens)
                forms.update(candidate_forms((s,), (view,)))
            else:
                if e.view is None:
                    e.view = view = _View(s.tokens)
                    e.forms = frozenset(candidate_forms((s,), (view,)))
                    e.katakana = _katakana_runs((s,), (view,))
                    e.universities = frozenset(university_forms((view,)))
                view = e.view
                forms.update(e.forms)
            views.append(view)
        found = memo.lookup_forms(self.dictionary, forms)
        # the batch's katakana counts and runs, and university forms: each sentence's added up (those
        # of the sentences seen before remembered)
        fresh = [k for k, e in enumerate(seen) if e is None]
        outside, runs = _katakana_runs([sentences[k] for k in fresh], [views[k] for k in fresh])
        universities = university_forms([views[k] for k in fresh])
        for e in seen:
            if e is not None:
                for word, n in e.katakana[0].items():
                    outside[word] = outside.get(word, 0) + n
                runs.update(e.katakana[1])
                universities.update(e.universities)
        # (星|薬科|大 is looked up as 星薬科大学 too: a university the text abbreviates)
        named = memo.name_kinds(self.dictionary, [*(f for f in forms if len(f) >= 2), *universities])
        products = set(self.dictionary.zipf(r for r in runs if r not in found))
        context = (found, outside, named, products)
        spans = []
        for s, v, e in zip(sentences, views, seen, strict=True):
            if e is None:
                spans.append(_rule_name_spans(s.tokens, found, outside, named, products, v))
            elif e.spans is not None and _Asked.same(e.spans_asked, context):
                spans.append(e.spans)  # a sentence seen before, whose name rules would ask the same
            else:
                asked = [_Asked(m) for m in context]
                sp = _rule_name_spans(s.tokens, *asked, v)
                logs = tuple(a.log for a in asked)
                # (a rule that asked what no question replays: the spans are not remembered)
                e.spans, e.spans_asked = (sp, logs) if all(log is not None for log in logs) else (None, None)
                spans.append(sp)
        names = set().union(*(sentence_names(s, sp) for s, sp in zip(sentences, spans, strict=True)))
        pieces = katakana_pieces(views, found)
        return Batch(sentences, found, named, spans, names, views, pieces, seen, form_prefixes(found))

    def fold(self, batch: Batch) -> None:
        """Count the batch's words and compounds (``self.names`` already holds the batch's names)."""
        pieces = batch.pieces or [frozenset()] * len(batch.sentences)
        seen = batch.seen or [None] * len(batch.sentences)
        found, named, prefixes = batch.found, batch.named, batch.prefixes
        for s, sp, view, hidden, e in zip(
            batch.sentences, batch.spans, batch.views, pieces, seen, strict=True
        ):
            # kept as text (and the author's ruby) only: tokenized again if the word is chosen
            example = replace(s, tokens=()) if self.retokenize else s
            if e is None:
                units = segment(s, found, named, sp, self.names, view, prefixes=prefixes)
                self._apply(self._count_ops(s, units, view, hidden), example)
                continue
            # a sentence seen before: its counts again, if its cut reads the same names and look-ups
            ends = known_ends(view, sp, self.names)
            f = e.fold
            if (
                f is not None
                and f.spans == sp
                and f.hidden == hidden
                and f.ends == ends
                and f.named == bool(named)
                and all(names_span(span, named, found) == hit for span, hit in f.asked)
            ):
                self._apply(f.ops, example)
                continue
            asked: list[tuple[str, bool]] = []
            units = segment(s, found, named, sp, view=view, ends=ends, queries=asked, prefixes=prefixes)
            ops = self._count_ops(s, units, view, hidden)
            e.fold = _Folded(sp, hidden, ends, bool(named), tuple(asked), ops)
            self._apply(ops, example)

    def _count_ops(self, s: Sentence, units: list[_Unit], view: _View, hidden: frozenset[int]) -> _Ops:
        """What counting the sentence's units and compounds does, as steps ``_apply`` takes."""
        ops: list[tuple] = []
        for unit in units:
            if hidden and not unit.name and all(k in hidden for k in range(unit.first, unit.last)):
                continue  # ドラッグ of ドラッグラグ: a piece of a katakana term
            op = _unit_op(s, unit, view)
            if op is not None:
                ops.append(op)
        self._compound_ops(s, units, view, ops)
        return sum(1 for t in s.tokens if t.pos[0] not in _SYMBOLS), tuple(ops)

    def _apply(self, counted: _Ops, sentence: Sentence) -> None:
        """Take the steps of ``_count_ops`` (``sentence``: the example to offer)."""
        words, ops = counted
        self.tokens += words
        tallies = self.tallies
        key = sentence_key(sentence.text, sentence.article.title) if ops else None  # (as an example)
        for op in ops:
            what = op[0]
            if what is _UNIT:
                _, word, entry_ids, name, multi, pieces, token_pos, block, after, first, last, reading = op
                tally = tallies.get((Kind.WORD, word))
                if tally is None:
                    tally = self._tally(Kind.WORD, word, () if name else entry_ids)
                if name:
                    tally.is_name = True
                    tally.blocked = tally.blocked or "name"
                    tally.token_pos = tally.token_pos or "name"
                    tally.multi_token = tally.multi_token or multi
                else:
                    if multi:
                        tally.multi_token = True
                        if not tally.pieces:
                            tally.pieces = pieces
                    if not tally.token_pos:
                        tally.token_pos = token_pos
                    if block and not tally.blocked:
                        tally.blocked = block
                    if block == "proper noun":
                        tally.is_name = True
                    tally.after_number += after
                tally.count_at(sentence, first, last, reading, key)
            elif what is _COMPOUND:
                _, word, parts, part_multi, derived, first, last, reading, inner = op
                tally = self._tally(Kind.COMPOUND, word, ())
                tally.parts = parts
                tally.part_multi = part_multi
                tally.derived = derived
                tally.multi_token = True
                tally.token_pos = "noun"
                tally.count_at(sentence, first, last, reading, key)
                contained = self.contained
                for sub in inner:
                    contained[sub] = contained.get(sub, 0) + 1
            else:  # _INSIDE: a word (a unit of a compound) and the compound it stood in
                _, part, word = op
                inside = self.inside.setdefault(part, {})
                inside[word] = inside.get(word, 0) + 1

    def counts(self) -> Counts:
        """What this collector counted (what a worker process sends back to be merged)."""
        keys = {}
        for tally in self.tallies.values():
            for o in tally.examples:
                text, title = o.sentence.text, o.sentence.article.title
                keys[text, title] = sentence_key(text, title)
        return Counts(self.tallies, self.contained, self.inside, self.tokens, self.names.surfaces, keys)

    def merge(self, other: Collector | Counts) -> None:
        """Fold in what ``other`` counted in the sentences that follow this collector's: collecting a
        text's halves (the second with the names the first found, ``names=``) and merging them counts
        exactly what collecting the whole text does — the same tallies in the same order, readings,
        flags, the best examples (first seen first among equals) — so the ranking and deck are equal."""
        counts = other.counts() if isinstance(other, Collector) else other
        remember_keys(counts.keys)
        for key, theirs in counts.tallies.items():
            mine = self.tallies.get(key)
            if mine is None:
                self.tallies[key] = replace(
                    theirs, examples=list(theirs.examples), readings=dict(theirs.readings)
                )
            else:
                mine.merge(theirs)
        for word, n in counts.contained.items():
            self.contained[word] = self.contained.get(word, 0) + n
        for word, runs in counts.inside.items():
            inside = self.inside.setdefault(word, {})
            for run, n in runs.items():
                inside[run] = inside.get(run, 0) + n
        self.tokens += counts.tokens
        self.names.update(counts.names)

    def rank(self, **options) -> list[Candidate]:
        """Score every tally and return the cards to make, best first, their examples with tokens:
        ``score.rank`` with its options (known, include, exclude, max_words, min_score, names, level)."""
        candidates = rank(self, **options)
        cache: dict[str, tuple[Token, ...]] = {}
        return [replace(c, examples=self._restore(c.examples, cache)) for c in candidates]

    def _restore(
        self, examples: Iterable[Occurrence], cache: dict[str, tuple[Token, ...]]
    ) -> tuple[Occurrence, ...]:
        """Examples with their tokens again (when they were kept as text only)."""
        if self.retokenize is None:
            return tuple(examples)
        restored = []
        for o in examples:
            tokens = cache.get(o.sentence.text)
            if tokens is None:
                tokens = cache[o.sentence.text] = self.retokenize(o.sentence.text)
            restored.append(Occurrence(replace(o.sentence, tokens=tokens), o.first, o.last))
        return tuple(restored)

    def _tally(self, kind: Kind, word: str, entry_ids: tuple[int, ...]) -> _Tally:
        tally = self.tallies.get((kind, word))
        if tally is None:
            tally = self.tallies[(kind, word)] = _Tally(word=word, entry_ids=entry_ids, kind=kind)
        return tally

    # -- compounds missing from JMdict --------------------------------------------------------------

    def _noun_like(self, sentence: Sentence, unit: _Unit, position: int, view: _View) -> bool:
        if unit.name:
            return False  # a name ends a compound: 海外|ユニクロ|事業 is no term
        numbers = view.numbers
        if unit.last - unit.first == 1:  # one token (most units): the checks below without slices
            if numbers[unit.first]:
                return False
            noun = view.compound_parts[unit.first]
            return noun is ALWAYS or (noun is AFTER_FIRST and position > 0)
        tokens = sentence.tokens[unit.first : unit.last]
        if any(numbers[unit.first : unit.last]) or any(t.pos[1] == "固有名詞" for t in tokens):
            return False
        # 分かり|やすく ends on an adjective suffix: no noun, so 分かりやすく解説 is no compound
        last = tokens[-1]
        return last.pos[0] == "名詞" or (last.pos[0] == "接尾辞" and last.pos[1] == "名詞的")

    def _compound_ops(self, sentence: Sentence, units: list[_Unit], view: _View, ops: list) -> None:
        run: list[_Unit] = []
        for unit in [*units, None]:
            if unit is not None and self._noun_like(sentence, unit, len(run), view):
                run.append(unit)
                continue
            if run:
                self._run_ops(sentence, run, view.numbers, ops)
                run = []

    def _run_ops(self, sentence: Sentence, run: list[_Unit], numbers: list[bool], ops: list) -> None:
        tokens = sentence.tokens

        def adverbial(u: _Unit) -> bool:
            # 今年|上半期, 一定|規模|以上: time and quantity nouns (副詞可能) are not part of a term.
            t = tokens[u.first]
            return u.last - u.first == 1 and t.pos[2] == "副詞可能" and t.pos[0] == "名詞"

        while run and (
            adverbial(run[0])
            or tokens[run[0].first].pos[0] == "接尾辞"
            or tokens[run[0].first].surface == "同"  # 同|調査: "the same survey" points back
            or _surface(tokens, run[0]) in LEADING_MODIFIERS  # 小型|衛星: a small satellite
            # 21|年度|補正予算: the unit a number counts is not part of the term
            or (run[0].first > 0 and numbers[run[0].first - 1])
            # 日本|版|ライドシェア: one kanji right after a name is the name's (日本版 "Japanese version"),
            # not the first part of a term (版ライドシェア "edition · ride-sharing")
            or (
                run[0].first > 0
                and run[0].last - run[0].first == 1
                and len(tokens[run[0].first].surface) == 1
                and tokens[run[0].first - 1].pos[1] == "固有名詞"
                and tokens[run[0].first - 1].end == tokens[run[0].first].start
            )
        ):
            run = run[1:]
        while run and (
            adverbial(run[-1])
            or tokens[run[-1].last - 1].pos[0] in ("接頭辞", "形状詞")
            or _surface(tokens, run[-1]) in EDGE_WORDS
        ):
            run = run[:-1]
        if len(run) > 2:
            # 調整|力|確保 → 調整力 too; a suffix that ends the run belongs to all of it (従業員退職|型)
            for a in range(1, len(run) - 1):
                # (灯油|型|ジェット燃料: "kerosene-type" modifies what follows, it names nothing)
                if (
                    _derives(tokens, run[a - 1], run[a])
                    and _surface(tokens, run[a]) not in ATTRIBUTIVE_SUFFIXES
                ):
                    _compound_op(tokens, run[a - 1 : a + 1], ops)
        if _compound_op(tokens, run, ops):
            word = _surfaces(tokens, run[0].first, run[-1].last)
            for u in run:
                ops.append((_INSIDE, _surface(tokens, u), word))


# The steps of counting a sentence (Collector._count_ops → _apply): a unit of the segmentation counted as
# a word or name, a compound JMdict lacks, a word inside a compound.
_UNIT, _COMPOUND, _INSIDE = "unit", "compound", "inside"
_Ops = tuple[int, tuple[tuple, ...]]  # (the sentence's tokens that are no symbols, the steps)


def _unit_op(sentence: Sentence, unit: _Unit, view: _View) -> tuple | None:
    """Counting one unit of the segmentation, as a step (``view``: the sentence's tokens' facts); None
    when the unit is no candidate."""
    tokens = sentence.tokens[unit.first : unit.last]
    multi = len(tokens) > 1
    if unit.name:
        word = "".join(t.surface for t in tokens)
        reading = _tokens_reading(tokens, use_base=False)
        return _UNIT, word, (), True, multi, (), "", "", 0, unit.first, unit.last, reading
    form = unit.form
    if not multi:
        first = last = tokens[0]
        if not form and first.pos[0] != "名詞" and not first.is_unknown:
            return None  # an inflected word JMdict does not know: nothing to look up
        block = view.blocks[unit.first]
        if block in ("number", "grammar", "affix") and not form:
            return None
    else:
        first, last = tokens[0], tokens[-1]
        block = ""
    word = form or first.base or first.surface
    jiru = _jiru(form, last)
    use_base = last.base != last.surface and (form.endswith(last.base) or jiru)
    if (
        multi
        and last.pos[0] == "助動詞"
        and last.base == "ぬ"
        and form.endswith("ない")
        and last.surface != "ない"
    ):
        # 満た|ず looked up as 満たない (pos._tails): read as the word it was found as, みたない
        reading = _tokens_reading(tokens[:-1], use_base=False) + "ない"
    elif multi:
        reading = _tokens_reading(tokens, use_base, jiru)
    else:  # _tokens_reading of one token
        reading = _base_reading(last, jiru) if use_base else (last.reading or last.surface)
    if sentence.ruby:
        author = _ruby_reading(sentence, tokens)
        if author and word == "".join(t.surface for t in tokens):
            reading = author  # the author's <ruby> over exactly this word beats any tokenizer guess
    pieces = tuple(t.base or t.surface for t in tokens) if multi else ()
    after = 1 if unit.first > 0 and view.numbers[unit.first - 1] else 0  # 100|キロワット, 3|か月
    return (
        _UNIT,
        word,
        unit.entry_ids,
        False,
        multi,
        pieces,
        view.kinds[unit.last - 1],
        block,
        after,
        unit.first,
        unit.last,
        reading,
    )


def _compound_op(tokens: Sequence[Token], run: list[_Unit], ops: list) -> bool:
    """Count the run as a compound (a step into ``ops``) if it makes one."""
    if len(run) < 2 or len(run) > MAX_COMPOUND_UNITS:
        return False
    first, last = run[0].first, run[-1].last
    word = "".join(t.surface for t in tokens[first:last])
    derived = len(run) == 2 and _derives(tokens, *run)
    if len(word) < 3 and not derived:
        return False
    parts = tuple(
        (
            u.form or "".join(t.surface for t in tokens[u.first : u.last]),
            _tokens_reading(tokens[u.first : u.last], use_base=False),
        )
        for u in run
    )
    reading = "".join(r for _, r in parts)
    part_multi = tuple(u.last - u.first > 1 for u in run)
    # the shorter compounds inside it (企業誘致 inside クラウド企業誘致モデル)
    inner = tuple(
        {
            "".join(t.surface for t in tokens[run[a].first : run[b - 1].last])
            for a in range(len(run))
            for b in range(a + 2, len(run) + 1)
            if b - a < len(run)
        }
    )
    ops.append((_COMPOUND, word, parts, part_multi, derived, first, last, reading, inner))
    return True


class _Asked:
    """A mapping (or set) the name rules read, noting each question asked of it and the answer: a
    sentence seen again gets its remembered spans if every question has the same answer in its batch."""

    __slots__ = ("_of", "log")

    def __init__(self, of):
        self._of = of
        self.log: dict | None = {}  # question → answer; None: asked something no question replays

    def __contains__(self, key) -> bool:
        answer = key in self._of
        if self.log is not None:
            self.log[0, key] = answer
        return answer

    def get(self, key, default=None):
        answer = self._of.get(key, default)
        if self.log is not None:
            self.log[1, key, default] = answer
        return answer

    def __bool__(self) -> bool:
        answer = bool(self._of)
        if self.log is not None:
            self.log[(2,)] = answer
        return answer

    def __getattr__(self, name):  # anything else (iteration, len, items …): answered, never replayed
        self.log = None
        return getattr(self._of, name)

    def __iter__(self):
        self.log = None
        return iter(self._of)

    def __len__(self) -> int:
        self.log = None
        return len(self._of)

    @staticmethod
    def same(logs: tuple[dict, ...], context: tuple) -> bool:
        """Every question of ``logs`` has the same answer from ``context`` (the same mappings, in order)."""
        for log, of in zip(logs, context, strict=True):
            for question, answer in log.items():
                kind = question[0]
                if kind == 0:
                    now = question[1] in of
                elif kind == 1:
                    now = of.get(question[1], question[2])
                else:
                    now = bool(of)
                if now != answer:
                    return False
        return True


@dataclass(slots=True)
class _Seen:
    """What a sentence seen twice or more gave (``_Memo``): its tokens' facts and look-up forms, its name
    spans with the questions they asked of the batch, and the steps of counting it."""

    tokens: tuple[Token, ...]
    view: _View | None = None
    forms: frozenset[str] = frozenset()
    katakana: tuple[dict[str, int], set[str]] = ({}, set())  # names._katakana_runs of the sentence
    universities: frozenset[str] = frozenset()  # names.university_forms of the sentence
    spans: dict[int, int] | None = None
    spans_asked: tuple[dict, ...] | None = None
    fold: _Folded | None = None


class _Folded(NamedTuple):
    """The steps of counting a sentence, and all its segmentation read besides its tokens and the
    look-ups of its own forms (segment.segment)."""

    spans: dict[int, int]
    hidden: frozenset[int]
    ends: list[int]  # segment.known_ends
    named: bool
    asked: tuple[tuple[str, bool], ...]  # segment.names_span questions and answers
    ops: _Ops


class _Memo:
    """Sentences seen twice or more in a process (the same boilerplate all through a news corpus: a
    credit line, a disclaimer, a market summary), by text and ruby: what they gave, for the next time.
    A sentence seen once is only noted (by its hash), so a text of new sentences keeps nothing. The
    remembered parts are used only where the batch answers every question they asked the same way, so
    the counts are what counting afresh gives. Bounded: emptied when full."""

    ENTRIES = 2048
    NOTED = 200_000

    FORMS = 300_000  # forms remembered with their look-ups (each cache)

    def __init__(self) -> None:
        self.entries: dict[tuple[str, tuple], _Seen] = {}
        self.noted: set[int] = set()
        self.kinds: dict[str, frozenset[str]] = {}  # form → its JMnedict kinds (empty: no name)
        self.found: dict[str, tuple[int, ...]] = {}  # form → its JMdict entries (empty: none)

    def lookup_forms(self, dictionary: Dictionary, forms: Iterable[str]) -> dict[str, tuple[int, ...]]:
        """``dictionary.lookup_forms(forms)``, each form asked once (a batch's forms are nearly all
        forms of the batches before it; the dictionary sorts every batch's forms to look them up)."""
        found = self.found
        missing = [f for f in forms if f not in found]
        if missing:
            if len(found) + len(missing) > self.FORMS:
                found.clear()
                missing = list(forms)
            looked_up = dictionary.lookup_forms(missing)
            for f in missing:
                found[f] = looked_up.get(f, ())
        return {f: ids for f in forms if (ids := found[f])}

    def name_kinds(self, dictionary: Dictionary, forms: Iterable[str]) -> dict[str, frozenset[str]]:
        """``dictionary.name_kinds(forms)``, each form asked once (a batch asks thousands of forms,
        nearly all asked by the batches before it: ~30 ms a batch of JMnedict queries)."""
        kinds = self.kinds
        forms = list(dict.fromkeys(forms))
        missing = [f for f in forms if f not in kinds]
        if missing:
            if len(kinds) + len(missing) > self.FORMS:
                kinds.clear()
                missing = forms
            found = dictionary.name_kinds(missing)
            for f in missing:
                kinds[f] = found.get(f, frozenset())
        return {f: k for f in forms if (k := kinds[f])}

    def entry(self, s: Sentence) -> _Seen | None:
        """The sentence's entry (made on its second sighting); None for a sentence seen once so far."""
        key = (s.text, s.ruby)
        e = self.entries.get(key)
        if e is not None:
            return e if e.tokens is s.tokens or e.tokens == s.tokens else None
        h = hash(key)
        if h not in self.noted:
            if len(self.noted) >= self.NOTED:
                self.noted.clear()
            self.noted.add(h)
            return None
        if len(self.entries) >= self.ENTRIES:
            self.entries.clear()
        e = self.entries[key] = _Seen(s.tokens)
        return e


_local = threading.local()  # each thread its memos: an entry is filled in steps


def _memo_for(dictionary: Dictionary) -> _Memo:
    """This thread's memo of sentences looked up in this dictionary (another finds other words)."""
    memos = getattr(_local, "memos", None)
    if memos is None:
        memos = _local.memos = weakref.WeakKeyDictionary()
    memo = memos.get(dictionary)
    if memo is None:
        memo = memos[dictionary] = _Memo()
    return memo


def _derives(tokens: Sequence[Token], stem: _Unit, suffix: _Unit) -> bool:
    """stem + suffix is a derived word: 送配電|網, 調整|力 (the stem a noun, the suffix productive)."""
    t = tokens[suffix.first]
    head = tokens[stem.last - 1]
    return (
        suffix.last - suffix.first == 1
        and t.pos[0] == "接尾辞"
        and t.surface in PRODUCTIVE_SUFFIXES
        and head.pos[0] in ("名詞", "接尾辞")
        and head.pos[0] != "接尾辞"
        and not stem.name
    )


def _ruby_reading(sentence: Sentence, tokens: Sequence[Token]) -> str:
    """The reading of an author's ruby span that covers exactly these tokens ("" when none does)."""
    if not sentence.ruby or not tokens:
        return ""
    start, end = tokens[0].start, tokens[-1].end
    for a, b, reading in sentence.ruby:
        if a == start and b == end:
            return to_hiragana(reading)
    return ""


def _jiru(form: str, last: Token) -> bool:
    """The form is the -じる verb of UniDic's -ずる lemma: 先んじ(て) is 先んずる to UniDic, 先んじる to
    JMdict and the article (select.pos._single_forms)."""
    return last.base.endswith("ずる") and form.endswith(last.base[:-2] + "じる")


def _base_reading(last: Token, jiru: bool = False) -> str:
    """The reading of a token's dictionary form, in the -じる spelling for a -じる form: 先んじ →
    さきんじる (UniDic's base reading さきんずる), not the inflected さきんじ."""
    reading = last.base_reading or last.base
    if jiru and reading.endswith("ずる"):
        return reading[:-2] + "じる"
    return reading


def _tokens_reading(tokens: Sequence[Token], use_base: bool, jiru: bool = False) -> str:
    parts = [t.reading or t.surface for t in tokens[:-1]]
    last = tokens[-1]
    parts.append(_base_reading(last, jiru) if use_base else (last.reading or last.surface))
    return "".join(parts)
