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
