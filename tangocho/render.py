"""Render candidates into note fields: furigana, meanings in context, kanji, examples, tags.

Every piece of text from the input or the dictionary is HTML-escaped before any markup is added, so an
article containing ``<script>`` shows it as text.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from .jmdict import DOMAIN_FIELDS, POS_ABBREVIATIONS, USUALLY_KANA
from .kana import KANJI_RUN, has_kanji, is_kanji, to_hiragana
from .models import Article, Candidate, Card, Entry, Example, Kanji, Occurrence, Sense, Token
from .notetype import CARD_TYPES, FIELDS, make_field
from .pitch import Pitch, word_pitch
from .pitch import fields as pitch_fields
from .reading import Segment
from .select import MAX_EXAMPLES
from .select.score import tag_zipf

MAIN_SENSES = 3


def pos_tag(pos: str) -> str:
    if pos in POS_ABBREVIATIONS:
        return POS_ABBREVIATIONS[pos]
    m = re.match(r"Godan verb with '(\w+)' ending", pos)
    if m:
        return f"v5{m.group(1)[0]}"
    return pos


# esc and furigana are pure and see the same words and sentence pieces again and again (every card
# repeats its word, every sentence its neighbours'): remembered, they cost a dict look-up.
@lru_cache(maxsize=1 << 14)
def esc(text: str) -> str:
    """Text as HTML: NFC-normalised, escaped, and with no raw combining character.

    Anki normalises every field to NFC on import, so a combining mark right after markup we emit
    would compose with it: ``>`` + U+0338 becomes ``≯`` and the text after it turns into attributes of
    the tag (``<b≯ onmouseover=…``). The combining marks NFC leaves (ァ + U+3099, a mark at the start
    of a line) are written as character references, which NFC leaves alone and the browser still
    draws on the character before them; every piece of a sentence is then escaped alike.
    """
    text = html.escape(unicodedata.normalize("NFC", text), quote=False)
    if text.isascii() or _NEVER_COMBINING.fullmatch(text):
        return text
    return "".join(f"&#x{ord(c):x};" if _is_combining(c) else c for c in text)


# Blocks with no combining character (test_render checks each against unicodedata): Latin and IPA,
# punctuation and symbols, CJK punctuation, kana without the voicing marks U+3099/U+309A, kanji,
# full-width forms. Text made of them only — nearly every Japanese sentence — skips the check per
# character above.
_NEVER_COMBINING = re.compile(
    r"[\x00-\u02ff\u2000-\u20cf\u2100-\u2bff\u3000-\u3029\u3030-\u3098\u309b-\u30ff\u3400-\u4dbf"
    r"\u4e00-\u9fff\uf900-\ufaff\uff01-\uffef]*"
)


def _is_combining(char: str) -> bool:
    return unicodedata.combining(char) != 0 or unicodedata.category(char).startswith("M")


def _esc_base(text: str) -> str:
    """Escape text shown through Anki's furigana filter: brackets in the text itself become entities,
    or データ[注] would show 注 as a reading over データ."""
    return esc(text).replace("[", "&#91;").replace("]", "&#93;")


# --------------------------------------------------------------------------------------------- furigana

_KANJI_BLOCK = KANJI_RUN  # a run of kanji (kana's pattern: the wide class compiled once)


@lru_cache(maxsize=1 << 14)
def furigana(surface: str, reading: str) -> str:
    """Anki furigana for one word, okurigana outside the brackets.

    開通させ / かいつうさせ → `` 開通[かいつう]させ``; 封じ込め / ふうじこめ → `` 封[ふう]じ 込[こ]め``;
    情報インフラ / じょうほういんふら → `` 情報[じょうほう]インフラ``. Kana and Latin text get no
    brackets; a reading that does not fit the kana around the kanji is put on the whole word.
    The result is HTML-escaped, and brackets of the surface are entities (``図[1]`` is no furigana).
    """
    if not has_kanji(surface) or not reading:
        return _esc_base(surface)
    pieces = [p for p in _KANJI_BLOCK.split(surface) if p]
    # of the ways the kana fit, the one whose most-read kanji reads fewest kana (a kanji reads one to
    # three): 株式公開買い付け かぶしきこうかいかいつけ is 株式公開買[かぶしきこうかいか]い 付[つ]け, not
    # the first fit 株式公開買[かぶしきこうか]い 付[かいつ]け; ties keep the first fit
    fits = _fits(pieces, to_hiragana(reading))
    if not fits:
        return " " + _esc_base(surface) + "[" + _esc_base(reading) + "]"
    groups = min(
        fits,
        key=lambda g: max((len(r) / len(p) for p, r in zip(pieces, g, strict=True) if p != r), default=0),
    )
    out = []
    for piece, read in zip(pieces, groups, strict=True):
        if _KANJI_BLOCK.fullmatch(piece):
            out.append(" " + esc(piece) + "[" + _esc_base(read) + "]")
        else:
            out.append(_esc_base(piece))
    return "".join(out)


def _fits(pieces: Sequence[str], reading: str, limit: int = 64) -> list[tuple[str, ...]]:
    """Each way ``reading`` splits over the pieces (kanji blocks take one kana or more, kana pieces
    themselves), shortest first reading first; at most ``limit``."""
    out: list[tuple[str, ...]] = []
    dead: set[tuple[int, int]] = set()  # (piece, position) from which nothing fits

    def walk(k: int, at: int, acc: tuple[str, ...]) -> bool:
        if len(out) >= limit or (k, at) in dead:
            return False
        found = False
        if k == len(pieces):
            found = at == len(reading)
            if found:
                out.append(acc)
        elif not _KANJI_BLOCK.fullmatch(pieces[k]):
            kana = to_hiragana(pieces[k])
            found = reading.startswith(kana, at) and walk(k + 1, at + len(kana), (*acc, pieces[k]))
        else:
            for end in range(at + 1, len(reading) + 1):
                found = walk(k + 1, end, (*acc, reading[at:end])) or found
        if not found:
            dead.add((k, at))
        return found

    walk(0, 0, ())
    return out


def _token_furigana(token: Token, previous: Token | None = None) -> str:
    # Punctuation, numbers and unknown words carry no reading: 854.65億元 → 854.65 億[おく]…
    if token.pos[0] in ("補助記号", "記号", "空白") or not token.reading:
        return _esc_base(token.surface)
    # People's names: UniDic reads Chinese names as Japanese given names (蒋敏 → さとし): no guess.
    if token.pos[1] == "固有名詞" and token.pos[2] == "人名":
        return _esc_base(token.surface)
    # A counter's reading depends on the number before it (28日 にち, 1杯 ぱい, 3本 ぼん): none given.
    if (
        previous is not None
        and previous.pos[1] == "数詞"
        and (token.pos[2] == "助数詞可能" or token.pos[1] == "助数詞" or token.pos[0] == "接尾辞")
    ):
        return _esc_base(token.surface)
    return furigana(token.surface, token.reading)


LONG_SENTENCE = 100  # characters: longer sentences are cut to the clauses around the word
CLAUSE_TARGET = 80
_CLAUSE_ENDS = frozenset("、。，,；;！？!?")


_SENTENCE_ENDS = frozenset("。！？!?")
_OPENING = "「『（(【〈《"
_CLOSING = "」』）)】〉》"
_QUOTES = "」』"
_BRACKETS = frozenset(_OPENING + _CLOSING)


# Asked of the same sentence for each of its words' windows and quotes (a seed build: 363 calls for 62
# sentences): remembered by the tokens object, which the memo holds (its id cannot be reused meanwhile);
# a tuple only (a list could change after).
_PAIRS_KEPT = 1024
_pairs: dict[int, tuple[Sequence[Token], tuple[tuple[int, int], ...]]] = {}


def _by_identity(memo: dict, kept: int, key, compute):
    """``compute(key)``, remembered in ``memo`` by the key object's identity: the memo holds the object,
    so its id is not reused while the answer is kept; emptied when ``kept`` answers are held."""
    hit = memo.get(id(key))
    if hit is not None and hit[0] is key:
        return hit[1]
    if len(memo) >= kept:
        memo.clear()
    value = compute(key)
    memo[id(key)] = (key, value)
    return value


def _bracket_pairs(tokens) -> tuple[tuple[int, int], ...]:
    """(opening, closing) token positions of each matched bracket pair: 「…」, 『…』, (…)."""
    if type(tokens) is not tuple:
        return _pairs_of(tokens)
    return _by_identity(_pairs, _PAIRS_KEPT, tokens, _pairs_of)


def _pairs_of(tokens) -> tuple[tuple[int, int], ...]:
    pairs, stack = [], []
    for i, t in enumerate(tokens):
        if _BRACKETS.isdisjoint(t.surface):
            continue  # (most tokens: no bracket to push or pop)
        for ch in t.surface:
            if ch in _OPENING:
                stack.append((i, _CLOSING[_OPENING.index(ch)]))
            elif ch in _CLOSING:
                # 『拡大」: a quote closed with the other kind of quote mark closes the quote open last
                if stack and ch in _QUOTES and stack[-1][1] in _QUOTES:
                    ch = stack[-1][1]
                k = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][1] == ch), None)
                if k is not None:  # an unmatched closer (『拡大」) is no pair
                    pairs.append((stack[k][0], i))
                    del stack[k:]
    return tuple(pairs)


def _window(occurrence: Occurrence) -> tuple[int, int]:
    """Tokens [lo, hi) of the sentence to show.

    A quoted speech holds several sentences (「我々は待ちもしないし、撤退もしない。
    企業の…打ち出す。」と述べた): only the one with the word is shown, without the quote
    marks (我々は待ちもしないし、撤退もしない。…); a quote of one sentence is part of the
    sentence around it. A long sentence (over 100 characters) is cut at clause marks (、。)
    to the clauses around the word, about 80 characters, growing towards the end first — a
    Japanese sentence says what happens last (IoT、集積回路、…等は、…育て上げられ…), so a
    window of list items alone would lose it; a clause is never cut inside. A quote the word
    is not in is never cut either, so no 「 is left open and no 」 stray
    (…成長機会を追求していきたい」と述べました showed a 」 whose 「 was cut off).
    """
    tokens = occurrence.sentence.tokens
    n = len(tokens)
    if n == 0:
        return 0, n

    def width(a: int, b: int) -> int:
        return tokens[b - 1].end - tokens[a].start

    pairs = _bracket_pairs(tokens)

    def ends_in(lo: int, hi: int) -> list[int]:
        """Sentence ends (after 。！？) in [lo, hi) that are not inside a bracket pair there."""
        inner = [(a, b) for a, b in pairs if lo <= a and b < hi]
        return [
            i + 1
            for i in range(lo, hi)
            if tokens[i].surface in _SENTENCE_ENDS and not any(a < i < b for a, b in inner)
        ]

    # the word's sentence: inside the innermost quote around it that holds several sentences, else the
    # whole (取締役会で「…。…。」と述べた: for 社長 outside the quote, the main clause is kept whole)
    scope = (0, n)
    around = sorted(
        ((a, b) for a, b in pairs if a < occurrence.first and b >= occurrence.last), key=lambda p: p[0] - p[1]
    )
    for a, b in around:  # innermost first
        if [e for e in ends_in(a + 1, b) if e < b]:
            scope = (a + 1, b)
            break
    lo0, hi0 = scope
    ends = [e for e in ends_in(lo0, hi0) if e < hi0]
    start = max([lo0, *(e for e in ends if e <= occurrence.first)])
    stop = min([hi0, *(e for e in ends if e >= occurrence.last)])
    if (start, stop) != (0, n) and width(start, stop) < 8:  # 「はい。」: too short to stand alone
        start, stop = 0, n
    if width(start, stop) <= LONG_SENTENCE:
        return _keep_final_mark(tokens, start, stop)
    inner = [(a, b) for a, b in pairs if start <= a and b < stop and (a, b) not in around]
    cuts = sorted(
        {start, stop}
        | {
            i + 1
            for i in range(start, stop - 1)
            if tokens[i].surface in _CLAUSE_ENDS and not any(a < i < b for a, b in inner)
        }
    )
    # a quoted speech around the word (a clause mark in it: 「…開拓し、…実行していく」) is shown whole
    # or not at all: its inside is cut like a sentence, and a window growing beyond one of its marks
    # takes the other one too (…実行していく」と社長は述べ would leave a stray 」); a quoted term
    # (『価値の向上』) is part of the word
    speeches = [
        (a, b)
        for a, b in around
        if start <= a
        and b < stop
        and (width(a + 1, b) >= 20 or any(tokens[i].surface in _CLAUSE_ENDS for i in range(a + 1, b)))
    ]
    cuts = sorted(set(cuts) | {c for a, b in speeches for c in (a + 1, b)})

    def whole(lo: int, hi: int) -> tuple[int, int]:
        """The window widened to the cuts outside each speech it crosses only one mark of."""
        for a, b in speeches:
            if lo <= a < hi <= b:
                hi = min(c for c in cuts if c > b)
            elif a < lo <= b < hi:
                lo = max(c for c in cuts if c <= a)
        return lo, hi

    lo = max(c for c in cuts if c <= occurrence.first)
    hi = min(c for c in cuts if c >= occurrence.last)
    while True:
        right = min((c for c in cuts if c > hi), default=None)
        if right is not None and width(*whole(lo, right)) <= CLAUSE_TARGET:
            lo, hi = whole(lo, right)  # towards the predicate first
            continue
        left = max((c for c in cuts if c < lo), default=None)
        if left is not None and width(*whole(left, hi)) <= CLAUSE_TARGET:
            lo, hi = whole(left, hi)
            continue
        break
    # a window that stops before any verb (…喜ばしいニュースである一方、…) reaches on to the first clause
    # that ends on one, up to 100 characters, from the clause of the word
    if hi < stop and not _ends_on_predicate(tokens, lo, hi):
        near = max(c for c in cuts if c <= occurrence.first)
        for right in (c for c in cuts if c > hi):
            a, b = whole(near, right)
            if width(a, b) > LONG_SENTENCE:
                break
            if _ends_on_predicate(tokens, a, b):
                lo, hi = a, b
                break
    return _keep_final_mark(tokens, lo, hi)


def _ends_on_predicate(tokens, lo: int, hi: int) -> bool:
    from .examples import _content, _is_predicate

    words = _content(tokens[lo:hi])
    return bool(words) and _is_predicate(words[-1])


def _keep_final_mark(tokens, lo: int, hi: int) -> tuple[int, int]:
    """Keep a final 。 rather than an ellipsis before it."""
    n = len(tokens)
    if n - hi == 1 and tokens[-1].surface in _CLAUSE_ENDS:
        hi = n
    return lo, hi


# A card renders each of its examples four or five times (sentence, cloze, furigana, the guess check),
# one card after the other, and examples.arrange asks first: the window of an occurrence is worked out
# once. Keyed by the occurrence object, which the memo holds (its id cannot be reused while it is
# remembered); a deck's worth kept (the cards hold their occurrences anyway).
_WINDOWS_KEPT = 4096
_windows: dict[int, tuple[Occurrence, tuple[int, int]]] = {}


def _window_of(occurrence: Occurrence) -> tuple[int, int]:
    """``_window(occurrence)``, remembered."""
    return _by_identity(_windows, _WINDOWS_KEPT, occurrence, _window)


def _shown(occurrence: Occurrence) -> tuple[int, int, str, str]:
    """Character span shown, with the ellipses marking a cut."""
    tokens = occurrence.sentence.tokens
    lo, hi = _window_of(occurrence)
    text = occurrence.sentence.text
    a = tokens[lo].start if lo > 0 else 0
    b = tokens[hi - 1].end if hi < len(tokens) else len(text)
    # no ellipsis for a quote mark alone: 「我々は撤退もしない。企業の…」 shows 我々は撤退もしない。…
    cut_before = lo > 0 and text[:a].strip(_OPENING + " \u3000") != ""
    return a, b, "…" if cut_before else "", "…" if hi < len(tokens) else ""


def _marked(occurrence: Occurrence, mark: str, every: bool = False) -> str:
    """The shown sentence with the word marked; ``every``: also its other occurrences (cloze)."""
    text = occurrence.sentence.text
    tokens = occurrence.sentence.tokens
    lo, hi, before, after = _shown(occurrence)
    a = tokens[occurrence.first].start
    b = tokens[occurrence.last - 1].end
    word = text[a:b]
    left, right = esc(text[lo:a]), esc(text[b:hi])
    if every and word:
        # 操業再開を阻む … 企業の操業再開を支援し: a second, unhidden 操業再開 would give the answer away;
        # also as its tokens spell it where the sentence has a blank inside it (Zero Trust / ZeroTrust)
        for form in dict.fromkeys((word, occurrence.surface)):
            if form:
                left = left.replace(esc(form), mark.format(esc(form)))
                right = right.replace(esc(form), mark.format(esc(form)))
    return before + left + mark.format(esc(word)) + right + after


def sentence_html(occurrence: Occurrence) -> str:
    """The sentence with the word in <b>."""
    return _marked(occurrence, "<b>{}</b>")


def sentence_cloze(occurrence: Occurrence, hint: str = "") -> str:
    """The sentence with the word hidden; ``hint``: the first kana of its reading, shown in the gap
    ([け…]) so that 決算, 業績 and 好決算 do not all fit it."""
    return _marked(occurrence, '<span class="cloze">[' + esc(hint) + "…]</span>", every=True)


def cloze_hint(reading: str) -> str:
    """The first kana of a reading (a small kana stays with it: しゅ of しゅつりょく)."""
    if not reading:
        return ""
    return (
        reading[:2] if len(reading) > 1 and reading[1] in "ゃゅょャュョぁぃぅぇぉァィゥェォ" else reading[:1]
    )


def sentence_furigana(
    occurrence: Occurrence, word: str = "", reading: str = "", segments: Sequence[Segment] | None = None
) -> str:
    """Furigana for the whole sentence; the word stays bold inside it.

    ``segments``: the sentence's reading from the dictionary segmentation (reading.read_sentence,
    computed in the pipeline), one ruby per word: 親会社[おやがいしゃ], 半導体[はんどうたい]. Without them
    the sentence is read token by token. When the sentence holds the word as carded (not conjugated),
    the word gets the card's reading, so the sentence and the card agree: 上|半期 reads かみはんき.
    """
    if segments is not None:
        return _segments_furigana(occurrence, segments)
    text = occurrence.sentence.text
    tokens = occurrence.sentence.tokens
    lo, hi = _window_of(occurrence)
    start, end, before, after = _shown(occurrence)
    out = [before]
    pos = start
    i = lo
    while i < hi:
        token = tokens[i]
        out.append(_esc_base(text[pos : token.start]))  # spaces the tokenizer skipped
        if i == occurrence.first:
            out.append("<b>")
            if reading and occurrence.surface == word:
                out.append(furigana(word, reading))
                out.append("</b>")
                pos = tokens[occurrence.last - 1].end
                i = occurrence.last
                continue
        out.append(_token_furigana(token, tokens[i - 1] if i > 0 else None))
        if i == occurrence.last - 1:
            out.append("</b>")
        pos = token.end
        i += 1
    out.append(_esc_base(text[pos:end]))
    out.append(after)
    return "".join(out).strip()


def _segments_furigana(occurrence: Occurrence, segments: Sequence[Segment]) -> str:
    text = occurrence.sentence.text
    tokens = occurrence.sentence.tokens
    start, end, before, after = _shown(occurrence)
    a = tokens[occurrence.first].start
    b = tokens[occurrence.last - 1].end
    shown = [s for s in segments if s.start >= start and s.end <= end]
    # a segment crossing the word's edge (an author's ruby over more than the word) widens the bold
    for seg in shown:
        if seg.start < a < seg.end:
            a = seg.start
        if seg.start < b < seg.end:
            b = seg.end
    # pieces covering [start, end): ruby segments, and plain text between them cut at the word's edges
    pieces: list[tuple[int, int, str]] = []
    pos = start
    for seg in [*shown, Segment(end, end, "")]:
        if pos < a < seg.start or pos < b < seg.start:
            cuts = sorted({pos, seg.start} | {c for c in (a, b) if pos < c < seg.start})
            pieces += [(x, y, _esc_base(text[x:y])) for x, y in zip(cuts, cuts[1:], strict=False)]
        elif pos != seg.start:  # most gaps: one plain piece
            x, y = min(pos, seg.start), max(pos, seg.start)
            pieces.append((x, y, _esc_base(text[x:y])))
        if seg.end > seg.start:
            pieces.append((seg.start, seg.end, furigana(text[seg.start : seg.end], seg.reading)))
        pos = seg.end
    out = [before]
    for x, y, piece in pieces:
        if x == a:
            out.append("<b>")
        out.append(piece)
        if y == b:
            out.append("</b>")
    out.append(after)
    return "".join(out).strip()


# --------------------------------------------------------------------------------------------- meanings

_SURU = "noun or participle which takes the aux. verb suru"
_ADJ_NA = "adjectival nouns or quasi-adjectives (keiyodoshi)"
_ADJ_NO = "nouns which may take the genitive case particle 'no'"
_PRENOMINAL = "noun or verb acting prenominally"
_NO_ADJ = "nouns which may take the genitive case particle 'no'"
_TRANSITIVE, _INTRANSITIVE = "transitive verb", "intransitive verb"
# What follows the word says which part of speech the sentence uses (SenseContext.used_as).
_ADVERB = "adverb (fukushi)"
_USED_AS = {"adj-na": (_ADJ_NA,), "adj-no": (_ADJ_NO, "noun (common) (futsuumeishi)"), "adv": (_ADVERB,)}
_KIND_POS = {
    "noun/suru-verb": ("noun (common) (futsuumeishi)", "noun or participle which takes the aux. verb suru"),
    "noun": ("noun (common) (futsuumeishi)",),
    "na-adjective": ("adjectival nouns or quasi-adjectives (keiyodoshi)",),
    "adjective": ("adjective (keiyoushi)",),
}


# Glosses that name the business world: 推進 "promotion (e.g. of a government policy)" before
# "propulsion", 打ち出す "to work out (e.g. policy)" before "to emboss", 潰れる "to go bankrupt" before
# "to be crushed". Technology words count only in an article about computing: 対応 is not
# "compatibility (with technology, software, etc.)" in a report on grid batteries.
_CONTEXT_GLOSS = re.compile(
    r"\b(econom\w*|business\w*|polic(y|ies)|market\w*|financ\w*|compan(y|ies)|industr\w*|corporat\w*|"
    r"government|trade|invest\w*|commerc\w*|capital|"
    # 出店 "opening a store" before "setting up a stall (festival)", 銘柄 "(trading name of) stocks"
    # before "brand", プロパー "regular price" before "full time (staff)"
    r"stores?|shops?|stocks?|securities|sales|prices?|wages?|salar(y|ies)|profits?|revenues?|"
    r"employ\w*|firms?|enterprises?|bank\w*|tax\w*|loans?|bonds?|currenc\w*|"
    # 配当 "dividend" before "allotment; apportionment", 為替 "exchange (e.g. foreign)" before "money
    # order; draft": the money of markets, not of the post office (not "exchange" alone: 換える "to
    # replace" stays before "to exchange")
    r"dividends?|shareholders?|stockholders?|foreign exchange|exchange rates?)\b|"
    r"\bexchange \(e\.g\. foreign\)",
    re.IGNORECASE,
)


# the stock market's words among them, and the stems of an article's glosses that speak of it
_MARKET_WORDS = ("stock", "share", "securities", "dividend", "shareholder", "stockholder")
_MARKET_GLOSS = re.compile(
    r"\b(" + "|".join(w if w.endswith("s") else w + "s?" for w in _MARKET_WORDS) + r")\b", re.I
)


_PARENTHESIS = re.compile(r"\([^()]*\)")


def _unbracketed(gloss: str) -> str:
    """The gloss without its parentheses: "(raw) material (for …)" → " material "."""
    return _PARENTHESIS.sub("", gloss)


def business_gloss(gloss: str) -> bool:
    """The gloss itself names the business world (``_CONTEXT_GLOSS``), not only in parentheses:
    資本 "capital", not 経営 "running (business)"."""
    return bool(_CONTEXT_GLOSS.search(_unbracketed(gloss)))


_TECH_GLOSS = re.compile(r"\b(technolog\w*|comput\w*|software|data)\b", re.IGNORECASE)
# Senses a news reader never wants first: バイオ "VAIO (Sony brand-name)", パーク "perk (in video games)",
# 局面 "position in a game of go or shogi", 大学 "former central university of Kyoto".
_OFF_CONTEXT_FIELDS = frozenset(
    {"trademark", "video game", "shogi", "go (game)", "mahjong", "hanafuda", "card games", "chess"}
)
_OFF_CONTEXT_GLOSS = re.compile(
    r"brand-name|trademark|video game|\bgames? of (go|shogi|mahjong|chess)\b|\b(in|of) (go|shogi|mahjong)\b|"
    r"^former\b|^\(historical\)|"
    # the old calendar's months, left in 1873: 初月 "first month of the lunar calendar" (not "first month")
    r"\bmonths? of the lunar calendar\b",
    re.IGNORECASE,
)
_SPORTS = frozenset({"sports", "sumo", "baseball", "martial arts", "golf", "skiing", "soccer", "tennis"})
_SPORTS_GLOSS = re.compile(r"\((?:in |of )?sports\b|\bin sports\b")
OFF_CONTEXT_MISC = frozenset({"archaism", "obsolete term", "historical term", "dated term", "obscure term"})
_NEWS_FIELDS = frozenset({"computing", "finance", "economics", "business", "law"})
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,}\b")
# A domain's senses go first when at least this share of the article's words (and 3 of them) carry
# that field: computing in a security blog (15 %) or a tech-zone report (10 %), not in an earnings
# report (1 %), where 拡張 is "expansion", not "escape; ESC".
DOMAIN_SHARE = 0.06
DOMAIN_MIN_WORDS = 3
# Kinds of agreement are one class: a memorandum is concluded like a deal (覚書を結ぶ → "to close (e.g.
# deal); to conclude", not "to tie").
_KINDS = (
    # and a takeover or a bill comes about like a deal: 買収が成立, 法案が成立 → "conclusion (e.g. of a
    # deal); reaching (e.g. an agreement); approval; enacting", not "formation; establishment"
    frozenset(
        "agreement contract treaty memorandum deal accord pact alliance takeover acquisition merger"
        " buyout transaction bid tender bill".split()
    ),
    # kinds of utility are one class: a power producer is an operator like a carrier (発電事業者 →
    # "operator; carrier (telecommunications, transport, etc.)", not "business person")
    frozenset(
        "telecommunications telecommunication transport transportation power electricity electric gas"
        " water railway railways airline airlines broadcasting utility utilities generation energy".split()
    ),
    # a firm's or an economy's figures are one class: 企業収益の堅調さ → "strong (sales, economy, etc.)",
    # not "firm (market); bullish"
    frozenset(
        "sales earnings profit profits revenue revenues income economy economic demand exports imports"
        " consumption spending".split()
    ),
    # machines and equipment are one class: 充電器の設置 → "installation (of a machine or equipment)",
    # not "establishment; institution"
    frozenset(
        "machine machines machinery equipment apparatus device devices charger chargers adapter battery"
        " batteries sensor sensors camera cameras meter meters robot"
        " robots server servers".split()
    ),
    # what is launched is a product: 新型車を投入 → "launching (a product into the market)", not "investment"
    frozenset(
        "product products vehicle vehicles car cars model models device devices goods merchandise"
        # and a line of them: 投入した弁当シリーズ
        " series lineup commodity commodities"
        # and the suffix 品 ひん "article; item" of a kind of goods: 高性能|品を投入
        " item items".split()
    ),
    # work and its pay are one class: パート|時給 → "part-time (work)", not "part"
    frozenset(
        "work job jobs employment labour labor wage wages pay salary salaries hourly worker workers".split()
    ),
    # a builder and building: 施主 in a text on construction (建設 "construction", 建物 "building") →
    # "client (of a builder, etc.)", not "donor; benefactor"
    frozenset("builder builders building buildings construction contractor contractors architecture".split()),
)
# What a change of amount is said of (a partner's gloss words) and the glosses of such a change.
_AMOUNTS = frozenset(
    "yen dollar dollars currency price prices wage wages salary salaries pay tax taxes rate rates fee"
    " fees cost costs charge charges burden premium premiums tariff tariffs fare fares rent budget"
    " payment payments expense expenses income revenue profit profits sales amount inflation"
    # money held is an amount too: 預金が目減り → "decrease (in value)", not "loss (of weight or volume)"
    " deposit deposits savings assets pension pensions money funds"
    # … and what is left of it: 残高の目減り (残高 "balance; remainder"; "balance" alone is also 平均's
    # "average; balance; equilibrium")
    " remainder remainders".split()
)
_CHANGES = frozenset(
    "increase increases raising raise rise rising hike upward reduction decrease cut cutting decline fall"
    " drop lowering downward growth advance advancement progress appreciation depreciation".split()
)
_STOP = frozenset(
    "the and for with one one's oneself someone something etc e.g a an of to in on by or as at".split()
)


@dataclass(frozen=True)
class SenseContext:
    """What the article and the sentence say about which sense is meant."""

    fields: frozenset[str] = frozenset()  # JMdict fields the article is about (see domain_fields)
    text: str = ""  # the sentences the word stands in (an acronym sense needs its acronym there)
    partners: frozenset[str] = frozenset()  # gloss words of the words it governs: 覚書を結ぶ → memorandum
    # the sentence uses the noun as a verb: 困難に直面する (→ "to face", not "confrontation")
    verbal: bool = False
    # JMdict fields of the sentence's other nouns (None: not known). An article about computing may
    # still use a word plainly: 600名余りを第一線に投入し is no computer job ("throwing in" first).
    local: frozenset[str] | None = None
    # the part of speech the sentence gives the word by what follows it (see pipeline._used_as):
    # プライベートな状態 → "adj-na" ("private", not "personal life; privacy"); "" where it says nothing
    used_as: str = ""
    # stems of the glosses (see article_words) that at least two of the article's other words have
    article: frozenset[str] = frozenset()
    # stems of the glosses of the article's words that share a kanji with it: 引き上げ → 賃上げ "wage
    # increase", 値上げ "price hike"; 工作 → 工業 "(manufacturing) industry", 着工 "starting work"
    family: frozenset[str] = frozenset()
    # the partner is an action (a suru-noun): 利上げに踏み切る → "to take the plunge; to decide"
    action: bool = False
    # a predicate stands right before the word, which it modifies: 完了する見通し → "forecast; outlook"
    clause: bool = False
    # gloss words of the verb the noun stands with: 要件を満たす → satisfy, meet, fulfill …
    governor: frozenset[str] = frozenset()
    # the text uses the word as the name of a company JMnedict lists (楽天子会社, 楽天グループ傘下): its
    # JMnedict gloss, shown first instead of a common noun's ("optimism"); "" otherwise
    company: str = ""
    # the same, one set per kin word (two kin words that share one kanji each name a sense, one is chance)
    kin: tuple[frozenset[str], ...] = ()
    # of those, the words that hold the whole word or two kanji of it in a row, their first sense: 先端 →
    # 最先端 "cutting edge; leading edge" (not its "tip; end"); not 大手 → 手を組む (one kanji in common)
    close: frozenset[str] = frozenset()
    # a person's name stands right before the word: 三上常務 → the title "managing director", not
    # "routine business"
    after_name: bool = False
    # the partner names no thing but an action (a suru-noun) or a figure: 投資が定着, 実質賃金のプラスが
    # 定着 → "becoming established (of a custom, system, etc.)", not "sticking; settling"
    abstract: bool = False
    # stems of the glosses of the other nouns of its sentences: a sense's list of kinds they name goes
    # first (射場 beside 小型ロケット → "launch site (e.g. for rockets, missiles, etc.)", not "archery
    # range"; a loan such as ロケット is no card, so no word of ``article``)
    sentence: frozenset[str] = frozenset()
    # a noun stands right after the word (None: not known); a sense JMdict gives only as a prenominal
    # noun is not the one of 集約を進める ("aggregating", not "intensiveness" as in 集約農業)
    before_noun: bool | None = None
    # の and a common noun that names a thing, not an action, follow the word: 中堅の|建設会社 (not
    # 原発の|再稼働)
    no_then_thing: bool = False
    # the verb has an object: を stands right before it (over adverbs): 採用を働きかける
    has_object: bool = False
    # a phrase's first word (its noun) is modified: の or an adjective right before it (無制限の|保険をかける)
    noun_modified: bool = False


def domain_fields(entries: Iterable[Entry]) -> frozenset[str]:
    """The fields an article is about: the share of its words with a sense of that field."""
    entries = list(entries)
    counts: dict[str, int] = {}
    for e in entries:
        for f in {f for s in e.senses for f in s.fields}:
            counts[f] = counts.get(f, 0) + 1
    return frozenset(
        f for f, c in counts.items() if c >= DOMAIN_MIN_WORDS and c >= DOMAIN_SHARE * len(entries)
    )


_LATIN_WORD = re.compile(r"[a-z]+")


def _words(text: str) -> set[str]:
    return {w for w in _LATIN_WORD.findall(text.lower()) if len(w) > 2 and w not in _STOP}


# Gloss words too general to say what an article is about (every text has "make", "state" or "large").
_GENERAL = frozenset(
    "something someone thing things person people also being make making made take taking give giving"
    " get getting have having state act way kind type form part use used using new high low large"
    " small good bad other certain time into from out over after before about which that this its"
    " their not all each such very much more most than esp usu etc one's putting"
    # … nor does "money" in business news, which every article has: it named 為替 "money order; draft"
    # for 為替が円安に振れる ("exchange (e.g. foreign)" meant)
    " money".split()
)


def _stem(word: str) -> str:
    # a plural is its word ("stocks" ~ "stock"); no more, "labourer" is not "labour"
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


# … as the article's gloss stems spell them (securities → securitie)
_MARKET = frozenset(_stem(w) for w in _MARKET_WORDS)


def _stems(glosses: Iterable[str]) -> set[str]:
    return {w for g in glosses for w in _gloss_stems(g)}


@lru_cache(maxsize=1 << 16)
def _gloss_stems(gloss: str) -> frozenset[str]:
    return frozenset(_stem(w) for w in _words(gloss) if w not in _GENERAL)


def core_gloss(entry: Entry, sense: Sense | None, glosses: Sequence[str]) -> str:
    """Of a sense's ``glosses``, the one whose words the entry's other senses repeat, where the first's
    they do not: the word's core meaning, for a compound's part that shows one gloss (材料|産業 "material",
    as in "material (for a novel, experiment, etc.)", not "ingredients"); "" where there is none."""
    if sense is None or not glosses:
        return ""
    # (what the other senses name, not their parentheses: 負担 "burden; load; responsibility" stays
    # "burden" beside "bearing (a cost, responsibility, etc.)")
    others = _stems(_unbracketed(g) for s in entry.senses if s.glosses != sense.glosses for g in s.glosses)
    if _stems(glosses[:1]) & others:
        return ""
    return next((g for g in glosses[1:] if _stems([g]) & others), "")


def article_words(entries: Iterable[Entry], senses: int = 2) -> frozenset[str]:
    """Stems of the first two senses' glosses of an article's words: what the article is about, in
    JMdict's words (a wage report: "wage", "increase", "raise" …; see SenseContext.article)."""
    words: set[str] = set()
    for e in entries:
        words |= _entry_words(e, senses)
    return frozenset(words)


