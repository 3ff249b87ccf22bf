"""What checking the lookup index costs on open (issue 12): prints milliseconds, medians of 5.

python benchmarks/index_check.py
"""

from __future__ import annotations

import sqlite3
import statistics
import time

from tangocho import dictionary as d


def median_ms(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    d.JMdictIndex()  # built (or found) once
    path = d.index_path()
    db = sqlite3.connect(d._ro_uri(path), uri=True)
    meta = dict(db.execute("SELECT key, value FROM meta"))
    tables = [k[len(d._ROWS) :] for k in meta if k.startswith(d._ROWS)]
    print(f"index {path.stat().st_size / 1e6:.0f} MB, tables {', '.join(tables)}")
    for table in tables:
        ms = median_ms(lambda t=table: db.execute(f'SELECT count(*) FROM "{t}"').fetchone())
        print(f"  count(*) {table:8} {ms:6.1f} ms")
    print(f"  PRAGMA quick_check {median_ms(lambda: db.execute('PRAGMA quick_check').fetchone()):6.1f} ms")
    db.close()

    def full() -> None:
        d._verified_path(path).unlink(missing_ok=True)
        assert d._usable(path)

    changed, unchanged = median_ms(full), median_ms(lambda: d._usable(path))
    print(f"open, file changed since last check (meta + counts + quick_check): {changed:6.1f} ms")
    print(f"open, file unchanged (meta + stat + marker):                      {unchanged:6.2f} ms")


if __name__ == "__main__":
    main()
