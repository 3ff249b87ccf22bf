"""Issue 12, items 2 and 9: the deck and its manifest change together, and killed builds leave nothing.

A build is killed (``os._exit``, no clean-up runs) at each step of its write; the next build must find
a consistent pair — the old one, or the new one — and no leftovers. Also: a real ``kill -9`` of a
process writing in a loop, stale temporary files and collections, a read-only and a symlinked deck.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from tangocho import deck as deck_stage
from tangocho.models import Card

T1, T2, T3 = 1_700_000_000, 1_700_000_100, 1_700_000_200

CARDS_SOURCE = """
from tangocho.models import Card
from tangocho.render import FIELDS

def card(word):
    fields = dict.fromkeys(FIELDS, "")
    fields.update(Expression=word, ExpressionReading="よみ", MainDefinition="meaning", MakeRecognition="y")
    fields.update(Sentence=f"<b>{word}</b>です。")
    return Card(key=f"compound:{word}:よみ", fields=fields, tags=("tangocho",))
"""
namespace: dict = {}
exec(CARDS_SOURCE, namespace)
card = namespace["card"]

OLD = ["投資", "融資"]
NEW = ["投資", "融資", "出資", "増資"]


def cards(words) -> list[Card]:
    return [card(w) for w in words]


def package_notes(apkg: Path) -> dict[str, int]:
    """guid → mod of every note in a package."""
    with zipfile.ZipFile(apkg) as archive:
        data = archive.read("collection.anki2")
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "c.anki2"
        db_path.write_bytes(data)
        db = sqlite3.connect(db_path)
        try:
            return dict(db.execute("SELECT guid, mod FROM notes"))
        finally:
            db.close()


def manifest_notes(apkg: Path) -> dict[str, int]:
    data = json.loads(deck_stage.manifest_path(apkg).read_text(encoding="utf-8"))
    return {guid: n["changed"] for guid, n in data["notes"].items()}


def consistent(apkg: Path) -> bool:
    """Every note of the deck is in its manifest, with the time the package gave it (the manifest
    also keeps notes of earlier builds: their examples merge into later ones)."""
    known = manifest_notes(apkg)
    return all(known.get(guid) == mod for guid, mod in package_notes(apkg).items())


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in ("deck.apkg", "deck.apkg.json", "tmp"))


KILLED_WRITE = (
    CARDS_SOURCE
    + """
import os, sys
from pathlib import Path
from tangocho import deck as deck_stage

calls = 0
real_replace = os.replace

def replace(a, b):  # killed just before the k-th rename: no clean-up, no finally
    global calls
    calls += 1
    if calls == int(sys.argv[2]):
        os._exit(9)
    real_replace(a, b)

os.replace = replace
words = sys.argv[3].split(",")
deck_stage.write_deck([card(w) for w in words], Path(sys.argv[1]), "Test", clock=lambda: int(sys.argv[4]))
"""
)


@pytest.mark.parametrize("kill_at", [1, 2, 3])
def test_a_build_killed_at_any_rename_leaves_a_pair_the_next_build_makes_consistent(tmp_path, kill_at):
    out = tmp_path / "deck.apkg"
    deck_stage.write_deck(cards(OLD), out, "Test", clock=lambda: T1)
    args = [sys.executable, "-c", KILLED_WRITE, str(out), str(kill_at), ",".join(NEW), str(T2)]
    subprocess.run(args, check=False, timeout=60)
    new_deck_in_place = len(package_notes(out)) == len(NEW)

    # the next build (same words, same content) sees exactly what the deck on disk holds
    result = deck_stage.write_deck(cards(NEW), out, "Test", clock=lambda: T3)
    mods = sorted(package_notes(out).values())
    if new_deck_in_place or result.new == 0:
        # the killed build's deck reached the folder: its notes are known, unchanged, with their time
        assert (result.new, result.unchanged, mods) == (0, len(NEW), [T1, T1, T2, T2])
    else:  # it never did: the next build adds the words it had added
        assert (result.new, result.unchanged, mods) == (2, 2, [T1, T1, T3, T3])
    assert consistent(out)
    assert leftovers(tmp_path) == []


def test_a_deck_newer_than_its_manifest_is_reconciled_from_the_deck(tmp_path):
    """What an older tangocho killed between its two renames left: the new deck, the old manifest.
    The next build records the deck's notes as they are there, so none is sent again as new."""
    out = tmp_path / "deck.apkg"
    deck_stage.write_deck(cards(OLD), out, "Test", clock=lambda: T1)
    old_manifest = deck_stage.manifest_path(out).read_bytes()
    deck_stage.write_deck(cards(NEW), out, "Test", clock=lambda: T2)
    deck_stage.manifest_path(out).write_bytes(old_manifest)
    assert not consistent(out)
    result = deck_stage.write_deck(cards(NEW), out, "Test", clock=lambda: T3)
    assert (result.new, result.updated, result.unchanged) == (0, 0, len(NEW))
    assert sorted(package_notes(out).values()) == [T1, T1, T2, T2] and consistent(out)


