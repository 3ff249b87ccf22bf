"""Which sentences make good examples: a full clause beats a heading, and credits are no sentences.

Two levels. ``example_rank``/``example_key`` judge a sentence by itself (select.py keeps each word's
best sentences by them while it reads, as text): the grammar of its end, read from the tokenizer's parts
of speech. ``arrange`` then orders each chosen word's sentences for its card, knowing the word's place
in them and the other cards of the deck: the word standing on its own beats the word inside a name or a
longer carded word, and a sentence no other note shows on its front beats one already used.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache

from .models import Candidate, Occurrence, Token
from .tokenize import tokenize, tokenized

CLAUSE, NOUN_END, HEADING, CAPTION = 0, 1, 2, 3  # example ranks, best first

# (唐山=新華社記者/牟宇), (写真:視覚中国), 写真提供: 共同, 撮影・文 山田: photo credits and captions
_CREDIT = re.compile(
    r"[=＝][^。]*(記者|撮影|提供)"  # 唐山=新華社記者/牟宇
    r"|^(写真|撮影|出典|提供|画像|資料|図表?|文|取材)[\s・/／:：]"
    r"|記者[)）]?$|©|Ⓒ|\(c\)"
)
_CLOSERS = "。．.！!？?」』）)　 "


# A headline strings phrases with spaces and ends without 。: 日経平均株価 大幅に値を下げて取引終える
# 円高進行で業績期待がしぼんだか — a sentence of running text has no space between Japanese words.
# Compiled on first use, not on import: its two wide classes cost ~3 ms to compile, and only a line
# without a full stop, or a title line, is ever tested (the seed has none).
@lru_cache(maxsize=1)
def _headline_space() -> re.Pattern[str]:
    return re.compile(r"[\u3040-\u30ff\u4e00-\u9fff][ \u3000]+[\u3040-\u30ff\u4e00-\u9fff0-9]")


LONG = 100  # characters: a longer sentence is shown cut (render.LONG_SENTENCE)
_ENDS = ("。", "．", "！", "？", "!", "?", "」", "』")
_FULL_STOPS = ("。", "．", "！", "？", "!", "?")
_SYMBOLS = frozenset({"補助記号", "記号", "空白"})
_OPEN = "「『（(【〈《［["
_CLOSE = "」』）)】〉》］]"
# 係助詞 marking a topic: 売買高は概算で25億株。 is a sentence (the copula left out), 金融市場。 is not
_TOPIC = frozenset({"は", "も", "こそ"})
# case particles a verbal noun governs when it ends a news sentence: 量産化を発表。 利上げの可能性に言及。
_ARGUMENT = frozenset({"を", "に", "と", "が", "へ", "から"})
_COPULAS = frozenset({"です", "だ", "でございます", "である"})


def _content(tokens: Sequence[Token]) -> list[Token]:
    """The tokens up to the last word: final punctuation, brackets and a final parenthesis dropped
    (純利益1080億円(同136.1%)。 ends on 円)."""
    end = len(tokens)
    while end:
        t = tokens[end - 1]
        if t.pos[0] in _SYMBOLS or not t.surface.strip():
            if t.surface in ")）" and end >= 2:  # skip the whole final parenthesis
                depth, k = 0, end - 1
                while k >= 0:
                    depth += tokens[k].surface in ")）"
                    depth -= tokens[k].surface in "(（"
                    if depth == 0:
                        break
                    k -= 1
                if k > 0:  # a line that is all parenthesis is left to the credit rule
                    end = k
                    continue
            end -= 1
            continue
        break
    return list(tokens[:end])


def _is_predicate(t: Token) -> bool:
    """A verb, an adjective, an auxiliary (copula, た, ない, ます) or a sentence-final particle:
    減少した, 高い, 課題だ, 増えています, 上がるか, 分かりやすい (やすい: an adjective suffix)."""
    p1, p2, _ = t.pos
    return (
        p1 in ("動詞", "形容詞", "助動詞")
        or (p1 == "接尾辞" and p2 in ("形容詞的", "動詞的"))
        or (p1 == "助詞" and p2 == "終助詞")
    )


def _attributive(t: Token) -> bool:
    """The copula's attributive form before a noun: 不可欠|な|半導体, 重要|な|課題."""
    return t.pos[0] == "助動詞" and t.surface == "な"


