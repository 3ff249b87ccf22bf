"""Realistic news pages around the seed article, and a measure of how cleanly an extractor finds it.

Three layouts a reader saves or opens: a semantic HTML5 page (<header>, <nav>, <article>, <aside>,
<footer>), a "div soup" page whose furniture is marked only by class names, and a blog page whose related
links, ranking and readers' comments are ordinary paragraphs. Around the article stand the furniture a
news site has: menus, breadcrumb, share buttons, related-article lists and rankings (headlines full of
business words — the ones a leak would card), comments, ads, a cookie notice, a footer.

``score(text, page)`` counts the characters of furniture the text leaked and of article text it lost
(whitespace ignored). Used by tests/test_extract.py and benchmarks/extraction.py.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "seeds" / "wuxi-hightech-2020.txt"


@dataclass(frozen=True)
class Page:
    name: str
    html: str
    title: str
    article: tuple[str, ...]  # headline, subheads and paragraphs: must be kept
    furniture: tuple[str, ...]  # every piece of furniture text: must go
    # byline, caption and the translation credit: neither counted as kept nor as leaked
    neutral: tuple[str, ...] = ()


def seed_parts() -> tuple[str, str, list[tuple[str, str]], str]:
    """(headline, byline, [(kind, text)] with kind "h2" or "p", credit) of the seed article."""
    lines = [line.strip(" \t\u3000\u00a0") for line in SEED.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    headline, byline = lines[2], lines[3]
    body: list[tuple[str, str]] = []
    credit = ""
    for line in lines[6:]:
        if line.startswith("※"):
            credit = line
        else:
            # the seed's subheads are its short lines without a full stop
            body.append(("h2" if len(line) < 120 and not line.endswith("。") else "p", line))
    return headline, byline, body, credit


MENU = ["ホーム", "ニュース", "政治", "経済", "国際", "テクノロジー", "スポーツ", "エンタメ", "特集", "動画"]
RELATED = [
    "半導体大手が新工場の建設を発表、設備投資は過去最大の規模に",
    "電気自動車向け電池の需要が急拡大、素材メーカー各社が増産へ",
    "地方銀行の再編が加速、持ち株会社方式での経営統合が相次ぐ",
    "物流業界の人手不足が深刻化、倉庫の自動化投資に補助金",
]
RANKING = [
    "日銀が追加の金融緩和を決定、長期金利の誘導目標を据え置き",
    "大手商社の決算、資源価格の下落で純利益が大幅な減益に",
    "スマートフォン市場の出荷台数、三四半期連続で前年割れ",
    "再生可能エネルギーの固定価格買取制度、見直し案の全容判明",
    "上場企業の株主還元が最高に、自社株買いの発表が相次ぐ",
]
COMMENTS = [
    "記事を読んで、地方の産業政策の重要性を改めて感じました。日本の自治体にも同じような取り組みが必要だと思います。",
    "補助金に頼った成長がいつまで続くのか疑問です。民間の投資意欲こそが本当の原動力ではないでしょうか。",
    "現地に駐在していた者として、行政の対応の速さには本当に驚かされました。",
]
SHARE = ["ツイート", "シェア", "はてなブックマーク", "LINEで送る", "この記事を印刷する"]
AD = "【PR】法人向けクラウド会計ソフトなら初期費用無料、今なら三か月間お試しいただけます"
COOKIE = (
    "当サイトではクッキーを使用しています。"
    "サイトの閲覧を続けることで、クッキーの使用に同意したものとみなされます。"
)
FOOTER = [
    "会社概要",
    "個人情報保護方針",
    "お問い合わせ",
    "広告掲載について",
    "著作権は科技ニュース社に帰属します",
]
BREADCRUMB = ["トップ", "科学技術トピック", "第168号"]
SITE = "科技ニュース速報"
NEWSLETTER = "メールマガジンに登録すると、毎朝の経済ニュースをお届けします。"


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _body(body: list[tuple[str, str]]) -> str:
    return "\n".join(f"<{k}>{_e(t)}</{k}>" for k, t in body)


def _links(items: list[str], cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return "<ul{}>{}</ul>".format(
        attr, "".join(f'<li><a href="/a/{i}">{_e(t)}</a></li>' for i, t in enumerate(items))
    )


def semantic() -> str:
    headline, byline, body, credit = seed_parts()
    comments = "".join(f'<div class="comment"><p>{_e(c)}</p></div>' for c in COMMENTS)
    return f"""<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">
