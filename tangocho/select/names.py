"""Names: the spans a sentence marks as a person, place, company or product, before any word is matched.

Names go to the optional names subdeck only; the words inside them are no words. The rules: a legal form
and what follows (一般社団法人|環境共創イニシアチブ), a proper noun with an administrative suffix (栃木|県),
a run closed by a legal suffix (…|ホールディングス), a katakana word with 社 (オラクル|社), katakana and
kanji runs wordfreq knows whole that JMdict lacks (ファースト|リテイリング, 日本|経済|新聞), the cited
source of a report (東京|商工|リサーチ|によると) and JMnedict companies the sentence cites. A name found
once is a name at its later mentions too (``KnownNames``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..kana import has_kanji, is_katakana
from ..models import Sentence, Token
from .pos import _View

# Administrative suffixes that make a place of the proper noun before them: 栃木|県, さくら|市, 江蘇|省.
ADMIN_SUFFIXES = frozenset("県 府 都 道 省 州 市 町 村 区 郡".split())
# Legal forms around an organisation's name: 一般社団法人|環境共創イニシアチブ, トヨタ自動車|株式会社.
LEGAL_PREFIXES = (
    "株式会社", "有限会社", "合同会社", "一般社団法人", "公益社団法人", "一般財団法人", "公益財団法人",
    "独立行政法人", "国立研究開発法人", "特定非営利活動法人", "学校法人", "医療法人", "社会福祉法人",
)  # fmt: skip
# (Chinese companies in translated news: 瀚雲科技|有限|責任|公司, 海爾|集団|有限|公司)
LEGAL_SUFFIXES = (
    "株式会社",
    "ホールディングス",
    "HD",  # 北斗|HD: news writes ホールディングス so after the first mention
    "ＨＤ",
    "有限会社",
    "有限責任公司",
    "股份有限公司",
    "有限公司",
    "公司",
)
# A group named after a place or a name is that group: 無錫|感知|グループ, 海爾|集団 (not 企業|グループ)
GROUP_SUFFIXES = frozenset({"グループ", "集団"})
# Government bodies are names too: 経済産業|省, 資源エネルギー|庁, 金融|庁 (one JMdict word or a run).
AGENCY_SUFFIXES = ("省", "庁")
# JMnedict kinds that make a multi-token span a name when JMdict has nothing as long: ソフト|バンク
# (company), 帝国|データ|バンク (organization). Surnames and given names alone are not enough.
SPAN_NAME_KINDS = frozenset(
    {"company", "organization", "product", "place", "station", "person", "work", "group", "service"}
)
MAX_NAME_TOKENS = 8
_COMPANY_KINDS = frozenset({"company", "organization", "product"})
# The last word of an organisation's name: 新エネルギー・産業技術総合開発|機構, 国際エネルギー|機関,
# 医薬品医療機器総合|機構, 情報通信|審議会 — a name when the span shows it is one (see _org_end).
ORG_SUFFIXES = (
    "機構", "機関", "研究所", "研究機構", "協会", "委員会", "審議会", "連合会", "公社", "公団",
    "財団", "基金", "協議会", "組合", "庁", "調査会", "研究会",
)  # fmt: skip
# The industry a company is named after: 沖縄|セルラー|電話, 台湾|積体|電路|製造 (TSMC), 東日本|旅客|鉄道.
INDUSTRY_SUFFIXES = frozenset(
    "製造 電話 電力 電気 電機 電工 銀行 証券 鉄道 航空 ガス 化学 工業 重工 重工業 商事 物産 製薬 薬品 "
    "建設 自動車 通信 放送 保険 生命 製作所 製鉄 石油 海運 運輸 興業 精機 工機 製粉 製紙 製菓 食品 乳業 "
    "水産 紡績 精工 電子 製鋼 製鉄所 汽船 郵船 商船 "
    # fibres, metals, machines and more that name makers (瀬戸内化繊, not "inside · synthetic fiber")
    "化繊 合繊 繊維 紡織 金属 鉱業 機械 電線 造船 倉庫 陸運 製糖 製油".split()
)
# Words after a company's name that show it is one: 楽天|傘下, 楽天|グループ, トヨタ|子会社
_COMPANY_NEXT = frozenset("傘下 子会社 グループ 社長 会長 本社".split())
# 名古屋|市|立|大, 京都|府|立|医大: a place's own university, hospital or school
_SCHOOLS = ("大学", "大", "医大", "医科大", "医科大学", "病院", "高校", "高", "中学")
_PUBLIC_SCHOOLS = tuple("立" + school for school in _SCHOOLS)
_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&]{1,9}$")
_FIRST_CHARS = frozenset(w[0] for w in LEGAL_PREFIXES + LEGAL_SUFFIXES)


def _surfaces(tokens: Sequence[Token], i: int, j: int) -> str:
    return "".join(t.surface for t in tokens[i:j])


def _prefix_at(tokens: Sequence[Token], i: int, words: Sequence[str]) -> int:
    """End token of the first of ``words`` spelled by tokens from i on (0: none)."""
    if tokens[i].surface[:1] not in _FIRST_CHARS:
        return 0  # the fast way out, for nearly every token
    for word in words:
        text = ""
        for j in range(i, min(len(tokens), i + 6)):
            text += tokens[j].surface
            if text == word:
                return j + 1
            if not word.startswith(text):
                break
    return 0


def _rule_name_spans(
    tokens: Sequence[Token],
    found,
    outside: dict[str, int],
    named: dict[str, frozenset[str]] | None = None,
    products: set[str] | frozenset[str] = frozenset(),
    view: _View | None = None,
) -> dict[int, int]:
    """Name spans (start → end token) the sentence itself marks, before any dictionary match.

    ``outside``: how often each katakana noun stands alone; ``named``: JMnedict kinds of the text's
    forms; ``products``: katakana runs JMdict lacks and wordfreq knows whole; ``view``: the tokens'
    facts, when worked out already."""
    named = named or {}
    view = view or _View(tokens)
    surfaces, name_stops, propers, katakana = view.surfaces, view.name_stops, view.propers, view.katakana
    n = len(tokens)
    spans: dict[int, int] = {}
    i = 0
    while i < n:
        end = 0
        # 一般社団法人|環境|共創|イニシアチブ: a legal form, then the name it introduces
        j = _prefix_at(tokens, i, LEGAL_PREFIXES)
        if j:
            k = min(name_stops[j], j + MAX_NAME_TOKENS) if j < n else j
            end = k if k > j else 0
        if not end and named:
            end = _university_end(view, i, named)
        # 栃木|県, さくら|市: a proper noun and an administrative suffix
        if not end and propers[i]:
            k = i
            while k < n and propers[k]:
                k += 1
            if k < n and tokens[k].surface in ADMIN_SUFFIXES:
                end = k + 1
                # 名古屋|市|立|大: the city's university is one name (not 立大 "Rikkyo University")
                end = _spelled_end(tokens, end, _PUBLIC_SCHOOLS) or end
            elif (
                k < n
                and tokens[k].surface[1:] == "立"
                and tokens[k].surface[:1] in ADMIN_SUFFIXES
                and _spelled_end(tokens, k + 1, _SCHOOLS)
            ):
                end = _spelled_end(
                    tokens, k + 1, _SCHOOLS
                )  # 静岡|県立|医大: the tokenizer's 県立 and a school
            else:
                # 無錫|ハイテク|産業|開発|区, 浦東|新|区: a place, a few common nouns and an
                # administrative suffix name a district or zone (not "high-tech industry" + "ward")
                m = k
                while m < n and m - k < 4 and _zone_part(tokens[m]):
                    m += 1
                if k > i and m > k and m < n and _admin_suffix(tokens[m]) and any(view.places[i:k]):
                    end = m + 1
        if not end:
            end = _org_end(tokens, i, view, found) or _company_end(tokens, i, view, found, named)
        if not end:
            end = _headquarters_end(tokens, i, view) or _introduced_end(tokens, i, view, found)
        if not end and name_stops[i] > i:
            k = min(name_stops[i], i + MAX_NAME_TOKENS)
            # ファースト|リテイリング, ヒート|テック: a katakana run JMdict does not know, that wordfreq knows
            # whole (its tokenizer's dictionary lists such names; it splits ゼロ|トラスト, a term) and
            # whose pieces the text never uses on their own is a company or product name (アクセス|トークン
            # is not: トークン stands alone elsewhere).
            kata = i
            while kata < k and katakana[kata]:
                kata += 1
            if (
                kata - i >= 2
                and "".join(surfaces[i:kata]) in products
                and all(outside.get(t.surface, 0) == 0 for t in tokens[i:kata])
            ):
                end = kata
            # 東京|商工|リサーチ|によると, …が5日発表した: the source a report cites is a name when it is
            # no dictionary word and holds a proper noun or katakana (調査によると is not).
            elif k - i >= 2 and "".join(surfaces[i:k]) not in found and _cited(tokens, k):
                if any(propers[i:k]) or any(katakana[i:k]):
                    end = k
            # オラクル|社, シャープ|が…発表: a katakana word with 社, or one JMnedict lists as a company that
            # the sentence cites, is the company (not "oracle", not "sharp")
            elif kata - i == 1 and (
                (k == i + 2 and tokens[i + 1].surface == "社")
                or (
                    k == i + 1
                    and _COMPANY_KINDS & named.get(tokens[i].surface, frozenset())
                    and _cited(tokens, k)
                )
            ):
                end = k
            # 東京|株式|市場 …|ホールディングス: a legal suffix closes the name before it
            if not end:
                for m in range(i + 1, k):
                    if _prefix_at(tokens, m, LEGAL_SUFFIXES) == k:
                        end = k
                        break
            if not end and k - i >= 2 and tokens[k - 1].surface in GROUP_SUFFIXES and any(propers[i : k - 1]):
                end = k
            # 日本|経済|新聞, 帝国|データ|バンク: a run with a proper noun or katakana in it that JMdict
            # lacks and wordfreq knows whole (its tokenizer's dictionary lists such names; it splits
            # terms: 人手不足|倒産, 出力|制御) is a name
            if not end and products:
                for j in range(min(k, i + MAX_NAME_TOKENS), i + 1, -1):
                    span = "".join(surfaces[i:j])
                    if span in products and has_kanji(span):  # katakana runs: the rule above
                        end = j
                        break
        if end > i:
            spans[i] = end
            short = _short_form_end(tokens, end, _surfaces(tokens, i, end))
            if short:
                spans[end + 1] = short  # （広域機関）: the short form is the name too
                end = short
            i = end
        else:
            i += 1
    return spans


# What news calls a company before naming it: 海運大手の東都汽船, コンビニエンスストア大手の「ハートマート」,
# 中堅物流の北辰ロジスティクス, 準大手の…
_RANKS = ("大手", "最大手", "準大手", "中堅")
_FIRM = "会社"


def _introduced_end(tokens: Sequence[Token], i: int, view: _View, found) -> int:
    """End of a company's name the text introduces by its rank in an industry (0: none): 海運大手の
    東都|汽船 (not "the Eastern Capital · steamship"), 大手の「ハート|マート」 (not "heart · mart"),
    中堅物流の北辰|ロジスティクス. The name runs to the end of the quotation, or of the run of name-like
    tokens, and JMdict lacks it whole (大手の企業 is no name)."""
    n = len(tokens)
    k = i - 1
    quoted = k >= 0 and tokens[k].surface == "「"
    if quoted:
        k -= 1
    if k < 1 or tokens[k].surface != "の" or tokens[k].pos[0] != "助詞":
        return 0
    before = tokens[k - 1].surface
    ranked = before.endswith(_RANKS) or (
        k >= 2 and tokens[k - 2].surface == "中堅" and tokens[k - 1].pos[0] == "名詞"
    )
    # … or by the kind of company it is: 調査会社のベンチャーレーダー (not "venture · radar"); only a name
    # quoted or all in katakana (子会社の販売会社 is a kind of firm, 企業のペーパーレス化 what firms do)
    kind = (
        not ranked
        and before == _FIRM
        and k >= 2
        and tokens[k - 2].pos[0] == "名詞"
        and tokens[k - 2].end == tokens[k - 1].start
    )
    if not (ranked or kind):
        return 0
    if quoted:
        end = next((m for m in range(i, min(n, i + MAX_NAME_TOKENS + 1)) if tokens[m].surface == "」"), 0)
    else:
        end = min(view.name_stops[i], i + MAX_NAME_TOKENS) if view.name_stops[i] > i else 0
    if end <= i or _surfaces(tokens, i, end) in found:
        return 0
    # a proper noun or katakana in it, quoted, or ending on the industry a company is named after
    # (東都|汽船, 北辰|製鋼): 大手の人事担当役員 is a title, 大手の商社 a kind of firm
    industry = end - i >= 2 and _surfaces(tokens, i + 1, end).endswith(tuple(INDUSTRY_SUFFIXES))
    # … or on the very industry that ranks it: 昇降機大手の北斗|昇降機 (not "the Big Dipper · elevator")
    start = k - 1
    while start > 0 and tokens[start - 1].pos[0] == "名詞" and tokens[start - 1].end == tokens[start].start:
        start -= 1
    rank = max((r for r in _RANKS if before.endswith(r)), key=len, default="")
    field = (_surfaces(tokens, start, k - 1) + before)[: -len(rank)] if rank else ""
    name = _surfaces(tokens, i, end)
    own_field = len(field) >= 2 and name.endswith(field) and len(name) > len(field)
    if kind and not (quoted or all(view.katakana[i:end])):
        return 0
    if not (quoted or industry or own_field or any(view.katakana[i:end]) or any(view.propers[i:end])):
        return 0
    return end


def _place_in_parentheses(tokens: Sequence[Token], m: int, view: _View) -> bool:
    """Tokens from m read （a place）, as news gives a company's head office after its name: （横浜市）,
    （東京都中央区）, （東京・港）, （兵庫県西宮市） — place names, administrative suffixes and ・ only."""
    if m + 2 >= len(tokens) or tokens[m].surface not in "(（":
        return False
    places = 0
    for k in range(m + 1, min(len(tokens), m + 9)):
        t = tokens[k]
        if t.surface in ")）":
            return places > 0
        if view.places[k]:
            places += 1
        elif t.surface not in ADMIN_SUFFIXES and t.surface != "・" and not view.propers[k]:
            if not (t.pos[0] == "名詞" and k > m + 1 and tokens[k + 1].surface in ADMIN_SUFFIXES):
                return False  # 中央|区: a word before an administrative suffix is part of the place
    return False


def _headquarters_end(tokens: Sequence[Token], i: int, view: _View) -> int:
    """End of a company's name that the sentence follows with its head office in parentheses:
    ハマナカ|ストア（横浜市）, 北斗|建設（東京都中央区）; of ユニテル・ホールディングス（東京・港）, ユニテル
    too (the text names the company so after). A run of name parts that starts the noun phrase (0:
    none)."""
    if not view.name_parts[i] or (i > 0 and view.name_parts[i - 1]):
        return 0
    k = min(view.name_stops[i], i + MAX_NAME_TOKENS)
    if k < len(tokens) and tokens[k].surface == "・":
        # ユニテル|・|ホールディングス（東京・港）: the name before the legal form
        after = _prefix_at(tokens, k + 1, LEGAL_SUFFIXES) if k + 1 < len(tokens) else 0
        if not after and k + 1 < len(tokens) and tokens[k + 1].surface in GROUP_SUFFIXES:
            after = k + 2
        return k if after and _place_in_parentheses(tokens, after, view) else 0
    return k if k > i and _place_in_parentheses(tokens, k, view) else 0


def _acronym_after(tokens: Sequence[Token], m: int) -> bool:
    """Tokens from m read (ABC): a Latin acronym in parentheses, as news gives a name's short form
    (新エネルギー・産業技術総合開発機構(NEDO), 台湾積体電路製造(TSMC))."""
    return (
        m + 2 < len(tokens)
        and tokens[m].surface in "(（"
        and tokens[m + 2].surface in ")）"
        and _ACRONYM.match(tokens[m + 1].surface) is not None
    )


def _ends_with(surfaces: Sequence[str], i: int, m: int, words: Iterable[str]) -> bool:
    """The tokens [i, m) end with one of ``words`` on a token edge (研究|所, 審議|会, 機構)."""
    tail = ""
    for j in range(m - 1, i, -1):  # a suffix after at least one token of name
        tail = surfaces[j] + tail
        if tail in words:
            return True
        if len(tail) >= 4:
            return False
    return False


def _org_end(tokens: Sequence[Token], i: int, view: _View, found) -> int:
    """End of an organisation's name that starts at token i (0: none).

    新エネルギー・産業技術総合開発機構(NEDO): a run of nouns (prefixes and ・ between nouns allowed) that
    ends in an organisation word (機構, 機関, 協会, 委員会 …) and JMdict lacks, is one name when the text
    marks it as one — a ・ joining its pieces, a Latin acronym in parentheses after it, a proper noun
    leading a run of three or more (米国|食品医薬品|局 …), or cited as a report's source
    (不|動産|経済|研究|所|によると, 建設|物価|調査|会|の調べ is not cited); 研究|機関 or 関係|機関 alone
    stay words."""
    if i > 0 and (view.name_parts[i - 1] or tokens[i - 1].pos[0] == "接頭辞"):
        return 0  # inside a run: its start decides
    n = len(tokens)
    k, dots = i, []
    while k < n and k - i < MAX_NAME_TOKENS + 4:
        t = tokens[k]
        if view.name_parts[k] or t.pos[0] == "接頭辞":
            k += 1
        elif t.surface == "的" and k > i and k + 1 < n and view.name_parts[k + 1]:
            k += 1  # 電力広域|的|運営推進機関: an adjective of 的 inside the name
        elif (
            t.surface in ("・", "･")
            and k > i
            and k + 1 < n
            and view.name_parts[k - 1]
            and view.name_parts[k + 1]
        ):
            dots.append(k)
            k += 1
        else:
            break
    # the organisation word ends the run: …支援センター|プロジェクト is a project, not a body
    text = "".join(view.surfaces[i:k])
    if k - i < 2 or not _ends_with(view.surfaces, i, k, ORG_SUFFIXES) or text in found or len(text) < 4:
        return 0
    if (
        dots
        or _acronym_after(tokens, k)
        or _short_form_after(tokens, k, text)
        or (view.propers[i] and k - i >= 3)
        or _cited(tokens, k)
    ):
        return k
    return 0


def _short_form_after(tokens: Sequence[Token], m: int, name: str) -> bool:
    """Tokens from m read (X), X the name's short form: its characters in the name's order, ending as
    the name ends (電力広域的運営推進機関（広域機関）: the full name and the short one news gives)."""
    return bool(_short_form_end(tokens, m, name))


def _short_form_end(tokens: Sequence[Token], m: int, name: str) -> int:
    """The end (before its closing parenthesis) of the short form of ``name`` that tokens from m give in
    parentheses (see _short_form_after; 0: none)."""
    if m + 2 >= len(tokens) or tokens[m].surface not in "(（" or len(name) < 3:
        return 0
    short = ""
    for k in range(m + 1, min(len(tokens), m + 8)):
        if tokens[k].surface in ")）":
            break
        short += tokens[k].surface
    else:
        return 0
    if len(short) < 2 or short == name or name[-1] != short[-1] or not has_kanji(short):
        return 0
    rest = iter(name)
    return k if all(ch in rest for ch in short) else 0


def _company_end(tokens: Sequence[Token], i: int, view: _View, found, named) -> int:
    """End of a company's name that starts at token i (0: none).

    - 沖縄|セルラー|電話, 台湾|積|体|電路|製造(TSMC): a place, a word or more and the industry a company is
      named after (電話, 製造, 銀行 …), JMdict lacking the whole — three tokens or more, or two with an
      acronym after them (not 日本|銀行 "the central bank", a JMdict word; not 東京|株式市場);
    - 光陽|電機: a proper noun that names no place and such an industry word, JMdict lacking the two;
    - 楽天|モバイル, 楽天|傘下, 楽天|が…発表, 日清|製粉: a word JMnedict lists as a company or
      organisation that the sentence shows is one — katakana after it that JMdict lacks with it, a word
      that only follows a company (傘下, 子会社, グループ), an industry word JMdict lacks with it, or cited
      as a source (not 楽天 "optimism", not 日清 "the Sino-Japanese war")."""
    n = len(tokens)
    surfaces = view.surfaces
    if view.places[i] and (i == 0 or not view.name_parts[i - 1]):
        stop = view.name_stops[i]
        # 瀬戸|内|電力: a prefix the tokenizer cut off the end of the place, the two a name JMnedict
        # lists (瀬戸内 せとうち), is inside the name
        if (
            stop == i + 1
            and i + 2 < n
            and tokens[i + 1].pos[0] == "接頭辞"
            and tokens[i].end == tokens[i + 1].start
            and view.name_parts[i + 2]
            and surfaces[i] + surfaces[i + 1] in named
        ):
            stop = view.name_stops[i + 2]
        k = min(stop, i + MAX_NAME_TOKENS)
        for m in range(k, i + 1, -1):
            # 瀬戸|内製|鉄|所: the industry word may straddle the tokenizer's cuts (製鉄所)
            tail = "".join(surfaces[i + 1 : m])
            industry = any(tail.endswith(word) for word in INDUSTRY_SUFFIXES)
            if not industry or "".join(surfaces[i:m]) in found:
                continue
            if m - i >= 3 or _acronym_after(tokens, m):
                return m
    elif (
        view.propers[i]
        and (i == 0 or not view.name_parts[i - 1])
        and i + 1 < len(surfaces)
        and surfaces[i + 1] in INDUSTRY_SUFFIXES
        and surfaces[i] + surfaces[i + 1] not in found
    ):
        return i + 2
    if _COMPANY_KINDS & named.get(surfaces[i], frozenset()) and not view.katakana[i]:
        k = i + 1
        while k < n and view.katakana[k]:
            k += 1
        if k > i + 1 and "".join(surfaces[i:k]) not in found:
            return k
        if i + 1 < n and surfaces[i + 1] in INDUSTRY_SUFFIXES and surfaces[i] + surfaces[i + 1] not in found:
            return i + 2
        if i + 1 < n and (_spelled_end(tokens, i + 1, _COMPANY_NEXT) or _cited(tokens, i + 1)):
            return i + 1
    return 0


def _spelled_end(tokens: Sequence[Token], i: int, words: Iterable[str]) -> int:
    """End of the longest of ``words`` that tokens from i spell (子|会社, 立|大; 0: none)."""
    text, best = "", 0
    for j in range(i, min(len(tokens), i + 4)):
        text += tokens[j].surface
        if text in words:
            best = j + 1
    return best


def university_forms(views: Iterable[_View]) -> set[str]:
    """Forms to ask JMnedict for a university a text abbreviates: 星|薬科|大 → 星薬科大学."""
    forms: set[str] = set()
    for view in views:
        for m, surface in enumerate(view.surfaces):
            if surface == "大" and m > 0:
                for i in range(max(0, m - 4), m):
                    if all(view.name_parts[i:m]):
                        forms.add("".join(view.surfaces[i : m + 1]) + "学")
    return forms


def _university_end(view: _View, i: int, named) -> int:
    """星|薬科|大, 名古屋|市|立|大: a run ending in 大 whose full form (…大学) JMnedict lists as an
    organisation is that university's name (not 薬科 + 大, not 立大 "Rikkyo University")."""
    for m in range(min(i + 5, len(view.surfaces)), i + 1, -1):
        if view.surfaces[m - 1] == "大" and all(view.name_parts[i:m]):
            if "organization" in named.get("".join(view.surfaces[i:m]) + "学", frozenset()):
                return m
    return 0