def _grammar_rank(occurrence: Occurrence) -> int:
    s = occurrence.sentence
    return sentence_rank(s.text, s.tokens) if s.tokens else example_rank(s.text)


def title_only(candidate: Candidate) -> bool:
    """The word stands only in its article's title line and that line is a headline (先端半導体の国内生産
    補助金で工場建設を後押し; 業務効率化進む一方、電力需要が急増　地方への分散急ぐ, phrases strung with
    spaces): the body never uses it, and its one example would be the headline. A title that is a
    sentence (半導体の設備投資が増加した。) is an example like any other; words the include list name stay."""
    return (
        not candidate.included
        and bool(candidate.examples)
        and all(
            o.sentence.article.title
            and o.sentence.text.strip() == o.sentence.article.title.strip()
            # by its grammar (occurrence_key ranks any title a heading), or strung with spaces
            and (_grammar_rank(o) >= HEADING or bool(_headline_space().search(o.sentence.text.strip())))
            for o in candidate.examples
        )
    )


# Lines the text itself marks as no running text: a subheading's bullet (■中韓との価格差が縮小) and a photo
# caption's closing "＝ date, place" (…ばら積み船＝5日、愛媛県今治市; 国産小麦の増産も課題だ＝北海道帯広市).
_MARKED_LINE = re.compile(r"^[■□◆◇●○▼▽▲△★☆◎]|[=＝][^。「」=＝]{2,30}$")


def marked_only(candidate: Candidate, others: Sequence[Candidate] = ()) -> bool:
    """Every sentence the word has is a line the text marks as a subheading or a photo caption, and no
    sentence among the ``others``' examples holds it inside a longer word (arrange would borrow that one:
    ■決算の見通し, and …の連結決算は増益だった): its card would show that line (■生保、金利上昇を追い風に
    is all 生保 has). Unmarked headline-like lines stay examples of last resort (実用化を推進 in a
    translated article); words the include list names stay."""
    if candidate.included or not candidate.examples:
        return False
    if not all(_MARKED_LINE.search(o.sentence.text.strip()) for o in candidate.examples):
        return False
    pool = (o for other in others if other is not candidate for o in other.examples)
    return _borrowed(candidate.word, pool) is None


def _noun_like(t: Token) -> bool:
    p1 = t.pos[0]
    return p1 in ("名詞", "接頭辞", "代名詞") or (p1 == "接尾辞" and t.pos[1] == "名詞的") or t.is_unknown