<title>{_e(headline)} | {SITE}</title>
<meta property="og:title" content="{_e(headline)}">
<meta property="article:published_time" content="2020-09-28T09:00:00+09:00">
</head><body>
<div class="cookie-banner">{_e(COOKIE)}</div>
<header><div class="logo">{SITE}</div><nav>{_links(MENU)}</nav></header>
<main>
<nav class="breadcrumb">{_links(BREADCRUMB)}</nav>
<article>
<h1>{_e(headline)}</h1>
<p class="byline"><time datetime="2020-09-28">{_e(byline)}</time></p>
<div class="share">{_links(SHARE)}</div>
<figure><img src="/img/1.jpg" alt=""><figcaption>(写真:視覚中国)</figcaption></figure>
{_body(body)}
<p class="note">{_e(credit)}</p>
<section class="related"><h2>関連記事</h2>{_links(RELATED)}</section>
</article>
<aside><h2>アクセスランキング</h2><ol>{"".join(f"<li><a href='/r'>{_e(t)}</a></li>" for t in RANKING)}</ol>
<div class="ad">{_e(AD)}</div></aside>
</main>
<section id="comments"><h2>コメント</h2>{comments}</section>
<footer>{_links(FOOTER)}<p>{_e(NEWSLETTER)}</p></footer>
</body></html>"""


def div_soup() -> str:
    headline, byline, body, credit = seed_parts()
    paragraphs = "\n".join(f'<div class="{"sub" if k == "h2" else "txt"}">{_e(t)}</div>' for k, t in body)
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{_e(headline)}｜{SITE}</title></head><body>
<div id="wrap">
<div id="hd"><div class="logo"><a href="/">{SITE}</a></div>
<div class="gnav">{_links(MENU)}</div></div>
<div class="pankuzu">{" &gt; ".join(f'<a href="/">{_e(b)}</a>' for b in BREADCRUMB)}</div>
<div id="contents"><div id="main">
<div class="article-head"><div class="ttl">{_e(headline)}</div><div class="date">{_e(byline)}</div></div>
<div class="sns">{"".join(f"<span>{_e(s)}</span>" for s in SHARE)}</div>
<div class="article-body">
<div class="photo"><img src="1.jpg"><div class="cap">(写真:視覚中国)</div></div>
{paragraphs}
<div class="txt">{_e(credit)}</div>
</div>
<div class="kanren"><div class="kanren-ttl">関連記事</div>{_links(RELATED)}</div>
<div class="comment-area"><div class="comment-ttl">コメント</div>
{"".join(f'<div class="cmt"><div class="cmt-body">{_e(c)}</div></div>' for c in COMMENTS)}</div>
</div>
<div id="side"><div class="rank"><div class="rank-ttl">アクセスランキング</div>{_links(RANKING)}</div>
<div class="bnr">{_e(AD)}</div><div class="mailmag">{_e(NEWSLETTER)}</div></div>
</div>
<div id="ft">{_links(FOOTER)}</div>
<div class="cookie">{_e(COOKIE)}</div>
</div></body></html>"""


def blog() -> str:
    headline, byline, body, credit = seed_parts()
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{_e(headline)} - {SITE}ブログ</title></head>
<body><div class="container">
<p class="site-title"><a href="/">{SITE}ブログ</a></p>
<p class="menu">{" | ".join(f'<a href="/">{_e(m)}</a>' for m in MENU)}</p>
<div class="entry">
<h1 class="entry-title">{_e(headline)}</h1>
<p class="entry-date">{_e(byline)}</p>
{_body(body)}
<p>{_e(credit)}</p>
<p class="share">{" ".join(f'<a href="#">{_e(s)}</a>' for s in SHARE)}</p>
</div>
<h3>関連記事</h3>
{"".join(f"<p><a href='/p'>{_e(t)}</a></p>" for t in RELATED)}
<h3>人気の記事</h3>
{"".join(f"<p><a href='/p'>{_e(t)}</a></p>" for t in RANKING)}
<h3>コメント</h3>
{"".join(f"<p>{_e(c)}</p>" for c in COMMENTS)}
<p class="ad">{_e(AD)}</p>
<p>{_e(NEWSLETTER)}</p>
<p class="footer">{" | ".join(_e(f) for f in FOOTER)}</p>
<p class="cookie">{_e(COOKIE)}</p>
</div></body></html>"""


TAGS = ["#半導体", "#中国経済", "#産業政策", "#スマート製造"]
PROFILE = "筆者プロフィール:科技日報の記者。長江デルタ地域の産業と技術革新を長年取材している。"
NEXT = ["前の記事", "次の記事", "続きを読む"]


def inline() -> str:
    """Furniture inside the article's own container: related links and an ad between paragraphs,
    a tag list, the author's profile and paging after them — the hardest case for any extractor."""
    headline, byline, body, credit = seed_parts()
    parts = []
    for i, (kind, text) in enumerate(body):
        parts.append(f"<{kind}>{_e(text)}</{kind}>")
        if i == 3:
            parts.append(f'<p class="rel"><a href="/r1">【関連記事】{_e(RELATED[0])}</a></p>')
        if i == 8:
            parts.append(f'<p class="ad">{_e(AD)}</p>')
        if i == 14:
            parts.append(f'<p><a href="/r2">【関連記事】{_e(RELATED[1])}</a></p>')
    tags = "".join(f'<a href="/t">{_e(t)}</a> ' for t in TAGS)
    paging = " ".join(f'<a href="/n">{_e(n)}</a>' for n in NEXT)
    return f"""<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">
<title>{_e(headline)} | {SITE}</title></head><body>
<header><nav>{_links(MENU)}</nav></header>
<div class="article">
<h1>{_e(headline)}</h1>
<p class="byline">{_e(byline)}</p>
{"".join(parts)}
<p>{_e(credit)}</p>
<div class="tags">{tags}</div>
<div class="profile"><p>{_e(PROFILE)}</p></div>
<div class="paging">{paging}</div>
</div>
<footer>{_links(FOOTER)}</footer></body></html>"""


