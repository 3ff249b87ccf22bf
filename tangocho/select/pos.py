"""UniDic part-of-speech rules and grammar words: which tokens may start, end or continue a word, which
single tokens are no vocabulary (numbers, grammar, affixes), and the word lists of grammar.

UniDic (through fugashi) gives each token ``pos = (pos1, pos2, pos3)``: ("名詞", "普通名詞", "サ変可能").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from ..kana import has_kanji, has_katakana, is_kana, only_kanji
from ..models import Token

# UniDic suffixes that make new terms of the noun before them: 送配電|網, 特許|証, 二極|化, 予見可能|性,
# 最高|益, 調整|力. Such a noun + suffix is a word even seen once and inside a longer run
# (調整|力|確保 → 調整力).
PRODUCTIVE_SUFFIXES = frozenset(
    "網 証 化 性 益 率 額 費 力 型 式 層 業 品 感 法 制 権 税 料 書 難 源 量 値 的 "
    "材 剤 器 機 圏 界 論 高 安 比".split()
)

# Grammar words the tokenizer tags as nouns or verbs (こと is 名詞-普通名詞). Written in kanji too,
# they still are grammar: 為 (ため), 事 (こと), 物 (もの), 様 (よう), 所 (ところ).
GRAMMAR_WORDS = frozenset(
    "こと もの ため よう ところ わけ はず つもり まま うち とき ほう ほか など 事 物 為 様 所 訳 筈 "
    "時 方 他 中 際 上 下 前 後 等 的 性 化 者 年 月 日 円 元 人 点 件 社 台 回 倍 割 分 位".split()
    # Verbs that work as compound particles: に関する, に対する, を通じ(通ずる), に向けて, に基づく, に伴う
    + "関する 対する 通ずる 通じる 向ける 基づく 伴う 際する 応じる 因る 依る 沿う 於く 於ける 関わる".split()
)


# Trailing words that widen a term without changing it: オンラインサービス|等, ハイテク産業開発区|全体.
EDGE_WORDS = frozenset(
    "等 など 上 中 全体 全般 全域 内 間 以外 関連 分野 向け 側 各種 方面".split()
    # … and the time or state of what the run names: 統合|後 "after the merger", 導入|済み "already
    # introduced", 上場|前 — the term is the run before them
    + "後 前 以降 以来 直後 直前 済み".split()
    # … and "each, all, both" of them: 保険|各社 "each insurer" is 保険 and 各社
    + "各社 各国 各地 各店 全社 両社 両国".split()
)
# Words of size or model before a noun run describe what follows without making a term of it: 小型|衛星
# "a small satellite", 大型|再開発 — the run starts after them (JMdict's 小型車, 新型コロナウイルス are
# words of their own, not runs); so do "new, old, current, former": 新|ドック, 前|日銀|総裁.
LEADING_MODIFIERS = frozenset("小型 大型 中型 新型 超大型 新 旧 現 前 元".split())

_DIGIT = re.compile(r"\d")
ANAPHORA = re.compile(r"^同[社日年月氏国市省行週期]$")


def _is_number(token: Token) -> bool:
    return token.pos[1] == "数詞" or _DIGIT.search(token.surface) is not None


def _can_start(token: Token) -> bool:
    """A JMdict run starts on a word, not on grammar: という, ようにする never become words."""
    p1, p2, _ = token.pos
    if token.is_unknown:
        return token.surface.strip() != ""
    if p1 == "名詞":
        return p2 not in ("数詞",)
    if p1 in ("動詞", "形容詞"):
        # 無い|袖|は|振れ|ない starts on 無い, a "dependent" adjective written in kanji; a grammar verb
        # does not, kanji or not: せざるを|得|なかっ is no 得ない "unable to" (it is ざるを得ない)
        if p2 == "非自立可能" and p1 == "動詞" and token.base in _GRAMMAR_FIRST:
            return False
        return p2 != "非自立可能" or has_kanji(token.surface)
    if p1 == "形状詞":
        return p2 != "助動詞語幹"
    # 上|半期 → 上半期: UniDic tags 上 a suffix after 今年, yet it starts the JMdict word.
    return p1 in ("接頭辞", "接尾辞")


# The dependent verbs (非自立可能) that are grammar after a word: ようにする, ことになる, している,
# してみる, してしまう, しておく, してもらう, ことができる — no JMdict word ends on them here.
_DEPENDENT_GRAMMAR = frozenset(
    "する 為る す いる 居る おる ある 有る なる 成る できる 出来る くる 来る いく 行く みる 見る しまう"
    " おく 置く もらう 貰う もらえる くれる 呉れる やる あげる いただく 頂く くださる 下さる 得る える"
    " いたす 致す"
    # and the adjective "good" (してもよい): 質の良い is good + quality, no word to learn
    " よい 良い いい".split()
)


# … and those of them that begin no word either (行き渡る, 見直す, 置き換える begin on 行く, 見る, 置く)
_GRAMMAR_FIRST = _DEPENDENT_GRAMMAR - frozenset("いく 行く くる 来る みる 見る おく 置く".split())


# The auxiliaries a looked-up run may end on (_tails gives their forms): the negative (満た|ない,
# 満た|ず, 振れ|ぬ), the passive (見舞わ|れ) and the causative (神経を|とがら|せ → 神経をとがらせる "to
# be nervous", not とがる "to taper to a point")
_NEGATIVES = ("ない", "ぬ")
_PASSIVES_CAUSATIVES = ("れる", "られる", "せる", "させる")


def _can_end(token: Token) -> bool:
    p1, p2, _ = token.pos
    if token.is_unknown:
        return token.surface.strip() != ""
    if p1 == "助動詞":
        # 振れ|ない → 無い袖は振れぬ; 見舞わ|れ → 見舞われる (a passive JMdict has as a word: see _tails)
        return token.base in _NEGATIVES or token.base in _PASSIVES_CAUSATIVES
    if p1 == "名詞":
        return p2 != "数詞"
    if p1 in ("動詞", "形容詞"):
        # 封じ|込め → 封じ込め ends on a verb; ようにする / ものとする end on a grammar verb. A verb UniDic
        # calls dependent that makes compound verbs ends one: 義務|付ける, 位置|付ける, 引き|続く.
        return p2 != "非自立可能" or (
            token.base not in _DEPENDENT_GRAMMAR and token.surface not in _DEPENDENT_GRAMMAR
        )
    if p1 == "形状詞":
        return p2 != "助動詞語幹"
    return p1 == "接尾辞"  # 戦略|的 → 戦略的, 実用|化 → 実用化, 生産|額 → 生産額


_SYMBOLS = ("補助記号", "記号", "空白")  # symbols, punctuation and spaces: no word, no part of one


def _can_continue(token: Token) -> bool:
    # a kanji unidic-lite tags as a symbol (記号) is a piece of a word: 「爆|買い」, 払い|戻|し
    kanji_symbol = token.pos[0] == "記号" and has_kanji(token.surface)
    return (token.pos[0] not in _SYMBOLS or kanji_symbol) and token.surface.strip() != ""


def _hiragana_only(form: str) -> bool:
    return is_kana(form) and not has_katakana(form)


_KANJI_NUMERALS = frozenset("一二三四五六七八九十")


def _kanji_numeral(tokens: Sequence[Token], i: int) -> bool:
    """二|極|化: a kanji numeral may start a JMdict word (二極化 "polarization") — never a digit, and
    never before a counter (二|日, 3|月)."""
    t = tokens[i]
    if t.surface not in _KANJI_NUMERALS or i + 1 >= len(tokens):
        return False
    nxt = tokens[i + 1]
    return nxt.pos[0] == "名詞" and nxt.pos[2] != "助数詞可能" and not _is_number(nxt)


def _token_kind(token: Token) -> str:
    p1, p2, p3 = token.pos
    if p1 == "名詞" and p3 == "サ変可能":
        return "noun/suru-verb"
    if p1 == "名詞" and p3 == "副詞可能":
        return "adverbial noun"  # 今年, 以上, 現在
    return {"名詞": "noun", "動詞": "verb", "形容詞": "adjective", "形状詞": "na-adjective"}.get(p1, p1)


# Verbs written in kana that are grammar after a particle, as their kanji forms are (GRAMMAR_WORDS):
# につれて, にしたがって, にわたって, によって, において, について, にあたって, にかけて, をめぐって
_KANA_GRAMMAR_VERBS = frozenset(
    "つれる したがう わたる よる おく おける つく あたる かける めぐる ともなう もとづく むける かかわる"
    " こえる いたる おいて すぎる"
    # かも|しれ|ない "might" (JMdict かもしれない): 知れる "to become known" is written in kanji
    " しれる".split()
)


def _kana_content_word(token: Token, base: str) -> bool:
    """A verb or an adjective news writes in kana, a word of its own: 費用がかさむ, 見通しはおぼつかない,
    火種がくすぶる (嵩む, 覚束ない, 燻る); three kana at least, not a grammar verb (につれて). Whether it is
    worth a card is the scorer's: the common ones (する, なる, みる) are everyday words."""
    return token.pos[0] in ("動詞", "形容詞") and len(base) >= 3 and base not in _KANA_GRAMMAR_VERBS


