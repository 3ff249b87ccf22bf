"""One SQLite helper shared by the dictionary index and the note store."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

BATCH = 500  # keys per IN (…): under SQLite's limit on bound parameters


def select_in(db: sqlite3.Connection, sql: str, keys: Sequence) -> list[tuple]:
    """The rows of ``sql`` (with ``{marks}`` where the ``IN`` list goes) for all ``keys``, in batches,
    read whole (no cursor outlives the call)."""
    rows: list[tuple] = []
    for start in range(0, len(keys), BATCH):
        chunk = list(keys[start : start + BATCH])
        rows.extend(db.execute(sql.format(marks=",".join("?" * len(chunk))), chunk))
    return rows
