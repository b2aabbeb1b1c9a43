#!/bin/sh
# Whole periods read with a wrong span outvote a lone reading with a right
# one. Two ID card backs of the project's generator, seed 3411, made alone
# (--first): no. 46 is printed inconsistent, 2024.01.02-2029.01.01 (a
# five-year card ends the day before its start's month-day), which its
# page and a re-read read so, while one binarised re-read misread the end
# as 2029.01.02, a right span that passed the card on its own. It must
# fail with doc.dates_inconsistent. No. 47, a valid card, must still pass.
# Each expectation is stated before the run.
ROOT=${ICP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BIN=${ICP_BIN:-$ROOT/build/icpcheck}
. "$ROOT/tests/e2e/common.inc"
/usr/bin/python3 "$ROOT/tools/gen/icpgen.py" --out "$T/g" --seed 3411 \
    --count 48 --first 46 --types id-card-back --size phone \
    --today 2026-11-25 >/dev/null 2>&1 || {
    bad generator; done_counts; exit 1; }
DIR="$T/g/id-card-back"
record() { # file: its JSON record, one line
    "$BIN" check -q --type id-card-back --today 2026-11-25 --format jsonl \
        "$DIR/$1" 2>/dev/null | grep '"kind":"file"'
}
expect "no. 46 is the inconsistent case" \
    "[ -f '$DIR/id-card-back-3411-46-inconsistent.jpg' ]"
expect "no. 47 is a valid card" \
    "[ -f '$DIR/id-card-back-3411-47-valid.jpg' ]"
R46=$(record id-card-back-3411-46-inconsistent.jpg)
R47=$(record id-card-back-3411-47-valid.jpg)
has() { printf '%s' "$1" | grep -q "$2"; } # record, pattern
expect "no. 46 fails with doc.dates_inconsistent" \
    'has "$R46" "\"verdict\":\"fail\".*\"rule\":\"doc.dates_inconsistent\""'
expect "no. 46 reads the end as printed, 2029-01-01" \
    'has "$R46" "\"valid_until\":\"2029-01-01\""'
expect "no. 47 passes" 'has "$R47" "\"verdict\":\"pass\""'
done_counts