def sentence_rank(text: str, tokens: Sequence[Token]) -> int:
    """How good ``text`` (tokenized as ``tokens``) is as an example, by the grammar of its end:

    0 (CLAUSE): it ends on a predicate — a verb, adjective or auxiliary (増えています。, 好調だ);
    1 (NOUN_END): a news sentence without its copula or verb: a topic and a noun (売買高は概算で25億株。),
      a verbal noun after its argument (量産化を発表。, 可能性に言及。), a final particle (展開に。), a
      clause left open (全固体電池について。);
    2 (HEADING): no 。 and no predicate (今後の展望と課題, 実用化を推進), or a noun phrase with 。
      (不安定な値動きが続く金融市場。);
    3 (CAPTION): a credit line, a label of nouns only (東京証券取引所。, ファーストリテイリング
      柳井正会長兼社長), a byline (ACS事業部 亀崎です。).
    """
    t = text.strip()
    # a line that is one parenthesis is judged like any other: (写真:視覚中国) is nouns, a caption;
    # (コピーしてファイル名が変わり、そのままコミットしてしまった) a clause
    if not t or _CREDIT.search(t):
        return CAPTION
    words = _content(tokens)
    if not words:
        return CAPTION
    ended = t.rstrip("」』）)　 ").endswith(_FULL_STOPS)
    last = words[-1]
    # ACS事業部 亀崎です。, 営業部の田中です: a self-introduction — a person's name and a copula
    if (
        last.surface in _COPULAS
        and len(words) <= 8
        and any(w.pos[1] == "固有名詞" and w.pos[2] == "人名" for w in words)
        and all(_noun_like(w) or w.pos[0] in _SYMBOLS or w.surface == "の" for w in words[:-1])
    ):
        return CAPTION
    # 東京証券取引所。 ファーストリテイリング 柳井正会長兼社長: nouns only — a caption or a label
    if all(_noun_like(w) or w.pos[0] in _SYMBOLS for w in words):
        return CAPTION
    if _is_predicate(last):
        return CLAUSE
    if not ended:
        return HEADING
    if last.pos[0] == "助詞":
        return NOUN_END  # 全面安の展開に。 全固体電池について。
    particles = {w.surface for w in words if w.pos[0] == "助詞"}
    if particles & _TOPIC:
        return NOUN_END
    # …安全な開発ができるようになること。 …を発行する方針。: a clause and the noun it ends on, the copula
    # left out (a caption's clause modifies a compound: 値動きが続く|金融|市場。)
    # …に不可欠な半導体。: the attributive copula な makes a noun phrase, not a clause (a caption's
    # lead-in: 次世代のスマートフォンやAIに不可欠な半導体。)
    if len(words) >= 2 and _is_predicate(words[-2]) and not _attributive(words[-2]):
        return NOUN_END
    if last.pos[2].startswith("サ変") and particles & _ARGUMENT:
        return NOUN_END
    # 建設業が最も高く50.0%。 要因は…が114件。: a figure is the predicate
    if last.pos[1] == "数詞" or (
        last.pos[2] == "助数詞可能" and len(words) >= 2 and words[-2].pos[1] == "数詞"
    ):
        return NOUN_END
    return HEADING


@lru_cache(maxsize=8192)  # called for every occurrence of every word: the same few sentences
def example_rank(text: str) -> int:
    """``sentence_rank`` of a sentence known as text only (tokenized here, once per sentence)."""
    return sentence_rank(text, tokenized(text))


def _key(rank: int, text: str, title: str) -> tuple[int, int]:
    t = text.strip()
    if rank < 2 and (
        (title and t == title.strip()) or (not t.endswith(_ENDS) and _headline_space().search(t))
    ):
        rank = 2
    elif rank == 0 and not t.endswith(_ENDS):
        rank = 1  # a clause with no 。 is mostly a subhead in news (蓄電池の導入に補助金、出力制御に備える)
    return rank, int(len(t) > LONG)


@lru_cache(maxsize=8192)
def example_key(text: str, title: str = "") -> tuple[int, int]:
    """How good an example ``text`` is, smaller is better: (its rank, 1 if it must be shown cut).

    The article's title line is a heading whatever its grammar (蓄電池の導入に補助金、出力制御に備える),
    and so is a line that strings phrases with spaces; among equals a sentence short enough to be
    shown whole beats one cut to the clauses around the word (a cut may lose the predicate)."""
    return _key(example_rank(text), text, title)


def occurrence_key(occurrence: Occurrence) -> tuple[int, int]:
    """``example_key`` of the occurrence's sentence, from its own tokens when it has them."""
    s = occurrence.sentence
    if not s.tokens:
        return example_key(s.text, s.article.title)
    return _key(sentence_rank(s.text, s.tokens), s.text, s.article.title)


# ------------------------------------------------------------------------------ the word in its sentence


