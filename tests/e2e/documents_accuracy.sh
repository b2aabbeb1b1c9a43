#!/bin/sh
# Accuracy of the document checks on a fixed-seed generated set (12 per
# type, --size small, --type forced): per type, the share of right verdicts
# and of exactly right fields.valid_until must reach the floor below, and no
# expired document may ever pass. The floors are what the checks reach
# today on this set (measured after the generator's lighting and the
# quality gate last changed), rounded down to 5 %; the issue's bar is 98 % /
# 97 %: a floor below it is a known shortfall, raised as the checks improve.
# Skips (counted as passed) when the generator is absent.
ICP_BIN=${ICP_BIN:-build/icpcheck}
ICP_ROOT=${ICP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
GEN="$ICP_ROOT/tools/gen/icpgen.py"
PY=/usr/bin/python3
TYPES="id-card-back id-card-front passport hkmo-permit tw-permit business-license domain-certificate"
TODAY=2026-11-24
COUNT=${ICP_DOC_COUNT:-12}
# type=verdict/valid_until, fractions
FLOORS=${ICP_DOC_FLOORS:-id-card-back=1.00/1.00,id-card-front=1.00/1.00,passport=1.00/1.00,hkmo-permit=1.00/1.00,tw-permit=1.00/1.00,business-license=1.00/1.00,domain-certificate=1.00/1.00}
if [ ! -f "$GEN" ] || [ ! -f "$ICP_ROOT/tools/gen/materials/idcard_back.py" ] ||
   [ ! -x "$PY" ]; then
    echo "note: the generator or its document materials are absent; skipped"
    echo "# 1 passed, 0 failed"
    exit 0
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
# Tesseract's own threads would fight the workers for the cores.
export OMP_THREAD_LIMIT=1
list=$(echo $TYPES | tr ' ' ',')
if ! "$PY" "$GEN" --out "$TMP/set" --seed 20261124 --count "$COUNT" \
        --size small --today "$TODAY" --types "$list" > "$TMP/gen.log" 2>&1; then
    cat "$TMP/gen.log"
    echo "FAIL the generator did not run"
    echo "# 0 passed, 1 failed"
    exit 1
fi
for t in $TYPES; do
    "$ICP_BIN" check -q -j 2 --type "$t" --today "$TODAY" --format jsonl \
        "$TMP/set/$t"/*.jpg 2>/dev/null
done > "$TMP/typed.jsonl"
echo "with --type:"
"$PY" "$ICP_ROOT/tests/e2e/documents_score.py" "$TMP/set/manifest.jsonl" \
    "$TMP/set" 0.98 0.97 "$FLOORS" < "$TMP/typed.jsonl"
rc=$?
exit $rc
