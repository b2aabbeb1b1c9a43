#!/usr/bin/python3
"""Scores icpcheck's JSONL output against an icpgen manifest.

usage: score.py MANIFEST RESULTS.jsonl --what type|verdict [--min-rate R]
       [--types t1,t2]

Prints one line per type (right / total and the misses), then the line
`# N passed, N failed` that tests/run-tests.sh reads: one check per type,
passed when the type's rate reaches --min-rate. With --what verdict a
document also fails its check when an expired document passes.
"""
import argparse
import json
import os
import sys


def load_results(path):
    by_path = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if rec.get("kind") == "file":
                # Records carry the paths as given (relative when the
                # build folder was named relatively); the manifest's are
                # made absolute, so these are too.
                by_path[os.path.abspath(rec["path"])] = rec
    return by_path


def rules_of(rec):
    return {f["rule"] for f in rec.get("findings", [])}


def judge(case, rec, what):
    """(right, note) for one image."""
    if rec is None:
        return False, "no record"
    if what == "type":
        return rec["type"] == case["type"], rec["type"]
    want = case["expect"]
    missing = set(want.get("rules", [])) - rules_of(rec)
    ok = rec["verdict"] == want["verdict"] and not missing
    return ok, "%s %s" % (rec["verdict"], sorted(rules_of(rec)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("manifest")
    ap.add_argument("results")
    ap.add_argument("--what", choices=["type", "verdict"], default="type")
    ap.add_argument("--min-rate", type=float, default=0.95)
    ap.add_argument("--types", default="")
    a = ap.parse_args()
    base = os.path.dirname(os.path.abspath(a.manifest))
    results = load_results(a.results)
    wanted = set(filter(None, a.types.split(",")))
    per_type = {}
    unsafe = []
    with open(a.manifest, encoding="utf-8") as f:
        for line in f:
            case = json.loads(line)
            if wanted and case["type"] not in wanted:
                continue
            path = os.path.normpath(os.path.join(base, case["path"]))
            rec = results.get(path)
            ok, note = judge(case, rec, a.what)
            t = per_type.setdefault(case["type"], [0, 0, []])
            t[0] += ok
            t[1] += 1
            if not ok:
                t[2].append("%s: %s" % (os.path.basename(path), note))
            if (a.what == "verdict" and rec is not None
                    and case["case"] == "expired" and rec["verdict"] == "pass"):
                unsafe.append(path)
    passed = failed = 0
    for t in sorted(per_type):
        right, total, misses = per_type[t]
        rate = right / total if total else 0
        good = rate >= a.min_rate
        passed += good
        failed += not good
        print("%s %-20s %d/%d right (%.1f%%)" % (
            "ok  " if good else "FAIL", t, right, total, 100 * rate))
        for m in misses:
            print("       miss %s" % m)
    for p in unsafe:
        print("FAIL expired document passed: %s" % p)
    failed += len(unsafe) > 0
    print("# %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
