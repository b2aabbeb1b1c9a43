#!/bin/sh
# icpcheck serve over loopback with curl: the happy path of both endpoints
# (the same file record as `check --format json`), every error status with
# its JSON error, names from the client never used as paths, concurrent
# clients each getting their own answer, a full queue (503), a request
# timeout (503) and a clean stop on SIGTERM.
. "$(dirname "$0")/serve_helpers.inc"
make_images
TODAY=2026-11-24

# post ENDPOINT OUT CURL-ARGS...: prints the HTTP status, body in OUT.
post() {
    ep=$1 out=$2
    shift 2
    curl -s -o "$out" -w '%{http_code}' "$@" "$URL$ep"
}
# is_error FILE STATUS CODE: a JSON error answer
is_error() {
    jt "$1" "d['status'] == $2 and d['error'] == '$3' and d['message']"
}

expect "bad --listen exits 2" \
    '"$BIN" serve --listen 0.0.0.0 > /dev/null 2>&1; [ $? = 2 ]'
expect "--listen never looks a name up" \
    '"$BIN" serve --listen example.com:80 > /dev/null 2>&1; [ $? = 2 ]'
expect "serve takes no paths" \
    '"$BIN" serve "$T" > /dev/null 2>&1; [ $? = 2 ]'
expect "--help describes serve, on loopback by default" \
    '"$BIN" --help | grep -q "serve" && "$BIN" --help | grep -q "127.0.0.1:8080"'

if ! start_server a -j 2 --today $TODAY --max-upload-mb 1 --max-files 3; then
    bad "the server starts"
    done_counts
    exit 1
fi
ok "the server starts and prints its address"
expect "it listens on loopback" 'case $URL in http://127.0.0.1:*) true ;; *) false ;; esac'

