#!/bin/sh
# Load on icpcheck serve: 200 requests at once from one curl (--parallel),
# half of them a small photo that goes through the backdrop check's OCR and
# face detection, half an image refused at intake. Every request must be
# answered 200 with its own right record; prints requests per second and
# the 95th percentile latency.
. "$(dirname "$0")/serve_helpers.inc"
make_images
N=${ICP_LOAD_REQUESTS:-200}

if ! start_server load -j 2 --queue 256 --request-timeout 600 --today 2026-11-24; then
    bad "the server starts"
    done_counts
    exit 1
fi
# A curl config: one transfer per request, each to its own file.
i=0
while [ $i -lt "$N" ]; do
    i=$((i + 1))
    if [ $((i % 2)) = 0 ]; then f="$T/grey.jpg"; else f="$T/tiny.png"; fi
    ext=${f##*.}
    [ $i -gt 1 ] && echo next
    printf 'url = "%s/v1/check"\nform = "file=@%s;filename=r%d.%s"\n' "$URL" "$f" "$i" "$ext"
    printf 'form = "type=backdrop-photo"\noutput = "%s/r%d.json"\n' "$T" "$i"
    printf 'write-out = "%%{http_code} %%{time_total} %d\\n"\n' "$i"
done > "$T/load.cfg"
start=$($PY -c 'import time; print(time.time())')
curl -s --parallel --parallel-max "$N" --parallel-immediate -K "$T/load.cfg" \
    > "$T/load.out" 2> "$T/load.err"
end=$($PY -c 'import time; print(time.time())')
$PY - "$T" "$N" "$start" "$end" <<'PY' > "$T/load.report"
import json, sys
T, n, start, end = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
lines = [l.split() for l in open(T + "/load.out") if l.strip()]
codes = {}
times = []
right = 0
for code, t, i in lines:
    codes[code] = codes.get(code, 0) + 1
    times.append(float(t))
    try:
        d = json.load(open("%s/r%s.json" % (T, i)))
        f = d["files"][0]
        want = ("fail", "backdrop.not_blue") if int(i) % 2 == 0 else ("error", "input.too_small")
        if (code == "200" and f["path"].startswith("r%s." % i) and
                f["verdict"] == want[0] and want[1] in [x["rule"] for x in f["findings"]]):
            right += 1
    except (OSError, ValueError, KeyError, IndexError):
        pass
times.sort()
p95 = times[max(0, int(0.95 * len(times) + 0.5) - 1)] if times else 0
wall = end - start
print("answers %d of %d, right %d, statuses %s" % (len(lines), n, right, codes))
print("%.1f requests/s over %.1f s wall, p50 %.2f s, p95 %.2f s, max %.2f s"
      % (n / wall, wall, times[len(times) // 2] if times else 0, p95, times[-1] if times else 0))
print("RIGHT %d" % right)
PY
cat "$T/load.report"
# The server's CPU time (user + system) for the whole load: a figure that
# means something on a shared machine, where wall-clock time does not.
tck=$(getconf CLK_TCK)
awk -v t="$tck" '{ printf "server CPU %.1f s (user %.1f, system %.1f)\n", ($14 + $15) / t, $14 / t, $15 / t }' \
    "/proc/$SERVER_PID/stat" 2> /dev/null
echo "machine load (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg)"
right=$(sed -n 's/^RIGHT //p' "$T/load.report")
expect "$N concurrent requests: every one answered 200 with its own right record" \
    '[ "$right" = "$N" ]'
stop_server
expect "the server stops cleanly after the load" '[ "$STOPPED" = 0 ]'
done_counts
