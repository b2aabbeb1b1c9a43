"""Compares icpcheck's JSON lines with the generator's manifest: a photo is
right when its verdict matches and every expected rule appears.
Usage: backdrop_score.py MANIFEST RESULTS MIN_ACCURACY"""
import json
import os
import sys


def main():
    truth = {}
    with open(sys.argv[1]) as f:
        for line in f:
            t = json.loads(line)
            truth[t["file"]] = t
    right = wrong = 0
    with open(sys.argv[2]) as f:
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
            if r["verdict"] == exp["verdict"] and not missing:
                right += 1
                print("ok   %s" % r["path"])
            else:
                wrong += 1
                print("FAIL %s: verdict %s (expected %s), rules %s, missing %s" % (
                    os.path.basename(r["path"]), r["verdict"], exp["verdict"],
                    sorted(got), missing))
    wrong += len(truth)
    for name in truth:
        print("FAIL %s: no result" % name)
    total = right + wrong
    acc = right / total if total else 0
    print("accuracy %.1f%% (%d of %d)" % (100 * acc, right, total))
    ok = total > 0 and acc >= float(sys.argv[3])
    print("# %d passed, %d failed" % (1 if ok else 0, 0 if ok else 1))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