# article_words of one entry, by the entry object (asked thousands of times a build): the entry is kept
# with its answer, so its id() is never another's while the answer is remembered
_ENTRY_WORDS: dict[tuple[int, int], tuple[Entry, frozenset[str]]] = {}


def _entry_words(entry: Entry, senses: int) -> frozenset[str]:
    key = (id(entry), senses)
    kept = _ENTRY_WORDS.get(key)
    if kept is not None and kept[0] is entry:
        return kept[1]
    if len(_ENTRY_WORDS) > 50_000:
        _ENTRY_WORDS.clear()
    words = _senses_words(entry.senses[:senses])
    _ENTRY_WORDS[key] = (entry, words)
    return words


def _senses_words(senses: Iterable[Sense]) -> frozenset[str]:
    return frozenset(w for s in senses for g in s.glosses for w in _gloss_stems(g))


def gloss_words(senses: Iterable[Sense]) -> frozenset[str]:
    """Content words of glosses, for matching a collocation (覚書: memo, memorandum, note …)."""
    return frozenset(w for s in senses for g in s.glosses for w in _words(g))


# Classes of abstract senses that news uses where JMdict puts a concrete one first, each with what in
# the sentence asks for it (see _collocates).
_FORECASTS = frozenset(
    "forecast outlook prospect prospects prediction expectation estimate projection anticipation".split()
)
# what a forecast is of: an amount (_AMOUNTS) or the economy's figures
_FORECAST_OF = frozenset(
    "economy economic business market markets demand supply growth earnings result results performance"
    " production output investment consumption employment".split()
)
_UNDERTAKINGS = frozenset("decide embark launch undertake venture plunge".split())
_REQUIREMENTS = frozenset(
    "requirement requirements requisite prerequisite condition conditions criterion criteria qualification"
    " qualifications".split()
)
_FULFIL = frozenset("satisfy meet fulfill fulfil clear become".split())
# what is put in place rather than maintained: networks, stations, laws, systems
_INSTITUTED = frozenset(
    "infrastructure network networks system systems law laws legislation legal framework environment"
    " station stations road roads railway railways line lines facility facilities grid institution"
    " regulation regulations rule rules port airport housing"
    # and sites: 射場の整備 "launch site (e.g. for rockets …)", 拠点の整備 "base; site"
    " site sites base bases hub hubs"
    # and places for people: 「通いの場」の整備 (a community's meeting places)
    " place places venue venues".split()
)
# (a development alone may be a field's: 販路の開拓を急ぐ is "pioneering", not "reclamation; cultivation;
# development"; an establishment an institution's: 充電器の設置を急ぐ stays "installation")
_PUTTING_IN_PLACE = "putting in place"
# what a verb that speeds up or pushes forward is glossed (加速 "acceleration", 推進 "promotion", 急ぐ "to
# hurry", 進める "to advance"), as the context's governor gives it
_FURTHERING = frozenset(
    "acceleration accelerate accelerating speeding promotion promote promoting hurry hasten advance"
    " expansion expand".split()
)
_SHORTFALLS = frozenset("deficit deficits shortfall shortfalls".split())
_EXTRAS = frozenset({"extra"})
_ESTABLISHING = frozenset("establishment establishing development provision construction building".split())
# what funds are put to, and the senses that put them there: 余力を支援に振り向ける, 投資に振り向ける →
# "to appropriate; to set aside for a purpose", not "to turn (around)"
_FUNDS = frozenset(
    "fund funds funding capital money budget budgets investment investments aid assistance support"
    " subsidy subsidies resources reserve reserves surplus savings spending".split()
)
_ALLOTTING = frozenset(
    "appropriate allocate allot earmark aside devote divert assign allocation allotment appropriation".split()
)
# what comes up as news does, and the senses of coming up: 建設計画が浮上, 案が浮上 → "emerging; leaping
# into prominence", not "surfacing; rising to the surface"
_PROPOSALS = frozenset(
    "plan plans project projects proposal proposals idea ideas scheme schemes suggestion option options"
    " candidate candidates issue issues problem problems concern concerns possibility suspicion"
    " theory".split()
)
_EMERGING = frozenset(
    "emerging emerge emergence arising arise appearing appear appearance prominence".split()
)
# a bound and a mainstay, said of a business, a field, an action or an income rather than of a garden or a
# house: 業種の垣根 → "border; limit", 参入の壁, 年収の壁 → "barrier; obstacle", 事業の柱 → "support; prop;
# mainstay", where 庭の垣根, 部屋の壁, 家の柱 keep "hedge", "wall", "pillar" (see _collocates)
_BOUNDS_AND_PILLARS = frozenset("border boundary limit barrier obstacle hurdle mainstay".split())
_REALMS = frozenset(
    "business industry sector category type kind division department bureau government ministries"
    " organization organisation generation income revenue earnings profit market economy".split()
)
# a slump, a standstill or momentum, said of an economy, an amount or an action rather than of a plane
# or of feet: 消費の回復が失速 → "downturn; slowdown; slump", 景気回復の足踏み → "standstill; stalemate",
# 輸出の伸びが息切れ → "running out of steam (e.g. economy)"; 飛行機が失速 stays "stall (in flying)"
_SLUMPS = frozenset(
    "downturn slowdown slump recession stagnation standstill stalemate deadlock impasse momentum leveling"
    " levelling".split()
)
# a plan is reworked, not kneaded: 資金計画を練り直す → "to rework; to revise; to polish"
_REVISING = frozenset(
    "revise revising revision rework reworking reconsider rethink reexamine modify amend".split()
)
# a grievance, a concern or a dispute lingers as a dispute does: 不満がくすぶる, 懸念がくすぶる → "to
# smoulder (e.g. a dispute)", not "to live in obscurity (of social position, circumstances, etc.)"
_GRIEVANCES = frozenset(
    "complaint complaints discontent dissatisfaction displeasure dispute disputes conflict concern concerns"
    " anxiety anxieties worry worries distrust mistrust criticism resentment friction tension"
    " dissent".split()
)
_LINGERING = frozenset("dispute disputes conflict conflicts".split())
# what a ship or a plane does, as JMdict's first sense of words news uses of plans and talks (難航, 船出),
# and what one does to someone, of words news uses of work and deals (敬遠 "keeping someone at arm's
# length" where 工事を敬遠 is "avoiding (something unpleasant)")
_JOURNEYS = frozenset("voyage voyages flight flights sailing sail navigation cruise".split())
# the parties to business a sentence may say something is done to
_PARTIES = frozenset(
    "client clients customer customers partner partners supplier suppliers buyer buyers seller sellers"
    " employee employees worker workers shareholder shareholders investor investors member members"
    " user users consumer consumers official officials government".split()
)
# … and a body's or a machine's motion, as JMdict's first sense of words news uses of economies and
# firms: 円安の追い風 "favorable condition", not "tailwind"; 減少に歯止め "restraint; check", not
# "brake; drag"; 市場の動揺 "disturbance; unrest", not "shaking; trembling"; a jump, a swing, kneading
# said of a plan: 見直しに踏み切る "to take the plunge; to decide", not "to take off; to jump"; 円高に
# 振れる "to lean towards", not "to swing; to shake"; 計画を練り上げる "to polish", not "to knead well"
_MOTIONS = frozenset(
    "tailwind headwind brake drag skid pawl shaking trembling pitching rolling oscillation ecdysis"
    " sloughing molting moulting jump leap swing knead".split()
)