def _name_cores(name: str) -> set[str]:
    """A name and the name without its legal form: 一般社団法人環境共創イニシアチブ → 環境共創イニシアチブ."""
    cores = {name}
    for prefix in LEGAL_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix) + 1:
            cores.add(name[len(prefix) :])
    for suffix in LEGAL_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            cores.add(name[: -len(suffix)])
    return cores


def _zone_part(token: Token) -> bool:
    """A common noun or prefix inside a zone's name (ハイテク, 産業, 開発; 新 of 浦東新区)."""
    return token.pos[0] == "接頭辞" or (token.pos[0] == "名詞" and token.pos[1] == "普通名詞")


def _admin_suffix(token: Token) -> bool:
    """An administrative suffix as the tokenizer tags one (区 after 開発), or 区 as a noun after 新."""
    return token.surface in ADMIN_SUFFIXES and token.pos[0] in ("接尾辞", "名詞")


def _cited(tokens: Sequence[Token], k: int) -> bool:
    """Tokens from k read によると, or が/は and a 発表 within five tokens."""
    rest = [t.base or t.surface for t in tokens[k : k + 7]]
    if rest[:3] in (["に", "よる", "と"], ["に", "因る", "と"], ["に", "依る", "と"]):
        return True
    return bool(rest) and rest[0] in ("が", "は") and "発表" in rest[1:6]