def _name_part(t: Token) -> bool:
    p1, p2, p3 = t.pos
    if t.is_unknown:
        return bool(t.surface.strip()) and p1 not in _SYMBOLS
    if p3 == "副詞可能":  # 米国経済指標|次第では: 次第, 以上, 中 end a name's run
        return False
    return (p1 == "名詞" and p2 != "数詞") or p1 == "接頭辞" or (p1 == "接尾辞" and p2 == "名詞的")


def inside_name(occurrence: Occurrence, longer: Iterable[str] = ()) -> bool:
    """The word is a piece of something longer, not a word in use: of a noun run that holds a proper
    noun and goes on after the word (産業 in 無錫|ハイテク|産業|開発|区, 工作 in 共産党|工作|委員会 — but
    not 株式市場 in 東京|株式市場, which ends the run), or of one of ``longer`` (names the text marks,
    longer words of the deck: 産業 in 新興産業) written over it."""
    tokens = occurrence.sentence.tokens
    first, last = occurrence.first, occurrence.last
    if not tokens or last > len(tokens):
        return False
    text = occurrence.sentence.text
    a, b = tokens[first].start, tokens[last - 1].end
    edges: tuple[set[int], set[int]] | None = None  # the tokens' starts and ends, once a word is over it
    for word in longer:
        p = text.find(word)
        while p >= 0:
            # on token edges: 物価高 is not written over 物価 in 物価|高騰
            if p <= a and b <= p + len(word) and len(word) > b - a:
                if edges is None:
                    edges = {t.start for t in tokens}, {t.end for t in tokens}
                if p in edges[0] and p + len(word) in edges[1]:
                    return True
            p = text.find(word, p + 1)
    lo = first
    while lo > 0 and _name_part(tokens[lo - 1]):
        lo -= 1
    hi = last
    while hi < len(tokens) and _name_part(tokens[hi]):
        hi += 1
    if hi == last:
        return False
    return any(t.pos[1] == "固有名詞" for t in (*tokens[lo:first], *tokens[last:hi]))


_PARENTHESIS = re.compile(r"[(（][^()（）]*[)）]|\s")


def _same(text: str) -> str:
    """One key for a sentence the text repeats with or without a parenthesis: 総額は235.42億米ドル
    であった。 and 総額は235.42億米ドル(約2.5兆円)であった。"""
    return _PARENTHESIS.sub("", text)


def _cut_rank(occurrence: Occurrence, rank: int) -> int:
    """The rank of what the card shows of a long sentence: a cut that ends on a clause's verb keeps
    the sentence's rank (…契約を相次いで締結し、…), one left without it is a fragment
    (特に、重大な科学技術プロジェクトに関しては、…: the clause after it is too long to show)."""
    from .render import _window_of  # render imports select, which imports this module

    tokens = occurrence.sentence.tokens
    lo, hi = _window_of(occurrence)  # (remembered: the card renders the same window)
    if hi >= len(tokens):
        return rank
    words = _content(tokens[lo:hi])
    return rank if words and _is_predicate(words[-1]) else max(rank, HEADING)


_QUOTE_KEEP = 12  # characters of an elided quote kept before its …