def test_a_deck_restored_from_an_older_backup_is_reconciled_too(tmp_path):
    out = tmp_path / "deck.apkg"
    deck_stage.write_deck(cards(OLD), out, "Test", clock=lambda: T1)
    backup = out.read_bytes()
    changed = [replace(c, fields={**c.fields, "MainDefinition": "new meaning"}) for c in cards(OLD)]
    deck_stage.write_deck(changed, out, "Test", clock=lambda: T2)
    out.write_bytes(backup)  # the deck as it was at T1, beside the manifest of T2
    result = deck_stage.write_deck(changed, out, "Test", clock=lambda: T3)
    # the T2 deck may be in the collection: its notes are not sent again (the newer record wins)
    assert result.unchanged == len(OLD) and set(package_notes(out).values()) == {T2}


def test_a_pending_commit_is_finished_by_reading_the_deck(tmp_path):
    """Killed after its commit point, before any file moved: the next reader finishes the moves."""
    out = tmp_path / "deck.apkg"
    deck_stage.write_deck(cards(OLD), out, "Test", clock=lambda: T1)
    args = [sys.executable, "-c", KILLED_WRITE, str(out), "2", ",".join(NEW), str(T2)]
    subprocess.run(args, check=False, timeout=60)
    assert deck_stage.journal_path(out).exists()
    examples = deck_stage.earlier_examples(out, [c.key for c in cards(NEW)])
    assert len(examples) == len(NEW)
    assert consistent(out)
    assert sorted(package_notes(out).values()) == [T1, T1, T2, T2]
    assert leftovers(tmp_path) == []


def test_a_journal_naming_other_files_is_refused(tmp_path):
    out = tmp_path / "deck.apkg"
    deck_stage.write_deck(cards(OLD), out, "Test", clock=lambda: T1)
    victim = tmp_path / "precious.txt"
    victim.write_text("mine", encoding="utf-8")
    journal = {"format": 1, "moves": [[str(out), str(victim)]]}
    deck_stage.journal_path(out).write_text(json.dumps(journal), encoding="utf-8")
    with pytest.raises(deck_stage.OutputError, match="not this deck's"):
        deck_stage.write_deck(cards(OLD), out, "Test", clock=lambda: T2)
    assert victim.read_text(encoding="utf-8") == "mine" and out.exists()


LOOP = (
    CARDS_SOURCE
    + """
import sys
from pathlib import Path
from tangocho import deck as deck_stage

out = Path(sys.argv[1])
sets = [["投資", "融資"], ["投資", "融資", "出資", "増資", "減資", "外資"]]
for i in range(10_000):
    deck_stage.write_deck([card(w) for w in sets[i % 2]], out, "Test", clock=lambda: 1_700_000_000 + i)
    print(i, flush=True)
"""
)


def test_kill_9_while_writing_in_a_loop_never_leaves_an_inconsistent_pair(tmp_path):
    system_tmp = tmp_path / "tmp"  # where a killed write leaves its temporary collection
    system_tmp.mkdir()
    out = tmp_path / "deck.apkg"
    for delay in (0.0, 0.013, 0.029, 0.047):
        proc = subprocess.Popen(
            [sys.executable, "-c", LOOP, str(out)],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "TMPDIR": str(system_tmp)},
        )
        for _ in range(3):  # a few whole writes first
            proc.stdout.readline()
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        deck_stage.recover(out)
        assert consistent(out)
        assert leftovers(tmp_path) == []


CONCURRENT = (
    CARDS_SOURCE
    + """
import sys
from pathlib import Path
from tangocho import deck as deck_stage

words = ["投資", "融資", "出資", "増資", "減資", "外資"]
k = int(sys.argv[2])
for i in range(10):
    chosen = [card(w) for w in words[: 2 + (i + k) % 5]]
    deck_stage.write_deck(chosen, Path(sys.argv[1]), "Test", clock=lambda: 1_700_000_000 + i)
"""
)


def test_four_builds_writing_one_deck_at_once_leave_a_consistent_pair(tmp_path):
    out = tmp_path / "deck.apkg"
    procs = [subprocess.Popen([sys.executable, "-c", CONCURRENT, str(out), str(k)]) for k in range(4)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0, 0]
    assert consistent(out) and leftovers(tmp_path) == []


# ------------------------------------------------------------------------------------------- leftovers


