"""Collector.merge: collecting a text in parts and merging them counts and ranks exactly as the whole."""

from __future__ import annotations

from dataclasses import fields, replace

import pytest
from conftest import ROOT, SEED

from tangocho.dictionary import FakeDictionary
from tangocho.models import Article, Entry, Form, Occurrence, Sense, Sentence
from tangocho.select import Collector, Kind, _Tally
from tangocho.tokenize import tokenize
from tangocho.wordlists import WordList

ARTICLE = Article(source="merge.txt", title="集積回路の計画")


def _entry(id: int, kanji: str, kana: str, gloss: str, fields: tuple[str, ...] = ()) -> Entry:
    return Entry(
        id,
        tuple(Form(k) for k in (kanji,) if k),
        (Form(kana),),
        (Sense((gloss,), ("noun (common) (futsuumeishi)",), fields),),
    )


ENTRIES = [
    _entry(1, "集積回路", "しゅうせきかいろ", "integrated circuit", ("electronics",)),
    _entry(2, "集積", "しゅうせき", "accumulation"),
    _entry(3, "回路", "かいろ", "circuit"),
    _entry(4, "操業", "そうぎょう", "operation"),
    _entry(5, "再開", "さいかい", "reopening"),
    _entry(6, "計画", "けいかく", "plan"),
    _entry(7, "支援", "しえん", "support"),
    _entry(8, "売上", "うりあげ", "sales"),
    _entry(9, "発表", "はっぴょう", "announcement"),
    _entry(10, "企業", "きぎょう", "company"),
    _entry(11, "誘致", "ゆうち", "attraction"),
    _entry(12, "", "キロワット", "kilowatt"),
]
# 売り上げ is 売上's other spelling: two tallies that ranking merges into one word
ENTRIES[7] = Entry(8, (Form("売上"), Form("売り上げ")), (Form("うりあげ"),), ENTRIES[7].senses)

TEXTS = [
    # a name with its legal form, then (in a later part) without it: only the names found before say so
    "一般社団法人環境共創イニシアチブが集積回路の操業再開を支援した。",
    "集積回路の計画",  # the title line: a heading, the worst kind of example
    "企業誘致と操業再開が進んだ。",
    "売り上げが伸びた。",
    "環境共創イニシアチブは集積回路の計画を発表した。",
    "集積回路と回路。",
    "売上は企業誘致の成果だ。",
    "企業誘致と操業再開が進んだ。",  # the same sentence again: one example, two occurrences
    "新しい集積回路を作る。",
    "操業再開の計画を支援した。",
    "売上と売り上げ。",
    "キロワットの単位。",
    "企業誘致計画は出力100キロワットの集積回路だ。",  # a run of three nouns; a unit after a number
    "集積回路の計画",
    "企業誘致計画の支援。",
]


def _sentences(texts: list[str]) -> list[Sentence]:
    return [Sentence(t, tokenize(t), ARTICLE, i) for i, t in enumerate(texts)]


def _batches(sentences: list[Sentence], size: int) -> list[list[Sentence]]:
    return [sentences[i : i + size] for i in range(0, len(sentences), size)]


def _collect(dictionary, batches, lists=None, names=()) -> Collector:
    collector = Collector(dictionary, lists, names=names)
    for batch in batches:
        collector.add(batch)
    return collector


def _in_parts(dictionary, batches, cuts, lists=None) -> Collector:
    """Collect the batches in parts cut before each index of ``cuts``, each part knowing the names the
    parts before it found, and merge the parts in order."""
    bounds = [0, *cuts, len(batches)]
    merged = _collect(dictionary, batches[: bounds[1]], lists)
    for a, b in zip(bounds[1:], bounds[2:], strict=False):
        merged.merge(_collect(dictionary, batches[a:b], lists, names=merged.names.surfaces))
    return merged


def _state(collector: Collector) -> tuple:
    counts = collector.counts()
    return list(counts.tallies.items()), counts.contained, counts.inside, counts.tokens, counts.names


def _assert_same(whole: Collector, merged: Collector, **rank) -> None:
    assert _state(merged) == _state(whole)
    ranked = whole.rank(**rank)
    assert ranked  # the comparison is not of two empty lists
    assert merged.rank(**rank) == ranked  # candidates whole: scores, reasons, readings, examples