def _single_block(token: Token) -> str:
    """Why a single token is not a vocabulary word ("" when it is one)."""
    p1, p2, p3 = token.pos
    if _is_number(token):
        return "number"
    if p1 in ("助詞", "助動詞", "補助記号", "記号", "空白", "接続詞", "感動詞", "連体詞", "代名詞", "副詞"):
        return "grammar"
    if p1 in ("接頭辞", "接尾辞"):
        return "affix"
    if p2 == "固有名詞":
        return "proper noun"
    if p2 == "非自立可能" or p2 == "助動詞語幹":
        return "grammar"
    if p1 not in ("名詞", "動詞", "形容詞", "形状詞") and not token.is_unknown:
        return "grammar"
    base = token.base or token.surface
    if base in GRAMMAR_WORDS or token.surface in GRAMMAR_WORDS:
        return "grammar"
    if ANAPHORA.match(base):
        return "grammar"  # 同社, 同日, 同年: "the same company/day/year" points back, it teaches nothing
    if len(base) == 1 and not token.is_unknown:
        return "single character"
    if is_kana(base) and not has_katakana(base) and not _kana_content_word(token, base):
        return "hiragana word"  # こと, もの, いずれ …: grammar far more often than business vocabulary
    if p3 == "助数詞可能" and len(base) <= 1:
        return "counter"
    return ""


