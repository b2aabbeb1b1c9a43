#!/bin/sh
# Runs each libFuzzer target of build $1 for $2 seconds: new inputs go to
# $1/corpus/NAME (the committed seeds in tests/fuzz/corpus/NAME are read, not
# written), crashes to $1/crashes/NAME/. Prints executions and findings per
# target; exits 1 when any target found a crash, leak or timeout. Copy each
# crash into tests/fuzz/corpus/NAME/ once fixed: `make test` replays it.
BUILD=$1 SECONDS_EACH=$2
shift 2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
found=0
printf '%-18s %12s %10s %s\n' target executions exec/s findings
for name in "$@"; do
    bin="$BUILD/fuzz/$name"
    corpus="$BUILD/corpus/$name" crashes="$BUILD/crashes/$name"
    log="$BUILD/fuzz-$name.log"
    mkdir -p "$corpus" "$crashes"
    # -timeout: one input running longer than this is a finding (a hang);
    # -rss_limit_mb: so is one that needs more memory.
    "$bin" -max_total_time="$SECONDS_EACH" -timeout=25 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$crashes/" \
        "$corpus" "$ROOT/tests/fuzz/corpus/$name" > "$log" 2>&1
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    n=$(find "$crashes" -type f | wc -l)
    [ "$n" -gt 0 ] && found=1
    printf '%-18s %12s %10s %s\n' "$name" "${execs:-?}" "${rate:-?}" \
        "$n$( [ "$n" -gt 0 ] && echo " (see $crashes, $log)")"
done
exit $found
