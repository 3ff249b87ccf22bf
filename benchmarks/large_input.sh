#!/usr/bin/env bash
# Peak memory and time of `tangocho build` on a large article: the seed repeated to SIZE MB, written in
# ENCODING. Compare with the seed alone: streaming input keeps the peak resident set about the same.
# Not run by the tests (minutes of CPU).
#
#   benchmarks/large_input.sh [SIZE_MB=50] [ENCODING=utf-8]      e.g. benchmarks/large_input.sh 50 cp932
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb="${1:-50}"
encoding="${2:-utf-8}"
python="${PYTHON:-python3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$python" - "$work/big.txt" "$size_mb" "$encoding" <<'EOF'
import sys
from pathlib import Path

target, size_mb, encoding = sys.argv[1], int(sys.argv[2]), sys.argv[3]
# CP932 and ISO-2022-JP lack the seed's no-break spaces and 煒 (JIS X 0212): swap them
text = Path("seeds/wuxi-hightech-2020.txt").read_text(encoding="utf-8").replace("\u00a0", " ").replace("煒", "偉")
data = text.encode(encoding)
with open(target, "wb") as f:
    for _ in range(size_mb * 1024 * 1024 // len(data) + 1):
        f.write(data)
EOF

measure() {  # measure LABEL FILE
    /usr/bin/time -v "$python" -m tangocho build "$2" -o "$work/out.apkg" -q 2>"$work/time.txt" || {
        cat "$work/time.txt" >&2
        exit 1
    }
    rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt")
    user=$(awk -F': ' '/User time/ {print $2}' "$work/time.txt")
    printf '%-28s %10s  peak RSS %6d MB  wall %s  CPU %s s\n' "$1" "$(du -h "$2" | cut -f1)" \
        $((rss_kb / 1024)) "$wall" "$user"
}

measure "seed (utf-8)" seeds/wuxi-hightech-2020.txt
measure "seed x ${size_mb} MB ($encoding)" "$work/big.txt"
