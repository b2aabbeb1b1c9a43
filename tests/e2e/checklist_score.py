#!/usr/bin/python3
"""Scores icpcheck's checklist records against the generator's manifests.

checklist_score.py MIN_SHARE RESULTS.jsonl MANIFEST.jsonl...
Each manifest's paths are relative to its folder; a record matches by the
path the checker printed.  Prints one line per wrong verdict, the accuracy
and per-case errors, then the test lines; exits 1 when fewer than MIN_SHARE
of the verdicts are right or a blue-ink or unsigned form passes.
"""
import collections
import json
import os
import sys


def load_records(path):
    """{absolute path: file record} of a JSONL results file."""
    out = {}
    for line in open(path, encoding="utf-8"):
        if '"kind":"file"' in line.replace(" ", ""):
            r = json.loads(line)
            out[os.path.abspath(r["path"])] = r
    return out


def main(argv):
    least, records = float(argv[1]), load_records(argv[2])
    total = right = leaks = 0
    errors = collections.Counter()
    for manifest in argv[3:]:
        base = os.path.dirname(os.path.abspath(manifest))
        for line in open(manifest, encoding="utf-8"):
            m = json.loads(line)
            e, case = m["expect"], m["case"]
            rec = records.get(os.path.join(base, m["path"]), {})
            got = rec.get("verdict")
            rules = {f["rule"] for f in rec.get("findings", [])}
            total += 1
            if got == e["verdict"] and set(e["rules"]) <= rules:
                right += 1
            else:
                errors[case] += 1
                print(f"  wrong: {m['path']} ({case}) expected {e['verdict']} "
                      f"{e['rules']}, got {got} {sorted(rules)}")
            if case in ("blue", "blue-sealed", "red", "red-sealed", "unsigned") \
                    and got == "pass":
                leaks += 1
    share = right / total if total else 0
    print(f"  {right} of {total} verdicts right ({100 * share:.1f} %), errors by case: "
          f"{dict(errors) or 'none'}; {leaks} coloured-ink or unsigned passed")
    ok_acc, ok_leak = total > 0 and share >= least, leaks == 0
    print(("ok  " if ok_acc else "FAIL") + f" accuracy at least {100 * least:.0f} %")
    print(("ok  " if ok_leak else "FAIL") + " no coloured-ink or unsigned form passes")
    print(f"# {ok_acc + ok_leak} passed, {2 - ok_acc - ok_leak} failed")
    return 0 if ok_acc and ok_leak else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
