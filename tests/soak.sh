#!/bin/sh
# Soak test (make soak; not part of make test): one `icpcheck scan -j 2` run
# over N generated files (default 10000), sampling the process every second
# from /proc: resident memory (VmRSS), open descriptors (/proc/PID/fd) and
# the records written so far.
#
# Two modes (SOAK_MODE):
# - backdrop (the default): 20 small backdrop photos from the project's
#   generator (tools/gen/icpgen.py --size small), each written again and
#   again with a few pixels changed and a JPEG quality between 60 and 95, so
#   that every file has its own bytes and pixels (the duplicate detection
#   hashes each one). --type backdrop-photo keeps OCR out: the run takes
#   about 0.25 s of CPU a file.
# - ocr: 27 phone photos (--size phone, 12 megapixels), 3 of each of the 9
#   types, checked without --type, so that classification, both Tesseract
#   engines, the decode budget and every document check run as in a real
#   batch (about 0.5 s of CPU a file; 5000 files take some 40 minutes on 2
#   free cores and need about 9 GB of disk under TMPDIR). Re-encoding a
#   12-megapixel photo for each file would cost more CPU than checking it,
#   so each copy instead gets its own comment segment (its own bytes) and
#   one step of a high-frequency quantisation entry raised (its own
#   pixels, changed by less than JPEG noise).
# Either way 100 files a folder, as applications come.
#
# Passes when:
# - every file has its one record (N distinct paths) and the exit status is
#   0 or 1;
# - memory is flat: after a warm-up of WARMUP records (200), the peak RSS
#   over the second half of the files is within 10 % of the peak over the
#   first half;
# - descriptors do not grow: the fewest open over the second half is no
#   more than over the first half (a leak raises that floor), and the most
#   open no more than the first half's most plus one per worker (a sample
#   taken while a worker reads its file sees that file open: 1200 files
#   once showed 6 then 7 with 6 open at the end).
# Prints RSS and descriptors at 200, 1000, N/2 and N files, and the run's
# CPU time (user + system). SOAK_SAMPLES=FILE keeps the samples ("unix
# time, VmRSS kB, descriptors, records") in FILE as they are taken.
BIN=${1:-build/icpcheck}
N=${2:-10000}
MODE=${SOAK_MODE:-backdrop}
WARMUP=200
PY=/usr/bin/python3
ROOT=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d)
tpid= pid=
# Stopped early (Ctrl-C, kill): stop the scan too, then clean up.
stop_run() {
    [ -n "$pid" ] && kill "$pid" 2> /dev/null
    [ -n "$tpid" ] && kill "$tpid" 2> /dev/null
    rm -rf "$T"
}
trap stop_run EXIT
trap 'exit 130' INT TERM
mkdir -p "$T/in" "$T/base"
# Backdrop mode: small photos, each re-encoded with a few pixels changed.
gen_backdrop_files() {
    $PY "$ROOT/tools/gen/icpgen.py" --out "$T/base" --types backdrop-photo \
        --count 20 --size small --seed 11 --today 2026-11-24 > /dev/null ||
        { echo "FAIL cannot generate the base photos"; exit 1; }
    $PY - "$T/base" "$T/in" "$N" <<'PY' || { echo "FAIL cannot generate files"; exit 1; }
import glob, io, os, random, sys
from PIL import Image
base, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(7)
photos = []
for p in sorted(glob.glob(os.path.join(base, "*", "*.jpg"))):
    im = Image.open(p)
    photos.append((im.convert("RGB"), im.info.get("exif", b"")))
assert photos, "no base photos"
for i in range(n):
    im, exif = photos[i % len(photos)]
    im = im.copy()
    px = im.load()
    for _ in range(3):
        x, y = rng.randrange(im.width), rng.randrange(im.height)
        px[x, y] = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
    d = os.path.join(out, "app%04d" % (i // 100))
    os.makedirs(d, exist_ok=True)
    im.save(os.path.join(d, "f%06d.jpg" % i), "JPEG",
            quality=rng.randrange(60, 96), exif=exif)
PY
}

# OCR mode: phone photos of every type; each copy keeps the photo's
# entropy-coded data and changes only a comment and one quantisation step.
gen_ocr_files() {
    $PY "$ROOT/tools/gen/icpgen.py" --out "$T/base" --count 3 --size phone \
        --seed 5611 --today 2026-11-24 > /dev/null ||
        { echo "FAIL cannot generate the base photos"; exit 1; }
    $PY - "$T/base" "$T/in" "$N" <<'PY' || { echo "FAIL cannot generate files"; exit 1; }
import glob, os, struct, sys
base, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
photos = [open(p, "rb").read()
          for p in sorted(glob.glob(os.path.join(base, "*", "*.jpg")))]
assert photos, "no base photos"

def quant_tables(jpg):
    """Offsets of the 8-bit quantisation tables' 64 entries (zig-zag)."""
    tables, i = [], 2
    while i + 4 <= len(jpg) and jpg[i] == 0xFF and jpg[i + 1] != 0xDA:
        size = struct.unpack(">H", jpg[i + 2:i + 4])[0]
        if jpg[i + 1] == 0xDB:
            j = i + 4
            while j < i + 2 + size:
                if jpg[j] >> 4 == 0:
                    tables.append(j + 1)
                j += 1 + 64 * (1 + (jpg[j] >> 4))
        i += 2 + size
    return tables

for i in range(n):
    jpg = bytearray(photos[i % len(photos)])
    k = i // len(photos)
    tables = quant_tables(jpg)
    # Copy k of a photo: entry 32-63 (high frequencies) of one table, one
    # to three steps coarser; distinct for the first 32 * 2 * 3 copies.
    if tables:
        at = tables[(k // 32) % len(tables)] + 32 + k % 32
        jpg[at] = min(255, jpg[at] + 1 + (k // (32 * len(tables))) % 3)
    note = b"icpcheck soak copy %d" % i
    jpg[2:2] = b"\xff\xfe" + struct.pack(">H", len(note) + 2) + note
    d = os.path.join(out, "app%04d" % (i // 100))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%06d.jpg" % i), "wb") as f:
        f.write(jpg)
PY
}

case $MODE in
backdrop)
    gen_backdrop_files
    TYPE_ARGS="--type backdrop-photo" ;;
ocr)
    gen_ocr_files
    TYPE_ARGS= ;;
*)
    echo "FAIL unknown SOAK_MODE '$MODE' (backdrop or ocr)"; exit 1 ;;
esac
/usr/bin/time -f '%U %S %M' -o "$T/time" "$BIN" scan -q -j 2 \
    $TYPE_ARGS --today 2026-11-24 --format jsonl \
    "$T/in" > "$T/out" 2> "$T/err" &
tpid=$!
while [ -z "$pid" ] && kill -0 $tpid 2> /dev/null; do
    pid=$(pgrep -P $tpid)
    [ -n "$pid" ] || sleep 0.1
done
S=${SOAK_SAMPLES:-$T/samples}
: > "$S"
while [ -n "$pid" ] && kill -0 "$pid" 2> /dev/null; do
    rss=$(awk '/^VmRSS:/ { print $2 }' /proc/$pid/status 2> /dev/null)
    fds=$(ls /proc/$pid/fd 2> /dev/null | wc -l)
    done_=$(grep -c '"kind":"file"' "$T/out")
    [ -n "$rss" ] && echo "$(date +%s) $rss $fds $done_" >> "$S"
    sleep 1
done
wait $tpid
rc=$?
tpid= pid=
$PY - "$S" "$T/out" "$N" "$rc" "$WARMUP" "$T/time" <<'PY'
import json, sys
rows = [tuple(map(int, l.split())) for l in open(sys.argv[1])]
n, rc, warm = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
JOBS = 2  # the scan's -j: files open at once at most
paths = [json.loads(l)["path"] for l in open(sys.argv[2], encoding="utf-8")
         if '"kind":"file"' in l]
user, sys_, maxrss = open(sys.argv[6]).read().split()[-3:]
secs = rows[-1][0] - rows[0][0] + 1 if rows else 0
print(f"files {n}, records {len(paths)} ({len(set(paths))} distinct paths), "
      f"exit {rc}, {secs} s wall, CPU {float(user):.0f} s user + "
      f"{float(sys_):.0f} s system, {len(rows)} samples")
for at in (warm, 1000, n // 2, n):
    r = next((r for r in rows if r[3] >= at), rows[-1] if rows else None)
    if r:
        print(f"  at {r[3]:>6} files: RSS {r[1] / 1024:7.1f} MB, "
              f"{r[2]} descriptors open")
first = [r for r in rows if warm <= r[3] < n // 2]
second = [r for r in rows if r[3] >= n // 2]
fails = []
if len(paths) != n or len(set(paths)) != n:
    fails.append("records missing")
if rc not in (0, 1):
    fails.append("exit status")
if not first or not second:
    fails.append("too few samples")
else:
    p1, p2 = max(r[1] for r in first), max(r[1] for r in second)
    f1, f2 = max(r[2] for r in first), max(r[2] for r in second)
    low1, low2 = min(r[2] for r in first), min(r[2] for r in second)
    print(f"peak RSS after warm-up: first half {p1 / 1024:.1f} MB, second "
          f"half {p2 / 1024:.1f} MB ({100 * (p2 - p1) / p1:+.1f} %); "
          f"descriptors {low1}-{f1} then {low2}-{f2}")
    if p2 > p1 * 1.10:
        fails.append("memory grows")
    if low2 > low1 or f2 > f1 + JOBS:
        fails.append("descriptors grow")
print("FAIL soak: " + ", ".join(fails) if fails else "ok   soak")
sys.exit(1 if fails else 0)
PY