def _literal(sense: Sense, partners: frozenset[str] = frozenset()) -> bool:
    """A journey's sense, or one of what is done to someone (_JOURNEYS) — unless the partners are
    someone, a party to business: 取引先に働きかける "to work on (someone); to appeal to", not "to begin
    to work" (取引先 "business connection; client; customer")."""
    glosses = "; ".join(sense.glosses)
    if _words(glosses) & _JOURNEYS:
        return True
    return re.search(r"\bsomeone\b", glosses) is not None and not partners & _PARTIES


# the kinds of abstract things a sense's list names (定着 "becoming established (of a custom, system,
# etc.)"): an action or a figure is one of them
_ABSTRACT_KINDS = frozenset(
    "custom customs system systems practice practices habit habits idea ideas concept concepts policy"
    " policies trend trends".split()
)
# a role a person holds, as a title after the name (三上常務, 田中部長)
_ROLES = frozenset(
    "director directors president chairman chairperson chairwoman manager officer executive secretary"
    " minister governor mayor chief commissioner superintendent auditor adviser advisor counselor"
    " counsellor professor ambassador spokesman spokesperson inspector supervisor".split()
)


def _collocates(sense: Sense, partners: frozenset[str], context: SenseContext | None = None) -> bool:
    """The sense's gloss names what the sentence pairs the word with: 実を結ぶ → "to bear (fruit)"."""
    words = _words("; ".join(sense.glosses))
    if context is not None:
        # a forecast of a figure, or what a clause says is expected: 消費者物価の見通し, 完了する見通し →
        # "forecast; outlook", not "unobstructed view"; 完成となる見込み → "expectation"
        if words & _FORECASTS and (partners & (_AMOUNTS | _FORECAST_OF) or context.clause):
            return True
        # a verb whose partner is an action: 利上げに踏み切る, 改造に踏み切る → "to take the plunge; to
        # decide", 調査に乗り出す → "to embark on", not "to take off; to jump", "to set out; to set sail"
        if words & _UNDERTAKINGS and context.action:
            return True
        # what is met, or what something becomes: 要件を満たす, …が要件となる → "requirement", not
        # "important matter"
        if words & _REQUIREMENTS and context.governor & _FULFIL:
            return True
        # a network, station or law is put in place, not maintained: 基地局の整備, 法の整備 →
        # "putting in place; establishment; development"; 部品の整備 keeps "maintenance"
        if words & _ESTABLISHING and partners & _INSTITUTED:
            return True
        # … and what is sped up or pushed forward is being built: 蓄電池の整備を加速する "putting in place;
        # establishment; development", not "maintenance"
        if any(g.startswith(_PUTTING_IN_PLACE) for g in sense.glosses) and context.governor & _FURTHERING:
            return True
        # a shortfall of money is made up: 税収の穴埋め, 赤字の穴埋め → "making up (for a loss, damage,
        # etc.); covering (a deficit)", not "filling (up) a hole"
        if words & _SHORTFALLS and partners & _AMOUNTS:
            return True
        # … and an amount is added to: 販売促進費の上積み, 利益が上積みされた → "extra", not "deck cargo;
        # upper layer of goods" nor "to pile on top of"
        if words & _EXTRAS and partners & _AMOUNTS:
            return True
        # funds put to a purpose: 支援に振り向ける → "to appropriate; to set aside for a purpose"
        if words & _ALLOTTING and partners & _FUNDS:
            return True
        # a plan or an idea comes up: 計画が浮上 → "emerging", not "surfacing"
        if words & _EMERGING and partners & _PROPOSALS:
            return True
        # an action or a figure takes hold as a custom does: 投資が定着 → "becoming established (of a
        # custom, system, etc.)", not "sticking (in one place, position, etc.)"
        if (context.abstract or partners & (_AMOUNTS | _FORECAST_OF)) and _ABSTRACT_KINDS & {
            w for g in sense.glosses for h in _KINDS_LIST.findall(g) for w in _words(h)
        }:
            return True
        # a plan or a project is reworked: 計画を練り直す → "to rework; to revise", not "to knead again"
        if words & _REVISING and partners & _PROPOSALS:
            return True
        # a grievance or a concern smoulders as a dispute does: 不満がくすぶる → "to smoulder (e.g. a
        # dispute)"
        if (
            partners & _GRIEVANCES
            and {w for g in sense.glosses for h in re.findall(r"\(e\.g\. ([^()]*)\)", g) for w in _words(h)}
            & _LINGERING
        ):
            return True
        # a slump or a standstill of an economy, an amount or an action: 回復が失速, 景気回復の足踏み
        if words & _SLUMPS and (
            context.abstract or partners & (_AMOUNTS | _FORECAST_OF | _PROPOSALS | _REALMS)
        ):
            return True
        # a bound or a mainstay of a business, a field, an action (a suru-noun) or an income: 業種の垣根,
        # 参入の壁, 年収の壁, 事業の柱 → "border", "barrier", "mainstay"; 庭の垣根 stays a hedge
        if words & _BOUNDS_AND_PILLARS and (context.abstract or partners & _REALMS):
            return True
        # a title after a person's name: 三上常務 → "managing director", not "routine business"
        if words & _ROLES and context.after_name:
            return True
    if not partners:
        return False
    hints = {w for g in sense.glosses for h in re.findall(r"\(([^)]*)\)", g) for w in _words(h)}
    if hints & partners:
        return True
    if any(kind & hints and kind & partners for kind in _KINDS):
        return True
    # a change of an amount: 最低賃金の引き上げ, 円高・ドル安が進行 → "raising; increase", "advance;
    # progress", not "pulling up; salvage", "moving forward (e.g. vehicle)"
    return bool(partners & _AMOUNTS) and bool(words & _CHANGES)


