"""Drives headless Chromium over the DevTools protocol on a pipe (no
network client, no extra package): opens the upload page of icpcheck
serve, puts a file in its file input as a person would choose it, and
prints what the page then shows as JSON.

usage: serve_browser.py CHROMIUM URL FILE LANG PROFILE_DIR
"""
import json
import os
import subprocess
import sys
import time

chromium, url, upload, lang, profile = sys.argv[1:6]

# fds 3 and 4 of the browser: our write end and read end.
to_browser_r, to_browser_w = os.pipe()
from_browser_r, from_browser_w = os.pipe()


def child_fds():
    # The pipes are close-on-exec, and may sit at 3 or 4 themselves: copy
    # them out of the way first; the copies at 3 and 4 are inherited.
    r, w = os.dup(to_browser_r), os.dup(from_browser_w)
    os.dup2(r, 3)
    os.dup2(w, 4)


proc = subprocess.Popen(
    [chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
     "--remote-debugging-pipe", "--user-data-dir=" + profile,
     "--no-first-run", "--no-default-browser-check", "about:blank"],
    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
    stderr=None if os.environ.get("ICP_DEBUG_BROWSER") else subprocess.DEVNULL, preexec_fn=child_fds, close_fds=False)
os.close(to_browser_r)
os.close(from_browser_w)
buf = b""
next_id = 0


def send(method, params=None, session=None):
    global next_id, buf
    next_id += 1
    msg = {"id": next_id, "method": method, "params": params or {}}
    if session:
        msg["sessionId"] = session
    os.write(to_browser_w, json.dumps(msg).encode() + b"\0")
    while True:
        while b"\0" not in buf:
            chunk = os.read(from_browser_r, 65536)
            if not chunk:
                raise SystemExit("the browser went away")
            buf += chunk
        raw, buf = buf.split(b"\0", 1)
        reply = json.loads(raw)
        if reply.get("id") == next_id:
            if "error" in reply:
                raise SystemExit("%s: %s" % (method, reply["error"]))
            return reply.get("result", {})


def evaluate(session, expr):
    r = send("Runtime.evaluate", {"expression": expr, "returnByValue": True},
             session)
    return r.get("result", {}).get("value")


def wait_for(session, expr, seconds):
    end = time.time() + seconds
    while time.time() < end:
        v = evaluate(session, expr)
        if v:
            return v
        time.sleep(0.2)
    return None


try:
    target = send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = send("Target.attachToTarget",
                   {"targetId": target, "flatten": True})["sessionId"]
    send("Page.enable", {}, session)
    send("Runtime.enable", {}, session)
    # The page speaks the browser's language unless the address says.
    send("Page.navigate", {"url": url + "?lang=" + lang}, session)
    loaded = wait_for(session, "document.readyState === 'complete' && "
                      "!!document.getElementById('files')", 30)
    root = send("DOM.getDocument", {}, session)["root"]["nodeId"]
    node = send("DOM.querySelector", {"nodeId": root,
                                      "selector": "input[type=file]"},
                session)["nodeId"]
    send("DOM.setFileInputFiles", {"files": [upload], "nodeId": node}, session)
    shown = wait_for(session, """(function () {
        var r = document.querySelector('#results .result');
        if (!r) return document.getElementById('status').className === 'error'
            ? {error: document.getElementById('status').textContent} : null;
        var img = r.querySelector('img.thumb');
        return {
          verdict: r.getAttribute('data-verdict'),
          label: r.querySelector('.verdict').textContent,
          name: r.querySelector('.name').textContent,
          thumb: !!img && img.complete && img.naturalWidth > 0,
          rules: Array.from(r.querySelectorAll('li.finding')).map(function (li) {
            return li.getAttribute('data-rule'); }),
          messages: Array.from(r.querySelectorAll('li.finding .message')).map(
            function (m) { return m.textContent; }),
          title: document.getElementById('title').textContent,
          status: document.getElementById('status').textContent
        };
      })()""", 120)
    print(json.dumps({"loaded": bool(loaded), "shown": shown},
                     ensure_ascii=False))
finally:
    try:
        send("Browser.close")
    except BaseException:
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
