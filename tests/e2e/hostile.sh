#!/bin/sh
# Hostile inputs made at test time (tests/e2e/hostile.py: truncated and
# corrupted headers of every format, huge declared dimensions, a zTXt bomb,
# malformed EXIF, extreme shapes, CMYK, 16-bit and animated images, a PDF,
# names with a newline, tabs and quotes), plus a link to /dev/zero, files
# removed while the scan runs, the per-file deadline and the memory budget.
# Each input gets its one record with the expected finding, the run
# finishes with exit status 1, every line is whole JSON, and nothing is
# written inside the scanned folder. Complements bad_inputs.sh (tests/bad/,
# FIFO, link loops, unreadable files, non-UTF-8 names).
BIN=${ICP_BIN:-build/icpcheck}
ROOT=${ICP_ROOT:-.}
PY=/usr/bin/python3
. "$(dirname "$0")/common.inc"
# The backdrop check reads no text: these runs stay fast.
RUN="$BIN scan -q -j 2 --type backdrop-photo --today 2026-11-24 --format jsonl"

IN="$T/in"
mkdir -p "$IN"
$PY "$ROOT/tests/e2e/hostile.py" "$IN" "$T/table" ||
    { echo "FAIL cannot generate the hostile inputs"; exit 1; }
ln -s /dev/zero "$IN/zero-link.jpg"
printf 'zero-link.jpg\tinput.unreadable\n' >> "$T/table"
# The committed corpus, with the rule its README table expects of each.
mkdir "$IN/bad"
cp "$ROOT"/tests/bad/* "$IN/bad/" && rm -f "$IN/bad/README.md"
sed -n 's/^| \([^ |]*\) | \([^ |]*\) |.*/bad\/\1\t\2/p' \
    "$ROOT/tests/bad/README.md" | grep -v '^bad/file' |
    sed 's/\tnone$/\t-/' >> "$T/table"
# scan skips a .pdf by its name; named in --files-from it is checked.
printf '%s\n' "$IN/document.pdf" "$IN/bad/document.pdf" > "$T/list"
# (counted by characters: a name holds a newline)
inputs=$(find "$IN" -mindepth 1 ! -type d -printf x | wc -c)

listing() { (cd "$IN" && find . -printf '%p %y %s %m %T@\n' | LC_ALL=C sort); }
listing > "$T/before"
$RUN --files-from "$T/list" "$IN" > "$T/out" 2> "$T/err"
rc=$?
listing > "$T/after"
expect "the run finishes with exit status 1" '[ "$rc" = 1 ]'
expect "nothing is written inside the scanned folder" \
    'cmp -s "$T/before" "$T/after"'
expect "stderr is quiet" '[ ! -s "$T/err" ]'
$PY - "$T/out" "$T/table" "$inputs" > "$T/verdicts" <<'PY'
import json, sys
records = {}
lines = open(sys.argv[1], "rb").read().split(b"\n")
assert lines[-1] == b"", "the output ends with a whole line"
for l in lines[:-1]:
    o = json.loads(l)                 # every line is one whole record
    if o["kind"] == "file":
        name = o["path"].rsplit("/in/", 1)[-1].replace("\n", "\\n")
        records[name] = o
print("count", len(records), sys.argv[3])
for l in open(sys.argv[2], "rb"):
    name, expect = l.decode("utf-8", "surrogateescape").rstrip("\n").rsplit(
        "\t", 1)
    o = records.get(name)
    got = sorted({f["rule"] for f in o["findings"]
                  if f["rule"].startswith("input.")}) if o else None
    want = expect.split("|")
    good = o is not None and (("-" in want and not got) or
                              any(r in got for r in want if r != "-"))
    print("ok" if good else "FAIL", name, "expected", expect, "got", got)
PY
expect "every line is whole JSON" '[ -s "$T/verdicts" ]'
records=$(sed -n 's/^count \([0-9]*\) .*/\1/p' "$T/verdicts")
expect "one file record per input ($inputs)" '[ "${records:-x}" = "$inputs" ]'
while IFS= read -r line; do
    case $line in
    ok*) ok "${line#ok }" ;;
    FAIL*) bad "${line#FAIL }" ;;
    esac
done < "$T/verdicts"

# Files removed while the scan runs: the walk has listed them, so each
# still gets a record (input.unreadable once gone), none is lost.
GONE="$T/gone"
mkdir -p "$GONE"
$PY - "$GONE" <<'PY'
import os, sys
from PIL import Image
im = Image.new("RGB", (400, 300), (20, 60, 170))
for i in range(40):
    im.save(os.path.join(sys.argv[1], "f%03d.jpg" % i), "JPEG")
# 6 Mpx: about 36 MB decoded with its working copy.
Image.new("RGB", (3000, 2000), (20, 60, 170)).save(
    os.path.join(sys.argv[1], "..", "big.png"))
PY
$BIN scan -q -j 1 --type backdrop-photo --format jsonl "$GONE" > "$T/gone.out" \
    2> /dev/null &
pid=$!
# The first record means the walk is over: then remove the later files.
n=0
while [ ! -s "$T/gone.out" ] && [ $n -lt 600 ]; do sleep 0.1; n=$((n + 1)); done
rm -f "$GONE"/f02*.jpg "$GONE"/f03*.jpg
wait $pid
rc=$?
expect "removed files: the run finishes with exit status 1" '[ "$rc" = 1 ]'
expect "removed files: 40 file records" \
    '[ "$(grep -c "\"kind\":\"file\"" "$T/gone.out")" = 40 ]'
expect "removed files: the last one is input.unreadable" \
    'grep "f039.jpg" "$T/gone.out" | grep -q input.unreadable'

# The per-file deadline: a document check stopped after 1 ms.
cp "$ROOT/samples/personal-pass/id-card-back-valid.jpg" "$T/back.jpg"
start=$(date +%s)
$BIN check -q --type id-card-back --timeout 0.001 --format jsonl \
    "$T/back.jpg" > "$T/to.out" 2> /dev/null
rc=$?
took=$(($(date +%s) - start))
expect "--timeout 0.001: input.timeout, exit status 1" \
    '[ "$rc" = 1 ] && grep -q "\"input.timeout\"" "$T/to.out"'
expect "--timeout 0.001: no OCR after the deadline (${took}s)" '[ "$took" -lt 20 ]'
$BIN check -q --timeout 0 --max-memory-mb 16 --format jsonl \
    "$T/big.png" > "$T/mem.out" 2> /dev/null
expect "--max-memory-mb 16: input.too_large before decoding" \
    'grep -q "\"input.too_large\"" "$T/mem.out"'

done_counts
