"""Shared fixtures: the repo's files, a seed deck built once per session, and Anki imports."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from tangocho import Options, build

# CI runs the fuzz tests on a fixed sequence of examples (a red CI is then always reproducible);
# locally every run explores new ones.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "wuxi-hightech-2020.txt"
DATA = Path(__file__).resolve().parent / "data"
FIXED_TIME = 1_700_000_000.0  # a fixed clock: identical output in every run


@pytest.fixture(autouse=True)
def note_store(tmp_path_factory, monkeypatch):
    """Each test its own note store (the record of every note built), never the user's."""
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("TANGOCHO_DATA_DIR", str(folder))
    return folder / "notes.sqlite"


def fixed_clock() -> float:
    return FIXED_TIME


def read_terms(name: str) -> list[list[str]]:
    """Rows of a tests/data TSV, comments skipped: [[alternatives…], kind]."""
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows


@pytest.fixture(scope="session")
def seed_deck(tmp_path_factory):
    """The default deck built from the seed article (real dictionary), written once per session."""
    folder = tmp_path_factory.mktemp("seed")
    out = folder / "seed.apkg"
    options = Options(
        output=str(out), vocab_dir=str(ROOT / "vocab"), clock=fixed_clock, store=str(folder / "notes.sqlite")
    )
    result = build([str(SEED)], options)
    return result


def seed_store(seed_deck):
    """The note store the seed deck was recorded in."""
    from tangocho.store import NoteStore

    return NoteStore.open(seed_deck.output.parent / "notes.sqlite")


def import_into_new_collection(apkg: Path, folder: Path, merge_notetypes: bool = False):
    """Import ``apkg`` into a fresh Anki collection in ``folder``; return the open collection."""
    from anki.collection import Collection

    col = Collection(str(folder / "collection.anki2"))
    import_package(col, apkg, merge_notetypes)
    return col


def import_package(col, apkg: Path, merge_notetypes: bool = False):
    """Import into an open collection with Anki's defaults ("update if newer"); return the log."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    request = ImportAnkiPackageRequest(
        package_path=str(apkg),
        options=ImportAnkiPackageOptions(merge_notetypes=merge_notetypes, with_scheduling=True),
    )
    return col.import_anki_package(request)
