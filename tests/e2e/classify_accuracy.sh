#!/bin/sh
# Classification accuracy: the generator makes 20 phone-photo variants of
# each material (rotation, 90-degree steps with EXIF orientation,
# perspective, blur, noise, JPEG quality 60-92), icpcheck classifies them
# without --type, and each type must be recognised in at least 95 % of its
# variants. The set is deterministic (fixed seed) and cached in the build.
set -u
ROOT=${ICP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BIN=${ICP_BIN:-$ROOT/build/icpcheck}
COUNT=20
# The cached set is made again whenever the generator changes.
GEN_ID=$(cat "$ROOT"/tools/gen/*.py "$ROOT"/tools/gen/materials/*.py |
    md5sum | cut -c1-8)
SET=${ICP_BUILD:-$ROOT/build}/testsets/classify-s11-n$COUNT-$GEN_ID
if [ ! -f "$SET/manifest.jsonl" ]; then
    rm -rf "$SET"
    /usr/bin/python3 "$ROOT/tools/gen/icpgen.py" --out "$SET" --seed 11 \
        --count $COUNT --size small >/dev/null || {
        echo "FAIL generator"; echo "# 0 passed, 1 failed"; exit 1; }
fi
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
find "$SET" -name '*.jpg' | sort |
    "$BIN" check -q -j 2 --today 2026-11-24 --format jsonl --files-from - \
        > "$OUT"
/usr/bin/python3 "$ROOT/tests/e2e/score.py" "$SET/manifest.jsonl" "$OUT" \
    --what type --min-rate 0.95
