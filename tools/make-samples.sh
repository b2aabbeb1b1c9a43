#!/bin/sh
# Regenerates samples/: two small example applications that `make run` and
# the golden tests check.  Each line of the plan below is one file:
#   application  file-name  type  case  seed
# Types the generator does not know (yet) are skipped with a note.  Files are
# small phone photos (1280 px long side, JPEG quality 80: the folder stays
# under 2 MB).  Prints each file's
# expected verdict and rules (the truth from the generator's manifest).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=${ICP_PYTHON:-/usr/bin/python3}
GEN="$ROOT/tools/gen/icpgen.py"
# Committed samples must not carry the real portraits of ../shared/data
# (not ours to copy): point the generator away so it draws its people.
export ICP_SHARED=/nonexistent
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM

PLAN='personal-pass id-card-front-valid id-card-front valid 101
personal-pass id-card-back-valid id-card-back valid 102
personal-pass domain-certificate-valid domain-certificate valid 103
personal-pass checklist-signed checklist signed 104
personal-pass backdrop-photo backdrop-photo good 105
organisation-fail business-license-expiring-soon business-license too-soon 201
organisation-fail legal-rep-id-card-back-expired id-card-back expired 202
organisation-fail website-lead-passport-bad-mrz passport bad-check 203
organisation-fail hkmo-permit-valid hkmo-permit valid 204
organisation-fail tw-permit-expired tw-permit expired 205
organisation-fail checklist-without-seal checklist no-seal 206'

known=$("$PY" "$GEN" --list)
rm -rf "$ROOT/samples/personal-pass" "$ROOT/samples/organisation-fail"
echo "$PLAN" | while read -r app name type case seed; do
    cases=$(echo "$known" | awk -v t="$type" '$1 == t')
    if [ -z "$cases" ] || ! echo " $cases " | grep -q " $case "; then
        echo "make-samples: skipping $app/$name: no '$type' case '$case' in the generator" >&2
        continue
    fi
    out="$TMP/$app-$name"
    "$PY" "$GEN" --out "$out" --seed "$seed" --count 1 --types "$type" --cases "$case" \
        --size small --quality 80 --max-side 1280 2>/dev/null
    mkdir -p "$ROOT/samples/$app"
    mv "$out/$type/$type-$seed-0-$case.jpg" "$ROOT/samples/$app/$name.jpg"
    "$PY" -c 'import json, sys
r = json.loads(open(sys.argv[1], encoding="utf-8").readline())
e = r["expect"]
print("%-58s %-5s %s" % (sys.argv[2], e["verdict"], " ".join(e["rules"])))' \
        "$out/manifest.jsonl" "samples/$app/$name.jpg"
done
du -sh "$ROOT/samples" | sed 's/^/make-samples: total /' >&2