def _never_first(sense: Sense, context: SenseContext | None) -> bool:
    glosses = "; ".join(sense.glosses)
    if any(f in _OFF_CONTEXT_FIELDS for f in sense.fields) or _OFF_CONTEXT_GLOSS.search(glosses):
        return True
    # a sport's sense in an article about no sport: 取り組み "effort; initiative", not "bout (in sports,
    # etc.); match"; 踏み切る not "to step out of the ring" (sumo)
    fields = context.fields if context else frozenset()
    if not fields & _SPORTS and (set(sense.fields) & _SPORTS or _SPORTS_GLOSS.search(glosses)):
        return True
    if any(m in OFF_CONTEXT_MISC for m in sense.misc):
        return True
    text = context.text if context else ""
    # an abbreviation the text does not use: ケース "CASE", 拡張 "ESC", 交流 "AC"
    acronyms = _ACRONYM.findall(glosses)
    if acronyms and not any(a in text for a in acronyms):
        if "abbreviation" in sense.misc or any(_ACRONYM.fullmatch(g) for g in sense.glosses):
            return True
    # a proper-noun sense: 連合 "RENGO (Japanese Trade Union Confederation)"
    if sense.glosses and all(g[:1].isupper() for g in sense.glosses) and not any(a in text for a in acronyms):
        return True
    return False


