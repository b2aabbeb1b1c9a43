#!/bin/sh
# Verification checklists from the generator (fixed seeds): small phone
# photos on every kind of desk, tilted up to 20 degrees, a few full-size
# (4000x3000) phone photos and flat scans; both templates, black / blue /
# red / missing signatures, with and without a seal over the signature
# (red ones among them: a red signature must never pass either), and a
# scan of a page cut off (on a white scanner bed, which merges with it;
# seed 11's three such pages passed before the desk inside the paper was
# looked for).
# No blue-ink or unsigned form may pass, and the share of right verdicts
# must not fall below FLOOR (per cent). The goal is 97 %; FLOOR is what the
# check measures on this subset, rounded down, and rises as it improves
# (97: 35 of 36; a third of the forms lie in a hand's or phone's shadow).
# Runs `icpcheck check --type checklist`, with --entity organisation where
# the expectation assumes one; scored by checklist_score.py. The phone
# forms are also run without --type: the template must be named there too
# (the check then takes the title from classification's reading).
FLOOR=97
ROOT=${ICP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BIN=${ICP_BIN:-$ROOT/build/icpcheck}
PY=/usr/bin/python3
GEN="$ROOT/tools/gen/icpgen.py"
if [ ! -f "$GEN" ] || ! $PY -c 'import PIL, numpy' 2>/dev/null; then
    echo "# skipped: needs tools/gen/icpgen.py with python3-pil and python3-numpy"
    echo "# 1 passed, 0 failed"
    exit 0
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
fail() { echo "FAIL $1"; echo "# 0 passed, 1 failed"; exit 1; }
"$PY" "$GEN" --out "$TMP/small" --seed 7 --count 16 --types checklist \
    --size small --today 2026-11-24 >/dev/null 2>&1 &&
"$PY" "$GEN" --out "$TMP/phone" --seed 9 --count 4 --types checklist \
    --size phone --today 2026-11-24 \
    --cases signed,signed-sealed,blue-sealed,unsigned >/dev/null 2>&1 &&
"$PY" "$GEN" --out "$TMP/scan" --seed 8 --count 10 --types checklist \
    --size scan --today 2026-11-24 \
    --cases signed,signed-sealed,blue,red,unsigned,blue-sealed,no-seal,no-date,cut-off,red-sealed \
    >/dev/null 2>&1 &&
"$PY" "$GEN" --out "$TMP/scancut" --seed 11 --count 6 --types checklist \
    --size scan --today 2026-11-24 --cases cut-off,red-sealed \
    >/dev/null 2>&1 || fail "generator"
# One run per entity: the forms whose expectation assumes an organisation.
"$PY" - "$TMP" > "$TMP/lists" <<'PYEOF' || fail "manifests"
import json, os, sys
for sub in ("small", "phone", "scan", "scancut"):
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
"$PY" "$ROOT/tests/e2e/checklist_score.py" "$(echo "$FLOOR" | awk '{ print $1 / 100 }')" "$TMP/results.jsonl" \
    "$TMP/small/manifest.jsonl" "$TMP/phone/manifest.jsonl" \
    "$TMP/scan/manifest.jsonl" "$TMP/scancut/manifest.jsonl" > "$TMP/score"
RC=$?
grep -v '^# ' "$TMP/score"
PASSED=$(sed -n 's/^# \([0-9]*\) passed.*/\1/p' "$TMP/score")
FAILED=$(sed -n 's/^# [0-9]* passed, \([0-9]*\) failed/\1/p' "$TMP/score")
# As users run it (no --type): classification reads the title and the
# check takes it from there, reading only a header line above it; the
# template must still be named (seed 9's phone forms: 3 with the
# Guangdong header 广东省通信管理局, 1 national).
"$BIN" check --format jsonl -j 2 --today 2026-11-24 \
    "$TMP"/phone/checklist/*.jpg > "$TMP/untyped.jsonl" 2>>"$TMP/err"
if "$PY" - "$TMP/untyped.jsonl" "$TMP/phone/manifest.jsonl" <<'PYEOF'
import json, os, sys
want = {}
for line in open(sys.argv[2], encoding="utf-8"):
    r = json.loads(line)
    want[os.path.basename(r["path"])] = r["expect"]["fields"]["template"]
got = {}
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    if r.get("kind") == "file":
        got[os.path.basename(r["path"])] = (r.get("type"),
                                            r.get("fields", {}).get("template"))
bad = [k for k, t in want.items() if got.get(k) != ("checklist", t)]
for k in bad:
    print(f"  template: {k} expected {want[k]}, got {got.get(k)}")
sys.exit(1 if bad or len(want) < 4 else 0)
PYEOF
then
    echo "ok   template named without --type"
    PASSED=$((PASSED + 1))
else
    echo "FAIL template named without --type"
    FAILED=$((FAILED + 1))
fi
# A photo nothing names takes every reading a checklist without --type
# may get, the re-read of a larger view last. Tesseract finds the
# paragraphs of what it read outside its time monitor; on the 4000 specks
# a noisy 2400x1800 photo shows at 2200 px that ran for over 7 CPU
# minutes (CI's serve.sh hung); on this one the retry's recognition ran
# past the default --timeout (60 s). Expected: it ends unnamed within its
# time (no input.timeout; it takes 3-10 s) and within 120 s of CPU (ulimit
# kills it otherwise), and with --timeout 1 within the same bound, out of
# time (input.timeout).
"$PY" - "$TMP/noise.jpg" <<'PYEOF' || fail "noise image"
import sys
import numpy as np
from PIL import Image
px = np.random.default_rng(5).normal(128, 60, (1800, 2400))
Image.fromarray(px.clip(0, 255).astype("uint8")).convert("RGB").save(
    sys.argv[1], quality=90)
PYEOF
# bounded NAME WANT SHUN ARGS...: the check of the noise photo ends within
# 120 s CPU, its record holds WANT and not SHUN.
bounded() {
    name=$1 want=$2 shun=$3
    shift 3
    if (ulimit -t 120 && exec "$BIN" check --format jsonl --today 2026-11-24 \
            "$@" "$TMP/noise.jpg" > "$TMP/noise.jsonl" 2>>"$TMP/err") ||
        [ $? -eq 1 ]; then
        if grep -q "$want" "$TMP/noise.jsonl" &&
            ! grep -q "$shun" "$TMP/noise.jsonl"; then
            echo "ok   $name"
            PASSED=$((PASSED + 1))
            return
        fi
    fi
    echo "FAIL $name"
    FAILED=$((FAILED + 1))
}
bounded "a noisy photo without --type ends unnamed, in time" \
    '"type":"unknown"' '"rule":"input.timeout"'
bounded "... and out of time with --timeout 1" '"rule":"input.timeout"' \
    '"verdict":"pass"' --timeout 1
echo "# $PASSED passed, $FAILED failed"
[ "$RC" -eq 0 ] && [ "$FAILED" -eq 0 ]
