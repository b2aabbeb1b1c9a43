#!/bin/sh
# Benchmark: icpcheck against the plain tool chain a user would otherwise
# script (Tesseract CLI on the whole image + zbarimg + exiftool), per file,
# on the same generated phone photos, in one run.
#   tools/bench.sh BUILD_DIR      (make bench)
# Prints median and p95 ms per file, throughput, peak RSS and the ratios,
# and writes the same as a Markdown table, with the machine it ran on, to
# BUILD_DIR/bench.md (BENCHMARKS.md quotes it). ICP_BENCH_FILES sets the
# number of files (default 200, spread over every type); ICP_BENCH_PROCESS=1
# also times one icpcheck process per file (engine start-up included);
# ICP_BENCH_CHAIN_EVERY=K runs the plain chain on every K-th file only (it
# takes several seconds a file). Besides wall-clock times it reports CPU
# time (user + system) per file, which a busy machine disturbs far less.
# The image set is generated once (seed fixed) and cached in
# BUILD_DIR/bench-set-N; it is regenerated when the generator changes.
set -u
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=${ICP_PYTHON:-/usr/bin/python3}
SEED=20261124
TODAY=2026-11-24
WANT=${ICP_BENCH_FILES:-200}
SET="$BUILD/bench-set-$WANT"
BIN="$BUILD/icpcheck"
CHAIN_EVERY=${ICP_BENCH_CHAIN_EVERY:-1}
TMP=$(mktemp -d) || exit 2
trap 'rm -rf "$TMP"' EXIT INT TERM

for tool in tesseract zbarimg exiftool; do
    command -v $tool >/dev/null 2>&1 || { echo "bench: '$tool' missing: run make deps-test" >&2; exit 2; }
done
TIME=""
[ -x /usr/bin/time ] && TIME=/usr/bin/time

# The generated set, keyed by a hash of the generator's sources.
stamp=$(cat "$ROOT"/tools/gen/*.py "$ROOT"/tools/gen/materials/*.py | sha256sum | cut -c1-16)
if [ "$(cat "$SET/stamp" 2>/dev/null)" != "$stamp" ]; then
    types=$("$PY" "$ROOT/tools/gen/icpgen.py" --list | wc -l)
    count=$(( (WANT + types - 1) / types ))
    echo "bench: generating $((count * types)) phone-size images into $SET ..." >&2
    rm -rf "$SET"
    "$PY" "$ROOT/tools/gen/icpgen.py" --out "$SET" --seed $SEED --count $count \
        --size phone --today $TODAY || exit 2
    echo "$stamp" > "$SET/stamp"
fi
find "$SET/" -name '*.jpg' | sort > "$TMP/files"
n=$(wc -l < "$TMP/files")
[ "$n" -gt 0 ] || { echo "bench: no images in $SET" >&2; exit 2; }

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# usage FILE: "peak_rss_kb cpu_ms" from a /usr/bin/time -f '%M %U %S' file.
usage() {
    tail -n 1 "$1" | awk '{ printf "%d %d", $1, ($2 + $3) * 1000 }'
}

# run NAME CMD...: time one command; append "ms rss_kb status cpu_ms" to
# $TMP/NAME.
run() {
    name=$1; shift
    t0=$(now_ms)
    if [ -n "$TIME" ]; then
        $TIME -f '%M %U %S' -o "$TMP/usage" "$@" > /dev/null 2>&1; rc=$?
        set -- $(usage "$TMP/usage")
    else
        "$@" > /dev/null 2>&1; rc=$?; set -- 0 0
    fi
    echo "$(( $(now_ms) - t0 )) $1 $rc $2" >> "$TMP/$name"
}

echo "bench: $n files from $SET (icpcheck: $BIN)" >&2
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
: > "$TMP/icp"; : > "$TMP/chain"
i=0
: > "$TMP/tess"; : > "$TMP/zbar"; : > "$TMP/exif"; : > "$TMP/chain_files"
while IFS= read -r f; do
    if [ "${ICP_BENCH_PROCESS:-0}" = 1 ] && [ -x "$BIN" ]; then
        run icp "$BIN" check -q --format jsonl --today $TODAY "$f"
    fi
    i=$((i + 1))
    [ $(( (i - 1) % CHAIN_EVERY )) -eq 0 ] || continue
    echo "$f" >> "$TMP/chain_files"
    run tess tesseract "$f" - -l chi_sim+eng
    run zbar zbarimg -q "$f"
    run exif exiftool "$f"
done < "$TMP/files"
# The chain's time per file is the sum of its three tools; its RSS the max.
paste -d ' ' "$TMP/tess" "$TMP/zbar" "$TMP/exif" | awk '{
    ms = $1 + $5 + $9; rss = $2; if ($6 > rss) rss = $6; if ($10 > rss) rss = $10
    st = ($3 != 0) ? $3 : 0   # zbarimg exits 4 when no code: not a failure
    print ms, rss, st, $4 + $8 + $12 }' > "$TMP/chain"

# A batch run: one process, engines made once per thread and reused, which
# is how a reviewer runs icpcheck; per-file time is each record's "ms".
if [ -x "$BIN" ]; then
    for j in 1 2; do
        t0=$(now_ms)
        $TIME -f '%M %U %S' -o "$TMP/usage$j" "$BIN" check -q -j $j --format jsonl \
            --today $TODAY --files-from "$TMP/files" > "$TMP/batch$j.jsonl" 2>/dev/null
        echo "$(( $(now_ms) - t0 )) $(usage "$TMP/usage$j")" > "$TMP/wall$j"
    done
fi
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
"$PY" "$ROOT/tools/bench_report.py" "$TMP" "$n" "$load_start" "$load_end" \
    "$BUILD/bench.md"