_KATAKANA = re.compile(r"^[\u30a0-\u30ffー・]+$")


def _katakana_noun(token: Token) -> bool:
    return token.pos[0] == "名詞" and bool(_KATAKANA.match(token.surface)) and not _is_number(token)


def _name_part(token: Token) -> bool:
    """A token that can be inside an organisation's name: nouns, unknown words, noun suffixes."""
    p1, p2, _ = token.pos
    if token.is_unknown:
        return token.surface.strip() != "" and p1 not in _SYMBOLS
    return (p1 == "名詞" and p2 != "数詞") or (p1 == "接尾辞" and p2 == "名詞的")


def _proper(token: Token) -> bool:
    return token.pos[0] == "名詞" and token.pos[1] == "固有名詞"


def _place(token: Token) -> bool:
    return _proper(token) and token.pos[2] == "地名"


def _single_forms(token: Token) -> list[str]:
    """Dictionary forms of one token, the -じる form first: UniDic writes 感じ(た) as 感ずる, JMdict and
    the article 感じる."""
    forms = [token.base, token.surface]
    if token.base and token.base.endswith("ずる") and token.surface.endswith("じ"):
        forms.insert(0, token.base[:-2] + "じる")
    return [f for f in forms if f]


def _tails(token: Token) -> tuple[str, ...]:
    """What a token run ending on ``token`` is looked up as after the surfaces before it: the token's
    surface, and its dictionary forms (相次い → 相次ぐ, 開通させ … 達し → 達する, 感じ → 感じる); after
    a negative auxiliary also ない (満た|なかっ → 満たない) and the classical ぬ (無い袖は振れ|ない:
    JMdict writes 無い袖は振れぬ)."""
    if token.pos[0] == "助動詞":
        # 満た|なかっ|た: the negative in its dictionary form too (満たない "less than", not 満つ)
        # … and the written ず (its dictionary form ぬ) as ない: 満た|ず → 満たない "less than", not 満つ
        if token.base in _NEGATIVES:
            return tuple(dict.fromkeys((token.surface, token.base, "ぬ", "ない")))
        # 見舞わ|れ|た: the passive in its dictionary form too, where JMdict has the passive verb as a
        # word of its own (見舞われる "to suffer; to undergo", not 見舞う "to visit"); the causative
        # likewise (神経を|とがら|せ|て → 神経をとがらせる)
        if token.base in _PASSIVES_CAUSATIVES:
            return tuple(dict.fromkeys((token.surface, token.base)))
        return (token.surface,)
    if token.base and token.base != token.surface:
        return (token.surface, *_single_forms(token)[:-1])
    return (token.surface,)


ALWAYS, AFTER_FIRST, NEVER = "always", "after the first unit", "never"
_NOUN_GRAMMAR = GRAMMAR_WORDS - {"的", "化", "性", "者"}


def _compound_part(token: Token) -> str:
    """Whether the token as a unit of its own (not a number) goes into a noun compound: ALWAYS, NEVER,
    or AFTER_FIRST, only after the first unit of a run."""
    p1, p2, _ = token.pos
    if p2 == "固有名詞":
        return NEVER
    if token.is_unknown:
        return ALWAYS if has_katakana(token.surface) else NEVER  # フォトリソグラフィ
    if p1 == "名詞":
        surface = token.surface
        return (
            ALWAYS
            if p2 == "普通名詞" and surface not in _NOUN_GRAMMAR and surface not in COORDINATORS
            else NEVER
        )
    if p1 == "接頭辞":
        return ALWAYS  # 総|生産|額: only inside a run (trimmed at its end)
    if p1 == "形状詞" and p2 == "一般" and len(token.surface) >= 2 and only_kanji(token.surface):
        # a na-adjective in kanji right before a noun qualifies it as a prefix does: 急速|充電器 "fast
        # charger", 高度|人材 (trimmed at a run's end: 急速な|普及 makes nothing)
        return ALWAYS
    if p1 == "接尾辞" and p2 in ("名詞的", "形状詞的") and has_kanji(token.surface):
        # 戦略|的|新興|産業; a suffix in hiragana is grammar that closes the noun phrase: 会社|とも
        # "with the company too" (資産管理会社とも応募契約 is no term), 両社|とも
        return AFTER_FIRST
    return NEVER