# A gloss's list of examples: "park (public, amusement, etc.)", "moving forward (e.g. vehicle)"; a
# list of kinds only: "(public, amusement, etc.)", "(store, hotel, etc.)".
_EXAMPLES = re.compile(r"\s*\((?:e\.g\. [^()]*|[^()]*,[^()]*\betc\.)\)")
_KINDS_LIST = re.compile(r"\s*\([^()]*,[^()]*\betc\.\)")


def plain_gloss(gloss: str, context: SenseContext | None, kinds_only: bool = False) -> str:
    """The gloss without a list of examples that no word of the article bears out: パーク|経済 "park",
    not "park (public, amusement, etc.)"; 生産本部|基地 "base", not "base (military, expedition,
    etc.)". A list the article bears out stays: 発電 "generation (e.g. power)" beside 電力 "power".
    ``kinds_only`` (a word's own meanings): only a list of kinds goes, an example of use stays
    (けん引 "driving (e.g. economic growth)" says what is driven)."""
    if context is None:
        return gloss

    def keep(m: re.Match) -> str:
        bag = context.article | context.family
        kinds = _stems([m.group(0)])  # a kind stands for its class: "(of a builder, etc.)" beside "building"
        return m.group(0) if kinds.union(*(k for k in _KINDS if k & kinds)) & bag else ""

    plain = (_KINDS_LIST if kinds_only else _EXAMPLES).sub(keep, gloss).strip()
    return plain or gloss


def _plain_senses(senses: list[tuple[int, Sense]], context: SenseContext | None) -> list[tuple[int, Sense]]:
    """The senses shown first, their lists of kinds the article does not bear out dropped (チェーン
    "chain" in 産業チェーンの構築, not "chain (store, hotel, etc.)"), unless that makes two alike."""
    out: list[tuple[int, Sense]] = []
    for index, sense in senses:
        plain = replace(sense, glosses=tuple(plain_gloss(g, context, kinds_only=True) for g in sense.glosses))
        if any(plain.glosses == s.glosses for _, s in out):
            plain = sense
        out.append((index, plain))
    return out


