#!/bin/sh
# A file's record must not depend on what its worker checked before it:
# OCR engines, scanners and buffers are reused from file to file, and any
# state one file leaves behind (a Tesseract variable, a cached view, a
# time budget spent) would change the next file's reading. Expectation:
# 21 generated documents of every document type (3 each, small phone
# photos, classified without --type) checked at -j 1 in one order, in the
# reverse order, and each alone in a run of its own give the same records
# (the processing time `ms` aside). Skips (counted as passed) when the
# generator is absent.
ICP_BIN=${ICP_BIN:-build/icpcheck}
ICP_ROOT=${ICP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$ICP_ROOT/tests/e2e/common.inc"
GEN="$ICP_ROOT/tools/gen/icpgen.py"
PY=/usr/bin/python3
TYPES=id-card-back,id-card-front,passport,hkmo-permit,tw-permit,business-license,domain-certificate
if [ ! -f "$GEN" ] || [ ! -x "$PY" ]; then
    echo "note: the generator is absent; skipped"
    ok "skipped"
    done_counts
    exit $?
fi
# Tesseract's own threads would fight the workers for the cores.
export OMP_THREAD_LIMIT=1
if ! "$PY" "$GEN" --out "$T/set" --seed 5150 --count 3 --size small \
        --today 2026-11-24 --types "$TYPES" > "$T/gen.log" 2>&1; then
    cat "$T/gen.log"
    bad "the generator ran"
    done_counts
    exit $?
fi
find "$T/set" -name '*.jpg' | sort > "$T/files"
sort -r "$T/files" > "$T/files.rev"
expect "21 files generated" '[ "$(wc -l < "$T/files")" -eq 21 ]'
# The records of a run, sorted by path, without their processing time.
records() {
    grep '"kind":"file"' | sed 's/"ms":[0-9]*,//' | sort
}
check() { # files-from list
    "$ICP_BIN" check -q -j 1 --today 2026-11-24 --format jsonl \
        --files-from "$1" 2>/dev/null
}
check "$T/files" | records > "$T/forward"
check "$T/files.rev" | records > "$T/reverse"
while read -r f; do
    echo "$f" > "$T/one"
    check "$T/one"
done < "$T/files" | records > "$T/alone"
expect "every file has a record" '[ "$(wc -l < "$T/forward")" -eq 21 ]'
expect "the reverse order gives the same records" \
    'cmp -s "$T/forward" "$T/reverse" || diff "$T/forward" "$T/reverse"'
expect "each file checked alone gives the same record" \
    'cmp -s "$T/forward" "$T/alone" || diff "$T/forward" "$T/alone"'
done_counts