def _katakana_runs(
    sentences: Iterable[Sentence], views: Sequence[_View] | None = None
) -> tuple[dict[str, int], set[str]]:
    """How often each katakana noun stands alone (not inside a run of katakana nouns), the katakana
    runs, and the spans of noun runs that may be names (two to five tokens, a proper noun or katakana in
    them)."""
    counts: dict[str, int] = {}
    runs: set[str] = set()
    for index, s in enumerate(sentences):
        toks = s.tokens
        view = views[index] if views is not None else _View(toks)
        katakana, name_stops, propers = view.katakana, view.name_stops, view.propers
        start = None
        for i, t in enumerate([*toks, None]):
            if t is not None and katakana[i]:
                start = i if start is None else start
                continue
            if start is not None:
                if i - start == 1:
                    counts[toks[start].surface] = counts.get(toks[start].surface, 0) + 1
                else:
                    runs.add(_surfaces(toks, start, i))
            start = None
        i = 0
        while i < len(toks):
            end = name_stops[i]  # a run of name parts [i, end)
            if end - i >= 2:
                for a in range(i, end - 1):
                    for b in range(a + 2, min(end, a + 5) + 1):
                        if any(propers[a:b]) or any(katakana[a:b]):
                            runs.add(_surfaces(toks, a, b))
            i = max(end, i + 1)
    return counts, runs


