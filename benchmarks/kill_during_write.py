"""kill -9 a process rebuilding a deck in a loop, N times at random moments; check the pair each time.

python benchmarks/kill_during_write.py 40
"""

import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import test_commit as t  # noqa: E402

from tangocho import deck as deck_stage  # noqa: E402

n = int(sys.argv[1])
random.seed(1)
bad = 0
pending = 0
with tempfile.TemporaryDirectory() as d:
    d = Path(d)
    out = d / "deck.apkg"
    tmp = d / "tmp"
    tmp.mkdir()
    for _ in range(n):
        proc = subprocess.Popen(
            [sys.executable, "-c", t.LOOP, str(out)],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "TMPDIR": str(tmp)},
        )
        for _ in range(2):
            proc.stdout.readline()
        time.sleep(random.uniform(0, 0.08))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        pending += deck_stage.journal_path(out).exists()
        deck_stage.recover(out)
        ok = t.consistent(out) and t.leftovers(d) == []
        bad += not ok
    print(
        f"{n} kills: {bad} inconsistent pairs or leftovers; {pending} after the commit point "
        "(journal finished by the next reader)"
    )
