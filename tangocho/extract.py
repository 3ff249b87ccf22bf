"""The article in a web page — saved or fetched — found by trafilatura; ruby kept as readings.

A news page is mostly furniture: menus, breadcrumbs, share buttons, related-article lists, rankings,
comments, ads. trafilatura scores the page's blocks by text density and markup and keeps the article
(title, date, body). It works offline on the HTML it is given (fetching is ``web.py``'s job) and is
imported only when a page is read (~150 ms).

Ruby is taken out before trafilatura sees the page — it would print the reading after its base,
漢字かんじ, as separate lines — and put back into the text as ``ruby.mark`` markers.
"""

from __future__ import annotations

import re

from . import ruby
from .errors import NoArticleText
from .text import _decodes, _japanese_score, detect_encoding

_ALIASES = dict.fromkeys(("shift_jis", "shift-jis", "sjis", "x-sjis", "windows-31j"), "cp932")
_SAMPLE = 256 * 1024


def decode_html(body: bytes, declared: str | None, name: str) -> str:
    """Decode a fetched page: the header's charset unless the bytes say otherwise.

    A server's charset is often wrong (a Shift_JIS page served as ``charset=utf-8``, a UTF-8 page as
    ISO-8859-1): the declared charset is used only when it decodes the page strictly and reads at least
    as much like Japanese as what ``detect_encoding`` finds (BOM, UTF-8, ``<meta charset>``, CP932/EUC-JP).
    """
    sample = body[:_SAMPLE]
    detected = detect_encoding(sample, name)
    encoding = detected
    if declared:
        declared = _ALIASES.get(declared.lower(), declared.lower())
        if declared != detected:
            mine = _decodes(sample, declared)
            theirs = _decodes(sample, detected)
            if mine is not None and (theirs is None or _japanese_score(mine) >= _japanese_score(theirs)):
                encoding = declared
    return body.decode(encoding, errors="replace")


_PARAGRAPHS = (
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "table",
    "blockquote",
    "section",
    *(f"h{n}" for n in range(1, 7)),
)


def _mark_ruby(tree) -> int:
    """Replace each <ruby> by its base text with the reading attached (``ruby.mark``); return how many.

    ``<ruby>漢字<rp>(</rp><rt>かんじ</rt><rp>)</rp></ruby>`` → ⦃漢字⦀かんじ⦄; a ruby per kanji
    (``<ruby>漢<rt>かん</rt>字<rt>じ</rt></ruby>``) gives one span each; ``<rb>`` holds the base in
    some books.
    """
    count = 0
    for element in list(tree.iter("ruby")):
        if next(element.iter(*_PARAGRAPHS), None) is not None:
            continue  # a ruby left unclosed holds the paragraphs after it: they are text, not readings
        parts: list[str] = []
        base = element.text or ""
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "rt":
                parts.append(ruby.mark(base, child.text_content()))
                base = ""
                count += 1
            elif tag == "rtc":  # a container of <rt>: one reading for the base so far
                parts.append(ruby.mark(base, "".join(rt.text_content() for rt in child.iter("rt"))))
                base = ""
                count += 1
            elif tag != "rp":
                base += child.text_content()
            base += child.tail or ""
        parts.append(base)
        _replace_with_text(element, "".join(parts))
    return count


def _replace_with_text(element, text: str) -> None:
    parent = element.getparent()
    if parent is None:
        return
    text += element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(element)


def extract(html: str, name: str, url: str | None = None) -> tuple[str, str, list[str]]:
    """(title, date, lines) of the article in ``html``; ``NoArticleText`` when there is none."""
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(ruby.scrub(html))
    if tree is None:
        raise NoArticleText(f"{name}: no article text found (not an HTML page?)")
    _mark_ruby(tree)
    _drop_link_blocks(tree)
    subheads = _subheads(tree)  # before extraction: trafilatura prunes the tree it is given
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        config=_config(),
        with_metadata=True,
        include_comments=False,  # readers' comments are not the article
        include_tables=True,  # a results table is (売上高 | 営業利益 …)
        include_images=False,
        include_links=False,
        include_formatting=False,
        deduplicate=False,  # an article may repeat a paragraph on purpose (summary, then body)
        output_format="python",
        # htmldate's extensive search reads dates out of the text with dateparser (1.5 s to import) and
        # guesses (2020-01-01 from a bare year): the page's metadata is enough, the byline does the rest
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = getattr(document, "text", None) or ""
    if not text.strip():
        raise NoArticleText(
            f"{name}: no article text found (an index page, a login wall, or a script-only page?)"
        )
    title = ruby.plain(" ".join((document.title or "").split()))
    date = document.date or ""
    lines = _restore_subheads(text.split("\n"), subheads)
    return title, date if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else "", lines


_CONFIG = None


def _config():
    """trafilatura's settings, with a smaller minimum for the article it finds: 250 characters (its
    default, made for English) is 3–4 Japanese sentences; a shorter article fell through to its
    baseline extractor, which cuts sentences at every link (無錫の⏎開発区⏎は…)."""
    global _CONFIG
    if _CONFIG is None:
        from trafilatura.settings import use_config

        _CONFIG = use_config()
        _CONFIG.set("DEFAULT", "MIN_EXTRACTED_SIZE", "100")
    return _CONFIG


_BLOCKS = ("p", "li", "dd", "dt", "div")  # blocks only: a link inside a sentence is its text


def _squash(text: str) -> str:
    return "".join(text.split())


def _drop_link_blocks(tree) -> None:
    """Remove blocks whose whole text is link text: 【関連記事】 lines between paragraphs, tag lists,
    "next article" links. An article's own sentence is never all link; trafilatura keeps such a
    block when it stands inside the article's container."""
    for element in list(tree.iter(*_BLOCKS)):
        if element.getparent() is None:
            continue
        text = _squash(element.text_content())
        if not text or len(text) > 200:  # a headline-sized line, not a paragraph
            continue
        anchors = list(element.iter("a"))
        # an <a> holding blocks is a link left unclosed (<a href><p>本文…</p>): its text is no link
        if any(next(a.iter(*_BLOCKS), None) is not None for a in anchors):
            continue
        links = "".join(_squash(a.text_content()) for a in anchors)
        if links == text:
            _replace_with_text(element, "")


def _subheads(tree) -> list[tuple[str, str]]:
    """(subhead, the start of the text after it) for each <h2>–<h4> that a paragraph follows."""
    pairs = []
    for heading in tree.iter("h2", "h3", "h4"):
        following = heading.getnext()
        text = " ".join(heading.text_content().split())
        after = _squash(following.text_content())[:30] if following is not None else ""
        if text and len(after) >= 10:
            pairs.append((text, after))
    return pairs


def _restore_subheads(lines: list[str], subheads: list[tuple[str, str]]) -> list[str]:
    """Put back subheads trafilatura dropped (it does under a plain <div>): a subhead whose next
    paragraph was kept goes back before that paragraph. A furniture heading (関連記事, ランキング)
    is followed by links, which were not kept, so it stays out."""
    flat = [_squash(line) for line in lines]
    for text, after in subheads:
        head = _squash(text)
        if any(head in line for line in flat):
            continue
        at = next((i for i, line in enumerate(flat) if line.startswith(after)), None)
        if at is not None:
            lines.insert(at, text)
            flat.insert(at, head)
    return lines
