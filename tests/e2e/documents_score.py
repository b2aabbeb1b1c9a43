"""Scores icpcheck's records (JSON lines on stdin) against a generator
manifest: per type, the verdict and fields.valid_until, and expired documents
that passed. Usage: documents_score.py MANIFEST OUT_DIR MIN_VERDICT MIN_UNTIL"""
import json
import os
import sys

manifest, base = sys.argv[1], sys.argv[2]
min_verdict, min_until = float(sys.argv[3]), float(sys.argv[4])
floors = {}
if len(sys.argv) > 5 and sys.argv[5]:
    for item in sys.argv[5].split(","):
        name, pair = item.split("=")
        v, u = pair.split("/")
        floors[name] = (float(v), float(u))
truth = {}
with open(manifest, encoding="utf-8") as f:
    for line in f:
        rec = json.loads(line)
        truth[os.path.normpath(os.path.join(base, rec["path"]))] = rec
stats = {}
for line in sys.stdin:
    line = line.strip()
    if not line.startswith("{"):
        continue
    got = json.loads(line)
    if got.get("kind") != "file":
        continue
    rec = truth.get(os.path.normpath(got["path"]))
    if not rec:
        continue
    s = stats.setdefault(rec["type"], {"n": 0, "verdict": 0, "until": 0,
                                       "n_until": 0, "expired_pass": 0})
    s["n"] += 1
    exp = rec["expect"]
    rules = {f["rule"] for f in got.get("findings", [])}
    ok = got["verdict"] == exp["verdict"] and set(exp["rules"]) <= rules
    s["verdict"] += ok
    want = exp["fields"].get("valid_until")
    if want is not None:
        s["n_until"] += 1
        s["until"] += got.get("fields", {}).get("valid_until") == want
    if "doc.expired" in exp["rules"] and got["verdict"] == "pass":
        s["expired_pass"] += 1
    if not ok or (want is not None and
                  got.get("fields", {}).get("valid_until") != want):
        print("  miss %s: verdict %s (want %s) until %s (want %s) rules %s" %
              (rec["path"], got["verdict"], exp["verdict"],
               got.get("fields", {}).get("valid_until"), want,
               sorted(rules)))
passed = failed = 0
for t in sorted(stats):
    s = stats[t]
    v = s["verdict"] / s["n"]
    u = s["until"] / s["n_until"] if s["n_until"] else 1.0
    fv, fu = floors.get(t, (min_verdict, min_until))
    good = v >= fv - 1e-9 and u >= fu - 1e-9 and s["expired_pass"] == 0
    print("%s %-20s %3d images: verdict %5.1f %% (floor %.0f %%), "
          "valid_until %5.1f %% (floor %.0f %%, %d with a date), "
          "expired passed %d" %
          ("ok  " if good else "FAIL", t, s["n"], 100 * v, 100 * fv,
           100 * u, 100 * fu, s["n_until"], s["expired_pass"]))
    passed += good
    failed += not good
print("# %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