_NAME_KINDS = frozenset({"place", "company", "organization", "product", "station", "work", "service"})


def _useful_name(word: str, name) -> bool:
    """A name worth a card: a place or an organisation, or a person JMnedict describes.

    UniDic splits Chinese personal names into characters it reads as Japanese given names (敏 →
    さとし "Satoshi", 緑 → みどり): single characters and bare romanised given names are left out."""
    if len(word) < 2:
        return False
    return bool(_NAME_KINDS & set(name.kinds)) or any("(" in g for g in name.glosses)


class KnownNames:
    """The multi-token names found so far in the text (一般社団法人|環境共創イニシアチブ) and the names
    without their legal form: the same surface is a name wherever else the text uses it
    (「環境共創イニシアチブ」 with no legal form)."""

    def __init__(self, surfaces: Iterable[str] = ()):
        self.surfaces: set[str] = set()
        self.first: set[str] = set()  # the first characters of the names
        self.update(surfaces)

    def update(self, surfaces: Iterable[str]) -> None:
        self.surfaces.update(surfaces)
        self.first = {name[0] for name in self.surfaces}

    def end_at(self, tokens: Sequence[Token], i: int, reach: int) -> int:
        """End of the longest known name that starts at token i and ends before ``reach`` (0: none)."""
        if tokens[i].surface[:1] not in self.first:
            return 0
        text = ""
        best = 0
        for j in range(i, min(reach, i + MAX_NAME_TOKENS)):
            text += tokens[j].surface
            if text in self.surfaces or (j > i and self._clipped(text, tokens[j].surface)):
                best = j + 1
        return best

    def _clipped(self, text: str, last: str) -> bool:
        """``text`` is a known name with its katakana end cut short, as news shortens a company's name
        after naming it (浪速|ロジ for 浪速ロジスティクス): it ends in katakana where the name goes on in
        katakana."""
        if not is_katakana(last):
            return False
        return any(
            len(name) > len(text) + 1 and name.startswith(text) and is_katakana(name[len(text)])
            for name in self.surfaces
        )


