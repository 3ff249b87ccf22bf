"""Read a sentence for its furigana: a dictionary segmentation, not the tokenizer's units one by one.

The tokenizer (UniDic short units) splits words and reads each piece on its own: 親|会社 おや|かいしゃ
(the word is おやがいしゃ), 半|導体, 菊陽|町 きくよう|ちょう (the town is きくようまち), 江蘇 in pinyin
kana. Here a sentence is read with the same longest-match pass that finds words (select.py's helpers):
each run of tokens that is a JMdict headword (or, for names, a JMnedict one) becomes one ruby segment,
with the dictionary reading that agrees with what the tokenizer heard — rendaku and gemination at the
joins allowed (親|会社 おや|かいしゃ ~ おやがいしゃ) — and the tokenizer's reading only where no entry fits.

Every kanji gets a reading: counters after a number are read as they sound after it (3本 ぼん, 1杯 ぱい,
9日 ここのか), the text's own parenthesised reading beats any guess (伊藤徳宇(なるたか)), author ruby
(``Sentence.ruby``) beats everything, and a kanji no dictionary reads gets its KANJIDIC on reading,
marked as a guess (the note is then tagged ``check::reading``). In an article about China, names are
read as Japanese news reads Chinese names, by their kanji's on readings (恵山 けいざん, not the
Hokkaido town えさん; 航鵠 こうこく, not 鵠 くぐい "swan").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from operator import attrgetter

from .dictionary import CHINA, Dictionary
from .kana import SEMI as _SEMI
from .kana import (
    UNVOICED,
    has_kanji,
    is_kanji,
    is_katakana,
    kanji_of,
    only_kanji,
    sound_variants,
    to_hiragana,
    unvoiced,
)
from .kana import VOICED as _VOICED
from .models import Entry, Sentence, Token
from .select import MAX_RUN, _can_end, _can_start, _hiragana_only, _is_number, _reach, _run_forms
from .select.pos import _tails
from .select.segment import _forms_after


@dataclass(frozen=True, slots=True)
class Segment:
    """A span of the sentence text [start, end) read as ``reading``; ``guess``: no dictionary agreed."""

    start: int
    end: int
    reading: str
    guess: bool = False


@dataclass(frozen=True)
class Lexicon:
    """What the reader needs from the dictionary for a batch of sentences (looked up once)."""

    forms: Mapping[str, tuple[str, ...]]  # JMdict form → its readings (hiragana), entries in order
    names: Mapping[str, tuple[tuple[str, tuple[str, ...]], ...]]  # JMnedict form → (reading, kinds)
    on: Mapping[str, str]  # kanji → its first KANJIDIC on reading (hiragana)
    ons: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # kanji → all its on readings
    chinese: frozenset[str] = frozenset()  # sources of the articles about China (_chinese_articles)
    zipf: Mapping[str, float] = field(default_factory=dict)  # JMdict form → general Zipf frequency
    counters: Mapping[str, str] = field(default_factory=dict)  # form → its counter reading (棟 とう)
    # one-kanji form → its readings from entries JMdict marks as uncommon (no priority tag) when another
    # entry of it has one: 都 と (the metropolis; みやこ "capital" is common)
    uncommon: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # (article source, name) → (the reading it has as a person's, as a place's) in that article, where
    # its context says so (_article_names): 佐伯|亮介|頭取 さえき, 羽田空港 はねだくうこう → 羽田 はねだ
    article_names: Mapping[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    # form → the readings of its JMdict entries that are only suffixes: 頼み だのみ "depending on"
    suffixes: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # (article source, kanji) → {on reading: how many of the article's words read it so} (_article_ons)
    article_ons: Mapping[tuple[str, str], Mapping[str, int]] = field(default_factory=dict)
    # (article source, the first kanji of two kanji words side by side): 石油|化学 → 石化 (_abbreviation)
    article_heads: frozenset[tuple[str, str]] = frozenset()
    # (word, reading) → (JMdict compounds ending in it that voice it, all of them): 会社 かいしゃ →
    # (100, 122), for a compound JMdict lacks (_rendaku: 協力|会社 きょうりょくがいしゃ)
    rendaku: Mapping[tuple[str, str], tuple[int, ...]] = field(default_factory=dict)
    # kanji → how JMdict's compounds ending in it read it: 価 → {か: 104} (_ending: 総|価 そうか)
    endings: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    # words of two kanji or more with a counter sense: 種類 (一種類 いっしゅるい: _geminate_numerals)
    counter_words: frozenset[str] = frozenset()


_START = attrgetter("start")  # segments in sentence order

# ------------------------------------------------------------------------------------------- look-ups


def _candidate_forms(tokens: Sequence[Token]) -> set[str]:
    forms: set[str] = set()
    reach = _reach(tokens)
    n = len(tokens)
    # a run's forms are its head (the surfaces before its last token) and the last token's surface or
    # dictionary form: without a kanji in any of them, none of its forms has one (and none is kept)
    surface_kanji = [has_kanji(t.surface) for t in tokens]
    kanji_at_end = [k or has_kanji(t.base) for k, t in zip(surface_kanji, tokens, strict=True)]
    tails = [_tails(t) for t in tokens]  # _forms_after(head, t) is head + each of them
    add = forms.add
    for i, t in enumerate(tokens):
        add(t.surface)
        if t.base:
            add(t.base)
        head = t.surface  # the surfaces before token j - 1: _run_forms(tokens, i, j), built as it grows
        head_kanji = surface_kanji[i]
        for j in range(i + 2, min(n, i + MAX_RUN, reach[i]) + 1):
            if head_kanji or kanji_at_end[j - 1]:
                for tail in tails[j - 1]:
                    add(head + tail)
            head += tokens[j - 1].surface
            head_kanji = head_kanji or surface_kanji[j - 1]
    return {f for f in forms if has_kanji(f)}


def lexicon(
    sentences: Iterable[Sentence], dictionary: Dictionary, context: Iterable[Sentence] = ()
) -> Lexicon:
    """Batched look-ups for every run of tokens the sentences could hold (a few queries in all).
    ``context``: more sentences of the same articles, read only for how they use their names
    (_article_names: a caption's 羽田空港 tells how the article reads 羽田)."""
    sentences = list(sentences)
    seen = {s.text for s in sentences}
    context = [s for s in context if s.text not in seen]
    forms: set[str] = set(_name_forms(context))
    chars: set[str] = set()
    surfaces: set[str] = set()  # every token's (the Zipf frequencies asked: see below)
    for s in sentences:
        tokens = s.tokens
        n = len(tokens)
        forms |= _candidate_forms(tokens)
        for i in range(n):  # (each helper finds nothing at most tokens: a set is updated only by finds)
            if missplit := _missplit(tokens, i, {}):
                forms.update(form for _, form in missplit)
            if collocation := _collocation_forms(tokens, i):
                forms.update(collocation)
            if prefix := _prefix_forms(tokens, i):
                forms.update(prefix)
            if shifted := _shifted(tokens, i, n):
                forms.update(f for _, head, f in shifted for f in (head, f))
        surfaces.update(t.surface for t in tokens)
        forms.update(f for i in range(n) if (f := _numeral_form(tokens, i)))
        for lo, hi in _kanji_runs(tokens):
            forms.update(_substrings("".join(t.surface for t in tokens[lo:hi])))
        chars.update(kanji_of(s.text))
    found = dictionary.lookup_forms(forms)
    entries = dictionary.entries({i for ids in found.values() for i in ids})
    readings: dict[str, tuple[str, ...]] = {}
    counters: dict[str, tuple[int, int, str]] = {}
    uncommon: dict[str, frozenset[str]] = {}
    suffixes: dict[str, frozenset[str]] = {}
    for form, ids in found.items():
        only = {
            r
            for i in ids
            if i in entries
            and entries[i].senses
            and all(any("suffix" in p for p in sense.pos) for sense in entries[i].senses)
            for r in _entry_readings(entries[i], form)
        }
        if only:
            suffixes[form] = frozenset(only)
        if len(form) == 1:
            marked = {i: _marked(entries[i], form) for i in ids if i in entries}
            if any(marked.values()):
                # an entry used as a suffix stands after a modifier: 孫の代 だい is no rare reading
                rare = {
                    r
                    for i, m in marked.items()
                    if not m and not any("suffix" in p for sense in entries[i].senses for p in sense.pos)
                    for r in _entry_readings(entries[i], form)
                }
                common = {r for i, m in marked.items() if m for r in _entry_readings(entries[i], form)}
                if rare - common:
                    uncommon[form] = frozenset(rare - common)
        kana: list[str] = []
        for k, i in enumerate(ids):
            entry = entries.get(i)
            found_counter = _counter_reading(entry, form, k) if entry and len(form) == 1 else None
            if found_counter and found_counter < counters.get(form, found_counter):
                counters[form] = found_counter
            elif found_counter:
                counters.setdefault(form, found_counter)
            for r in _entry_readings(entry, form) if entry else ():
                if r not in kana:
                    kana.append(r)
        if kana:
            readings[form] = tuple(kana)
    kanji = dictionary.kanji(chars | {ch for s in context for ch in s.text if is_kanji(ch)})
    ons = {c: tuple(to_hiragana(r) for r in k.on) for c, k in kanji.items() if k.on}
    on = {c: r[0] for c, r in ons.items()} | _on_in_names(sentences, ons)
    names = dictionary.name_readings(forms)
    # only what _cheapest_cut prices has a frequency to look up: a JMdict word, a name, a token
    zipf = dictionary.zipf(forms & (readings.keys() | names.keys() | surfaces))
    counted = {f: r for f, (_, _, r) in counters.items()}
    counter_words = frozenset(
        form
        for form, ids in found.items()
        if len(form) > 1
        and any(i in entries and any("counter" in p for s in entries[i].senses for p in s.pos) for i in ids)
    )
    china = _chinese_articles(sentences, names, readings)
    article_names = _article_names([*sentences, *context], names)
    article_ons = _article_ons([*sentences, *context], ons)
    heads = frozenset(
        (s.article.source, a.surface[0] + b.surface[0])
        for s in [*sentences, *context]
        for a, b in zip(s.tokens, s.tokens[1:], strict=False)
        if a.end == b.start
        and min(len(a.surface), len(b.surface)) >= 2
        and all(is_kanji(c) for c in a.surface + b.surface)
    )
    rendaku = dictionary.rendaku(key for s in sentences for key in _rendaku_keys(s.tokens))
    endings = dictionary.endings(
        s.tokens[k].surface
        for s in sentences
        for k in range(1, len(s.tokens))
        if len(s.tokens[k].surface) == 1 and is_kanji(s.tokens[k].surface) and _rendaku_join(s.tokens, k)
    )
    return Lexicon(
        readings,
        names,
        on,
        ons,
        china,
        zipf,
        counted,
        uncommon,
        article_names,
        suffixes,
        article_ons,
        heads,
        rendaku,
        endings,
        counter_words,
    )


def _article_ons(
    sentences: Iterable[Sentence], ons: Mapping[str, tuple[str, ...]]
) -> dict[tuple[str, str], dict[str, int]]:
    """(article source, kanji) → how many of the article's kanji words (the tokenizer's, two kanji or
    more) read it by each of its on readings: a bank article's 銀行, 両行, 一行 give 行 こう three times."""
    counts: dict[tuple[str, str], dict[str, int]] = {}
    seen: set[tuple[str, str]] = set()
    for s in sentences:
        for t in s.tokens:
            if len(t.surface) < 2 or not t.reading or not all(is_kanji(c) for c in t.surface):
                continue
            if (s.article.source, t.surface) in seen:
                continue  # each word once
            seen.add((s.article.source, t.surface))
            split = _on_split(t.surface, to_hiragana(t.reading), ons)
            for c, on in zip(t.surface, split[2] if split else (), strict=False):
                per = counts.setdefault((s.article.source, c), {})
                per[on] = per.get(on, 0) + 1
    return counts


def _name_forms(sentences: Iterable[Sentence]) -> set[str]:
    """The name tokens of the sentences, alone and with the one or two tokens after them (羽田|空港)."""
    forms = set()
    for s in sentences:
        for i, t in enumerate(s.tokens):
            if _is_name(t) and has_kanji(t.surface):
                surface = t.surface
                forms.add(surface)
                for x in s.tokens[i + 1 : i + 3]:
                    surface += x.surface
                    forms.add(surface)
    return forms


def _person_context(tokens: Sequence[Token], i: int) -> bool:
    """A given name or a person's title right after the name token ``i``: 佐伯|亮介, 佐伯|頭取."""
    if i + 1 >= len(tokens) or tokens[i + 1].start != tokens[i].end:
        return False
    after = tokens[i + 1]
    return _title_after(tokens, i + 1) or (after.pos[2] == "人名" and tokens[i].pos[2] == "人名")


def _place_reading(
    tokens: Sequence[Token], i: int, names: Mapping[str, tuple[tuple[str, tuple[str, ...]], ...]]
) -> str:
    """The reading the name token ``i`` has inside a longer JMnedict place that begins with it, when
    JMnedict lists that reading for the name as a place: 羽田|空港 はねだくうこう → 羽田 はねだ. "" else."""
    t = tokens[i]
    own = [to_hiragana(r) for r, kinds in names.get(t.surface, ()) if "place" in kinds]
    surface = t.surface
    for k in range(i + 1, min(len(tokens), i + 3)):
        if tokens[k].start != tokens[k - 1].end:
            break
        surface += tokens[k].surface
        for r, kinds in names.get(surface, ()):
            if "place" in kinds:
                return next((x for x in own if to_hiragana(r).startswith(x)), "")
    return ""


def _article_names(
    sentences: Iterable[Sentence], names: Mapping[str, tuple[tuple[str, tuple[str, ...]], ...]]
) -> dict[tuple[str, str], tuple[str, str]]:
    """How each article reads its names where the context says what they are: as a person's, the
    tokenizer's reading of a person's name with a given name or a title after it (佐伯|亮介|頭取
    さえき); as a place's, the reading a longer JMnedict place gives it (羽田空港 はねだくうこう → はねだ).
    One name is one thing in one article: its bare uses are read the same (佐伯|頭取, which the
    tokenizer hears as the town さいき; 羽田―シンガポール線, heard as the surname はた)."""
    person: dict[tuple[str, str], str] = {}
    place: dict[tuple[str, str], str] = {}
    for s in sentences:
        for i, t in enumerate(s.tokens):
            if not _is_name(t) or not has_kanji(t.surface):
                continue
            key = (s.article.source, t.surface)
            if t.pos[2] == "人名" and _person_context(s.tokens, i) and t.reading:
                person.setdefault(key, to_hiragana(t.reading))
            found = _place_reading(s.tokens, i, names)
            if found:
                place.setdefault(key, found)
    return {k: (person.get(k, ""), place.get(k, "")) for k in person.keys() | place.keys()}


def _article_name(tokens: Sequence[Token], i: int, lex: Lexicon, source: str) -> Segment | None:
    """A lone name token read as its article reads it (_article_names): as the person's name before a
    given name or a title, else as the place when the article has it as one and not as a person's."""
    t = tokens[i]
    if not _is_name(t):
        return None
    person, place = lex.article_names.get((source, t.surface), ("", ""))
    heard = to_hiragana(t.reading)
    if person and _person_context(tokens, i):
        reading = person
    elif place and not person and not _person_context(tokens, i):
        reading = place
    else:
        return _person_in_place_context(tokens, i, lex)
    if reading == heard:
        return None
    return Segment(t.start, t.end, reading)


# words after a name that make it a place: 羽田|空港, 成田|便, 関西|発
_PLACE_WORDS = frozenset("空港 駅 港 便 発 着 行き 線 市 県 町 村 区".split())
_PLACE_LINKS = frozenset("―－ー～〜・")  # 羽田―シンガポール線, 東京・大阪


def _person_in_place_context(tokens: Sequence[Token], i: int, lex: Lexicon) -> Segment | None:
    """A name the tokenizer heard as a person's (羽田 はた, a surname only in JMnedict) where the
    sentence makes it a place — a place word after it (空港, 便, 発) or a place name linked to it
    (羽田―シンガポール線) — and JMnedict has it as a place: its only place reading, else the heard
    one; a guess either way (the note is checked)."""
    t = tokens[i]
    if t.pos[2] != "人名":
        return None
    heard = to_hiragana(t.reading)
    options = lex.names.get(t.surface, ())
    places = [to_hiragana(r) for r, kinds in options if "place" in kinds]
    if not places or heard in places or not any(to_hiragana(r) == heard for r, _ in options):
        return None

    def place_at(k: int) -> bool:
        return 0 <= k < len(tokens) and (
            tokens[k].pos[2] == "地名"
            or any("place" in kinds for _, kinds in lex.names.get(tokens[k].surface, ()))
        )

    after = tokens[i + 1] if i + 1 < len(tokens) else None
    linked = (after is not None and after.surface in _PLACE_LINKS and place_at(i + 2)) or (
        i > 0 and tokens[i - 1].surface in _PLACE_LINKS and place_at(i - 2)
    )
    if not linked and not (after is not None and after.surface in _PLACE_WORDS):
        return None
    return Segment(t.start, t.end, places[0] if len(places) == 1 else heard, guess=True)


def _marked(entry: Entry, form: str) -> bool:
    """The entry carries a priority tag (ichi1, news1 …) on ``form`` or on one of its readings."""
    return any(f.priority for f in entry.kana) or any(f.priority for f in entry.kanji if f.text == form)


def _counter_reading(entry: Entry, form: str, order: int) -> tuple[int, int, str] | None:
    """(the index of the entry's first counter sense, ``order``, its reading), None without one. The
    entry whose counter sense comes first gives the counter reading: 棟 とう (sense 2), not むね
    "ridge" (its counter sense is the third)."""
    if not any(f.text == form for f in entry.kanji) or not entry.kana:
        return None
    first = next((k for k, sense in enumerate(entry.senses) if "counter" in sense.pos), None)
    if first is None:
        return None
    kana = [f for f in entry.kana if not f.kana_only] or list(entry.kana)
    return first, order, to_hiragana(kana[0].text)


def _entry_readings(entry: Entry, form: str) -> list[str]:
    if not any(f.text == form for f in entry.kanji):
        return []  # the form is one of the entry's kana spellings: no ruby to give
    # the commonest readings first (priority tags), JMdict order otherwise
    kana = sorted(entry.kana, key=lambda f: (f.kana_only, -len(f.priority)))
    return [to_hiragana(f.text) for f in kana if not f.kana_only]


# ----------------------------------------------------------------------------------- agreeing readings

_GEMINATE = frozenset("つちくき")  # 学|校 がく|こう → がっこう, 一|回 → いっかい
_PERIOD = ("年", "日", "晩", "夜")  # 今年|中 ことしじゅう, 一日|中: 中 "throughout" after a period


def _alternatives(reading: str, first: bool, last: bool) -> list[frozenset[str]]:
    """The kana one token's reading may show inside a word, position by position: its first may be
    voiced (rendaku: 会社 が in 親会社), its last may become っ (gemination: 学|校)."""
    head, body, tail = reading[0], reading[1:-1], reading[-1] if len(reading) > 1 else ""
    heads = {head}
    if not first:
        heads |= {_VOICED.get(head, head), _SEMI.get(head, head)}
    if len(reading) == 1:
        return [frozenset(heads)]
    tails = {tail}
    if not last and tail in _GEMINATE:
        tails.add("っ")
    return [frozenset(heads), *(frozenset(c) for c in body), frozenset(tails)]


def _heard(tokens: Sequence[Token], use_base: bool) -> list[str]:
    readings = [to_hiragana(t.reading) for t in tokens]
    if use_base:
        readings[-1] = to_hiragana(tokens[-1].base_reading)
    return readings


def _agreeing(candidates: Sequence[str], heard: Sequence[str]) -> tuple[str, bool] | None:
    """The dictionary reading that agrees with what the tokenizer heard: (reading, exact).

    Exact first (今年 ことし, not こんねん), then up to rendaku/gemination at the joins. ``None`` when
    the tokenizer has no reading for a piece (an unknown word) or no reading agrees."""
    if not heard or not all(heard):
        return None
    whole = "".join(heard)
    n = len(heard)
    # every alternative keeps a reading's length: a candidate agrees kana by kana (no regex compiled)
    allowed = [kana for k, r in enumerate(heard) for kana in _alternatives(r, k == 0, k == n - 1)]
    for k, c in enumerate(candidates):
        if c == whole:
            # pieces heard one by one carry no rendaku: where JMdict's first reading is the heard one
            # voiced at a join, it is the word's (位置|付け いち|つけ → いちづけ, JMdict's いちつけ second)
            first = candidates[0]
            if (
                k
                and n > 1
                and len(first) == len(allowed)
                and all(ch in kana for ch, kana in zip(first, allowed, strict=True))
            ):
                return first, False
            return c, True
    for c in candidates:
        if len(c) == len(allowed) and all(ch in kana for ch, kana in zip(c, allowed, strict=True)):
            return c, False
    return None


def _after_kanji(tokens: Sequence[Token], i: int) -> bool:
    """Token ``i`` is glued to a token before it that ends in a kanji (弁当|箱, not 『|箱)."""
    return i > 0 and tokens[i - 1].end == tokens[i].start and has_kanji(tokens[i - 1].surface[-1])


def _voicing_slip(t: Token, lex: Lexicon, alone: bool = False) -> str:
    """JMdict's reading of a token of two kanji or more that the tokenizer heard otherwise only by a
    voicing mark (産品 heard さんひん: さんぴん); "" when JMdict has the heard reading or none such.
    ``alone``: the token is glued to no word before it — a kanji heard voiced there is read as JMdict
    reads it: 『箱』 はこ (the tokenizer's ばこ is the rendaku of 弁当箱, ゴミ箱)."""
    if not only_kanji(t.surface):
        return ""
    heard = to_hiragana(t.reading)
    if len(t.surface) == 1:
        readings = lex.forms.get(t.surface, ())
        if not alone or not heard or heard in readings or heard[0] not in UNVOICED:
            return ""
        return next((r for r in readings if r == UNVOICED[heard[0]] + heard[1:]), "")
    read = _read_as_jmdict(t, lex)
    return read if read != heard else ""


def _nihon(seg: Segment, text: str, lex: Lexicon) -> Segment:
    """日本 heard にっぽん (unidic-lite's lemma ニッポン, and JMnedict's surname) in a word whose commoner
    JMdict reading says にほん: 日本 にほん, 日本人 にほんじん, 日本語 にほんご; 日本銀行 keeps its
    にっぽんぎんこう (JMdict's commoner)."""
    if "にっぽん" not in seg.reading:
        return seg
    readings = lex.forms.get(text[seg.start : seg.end], ())
    if readings and readings[0] == seg.reading.replace("にっぽん", "にほん"):
        return replace(seg, reading=readings[0])
    return seg


# 何 before these particles is なに: 何も, 何か, 何が, 何を (なん before だ, の, で, と, ら and counters)
_NANI_BEFORE = frozenset("も か が を に から より".split())


def _nani(tokens: Sequence[Token], i: int) -> str:
    """何 heard なん before a particle it is なに before: 何も対策を講じなければ なにも."""
    t = tokens[i]
    if t.surface == "何" and to_hiragana(t.reading) == "なん" and i + 1 < len(tokens):
        if tokens[i + 1].surface in _NANI_BEFORE and tokens[i + 1].start == t.end:
            return "なに"
    return ""


def _kana_tail(text: str) -> str:
    """The kana ending a word's spelling: 入る → る, 入っ → っ, 相次い → い."""
    k = len(text)
    while k and not is_kanji(text[k - 1]):
        k -= 1
    return text[k:]


def _pro(tokens: Sequence[Token], i: int) -> str:
    """親 right before a country's name in katakana is the prefix "pro-": 親イラン勢力 しん (as JMdict's
    親米, 親中), not おや "parent"."""
    t = tokens[i]
    if t.surface != "親" or i + 1 >= len(tokens):
        return ""
    after = tokens[i + 1]
    if after.start == t.end and after.pos[1] == "固有名詞" and is_katakana(after.surface):
        return "しん"
    return ""


def _taisei(tokens: Sequence[Token], i: int) -> str:
    """大勢 as the predicate of a view or with 占める is たいせい "the general trend": 見方が大勢だ, 大勢を
    占める (the tokenizer hears おおぜい "crowd", which 大勢の人, 大勢で stay)."""
    t = tokens[i]
    if t.surface != "大勢" or i + 1 >= len(tokens):
        return ""
    after = tokens[i + 1]
    if after.surface == "だ" and after.pos[0] == "助動詞":
        end = tokens[i + 2] if i + 2 < len(tokens) else None
        if end is None or end.pos[0] in ("補助記号", "助詞"):
            return "たいせい"
    if after.surface == "を" and i + 2 < len(tokens) and tokens[i + 2].base in ("占める", "決する"):
        return "たいせい"
    return ""


def _ji(tokens: Sequence[Token], i: int) -> str:
    """時 glued to a common noun, no の between, is the suffix じ "at the time of": 金利の見直し|時 (the
    tokenizer hears とき after a verb's stem made a noun; 契約|時, 導入|時 it hears じ already). After a
    verb (更新する時), a pronoun or a particle (その時, 入社の時) it stays とき; JMdict's own compounds
    (昼時 ひるどき) are read whole before this."""
    t = tokens[i]
    if t.surface != "時" or to_hiragana(t.reading) != "とき" or i == 0:
        return ""
    before = tokens[i - 1]
    if before.end != t.start or before.pos[:2] != ("名詞", "普通名詞") or not has_kanji(before.surface):
        return ""
    return "じ"


def _kazu(tokens: Sequence[Token], i: int) -> str:
    """数 as a noun on its own, before a particle, is かず "the number (of)": 「数を減らすのは (the
    tokenizer hears すう); 契約|数 (a suffix) and 数|台, 数|億 (before a counter) stay すう."""
    t = tokens[i]
    if t.surface != "数" or t.pos[0] != "名詞" or i + 1 >= len(tokens):
        return ""
    after = tokens[i + 1]
    glued = (
        i > 0 and tokens[i - 1].end == t.start and tokens[i - 1].pos[0] not in ("助詞", "補助記号", "記号")
    )
    if glued or after.pos[0] != "助詞" or after.start != t.end:
        return ""
    return "かず"


def _geminated(reading: str, heard: Sequence[str]) -> bool:
    """``reading`` is what was heard piece by piece, a piece's last kana maybe made っ (一|社 いち|しゃ
    → いっしゃ), never voiced (千|頭 せん|とう is no せんどう)."""
    if not all(heard):
        return False
    allowed = []
    for k, r in enumerate(heard):
        allowed += [{ch} for ch in r[:-1]]
        tail = {r[-1]}
        if k < len(heard) - 1 and r[-1] in _GEMINATE:
            tail.add("っ")
        allowed.append(tail)
    return len(reading) == len(allowed) and all(ch in a for ch, a in zip(reading, allowed, strict=True))


def agrees(reading: str, tokens: Sequence[Token]) -> bool:
    """True when ``reading`` is what the tokenizer heard for ``tokens``, up to rendaku and gemination at
    the joins: 親会社 おやがいしゃ for 親|会社 おや|かいしゃ."""
    return _agreeing([to_hiragana(reading)], _heard(tokens, False)) is not None


def _edge_agrees(reading: str, heard: Sequence[str]) -> bool:
    """The first piece begins the reading or the last one ends it (its first kana maybe voiced):
    上|半期 じょう|はんき ~ かみはんき, 物価|高 ぶっか|こう ~ ぶっかだか, 営業|日 … にち ~ えいぎょうび."""
    tails = sound_variants(heard[-1])
    return reading.startswith(heard[0]) or any(reading.endswith(t) and len(reading) > len(t) for t in tails)


def _closest(candidates: Sequence[str], heard: str) -> str:
    """The dictionary reading nearest to the tokenizer's (shared prefix, then suffix, then length)."""

    def shared(a: str, b: str) -> int:
        k = 0
        while k < min(len(a), len(b)) and a[k] == b[k]:
            k += 1
        return k

    return max(
        candidates, key=lambda c: (shared(c, heard) + shared(c[::-1], heard[::-1]), -abs(len(c) - len(heard)))
    )


# ------------------------------------------------------------------------- rendaku in a new compound

# A compound JMdict lacks is read from its parts, each as the tokenizer heard it; UniDic hears most
# parts as they sound alone: 協力|会社 きょうりょく|かいしゃ, where a reader says きょうりょくがいしゃ.
# Whether a word voices at the end of a compound is a habit of that word, which JMdict's own compounds
# show (Dictionary.rendaku): 会社 voices in 100 of the 122 that end in it (親会社, 保険会社 …), 不足 in
# 28 of 34 (人手不足 ひとでぶそく), 株 かぶ in none of 64, 所 しょ in 138 of 434 (研究所 けんきゅうじょ,
# 事務所 じむしょ: mixed). The last part is voiced when nearly all of them voice it; where the evidence is
# mixed or thin the heard reading stays.
RENDAKU_COMPOUNDS = 5  # JMdict compounds ending in the word, at least
RENDAKU_SHARE = 0.8  # the share of them that voice it, at least


def voiced_in_compound(
    form: str, reading: str, rendaku: Mapping[tuple[str, str], tuple[int, ...]], after_two: bool = False
) -> str:
    """``reading`` of ``form`` at the end of a compound: its first kana voiced when JMdict's compounds
    ending in ``form`` nearly all voice it (会社 かいしゃ → がいしゃ), else ``reading`` as it is.
    ``after_two``: the part before it ends in two kanji or more, and the compounds that do so are the
    evidence where there are enough of them: 特許|切れ とっきょぎれ (切れ voices in 10 of JMdict's 12 such
    compounds, 31 of all 42: 途切れ とぎれ, 細切れ こまぎれ …)."""
    counts = rendaku.get((form, reading), (0, 0))
    voiced, compounds = counts[:2]
    if after_two and len(counts) == 4 and counts[3] >= RENDAKU_COMPOUNDS:
        voiced, compounds = counts[2:]
    if compounds < RENDAKU_COMPOUNDS or voiced < RENDAKU_SHARE * compounds or reading[:1] not in _VOICED:
        return reading
    return _VOICED[reading[0]] + reading[1:]


_RENDAKU_PARTS = 2  # tokens a word at the end of a compound may have (下|請け)
_RENDAKU_BEFORE = ("名詞", "接頭辞", "接尾辞")


def _rendaku_join(tokens: Sequence[Token], k: int) -> bool:
    """Token ``k`` goes on a compound: glued to a noun, prefix or suffix before it that ends in a kanji
    (協力|会社, 労働|者|不足), not a number or a counter after one (数|分 すうふん, 3|社), and a common noun
    or a noun-like suffix itself."""
    if k == 0 or tokens[k - 1].end != tokens[k].start:
        return False
    before, t = tokens[k - 1], tokens[k]
    if not before.surface or before.pos[0] not in _RENDAKU_BEFORE:
        return False
    # a noun with okurigana ends a compound's first part as a kanji does: 格付け|会社 かくづけがいしゃ;
    # so does a loan word: ゲーム|会社 ゲームがいしゃ
    if not is_kanji(before.surface[-1]) and not (
        before.pos[0] == "名詞" and (is_kanji(before.surface[0]) or is_katakana(before.surface))
    ):
        return False
    if _is_number(before):
        return False
    # after a counter only a plain noun (二本|柱 にほんばしら, 三人|組 さんにんぐみ), not another counter or a
    # unit (数|分 すうふん, 3|か月|分)
    if _is_counter(tokens, k - 1):
        return t.pos == ("名詞", "普通名詞", "一般")
    # nor after a quantity's suffix: 3割|強|不足する is "short by a little over 30 %", no compound
    if before.pos[0] == "接尾辞" and k >= 2 and tokens[k - 2].end == before.start:
        if _is_number(tokens[k - 2]) or _is_counter(tokens, k - 2):
            return False
    return t.pos[:2] == ("名詞", "普通名詞") or t.pos[:2] == ("接尾辞", "名詞的")


def _rendaku_keys(tokens: Sequence[Token]) -> Iterator[tuple[str, str]]:
    """The (word, heard reading) pairs at the end of a compound the sentence may hold (_rendaku_join)."""
    for k in range(1, len(tokens)):
        first = tokens[k]
        # (the cheap tests first: a reading that can voice, on a kanji)
        if (
            not first.reading
            or to_hiragana(first.reading[0]) not in _VOICED
            or not is_kanji(first.surface[0])
        ):
            continue
        if not _rendaku_join(tokens, k):
            continue
        surface, heard = "", ""
        for t in tokens[k : k + _RENDAKU_PARTS]:
            if surface and (t.start != first.start + len(surface) or not t.reading):
                break
            surface, heard = surface + t.surface, heard + to_hiragana(t.reading)
            yield surface, heard


def _after_two_kanji(tokens: Sequence[Token], k: int) -> bool:
    """The tokens glued before token ``k`` end in two kanji or more: 特許|切れ, 後継|者|不足; not 品|切れ,
    not 売り|切れ."""
    kanji, j = 0, k - 1
    while j >= 0:
        for ch in reversed(tokens[j].surface):
            if not is_kanji(ch):
                return False
            kanji += 1
            if kanji >= 2:
                return True
        if j == 0 or tokens[j - 1].end != tokens[j].start:
            return False
        j -= 1
    return False


ENDING_COMPOUNDS = 10  # JMdict compounds ending in the kanji, at least
ENDING_SHARE = 0.8  # the share of them that read it one way, at least
ENDING_HEARD = 0.1  # the share, at most, of those that read it as the tokenizer heard it


def _ending(char: str, heard: str, endings: Mapping[str, Mapping[str, int]]) -> str:
    """A kanji alone at the end of a compound JMdict lacks, heard as almost none of JMdict's compounds
    ending in it read it, read as nearly all of them do: 総|価 (heard あたい, the word "value") is そうか,
    as 物価, 単価 … read 価 (104 of 104); 仙台|港 (みなと) is せんだいこう (港: こう in 39 of 39). Where
    the evidence is mixed (値: ち 106, ね 31) or agrees with the tokenizer (取引|先: さき 103 of 120), as
    heard."""
    readings = endings.get(char)
    if len(char) != 1 or not readings:
        return heard
    total = sum(readings.values())
    top = max(readings, key=lambda r: (readings[r], r))
    # the evidence counts a reading voiced or not as one (分 ふん of 自分 じぶん): so is the heard one
    plain = {heard} | {r for r in readings if heard in sound_variants(r)}
    if (
        total < ENDING_COMPOUNDS
        or readings[top] < ENDING_SHARE * total
        or sum(readings.get(r, 0) for r in plain) > ENDING_HEARD * total
        or top in plain
    ):
        return heard
    return top


def _goes_on(tokens: Sequence[Token], m: int) -> bool:
    """A suffix is glued after token ``m``, the word goes on past it: 材料|出|尽くし (出尽くし), not
    総|価|一括 (総価 ends at 価, a word of its own follows)."""
    if m + 1 >= len(tokens) or tokens[m + 1].start != tokens[m].end:
        return False
    return tokens[m + 1].pos[0] == "接尾辞" and is_kanji(tokens[m + 1].surface[0])


def _rendaku(tokens: Sequence[Token], segments: Sequence[Segment], lex: Lexicon) -> list[Segment]:
    """Segments with the last part of a compound JMdict lacks voiced where JMdict's compounds ending in
    it nearly all voice it (voiced_in_compound): 協力|会社 きょうりょく|かいしゃ → 会社 がいしゃ. Only a
    segment read as the tokenizer heard it, on token edges, that goes on a compound (_rendaku_join): a
    word JMdict has whole (親会社) is one segment already."""
    if not lex.rendaku and not lex.endings:
        return list(segments)
    starts = {t.start: k for k, t in enumerate(tokens)}
    ends = {t.end: k for k, t in enumerate(tokens)}
    out = []
    for s in segments:
        k, m = starts.get(s.start), ends.get(s.end)
        if s.guess or k is None or m is None or m - k >= _RENDAKU_PARTS or not _rendaku_join(tokens, k):
            out.append(s)
            continue
        surface = "".join(t.surface for t in tokens[k : m + 1])
        heard = "".join(to_hiragana(t.reading) for t in tokens[k : m + 1])
        if s.reading != heard:
            out.append(s)
            continue
        if not _goes_on(tokens, m):
            # a kanji ending the compound: read as JMdict's compounds ending in it (総|価 か); not one a
            # suffix goes on from (材料|出|尽くし: 出 で, as heard, not the しゅつ of 輸出)
            heard = _ending(surface, heard, lex.endings)
        out.append(
            Segment(
                s.start, s.end, voiced_in_compound(surface, heard, lex.rendaku, _after_two_kanji(tokens, k))
            )
        )
    return out


# -------------------------------------------------------------------------------------------- counters

# Day numbers read natively: 9日 ここのか, 20日 はつか (the whole "9日" gets the ruby).
_DAYS = {
    1: "ついたち", 2: "ふつか", 3: "みっか", 4: "よっか", 5: "いつか", 6: "むいか", 7: "なのか", 8: "ようか",
    9: "ここのか", 10: "とおか", 14: "じゅうよっか", 20: "はつか", 24: "にじゅうよっか",
}  # fmt: skip
_PER_DAY = frozenset({"あたり", "当たり", "当り", "中", "平均", "で", "分", "間"})
_OF_A_DAY = frozenset({"うち", "平均", "大半", "半分", "半ば"})  # 1日のうち, 1日の平均
_PEOPLE = {1: "ひとり", 2: "ふたり"}  # 2人 ふたり; 3人 さんにん
# Counters of the は row change their first kana after some numbers: 1杯 いっぱい, 3本 さんぼん, 6泊 ろっぱく.
_P_AFTER = frozenset({1, 6, 8, 10, 100})  # the number ends in っ: いっ, ろっ, はっ, じゅっ, ひゃっ
_N_FINAL = frozenset({3, 4, 1000, 10000})  # さん, よん, せん, まん
_B_AFTER_N = frozenset({"ほん", "はい", "ひき"})  # 3本 ぼん, 3杯 ばい, 3匹 びき (3泊 ぱく, 3分 ぷん)
_K_TO_G_AFTER_3 = frozenset("階軒")  # 3階 さんがい, 3軒 さんげん (3回 さんかい)


def _number(tokens: Sequence[Token], i: int) -> int | None:
    """The value of the number token(s) just before token ``i`` that matter for a counter's sound:
    2962億 … → the last spoken unit (億); 1万 → 10000; 20 → 20."""
    if i == 0 or not _is_number(tokens[i - 1]):
        return None
    t = tokens[i - 1]
    units = {"十": 10, "百": 100, "千": 1000, "万": 10000, "億": 10**8, "兆": 10**12}
    if t.surface in units:
        return units[t.surface]
    try:
        return int(t.surface)
    except ValueError:
        kanji = "〇一二三四五六七八九"
        if len(t.surface) == 1 and t.surface in kanji:
            return kanji.index(t.surface)
        return None


def _last_unit(n: int) -> int:
    """The part of a number spoken last: 26 → 6, 20 → 10, 300 → 100, 2000 → 1000, 30000 → 10000."""
    if n % 10:
        return n % 10
    for unit in (10, 100, 1000):
        if n % (unit * 10):
            return unit
    return 10000


def _fraction(tokens: Sequence[Token], i: int) -> bool:
    """分 followed by の and a number: 10分の1, 3分の2 (a fraction); 10分の距離 is ten minutes."""
    return i + 2 < len(tokens) and tokens[i + 1].surface == "の" and _is_number(tokens[i + 2])


_QUANTITY_WORDS = frozenset("複数 数 多く 何 何度 何回 大量 最大 平均 約".split())


def _per_day(tokens: Sequence[Token], i: int) -> bool:
    """1日に + a number or a verb not in the past: "a day" — 1日に2回, 1日に運ぶ荷物 (いちにち);
    1日に発表した, 1日に開かれた stay dates (ついたち). So is 1日 right before a verb, what a day of it
    changes: 納期を1日遅らせる, 1日延ばす (いちにち)."""
    if i + 1 < len(tokens) and tokens[i + 1].pos[0] == "動詞" and tokens[i + 1].start == tokens[i].end:
        return True
    # 1日約1100便, 1日最大3万人: "about / at most so many a day" (いちにち); 1日2回: so many times a day
    if i + 2 < len(tokens) and tokens[i + 1].surface in ("約", "最大", "平均") and _is_number(tokens[i + 2]):
        return True
    if i + 1 < len(tokens) and _is_number(tokens[i + 1]) and tokens[i + 1].start == tokens[i].end:
        return True
    # 1日のうち, 1日の平均利用回数: part of a day, a day's average (1日の東京市場 stays the 1st)
    if i + 2 < len(tokens) and tokens[i + 1].surface == "の" and tokens[i + 2].surface in _OF_A_DAY:
        return True
    if i + 2 >= len(tokens) or tokens[i + 1].surface != "に":
        return False
    after = tokens[i + 2]
    # … or a quantity word: 1日に複数の組を受け入れる, 1日に数回 (いちにち)
    if _is_number(after) or after.surface in _QUANTITY_WORDS:
        return True
    if after.pos[0] != "動詞":
        return False
    for t in tokens[i + 3 :]:
        if t.pos[0] != "助動詞" and t.surface not in ("て", "で"):
            break
        if t.surface in ("た", "だ"):
            return False
    return True


def _is_counter(tokens: Sequence[Token], i: int) -> bool:
    """30|日, 1|万|基: a counter after a number (as select.py's segmentation has it)."""
    t = tokens[i]
    return (
        i > 0
        and _is_number(tokens[i - 1])
        and has_kanji(t.surface)
        and (
            t.pos[2] in ("助数詞", "助数詞可能")
            or t.pos[1] == "助数詞"
            or t.pos[0] == "接尾辞"
            or t.surface in _COUNTED_UNITS
            or t.surface == "分"  # 30|分|足らず: minutes, though the tokenizer took 分 for a noun
        )
    )


# units of local government counted after a number, by their on readings: 3町1村 (さんちょう いっそん), not
# むら "village"
_COUNTED_UNITS = frozenset("町 村 市 区 郡".split())


_KANJI_DIGITS = "〇一二三四五六七八九"
# how a number written in digits is read before a counter (Sino numerals; いっ, ろっ: gemination)
_SINO = {
    1: ("いち", "いっ"), 2: ("に",), 3: ("さん",), 4: ("よん", "よ", "し"), 5: ("ご",), 6: ("ろく", "ろっ"),
    7: ("なな", "しち"), 8: ("はち", "はっ"), 9: ("きゅう", "く"),
}  # fmt: skip


def _numeral_form(tokens: Sequence[Token], i: int) -> str:
    """The counter after a number in digits (1 to 99) spelled with kanji numerals, as JMdict spells
    such words: 1|月 → 一月, 12|月 → 十二月; "" when token ``i`` is no such counter."""
    if i == 0 or not tokens[i - 1].surface.isdigit() or not _is_counter(tokens, i):
        return ""
    n = int(tokens[i - 1].surface)
    if not 0 < n < 100:
        return ""
    tens, ones = divmod(n, 10)
    head = ("" if tens < 2 else _KANJI_DIGITS[tens]) + ("十" if tens else "")
    return head + (_KANJI_DIGITS[ones] if ones else "") + tokens[i].surface


def _numeral_prefixes(n: int) -> tuple[str, ...]:
    """The Sino readings of a number from 1 to 99 as it begins a word: 1 いち/いっ, 12 じゅうに."""
    tens, ones = divmod(n, 10)
    if not tens:
        return _SINO[ones]
    head = ("" if tens < 2 else _SINO[tens][0]) + "じゅう"
    if not ones:
        return (head, head[:-2] + "っ", head[:-3] + "じっ")
    return tuple(head + r for r in _SINO[ones])


def _numeral_tails(tokens: Sequence[Token], i: int, forms: Mapping[str, tuple[str, ...]]) -> list[str]:
    """How JMdict reads the counter in the same number spelled in kanji, the number read as digits are
    (Sino numerals): 1月 → 一月 いちがつ → がつ (its ひとつき "one month" is the native count); [] when
    JMdict has no such word."""
    form = _numeral_form(tokens, i)
    if not form:
        return []
    prefixes = _numeral_prefixes(int(tokens[i - 1].surface))
    tails = []
    for r in forms.get(form, ()):
        for p in prefixes:
            if r.startswith(p) and len(r) > len(p) and r[len(p) :] not in tails:
                tails.append(r[len(p) :])
    return tails


def counter_reading(
    tokens: Sequence[Token],
    i: int,
    counters: Mapping[str, str] | None = None,
    ons: Mapping[str, tuple[str, ...]] | None = None,
    forms: Mapping[str, tuple[str, ...]] | None = None,
) -> tuple[int, str] | None:
    """How a counter after a number is read: (first token of the ruby, reading), or None.

    The digits carry no ruby of their own, so the counter's reading is the one it has after that
    number: 3本 ぼん, 1杯 ぱい, 10分 ぷん, 3階 がい; days and people are read whole: 9日 ここのか, 2人
    ふたり (the ruby then covers the digits too)."""
    t = tokens[i]
    n = _number(tokens, i)
    if n is None or not _is_counter(tokens, i):
        return None
    digits = i - 1 if tokens[i - 1].surface.isdigit() else None
    if t.surface in ("日", "日間") and digits is not None:
        tail = "かん" if t.surface == "日間" else ""
        if n not in _DAYS:
            return i, "にち" + tail  # 13日 じゅうさんにち: the digits keep no ruby
        after = tokens[i + 1].surface if i + 1 < len(tokens) else ""
        if n == 1 and (tail or after in _PER_DAY or _per_day(tokens, i)):
            return (
                digits,
                "いちにち" + tail,
            )  # 1日あたり, 1日中, 1日間: a day's length; 1日の東京市場 ついたち
        return digits, _DAYS[n] + tail
    if t.surface == "人" and n in _PEOPLE and digits is not None:
        return digits, _PEOPLE[n]
    base = to_hiragana(t.base_reading or t.reading)
    # a noun the tokenizer read by its kun reading, not as the counter it is after a number: 2棟 とう
    # (an on reading, JMdict's counter), not むね "ridge"; 2桁 けた has no counter entry, 3杯 はい is
    # an on reading already
    on = (ons or {}).get(t.surface, ())
    if t.surface in _COUNTED_UNITS and on:
        base = on[0]
    counted = (counters or {}).get(t.surface, base)
    if t.pos[2] == "助数詞可能" and counted != base and base not in on and counted in on:
        base = counted
    if t.surface == "分" and not _fraction(tokens, i):
        base = "ふん"  # minutes: 10分 じゅっぷん, 約10分の距離 (10分の1 is a fraction: ぶん)
    if not base:
        return None
    unit = _last_unit(n) if n else 0
    head = base[0]
    if head in _SEMI:
        if unit in _P_AFTER or (unit in _N_FINAL and base not in _B_AFTER_N):
            if unit in _P_AFTER or base in ("ふん", "はく", "はつ", "はん"):
                head = _SEMI[head]
        elif unit in (3, 1000, 10000) and base in _B_AFTER_N:
            head = _VOICED[head]
    elif unit == 3 and t.surface in _K_TO_G_AFTER_3:
        head = _VOICED.get(head, head)
    # the tokenizer read the counter by a kun reading, as the noun (12月は, 1月、 つき "moon; month"),
    # where JMdict's word for the number and counter reads it by an on reading (十二月 じゅうにがつ, 一月
    # いちがつ "January"): the on reading. 3桁 けた (三桁 さんけた) keeps its kun reading
    heard = head + base[1:]
    if heard not in on:
        tails = [
            x
            for x in _numeral_tails(tokens, i, forms or {})
            if x in on or UNVOICED.get(x[0], "") + x[1:] in on
        ]
        if tails:
            return i, tails[0]
    return i, heard


# ----------------------------------------------------------------------------- re-cutting kanji runs

# The tokenizer's cut of a run of kanji is not always the text's: 楽|天子|会社 (がく|てんし "emperor") is
# 楽天|子会社, 前日|銀 is 前|日銀 (黒田前日銀総裁, "former BOJ governor"), 再来|年頃 ("age") is
# 再来年|頃. The longest match follows the tokenizer's cut, so such runs are cut again, kanji by kanji,
# into JMdict words by a unigram model: a word costs _COST_TOP minus its Zipf frequency, and the cheapest
# cut wins (楽天 4.7 + 子会社 3.9 beats 楽 4.9 + 天子 3.0 + 会社 5.4) when it beats the best cut on the
# tokenizer's boundaries by RESEGMENT_MARGIN. The tokenizer's own units stay words of the model, so a
# run it cut well (親|会社, 金融|政策) keeps its cut.
RESEGMENT_WORD = 6  # the longest word tried inside a run
_COST_TOP = 8.0
_UNSEEN_ZIPF = 3.0  # a JMdict word wordfreq lacks (it splits compounds: 副総裁, 調査会社)
_LONE_COST = 10.0  # a kanji no JMdict word covers
RESEGMENT_MARGIN = 0.3


def _kanji_runs(tokens: Sequence[Token], known: Mapping[str, object] | None = None) -> list[tuple[int, int]]:
    """(first, end) of each run of two or more adjacent kanji-only tokens; numbers and the counter
    after a number end a run (they have rules of their own). A verb or adjective right after the run
    that JMdict lacks (``known``: JMdict's forms; None: any) ends it: in the headline 分散急ぐ the
    tokenizer cut 分|散急ぐ (ちりいそぐ, 散り急ぐ without its り), which is 分散 + 急ぐ."""
    runs: list[tuple[int, int]] = []
    lo: int | None = None
    for k, t in enumerate([*tokens, None]):
        ok = (
            t is not None
            and bool(t.surface)
            and only_kanji(t.surface)
            and t.pos[1] != "数詞"
            and not (k > 0 and _is_number(tokens[k - 1]))
        )
        if ok and lo is not None and tokens[k - 1].end == t.start:
            continue
        if (
            not ok
            and t is not None
            and lo is not None
            and tokens[k - 1].end == t.start
            and t.pos[0] in ("動詞", "形容詞")
            and is_kanji(t.surface[0])
            and (known is None or (t.surface not in known and t.base not in known))
        ):
            runs.append((lo, k + 1))
            lo = None
            continue
        if lo is not None and k - lo >= 2:
            runs.append((lo, k))
        lo = k if ok else None
    return runs


def _substrings(text: str) -> set[str]:
    return {text[a:b] for a in range(len(text)) for b in range(a + 1, min(len(text), a + RESEGMENT_WORD) + 1)}


def _word_cost(word: str, lex: Lexicon, unit: bool = False) -> float | None:
    """A JMdict word's cost, or a token's the tokenizer knows but JMdict lacks (線幅, 科技: 回路|線幅 is
    no 回|路線|幅); None for other strings."""
    if word not in lex.forms and not unit:
        return None
    return _COST_TOP - lex.zipf.get(word, _UNSEEN_ZIPF)


def _cheapest_cut(
    text: str,
    units: Sequence[tuple[int, int]],
    lex: Lexicon,
    inside: bool,
    names: Sequence[tuple[int, int]] = (),
) -> tuple[float, list[tuple[int, int]]]:
    """The cheapest cut of ``text`` into words: (cost, spans). ``units``: the tokenizer's tokens (always
    words); ``inside``: words may begin and end inside a token; ``names``: the tokens the tokenizer
    took for names, where a JMnedict name may begin and end (氷見|野副|総裁 → 氷見野|副総裁)."""
    bounds = {0} | {b for _, b in units}
    best: list[tuple[float, int]] = [(0.0, -1)] + [(float("inf"), -1)] * len(text)
    for b in range(1, len(text) + 1):
        if not inside and b not in bounds:
            continue
        for a in range(max(0, b - RESEGMENT_WORD), b):
            if best[a][0] == float("inf") or (not inside and a not in bounds):
                continue
            cost = _word_cost(text[a:b], lex, (a, b) in units)
            if (
                cost is None
                and (_name_span(a, b, names) or _name_past(a, b, names))
                and text[a:b] in lex.names
            ):
                cost = _COST_TOP - lex.zipf.get(text[a:b], _UNSEEN_ZIPF)
            if cost is None:
                if b - a > 1:
                    continue
                cost = _LONE_COST
            if best[a][0] + cost < best[b][0]:
                best[b] = (best[a][0] + cost, a)
    spans = []
    b = len(text)
    while b > 0:
        a = best[b][1]
        spans.append((a, b))
        b = a
    return best[len(text)][0], spans[::-1]


def _name_past(a: int, b: int, names: Sequence[tuple[int, int]]) -> bool:
    """[a, b) begins where a name token does and ends inside the token after it, past the name: 瀬戸|内製
    (the tokenizer's 瀬戸 and 内製 "in-house") → JMnedict's 瀬戸内 せとうち + 製鉄所."""
    return any(x == a and y < b for x, y in names)


def _name_span(a: int, b: int, names: Sequence[tuple[int, int]]) -> bool:
    """[a, b) begins where a name token does and ends inside one (or at its end)."""
    return any(x == a for x, _ in names) and any(x < b <= y for x, y in names)


def _recut(tokens: Sequence[Token], lo: int, hi: int, lex: Lexicon) -> list[tuple[int, int]] | None:
    """The run tokens[lo:hi] cut again (spans in sentence offsets), or None when the tokenizer's cut
    stands (see the comment above RESEGMENT_WORD)."""
    base = tokens[lo].start
    text = "".join(t.surface for t in tokens[lo:hi])
    units = [(t.start - base, t.end - base) for t in tokens[lo:hi]]
    names = [(t.start - base, t.end - base) for t in tokens[lo:hi] if _is_name(t)]
    # a run ending in a verb JMdict lacks (分|散急ぐ, _kanji_runs): the verb is no word of the cut, and
    # the cut stands when JMdict words cover it, the last one ending the verb (分散 + 急ぐ)
    verb = not all(is_kanji(c) for c in tokens[hi - 1].surface)
    cost, spans = _cheapest_cut(text, units[:-1] if verb else units, lex, True, names)
    bounds = {0} | {b for _, b in units}
    if all(a in bounds and b in bounds for a, b in spans):
        return None
    if verb:
        if not all(text[a:b] in lex.forms for a, b in spans):
            return None
        return [(a + base, b + base) for a, b in spans]
    # a name token is cut only between a JMnedict name and a word that goes on past the names:
    # 氷見|野副|総裁 → 氷見野|副総裁, never 鈴木|直道 → 鈴木直|道 or 長楽 (a Chinese place) → 長|楽
    for (a, p), (_, b) in zip(spans, spans[1:], strict=False):
        if any(x < p < y for x, y in names) and (
            not _name_span(a, p, names) or text[a:p] not in lex.names or any(x < b <= y for x, y in names)
        ):
            return None
    # a JMdict word the tokenizer read as JMdict does is cut only where a word joins it to its
    # neighbours: 初月 しょげつ is not 初|月 (はつ|げつ), though those two are commoner words
    for t in tokens[lo:hi]:
        x, y = t.start - base, t.end - base
        inside = [(a, b) for a, b in spans if x <= a and b <= y]
        if len(inside) > 1 and sum(b - a for a, b in inside) == y - x and _read_as_jmdict(t, lex):
            return None
        if _piece_unheard(t, [(a - x, b - x) for a, b in spans if x <= a and b <= y], lex):
            return None
    if cost + RESEGMENT_MARGIN >= _cheapest_cut(text, units, lex, False)[0]:
        return None
    return [(a + base, b + base) for a, b in spans]


def _read_as_jmdict(t: Token, lex: Lexicon) -> str:
    """The reading JMdict gives the token's surface that the tokenizer heard, up to a voicing mark
    inside it (産品: the tokenizer's さんひん is JMdict's さんぴん): "" when JMdict has none such."""
    heard = to_hiragana(t.reading)
    readings = lex.forms.get(t.surface, ())
    if not heard or heard in readings:
        return heard
    return next((r for r in readings if unvoiced(r) == unvoiced(heard)), "")


def _piece_unheard(t: Token, pieces: Sequence[tuple[int, int]], lex: Lexicon) -> bool:
    """A JMdict word the tokenizer read as JMdict does (海事 かいじ, 一定 いってい) is not cut so that a
    word of the cut begins or ends it while its other end lies inside it, unless that word reads as
    heard there: 海事|局 is no 海 (うみ, not the heard かい) + 事局, 一定|額 no 一 (いち, not the いっ
    of いってい) + 定額; 前日 ぜんじつ gives 前 ぜん (黒田前日銀総裁: 前 + 日銀), 年頃 としごろ gives 頃
    ごろ (再来年 + 頃). ``pieces``: the cut's words inside the token, in its own offsets."""
    heard = _read_as_jmdict(t, lex)
    if not heard:
        return False
    n = len(t.surface)
    for a, b in pieces:
        readings = lex.forms.get(t.surface[a:b])
        if not readings or (a == 0) == (b == n):
            continue  # a name, the whole token, or a piece inside it with neither end at its edge
        if a == 0 and not any(heard.startswith(r) for r in readings):
            return True
        if b == n and not any(
            heard.endswith(r) or heard.endswith(_VOICED.get(r[0], r[0]) + r[1:]) for r in readings
        ):
            return True
    return False


def _recut_segments(
    tokens: Sequence[Token], spans: Sequence[tuple[int, int]], lex: Lexicon, chinese: bool
) -> list[Segment]:
    """The segments of a re-cut run: a span on the tokenizer's boundaries is read as usual (_single,
    _match), one that begins or ends inside a token by _recut_reading."""
    out = []
    for a, b in spans:
        k = next((k for k, t in enumerate(tokens) if t.start == a), None)
        m = next((m for m, t in enumerate(tokens) if t.end == b), None)
        seg = None
        if k is not None and m is not None:
            if m == k:
                seg = _single(tokens, k, lex, chinese)
            else:
                found = _match(tokens, k, m + 1, lex, chinese)
                seg = found[1] if found is not None and found[0] == m + 1 else None
        out.append(seg or _recut_reading(tokens, a, b, lex))
    return out


def _recut_reading(tokens: Sequence[Token], a: int, b: int, lex: Lexicon) -> Segment:
    """The reading of a word that begins or ends inside a token: the JMdict reading that best fits
    what the tokenizer heard at its edges — 前 of 前日 (ぜんじつ) is ぜん, not まえ; 頃 at the end of
    年頃 (としごろ) is ごろ; 日銀 ends with 銀's ぎん."""
    word = "".join(
        t.surface[max(a, t.start) - t.start : min(b, t.end) - t.start]
        for t in tokens
        if t.start < b and a < t.end
    )
    readings = lex.forms.get(word) or tuple(to_hiragana(r) for r, _ in lex.names.get(word, ()))
    if not readings:  # a kanji no word covers: its on reading, a guess
        return Segment(a, b, "".join(lex.on.get(c, "") for c in word), guess=True)
    first = next(t for t in tokens if t.start <= a < t.end)
    last = next(t for t in tokens if t.start < b <= t.end)
    head, tail = to_hiragana(first.reading), to_hiragana(last.reading)

    def fit(r: str) -> int:
        score = 0
        if head and first.start == a:  # the word begins where a token does
            score += r.startswith(head) if first.end <= b else head.startswith(r)
        if tail and last.end == b:  # the word ends where a token does
            tails = {tail, _VOICED.get(tail[0], tail[0]) + tail[1:]}
            score += any(r.endswith(x) for x in tails) if last.start >= a else tail.endswith(r)
        return score

    scores = [fit(r) for r in readings]
    k = max(range(len(readings)), key=lambda k: (scores[k], -k))
    return Segment(a, b, readings[k], len(readings) > 1 and scores[k] == 0)


# ----------------------------------------------------------------------------------------- the reader


def _is_name(token: Token) -> bool:
    return token.pos[1] == "固有名詞"


_PAREN = re.compile(r"[(（]([\u3041-\u309f\u30a0-\u30ffー]{2,})[)）]")


def _paren_readings(sentence: Sentence, lex: Lexicon) -> list[tuple[int, int, str]]:
    """The text's own readings: 伊藤徳宇(なるたか) reads the given name 徳宇 なるたか; 無錫(むしゃく) the
    whole name. A reading that does not begin with the first name token's reading belongs to the
    tokens after it (surname + given name). A kana run that cannot be the words' reading is a gloss
    (_paren_is_reading): 販売奨励金（インセンティブ）."""
    tokens = sentence.tokens
    spans = []
    for m in _PAREN.finditer(sentence.text):
        reading = to_hiragana(m.group(1))
        end = m.start()
        k = next((i for i, t in enumerate(tokens) if t.end == end), None)
        if k is None:
            continue
        first = k
        while first > 0 and has_kanji(tokens[first - 1].surface) and only_kanji(tokens[first - 1].surface):
            first -= 1
        if not only_kanji(tokens[k].surface):
            continue
        if first < k and not reading.startswith(to_hiragana(tokens[first].reading) or "\0"):
            first += 1
        if not _paren_is_reading(tokens[first : k + 1], reading, lex):
            continue
        spans.append((tokens[first].start, end, reading))
    return spans


def _paren_is_reading(run: Sequence[Token], reading: str, lex: Lexicon) -> bool:
    """A parenthesised kana run after words is their reading when it can be: the run holds a name or a
    word the tokenizer does not know (伊藤徳宇(なるたか): no dictionary reads the given name), or the
    kana are what the tokenizer heard (需給逼迫(ひっぱく)), a JMdict reading of the words, or their
    kanji's on readings. Otherwise it is a gloss, a loanword for the same thing: 販売奨励金（インセンテ
    ィブ）, 緊急輸入制限（セーフガード） keep their own readings."""
    if any(_is_name(t) or t.is_unknown or not t.reading for t in run):
        return True
    surface = "".join(t.surface for t in run)
    return (
        agrees(reading, run)
        or reading in lex.forms.get(surface, ())
        or _on_split(surface, reading, lex.ons) is not None
    )


def read_sentence(
    sentence: Sentence, lex: Lexicon, fixed: Sequence[tuple[int, int, str]] = ()
) -> tuple[Segment, ...]:
    """Ruby segments for the sentence's kanji, in order.

    ``fixed``: (start, end, reading) spans decided by the caller (the carded word with the card's
    reading); author ruby (``sentence.ruby``) beats them and everything else."""
    tokens = sentence.tokens
    n = len(tokens)
    chinese = sentence.article.source in lex.chinese
    # spans decided before any look-up, by priority: author ruby, the text's parentheses, the caller
    decided: list[Segment] = []
    for start, end, reading in [*sentence.ruby, *_paren_readings(sentence, lex), *fixed]:
        if start < end and not any(d.start < end and start < d.end for d in decided):
            decided.append(Segment(start, end, reading))
    blocked = [False] * n
    if decided:
        blocked = [any(d.start < t.end and t.start < d.end for d in decided) for t in tokens]
    # a run may not cross a decided span's edge: reach stops at blocked tokens too
    reach = _reach(tokens)
    stop = n
    for i in range(n - 1, -1, -1):
        if blocked[i]:
            stop = i
        reach[i] = min(reach[i], stop)
    segments: list[Segment] = []
    recut = {}
    for lo, hi in _kanji_runs(tokens, lex.forms):
        spans = None if any(blocked[lo:hi]) else _recut(tokens, lo, hi, lex)
        if spans is not None:
            recut[lo] = (hi, spans)
    i = 0
    while i < n:
        if blocked[i]:
            i += 1
            continue
        if i in recut:
            i, spans = recut[i]
            segments += _recut_segments(tokens, spans, lex, chinese)
            continue
        split = next(
            ((j, f) for j, f in _missplit(tokens, i, lex.forms) if j <= reach[i] and f in lex.forms), None
        )
        first_on = lex.on.get(tokens[i].surface[0], "")
        # the tokenizer heard another word (年上 としうえ), not the counter's reading (ねん) + a word
        if split is not None and first_on and not to_hiragana(tokens[i].reading).startswith(first_on):
            j, form = split
            t = tokens[i]
            segments.append(Segment(t.start, t.start + 1, first_on))
            segments.append(
                Segment(t.start + 1, tokens[j - 1].end, lex.forms[form][0], len(lex.forms[form]) > 1)
            )
            i = j
            continue
        shift = _shift(tokens, i, reach[i], lex)
        if shift is not None:
            j, head, word = shift
            t = tokens[i]
            cut = t.start + len(head)
            head_readings = lex.forms.get(head) or (lex.on.get(head, ""),)
            segments.append(Segment(t.start, cut, head_readings[0], head not in lex.forms))
            segments.append(Segment(cut, tokens[j - 1].end, lex.forms[word][0], len(lex.forms[word]) > 1))
            i = j
            continue
        spelled = _spelled_word(tokens, i, reach[i], lex)
        if spelled:
            segments += [Segment(t.start, t.end, lex.on[t.surface], guess=True) for t in tokens[i:spelled]]
            i = spelled
            continue
        found = _match(tokens, i, reach[i], lex, chinese)
        named = _article_name(tokens, i, lex, sentence.article.source)
        if named is not None and (found is None or found[0] == i + 1):
            segments.append(named)
            i += 1
            continue
        if found is not None:
            j, seg = found
            if seg is not None:
                segments.append(seg)
            i = j
            continue
        seg = _single(tokens, i, lex, chinese, sentence.article.source)
        if seg is not None:
            segments.append(seg)
        i += 1
    segments = [_nihon(seg, sentence.text, lex) for seg in segments]
    segments = _geminate_numerals(sentence.text, segments, lex)
    # (the decided spans stay as they were decided)
    return tuple(sorted([*decided, *_rendaku(tokens, segments, lex)], key=_START))


# A kanji numeral before a counter word of two kanji geminates before these sounds, as before a one-kanji
# counter (一回 いっかい, which the tokenizer hears): 一種類 いっしゅるい, 十種類 じゅっしゅるい (JMdict's
# counter words only: 一店舗 いちてんぽ stays as heard). The tokenizer reads the numeral alone (いち),
# the counter word being a common noun to it. (は-row counters change their own first sound, 一杯 いっぱい:
# left as heard.)
_GEMINATING = {
    ("一", "いち"): "かきくけこさしすせそたちつてとぱぴぷぺぽ",
    ("十", "じゅう"): "かきくけこさしすせそたちつてとぱぴぷぺぽ",
    ("八", "はち"): "かきくけこたちつてとぱぴぷぺぽ",
    ("六", "ろく"): "かきくけこぱぴぷぺぽ",
    ("百", "ひゃく"): "かきくけこぱぴぷぺぽ",
}


def _geminate_numerals(text: str, segments: list[Segment], lex: Lexicon) -> list[Segment]:
    if not lex.counter_words:
        return segments
    out = list(segments)
    for k in range(len(out) - 1):
        s, after = out[k], out[k + 1]
        sounds = _GEMINATING.get((text[s.start : s.end], s.reading))
        if (
            sounds
            and after.start == s.end
            and text[after.start : after.end] in lex.counter_words
            and after.reading[:1] in sounds
            and (s.start == 0 or not is_kanji(text[s.start - 1]))  # 第一|種類 is no count of kinds
        ):
            out[k] = Segment(s.start, s.end, s.reading[:-1] + "っ", s.guess)
    return out


def _counter_starts_word(tokens: Sequence[Token], i: int) -> bool:
    """A counter after a number that a common noun follows may begin a word: 18万|重|量|トン is
    重量トン じゅうりょうトン, no counter 重; a suffix after it keeps it a counter (25|年|末, 2|度|目)."""
    return (
        i + 1 < len(tokens)
        and tokens[i + 1].start == tokens[i].end
        and tokens[i + 1].pos[:3]
        == (
            "名詞",
            "普通名詞",
            "一般",
        )
    )


def _inside_number(tokens: Sequence[Token], i: int) -> bool:
    """A numeral glued after a number (18|万, 3|千|億) is a digit of that number."""
    return (
        i > 0
        and tokens[i].pos[1] == "数詞"
        and _is_number(tokens[i - 1])
        and tokens[i - 1].end == tokens[i].start
    )


def _match(
    tokens: Sequence[Token], i: int, reach: int, lex: Lexicon, chinese: bool = False
) -> tuple[int, Segment | None] | None:
    """The longest dictionary run from token ``i``: (its end, its segment). ``chinese``: the sentence
    is from an article about China (names read by their on readings)."""
    n = len(tokens)
    # A reading run may start on any word with kanji (見|方 みかた, 二|極|化 にきょくか), not only
    # where a vocabulary word may; kana-only runs (という) never match.
    start_ok = _can_start(tokens[i]) or has_kanji(tokens[i].surface)
    if (
        not start_ok
        or (_is_counter(tokens, i) and not _counter_starts_word(tokens, i))
        or (_spelled_name(tokens, i) and not _given_name(tokens, i, lex))
    ):
        return None
    top = min(n, i + MAX_RUN, reach)
    # runs up to the first token with a kanji have none (no reading run): the longest run tried first,
    # the shorter ones are the prefixes of its surfaces
    first_kanji = next((k for k in range(i, top) if has_kanji(tokens[k].surface)), top)
    if first_kanji >= top:
        return None  # (no run from here has a kanji: the loop below would return at once)
    # a kanji token glued to the kanji token before it is inside a compound: no phrase starts there
    # (それぞれの行|名を残し: 名 belongs to 行名, it is no 名を残す な "to make one's name")
    inside = (
        i > 0
        and tokens[i - 1].end == tokens[i].start
        and all(is_kanji(c) for c in tokens[i - 1].surface + tokens[i].surface)
    )
    prefix = [""]
    named_upto = [False]  # named_upto[m]: a name among the first m tokens of the run
    for t in tokens[i:top]:
        prefix.append(prefix[-1] + t.surface)
        named_upto.append(named_upto[-1] or _is_name(t))
    first_named = _is_name(tokens[i])
    # after a number, only JMdict words (2,514|万人 まんにん), no names (18|万|重 is no 万重 まんじゅう);
    # a counter that goes on with a common noun (_counter_starts_word) only as heard
    counter = _is_counter(tokens, i)
    # a number and its counter are read as heard, not as a name read otherwise: 千|頭 せんとう (the
    # surname せんどう); 一社 いっしゃ as heard
    counted = tokens[i].pos[1] == "数詞" and i + 1 < n and _is_counter(tokens, i + 1)
    numeral = counter or _inside_number(tokens, i)
    for j in range(top, i, -1):
        if j <= first_kanji:
            return None  # (this run and every shorter one: no kanji)
        last = tokens[j - 1]
        surface = prefix[j - i]
        if inside and any(not has_kanji(t.surface) for t in tokens[i + 1 : j - 1]):
            continue
        # 小池|淳|義: a given name may end on a piece the tokenizer took for a prefix (義 ぎ)
        given = first_named and surface in lex.names
        if not (
            _can_end(last) or _is_name(last) or given or (last.pos[1] == "数詞" and has_kanji(last.surface))
        ):
            continue  # 一|対|一 ends on a number
        if counter and j == i + 1:
            return None
        named = named_upto[j - i]
        # … unless a firm's mark follows a name JMnedict has whole: 三|国|屋|ホールディングス みくにや (not
        # the number 三 + 国屋 さんごくや)
        firm = len(run := tokens[i:j]) > 1 and surface in lex.names and _firm_after(tokens, j)
        if firm:
            named = True
        elif numeral and (named or surface not in lex.forms):
            continue
        place = _place_after_place(tokens, i, j, lex) if named else None
        if place is not None:
            return j, place
        if named or surface not in lex.forms:
            after = tokens[j] if chinese and j < n else None
            seg = _name_segment(run, surface, lex, named, chinese, after)
            if seg is not None and counted and not firm and not _geminated(seg.reading, _heard(run, False)):
                seg = None  # a number and its counter as heard (千|頭 せんとう), not a name (せんどう)
            if seg is not None:
                return j, seg
        if j == i + 1:
            # a single token keeps the tokenizer's reading (it knows the word whole) — unless JMdict
            # reads it so only with a voicing mark the tokenizer lost: 産品 さんひん → さんぴん
            reread = _voicing_slip(last, lex, alone=not _after_kanji(tokens, i))
            if reread:
                return j, Segment(last.start, last.end, reread, False)
            break
        for form in _forms_after(prefix[j - 1 - i], last):  # _run_forms(tokens, i, j)
            readings = lex.forms.get(form)
            if not readings or _hiragana_only(form):
                continue
            use_base = form != surface
            tail = form[len(prefix[j - 1 - i]) :]
            substituted = use_base and tail not in (last.surface, last.base)
            heard = _heard(run, use_base)
            if substituted:  # 満た|ず looked up as 満たない: heard みた + ない
                heard = [*heard[:-1], to_hiragana(tail)]
            agreed = _agreeing(readings, heard)
            if agreed is not None:
                reading, guess = agreed[0], False
            elif numeral:
                continue  # 30|万|口: a counter after its number, not JMdict's 万口 ばんこう read unheard
            elif len(run) == 2 and run[0].pos[1] == "数詞" and run[1].surface == "つ":
                # 六|つ: native counting, which the tokenizer reads むい|つ; JMdict's first is むっつ
                reading, guess = readings[0], False
            elif len(readings) == 1 or not all(heard):
                # 上|半期: the tokenizer read じょう|はんき piece by piece; JMdict knows the word whole.
                # A guess unless a piece at either end agrees: 一|対 いち|たい is not 一対 いっつい "pair".
                reading = readings[0]
                guess = not all(heard) or not _edge_agrees(reading, heard)
            else:
                reading, guess = _closest(readings, "".join(heard)), True
            if substituted:
                # 欠かせ|ず found as 欠かせない (select's look-up of a written negative): the sentence shows
                # ず, read as heard — かかせず, not the entry's かかせない bent into かかせなず
                if not reading.endswith(to_hiragana(tail)):
                    continue
                reading = reading[: len(reading) - len(tail)] + to_hiragana(last.reading or last.surface)
            elif use_base:
                # 相次い: the entry reads the dictionary form (あいつぐ); the sentence shows the surface
                base_tail = to_hiragana(last.base_reading)
                base_okuri = _kana_tail(last.base)
                if base_tail and reading.endswith(base_tail[1:]) and len(reading) >= len(base_tail):
                    if reading.endswith(base_tail) or not base_okuri or not reading.endswith(base_okuri):
                        reading = reading[: len(reading) - len(base_tail)] + to_hiragana(last.reading)
                    else:
                        # 気に入っ: JMdict reads the verb's kanji otherwise than the tokenizer heard (入る
                        # いる, not はいる): only its okurigana changes — きにいる → きにいっ
                        stem = reading[: len(reading) - len(base_okuri)]
                        reading = stem + to_hiragana(_kana_tail(last.surface))
                else:
                    continue
            return j, Segment(run[0].start, run[-1].end, reading, guess)
    return None


# after a name, a word that makes it a person's: 川村恵子教授, 森田浩二社長, 岩城麻衣執行役員 (a title of
# two tokens, 執行|役員: _title_after)
_PERSON_AFTER = frozenset(
    "氏 さん 様 君 社長 会長 副社長 副会長 専務 常務 取締役 執行役員 監査役 顧問 相談役 教授 准教授 知事 "
    "副知事 市長 副市長 町長 村長 首相 大臣 議員 議長 代表 理事 理事長 部長 本部長 課長 局長 次長 室長 "
    "支店長 店長 工場長 総裁 頭取 所長 院長 学長 委員長 会頭 組合長 選手 監督 被告 容疑者 弁護士 記者 "
    "研究員 主任".split()
)


# what follows a company's name in news (pipeline._COMPANY_MARKS less the one-kanji ones a number takes:
# 3社)
_FIRM_MARKS = frozenset(
    "ホールディングス グループ 株式会社 本社 社長 会長 傘下 子会社 製作所 工業 商事 産業 興業".split()
)


def _firm_after(tokens: Sequence[Token], j: int) -> bool:
    """A firm's mark (_FIRM_MARKS) begins at token ``j``: a name stands before it."""
    return j < len(tokens) and tokens[j].surface in _FIRM_MARKS


# the heads' titles of _PERSON_AFTER, which follow a surname: what a word and one of them make is a name
# and its title, no compound term (pipeline.resolve_compounds: 宮内|社長); not 部長 or 代表, which
# follow a department or a country too (営業|部長, 日本|代表)
PERSON_TITLES = frozenset(
    "社長 会長 副社長 副会長 専務 常務 頭取 総裁 知事 副知事 市長 副市長 町長 村長 首相 学長 会頭"
    " 組合長".split()
)


def _title_after(tokens: Sequence[Token], j: int) -> bool:
    """A person's title (_PERSON_AFTER) of one token or two begins at token ``j``."""
    if j >= len(tokens):
        return False
    if tokens[j].surface in _PERSON_AFTER:
        return True
    return j + 1 < len(tokens) and tokens[j].surface + tokens[j + 1].surface in _PERSON_AFTER


def _place_after_place(tokens: Sequence[Token], i: int, j: int, lex: Lexicon) -> Segment | None:
    """A name right after a place name, read as the place JMnedict knows when the tokenizer heard a
    person's name: 千歳|美々 (a district of Chitose) びび, not the given name みみ. A guess (the note is
    checked): the tokenizer took 千歳 for a person too."""
    if i == 0 or tokens[i - 1].end != tokens[i].start:
        return None
    before = tokens[i - 1]
    if not (before.pos[2] == "地名" or any("place" in k for _, k in lex.names.get(before.surface, ()))):
        return None
    if _title_after(tokens, j):
        return None  # a person's title after it: 川村|恵子|教授 けいこ, not the place えこ (川村 is one too)
    surface = "".join(t.surface for t in tokens[i:j])
    heard = "".join(_heard(tokens[i:j], False))
    options = lex.names.get(surface, ())
    if any(to_hiragana(r) == heard and "place" in kinds for r, kinds in options):
        return None
    places = [to_hiragana(r) for r, kinds in options if "place" in kinds]
    if not places or not heard or not any(to_hiragana(r) == heard for r, _ in options):
        return None  # only where JMnedict knows the heard reading as a person's name
    return Segment(tokens[i].start, tokens[j - 1].end, places[0], guess=True)


_MUNICIPAL = frozenset("町 村 市 区 郡".split())  # 大樹町, 串本町, 今治市


def _name_segment(
    run: Sequence[Token],
    surface: str,
    lex: Lexicon,
    named: bool,
    chinese: bool = False,
    after: Token | None = None,
) -> Segment | None:
    """A JMnedict name: the reading the tokenizer heard when JMnedict has it, else the first place or
    organisation reading (菊陽町 きくようまち, 江蘇 こうそ, not UniDic's ちゃんすー), else the full name
    JMnedict lists (柳井正 やないただし)."""
    options = lex.names.get(surface)
    if not options:
        return None
    # 恵山 けいざん, not the Hokkaido town えさん; 煙台 (a common noun to the tokenizer) えんたい in China
    if chinese and only_kanji(surface) and (named or any(CHINA in k for _, k in options)):
        seg = _chinese_name(run, surface, lex, after)
        if seg is not None:
            return seg
    heard = _heard(run, False)
    readings = [to_hiragana(r) for r, _ in options]
    agreed = _agreeing(readings, heard)
    if agreed is not None:
        # JMnedict's own spelling of it: 上海 シャンハイ in katakana, as a foreign reading is written
        raw = next(r for r, _ in options if to_hiragana(r) == agreed[0])
        return Segment(run[0].start, run[-1].end, raw)
    places = [r for r, kinds in options if {"place", "company", "organization"} & set(kinds)]
    if not named:
        # an ordinary run JMdict lacks is a name only when JMnedict reads it as heard, or when it ends
        # in a municipality's suffix and JMnedict has it only as a place: 大樹|町 (大樹 "big tree" to
        # the tokenizer) is the town たいきちょう, as 菊陽町 is きくようまち
        if (
            len(run) > 1
            and run[-1].surface in _MUNICIPAL
            and only_kanji(surface)
            and all("place" in kinds for _, kinds in options)
        ):
            native = [r for r in places if r == to_hiragana(r)]
            return Segment(run[0].start, run[-1].end, native[0], len(set(native)) > 1) if native else None
        return None
    if places:
        # a Japanese reading before a foreign one: 無錫 むしゃく, not ウーシー
        native = [r for r in places if r == to_hiragana(r)]
        return Segment(run[0].start, run[-1].end, (native or places)[0])
    if len(run) > 1 and len(options) == 1:
        return Segment(run[0].start, run[-1].end, readings[0])  # 柳井|正 → 柳井正 やないただし
    # a given name the tokenizer read kanji by kanji (西村|康|稔 やすし|みのる): JMnedict's first
    # given-name reading of the whole (康稔 やすとし), a guess when it lists more than one (やすのり)
    given = [to_hiragana(r) for r, kinds in options if {"given", "masc", "fem"} & set(kinds)]
    if len(run) > 1 and given:
        return Segment(run[0].start, run[-1].end, given[0], len(set(given)) > 1)
    return None


def _missplit(
    tokens: Sequence[Token], i: int, known: Mapping[str, object] | None = None
) -> list[tuple[int, str]]:
    """A counter the tokenizer glued to the next word after a number: 2025|年上|半期 (年上 "older")
    is 2025年 + 上半期. (end token, the word without the counter) for each run to try, longest first."""
    t = tokens[i]
    if i == 0 or not tokens[i - 1].surface.isdigit() or _is_counter(tokens, i):
        return []
    if len(t.surface) < 2 or not only_kanji(t.surface):
        return []
    if any(
        f in known for j in range(i + 2, min(len(tokens), i + MAX_RUN) + 1) for f in _run_forms(tokens, i, j)
    ):
        return []  # 第1|四半|期: the token starts a longer word as it stands
    out = []
    rest = t.surface[1:]
    for k in range(i, min(len(tokens), i + 3)):
        if k > i:
            if not has_kanji(tokens[k].surface):
                break
            rest += tokens[k].surface
        if len(rest) >= 2:
            out.append((k + 1, rest))
    return out[::-1]


def _shift(tokens: Sequence[Token], i: int, reach: int, lex: Lexicon) -> tuple[int, str, str] | None:
    """_shifted's first run that JMdict confirms, when the token as cut is no word and no longer
    word starts there."""
    shifted = _shifted(tokens, i, reach)  # (most tokens have none: asked first, it is the cheap test)
    if not shifted:
        return None
    t = tokens[i]
    if t.surface in lex.forms or any(
        f in lex.forms for j in range(i + 2, min(reach, i + MAX_RUN) + 1) for f in _run_forms(tokens, i, j)
    ):
        return None
    heard = to_hiragana(t.reading)
    for j, head, word in shifted:
        if word in lex.forms and (head in lex.forms or (head in lex.on and _heard_as(heard, lex.on[head]))):
            return j, head, word
    return None


def _heard_as(heard: str, on: str) -> bool:
    """The tokenizer's reading of a token begins with the kanji's on reading (its last kana maybe
    geminated: 脱炭 だったん, 脱 だつ), so the shift keeps what it heard: 繰出|金 (繰出 くりだし, JMdict lacks
    it) is no 繰|出金 read そう|しゅっきん — the tokenizer heard another word, 繰り出し."""
    return not heard or heard.startswith(on) or (len(on) > 1 and heard.startswith(on[:-1] + "っ"))


SPELLED_RUN = 3  # single-kanji tokens in a row that no dictionary word covers


def _spelled_word(tokens: Sequence[Token], i: int, reach: int, lex: Lexicon) -> int:
    """The end of a run of three or more single-kanji tokens that no JMdict word covers (0 when there
    is none): the tokenizer's sign of a word it does not know — a Chinese name or term spelled kanji by
    kanji and read as Japanese words (華|艶|紅 はな|えん|くれない, 錫|科|貸 すず|か|かし). Read each kanji
    by its on reading, as Japanese news reads Chinese names (か|えん|こう), and mark them guesses."""
    end = i
    # (numbers and the counters after them are no name's: 2|万|円|台 is まんえんだい, not まん|えん|たい)
    while (
        end < reach
        and len(tokens[end].surface) == 1
        and tokens[end].surface in lex.on
        and tokens[end].pos[1] != "数詞"
        and not _is_counter(tokens, end)
    ):
        end += 1
    # a town is Japanese (China's are 鎮): 灘|浦|町 is a place the tokenizer cut, read as it hears it
    # (なだ|うら|まち), not a Chinese name (たん|ほ|ちょう)
    if end - i >= SPELLED_RUN and tokens[end - 1].surface == "町":
        return 0
    if end - i < SPELLED_RUN:
        return 0
    for a in range(i, end):
        for b in range(a + 2, end + 1):
            if any(f in lex.forms for f in _run_forms(tokens, a, b)):
                return 0
    return end


def _shifted(tokens: Sequence[Token], i: int, reach: int) -> list[tuple[int, str, str]]:
    """A boundary the tokenizer put one kanji too far: 脱炭|素 (脱炭 だったん, no word) is 脱|炭素.
    (end token, the head left, the word) for each run to try, longest first."""
    t = tokens[i]
    if i + 1 >= reach or len(t.surface) < 2 or not only_kanji(t.surface):
        return []
    if t.pos[1] == "固有名詞" or t.pos[0] != "名詞":
        return []
    out = []
    word = t.surface[-1]
    for k in range(i + 1, min(reach, i + 3)):
        if not only_kanji(tokens[k].surface):
            break
        word += tokens[k].surface
        out.append((k + 1, t.surface[:-1], word))
    return out[::-1]


_LINKS = frozenset("を が は も".split())


def _collocation_forms(tokens: Sequence[Token], i: int) -> list[str]:
    """値|を|下げ → 値下げ: the noun and its verb as one JMdict word, whose reading tells which
    reading of the noun the phrase uses."""
    t = tokens[i]
    if i + 2 >= len(tokens) or t.pos[0] != "名詞" or not has_kanji(t.surface):
        return []
    link, verb = tokens[i + 1], tokens[i + 2]
    if link.surface not in _LINKS or link.pos[0] != "助詞" or verb.pos[0] != "動詞":
        return []
    return [t.surface + verb.surface]


def _collocation_reading(tokens: Sequence[Token], i: int, lex: Lexicon) -> str:
    """The reading of noun ``i`` that its phrase's compound agrees with, when the tokenizer's does not:
    値を下げ heard あたい, but 値下げ is ねさげ, and ね is a reading of 値 → ね. "" when no such word."""
    heard = to_hiragana(tokens[i].reading)
    own = lex.forms.get(tokens[i].surface, ())
    for form in _collocation_forms(tokens, i):
        compound = lex.forms.get(form, ())
        if not compound or any(c.startswith(heard) for c in compound):
            return ""
        for r in own:
            if r != heard and all(c.startswith(r) for c in compound):
                return r
    return ""


def _prefix_forms(tokens: Sequence[Token], i: int) -> list[str]:
    """後|年度 → 後年: a one-kanji adverbial noun and the first kanji of the noun after it (see
    _prefix_reading)."""
    t = tokens[i]
    if len(t.surface) != 1 or t.pos[2] != "副詞可能" or not is_kanji(t.surface) or i + 1 >= len(tokens):
        return []
    if i > 0 and tokens[i - 1].end == t.start and tokens[i - 1].pos[0] not in ("助詞", "補助記号"):
        return []  # その|後, 終了|後: "after" what comes before it (そのご), no prefix
    after = tokens[i + 1]
    if (
        after.start != t.end
        or after.pos[0] != "名詞"
        or len(after.surface) < 2
        or not is_kanji(after.surface[0])
    ):
        return []
    return [t.surface + after.surface[0]]


def _prefix_reading(tokens: Sequence[Token], i: int, lex: Lexicon) -> str:
    """An adverbial noun the tokenizer read alone (後 ご "after") that is a prefix of the noun after it:
    後|年度 is こうねんど, as 後年 こうねん reads 後 before 年. The reading of the kanji in the JMdict
    word it makes with the next kanji, when that word's reading goes on as the next noun's does (こう +
    ねん of ねんど) and the tokenizer heard another on reading. "" otherwise (前|年度: 前年 ぜんねん, as
    heard)."""
    forms = _prefix_forms(tokens, i)
    if not forms:
        return ""
    t, after = tokens[i], tokens[i + 1]
    heard, tail = to_hiragana(t.reading), to_hiragana(after.reading)
    if heard not in lex.ons.get(t.surface, ()):
        return ""  # a native word heard: 朝|会議 あさかいぎ, not 朝会 ちょうかい's ちょう
    for r in lex.forms.get(forms[0], ()):
        for k in range(len(tail) - 1, 0, -1):  # the next kanji's reading: a head of the next noun's
            if r.endswith(tail[:k]) and len(r) > k:
                head = r[: len(r) - k]
                if head != heard and head in lex.ons.get(t.surface, ()):
                    return head
                break
    return ""


def _given_name(tokens: Sequence[Token], i: int, lex: Lexicon) -> bool:
    """康|稔 (after the surname 西村): the single kanji from ``i`` make a given name JMnedict knows."""
    surface = tokens[i].surface
    for t in tokens[i + 1 : i + 3]:
        surface += t.surface
        if any({"given", "masc", "fem"} & set(kinds) for _, kinds in lex.names.get(surface, ())):
            return True
    return False


def _voiced_after_time(tokens: Sequence[Token], i: int, lex: Lexicon) -> str:
    """A suffix after a time expression is voiced where JMdict has the voiced reading: 5日|付 いつかづけ
    (heard つけ), 下旬|頃 げじゅんごろ (heard ころ). A time expression: a counter after a number (5日,
    3月) or a temporal noun (下旬, 来週: UniDic's 副詞可能). "" otherwise."""
    t = tokens[i]
    heard = to_hiragana(t.reading)
    if i == 0 or not heard or tokens[i - 1].end != t.start or heard[0] not in _VOICED or heard[0] == "ち":
        return ""  # (ぢ is an old spelling: 5月中 stays ちゅう)
    before = tokens[i - 1]
    if not (_is_counter(tokens, i - 1) or (before.pos[0] == "名詞" and before.pos[2] == "副詞可能")):
        return ""
    voiced = _VOICED[heard[0]] + heard[1:]
    return voiced if voiced in lex.forms.get(t.surface, ()) else ""


def _voiced_suffix(tokens: Sequence[Token], i: int, lex: Lexicon) -> str:
    """A suffix right after a noun, voiced where JMdict's entry of it as a suffix alone is: 返礼品|頼み
    へんれいひんだのみ (JMdict's 頼み だのみ "depending on", as in 神頼み; the tokenizer hears たのみ).
    "" otherwise."""
    t = tokens[i]
    heard = to_hiragana(t.reading)
    if t.pos[0] != "接尾辞" or i == 0 or not heard or tokens[i - 1].end != t.start or heard[0] == "ち":
        return ""  # (ぢ is an old spelling: 2029年度中 stays ちゅう)
    if tokens[i - 1].pos[0] not in ("名詞", "接尾辞"):
        return ""
    voiced = {_VOICED.get(heard[0], heard[0]) + heard[1:], _SEMI.get(heard[0], heard[0]) + heard[1:]} - {
        heard
    }
    found = sorted(voiced & lex.suffixes.get(t.surface, frozenset()))
    return found[0] if found else ""


def _article_on(tokens: Sequence[Token], i: int, lex: Lexicon, source: str) -> str:
    """A lone kanji glued to another kanji word, in a compound no dictionary has (行|名), read by the
    on reading its article's words give it when they never give it the heard one: a bank article's 銀行,
    両行, 一行 read 行 こう, so 行名 is こうめい (the bank's name), not ぎょう "line". A guess (checked);
    "" otherwise."""
    t = tokens[i]
    if len(t.surface) != 1 or t.pos[0] != "名詞" or _is_name(t):
        return ""

    def glued(a: int, b: int) -> bool:
        return (
            0 <= a
            and b < len(tokens)
            and tokens[a].end == tokens[b].start
            and all(is_kanji(c) for c in tokens[a].surface + tokens[b].surface)
        )

    if not (glued(i - 1, i) or glued(i, i + 1)):
        return ""
    heard = to_hiragana(t.reading)
    counts = lex.article_ons.get((source, t.surface), {})
    if heard not in lex.ons.get(t.surface, ()) or counts.get(heard):
        return ""
    best = max(counts, key=lambda r: counts[r], default="")
    return best if best and counts[best] >= 2 else ""


def _sino_head(tokens: Sequence[Token], i: int, lex: Lexicon, source: str) -> str:
    """A one-kanji noun heard by a kun reading, glued before a Sino verbal noun in a compound JMdict lacks,
    heads a Sino compound: 年|換算 (heard とし) is ねんかんさん. Read by the on reading JMdict gives the
    kanji as a word of its own (年 ねん), when its article's words read it so (若年, 年金: ≥ 2,
    _article_ons); a guess (checked). "" otherwise."""
    t = tokens[i]
    if len(t.surface) != 1 or t.pos[0] != "名詞" or _is_name(t) or i + 1 >= len(tokens):
        return ""
    after, heard = tokens[i + 1], to_hiragana(t.reading)
    ons = lex.ons.get(t.surface, ())
    if not heard or heard in ons or after.start != t.end or after.pos[2] != "サ変可能":
        return ""
    if i > 0 and tokens[i - 1].end == t.start and only_kanji(tokens[i - 1].surface):
        return ""  # inside a longer compound
    if len(after.surface) < 2 or not all(is_kanji(c) for c in after.surface):
        return ""
    if (
        t.surface + after.surface in lex.forms
        or _on_split(after.surface, to_hiragana(after.reading), lex.ons) is None
    ):
        return ""
    counts = lex.article_ons.get((source, t.surface), {})
    on = [r for r in lex.forms.get(t.surface, ()) if r in ons and counts.get(r, 0) >= 2]
    return on[0] if on else ""


def _abbreviation(tokens: Sequence[Token], i: int, lex: Lexicon, source: str) -> str:
    """A two-kanji word that abbreviates two words side by side in its article (石化 from 石油|化学: the
    first kanji of each) is read as Sino abbreviations are coined, the first kanji's き/く/ち/つ
    geminated before a voiceless kana (日経 にっけい, 特急 とっきゅう): 石化 せっか, JMdict's other
    reading, not the heard せきか "petrifaction". A guess (checked); "" otherwise."""
    t = tokens[i]
    heard = to_hiragana(t.reading)
    if len(t.surface) != 2 or not all(is_kanji(c) for c in t.surface):
        return ""
    if (source, t.surface) not in lex.article_heads:
        return ""
    for r in lex.forms.get(t.surface, ()):
        k = r.find("っ")
        if k > 0 and r[k + 1 : k + 2] in _VOICED and heard[:k] == r[:k] and heard[k + 1 :] == r[k + 1 :]:
            if heard[k] in _GEMINATE:
                return r
    return ""


def _sino_reading(tokens: Sequence[Token], i: int, lex: Lexicon) -> str:
    """A word JMdict lacks, read by kun readings, inside a Sino compound: 適応|外薬 (the tokenizer's
    外薬 とのくすり, a court medicine) is 適応外|薬 "off-label drugs", がいやく — read by its kanji's first
    on readings, a guess. Only a common noun of two kanji or more, right beside another kanji word,
    whose heard reading neither begins nor ends with an on reading of its kanji."""
    t = tokens[i]
    if t.pos[:2] != ("名詞", "普通名詞") or len(t.surface) < 2 or t.surface in lex.forms:
        return ""
    if not all(is_kanji(c) and c in lex.on for c in t.surface):
        return ""
    heard = to_hiragana(t.reading)
    if not heard or _on_split(t.surface, heard, lex.ons) is not None:
        return ""
    # all kun: no on reading begins or ends it (線幅 せん|はば, a mixed reading, stays)
    first, last = lex.ons.get(t.surface[0], ()), lex.ons.get(t.surface[-1], ())
    if any(heard.startswith(on) for on in first) or any(heard.endswith(on) for on in last):
        return ""

    def kanji_word(k: int) -> bool:
        return 0 <= k < len(tokens) and only_kanji(tokens[k].surface) and tokens[k].surface != ""

    beside = (kanji_word(i - 1) and tokens[i - 1].end == t.start) or (
        kanji_word(i + 1) and tokens[i + 1].start == t.end
    )
    return "".join(lex.on[c] for c in t.surface) if beside else ""


def _rice(tokens: Sequence[Token], i: int) -> str:
    """米 alone before a particle is rice, こめ (米の価格の上昇), not べい "America", which news writes as
    a prefix (米政府, 米企業) or as 米国; unless the sentence is about America (米国, 日米: 米 read べい
    in another word of it). A guess either way: the note is checked."""
    t = tokens[i]
    if t.surface != "米" or to_hiragana(t.reading) != "べい" or i + 1 >= len(tokens):
        return ""
    if tokens[i + 1].pos[0] != "助詞" or (
        i > 0 and tokens[i - 1].end == t.start and has_kanji(tokens[i - 1].surface)
    ):
        return ""
    if any("米" in x.surface and "べい" in to_hiragana(x.reading) for k, x in enumerate(tokens) if k != i):
        return ""
    return "こめ"


def _counted_alone(tokens: Sequence[Token], i: int, lex: Lexicon) -> str:
    """A noun standing alone that the sentence also counts with after a number is the thing counted:
    2棟のうち1棟の竣工を遅らせ、先に完成する棟の… reads the last 棟 as its counter does (とう, a
    building), not as the tokenizer's kun noun (むね "ridge"). Only where the counter reading is an on
    reading the tokenizer did not hear (as counter_reading replaces it after a number). "" otherwise."""
    t = tokens[i]
    if t.pos[2] != "助数詞可能" or len(t.surface) != 1:
        return ""
    heard, ons = to_hiragana(t.reading), lex.ons.get(t.surface, ())
    reading = lex.counters.get(t.surface, "")
    if not reading or reading == heard or heard in ons or reading not in ons:
        return ""
    if not any(k != i and x.surface == t.surface and _is_counter(tokens, k) for k, x in enumerate(tokens)):
        return ""
    return reading


def _family_suffix(tokens: Sequence[Token], i: int, lex: Lexicon) -> Segment | None:
    """The suffix 家, which the tokenizer always reads か (-ist: 専門家), where no JMdict word spans it:
    after a person's name it is け, the house of that family (森田家 もりたけ, as JMdict's 徳川家
    とくがわけ); after another word JMdict lacks the compound of, か and け both read it (資産家 か,
    創業家 け), so the reading is a guess (the note is checked)."""
    t = tokens[i]
    if t.surface != "家" or t.pos[0] != "接尾辞" or i == 0 or tokens[i - 1].end != t.start:
        return None
    readings = lex.forms.get(t.surface, ())
    if "け" not in readings or "か" not in readings:
        return None
    before = tokens[i - 1]
    if before.pos[2] == "人名" or any(
        {"surname", "given", "masc", "fem"} & set(kinds) for _, kinds in lex.names.get(before.surface, ())
    ):
        return Segment(t.start, t.end, "け")
    return Segment(t.start, t.end, to_hiragana(t.reading), guess=True)


def _common_after_no(tokens: Sequence[Token], i: int, lex: Lexicon) -> str:
    """A one-kanji noun after の that the tokenizer read by a reading JMdict marks as uncommon, where
    another reading of it is common: that reading, a guess (the note is checked). 杜の都 もりのみやこ
    (Sendai's epithet; 水の都, 音楽の都 "capital of"), not と, the metropolis of Tokyo, which stands on
    its own (都の予算). "" otherwise."""
    t = tokens[i]
    if len(t.surface) != 1 or t.pos[:2] != ("名詞", "普通名詞") or i == 0:
        return ""
    before = tokens[i - 1]
    if before.surface != "の" or before.pos[0] != "助詞" or before.end != t.start:
        return ""
    heard = to_hiragana(t.reading)
    rare = lex.uncommon.get(t.surface, frozenset())
    own = lex.forms.get(t.surface, ())
    if heard not in rare or not own or own[0] in rare:
        return ""  # only JMdict's first entry, common, beats it: 人の生 せい, not 生 き "pure" or なま
    return own[0]


def _spelled_name(tokens: Sequence[Token], i: int) -> bool:
    """A person's name the tokenizer spells one kanji at a time (蒋|敏): it does not know the name, and
    reads each kanji as a Japanese given name (敏 さとし)."""

    def one(k: int) -> bool:
        return 0 <= k < len(tokens) and tokens[k].pos[2] == "人名" and len(tokens[k].surface) == 1

    return one(i) and (one(i - 1) or one(i + 1))


def _single(
    tokens: Sequence[Token], i: int, lex: Lexicon, chinese: bool = False, source: str | None = None
) -> Segment | None:
    """One token no longer run covers (``source``: its article's, for _article_on)."""
    t = tokens[i]
    if not has_kanji(t.surface):
        return None
    counter = counter_reading(tokens, i, lex.counters, lex.ons, lex.forms)
    if counter is not None:
        first, reading = counter
        return Segment(tokens[first].start, t.end, reading)
    counted = _counted_alone(tokens, i, lex)
    if counted:
        return Segment(t.start, t.end, counted)
    family = _family_suffix(tokens, i, lex)
    if family is not None:
        return family
    # 8|カ月|間 はちかげつかん: 間 after a counter is a span of time (the tokenizer hears ま)
    if t.surface == "間" and i > 0 and _is_counter(tokens, i - 1):
        return Segment(t.start, t.end, "かん")
    # 今年|中 ことしじゅう, 一日|中: 中 "throughout" after a period of time (会議中, 午前中 stay ちゅう)
    if t.surface == "中" and t.pos[0] == "接尾辞" and i > 0 and tokens[i - 1].surface.endswith(_PERIOD):
        return Segment(t.start, t.end, "じゅう")
    # People's names the tokenizer spells character by character (Chinese names: 蒋|敏 read as
    # Japanese given names, さとし): each kanji's on reading, a guess.
    if _spelled_name(tokens, i) and t.surface in lex.on:
        return Segment(t.start, t.end, lex.on[t.surface], guess=True)
    # 恵山|国|控, 航|鵠 in an article about China: a kun reading (ひかえ, くぐい) inside a name is a guess
    # of the tokenizer's; the name is read by its on readings (こう, こく)
    if chinese and _kun_in_name(tokens, i, lex):
        return Segment(t.start, t.end, lex.on[t.surface], guess=True)
    prefix = _prefix_reading(tokens, i, lex)
    if prefix:
        return Segment(t.start, t.end, prefix)
    voiced = _voiced_after_time(tokens, i, lex) or _voiced_suffix(tokens, i, lex)
    if voiced:
        return Segment(t.start, t.end, voiced)
    # 「山」と「谷」: a kanji the tokenizer took for a symbol (谷 こく) is read as the JMdict word (たに)
    own = lex.forms.get(t.surface, ())
    if t.pos[0] == "記号" and own and to_hiragana(t.reading) not in own:
        return Segment(t.start, t.end, own[0])
    rice = _rice(tokens, i)
    if rice:
        return Segment(t.start, t.end, rice, guess=True)
    sino = _sino_reading(tokens, i, lex) or (
        (_article_on(tokens, i, lex, source) or _sino_head(tokens, i, lex, source))
        if source is not None
        else ""
    )
    if sino:
        return Segment(t.start, t.end, sino, guess=True)
    short = _abbreviation(tokens, i, lex, source) if source is not None else ""
    if short:
        return Segment(t.start, t.end, short, guess=True)
    after_no = _common_after_no(tokens, i, lex)
    if after_no:
        return Segment(t.start, t.end, after_no, guess=True)
    reread = _nani(tokens, i) or _kazu(tokens, i) or _pro(tokens, i) or _taisei(tokens, i) or _ji(tokens, i)
    if reread:
        return Segment(t.start, t.end, reread)
    alone = _voicing_slip(t, lex, alone=not _after_kanji(tokens, i)) if len(t.surface) == 1 else ""
    if alone:
        return Segment(t.start, t.end, alone)
    reading = _collocation_reading(tokens, i, lex) or to_hiragana(t.reading)
    guess = False
    if not reading or t.is_unknown:
        # 資|訊工|業: an unknown token has no reading; read each kanji by KANJIDIC's first on reading
        if not all(c in lex.on or not is_kanji(c) for c in t.surface):
            return None
        reading = "".join(lex.on.get(c, to_hiragana(c)) for c in t.surface)
        guess = True
    elif t.pos[2] == "人名":
        options = lex.names.get(t.surface, ())
        guess = bool(options) and not any(to_hiragana(r) == reading for r, _ in options)
    return Segment(t.start, t.end, reading, guess)


# ------------------------------------------------------------------------------------ Chinese names

# Japanese news reads a Chinese name by the on readings of its kanji (江蘇 こうそ, 恵山 けいざん), but
# the tokenizer and JMnedict know the same spellings as Japanese names and nouns: 梅村 うめむら (a
# surname; the Wuxi subdistrict is ばいそん), 恵山 えさん (a town in Hokkaido), 鵠 くぐい "swan" in
# 航鵠 (こうこく). In an article about China these are read by their on readings.

_CHINA = frozenset({"中国", "人民元", "公司"})
_MARKETS = frozenset({"中国", "台湾", "香港"})  # signs a Japanese article gives of a market it sells to
CHINA_SIGNS = 3  # signs of China (two of them different) an article needs to be read as one about China


def _chinese_articles(
    sentences: Iterable[Sentence],
    names: Mapping[str, tuple[tuple[str, tuple[str, ...]], ...]],
    forms: Mapping[str, tuple[str, ...]] | None = None,
) -> frozenset[str]:
    """The sources of the articles about China: three signs or more in their sentences, two of them
    different words — 中国, 人民元, 公司 (a Chinese company: 瀚雲科技有限責任公司), money counted in 元
    (854.65億元), a place JMnedict places in China (無錫, 北京; see _china_place). 中国 alone is no sign
    enough: 中国電力 is a Japanese utility (the Chūgoku region). Nor are the names of China, Taiwan and
    Hong Kong as markets alone (中国を除く全世界で, 台湾での販売: a Japanese drug maker's licensing deal): two
    signs at least are its places, companies or money (無錫, 公司, 元), what its names are written among."""
    signs: dict[str, list[str]] = {}
    for s in sentences:
        for k, t in enumerate(s.tokens):
            if (
                t.surface in _CHINA
                or (t.surface == "元" and k > 0 and _is_number(s.tokens[k - 1]))
                or _china_place(t, names, forms or {})
            ):
                signs.setdefault(s.article.source, []).append(t.surface)
    return frozenset(
        a
        for a, found in signs.items()
        if len(found) >= CHINA_SIGNS
        and len(set(found)) >= 2
        and sum(1 for f in found if f not in _MARKETS) >= 2
    )


def _china_place(
    token: Token,
    names: Mapping[str, tuple[tuple[str, tuple[str, ...]], ...]],
    forms: Mapping[str, tuple[str, ...]],
) -> bool:
    """A token that names a place in China, as the tokenizer heard it: JMnedict places it in China under
    the heard reading (北京 ぺきん, 無錫 むしゃく), or under every reading when it lists none heard (東莞,
    heard とんがん). Not a place in Japan heard as one: JMnedict has 東京 とうけい (Tonkin) in China, but
    東京 heard とうきょう is JMnedict's Japanese place and JMdict's word."""
    options = names.get(token.surface, ())
    if not any(CHINA in kinds for _, kinds in options):
        return False
    heard = to_hiragana(token.reading)
    kinds_heard = [kinds for r, kinds in options if to_hiragana(r) == heard]
    if kinds_heard:
        return all(CHINA in kinds for kinds in kinds_heard)
    return heard not in forms.get(token.surface, ()) and all(CHINA in kinds for _, kinds in options)


def _on_split(
    surface: str, reading: str, ons: Mapping[str, tuple[str, ...]]
) -> tuple[int, int, tuple[str, ...]] | None:
    """``reading`` as on readings of ``surface``'s kanji one after another: (the sum of their ranks in
    KANJIDIC, the joins voiced, the on readings used), the best split; None when there is none.
    恵山 けいざん: ケイ (1st) + サン voiced (1st) → (0, 1, (けい, さん)); えさん: エ (2nd) + サン → (1, 0, …);
    梅村 うめむら (kun readings) → None."""
    best: tuple[int, int, tuple[str, ...]] | None = None

    def walk(k: int, at: int, rank: int, voiced: int, used: tuple[str, ...]) -> None:
        nonlocal best
        if k == len(surface):
            if at == len(reading) and (best is None or (rank, voiced) < best[:2]):
                best = (rank, voiced, used)
            return
        c = surface[k]
        if not is_kanji(c):
            kana = to_hiragana(c)
            if reading.startswith(kana, at):
                walk(k + 1, at + len(kana), rank, voiced, used + (kana,))
            return
        for n, on in enumerate(ons.get(c, ())):
            forms = {on: 0}
            if k > 0:  # rendaku at the join: 恵|山 けい|ざん
                forms.setdefault(_VOICED.get(on[0], on[0]) + on[1:], 1)
                forms.setdefault(_SEMI.get(on[0], on[0]) + on[1:], 1)
            if k < len(surface) - 1 and on[-1] in _GEMINATE:  # 国|控 こっこう
                forms.setdefault(on[:-1] + "っ", 0)
            for form, v in forms.items():
                if reading.startswith(form, at):
                    walk(k + 1, at + len(form), rank + n, voiced + v, used + (on,))

    walk(0, 0, 0, 0, ())
    return best


def _on_in_names(sentences: Iterable[Sentence], ons: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """The on reading a kanji of several (錫: セキ, シャク) has in the text's own place names: 無錫 read
    むしゃく makes a lone 錫 しゃく (錫科貸, a Wuxi loan product), not KANJIDIC's first セキ."""
    chosen: dict[str, str] = {}
    for s in sentences:
        for t in s.tokens:
            if t.pos[2] != "地名" or len(t.surface) < 2 or not only_kanji(t.surface):
                continue
            split = _on_split(t.surface, to_hiragana(t.reading), ons)
            for c, on in zip(t.surface, split[2] if split else (), strict=False):
                if on != ons[c][0]:
                    chosen.setdefault(c, on)
    return chosen


_FOREIGN = frozenset("ーぁぃぅぇぉゎ")  # kana only a foreign reading has (はいあーる, ほーふぇい)

# after a name the tokenizer took for a person's, a word that makes it a place: 梅村|街道 (a subdistrict)
_PLACE_AFTER = frozenset("省 県 市 区 鎮 郷 村 街道".split())


def _chinese_name(run: Sequence[Token], surface: str, lex: Lexicon, after: Token | None) -> Segment | None:
    """A name in an article about China read as Japanese news reads it: JMnedict's reading of a place
    in China (東莞 とうかん, not the tokenizer's とんがん), else, when JMnedict lists one, a reading made
    of the kanji's commonest on readings (恵山 けいざん, not the Hokkaido town えさん; 梅村|街道 ばいそん,
    not the surname うめむら). None (read as anywhere else) when the tokenizer heard a reading JMnedict
    places in China (大連 だいれん), a Japanese place's own reading (日本 にっぽん, 神戸 こうべ, 上海
    シャンハイ), a foreign reading (海爾 ハイアール), or a person's name with no place word after it
    (田中|社長 たなか)."""
    heard = "".join(_heard(run, False))
    if _FOREIGN & set(heard):
        return None  # a foreign reading the tokenizer knows: 海爾 ハイアール (Haier), not かいじ
    options = lex.names.get(surface, ())
    heard_kinds = {k for r, kinds in options if to_hiragana(r) == heard for k in kinds}
    if CHINA in heard_kinds:
        return None
    if heard_kinds and heard in lex.forms.get(surface, ()):
        return (
            None  # a Japanese place JMdict reads as heard: 東京 とうきょう, not JMnedict's とうけい (Tonkin)
        )
    if run[-1].pos[2] == "人名" and (after is None or after.surface not in _PLACE_AFTER):
        return None
    china = [r for r, kinds in options if CHINA in kinds and r == to_hiragana(r)]
    if china:
        return Segment(run[0].start, run[-1].end, china[0])
    heard_split = _on_split(surface, heard, lex.ons) if heard else None
    if "place" in heard_kinds and heard_split is None:
        return None
    # (the split's rank, its voiced joins), the heard reading first among equals
    scored = [(heard_split[:2], 0, heard)] if heard_split else []
    for k, (r, kinds) in enumerate(options, 1):
        split = _on_split(surface, r, lex.ons) if r == to_hiragana(r) else None
        if split is None or ("place" in heard_kinds and "place" not in kinds):
            continue  # 恵山 えさん (a place) → another place (けいざん), not a given name
        scored.append((split[:2], k, r))
    if not scored:
        return None
    return Segment(run[0].start, run[-1].end, min(scored)[2])


def _kun_in_name(tokens: Sequence[Token], i: int, lex: Lexicon) -> bool:
    """A lone noun kanji read by a kun reading inside a name, in an article about China: 恵山|国|控 (控
    ひかえ "a note"), 航|鵠 (鵠 くぐい "swan"). The token sits in a run of kanji tokens that holds a proper
    noun or an unknown word, or right beside another single kanji (a name the tokenizer spelled out;
    no dictionary word covers them, or they would not be read one by one). 関連|株 かぶ is no name."""
    t = tokens[i]
    ons = lex.ons.get(t.surface, ())
    if len(t.surface) != 1 or not ons or t.pos[0] != "名詞":
        return False  # a suffix keeps its reading: 人民元|安 やす
    if to_hiragana(t.reading) in ons:
        return False

    def joined(a: int, b: int) -> bool:  # tokens a < b side by side, both all kanji
        return (
            0 <= a
            and b < len(tokens)
            and tokens[a].end == tokens[b].start
            and all(is_kanji(c) for x in (tokens[a], tokens[b]) for c in x.surface)
        )

    if (joined(i - 1, i) and len(tokens[i - 1].surface) == 1) or (
        joined(i, i + 1) and len(tokens[i + 1].surface) == 1
    ):
        return True  # 航|鵠, 国|控
    before = tokens[i - 1] if joined(i - 1, i) else None
    if (
        before is not None
        and not joined(i, i + 1)
        and len(before.surface) > 1
        and not (_is_name(before) or before.is_unknown)
        and to_hiragana(t.reading) in lex.forms.get(t.surface, ())
    ):
        return False  # a word after a common noun ends the run as JMdict reads it: 光陽電機|株 かぶ
    lo = hi = i
    while joined(lo - 1, lo):
        lo -= 1
    while joined(hi, hi + 1):
        hi += 1
    return any(_is_name(x) or x.is_unknown for x in tokens[lo : hi + 1])


class Reader:
    """read_sentence for many cards sharing sentences: each sentence is segmented once, and a card's
    word (``fixed``) is laid over that segmentation where it falls on segment edges (it almost always
    does: the word was found by the same longest match)."""

    def __init__(self, lex: Lexicon, respoken: Mapping[str, tuple[str, str]] | None = None):
        self.lex = lex
        # form → (the reading heard, the reading the deck gives it): 風車 (かざぐるま, ふうしゃ), as its card
        # reads it (pipeline._sense_read); the segments read so are read the deck's way
        self.respoken = dict(respoken or {})
        self._base: dict[str, tuple[Segment, ...]] = {}

    def _respeak(self, sentence: Sentence, segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
        if not self.respoken:
            return segments
        text = sentence.text
        out = []
        for s in segments:
            heard_new = self.respoken.get(text[s.start : s.end])
            if heard_new and s.reading == heard_new[0]:
                s = Segment(s.start, s.end, heard_new[1], s.guess)
            out.append(s)
        return tuple(out)

    def read(self, sentence: Sentence, fixed: Sequence[tuple[int, int, str]] = ()) -> tuple[Segment, ...]:
        if sentence.ruby or len(fixed) > 1:
            return self._respeak(sentence, read_sentence(sentence, self.lex, fixed))
        base = self._base.get(sentence.text)
        if base is None:
            base = self._base[sentence.text] = self._respeak(sentence, read_sentence(sentence, self.lex))
        if not fixed:
            return base
        a, b, reading = fixed[0]
        # the word voiced where the sentence makes it a compound's end: 焼き菓子 やきがし holds the card
        # 菓子 かし — read がし there, the word before it as the compound reads it (焼き やき)
        voiced = _VOICED[reading[0]] + reading[1:] if reading[:1] in _VOICED else ""
        for k, s in enumerate(base):
            if voiced and s.start <= a and s.end == b and s.reading.endswith(voiced) and not s.guess:
                head = s.reading[: len(s.reading) - len(voiced)]
                if s.start == a and not head:
                    return base  # 焼き|菓子 read がし as a word of its own
                if s.start < a and head:
                    return (*base[:k], Segment(s.start, a, head), Segment(a, b, voiced), *base[k + 1 :])
        if any(s.start < a < s.end or s.start < b < s.end for s in base) or any(
            x < b and a < y for x, y, _ in _paren_readings(sentence, self.lex)
        ):
            return self._respeak(sentence, read_sentence(sentence, self.lex, fixed))
        kept = [s for s in base if s.end <= a or s.start >= b]
        return tuple(sorted([*kept, Segment(a, b, reading)], key=_START))
