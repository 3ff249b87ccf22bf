"""``python -m tangocho``: the command, with Ctrl-C during start-up reported in one line."""

import sys

try:
    from .cli import run
except KeyboardInterrupt:  # Ctrl-C while Python is still importing (no traceback)
    sys.stderr.write("Error: interrupted; nothing was written\n")
    sys.exit(130)

run()