# A sense of times past that no shared gloss word lifts over JMdict's first: 大手 "force attacking the
# front of a castle" (not "major company"); misc tags say so for a few only.
_PAST_GLOSS = re.compile(
    r"\b(castles?|feudal|samurai|shogun\w*|daimyo|domains? \(|Edo|Meiji|Heian|imperial court|warriors?|"
    r"ancient|archaic|historical)\b",
    re.IGNORECASE,
)


def _hints(sense: Sense) -> set[str]:
    """Stems of a sense's list of kinds: "carrier (telecommunications, transport, etc.)"; a kind stands
    for its class (_KINDS: "transport" for a logistics text's "transportation"). A single hint is no
    list (封鎖 "freezing (funds)" in a text on funds is still a lockdown)."""
    hints = {_stem(w) for g in sense.glosses for h in _KINDS_LIST.findall(g) for w in _words(h)}
    hints -= _GENERAL
    # an example that names a class stands for it too: 成立 "conclusion (e.g. of a deal)" in a report on
    # a takeover (買収 "acquisition", 企業買収 "corporate acquisition")
    named = {
        _stem(w) for g in sense.glosses for h in re.findall(r"\(e\.g\. ([^()]*)\)", g) for w in _words(h)
    }
    return hints.union(*(kind for kind in _KINDS if kind & (hints | named)))


def _root(word: str) -> str:
    """A gloss word without its ending, to match a close kin's other form of it: 還元 "reduction" beside
    還元鉄 "reduced iron" (reduc-); "station" stays."""
    for end in ("ation", "tion", "ing", "ed", "es", "e", "s"):
        if word.endswith(end) and len(word) - len(end) >= 4:
            return word[: -len(end)]
    return word


# gloss stems of a business article's family whatever it is about (see _named_senses)
_EVERY_ARTICLE = frozenset({"business", "company", "companie", "industry", "industrie"})


def verb_pos(pos: str) -> bool:
    """A JMdict part of speech of a verb, not of a noun that takes する: "Godan verb with 'mu' ending",
    not "noun or participle which takes the aux. verb suru"."""
    return "verb" in pos.lower() and "suru" not in pos


def _naming(own: set[str], sense: Sense, index: int) -> set[str]:
    """The words of a sense's own that the article's words may name it by: all of them, but for a
    verb's later sense only the words of its parentheses, what it is said of — 緩む "(of a market price)
    to go down slightly" in a market report; "to work someone hard; to order around" (使い回す) is not
    named by any article's "work" and "order", nor "to stay in the same level" (くすぶる) by "same" and
    "level": a verb's gloss is made of the commonest English words."""
    if index == 0 or not sense.pos or not all(verb_pos(p) for p in sense.pos):
        return own
    inside = {_stem(w) for g in sense.glosses for h in re.findall(r"\(([^()]*)\)", g) for w in _words(h)}
    return own & inside


def _named_senses(
    entry: Entry,
    article: frozenset[str],
    family: frozenset[str],
    close: frozenset[str] = frozenset(),
    kin: tuple[frozenset[str], ...] = (),
    sentence: frozenset[str] = frozenset(),
) -> dict[int, int]:
    """The senses (numbered from 1) the article's words name, each with how strongly (higher first):
    3, a gloss word of a close kin, one that holds the whole word or two of its kanji (先端 "forefront;
    leading edge" beside 最先端 "cutting edge; leading edge"); 2, gloss words of two kin words that share
    one kanji with it (工作 "work; construction; manufacturing" beside 工業 "(manufacturing) industry" and
    着工 "starting (construction) work"; one is chance: 大手 "force attacking the front of a castle"
    beside 手を組む "to join forces", 基盤 "substrate (circuit board)" beside 基板); 1, two gloss words each
    of two of the article's words (流出 "leak of (private) information" among 漏洩 "leak (of secrets,
    information …)", 情報漏えい "information leak" …; one shared word of unrelated words is chance: 年度
    "product year" beside 量産 "mass production"), unless a kin word names JMdict's first sense (生産基盤
    in a chip report keeps "foundation; basis", as 基金 "fund; foundation"). Only words no other sense
    has tell senses apart: サービス "(after-sales) service; (product) maintenance" is not the sense of a
    text on online services. A sense of times past is never lifted over the first (_PAST_GLOSS)."""
    if not (article or family or close or kin or sentence):
        return {}
    stems = [_stems(s.glosses) for s in entry.senses]
    owns = [mine - set().union(*(x for j, x in enumerate(stems) if j != k)) for k, mine in enumerate(stems)]
    # (not by the words every business article's family has: 事業者 "business person" is not named by
    # 業界 "business world" where its "carrier (telecommunications, transport, etc.)" is by 輸送)
    first_named = bool(owns and (owns[0] - _EVERY_ARTICLE) & family)
    first_twice = bool(owns) and len((owns[0] - _EVERY_ARTICLE) & family) >= 2  # two of its own words
    # a kin word names a sense by a word of its class (_KINDS): 受電 "receiving electricity" beside 電力
    # "electric power" and 送電網 "power grid" in a text on data centres, not "receiving a telegram"
    close_roots = {_root(w) for w in close}
    classed = [own.union(*(kind for kind in _KINDS if kind & own)) for own in owns]
    named: dict[int, int] = {}
    for k, own in enumerate(owns):
        if k > 0 and (
            _PAST_GLOSS.search("; ".join(entry.senses[k].glosses))
            or any(m in OFF_CONTEXT_MISC for m in entry.senses[k].misc)
        ):
            continue
        if own & close or {_root(w) for w in own} & close_roots:
            named[k + 1] = 3
        elif sum(1 for stems_of_kin in kin if classed[k] & stems_of_kin) >= 2 and (k == 0 or not first_twice):
            # (kin words of a class do not outvote a first sense the family names by two of its own
            # words: 賃金 "wages; pay" beside 賃上げ "pay rise", not "rental payment" for 代金, 補助金)
            named[k + 1] = 2
        elif (
            len(_naming(own, entry.senses[k], k) & article) >= 2
            or _hints(entry.senses[k]) & (article | sentence)
        ) and (k == 0 or not first_named):
            named[k + 1] = 1
    return named


def named_sense(entry: Entry, context: SenseContext | None) -> Sense | None:
    """The first sense the article's words name (see _named_senses), if any."""
    if context is None:
        return None
    named = _named_senses(
        entry, context.article, context.family, context.close, context.kin, context.sentence
    )
    return entry.senses[min(named, key=lambda k: (-named[k], k)) - 1] if named else None


