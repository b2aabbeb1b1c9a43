#!/bin/sh
# How icpcheck writes: JSONL records come out as whole lines even at -j 2
# with records longer than a pipe's atomic write (PIPE_BUF, 4096 bytes),
# read through a pipe in small pieces; the --report file is written to a
# temporary file beside it and renamed at the end, so an earlier report
# stays whole until the new one is complete, and a killed run leaves it
# untouched; nothing is written inside the scanned folders.
BIN=${ICP_BIN:-build/icpcheck}
PY=/usr/bin/python3
. "$(dirname "$0")/common.inc"
RUN="$BIN scan -q --type backdrop-photo --today 2026-11-24 --format jsonl"

# 60 small photos under names of control characters, which JSON escapes
# six bytes each (\u0001): every record is over 5000 bytes.
IN="$T/in"
mkdir -p "$IN"
$PY - "$IN" <<'PY' || { echo "FAIL cannot generate images"; exit 1; }
import os, sys
from PIL import Image
d = os.fsencode(sys.argv[1])
long = os.path.join(d, b"\x01" * 200, b"\x02" * 200, b"\x03" * 200)
os.makedirs(long)
for i in range(60):
    Image.new("RGB", (400, 300), (20, 60, 100 + i)).save(
        os.path.join(long, b"%02d-" % i + b"\x04" * 200 + b".jpg"), "JPEG")
PY
inputs=$(find "$IN" -type f | wc -l)
listing() { (cd "$IN" && find . -printf '%p %y %s %m %T@\n' | LC_ALL=C sort); }
listing > "$T/before"

# The reader takes 512 bytes at a time, so a line written in pieces by two
# threads would show as a line that is not one JSON object.
$RUN -j 2 "$IN" | $PY -c '
import json, os, sys
buf, longest, names = b"", 0, []
while True:
    b = os.read(0, 512)
    if not b:
        break
    buf += b
*lines, rest = buf.split(b"\n")
assert rest == b"", "a last line without its newline"
for l in lines:
    o = json.loads(l)
    longest = max(longest, len(l))
    if o["kind"] == "file":
        names.append(o["path"])
print(len(names), len(set(names)), longest)
' > "$T/lines" 2> "$T/lines.err"
read -r n distinct longest < "$T/lines"
expect "-j 2 through a pipe: every line is one whole JSON record" \
    '[ ! -s "$T/lines.err" ] && [ -n "$n" ]'
expect "records longer than PIPE_BUF (longest ${longest:-?} bytes)" \
    '[ "${longest:-0}" -gt 4096 ]'
expect "one record per input ($inputs), none twice" \
    '[ "${n:-x}" = "$inputs" ] && [ "${distinct:-x}" = "$inputs" ]'

# --report: an earlier report stays whole while the run writes beside it.
REP="$T/rep"
mkdir -p "$REP"
echo "earlier report" > "$REP/report.html"
ino_before=$(stat -c %i "$REP/report.html")
$RUN -j 1 --report "$REP/report.html" "$IN" > "$T/rep.out" 2> /dev/null &
pid=$!
seen_tmp=no intact=yes
# At any moment the report is the earlier one or a complete new one.
while kill -0 $pid 2> /dev/null; do
    cp "$REP/report.html" "$T/snap" 2> /dev/null
    if [ "$(cat "$T/snap")" != "earlier report" ] &&
        [ "$(tail -n 1 "$T/snap")" != "</body></html>" ]; then
        intact=no
    fi
    ls -A "$REP" | grep -q '^\.report\.html\.' && seen_tmp=yes
    sleep 0.05
done
wait $pid
rc=$?
expect "--report: never seen half-written (the earlier one, then the new)" \
    '[ "$intact" = yes ]'
expect "--report: written to a temporary file beside it meanwhile" \
    '[ "$seen_tmp" = yes ]'
expect "--report: then renamed over it (a new file, exit $rc)" \
    '[ "$rc" -le 1 ] && [ "$(stat -c %i "$REP/report.html")" != "$ino_before" ] &&
     grep -q "</html>" "$REP/report.html"'
expect "--report: no temporary file left" '[ "$(ls -A "$REP")" = report.html ]'

# A run killed half-way leaves the earlier report as it was.
echo "earlier report" > "$REP/report.html"
$RUN -j 1 --report "$REP/report.html" "$IN" > "$T/kill.out" 2> /dev/null &
pid=$!
n=0
while [ "$(wc -l < "$T/kill.out")" -lt 5 ] && [ $n -lt 600 ]; do
    sleep 0.1
    n=$((n + 1))
done
kill -KILL $pid
wait $pid 2> /dev/null
expect "--report: a killed run leaves the earlier report untouched" \
    '[ "$(cat "$REP/report.html")" = "earlier report" ]'

# A report that cannot be written: exit status 2, nothing half-written.
$RUN --report "$T/no/such/dir/report.html" "$IN" > /dev/null 2> "$T/err"
rc=$?
expect "--report into a missing folder: exit status 2 with a message" \
    '[ "$rc" = 2 ] && grep -q report "$T/err"'

listing > "$T/after"
expect "nothing is written inside the scanned folder" \
    'cmp -s "$T/before" "$T/after"'

done_counts