# 兼 "and concurrently" joins two titles, it makes no term of them: 会長|兼|社長 is 会長 and 社長,
# 社長|兼|最高経営責任者 is 社長 and 最高経営責任者.
COORDINATORS = frozenset({"兼"})


class _View:
    """What the segmentation asks of a sentence's tokens again and again, worked out once."""

    __slots__ = (
        "tokens", "surfaces", "reach", "can_end", "starts", "numbers", "name_stops", "places", "propers",
        "katakana", "forms", "name_parts", "tails", "blocks", "kinds", "compound_parts",
    )  # fmt: skip

    def __init__(self, tokens: Sequence[Token]):
        self.tokens = tokens
        self.surfaces = [t.surface for t in tokens]
        # the facts of each token, fact by fact (one list each)
        columns = zip(*map(_facts, tokens), strict=True)  # (every fact tuple has _FACTS facts)
        facts = [list(column) for column in columns] or [[] for _ in range(_FACTS)]
        # reach[i]: the end of the longest run from token i without punctuation (_reach)
        self.reach = _run_ends(facts[_CONTINUES])
        self.can_end = facts[_ENDS]
        self.numbers = facts[_NUMBER]
        # a run may start here: a content word, or a kanji numeral before a noun (二|極|化)
        self.starts = [start or _kanji_numeral(tokens, i) for i, start in enumerate(facts[_STARTS])]
        # name_stops[i]: the end of the run of name parts from token i (i itself when it is none)
        self.name_parts = facts[_NAME_PART]
        self.name_stops = _run_ends(self.name_parts)
        self.propers = facts[_PROPER]
        self.places = facts[_PLACE]  # _place
        self.katakana = facts[_KATAKANA_NOUN]
        self.forms = facts[_FORMS]  # each token's dictionary forms
        self.tails = facts[_TAILS]  # _tails: what a run ending on the token ends with
        self.blocks = facts[_BLOCK]  # _single_block: why one token is no word
        self.kinds = facts[_KIND]  # _token_kind
        self.compound_parts = facts[_COMPOUND_PART]  # _compound_part


T = TypeVar("T")
_MEMO_LIMIT = 100_000
_UNSET = object()


def by_token(compute: Callable[[Token], T]) -> Callable[[Token], T]:
    """``compute`` remembered by what a token reads (surface, dictionary form, part of speech,
    unknown): the same few thousand words recur all through a text, so each is worked out once.
    The memo (``.memo``) is emptied when full: bounded memory."""
    memo: dict[tuple[str, str, tuple[str, str, str], bool], T] = {}

    def remembered(token: Token) -> T:
        key = (token.surface, token.base, token.pos, token.is_unknown)
        value = memo.get(key, _UNSET)
        if value is _UNSET:
            if len(memo) >= _MEMO_LIMIT:
                memo.clear()
            value = memo[key] = compute(token)
        return value

    remembered.memo = memo
    return remembered


# What _View asks of one token.
(
    _CONTINUES, _ENDS, _NUMBER, _STARTS, _NAME_PART, _PROPER, _PLACE, _KATAKANA_NOUN, _FORMS, _TAILS, _BLOCK,
    _KIND, _COMPOUND_PART,
) = range(_FACTS := 13)  # fmt: skip


@by_token
def _facts(token: Token) -> tuple:
    return (
        _can_continue(token),
        _can_end(token),
        _is_number(token),
        _can_start(token),
        _name_part(token),
        _proper(token),
        _place(token),
        _katakana_noun(token),
        tuple(_single_forms(token)),
        _tails(token),
        _single_block(token),
        _token_kind(token),
        _compound_part(token),
    )


def _run_ends(inside: Sequence[bool]) -> list[int]:
    """ends[i]: the end of the run of True from i (i itself where ``inside[i]`` is False)."""
    ends = [0] * len(inside)
    end = len(inside)
    for i in range(len(inside) - 1, -1, -1):
        if not inside[i]:
            end = i
        ends[i] = end
    return ends


def _reach(tokens: Sequence[Token]) -> list[int]:
    """reach[i]: the end of the longest run from token i without punctuation (runs stop at 、。)."""
    return _run_ends([_can_continue(t) for t in tokens])
