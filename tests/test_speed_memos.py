"""The per-process memos of tokenize and select (issue 15, speed round 2) give what is computed afresh."""

from __future__ import annotations

from pathlib import Path

import pytest

from tangocho import tokenize as tk
from tangocho.select import collect, pos

SEED = Path(__file__).resolve().parent.parent / "seeds" / "wuxi-hightech-2020.txt"
CRAFTED = [
    "さまざまな記事から組み直した文章。",  # さまざま: a quoted accent field ("2,3")
    "販売高と売上高が伸び、転換も行って、学校にも行った。",  # 高 after a noun, 行っ both ways
    "フォトリソグラフィの集積回路をABCは２０２０年に「2,0」と言った。",  # unknown words, a comma
    "a\x00b集積回路　東南アジアの二極化、同社は3か月で100キロワット。",
]


def _texts() -> list[str]:
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    return CRAFTED + lines[:40]


def _fresh(text: str):
    tk._MORPHEMES.clear()
    return tk.tokenize(text)


@pytest.mark.parametrize("text", CRAFTED)
def test_a_morpheme_remembered_reads_as_fugashi_parses_it(text):
    tokens = _fresh(text)
    words = [w for w in tk._tagger()(text.replace("\x00", " "))]
    assert [t.surface for t in tokens] == [w.surface for w in words]
    for t, w in zip(tokens, words, strict=True):
        f = w.feature
        if not t.is_unknown and t.surface != "行っ":  # 行っ: 行く or 行う, by the particle before it
            assert t.base == f.orthBase
            assert t.accent == ("" if f.aType in (None, "*") else f.aType)
            assert t.accent_con == ("" if f.aConType in (None, "*") else f.aConType)
            assert t.pos[0] == f.pos1


def test_tokens_are_the_same_with_the_memo_full_or_empty():
    texts = _texts()
    fresh = [_fresh(t) for t in texts]  # the memo emptied before each text
    assert [tk.tokenize(t) for t in reversed(texts)] == fresh[::-1]  # warm, in another order


def test_tokenized_gives_the_recent_tokens_or_tokenizes():
    text = CRAFTED[1]
    tokens = tk.tokenize(text)
    assert tk.tokenized(text) is tokens
    tk._RECENT.clear()
    assert tk.tokenized(text) == tokens


def test_the_view_remembered_is_the_view_computed():
    for text in _texts():
        tokens = tk.tokenize(text)
        pos._facts.memo.clear()
        for view in (pos._View(tokens), pos._View(tokens)):  # an empty memo, then a full one
            assert view.reach == pos._reach(tokens)
            assert view.can_end == [pos._can_end(t) for t in tokens]
            assert view.numbers == [pos._is_number(t) for t in tokens]
            starts = [pos._can_start(t) or pos._kanji_numeral(tokens, i) for i, t in enumerate(tokens)]
            assert view.starts == starts
            assert view.propers == [pos._proper(t) for t in tokens]
            assert view.places == [pos._place(t) for t in tokens]
            assert view.katakana == [pos._katakana_noun(t) for t in tokens]
            assert [list(f) for f in view.forms] == [pos._single_forms(t) for t in tokens]
            for i in range(len(tokens)):
                stop = next((j for j in range(i, len(tokens)) if not pos._name_part(tokens[j])), len(tokens))
                assert view.name_stops[i] == stop
            assert view.blocks == [pos._single_block(t) for t in tokens]
            assert view.kinds == [pos._token_kind(t) for t in tokens]
            assert view.compound_parts == [pos._compound_part(t) for t in tokens]
            assert view.tails == [pos._tails(t) for t in tokens]


# ------------------------------------------------------------------ sentences seen again (collect._Memo)

AGAIN = [
    "環境共創イニシアチブは集積回路の計画を発表した。",  # before the text names it: no name yet
    "環境共創イニシアチブは集積回路の計画を発表した。",
    "ドラッグラグが問題だ。",
    "一般社団法人環境共創イニシアチブが集積回路の操業再開を支援した。",  # now it is a name
    "環境共創イニシアチブは集積回路の計画を発表した。",  # the same sentence: now with the name
    "ドラッグラグが問題だ。",  # twice in this batch: ドラッグ|ラグ is one term here
    "企業誘致と操業再開が進んだ。",
    "ドラッグラグが問題だ。",  # once in its batch: its pieces are words there
]
# a katakana run wordfreq knows whole is a name, unless its batch writes a piece of it alone: in
# batches of two, twice no name, then a name
KATAKANA = ["ファーストリテイリングの店が増えた。", "ファーストが来た。"] * 2 + [
    "ファーストリテイリングの店が増えた。"
]


ZIPF = {"ファーストリテイリング": 3.1}


class _NoMemo(collect._Memo):
    def entry(self, s):
        return None


@pytest.mark.parametrize(
    ("texts", "size"), [(AGAIN * 3, 1), (AGAIN * 3, 2), (AGAIN * 3, 3), (AGAIN * 3, 7), (KATAKANA, 2)]
)
def test_sentences_seen_again_count_what_counting_them_afresh_gives(monkeypatch, texts, size):
    from test_merge import ENTRIES, _batches, _sentences

    from tangocho.dictionary import FakeDictionary
    from tangocho.select import Collector, Kind

    def collected(dictionary):
        collector = Collector(dictionary)
        for batch in _batches(_sentences(texts), size):
            collector.add(batch)
        return collector

    remembered = collected(dictionary := FakeDictionary(entries=ENTRIES, zipf=ZIPF))
    memo = collect._memo_for(dictionary)
    assert any(e.fold for e in memo.entries.values())  # the memo was used
    monkeypatch.setattr(collect, "_memo_for", lambda d: _NoMemo())
    afresh = collected(FakeDictionary(entries=ENTRIES, zipf=ZIPF))
    assert list(remembered.tallies.items()) == list(afresh.tallies.items())
    assert (remembered.contained, remembered.inside) == (afresh.contained, afresh.inside)
    assert (remembered.tokens, remembered.names.surfaces) == (afresh.tokens, afresh.names.surfaces)
    tallies = afresh.tallies
    if texts is KATAKANA:
        assert tallies[Kind.WORD, "ファーストリテイリング"].is_name
        return
    # the same sentence counted apart: a compound before the text names it, a name after
    assert tallies[Kind.WORD, "環境共創イニシアチブ"].is_name
    before = tallies.get((Kind.COMPOUND, "環境共創イニシアチブ"))
    assert (before.count if before else 0) == (2 if size <= 3 else 0)


def test_each_thread_has_its_own_memo_of_sentences():
    """An entry is filled in steps (its view, then its forms …): threads building at once never share one."""
    import threading

    from tangocho.dictionary import FakeDictionary

    dictionary = FakeDictionary()
    here = collect._memo_for(dictionary)
    there = []
    thread = threading.Thread(target=lambda: there.append(collect._memo_for(dictionary)))
    thread.start()
    thread.join()
    assert collect._memo_for(dictionary) is here and there[0] is not here


def test_the_cut_is_the_same_when_runs_stop_at_the_found_forms_prefixes():
    from tangocho.models import Article, Sentence
    from tangocho.select.segment import candidate_forms, form_prefixes, segment

    for text in _texts():
        sentence = Sentence(text, tk.tokenize(text), Article("t.txt", ""), 0)
        forms = sorted(candidate_forms([sentence]))
        # every third form "found": long runs that are words beside runs that begin none
        found = {form: (k,) for k, form in enumerate(forms) if k % 3 == 0}
        assert segment(sentence, found, prefixes=form_prefixes(found)) == segment(sentence, found)
