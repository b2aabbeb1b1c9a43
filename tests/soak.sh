#!/bin/sh
# Soak test (make soak; not part of make test): one run over N small
# generated files (default 10000) at -j 2 with --type backdrop-photo,
# sampling the process's resident memory (VmRSS) and open descriptors from
# /proc every second. Passes when every file has its record, the exit status
# is 0 or 1, memory is flat (the last quarter's peak within 25% + 20 MB of the
# first quarter's) and descriptors do not grow.
BIN=${1:-build/icpcheck}
N=${2:-10000}
PY=/usr/bin/python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
mkdir -p "$T/in"
$PY - "$T/in" "$N" <<'PY' || { echo "FAIL cannot generate files"; exit 1; }
import io, os, random, sys
from PIL import Image
rng = random.Random(7)
out, n = sys.argv[1], int(sys.argv[2])
# A few distinct encodings, written again and again (generation stays fast);
# every 100 files a folder, as applications come.
blobs = []
for i in range(16):
    im = Image.new("RGB", (400, 300), (rng.randrange(256), rng.randrange(256), 200))
    b = io.BytesIO()
    im.save(b, "JPEG", quality=70)
    blobs.append(b.getvalue())
for i in range(n):
    d = os.path.join(out, "app%04d" % (i // 100))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%06d.jpg" % i), "wb") as f:
        f.write(blobs[i % len(blobs)])
PY
"$BIN" scan -q -j 2 --type backdrop-photo --today 2026-11-24 --format jsonl \
    "$T/in" > "$T/out" 2> "$T/err" &
pid=$!
: > "$T/samples"
while kill -0 $pid 2> /dev/null; do
    rss=$(awk '/^VmRSS:/ { print $2 }' /proc/$pid/status 2> /dev/null)
    fds=$(ls /proc/$pid/fd 2> /dev/null | wc -l)
    [ -n "$rss" ] && echo "$(date +%s) $rss $fds" >> "$T/samples"
    sleep 1
done
wait $pid
rc=$?
records=$(grep -c '"kind":"file"' "$T/out")
$PY - "$T/samples" "$N" "$records" "$rc" <<'PY'
import sys
rows = [tuple(map(int, l.split())) for l in open(sys.argv[1])]
n, records, rc = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
secs = rows[-1][0] - rows[0][0] + 1 if rows else 0
q = max(1, len(rows) // 4)
first, last = rows[:q], rows[-q:]
peak1 = max(r[1] for r in first) if rows else 0
peak4 = max(r[1] for r in last) if rows else 0
fd1 = max(r[2] for r in first) if rows else 0
fd4 = max(r[2] for r in last) if rows else 0
print(f"files {n}, records {records}, exit {rc}, {secs} s, "
      f"{n / max(secs, 1):.0f} files/s, {len(rows)} samples")
print(f"RSS peak first quarter {peak1 / 1024:.1f} MB, last quarter "
      f"{peak4 / 1024:.1f} MB, overall {max((r[1] for r in rows), default=0) / 1024:.1f} MB")
print(f"open descriptors first quarter {fd1}, last quarter {fd4}")
fails = []
if records != n: fails.append("records missing")
if rc not in (0, 1): fails.append("exit status")
if peak4 > peak1 * 1.25 + 20 * 1024: fails.append("memory grows")
if fd4 > fd1: fails.append("descriptors grow")
print("FAIL " + ", ".join(fails) if fails else "ok   soak")
sys.exit(1 if fails else 0)
PY
