"""The author's readings (``<ruby>漢字<rt>かんじ</rt></ruby>``) carried inside the text lines.

Loading turns each ruby into ``⦃漢字⦀かんじ⦄`` in the line it stands in, so that readings travel with
their text through the line-by-line stages (furniture rules, sentence splitting) without a side channel;
``split`` takes them out again when a sentence is built, leaving its plain text and the
``(start, end, reading)`` spans of ``Sentence.ruby``. The three marker characters are rare mathematical
brackets, printable (HTML extraction keeps them where it drops invisible characters) and scrubbed from
every input first (``scrub``), so text never fakes a ruby.
"""

from __future__ import annotations

import re

OPEN, SEP, CLOSE = "\u2983", "\u2980", "\u2984"  # ⦃ ⦀ ⦄
_MARKERS = OPEN + SEP + CLOSE
_SCRUB = str.maketrans("", "", _MARKERS)
_RUBY = re.compile(f"{OPEN}([^{_MARKERS}]*){SEP}([^{_MARKERS}]*){CLOSE}")
_SPACE = re.compile(r"\s+")


def mark(base: str, reading: str) -> str:
    """``base`` with ``reading`` attached; a ruby with no base or no reading is just its base."""
    base = scrub(base)
    reading = _SPACE.sub("", scrub(reading))
    if not base.strip() or not reading:
        return base
    return f"{OPEN}{base}{SEP}{reading}{CLOSE}"


def scrub(text: str) -> str:
    """``text`` without marker characters (input text that happens to hold ⦃ ⦀ ⦄)."""
    return text.translate(_SCRUB) if any(c in text for c in _MARKERS) else text


def split(text: str) -> tuple[str, tuple[tuple[int, int, str], ...]]:
    """(plain text, ruby spans): ``⦃漢字⦀かんじ⦄を学ぶ`` → ``("漢字を学ぶ", ((0, 2, "かんじ"),))``.

    Marker characters left unpaired (a ruby cut by a line split) are dropped.
    """
    if OPEN not in text:
        return scrub(text), ()
    plain: list[str] = []
    spans: list[tuple[int, int, str]] = []
    length = 0
    last = 0
    for m in _RUBY.finditer(text):
        before = scrub(text[last : m.start()])
        plain.append(before)
        length += len(before)
        base, reading = m.group(1), m.group(2)
        plain.append(base)
        if base and reading:
            spans.append((length, length + len(base), reading))
        length += len(base)
        last = m.end()
    plain.append(scrub(text[last:]))
    return "".join(plain), tuple(spans)


def plain(text: str) -> str:
    """``text`` with the readings taken out (titles, messages)."""
    return split(text)[0]
