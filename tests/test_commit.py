"""Issue 12, items 2 and 9: the deck and the note store change together, and killed builds leave nothing.

A build is killed (``os._exit``, no clean-up runs) before and after the deck's move, inside the store's
transaction; the next build must leave a consistent pair — every note of the deck recorded in the store
with the time the package gave it — never sending a note older than a deck already on disk did, and no
leftovers. Also: a real ``kill -9`` of a process writing in a loop, stale temporary files and
collections, a read-only and a symlinked deck.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
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


def stored_notes() -> dict[str, int]:
    return {guid: n.changed for guid, n in deck_stage.stored_manifest().notes.items()}


def consistent(apkg: Path) -> bool:
    """Every note of the deck is in the store, with the time the package gave it (the store also keeps
    notes of other builds: their examples merge into later ones)."""
    known = stored_notes()
    return all(known.get(guid) == mod for guid, mod in package_notes(apkg).items())


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in ("deck.apkg", "tmp"))


KILLED_WRITE = (
    CARDS_SOURCE
    + """
import os, sys
from pathlib import Path
from tangocho import deck as deck_stage

real_replace = os.replace

def replace(a, b):  # killed just before or just after the deck's move: no clean-up, no finally
    if sys.argv[2] == "before":
        os._exit(9)
    real_replace(a, b)
    os._exit(9)  # the store's transaction never commits

os.replace = replace
words = sys.argv[3].split(",")
deck_stage.write_deck([card(w) for w in words], Path(sys.argv[1]), "Test", clock=lambda: int(sys.argv[4]))
"""
)


@pytest.mark.parametrize("kill_at", ["before", "after"])
def test_a_build_killed_at_its_move_leaves_deck_and_store_the_next_build_makes_consistent(tmp_path, kill_at):
    out = tmp_path / "deck.apkg"
    deck_stage.write_deck(cards(OLD), out, "Test", clock=lambda: T1)
    args = [sys.executable, "-c", KILLED_WRITE, str(out), kill_at, ",".join(NEW), str(T2)]
    subprocess.run(args, check=False, timeout=60)
    on_disk = package_notes(out)
    assert len(on_disk) == (len(NEW) if kill_at == "after" else len(OLD))
    assert stored_notes() == {g: T1 for g in package_notes(out) if on_disk[g] == T1}  # never committed

    # the next build sends what the store does not know, newer than any deck on disk
    result = deck_stage.write_deck(cards(NEW), out, "Test", clock=lambda: T3)
    mods = package_notes(out)
    assert (result.new, result.unchanged, sorted(mods.values())) == (2, 2, [T1, T1, T3, T3])
    assert all(mods[g] >= mod for g, mod in on_disk.items())
    assert consistent(out)
    assert leftovers(tmp_path) == []


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


def sets_words() -> list[str]:
    return ["投資", "融資", "出資", "増資", "減資", "外資"]


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
        on_disk = package_notes(out)
        deck_stage.clean_stale(out)
        assert leftovers(tmp_path) == []
        # whatever the kill left, a build of the same words makes deck and store agree, never older
        words = [w for w in sets_words() if deck_stage.note_guid(card(w).key) in on_disk]
        deck_stage.write_deck([card(w) for w in words], out, "Test", clock=lambda: 1_800_000_000)
        assert consistent(out)
        assert all(package_notes(out)[g] >= mod for g, mod in on_disk.items())


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
    assert sorted(p.name for p in folder.iterdir()) == [".other.apkg.zz.tmp", "deck.apkg"]
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
    assert sorted(p.name for p in real.parent.iterdir()) == ["deck.apkg"]


# ------------------------------------------------------------------------------------- store values


def test_a_change_time_ahead_of_the_clock_is_brought_back_to_now(tmp_path):
    """A build while the clock was 10 days ahead: its times would make every later import of those
    notes overwrite the user's edits (made "earlier"). The next build writes no time later than now."""
    out = tmp_path / "deck.apkg"
    ahead = T1 + 10 * 86_400
    deck_stage.write_deck(cards(OLD), out, "Test", clock=lambda: ahead)
    result = deck_stage.write_deck(cards(OLD), out, "Test", clock=lambda: T2)
    assert result.unchanged == len(OLD)
    assert set(package_notes(out).values()) == {T2}
    assert set(stored_notes().values()) == {T2}
    assert deck_stage.stored_manifest().model_changed == T2


def test_an_absurd_change_time_is_a_clear_error(tmp_path):
    from tangocho.store import StoreError, store_path

    out = tmp_path / "deck.apkg"
    deck_stage.write_deck(cards(OLD), out, "Test", clock=lambda: T1)
    db = sqlite3.connect(store_path())
    db.execute("UPDATE notes SET changed = 1e30")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match=r"not a time between 1970 and 2100\).*move it away"):
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
