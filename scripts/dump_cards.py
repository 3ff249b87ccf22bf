"""Print every note of decks built from the given texts: word / reading / first sense / sentence furigana.

python scripts/dump_cards.py ../shared/eval/dev/*.txt seeds/*.txt      # one line per note
python scripts/dump_cards.py --coverage FILES…                         # share of kanji with a reading
python scripts/dump_cards.py --sample 30 --seed 11 FILES…              # a random review sample
python scripts/dump_cards.py --more FILES…                             # also each note's MoreSentences
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--coverage", action="store_true")
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--more", action="store_true", help="also print MoreSentences (one line each, '  + ')")
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
