#!/bin/sh
# Backdrop photos (幕布照片) from the generator, through the command line:
# a fixed-seed set covering every case (real portraits from
# $ICP_SHARED/data/portrait on generated curtains, and drawn people),
# checked with --type backdrop-photo: at least 95 % must get every verdict
# and expected rule right. Then a few without --type: classification must
# call each a backdrop photo, a person before a plain non-blue background
# included (and that one fails with backdrop.not_blue). Last, without the
# face model a photo fails with one finding that says so.
ROOT=${ICP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BIN=${ICP_BIN:-$ROOT/build/icpcheck}
SHARED=${ICP_SHARED:-$ROOT/../shared}
PY=/usr/bin/python3
GEN="$ROOT/tools/gen/icpgen.py"
SCORE="$ROOT/tests/e2e/backdrop_score.py"
TODAY=2026-11-24
if [ ! -d "$SHARED/data/portrait" ]; then
    echo "# skipped: no real portraits in $SHARED/data/portrait"
    echo "# 1 passed, 0 failed"
    exit 0
fi
if ! $PY -c 'import PIL, numpy' 2>/dev/null; then
    echo "# skipped: python3-pil and python3-numpy are not installed"
    echo "# 1 passed, 0 failed"
    exit 0
fi
ICP_SHARED=$(cd "$SHARED" && pwd)
export ICP_SHARED
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
passed=0 failed=0
result() { # name, status
    if [ "$2" -eq 0 ]; then passed=$((passed + 1)); echo "ok   $1"
    else failed=$((failed + 1)); echo "FAIL $1"; fi
}

# 1. Every case, type forced.
if $PY "$GEN" --out "$TMP/all" --seed 5 --count 30 --types backdrop-photo \
        --size small --today $TODAY >/dev/null 2>&1; then
    "$BIN" check --type backdrop-photo --today $TODAY --format jsonl \
        "$TMP"/all/backdrop-photo/*.jpg > "$TMP/all.jsonl" 2>/dev/null
    $PY "$SCORE" "$TMP/all/manifest.jsonl" "$TMP/all.jsonl" 0.95 > "$TMP/all.txt"
    rc=$?
    grep -v '^ok\|^#' "$TMP/all.txt"
    result "accuracy with --type" $rc
else
    result "generator" 1
fi

# 2. Classified: the blue curtain by its colour, a plain background of
# another colour by the fallback.
if $PY "$GEN" --out "$TMP/auto" --seed 6 --count 6 --types backdrop-photo \
        --size small --today $TODAY --cases good-real,not-blue,mirrored \
        >/dev/null 2>&1; then
    "$BIN" check --today $TODAY --format jsonl \
        "$TMP"/auto/backdrop-photo/*.jpg > "$TMP/auto.jsonl" 2>/dev/null
    $PY "$SCORE" "$TMP/auto/manifest.jsonl" "$TMP/auto.jsonl" 1.0 \
        backdrop-photo > "$TMP/auto.txt"
    rc=$?
    grep -v '^ok\|^#' "$TMP/auto.txt"
    result "classified as backdrop-photo, verdicts right" $rc
    n=$(grep -c 'not-blue.*"rule":"backdrop.not_blue"' "$TMP/auto.jsonl")
    [ "$n" -ge 1 ]
    result "a plain non-blue background is a backdrop photo, not blue ($n)" $?
    # 3. Without the face model the photo fails once, saying why.
    mkdir "$TMP/models"
    cp "$ROOT"/models/*.ini "$TMP/models/"
    sed -i 's|^cascade=.*|cascade=/nonexistent/face.xml|' "$TMP/models/backdrop.ini"
    photo=$(ls "$TMP"/auto/backdrop-photo/*good-real*.jpg | head -n 1)
    "$BIN" check --models "$TMP/models" --type backdrop-photo --today $TODAY \
        --format jsonl "$photo" > "$TMP/noface.jsonl" 2>/dev/null
    n=$(grep -o '"rule":"backdrop.no_person"' "$TMP/noface.jsonl" | wc -l)
    [ "$n" -eq 1 ] && grep -q '"verdict":"fail"' "$TMP/noface.jsonl"
    result "no face model: one backdrop.no_person ($n)" $?
else
    result "generator" 1
fi
echo "# $passed passed, $failed failed"
[ "$failed" -eq 0 ]