# ---- happy path ----
expect "GET /healthz" \
    '[ "$(curl -s -o "$T/h" -w "%{http_code}" "$URL/healthz")" = 200 ] &&
     [ "$(json "$T/h" "d[\"status\"]")" = ok ]'
expect "GET / is the page, with a CSP and nosniff" \
    'curl -s -D "$T/ph" -o "$T/p" "$URL/" &&
     grep -q "^HTTP/1.1 200" "$T/ph" &&
     grep -qi "^Content-Security-Policy: default-src .none." "$T/ph" &&
     grep -qi "^X-Content-Type-Options: nosniff" "$T/ph" &&
     grep -q "type=\"file\"" "$T/p"'
st=$(post /v1/check "$T/c1" -F "file=@$T/grey.jpg" -F type=backdrop-photo)
expect "POST /v1/check answers 200" '[ "$st" = 200 ]'
"$BIN" check --format json --type backdrop-photo --today $TODAY "$T/grey.jpg" \
    > "$T/cli.json" 2> /dev/null
same_record() { # the file record of two documents, without timings and stat
    $PY - "$1" "$2" <<'PY'
import json, sys
def rec(p):
    r = json.load(open(p))["files"][0]
    for k in ("ms", "size", "mtime", "path"):
        r.pop(k, None)
    return r
sys.exit(0 if rec(sys.argv[1]) == rec(sys.argv[2]) else 1)
PY
}
expect "the file record is check --format json's" 'same_record "$T/c1" "$T/cli.json"'
check "the document has files, applications and summary" "$T/c1" \
    'sorted(d) == ["applications", "files", "summary"] and
     d["summary"]["files"] == 1 and d["files"][0]["path"] == "grey.jpg"'
post /v1/check "$T/c2" -F "file=@$T/grey.jpg" -F type=backdrop-photo -F lang=en > /dev/null
# No Chinese character in any message.
ENGLISH='not any("\u4e00" <= c <= "\u9fff" for f in d["files"][0]["findings"] for c in f["message"])'
expect "lang=en gives English messages, Chinese by default" \
    'jt "$T/c2" "$ENGLISH" && ! jt "$T/c1" "$ENGLISH"'
st=$(post /v1/applications "$T/a1" -F "file=@$T/grey.jpg" -F "file=@$T/tiny.png" \
    -F type=backdrop-photo -F entity=personal)
expect "POST /v1/applications answers 200" '[ "$st" = 200 ]'
check "... with the files and the application record" "$T/a1" \
    'len(d["files"]) == 2 and d["applications"][0]["kind"] == "application"
     and d["applications"][0]["files"] == 2
     and d["applications"][0]["entity"] == "personal"
     and "app.missing_material" in
         [f["rule"] for f in d["applications"][0]["findings"]]'
post /v1/check "$T/t1" -F "file=@$T/grey.jpg" -F "file=@$T/tiny.png" \
    -F type=backdrop-photo -F thumbnails=1 > /dev/null
check "thumbnails=1: a data URI per readable file, beside the files" "$T/t1" \
    'len(d["thumbnails"]) == 2 and
     d["thumbnails"][0].startswith("data:image/jpeg;base64,") and
     d["thumbnails"][1] is None'
check "no thumbnails unless asked" "$T/c1" '"thumbnails" not in d'
post /v1/check "$T/n1" -F "file=@$T/grey.jpg;filename=../../etc/evil.jpg" \
    -F "file=@$T/tiny.png;filename=C:\\x\\y.png" -F type=backdrop-photo > /dev/null
check "a client's file name is only a name" "$T/n1" \
    '[f["path"] for f in d["files"]] == ["evil.jpg", "y.png"]'
post /v1/check "$T/u1" -F "file=@$T/notes.txt" > /dev/null
check "not an image: input.unreadable, verdict error" "$T/u1" \
    'd["files"][0]["verdict"] == "error" and
     d["files"][0]["findings"][0]["rule"] == "input.unreadable"'

# ---- every error status ----
expect "404 for an unknown path" \
    '[ "$(curl -s -o "$T/e" -w "%{http_code}" "$URL/etc/passwd")" = 404 ] && is_error "$T/e" 404 not_found'
expect "405 for GET /v1/check" \
    '[ "$(curl -s -o "$T/e" -w "%{http_code}" "$URL/v1/check")" = 405 ] && is_error "$T/e" 405 method_not_allowed'
expect "405 for DELETE /" \
    '[ "$(curl -s -o "$T/e" -w "%{http_code}" -X DELETE "$URL/")" = 405 ]'
expect "415 for a body that is not multipart/form-data" \
    '[ "$(post /v1/check "$T/e" -H "Content-Type: image/jpeg" --data-binary "@$T/grey.jpg")" = 415 ] &&
     is_error "$T/e" 415 unsupported_media_type'
expect "415 for a urlencoded form" \
    '[ "$(post /v1/check "$T/e" -d type=passport)" = 415 ]'
expect "411 for a body without a length" \
    '[ "$(post /v1/check "$T/e" -H "Transfer-Encoding: chunked" -F "file=@$T/grey.jpg")" = 411 ] &&
     is_error "$T/e" 411 length_required'
head -c 1200000 /dev/urandom > "$T/big.bin"
expect "413 for an upload over --max-upload-mb" \
    '[ "$(post /v1/check "$T/e" -F "file=@$T/big.bin")" = 413 ] && is_error "$T/e" 413 too_large'
expect "413 for more files than --max-files" \
    '[ "$(post /v1/check "$T/e" -F "file=@$T/tiny.png" -F "file=@$T/tiny.png" \
        -F "file=@$T/tiny.png" -F "file=@$T/tiny.png")" = 413 ] && is_error "$T/e" 413 too_many_files'
for f in "today=2026-02-30" "type=selfie" "entity=company" "lang=fr" \
    "min-validity-months=999" "thumbnails=yes" "path=/etc/passwd"; do
    expect "400 for the field $f" \
        '[ "$(post /v1/check "$T/e" -F "file=@$T/tiny.png" -F "$f")" = 400 ] && is_error "$T/e" 400 bad_field'
done
expect "400 for a field value over 64 bytes" \
    '[ "$(post /v1/check "$T/e" -F "file=@$T/tiny.png" -F "today=$(printf "%0100d" 0)")" = 400 ]'
expect "400 for a form without a file" \
    '[ "$(post /v1/check "$T/e" -F lang=en)" = 400 ] && is_error "$T/e" 400 no_files'
expect "400 for a multipart body without a boundary" \
    '[ "$(post /v1/check "$T/e" -H "Content-Type: multipart/form-data" --data-binary x)" = 400 ]'
expect "the server still answers after the errors" \
    '[ "$(curl -s -o /dev/null -w "%{http_code}" "$URL/healthz")" = 200 ]'

# ---- concurrent clients, each its own answer ----
i=0 pids=""
for spec in grey:zh tiny:en notes:zh grey:en tiny:zh grey:zh notes:en tiny:en; do
    i=$((i + 1))
    name=${spec%%:*} lang=${spec#*:}
    ext=jpg
    [ "$name" = tiny ] && ext=png
    [ "$name" = notes ] && ext=txt
    curl -s -o "$T/cc$i.json" -w '%{http_code}' -F "file=@$T/$name.$ext;filename=c$i-$name.$ext" \
        -F type=backdrop-photo -F lang="$lang" "$URL/v1/check" > "$T/cc$i.status" &
    pids="$pids $!"
done
wait $pids # not the server
i=0 right=0
for spec in grey:zh tiny:en notes:zh grey:en tiny:zh grey:zh notes:en tiny:en; do
    i=$((i + 1))
    name=${spec%%:*} lang=${spec#*:}
    case $name in
    grey) want="fail" ;; *) want="error" ;;
    esac
    english=True
    [ "$lang" = zh ] && english=False
    if [ "$(cat "$T/cc$i.status")" = 200 ] &&
        jt "$T/cc$i.json" "d['files'][0]['path'].startswith('c$i-$name.') and
            d['files'][0]['verdict'] == '$want' and
            ($ENGLISH) == $english"; then
        right=$((right + 1))
    else
        echo "  client $i ($spec): $(head -c 300 "$T/cc$i.json")"
    fi
done
expect "8 concurrent clients each get their own right answer" '[ $right = 8 ]'
stop_server
expect "the server stops cleanly on SIGTERM" '[ "$STOPPED" = 0 ]'

# ---- a full queue: 503 ----
if start_server q -j 1 --queue 1 --today $TODAY; then
    curl -s -o "$T/q1" -w '%{http_code}' -F "file=@$T/slow.jpg" "$URL/v1/check" > "$T/q1.status" &
    qpid=$!
    i=0
    while [ $i -lt 200 ]; do
        curl -s -o "$T/hq" "$URL/healthz"
        [ "$(json "$T/hq" 'd["in_flight"]')" = 1 ] && break
        sleep 0.05
        i=$((i + 1))
    done
    curl -s -D "$T/q2h" -o "$T/q2" "$URL/v1/check" -F "file=@$T/tiny.png" > /dev/null
    expect "503 with Retry-After when the queue is full" \
        'grep -q "^HTTP/1.1 503" "$T/q2h" && grep -qi "^Retry-After:" "$T/q2h" && is_error "$T/q2" 503 busy'
    wait $qpid
    expect "the request in the queue is still answered" \
        '[ "$(cat "$T/q1.status")" = 200 ] && [ "$(json "$T/q1" "len(d[\"files\"])")" = 1 ]'
    expect "the queue takes requests again" \
        '[ "$(post /v1/check "$T/q3" -F "file=@$T/tiny.png")" = 200 ]'
    stop_server
    expect "stop after the queue test" '[ "$STOPPED" = 0 ]'
else
    bad "the server starts with --queue 1"
fi

# ---- a request timeout: 503 ----
if start_server t -j 1 --request-timeout 0.2 --today $TODAY; then
    pids=""
    for i in 1 2 3 4; do
        curl -s -o "$T/to$i" -w '%{http_code}' -F "file=@$T/slow.jpg" \
            "$URL/v1/check" > "$T/to$i.status" &
        pids="$pids $!"
    done
    wait $pids
    n503=0 n200=0
    for i in 1 2 3 4; do
        case $(cat "$T/to$i.status") in
        503) is_error "$T/to$i" 503 timeout && n503=$((n503 + 1)) ;;
        200) [ "$(json "$T/to$i" "len(d[\"files\"])")" = 1 ] && n200=$((n200 + 1)) ;;
        esac
    done
    expect "requests that waited past --request-timeout get 503 timeout" \
        '[ $n503 -ge 1 ] && [ $((n503 + n200)) = 4 ]'
    stop_server
    expect "stop after the timeout test" '[ "$STOPPED" = 0 ]'
else
    bad "the server starts with --request-timeout"
fi
done_counts
