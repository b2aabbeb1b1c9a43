#!/bin/sh
# The quality gate on variants of one generated ID card photo: the colour
# original passes the gate; a black-and-white copy under a warm cast gets
# quality.grayscale, a heavily blurred one quality.blurry, an underexposed
# one quality.too_dark. Each expectation is stated before the run.
ROOT=${ICP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BIN=${ICP_BIN:-$ROOT/build/icpcheck}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
/usr/bin/python3 "$ROOT/tools/gen/icpgen.py" --out "$TMP/g" --seed 3 --count 1 \
    --types id-card-back --cases valid --size small >/dev/null 2>&1 || {
    echo "FAIL generator"; echo "# 0 passed, 1 failed"; exit 1; }
SRC=$(find "$TMP/g" -name '*.jpg' | head -n 1)
/usr/bin/python3 - "$SRC" "$TMP" <<'PYEOF'
import sys
from PIL import Image, ImageFilter, ImageOps
src, out = sys.argv[1], sys.argv[2]
im = ImageOps.exif_transpose(Image.open(src)).convert("RGB")
im.save(out + "/colour.jpg", quality=90)
g = im.convert("L")
cast = Image.merge("RGB", [g.point(lambda v: min(255, int(v * 1.04))), g,
                           g.point(lambda v: int(v * 0.93))])
cast.save(out + "/grey-copy.jpg", quality=85)
im.filter(ImageFilter.GaussianBlur(9)).save(out + "/blurred.jpg", quality=90)
im.point(lambda v: v // 7).save(out + "/dark.jpg", quality=90)
PYEOF
passed=0 failed=0
expect() { # file, rule, present|absent
    out=$("$BIN" check -q --type id-card-back --today 2026-11-24 \
        --format jsonl "$TMP/$1" 2>/dev/null | grep '"kind":"file"')
    if printf '%s' "$out" | grep -q "\"rule\":\"$2\""; then has=present
    else has=absent; fi
    if [ "$has" = "$3" ]; then passed=$((passed + 1)); echo "ok   $1: $2 $3"
    else failed=$((failed + 1)); echo "FAIL $1: $2 expected $3"; fi
}
expect colour.jpg quality.grayscale absent
expect colour.jpg quality.blurry absent
expect colour.jpg quality.too_dark absent
expect grey-copy.jpg quality.grayscale present
expect blurred.jpg quality.blurry present
expect dark.jpg quality.too_dark present
echo "# $passed passed, $failed failed"
[ $failed -eq 0 ]