def sentence_names(sentence: Sentence, spans: dict[int, int]) -> set[str]:
    """The names of a sentence's rule spans of two tokens or more, with and without their legal form."""
    names: set[str] = set()
    for a, b in spans.items():
        if b - a >= 2:
            names.update(_name_cores(_surfaces(sentence.tokens, a, b)))
    return names


def _joined_katakana_runs(view: _View) -> list[tuple[int, int]]:
    """The runs of katakana nouns in a sentence, ・ between two of them joining them (ドラッグ・ラグ):
    (start, end) token spans."""
    runs: list[tuple[int, int]] = []
    katakana, surfaces = view.katakana, view.surfaces
    n = len(surfaces)
    i = 0
    while i < n:
        if not katakana[i]:
            i += 1
            continue
        k = i + 1
        while k < n and (katakana[k] or (surfaces[k] in ("・", "･") and k + 1 < n and katakana[k + 1])):
            k += 1
        runs.append((i, k))
        i = k
    return runs


def katakana_pieces(views: Sequence[_View], found) -> list[frozenset[int]]:
    """Per sentence, the tokens that are pieces of a katakana term, not words: ドラッグ and ラグ of
    ドラッグラグ / ドラッグ・ラグ ("drug lag"), a run JMdict lacks that the text writes twice or more and
    whose pieces it never uses on their own — the run is the unit, so "drug" and "rug" get no cards
    (トークン of アクセス|トークン does, when the text also writes トークン alone)."""
    alone: dict[str, int] = {}
    terms: dict[str, int] = {}  # how often each run is written, with or without its ・
    runs = [_joined_katakana_runs(v) for v in views]
    for view, spans in zip(views, runs, strict=True):
        for a, b in spans:
            if b - a == 1:
                alone[view.surfaces[a]] = alone.get(view.surfaces[a], 0) + 1
            else:
                whole = "".join(view.surfaces[k] for k in range(a, b) if view.katakana[k])
                terms[whole] = terms.get(whole, 0) + 1
    pieces: list[frozenset[int]] = []
    for view, spans in zip(views, runs, strict=True):
        hidden: set[int] = set()
        for a, b in spans:
            inner = [k for k in range(a, b) if view.katakana[k]]
            if len(inner) < 2:
                continue
            whole = "".join(view.surfaces[k] for k in inner)
            if whole in found or "・".join(view.surfaces[k] for k in inner) in found:
                continue
            # the text's term: written twice or more (クラウド|リソース once, beside クラウド|ソフト once,
            # keeps クラウド a word of its own)
            if terms.get(whole, 0) >= 2 and all(alone.get(view.surfaces[k], 0) == 0 for k in inner):
                hidden.update(inner)
        pieces.append(frozenset(hidden))
    return pieces