def ordered_senses(
    entry: Entry, token_pos: str, context: SenseContext | None = None
) -> list[tuple[int, Sense]]:
    """Senses in context order: JMdict's (commonest first) unless the context says otherwise.

    First the sense whose gloss names a collocation the sentence has (覚書を結ぶ → "to conclude"; a
    change said of an amount: 最低賃金の引き上げ → "raising"), then a domain sense (comp, finc …) when
    the article is about that domain and the part of speech matches, then senses of the part of speech
    the sentence uses (プライベートな → "private"), then a sense the article's words name (工作 beside 工業
    → "work", see SenseContext.family), then glosses that name the business world. Never first: brand
    names, game terms, historical or obsolete senses, abbreviations the text does not use, proper-noun
    senses. 開発 as a noun: "development" before any verb-only sense. JMdict's first sense is never
    pushed back for being an abbreviation or of another domain (端末 "terminal")."""
    wanted = _KIND_POS.get(token_pos, ())
    if context is not None and context.verbal and token_pos == "noun/suru-verb":
        wanted = (_SURU,)  # 直面する: the suru-verb's sense, where JMdict gives the noun its own
    if context is not None and context.used_as in _USED_AS:
        if context.used_as != "adv" or any(_ADVERB in s.pos for s in entry.senses):
            wanted = _USED_AS[context.used_as]  # プライベートな状態: the adj-na sense "private"
    article = context.article if context else frozenset()
    family = context.family if context else frozenset()
    close = context.close if context else frozenset()

    named = _named_senses(
        entry,
        article,
        family,
        close,
        context.kin if context else (),
        context.sentence if context else frozenset(),
    )

    fields = context.fields if context else frozenset()
    partners = context.partners if context else frozenset()
    local = context.local if context else None

    all_kana = all(USUALLY_KANA in s.misc for s in entry.senses)
    # JMdict's first sense, of a field neither the article nor the sentence is about, yields to a plain
    # sense of its part of speech: 打診 "sounding out" in an M&A report, not "percussion; tapping" (med).
    # Not the fields of the news this tool reads, whose senses are everyday in it: 端末 "terminal; computer
    # terminal" (comp), 株 "stock" (finc), 監事 "auditor" (law), not "stump", "supervisor"
    first = entry.senses[0] if entry.senses else None
    first_foreign = (
        first is not None
        and bool(first.fields)
        and not _NEWS_FIELDS & set(first.fields)
        and not any(f in fields or (local is not None and f in local) for f in first.fields)
        and any(not s.fields and set(s.pos or first.pos) & set(first.pos) for s in entry.senses[1:])
        # … unless that field is the word's own, another sense of it has it too: 卵焼き "rolled egg" and
        # "fried egg" (food) before "frying pan for making rolled eggs"
        and not any(set(s.fields) & set(first.fields) for s in entry.senses[1:])
    )
    all_abbreviations = all("abbreviation" in s.misc for s in entry.senses)
    modifies = bool(
        context is not None
        # right before a noun, or before の and a noun naming a thing (中堅の建設会社 "mid-level", as
        # 中堅メーカー; 原発の再稼働, an action, is the plant's; a loan's の is its own: ブランドの価値)
        and (context.before_noun is True or (context.no_then_thing and bool(entry.kanji)))
        and first is not None
        and set(first.pos) == {"noun (common) (futsuumeishi)"}  # 対面 "meeting face-to-face" (vs) stays
        and any(_NO_ADJ in s.pos for s in entry.senses[1:])
    )
    # … only where JMdict names one idiomatic sense (手を挙げる has three: "to surrender", "to improve",
    # "to volunteer"; none is more likely than its first, "to raise one's hand"), and where the
    # sentence does not modify the phrase's noun, which a set phrase keeps bare: 無制限の|保険をかける
    # is "to insure (something)", not "to hedge one's bets"
    idiom_entry = bool(
        first is not None
        and any("expressions" in p for p in first.pos)
        and _IDIOM not in first.misc
        and sum(_IDIOM in s.misc for s in entry.senses[1:]) == 1
        and not (context is not None and context.noun_modified)
    )
    # JMdict's first sense a journey (a ship's, a plane's), said here of an action or a plan: the senses
    # that are no journey come first — 交渉が難航 "rough going; running into trouble", not "difficult
    # voyage; hard flight"; 新体制の船出 "starting anew", not "setting sail"
    figurative = bool(
        context is not None
        and entry.senses
        and (
            (_literal(entry.senses[0], partners) and (context.abstract or partners & (_PROPOSALS | _REALMS)))
            or (
                _words("; ".join(entry.senses[0].glosses)) & _MOTIONS
                and (
                    context.abstract or partners & (_PROPOSALS | _REALMS | _AMOUNTS | _CHANGES | _FORECAST_OF)
                )
            )
        )
    )

    def rank(item: tuple[int, Sense]) -> tuple:
        index, sense = item
        pos_match = (
            not wanted
            or any(p in wanted for p in sense.pos)
            or (token_pos == "verb" and any("verb" in p for p in sense.pos))
        )
        # a sense JMdict gives only as a noun used prenominally where no noun follows (集約を進める:
        # "aggregating", not "intensiveness" as in 集約農業), when another sense is not; 出店 "opening a
        # store" (n, adj-f, vs) is a suru-verb's sense too
        if (
            context is not None
            and context.before_noun is False
            and _PRENOMINAL in sense.pos
            and set(sense.pos) <= {_PRENOMINAL, "noun (common) (futsuumeishi)"}
            and any(_PRENOMINAL not in s.pos for _, s in inherited)
        ):
            pos_match = False
        domain = pos_match and any(f in fields and (local is None or f in local) for f in sense.fields)
        # a qualifier in front narrows the word's plain sense and names no business sense of its own:
        # サービス "(after-sales) service; servicing" after "service; help; assistance"
        # … nor does a parenthesis saying what the sense is of: 解体 "dissolution (of an organization,
        # company, etc.)" names no business sense of panels taken apart (推進 "promotion (e.g. of a
        # government policy)", an example, does)
        heads = "; ".join(
            re.sub(r"\s*\(of [^()]*\)", "", re.sub(r"^\([^()]*\)\s*", "", g)) for g in sense.glosses
        )
        context_gloss = bool(_CONTEXT_GLOSS.search(heads)) or (
            "computing" in fields and bool(_TECH_GLOSS.search(heads))
        )
        # … a sense that only names a thing of the stock market only in an article whose words speak of
        # it (株価 "stock price", 株主 "shareholder"): 地場 "local stock exchange" in a report on a regional
        # retailer is "local"; 配当 "dividend", the market's own word, goes first anywhere
        if (
            context_gloss
            and context is not None
            and _MARKET_GLOSS.search(heads)
            and not any(_MARKET_GLOSS.fullmatch(_unbracketed(g).strip()) for g in sense.glosses)
            and not _MARKET & article
        ):
            context_gloss = bool(_CONTEXT_GLOSS.search(_MARKET_GLOSS.sub("", heads)))
        # a sense of another domain than the article's comes after the plain ones: ファースト "first
        # base" (baseball), 材料 "(market) factor" (finance) in a text about neither; so does a sense
        # usually written in kana when others are not (改善 "kaizen …" of the kanji 改善)
        # JMdict's first sense, the commonest, keeps its place: 端末 "terminal; computer terminal"
        # (comp) in a report on a tech zone, not "end (e.g. of a roll of film)"
        off_domain = (
            (bool(sense.fields) and not domain and index > 1)
            or (index == 1 and first_foreign)
            or (USUALLY_KANA in sense.misc and not all_kana)
        )
        # a verb with an object is used in a sense JMdict gives as transitive, when another sense is
        # only intransitive: 採用を働きかける "to work on (someone); to appeal to" [vt], not "to begin to
        # work" [vi] (the literal sense the figurative rule would put first)
        intransitive = bool(
            context is not None
            and context.has_object
            and _INTRANSITIVE in sense.pos
            and _TRANSITIVE not in sense.pos
            and any(_TRANSITIVE in s.pos for _, s in inherited)
        )
        return (
            _never_first(sense, context),
            intransitive,
            not (
                _collocates(sense, partners, context)
                or (figurative and index > 1 and not _literal(sense, partners))
            ),
            # an expression's sense JMdict marks idiomatic before its literal first one: news says 投資
            # 意欲に水を差す "to hinder", 警鐘を鳴らす "to sound a warning", not "to pour water (into)",
            # "to ring an alarm bell" (4 of the 5 such cards over the development set and the unseen
            # news; ふたを開けてすぐ飲める is the lid itself)
            not (idiom_entry and _IDIOM in sense.misc),
            # right before a noun, the sense JMdict gives as a no-adjective when its first is a plain
            # noun: 中堅|メーカー "mid-level; midsize", not "nucleus; backbone"; 大口|契約 "large amount"
            # (not a domain's: 店頭価格 is no "over-the-counter" (finance) price)
            not (modifies and _NO_ADJ in sense.pos and not sense.fields),
            # an abbreviation's sense after the word's own: プロパー "proper" … before "propaganda
            # (abbr.)"; not JMdict's first sense, the commonest: 端末 "terminal" (short for 端末装置)
            # unless the article has the word it is short for: 携帯 "mobile phone" beside 携帯電話
            "abbreviation" in sense.misc and not all_abbreviations and index > 1 and named.get(index) != 3,
            off_domain and named.get(index) != 3,
            not domain,
            not pos_match,
            # a suru-noun used as its verb: a sense JMdict glosses as a verb before one it glosses as a
            # noun, both taking する (通用しにくい "to pass as; to pass for", not "popular use; circulation")
            bool(context is not None and context.verbal and not sense.glosses[0].startswith("to ")),
            # used as an adverb, the sense that is most nearly one: 当面は…続く → "for the meantime" (adv,
            # adj-no) before "current; urgent" (adj-no, n, adv)
            sum(p != _ADVERB for p in sense.pos) if wanted == (_ADVERB,) and pos_match else 0,
            # a sense whose gloss names what the article's other words are about: 引き上げ "raising;
            # increase" in a wage report (賃上げ "wage increase"), not "pulling up; salvage"; 工作 "work;
            # construction; manufacturing" in a report on industry, not "handicraft"
            -named.get(index, 0),
            not context_gloss,
            index,
        )

    numbered = list(enumerate(entry.senses, start=1))
    # a sense without its own POS inherits the one before it (JMdict lists POS once for a run)
    inherited: list[tuple[int, Sense]] = []
    last_pos: tuple[str, ...] = ()
    for index, sense in numbered:
        last_pos = sense.pos or last_pos
        inherited.append((index, replace(sense, pos=last_pos)))
    return sorted(inherited, key=rank)


_IDIOM = "idiomatic expression"  # JMdict's misc tag
_BRITISH_IS = re.compile(r"is(e|ed|es|ing|ation|ations)\b")


def _gloss_key(gloss: str) -> str:
    # British and American spellings are one gloss: realization; realisation → realization
    return _BRITISH_IS.sub(r"iz\1", gloss.lower()).replace("our", "or")


def _glosses(sense: Sense) -> list[str]:
    seen: set[str] = set()
    kept = []
    for g in sense.glosses:
        key = _gloss_key(g)
        if key not in seen:
            seen.add(key)
            kept.append(g)
    return kept


def _sense_html(sense: Sense, previous: Sense | None = None) -> str:
    """One sense; its POS tag only where it differs from the sense listed before it."""
    tags = [pos_tag(p) for p in sense.pos] if previous is None or previous.pos != sense.pos else []
    tags += [DOMAIN_FIELDS[f] for f in sense.fields if f in DOMAIN_FIELDS]
    prefix = f'<span class="pos">{esc(", ".join(tags))}</span> ' if tags else ""
    return prefix + esc("; ".join(_glosses(sense)))


def _sense_list(senses: list[tuple[int, Sense]], numbered: bool) -> str:
    items = []
    previous = None
    for index, sense in senses:
        value = f' value="{index}"' if numbered else ""
        items.append(f"<li{value}>{_sense_html(sense, previous)}</li>")
        previous = sense
    return "<ol>" + "".join(items) + "</ol>"


def compound_meaning(candidate: Candidate) -> str:
    """A compound missing from JMdict, as the breakdown of its parts, each with its reading and
    first gloss: 半導体 はんどうたい semiconductor · 受託生産 じゅたくせいさん contract manufacturing.

    The part and its reading are ``.part`` (hidden on the production front, where they would give the
    answer away). A katakana compound of loans is their breakdown too (アクセス access · トークン token:
    pipeline.breakdown never cuts one loan into pieces); a compound without parts is not carded
    (pipeline.resolve_compounds), so the note below is only a fallback."""
    if not candidate.parts:
        return '<span class="no-gloss">not in the dictionary</span>'
    items = []
    for part, reading, glosses in candidate.parts:
        gloss = esc(glosses[0]) if glosses else "?"
        shown_reading = f' <span class="reading">{esc(reading)}</span>' if reading and reading != part else ""
        items.append(f'<span class="part">{esc(part)}{shown_reading}</span> {gloss}')
    return '<span class="breakdown">' + " · ".join(items) + "</span>"


def definitions(candidate: Candidate, context: SenseContext | None = None) -> tuple[str, str, str]:
    """(MainDefinition, Glossary, PartOfSpeech) as HTML."""
    if candidate.entry is None:  # compound missing from JMdict: the breakdown of its parts
        glossary = (
            "<ul>"
            + "".join(
                f"<li>{esc(p)} <span class=reading>{esc(r)}</span>: {esc('; '.join(g)) or '—'}</li>"
                for p, r, g in candidate.parts
            )
            + "</ul>"
        )
        return compound_meaning(candidate), glossary, "compound noun"
    senses = ordered_senses(candidate.entry, candidate.token_pos, context)
    shown = _plain_senses(senses[:MAIN_SENSES], context)
    if context is not None and context.company:  # 楽天グループ: the company, not "optimism"
        shown = [(0, Sense((context.company,), ("company name",)))] + shown[: MAIN_SENSES - 1]
    main = _sense_list(shown, numbered=False)
    glossary = _sense_list(sorted(senses, key=lambda x: x[0]), numbered=True)
    pos = []
    for _, s in senses:
        for p in s.pos:
            if pos_tag(p) not in pos:
                pos.append(pos_tag(p))
    return main, glossary, esc(", ".join(pos))


