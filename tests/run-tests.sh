#!/bin/sh
# Runs every test of icpcheck against the build in $1 (default build/):
# unit tests, fuzz corpus replays and the end-to-end scripts in tests/e2e/;
# with $2, also the unit tests, replays and hostile-input e2e tests of that
# (sanitizer) build.
# Each reports "# N passed, N failed" as its last counting line; this script
# adds them up and ends with the line CI reads.
BUILD=${1:-build}
SAN_BUILD=$2 # optional: a sanitizer build whose unit tests and replays run too
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export ICP_BIN="$ROOT/$BUILD/icpcheck" ICP_ROOT="$ROOT" ICP_BUILD="$ROOT/$BUILD"
export ICP_SHARED="${ICP_SHARED:-$ROOT/../shared}"
# Test programs that link the library start Tesseract themselves; libgomp
# reads this when it is loaded, so it must be set before they start (the
# icpcheck program sets it for itself).
export OMP_THREAD_LIMIT=1
# Sanitizer builds write their reports as files under $ICP_SAN_LOG (see
# SAN_ENV in the Makefile): a report found after a suite fails that suite,
# whatever its programs' exit statuses said.
if [ -n "$ICP_SAN_LOG" ]; then
    rm -rf "$ICP_SAN_LOG"
    mkdir -p "$ICP_SAN_LOG/seen"
fi
passed=0 failed=0
LOG=$(mktemp)
WRAP=$(mktemp -d)
trap 'rm -f "$LOG"; rm -rf "$WRAP"' EXIT
# ICP_TIMEOUT=S: the e2e tests' runs get --timeout S unless they give their
# own (the last one wins). `make asan` sets 0: several times slower under
# the sanitizers, OCR-heavy files would pass the 60 s default and the
# accuracy tests would count deadlines, not verdicts.
e2e_bin() { # the program the e2e tests of build $1 run
    if [ -z "$ICP_TIMEOUT" ]; then
        echo "$ROOT/$1/icpcheck"
        return
    fi
    w="$WRAP/$(echo "$1" | tr / _)/icpcheck"
    mkdir -p "$(dirname "$w")"
    {
        echo '#!/bin/sh'
        echo 'case $1 in'
        echo "scan|check) sub=\$1; shift; exec \"$ROOT/$1/icpcheck\" \"\$sub\" --timeout $ICP_TIMEOUT \"\$@\" ;;"
        echo 'esac'
        echo "exec \"$ROOT/$1/icpcheck\" \"\$@\""
    } > "$w"
    chmod +x "$w"
    echo "$w"
}

tally() { # name, exit status; reads the suite's output from $LOG
    line=$(grep -E '^# [0-9]+ passed, [0-9]+ failed' "$LOG" | tail -n 1)
    if [ -n "$line" ]; then
        p=$(echo "$line" | sed -E 's/^# ([0-9]+) passed.*/\1/')
        f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
    elif [ "$2" -eq 0 ]; then p=1 f=0; else p=0 f=1; fi
    # A suite that crashed after its last count has failed all the same.
    if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    if [ -n "$ICP_SAN_LOG" ]; then
        for r in "$ICP_SAN_LOG"/*.*; do
            [ -f "$r" ] || continue
            echo "sanitizer report ($1): $r"
            head -n 40 "$r"
            mv "$r" "$ICP_SAN_LOG/seen/"
            f=$((f + 1))
        done
    fi
    passed=$((passed + p)) failed=$((failed + f))
    printf '%-40s %s passed, %s failed\n' "$1" "$p" "$f"
}

# unit tests and fuzz replays of build $1, their names prefixed with $2
fast_suites() {
    for t in "$ROOT/$1"/tests/test_*; do
        case $t in *.d) continue ;; esac # the compiler's dependency lists
        [ -x "$t" ] || continue
        # The real-image tests run OCR over dozens of photos at several
        # scales: minutes under the sanitizers, for code the other unit
        # tests already cover there. `make asan` runs them too.
        case "$2:$t" in asan/:*_real) continue ;; esac
        "$t" > "$LOG" 2>&1; rc=$?
        [ $rc -ne 0 ] && cat "$LOG"
        tally "${2}unit/$(basename "$t")" $rc
    done
    for r in "$ROOT/$1"/fuzz/replay_*; do
        case $r in *.d) continue ;; esac
        [ -x "$r" ] || continue
        name=$(basename "$r" | sed 's/^replay_//')
        "$r" "$ROOT/tests/fuzz/corpus/$name" > "$LOG" 2>&1; rc=$?
        [ $rc -ne 0 ] && tail -n 20 "$LOG"
        tally "${2}fuzz-replay/$name" $rc
    done
}

fast_suites "$BUILD" ""
# A second build (sanitizers) runs the same fast suites, and of the e2e
# tests those of hostile input, walking and writing (they run no OCR) and
# the quality gate's six photos (a dark page with no word read once passed
# a null pointer to memcpy): a minute or two. `make asan` runs every e2e
# test with the sanitizer build.
if [ -n "$SAN_BUILD" ]; then
    fast_suites "$SAN_BUILD" "asan/"
    for e in bad_inputs hostile outputs quality; do
        ICP_BIN=$(e2e_bin "$SAN_BUILD") ICP_BUILD="$ROOT/$SAN_BUILD" \
            sh "$ROOT/tests/e2e/$e.sh" > "$LOG" 2>&1
        rc=$?
        [ $rc -ne 0 ] && grep -E '^(FAIL|not ok|  )' "$LOG" | head -n 40
        tally "asan/e2e/$e" $rc
    done
fi
ICP_BIN=$(e2e_bin "$BUILD")
for e in "$ROOT"/tests/e2e/*.sh; do
    [ -f "$e" ] || continue
    sh "$e" > "$LOG" 2>&1; rc=$?
    [ $rc -ne 0 ] && grep -E '^(FAIL|not ok|  )' "$LOG" | head -n 40
    tally "e2e/$(basename "$e" .sh)" $rc
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
