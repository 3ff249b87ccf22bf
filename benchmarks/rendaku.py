"""How well the rendaku rule (reading.voiced_in_compound) reads compounds JMdict lacks; what its data costs.

python benchmarks/rendaku.py                      # the rule's thresholds (≈20 s)
python benchmarks/rendaku.py --share 0.7 --least 5

Leave one out: each JMdict compound that the tokenizer cuts so that its last token goes on a compound
(reading._rendaku_join) and is heard with a first kana that can voice is read as if JMdict lacked it — the
evidence of the other compounds ending in that token (tangocho/data/rendaku.tsv, this compound's own vote
taken out) decides — and the result is compared with JMdict's reading (compounds JMdict reads both ways,
or otherwise, are skipped). Rows: the last part one kanji, or two characters or more; "voiced" the rule
changed what the tokenizer heard, "as heard" it left it.

Then the costs of the three places the evidence could come from: the shipped table (loaded once per
process), a query on the lookup index at run time (the words at the joins of the seed), a table made at
index build (every entry of the index read and counted).
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import time
from collections import Counter
from pathlib import Path

from tangocho import dictionary as d
from tangocho import reading
from tangocho.kana import to_hiragana
from tangocho.models import Article, Sentence
from tangocho.tokenize import tokenize

SEED = Path(__file__).resolve().parent.parent / "seeds" / "wuxi-hightech-2020.txt"


def leave_one_out(share: float, least: int) -> None:
    table = d.rendaku_table()
    out: Counter = Counter()
    for e in d.source_entries().values():
        form = next((k.text for k in e.kanji if not k.irregular), "")
        readings = d._kanji_readings(e, form) if form else []
        if len(form) < 2 or not readings:
            continue
        tokens = tokenize(form)
        if len(tokens) < 2 or not reading._rendaku_join(tokens, len(tokens) - 1):
            continue
        last = tokens[-1]
        heard = to_hiragana(last.reading)
        if not heard or heard[0] not in d._VOICED or (last.surface, heard) not in table:
            continue
        voiced_form = d._VOICED[heard[0]] + heard[1:]
        kinds = {
            True if r.endswith(voiced_form) else False if r.endswith(heard) else None
            for r in readings
            if len(r) > len(heard)
        }
        if len(kinds) != 1 or None in kinds:
            continue
        truth = kinds.pop()
        voiced, compounds = table[(last.surface, heard)][:2]
        voiced, compounds = voiced - truth, compounds - 1  # this compound's own vote out
        rule = compounds >= least and voiced >= share * compounds
        out[("1" if len(last.surface) == 1 else "2+", rule, truth)] += 1
    print(f"leave one out, voiced when ≥ {share:.0%} of ≥ {least} compounds voice the last part:")
    for size in ("1", "2+"):
        right, wrong = out[(size, True, True)], out[(size, True, False)]
        kept, missed = out[(size, False, False)], out[(size, False, True)]
        print(
            f"  last part of {size:>2} characters: voiced {right + wrong:5} (right {right}, wrong {wrong}); "
            f"as heard {kept + missed:5} (right {kept}, wrong {missed})"
        )


def costs() -> None:
    start = time.perf_counter()
    d.rendaku_table.cache_clear()
    table = d.rendaku_table()
    loaded = time.perf_counter() - start
    print(f"shipped table: {len(table)} rows, {d.RENDAKU_FILE} loaded in {loaded * 1000:.1f} ms")
    text = SEED.read_text(encoding="utf-8")
    article = Article("seed", "seed")
    parts = [p for p in re.split(r"(?<=。)|\n", text) if p.strip()]
    sentences = [Sentence(p, tokenize(p), article, k) for k, p in enumerate(parts)]
    start = time.perf_counter()
    keys = {k for s in sentences for k in reading._rendaku_keys(s.tokens)}
    found = {k: table[k] for k in keys if k in table}
    asked = time.perf_counter() - start
    print(f"  the seed's joins: {len(keys)} words asked, {len(found)} with evidence, {asked * 1000:.1f} ms")
    d.JMdictIndex()  # the index built (or found)
    db = sqlite3.connect(d._ro_uri(d.index_path()), uri=True)
    words = sorted({n for n, _ in keys})
    by_size: dict[int, list[str]] = {}
    for w in words:
        by_size.setdefault(len(w), []).append(w)
    where = " OR ".join(f"substr(text, -{n}) IN ({','.join('?' * len(ws))})" for n, ws in by_size.items())
    start = time.perf_counter()
    rows = db.execute(
        f"SELECT text, entry FROM forms WHERE length(text) > 1 AND ({where})",
        [w for ws in by_size.values() for w in ws],
    ).fetchall()
    scanned = time.perf_counter() - start
    print(
        f"query at run time: the {len(words)} words' compounds in the index's forms (no suffix index): "
        f"{scanned * 1000:.0f} ms, {len(rows)} forms (their entries still to read)"
    )
    start = time.perf_counter()
    entries = [d._entry(i, *json.loads(data)) for i, data in db.execute("SELECT id, data FROM entries")]
    read = time.perf_counter() - start
    start = time.perf_counter()
    d.rendaku_evidence(entries)
    counted = time.perf_counter() - start
    print(f"table at index build: read {len(entries)} entries {read:.2f} s + count {counted:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--share", type=float, default=reading.RENDAKU_SHARE)
    parser.add_argument("--least", type=int, default=reading.RENDAKU_COMPOUNDS)
    args = parser.parse_args()
    leave_one_out(args.share, args.least)
    costs()


if __name__ == "__main__":
    main()
