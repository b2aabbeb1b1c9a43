#!/bin/sh
# The command line: help and version, usage errors (exit 2), output formats,
# a stable order whatever -j, and --files-from on standard input. Images are
# generated here with Python/PIL, never taken from the repository.
BIN=${ICP_BIN:-build/icpcheck}
PY=/usr/bin/python3
. "$(dirname "$0")/common.inc"
status() { "$@" > "$T/out" 2> "$T/err"; echo $?; }
# Classification reads text (about 2 s a file); where the test is about the
# command line rather than the checks, a fixed type keeps it quick.
FAST="--type backdrop-photo"

# Two applications (one with a subfolder), plus files the walk must skip.
$PY - "$T/in" <<'PY' || { echo "FAIL cannot generate images"; exit 1; }
import os, sys
from PIL import Image, ImageDraw
root = sys.argv[1]
for rel in ["app1/a.jpg", "app1/b.png", "app 2/c d.jpg", "app 2/sub/e.JPG",
            "app 2/sub/f.jpeg"]:
    p = os.path.join(root, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    im = Image.new("RGB", (640, 480), (210, 210, 225))
    ImageDraw.Draw(im).rectangle([100, 100, 300, 200], fill=(20, 20, 20))
    im.save(p)
open(os.path.join(root, "app1", "notes.txt"), "w").write("not an image")
open(os.path.join(root, "app1", ".hidden.jpg"), "w").write("hidden")
PY

# Drops the timings so that two runs can be compared.
norm() {
    $PY -c '
import json, sys
for line in sys.stdin:
    o = json.loads(line)
    o.pop("ms", None); o.pop("seconds", None)
    print(json.dumps(o, ensure_ascii=False, sort_keys=True))'
}

expect "--help exits 0" '[ "$(status "$BIN" --help)" = 0 ]'
expect "--help teaches: examples and exit status" \
    'grep -q "Examples" "$T/out" && grep -q "Exit status" "$T/out"'
expect "help exits 0" '[ "$(status "$BIN" help)" = 0 ]'
expect "scan --help exits 0" '[ "$(status "$BIN" scan --help)" = 0 ]'
expect "--version exits 0" '[ "$(status "$BIN" --version)" = 0 ]'
expect "--version prints the version" 'grep -q "^icpcheck [0-9]" "$T/out"'
expect "no command exits 2" '[ "$(status "$BIN")" = 2 ]'
expect "unknown command exits 2" '[ "$(status "$BIN" lint x)" = 2 ]'
expect "bad option exits 2" '[ "$(status "$BIN" scan --frobnicate "$T/in")" = 2 ]'
expect "bad option names it and hints --help" \
    'grep -q -- "--frobnicate" "$T/err" && grep -q -- "--help" "$T/err"'
expect "bad --today exits 2" \
    '[ "$(status "$BIN" scan --today 2026-02-30 "$T/in")" = 2 ]'
expect "bad --today is named" 'grep -q -- "--today" "$T/err"'
expect "bad --type exits 2" '[ "$(status "$BIN" scan --type selfie "$T/in")" = 2 ]'
expect "bad --type lists the types" 'grep -q "backdrop-photo" "$T/err"'
expect "bad --format exits 2" '[ "$(status "$BIN" scan --format xml "$T/in")" = 2 ]'
expect "bad -j exits 2" '[ "$(status "$BIN" scan -j 0 "$T/in")" = 2 ]'
expect "missing value exits 2" '[ "$(status "$BIN" scan "$T/in" --lang)" = 2 ]'
expect "no paths exits 2" '[ "$(status "$BIN" scan)" = 2 ]'
expect "missing models folder exits 2" \
    '[ "$(status "$BIN" scan --models "$T/nowhere" "$T/in")" = 2 ]'
expect "missing --files-from exits 2" \
    '[ "$(status "$BIN" scan --files-from "$T/nolist")" = 2 ]'
# --report is never silently ignored: either it writes the file, or it says
# why not and exits 2.
rc=$(status "$BIN" scan -q --report "$T/r.html" "$T/in")
expect "--report writes the file or refuses with exit 2" \
    '[ -s "$T/r.html" ] || { [ "$rc" = 2 ] && [ -s "$T/err" ]; }'

# JSON Lines (the default when stdout is not a terminal).
rc=$(status "$BIN" scan -q -j 1 "$T/in")
cp "$T/out" "$T/j1"
expect "scan of failing files exits 1" '[ "$rc" = 1 ]'
expect "jsonl: every line is JSON" \
    '$PY -c "import json,sys; [json.loads(l) for l in sys.stdin]" < "$T/j1"'
kinds=$($PY -c 'import json,sys; print(" ".join(json.loads(l)["kind"] for l in sys.stdin))' < "$T/j1")
expect "jsonl: files, then their application, summary last" \
    '[ "$kinds" = "file application file file application file file application summary" ]'
expect "jsonl: the summary counts files, applications, skipped" \
    '$PY -c "
import json,sys
r=[json.loads(l) for l in sys.stdin]
s=r[-1]
assert s[\"files\"]==5 and s[\"applications\"]==3 and s[\"skipped\"]==2, s
assert sum(s[k] for k in (\"pass\",\"warn\",\"fail\",\"error\"))==5
" < "$T/j1"'
order=$($PY -c 'import json,sys; print("|".join(json.loads(l)["path"].split("/in/")[-1] for l in sys.stdin if "path" in json.loads(l)))' < "$T/j1")
expect "jsonl: order is the sorted walk" \
    '[ "$order" = "app 2/c d.jpg|app 2|app 2/sub/e.JPG|app 2/sub/f.jpeg|app 2/sub|app1/a.jpg|app1/b.png|app1" ]'

"$BIN" scan -q -j 4 "$T/in" > "$T/j4" 2> /dev/null
norm < "$T/j1" > "$T/n1"
norm < "$T/j4" > "$T/n4"
expect "-j 1 and -j 4 give the same records in the same order" \
    'cmp -s "$T/n1" "$T/n4"'

# --files-from on stdin: CRLF, blank lines, a path with spaces.
printf '%s\r\n\r\n%s\n   \n%s' "$T/in/app1/a.jpg" "$T/in/app 2/c d.jpg" \
    "$T/in/app1" | "$BIN" scan -q $FAST --files-from - > "$T/ff" 2> "$T/err"
n=$($PY -c 'import json,sys; print(sum(1 for l in sys.stdin if json.loads(l)["kind"]=="file"))' < "$T/ff")
expect "--files-from -: three lines give four file records" '[ "$n" = 4 ]'
expect "--files-from -: the spaced path is read whole" \
    'grep -q "app 2/c d.jpg" "$T/ff"'

# The other formats.
"$BIN" scan -q $FAST --format json "$T/in" > "$T/doc.json" 2> /dev/null
expect "json: one document with files, applications, summary" \
    '$PY -c "
import json,sys
d=json.load(sys.stdin)
assert list(d)==[\"files\",\"applications\",\"summary\"]
assert len(d[\"files\"])==5 and len(d[\"applications\"])==3
" < "$T/doc.json"'
"$BIN" scan -q $FAST --format csv "$T/in" > "$T/out.csv" 2> /dev/null
expect "csv: header, then rows readable by a CSV parser" \
    '$PY -c "
import csv,sys
rows=list(csv.reader(sys.stdin))
assert rows[0]==[\"path\",\"type\",\"verdict\",\"rule\",\"severity\",\"message\",\"box\"]
assert all(len(r)==7 for r in rows)
" < "$T/out.csv"'
"$BIN" scan -q $FAST --format text --lang en "$T/in" > "$T/out.txt" 2> /dev/null
expect "text: a summary line in English" 'grep -q "^5 files, 3 applications" "$T/out.txt"'
expect "text: no colour when stdout is not a terminal" \
    '! grep -q "$(printf "\033")" "$T/out.txt"'
LANG=en_US.UTF-8 LC_ALL= LC_MESSAGES= "$BIN" scan -q $FAST --format text "$T/in" \
    > "$T/out.txt" 2> /dev/null
expect "LANG=en_US gives English" 'grep -q "^5 files" "$T/out.txt"'
LANG=zh_CN.UTF-8 LC_ALL= LC_MESSAGES= "$BIN" scan -q $FAST --format text "$T/in" \
    > "$T/out.txt" 2> /dev/null
expect "LANG=zh_CN gives Chinese" 'grep -q "^共 5 个文件" "$T/out.txt"'

# check: files only, no application records; a folder is refused.
"$BIN" check -q $FAST "$T/in/app1/a.jpg" "$T/in/app1" > "$T/chk" 2> /dev/null
kinds=$($PY -c 'import json,sys; print(" ".join(json.loads(l)["kind"] for l in sys.stdin))' < "$T/chk")
expect "check: no application records" '[ "$kinds" = "file file summary" ]'
expect "check: a folder gets input.unreadable" 'grep -q "input.unreadable" "$T/chk"'
expect "check --type skips classification" \
    '"$BIN" check -q --type passport "$T/in/app1/a.jpg" | grep -q "\"type\":\"passport\""'

done_counts