def kanji_html(word: str, kanji: dict[str, Kanji]) -> str:
    """誘: entice, lead, tempt · ユウ · さそ.う"""
    rows = []
    for ch in dict.fromkeys(c for c in word if is_kanji(c)):
        k = kanji.get(ch)
        if not k:
            continue
        bits = [esc(", ".join(k.meanings[:4]))]
        # the commonest readings only: 上 has 17 kun readings in KANJIDIC2
        if k.on:
            bits.append(esc("、".join(k.on[:3])))
        if k.kun:
            bits.append(esc("、".join(k.kun[:4])))
        rows.append(
            f'<div class="kanji-row"><span class="kanji-char">{esc(ch)}</span> ' + " · ".join(bits) + "</div>"
        )
    return "".join(rows)


# ------------------------------------------------------------------------------------------------ cards


TITLE_LENGTH = 60  # characters: a longer "title" is the text's first paragraph, not its title


def article_name(article: Article) -> str:
    """How a card names its article: the title, else the file name — never a paragraph (a text with
    no title line gives its first sentence as the title: 「ユニクロ」などを展開する…は、…しました。)."""
    title = article.title.strip()
    if title and len(title) <= TITLE_LENGTH and "。" not in title:
        return title
    name = re.split(r"[\\/]", article.source)[-1]
    return re.sub(r"\.(txt|md|html?|epub)$", "", name, flags=re.IGNORECASE) or title[:TITLE_LENGTH]


def example_of(
    occurrence: Occurrence, word: str = "", reading: str = "", segments: Sequence[Segment] | None = None
) -> Example:
    a = occurrence.sentence.article
    # a web page is named by its address too: the card says where to read the article again
    url = a.source if re.match(r"https?://", a.source) else ""
    source = " · ".join(x for x in (article_name(a), a.date, url) if x)
    return Example(
        sentence_html(occurrence),
        sentence_furigana(occurrence, word, reading, segments),
        sentence_cloze(occurrence, cloze_hint(reading)),
        source,
    )


def frequency_label(candidate: Candidate) -> str:
    """The frequency in plain words, from the best evidence there is: the word's own wordfreq Zipf, else
    the JMdict priority tags of its entry, else select's estimate from its parts.

    very common: Zipf ≥ 5 (会社, 発表); common in news: Zipf ≥ 4 or a JMdict news1/news2 tag (決算,
    誘致); uncommon: Zipf ≥ 3, or any "1" tag (ichi1, spec1, gai1: a list of common words); rare: below,
    or never seen. wordfreq splits 株式市場 (spec1 → 4.0) and 研究開発 (研究|開発 → 4.2): their tags or
    parts say how common they are, never "rare". An estimate from parts below 3 is no evidence of
    rarity (人手|不足 2.8: a compound is rarer than its parts by a guess): no label, like a compound
    JMdict lacks, or a phrase of several tokens that neither wordfreq nor JMdict's tags know (欠かせない:
    wordfreq counts 欠かせ and ない)."""
    zipf = candidate.frequency or 0.0
    tags = set(candidate.entry.priority_of(candidate.word)) if candidate.entry else set()
    news = bool({"news1", "news2"} & tags)
    listed = news or any(t.endswith("1") for t in tags)
    if not zipf and candidate.entry:
        tagged = tag_zipf(candidate.entry, candidate.word)
        if tagged is not None:
            zipf = tagged
        elif candidate.estimated_frequency >= 3.0:
            zipf = candidate.estimated_frequency
        elif candidate.estimated_frequency and not listed:
            return ""
    if not zipf and not listed and any(o.last - o.first > 1 for o in candidate.examples[:1]):
        return ""  # 欠かせ|ない, 待っ|た|なし: a phrase wordfreq splits and JMdict tags not: no evidence
    if candidate.is_compound and not zipf:
        return ""
    if zipf >= 5.0:
        return "very common"
    if zipf >= 4.0 or news:
        return "common in news"
    if zipf >= 3.0 or listed:
        return "uncommon"
    return "rare"


def _frequency(candidate: Candidate) -> tuple[str, str]:
    bits = []
    if candidate.frequency:
        bits.append(f"Zipf {candidate.frequency:.1f}")
    if candidate.entry and candidate.entry.id:
        pri = candidate.entry.priority_of(candidate.word)
        if pri:
            bits.append(" ".join(pri))
    zipf = candidate.frequency or 0.0
    sort = max(0, int(round((8.0 - zipf) * 1000)))  # common words first: Zipf 5 → 3000, unseen → 8000
    return esc(" · ".join(bits)), str(sort)


def guessed_reading(occurrence: Occurrence, segments: Sequence[Segment]) -> bool:
    """True when a ruby in the shown part of the sentence is a guess (no dictionary agreed)."""
    start, end, _, _ = _shown(occurrence)
    return any(s.guess and s.start >= start and s.end <= end for s in segments)


def tags_for(candidate: Candidate, guessed: bool = False) -> tuple[str, ...]:
    tags = ["tangocho"]
    if candidate.entry is not None:
        fields = sorted(
            {DOMAIN_FIELDS[f] for s in candidate.entry.senses for f in s.fields if f in DOMAIN_FIELDS}
        )
        tags += [f"domain::{f}" for f in fields]
        tags += [f"jmdict::{p}" for p in candidate.entry.priority_of(candidate.word)]
    if candidate.is_compound:
        tags.append("compound")
    if candidate.token_pos == "name":
        tags.append("name")
    if not candidate.reading_checked or guessed:  # the word's reading, or one in its sentence
        tags.append("check::reading")
    return tuple(tags)


def render(
    candidate: Candidate,
    kanji: dict[str, Kanji],
    deck: str,
    card_types: Iterable[str] = ("recognition",),
    readings: Sequence[Sequence[Segment]] | None = None,
    context: SenseContext | None = None,
) -> Card:
    """``readings``: the ruby segments of each example sentence (pipeline.make_cards reads them with
    the dictionary, reading.read_sentence); without them sentences are read token by token.
    ``context``: what the article and sentence say about the senses (pipeline.make_cards)."""
    main, glossary, pos = definitions(candidate, context)
    frequency, freq_sort = _frequency(candidate)
    card_types = set(card_types)
    segs: list[Sequence[Segment] | None] = list(readings) if readings is not None else []
    segs += [None] * (len(candidate.examples) - len(segs))
    examples = [
        example_of(o, candidate.word, candidate.reading, seg)
        for o, seg in zip(candidate.examples, segs, strict=False)
    ]
    guessed = bool(candidate.examples and segs[0]) and guessed_reading(candidate.examples[0], segs[0])
    accent = candidate_pitch(candidate)
    fields = {
        "Expression": esc(candidate.word),
        "ExpressionFurigana": furigana(candidate.word, candidate.reading).strip(),
        "ExpressionReading": esc(candidate.reading),
        "MainDefinition": main,
        "Glossary": glossary,
        "PartOfSpeech": pos,
        "Kanji": kanji_html(candidate.word, kanji),
        "Frequency": frequency,
        "FreqSort": freq_sort,
        "FrequencyLabel": frequency_label(candidate),
        **pitch_fields(accent),
        "ExpressionAudio": "",  # filled by the audio stage (--audio)
        "SentenceAudio": "",
        "Notes": "",
        **{make_field(kind): "y" if kind in card_types else "" for kind in CARD_TYPES},
        "Key": esc(candidate.key),
    }
    tags = tags_for(candidate, guessed) + (() if accent else ("check::pitch",))
    card = Card(key=candidate.key, fields=fields, tags=tags, deck=deck)
    return with_examples(card, examples)


def candidate_pitch(candidate: Candidate) -> Pitch | None:
    """The word's accent from the tokens of its first example (None: UniDic does not decide it)."""
    if not candidate.examples:
        return None
    o = candidate.examples[0]
    return word_pitch(o.sentence.tokens[o.first : o.last], candidate.word, candidate.reading)


def with_examples(card: Card, examples: Iterable[Example]) -> Card:
    """Fill the example-derived fields: the first sentence on the front, the rest on the back."""
    examples = list(examples)
    first = examples[0] if examples else Example("", "", "", "")
    more = "".join(
        f'<div class="more-sentence">{e.sentence}'
        + (f'<div class="source">{esc(e.source)}</div>' if e.source != first.source else "")
        + "</div>"
        for e in examples[1:]
    )
    sources = list(dict.fromkeys(e.source for e in examples if e.source))
    fields = dict(card.fields)
    fields.update(
        Sentence=first.sentence,
        SentenceFurigana=first.furigana,
        SentenceCloze=first.cloze,
        MoreSentences=more,
        MiscInfo=esc(" / ".join(sources)),
    )
    return replace(card, fields={name: fields[name] for name in FIELDS}, examples=tuple(examples))


def _plain(html_text: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", html_text))


def merge_examples(card: Card, earlier: Iterable[Example]) -> Card:
    """Keep the sentences an earlier build showed, in their order (the front stays the same), then add
    new ones, up to three. A sentence present in this build is shown as rendered now (fresh furigana,
    title); one from an article no longer in the input keeps its stored rendering."""
    current = {_plain(e.sentence): e for e in card.examples}
    earlier = list(earlier)
    if earlier and any(not _no_sentence(e) for e in card.examples):  # (nothing earlier: nothing to drop)
        # a heading or caption an earlier build put on the front (東京証券取引所。) gives way to a real
        # sentence of this build: headings and captions only when a word has nothing else
        earlier = [e for e in earlier if not _no_sentence(e)]
    merged: list[Example] = []
    seen: set[str] = set()
    for e in [*earlier, *card.examples]:
        key = _plain(e.sentence)
        if key in seen or len(merged) >= MAX_EXAMPLES:
            continue
        seen.add(key)
        merged.append(current.get(key, e))
    return with_examples(card, merged) if merged != list(card.examples) else card


def _no_sentence(example: Example) -> bool:
    """A rendered example that is a heading, caption or byline (shown whole: a cut is judged when cut)."""
    return _heading_text(_plain(example.sentence).strip())


@lru_cache(maxsize=8192)  # a build merges each card's sentences twice (pipeline.write, then deck.write_deck)
def _heading_text(text: str) -> bool:
    from .examples import HEADING, example_rank

    return (
        bool(text) and not text.startswith("…") and not text.endswith("…") and example_rank(text) >= HEADING
    )