@pytest.mark.parametrize(
    ("size", "cuts"),
    [(2, (1,)), (2, (2,)), (2, (3,)), (2, (5,)), (2, (1, 3)), (1, tuple(range(1, len(TEXTS))))],
)
def test_parts_merged_count_and_rank_as_the_whole(size, cuts):
    dictionary = FakeDictionary(entries=ENTRIES, zipf={"企業": 5.3, "計画": 4.9})
    lists = {"business": WordList("business", frozenset({"誘致"}))}
    batches = _batches(_sentences(TEXTS), size)
    whole = _collect(dictionary, batches, lists)
    merged = _in_parts(dictionary, batches, cuts, lists)
    _assert_same(whole, merged, max_words=None, names=True)
    # what the test text covers: names across parts, variants, compounds, competing examples
    assert "環境共創イニシアチブ" in merged.names.surfaces
    assert merged.contained["企業誘致"] == 2
    assert merged.tallies[Kind.WORD, "キロワット"].after_number == 1
    words = {c.word: c for c in merged.rank(max_words=None)}
    assert words["売り上げ"].count == 4 and words["操業再開"].count == 4  # 売上 ×2 + 売り上げ ×2
    assert len(words["集積回路"].examples) == 3


# How each field of a tally combines with the same word's tally of later sentences: kept from the first
# (set once), taken from the later (set at every occurrence), added up, or true in either.
MERGE_RULES = {
    "word": "first", "entry_ids": "first", "kind": "first", "blocked": "first", "token_pos": "first",
    "pieces": "first", "parts": "later", "part_multi": "later", "derived": "later", "count": "sum",
    "after_number": "sum", "readings": "sum", "examples": "offer", "multi_token": "or", "is_name": "or",
}  # fmt: skip


def test_every_field_of_a_tally_is_merged():
    names = [f.name for f in fields(_Tally)]
    assert sorted(names) == sorted(MERGE_RULES)  # a new field needs a rule here and in _Tally.merge
    one, two = _sentences(["操業再開した。", "操業再開の計画。"])
    first = _Tally("操業再開", (9,), Kind.COMPOUND, 1, [Occurrence(one, 0, 2)], {"そうぎょうさいかい": 1})
    first.blocked, first.token_pos, first.pieces, first.after_number = "grammar", "noun", ("操", "業再開"), 1
    first.parts, first.part_multi = (("操業再開", ""),), (True,)
    later = _Tally("x", (8,), Kind.WORD, 2, [Occurrence(two, 0, 2)], {"そうぎょうさいかい": 1, "さいかい": 1})
    later.blocked, later.token_pos, later.pieces, later.after_number = "name", "verb", ("操業", "再開"), 2
    later.parts, later.part_multi = (("操業", "そうぎょう"), ("再開", "さいかい")), (False, False)
    later.multi_token = later.is_name = later.derived = True
    merged = replace(first, examples=list(first.examples), readings=dict(first.readings))
    merged.merge(later)
    expected = {
        "first": lambda n: getattr(first, n),
        "later": lambda n: getattr(later, n),
        "sum": lambda n: (
            3 if n == "count" else 3 if n == "after_number" else {"そうぎょうさいかい": 2, "さいかい": 1}
        ),
        "offer": lambda n: first.examples + later.examples,  # two full clauses: first seen first
        "or": lambda n: True,
    }
    for name in names:
        assert getattr(merged, name) == expected[MERGE_RULES[name]](name), name


def test_a_merged_part_replaces_nothing_it_should_add():
    """Merging into an empty collector copies; merging twice counts twice (no shared tallies)."""
    dictionary = FakeDictionary(entries=ENTRIES)
    part = _collect(dictionary, [_sentences(TEXTS[:3])])
    empty = Collector(dictionary)
    empty.merge(part)
    empty.merge(part.counts())
    assert empty.tokens == 2 * part.tokens
    assert all(empty.tallies[k].count == 2 * t.count for k, t in part.tallies.items())
    assert all(len(t.examples) <= 3 for t in empty.tallies.values())
    assert _state(part) != _state(empty)


@pytest.mark.slow
@pytest.mark.parametrize(("size", "cuts"), [(40, (1,)), (40, (2,)), (25, (1, 3, 5)), (400, (1,))])
def test_the_seed_in_parts_ranks_as_the_whole(size, cuts):
    from tangocho import pipeline
    from tangocho.dictionary import open_dictionary

    options = pipeline.Options(vocab_dir=str(ROOT / "vocab"))
    sentences = [s for _, article in pipeline.read([str(SEED), str(SEED)], options) for s in article]
    batches = _batches(sentences, size)
    cuts = tuple(c for c in cuts if c < len(batches))
    lists = pipeline.word_lists(options).domain
    dictionary = open_dictionary()
    whole = _collect(dictionary, batches, lists)
    _assert_same(whole, _in_parts(dictionary, batches, cuts, lists), min_score=15.0, names=True)