def paragraphs() -> str:
    """The seed file as a page: each of its lines a <p> (breadcrumb line and byline included) inside
    <article>, menus and footer around it — a page saved from a site that marks up little."""
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    body = "\n".join(f"<p>{_e(line)}</p>" for line in lines)
    return f"""<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>{_e(lines[2])}</title></head>
<body><nav>{_links(MENU)}</nav><article>{body}</article>
<aside><h2>アクセスランキング</h2>{_links(RANKING)}</aside><footer>{_links(FOOTER)}</footer></body></html>"""


def pages() -> list[Page]:
    headline, byline, body, credit = seed_parts()
    article = (headline, *(t for _, t in body))
    neutral = (byline, "(写真:視覚中国)", credit)
    seed_lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    breadcrumb_line = seed_lines[1]
    headings = ("関連記事", "アクセスランキング", "コメント", "人気の記事", SITE, f"{SITE}ブログ")
    furniture = (*MENU, *RELATED, *RANKING, *COMMENTS, *SHARE, AD, COOKIE, *FOOTER, NEWSLETTER, *headings)
    furniture = (*furniture, *BREADCRUMB)
    made = [
        Page(name, make(), headline, article, furniture, neutral)
        for name, make in (("semantic", semantic), ("div soup", div_soup), ("blog", blog))
    ]
    furniture = (*MENU, *RANKING, *FOOTER, "アクセスランキング", breadcrumb_line)
    made.append(Page("paragraphs", paragraphs(), headline, article, furniture, neutral))
    furniture = (
        *MENU,
        *FOOTER,
        f"【関連記事】{RELATED[0]}",
        f"【関連記事】{RELATED[1]}",
        AD,
        *TAGS,
        PROFILE,
        *NEXT,
    )
    return [*made, Page("inline", inline(), headline, article, furniture, neutral)]


_SPACE = re.compile(r"\s+")


def _squash(text: str) -> str:
    return _SPACE.sub("", text)


def score(text: str, page: Page) -> tuple[int, int]:
    """(furniture characters leaked, article characters lost) of an extracted ``text``.

    A piece of furniture leaks when it stands in the text whole (a menu item of two characters also
    found inside the article's own words is not counted: it proves nothing). An article sentence is
    lost when it does not stand in the text whole.
    """
    flat = _squash(text)
    article = _squash("".join(page.article))
    leaked = sum(len(_squash(f)) for f in page.furniture if _squash(f) in flat and _squash(f) not in article)
    lost = 0
    for part in page.article:
        for sentence in re.findall(r"[^。]+。?", _squash(part)):
            if sentence not in flat:
                lost += len(sentence)
    return leaked, lost


def leaks(text: str, page: Page) -> list[str]:
    """The pieces of furniture ``text`` holds (as counted by ``score``)."""
    flat = _squash(text)
    article = _squash("".join(page.article))
    return [f for f in page.furniture if _squash(f) in flat and _squash(f) not in article]


def article_chars(page: Page) -> int:
    return sum(len(_squash(p)) for p in page.article)


def furniture_chars(page: Page) -> int:
    article = _squash("".join(page.article))
    return sum(len(_squash(f)) for f in page.furniture if _squash(f) not in article)
