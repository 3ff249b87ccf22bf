"""Saved news pages: trafilatura's article text against tangocho's own HTML rules.

Prints, for each page of tests/newspages.py (the seed article inside three realistic layouts), the
characters of page furniture each method leaked and of article text it lost (whitespace ignored), and
whether the byline, the photo caption and the translation credit (neither article nor furniture)
survived. Methods:

- rules: ``text.html_to_text`` (scripts, styles, <nav>/<header>/<footer>/<aside>/<form> dropped) and
  the furniture rules of ``text.article_lines`` (breadcrumbs, dated byline, ※ notes)
- trafilatura: ``text.html_article`` (what tangocho now uses for .html files and URLs: trafilatura's
  text, the headline put back when the page shows it outside a heading)
- trafilatura + rules: the same, then ``_article_lines`` (what the pipeline reads)

Run: python benchmarks/extraction.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from newspages import article_chars, furniture_chars, pages, score  # noqa: E402

from tangocho.text import article_lines as _article_lines  # noqa: E402
from tangocho.text import html_article, html_to_text  # noqa: E402


def rules(html: str) -> str:
    _, text = html_to_text(html)
    return "\n".join(_article_lines(text.split("\n")))


def trafilatura(html: str) -> str:
    return "\n".join(html_article(html, "page", "page")[1])


def trafilatura_rules(html: str) -> str:
    return "\n".join(_article_lines(html_article(html, "page", "page")[1]))


METHODS = {"rules": rules, "trafilatura": trafilatura, "trafilatura + rules": trafilatura_rules}


def main() -> None:
    header = f"{'page':10} {'method':20} {'furniture leaked':>18} {'article lost':>14} {'ms':>6}"
    print(f"{header}  byline/caption/credit")
    totals = {m: [0, 0] for m in METHODS}
    for page in pages():
        for name, method in METHODS.items():
            started = time.perf_counter()
            text = method(page.html)
            ms = (time.perf_counter() - started) * 1000
            leaked, lost = score(text, page)
            flat = "".join(text.split())
            kept = "/".join("kept" if "".join(n.split()) in flat else "-" for n in page.neutral)
            totals[name][0] += leaked
            totals[name][1] += lost
            print(
                f"{page.name:10} {name:20} {leaked:>6} / {furniture_chars(page):<5} ch "
                f"{lost:>6} / {article_chars(page):<5} {ms:6.0f}  {kept}"
            )
    for name, (leaked, lost) in totals.items():
        print(f"{'total':10} {name:20} {leaked:>6} ch leaked   {lost:>6} ch lost")


if __name__ == "__main__":
    main()
