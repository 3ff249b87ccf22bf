"""Print every note of decks built from the given texts: word / reading / first sense / sentence furigana.

python scripts/dump_cards.py ../shared/eval/dev/*.txt seeds/*.txt      # one line per note
python scripts/dump_cards.py --coverage FILES…                         # share of kanji with a reading
python scripts/dump_cards.py --sample 30 --seed 11 FILES…              # a random review sample
python scripts/dump_cards.py --more FILES…                             # also each note's MoreSentences
python scripts/dump_cards.py --check-sentences FILES…                  # count doubtful example sentences
"""

from __future__ import annotations

import argparse
import random
import re

from tangocho import Options
from tangocho.kana import is_kanji
from tangocho.pipeline import make_cards, select_words

_RUBY = re.compile(r" ?([^ \[\]<>]+)\[([^\]]*)\]")


def plain_ruby(furigana: str) -> str:
    return re.sub(r"<[^>]*>", "", _RUBY.sub(r"\1(\2)", furigana))


def coverage(furigana: str) -> tuple[int, int]:
    """(kanji with a reading, kanji) in one SentenceFurigana field."""
    text = re.sub(r"<[^>]*>", "", furigana)
    covered = sum(sum(1 for ch in base if is_kanji(ch)) for base, _ in _RUBY.findall(text))
    bare = _RUBY.sub("", text)
    return covered, covered + sum(1 for ch in bare if is_kanji(ch))


def _plain(html_text: str) -> str:
    return re.sub(r"<[^>]*>", "", html_text).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def sentence_flags(sentence_html: str) -> list[str]:
    """Why a shown example is doubtful: a heading/caption/byline (shown whole, no predicate), a cut
    left without its verb (fragment), unbalanced quote marks, a second sentence outside quotes
    (spans), the word only inside a name (in-name). Judged by tangocho.examples' own rules, so read
    the flagged ones: the figures say where to look, not what is right."""
    from tangocho.examples import HEADING, _content, _is_predicate, inside_name, sentence_rank
    from tangocho.models import Article, Occurrence, Sentence
    from tangocho.tokenize import tokenize

    shown = _plain(sentence_html)
    core = shown.strip("…")
    if not core:
        return ["none"]
    tokens = tokenize(core)
    flags = []
    if not shown.startswith("…") and not shown.endswith("…") and sentence_rank(core, tokens) >= HEADING:
        flags.append("heading/caption")
    if shown.endswith("…"):
        words = _content(tokens)
        if words and not _is_predicate(words[-1]):
            flags.append("fragment")
    if core.count("「") != core.count("」") or core.count("『") != core.count("』"):
        flags.append("unbalanced")
    depth = 0
    for i, ch in enumerate(core[:-1]):
        depth = depth + (ch in "「『") - (ch in "」』") if ch in "「『」』" else depth
        if ch in "。！？" and depth <= 0 and core[i + 1] not in "」』）)…":
            flags.append("spans")
            break
    bold = re.search(r"<b>(.*?)</b>", sentence_html)
    at = len(_plain(sentence_html[: bold.start()]).lstrip("…")) if bold else -1
    if at >= 0:
        inside = [
            k for k, t in enumerate(tokens) if t.start >= at and t.end <= at + len(_plain(bold.group(1)))
        ]
        if inside and inside_name(
            Occurrence(Sentence(core, tokens, Article("", ""), 0), inside[0], inside[-1] + 1)
        ):
            flags.append("in-name")
    return flags


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--coverage", action="store_true")
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--more", action="store_true", help="also print MoreSentences (one line each, '  + ')")
    ap.add_argument(
        "--check-sentences", action="store_true", help="count and list doubtful example sentences"
    )
    args = ap.parse_args()
    rows = []
    for path in args.files:
        selection, dictionary = select_words([path], Options())
        cards = make_cards(selection, dictionary, Options(card_types=("recognition", "production", "cloze")))
        rows += [(path.rsplit("/", 1)[-1], c) for c in cards]
    if args.coverage:
        got = total = 0
        for _, c in rows:
            a, b = coverage(c.fields["SentenceFurigana"])
            got += a
            total += b
        print(f"{len(rows)} notes, {got}/{total} kanji with a reading = {100 * got / max(total, 1):.2f} %")
        return
    if args.check_sentences:
        counts: dict[str, int] = {}
        flagged = more_flagged = more_total = 0
        for name, c in rows:
            flags = sentence_flags(c.fields["Sentence"])
            for f in flags:
                counts[f] = counts.get(f, 0) + 1
            if flags:
                flagged += 1
                print(f"{name[:3]} {c.fields['Expression']} {flags} {_plain(c.fields['Sentence'])[:90]}")
            for more in re.findall(
                r'<div class="more-sentence">(.*?)(?:<div class="source">|</div>)', c.fields["MoreSentences"]
            ):
                more_total += 1
                if {"heading/caption", "fragment"} & set(sentence_flags(more)):
                    more_flagged += 1
                    print(f"{name[:3]} {c.fields['Expression']} (more) {_plain(more)[:90]}")
        print(f"{len(rows)} notes, {flagged} main sentences flagged: {counts}")
        print(f"{more_total} more sentences, {more_flagged} headings/captions/fragments among them")
        return
    if args.sample:
        rows = random.Random(args.seed).sample(rows, args.sample)
    for name, c in rows:
        f = c.fields
        first = re.search(r"<li>(.*?)</li>", f["MainDefinition"])
        sense = first.group(1) if first else f["MainDefinition"]
        sense = re.sub(r"<[^>]*>", "", re.sub(r'<span class="pos">.*?</span>', "", sense)).strip()
        check = " [check]" if "check::reading" in c.tags else ""
        print(f"{name[:3]} {f['Expression']} 【{f['ExpressionReading']}】{check} {sense[:70]}")
        print("    " + plain_ruby(f["SentenceFurigana"]))
        if args.more:
            for more in re.findall(
                r'<div class="more-sentence">(.*?)(?:<div class="source">|</div>)', f["MoreSentences"]
            ):
                print("      + " + re.sub(r"<[^>]*>", "", more))


if __name__ == "__main__":
    main()
