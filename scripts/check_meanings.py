"""Notes without a right meaning, and compounds left out, in decks built from the given texts.

python scripts/check_meanings.py ../shared/eval/dev/*.txt seeds/*.txt

Per text as `dump_cards.py` builds it: every compound note with its breakdown (MainDefinition as plain
text), flagged NO-MEANING (empty or "not in the dictionary") or PART-? (a part without a gloss); then
each compound `tangocho words` marks "not carded: …", with its reason; then the counts.
"""

from __future__ import annotations

import html
import re
import sys

from tangocho import Options
from tangocho.pipeline import NOT_CARDED, left_out, make_cards, select_words


def main(paths: list[str]) -> None:
    notes = compounds = flagged = dropped = 0
    for path in paths:
        name = path.rsplit("/", 1)[-1][:4]
        selection, dictionary = select_words([path], Options())
        by_key = {c.key: c for c in selection.candidates}
        for card in make_cards(selection, dictionary, Options()):
            notes += 1
            c = by_key[card.key]
            main = html.unescape(re.sub(r"<[^>]*>", "", card.fields["MainDefinition"])).strip()
            flag = ""
            if not main or "not in the dictionary" in main:
                flag = "NO-MEANING"
            elif " ? " in main + " ":
                flag = "PART-?"
            flagged += bool(flag)
            if c.entry is None:
                compounds += 1
                print(f"{name} {flag:10} {c.word} 【{c.reading}】 {main}")
            elif flag:
                print(f"{name} {flag:10} {c.word} 【{c.reading}】")
        for c in selection.candidates:
            if left_out(c):
                dropped += 1
                why = NOT_CARDED + c.not_carded
                print(f"{name} LEFT-OUT   {c.word} 【{c.reading}】 {why}")
    print(f"{notes} notes, {compounds} compounds, {flagged} without a right meaning, {dropped} left out")


if __name__ == "__main__":
    main(sys.argv[1:])