def elide_quotes(occurrence: Occurrence) -> Occurrence:
    """A long sentence whose word stands outside a long quoted speech, with the speech cut to its first
    words: the sentence stays whole around the word, predicate and all — 「企業の対外進出が難しく、…」と
    商務局局長は語る, not …努力した」と商務局局長は語る (a stray 」) nor 190 characters. The shortened
    sentence is tokenized again, so that the card's furigana, cloze and audio read what it shows."""
    from .render import LONG_SENTENCE, _bracket_pairs

    s = occurrence.sentence
    tokens, text = s.tokens, s.text
    if len(text) <= LONG_SENTENCE or not tokens:
        return occurrence
    wa, wb = tokens[occurrence.first].start, tokens[occurrence.last - 1].end
    pairs = [
        (tokens[a].end, tokens[b].start)  # the quote's inside, in characters
        for a, b in _bracket_pairs(tokens)
        if tokens[a].surface in "「『" and not (tokens[a].end <= wa and wb <= tokens[b].start)
    ]
    cuts: list[tuple[int, int]] = []
    excess = len(text) - LONG_SENTENCE
    for a, b in sorted(pairs, key=lambda p: p[0] - p[1]):  # the longest quote first
        if excess <= 0 or b - a < 3 * _QUOTE_KEEP or any(x <= a < y or a <= x < b for x, y in cuts):
            continue
        # after a particle, never inside a word: 「我々は、無錫ハイテク産業開発区の…」, not 「…産業…」
        keep = next(
            (
                t.end
                for t in tokens
                if t.start >= a and _QUOTE_KEEP <= t.end - a <= 2 * _QUOTE_KEEP and t.pos[0] == "助詞"
            ),
            next((t.end for t in tokens if t.start >= a and t.end - a >= _QUOTE_KEEP), a),
        )
        clause = next((t.end for t in tokens if a < t.start and t.end <= b and t.surface in "、，"), None)
        if clause is not None and _QUOTE_KEEP // 2 <= clause - a <= 2 * _QUOTE_KEEP:
            keep = clause  # 「企業の対外進出が難しく、…」: up to its first clause mark (not 「我々は、…」)
        if keep >= b:
            continue
        cuts.append((keep, b))
        excess -= b - keep - 1
    if not cuts or excess > 0 and len(text) - sum(b - a - 1 for a, b in cuts) > 2 * LONG_SENTENCE:
        return occurrence
    pieces, shift, pos = [], [], 0
    for a, b in sorted(cuts):
        pieces += [text[pos:a], "…"]
        shift.append((a, b))
        pos = b
    pieces.append(text[pos:])
    short = "".join(pieces)

    def moved(x: int) -> int | None:
        d = 0
        for a, b in shift:
            if a < x < b:
                return None
            if x >= b:
                d += b - a - 1
        return x - d

    na, nb = moved(wa), moved(wb)
    new_tokens = tokenize(short)
    first = next((k for k, t in enumerate(new_tokens) if t.start == na), None)
    last = next((k + 1 for k, t in enumerate(new_tokens) if t.end == nb), None)
    if na is None or nb is None or first is None or last is None or last <= first:
        return occurrence
    ruby = tuple(
        (moved(a), moved(b), r) for a, b, r in s.ruby if moved(a) is not None and moved(b) is not None
    )
    return Occurrence(replace(s, text=short, tokens=new_tokens, ruby=ruby), first, last)


def _on_its_own(occurrence: Occurrence, longer: Sequence[str]) -> Occurrence:
    """The occurrence, or a later one in the same sentence where the word stands on its own:
    無錫ハイテク産業開発区全体でハイテク産業が着実な発展を遂げ marks the second ハイテク産業."""
    if not inside_name(occurrence, longer):
        return occurrence
    tokens = occurrence.sentence.tokens
    n = occurrence.last - occurrence.first
    surfaces = [t.surface for t in tokens[occurrence.first : occurrence.last]]
    for k in range(occurrence.last, len(tokens) - n + 1):
        if [t.surface for t in tokens[k : k + n]] == surfaces:
            other = Occurrence(occurrence.sentence, k, k + n)
            if not inside_name(other, longer):
                return other
    return occurrence


def _span_of(word: str, occurrence: Occurrence) -> Occurrence | None:
    """The word's tokens inside the occurrence's sentence, on token edges (決算 in 連結|決算が…)."""
    tokens = occurrence.sentence.tokens
    for a in range(len(tokens)):
        text = ""
        for b in range(a, len(tokens)):
            text += tokens[b].surface
            if text == word:
                return Occurrence(occurrence.sentence, a, b + 1)
            if not word.startswith(text):
                break
    return None


