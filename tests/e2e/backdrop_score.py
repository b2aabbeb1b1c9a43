"""Compares icpcheck's JSON lines with icpgen's manifest: a photo is right
when its verdict matches, every expected rule appears and, when the
type is given, the classified type is that one.  Prints each photo, the errors by
case and the accuracy, then the `# N passed, N failed` line.
Usage: backdrop_score.py MANIFEST RESULTS MIN_ACCURACY [TYPE]"""
import collections
import json
import os
import sys


def main():
    truth = {}
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)
            truth[os.path.basename(t["path"])] = t
    right = wrong = 0
    by_case = collections.Counter()
    errors = collections.Counter()
    with open(sys.argv[2], encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r.get("kind") != "file":
                continue
            t = truth.pop(os.path.basename(r["path"]), None)
            if t is None:
                continue
            got = {x["rule"] for x in r["findings"]}
            exp = t["expect"]
            missing = [x for x in exp["rules"] if x not in got]
            want_type = sys.argv[4] if len(sys.argv) > 4 else None
            type_ok = want_type is None or r.get("type") == want_type
            by_case[t["case"]] += 1
            if r["verdict"] == exp["verdict"] and not missing and type_ok:
                right += 1
                print("ok   %s" % os.path.basename(r["path"]))
            else:
                wrong += 1
                errors[t["case"]] += 1
                print("FAIL %s: type %s, verdict %s (expected %s), rules %s, missing %s" % (
                    os.path.basename(r["path"]), r.get("type"), r["verdict"],
                    exp["verdict"], sorted(got), missing))
    for name, t in truth.items():
        wrong += 1
        errors[t["case"]] += 1
        print("FAIL %s: no result" % name)
    total = right + wrong
    acc = right / total if total else 0
    print("errors by case: %s" % (", ".join(
        "%s %d/%d" % (c, errors[c], by_case[c] or errors[c]) for c in sorted(errors)) or "none"))
    print("accuracy %.1f%% (%d of %d)" % (100 * acc, right, total))
    ok = total > 0 and acc >= float(sys.argv[3])
    print("# %d passed, %d failed" % (1 if ok else 0, 0 if ok else 1))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