def test_stale_temporary_files_and_collections_are_removed_by_the_next_build(tmp_path, monkeypatch):
    system_tmp = tmp_path / "tmp"
    system_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "deck.apkg"
    (folder / ".deck.apkg.abc123_x.tmp").write_bytes(b"half a zip")
    (folder / ".deck.apkg.json.k2j4_9.tmp").write_bytes(b"{")
    (folder / ".other.apkg.zz.tmp").write_bytes(b"someone else's")  # not this deck's: left alone
    dead = system_tmp / "tangocho-dead1"
    dead.mkdir()
    (dead / "collection.anki2").write_bytes(b"x" * 100)
    young = system_tmp / "tangocho-young"
    young.mkdir()
    (young / "collection.anki2").write_bytes(b"x")
    foreign = system_tmp / "tangocho-notes"  # not a temporary collection
    foreign.mkdir()
    (foreign / "mine.txt").write_text("keep", encoding="utf-8")
    old = time.time() - 600
    for path in (dead, foreign):
        os.utime(path, (old, old))
    deck_stage.write_deck(cards(OLD), out, "Test", clock=lambda: T1)
    assert sorted(p.name for p in folder.iterdir()) == [".other.apkg.zz.tmp", "deck.apkg", "deck.apkg.json"]
    assert sorted(p.name for p in system_tmp.iterdir()) == ["tangocho-notes", "tangocho-young"]


def test_a_temporary_collection_a_running_build_holds_is_not_removed(tmp_path, monkeypatch):
    system_tmp = tmp_path / "tmp"
    system_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))
    busy = system_tmp / "tangocho-busy"
    busy.mkdir()
    (busy / "collection.anki2").write_bytes(b"x")
    old = time.time() - 600
    os.utime(busy, (old, old))
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDONLY); "
            "fcntl.flock(fd, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(30)",
            str(busy),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        deck_stage.write_deck(cards(OLD), tmp_path / "deck.apkg", "Test", clock=lambda: T1)
        assert busy.is_dir()
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


def test_a_read_only_deck_stays_read_only(tmp_path):
    out = tmp_path / "deck.apkg"
    deck_stage.write_deck(cards(OLD), out, "Test", clock=lambda: T1)
    out.chmod(0o444)
    deck_stage.write_deck(cards(NEW), out, "Test", clock=lambda: T2)
    assert stat.S_IMODE(out.stat().st_mode) == 0o444
    assert len(package_notes(out)) == len(NEW)


def test_a_symlinked_deck_is_written_through_to_its_target(tmp_path):
    real = tmp_path / "library" / "deck.apkg"
    real.parent.mkdir()
    deck_stage.write_deck(cards(OLD), real, "Test", clock=lambda: T1)
    link = tmp_path / "deck.apkg"
    link.symlink_to(real)
    deck_stage.write_deck(cards(NEW), link, "Test", clock=lambda: T2)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert len(package_notes(real)) == len(NEW)
    assert sorted(p.name for p in real.parent.iterdir()) == ["deck.apkg", "deck.apkg.json"]


# ------------------------------------------------------------------------------------ manifest values


def test_a_change_time_ahead_of_the_clock_is_brought_back_to_now(tmp_path):
    """A build while the clock was 10 days ahead: its times would make every later import of those
    notes overwrite the user's edits (made "earlier"). The next build writes no time later than now."""
    out = tmp_path / "deck.apkg"
    ahead = T1 + 10 * 86_400
    deck_stage.write_deck(cards(OLD), out, "Test", clock=lambda: ahead)
    result = deck_stage.write_deck(cards(OLD), out, "Test", clock=lambda: T2)
    assert result.unchanged == len(OLD)
    assert set(package_notes(out).values()) == {T2}
    assert set(manifest_notes(out).values()) == {T2}
    model = json.loads(deck_stage.manifest_path(out).read_text(encoding="utf-8"))["model"]
    assert model["changed"] == T2


def test_an_absurd_change_time_is_a_clear_error(tmp_path):
    out = tmp_path / "deck.apkg"
    deck_stage.write_deck(cards(OLD), out, "Test", clock=lambda: T1)
    path = deck_stage.manifest_path(out)
    path.write_text(path.read_text(encoding="utf-8").replace(f'"changed": {T1}', '"changed": 1e30'))
    with pytest.raises(deck_stage.OutputError, match=r"not a time between 1970 and 2100\); move it away"):
        deck_stage.write_deck(cards(OLD), out, "Test", clock=lambda: T2)


def test_without_file_locks_the_write_goes_on_and_only_old_temporary_files_go(tmp_path, monkeypatch):
    """A network file system without flock: the deck is still written; a temporary file that may be a
    running build's (young) stays, an old one goes."""
    import errno
    import fcntl

    def no_locks(fd, operation):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    young, old = tmp_path / ".deck.apkg.young1.tmp", tmp_path / ".deck.apkg.old1.tmp"
    for path in (young, old):
        path.write_bytes(b"x")
    long_ago = time.time() - 2 * deck_stage.STALE_SECONDS
    os.utime(old, (long_ago, long_ago))
    deck_stage.write_deck(cards(OLD), tmp_path / "deck.apkg", "Test", clock=lambda: T1)
    assert leftovers(tmp_path) == [young.name]
    assert consistent(tmp_path / "deck.apkg")
