"""Which sentences make good examples: a full clause beats a heading, and credits are no sentences.

Works on the text alone (select.py keeps example sentences as text until their words are chosen).
"""

from __future__ import annotations

import re
from functools import lru_cache

# (唐山=新華社記者/牟宇), (写真:視覚中国), 写真提供: 共同, 撮影・文 山田: photo credits and captions
_CREDIT = re.compile(
    r"^[(（][^()（）]*[)）]$"  # a line that is one parenthesis
    r"|[=＝][^。]*(記者|撮影|提供)"  # 唐山=新華社記者/牟宇
    r"|^(写真|撮影|出典|提供|画像|資料|図表?|文|取材)[\s・/／:：]"
    r"|記者[)）]?$|©|Ⓒ|\(c\)"
)
# The end of a clause: a verb, an adjective or a copula before the final punctuation
# (減少した。, 高い。, 課題だ。, 増えています。, 見込みだ).
_PREDICATE_END = re.compile(r"[るただいすうくぐむぶつぬんずよねか][。．.！!？?」』）)]*$")
_CLOSERS = "。．.！!？?」』）)　 "


# A headline strings phrases with spaces and ends without 。: 日経平均株価 大幅に値を下げて取引終える
# 円高進行で業績期待がしぼんだか — a sentence of running text has no space between Japanese words.
_HEADLINE_SPACE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff][ \u3000]+[\u3040-\u30ff\u4e00-\u9fff0-9]")
LONG = 100  # characters: a longer sentence is shown cut (render.LONG_SENTENCE)


@lru_cache(maxsize=8192)
def example_key(text: str, title: str = "") -> tuple[int, int]:
    """How good an example ``text`` is, smaller is better: (its rank, 1 if it must be shown cut).

    The article's title line is a heading whatever its grammar (蓄電池の導入に補助金、出力制御に備える),
    and so is a line that strings phrases with spaces; among equals a sentence short enough to be
    shown whole beats one cut to the clauses around the word (a cut may lose the predicate)."""
    rank = example_rank(text)
    t = text.strip()
    if rank < 2 and ((title and t == title.strip()) or (not t.endswith(_ENDS) and _HEADLINE_SPACE.search(t))):
        rank = 2
    elif rank == 0 and not t.endswith(_ENDS):
        rank = 1  # a clause with no 。 is mostly a subhead in news (蓄電池の導入に補助金、出力制御に備える)
    return rank, int(len(t) > LONG)


_ENDS = ("。", "．", "！", "？", "!", "?", "」", "』")


@lru_cache(maxsize=8192)  # called for every occurrence of every word: the same few sentences
def example_rank(text: str) -> int:
    """0: a full clause (ends in a predicate); 1: a sentence ending on a noun (体言止め, with 。);
    2: a heading (no predicate, no 。: 今後の展望と課題); 3: a credit line, caption or byline."""
    t = text.strip()
    if not t or _CREDIT.search(t):
        return 3
    if _PREDICATE_END.search(t):
        return 0
    if t.rstrip("」』）)　 ").endswith(("。", "．", "！", "？", "!", "?")):
        return 1
    return 2