def _borrowed(word: str, pool: Iterable[Occurrence]) -> Occurrence | None:
    """A sentence of the text, among other cards' examples, that holds the word inside a longer unit,
    for a word whose own sentences are headings or captions only: ■決算について is all 決算 has, and
    連結決算が過去最高となった holds it (the ruby and the cloze mark 決算 there)."""
    seen: set[str] = set()
    best: tuple[int, Occurrence] | None = None
    for o in pool:
        text = o.sentence.text
        # (nor a marked line itself, another card's: ■コロナ特需の反動、いまだ尾を引く is a heading
        # whatever words it holds)
        if word not in text or text in seen or not o.sentence.tokens or _MARKED_LINE.search(text.strip()):
            continue
        seen.add(text)
        rank = occurrence_key(o)[0]
        if rank >= HEADING or (best and best[0] <= rank):
            continue
        span = _span_of(word, o)
        if span is not None:
            best = (rank, span)
    return best[1] if best else None


def _containing(word: str, words: Sequence[str], index: tuple[str, list[int]] | None = None) -> list[str]:
    """The longer ``words`` that hold ``word``, in their order. ``index``: ``_index(words)`` (arrange asks
    for each of its words: one search of the words joined, not a test of each — for the seed's 155
    cards 24,000 tests)."""
    if index is None or not word:
        return [w for w in words if len(w) > len(word) and word in w]
    joined, starts = index
    found: list[str] = []
    last = -1
    at = joined.find(word)
    while at >= 0:
        k = bisect.bisect_right(starts, at) - 1
        if k != last and len(words[k]) > len(word):
            found.append(words[k])
            last = k
        at = joined.find(word, at + 1)
    return found


def _index(words: Sequence[str]) -> tuple[str, list[int]]:
    """The words joined by NUL (no word holds one: a match lies inside one word), and where each starts."""
    starts, at = [], 0
    for w in words:
        starts.append(at)
        at += len(w) + 1
    return "\0".join(words), starts


def arrange(candidates: Sequence[Candidate], names: Iterable[str] = ()) -> list[Candidate]:
    """Each card's example sentences in the order they are shown, the first on the front.

    Best first: a real sentence before a heading or caption (those stay only when the word has nothing
    else: 東京証券取引所。 never sits under a full sentence in MoreSentences); then a sentence of the
    article the word was first shown from (its subdeck); then the word on its own rather than inside a
    name or a longer card word (産業 in 新興の産業体系, not in 無錫ハイテク産業開発区); then the sentence's
    rank; then one that no card before it (in deck order: best words first) shows on its front —
    売上高, 売上収益, 売上, 収益 are four words of one sentence, and each gets a sentence of its own where
    it has one as good (a sentence cut to the clauses around the word counts as good); then one
    shown whole; then the order select.py kept."""
    names = tuple(names)
    words = [c.word for c in candidates]
    index = _index(words)
    used: set[str] = set()
    out = []
    for c in candidates:
        if not c.examples:
            out.append(c)
            continue
        longer = (*_containing(c.word, words, index), *(n for n in names if c.word in n and n != c.word))
        home = c.examples[0].sentence.article.source
        examples = c.examples
        if all(occurrence_key(o)[0] >= HEADING for o in examples):
            pool = (o for other in candidates if other is not c for o in other.examples)
            borrowed = _borrowed(c.word, pool)
            if borrowed is not None:
                examples = (borrowed, *examples)
        keyed = []
        for k, o in enumerate(examples):
            o = elide_quotes(_on_its_own(o, longer))
            rank, cut = occurrence_key(o)
            if cut:
                rank = _cut_rank(o, rank)
            keyed.append(
                (
                    (
                        rank >= HEADING,
                        o.sentence.article.source != home,
                        inside_name(o, longer),
                        rank,
                        _same(o.sentence.text) in used,
                        cut,
                        k,
                    ),
                    o,
                )
            )
        keyed.sort(key=lambda pair: pair[0])
        best_is_sentence = not keyed[0][0][0]
        examples = tuple(o for key, o in keyed if not (best_is_sentence and key[0]))
        used.add(_same(examples[0].sentence.text))
        out.append(c if examples == c.examples else replace(c, examples=examples))
    return out
