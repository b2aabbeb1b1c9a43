#!/bin/sh
# Benchmark: icpcheck against the plain tool chain a user would otherwise
# script (Tesseract CLI on the whole image + zbarimg + exiftool), per file,
# on the same generated phone photos, in one run.
#   tools/bench.sh BUILD_DIR      (make bench)
# Prints median and p95 ms per file, throughput, peak RSS and the ratio.
# The image set is generated once (seed fixed) and cached in
# BUILD_DIR/bench-set; it is regenerated when the generator changes.
set -u
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=${ICP_PYTHON:-/usr/bin/python3}
SET="$BUILD/bench-set"
SEED=20261124
TODAY=2026-11-24
WANT=30
BIN="$BUILD/icpcheck"
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
find "$SET" -name '*.jpg' | sort > "$TMP/files"
n=$(wc -l < "$TMP/files")

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# run NAME CMD...: time one command; append "ms rss_kb status" to $TMP/NAME.
run() {
    name=$1; shift
    t0=$(now_ms)
    if [ -n "$TIME" ]; then
        $TIME -f '%M' -o "$TMP/rss" "$@" > /dev/null 2>&1; rc=$?
        rss=$(tail -n 1 "$TMP/rss")
    else
        "$@" > /dev/null 2>&1; rc=$?; rss=0
    fi
    echo "$(( $(now_ms) - t0 )) $rss $rc" >> "$TMP/$name"
}

echo "bench: $n files from $SET (icpcheck: $BIN)" >&2
: > "$TMP/icp"; : > "$TMP/chain"
while IFS= read -r f; do
    if [ -x "$BIN" ]; then
        run icp "$BIN" check -q --format jsonl --today $TODAY "$f"
    else
        echo "0 0 127" >> "$TMP/icp"
    fi
    run tess tesseract "$f" - -l chi_sim+eng
    run zbar zbarimg -q "$f"
    run exif exiftool "$f"
done < "$TMP/files"
# The chain's time per file is the sum of its three tools; its RSS the max.
paste -d ' ' "$TMP/tess" "$TMP/zbar" "$TMP/exif" | awk '{
    ms = $1 + $4 + $7; rss = $2; if ($5 > rss) rss = $5; if ($8 > rss) rss = $8
    st = ($3 != 0) ? $3 : 0   # zbarimg exits 4 when no code: not a failure
    print ms, rss, st }' > "$TMP/chain"

# stats FILE: "median p95 files_per_s peak_rss_mb failures"
stats() {
    fails=$(awk '$3 != 0 && $3 != 1' "$1" | wc -l)
    peak=$(awk 'BEGIN{m=0} $2>m{m=$2} END{printf "%.0f", m/1024}' "$1")
    cut -d' ' -f1 "$1" | sort -n | awk -v fails="$fails" -v peak="$peak" '
        { v[NR] = $1; sum += $1 }
        END {
            if (NR == 0) { print "- - - - -"; exit }
            med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            i = int(0.95 * NR + 0.999); if (i < 1) i = 1; if (i > NR) i = NR
            printf "%d %d %.2f %s %d\n", med, v[i], (sum > 0 ? NR * 1000 / sum : 0), peak, fails
        }'
}
set -- $(stats "$TMP/icp"); icp_med=$1
printf '%-34s %9s %8s %8s %12s %9s\n' "per file, $n phone photos" "median ms" "p95 ms" "files/s" "peak RSS MB" "failures"
printf '%-34s %9s %8s %8s %12s %9s\n' "icpcheck check" "$1" "$2" "$3" "$4" "$5"
set -- $(stats "$TMP/chain"); chain_med=$1
printf '%-34s %9s %8s %8s %12s %9s\n' "tesseract + zbarimg + exiftool" "$1" "$2" "$3" "$4" "$5"
if [ ! -x "$BIN" ]; then
    echo "icpcheck: $BIN not built; no numbers for it"
elif [ "$(awk '$3 != 0 && $3 != 1' "$TMP/icp" | wc -l)" -gt 0 ]; then
    echo "note: 'failures' counts runs that exited with neither 0 nor 1 (status: $(awk '$3 != 0 && $3 != 1 {print $3}' "$TMP/icp" | sort | uniq -c | tr -s ' \n' ' '))"
fi
awk -v a="$chain_med" -v b="$icp_med" 'BEGIN {
    if (b > 0) printf "ratio (chain median / icpcheck median): %.1fx\n", a / b }'

# A batch run: one process, engines made once per thread and reused, which
# is how a reviewer runs icpcheck; per-file time is each record's "ms".
if [ -x "$BIN" ]; then
    for j in 1 2; do
        t0=$(now_ms)
        $TIME -f '%M' -o "$TMP/rss$j" "$BIN" check -q -j $j --format jsonl \
            --today $TODAY --files-from "$TMP/files" > "$TMP/batch$j.jsonl" 2>/dev/null
        wall=$(( $(now_ms) - t0 ))
        "$PY" - "$TMP/batch$j.jsonl" "$wall" "$(tail -n 1 "$TMP/rss$j")" "$j" <<'PYEOF'
import json, sys
ms = sorted(json.loads(l)["ms"] for l in open(sys.argv[1]) if '"kind":"file"' in l)
wall, rss, j = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
med = ms[len(ms) // 2] if len(ms) % 2 else (ms[len(ms) // 2 - 1] + ms[len(ms) // 2]) / 2
p95 = ms[min(len(ms) - 1, int(0.95 * len(ms) + 0.999) - 1)]
print("%-34s %9d %8d %8.2f %12d" % ("icpcheck batch -j %s (one process)" % j,
      med, p95, len(ms) * 1000.0 / wall, rss / 1024))
PYEOF
    done
fi
