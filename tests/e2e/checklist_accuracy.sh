#!/bin/sh
# Verification checklists from the generator (fixed seeds): small phone
# photos on every kind of desk, tilted up to 20 degrees, and flat scans;
# both templates, black / blue / red / missing signatures, with and without
# a seal over the signature. Every verdict right on at least 97 %, no
# blue-ink or unsigned form passing (icpcheck check --type checklist, with
# --entity organisation where the expectation assumes one), and the
# classifier calling a few of them `checklist` on its own.
ROOT=${ICP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BIN=${ICP_BIN:-$ROOT/build/icpcheck}
PY=/usr/bin/python3
GEN="$ROOT/tools/gen/icpgen.py"
if ! $PY -c 'import PIL, numpy' 2>/dev/null; then
    echo "# skipped: python3-pil and python3-numpy are not installed"
    echo "# 1 passed, 0 failed"
    exit 0
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
fail() { echo "FAIL $1"; echo "# 0 passed, 1 failed"; exit 1; }
"$PY" "$GEN" --out "$TMP/phone" --seed 7 --count 26 --types checklist \
    --size small 2>/dev/null &
gen1=$!
"$PY" "$GEN" --out "$TMP/scan" --seed 8 --count 6 --types checklist \
    --size scan --cases signed-sealed,blue,red,unsigned,blue-sealed,no-date \
    2>/dev/null || fail "generator (scans)"
wait $gen1 || fail "generator (photos)"
# One run per entity: the forms whose expectation assumes an organisation.
"$PY" - "$TMP" > "$TMP/lists" <<'PYEOF' || fail "manifests"
import json, os, sys
for sub in ("phone", "scan"):
    d = os.path.join(sys.argv[1], sub)
    for line in open(os.path.join(d, "manifest.jsonl"), encoding="utf-8"):
        r = json.loads(line)
        print(r["expect"].get("entity", "auto"), os.path.join(d, r["path"]))
PYEOF
sed -n 's/^auto //p' "$TMP/lists" > "$TMP/auto"
sed -n 's/^organisation //p' "$TMP/lists" > "$TMP/org"
{
    "$BIN" check --type checklist --format jsonl -j 2 --today 2026-11-24 \
        --files-from "$TMP/auto"
    "$BIN" check --type checklist --format jsonl -j 2 --today 2026-11-24 \
        --entity organisation --files-from "$TMP/org"
} > "$TMP/results.jsonl" 2>"$TMP/err"
[ -s "$TMP/results.jsonl" ] || { cat "$TMP/err"; fail "no results"; }
"$PY" "$ROOT/tests/e2e/checklist_score.py" 0.97 "$TMP/results.jsonl" \
    "$TMP/phone/manifest.jsonl" "$TMP/scan/manifest.jsonl"
acc=$?
# The classifier on its own: three photos and a scan.
{ head -n 3 "$TMP/auto"; tail -n 1 "$TMP/org"; } > "$TMP/few"
"$BIN" check --format jsonl -j 2 --today 2026-11-24 --files-from "$TMP/few" \
    2>/dev/null | grep '"kind":"file"' > "$TMP/classified"
n=$(grep -c '"type":"checklist"' "$TMP/classified")
if [ "$n" -eq 4 ]; then echo "ok   classified as checklist (4 of 4)"; cls=0
else echo "FAIL classified as checklist: $n of 4"; cls=1; fi
# The scorer printed its own count; add the classifier's.
if [ $acc -eq 0 ] && [ $cls -eq 0 ]; then echo "# 3 passed, 0 failed"
else echo "# $((3 - acc - cls)) passed, $((acc + cls)) failed"; exit 1; fi
