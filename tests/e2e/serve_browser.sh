#!/bin/sh
# The upload page of icpcheck serve in headless Chromium: the page loads
# under its Content-Security-Policy, a file put in its file input is
# checked, and the page shows the verdict, the annotated thumbnail and the
# finding messages that the API gives for the same file, in both languages.
. "$(dirname "$0")/serve_helpers.inc"
CHROMIUM=$(command -v chromium || command -v chromium-browser)
if [ -z "$CHROMIUM" ]; then
    echo "skip: no chromium (make deps-test installs it)"
    ok "skipped: no chromium"
    done_counts
    exit 0
fi
make_images

if ! start_server page -j 2 --today 2026-11-24; then
    bad "the server starts"
    done_counts
    exit 1
fi
curl -s -o "$T/api.json" -F "file=@$T/grey.jpg" -F lang=zh "$URL/v1/check"
for lang in zh en; do
    $PY "$(dirname "$0")/serve_browser.py" "$CHROMIUM" "$URL/" "$T/grey.jpg" \
        "$lang" "$T/profile-$lang" > "$T/page-$lang.json" 2> "$T/page-$lang.err"
    echo "  $lang: $(head -c 600 "$T/page-$lang.json")"
    check "$lang: the page loads" "$T/page-$lang.json" 'd["loaded"]'
    check "$lang: the page shows the file's verdict, as the API gives it" "$T/page-$lang.json" \
        "d['shown'] and d['shown']['name'] == 'grey.jpg' and
         d['shown']['verdict'] == '$(json "$T/api.json" 'd["files"][0]["verdict"]')'"
    check "$lang: the annotated thumbnail is shown" "$T/page-$lang.json" 'd["shown"]["thumb"]'
    check "$lang: every finding's rule and message is shown" "$T/page-$lang.json" \
        "d['shown']['rules'] == $(json "$T/api.json" '[f["rule"] for f in d["files"][0]["findings"]]') and
         all(m for m in d['shown']['messages'])"
done
check "zh: Chinese labels and messages" "$T/page-zh.json" \
    'd["shown"]["label"] == "不通过" and "预检" in d["shown"]["title"] and
     d["shown"]["messages"][0] == '"$(json "$T/api.json" 'repr(d["files"][0]["findings"][0]["message"])')"
check "en: English labels and messages" "$T/page-en.json" \
    'd["shown"]["label"] == "fail" and "pre-check" in d["shown"]["title"] and
     not any("\u4e00" <= c <= "\u9fff" for m in d["shown"]["messages"] for c in m)'
stop_server
expect "the server stops cleanly" '[ "$STOPPED" = 0 ]'
done_counts
