#!/bin/sh
# Self-check of the test-image generator (tools/gen/icpgen.py): manifest
# records are well-formed, the check characters in the truth verify (by an
# independent implementation below), the expected verdicts follow the
# 3-month rule, EXIF orientation and capture date are there where claimed,
# and the same seed gives byte-identical files.  Works in a temp dir only.
ROOT=${ICP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
PY=${ICP_PYTHON:-/usr/bin/python3}
GEN="$ROOT/tools/gen/icpgen.py"
TODAY=2026-11-24
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
no() { fail=$((fail + 1)); echo "not ok - $1"; }
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM

if ! "$PY" -c 'import PIL, numpy, qrcode' 2>/dev/null; then
    no "python3-pil, python3-numpy, python3-qrcode are missing: run make deps-test"
    echo "# $pass passed, $fail failed"; exit 1
fi

# Five per type covers every case of the document types once; the second
# run, for determinism, repeats two types.
gen() { # name, extra options
    name=$1; shift
    if "$PY" "$GEN" --out "$TMP/$name" --seed 7 --count 5 --size small \
        --today $TODAY "$@" 2>"$TMP/$name.log"; then
        ok "icpgen run $name"
    else
        no "icpgen run $name: $(tail -n 3 "$TMP/$name.log")"
    fi
}
gen a
gen b --types id-card-back,business-license
"$PY" "$GEN" --out "$TMP/s" --seed 7 --count 1 --size scan --types id-card-back \
    2>"$TMP/s.log" && ok "icpgen scan size" || no "icpgen scan size"

# Same seed, same bytes (manifest lines included).
sort "$TMP/b/manifest.jsonl" > "$TMP/b.sorted"
grep -Fxf "$TMP/b/manifest.jsonl" "$TMP/a/manifest.jsonl" | sort > "$TMP/a.sorted"
if (cd "$TMP/b" && find . -name '*.jpg' | sort | xargs sha256sum) > "$TMP/b.sums" &&
   [ "$(wc -l < "$TMP/b.sums")" -eq 10 ] &&
   (cd "$TMP/a" && sha256sum -c --quiet "$TMP/b.sums") >/dev/null 2>&1 &&
   cmp -s "$TMP/a.sorted" "$TMP/b.sorted"
then ok "same seed gives byte-identical files"
else no "same seed gives different files"; fi

if command -v exiftool >/dev/null 2>&1; then
    exiftool -json -n -r -Orientation -DateTimeOriginal -Make "$TMP/a" > "$TMP/exif.json" 2>/dev/null
else
    echo '[]' > "$TMP/exif.json"; no "exiftool missing (libimage-exiftool-perl)"
fi

# The per-record checks, in an independent implementation.
"$PY" - "$TMP/a" "$TMP/exif.json" $TODAY <<'PYEOF' > "$TMP/checks.out"
import calendar, datetime as dt, json, os, sys
from PIL import Image, ImageOps
out, exif_path, today = sys.argv[1], sys.argv[2], dt.date.fromisoformat(sys.argv[3])
exif = {os.path.relpath(e["SourceFile"], out): e for e in json.load(open(exif_path))}

def say(good, what):
    print(("ok - " if good else "not ok - ") + what)

def gb11643(n):
    w = [2 ** (17 - i) % 11 for i in range(17)]          # 7 9 10 5 8 4 2 1 6 3 ...
    return "10X98765432"[sum(int(c) * k for c, k in zip(n, w)) % 11] == n[17]

def icao(field):
    v = lambda c: int(c) if c.isdigit() else 0 if c == "<" else ord(c) - 55
    return str(sum(v(c) * (7, 3, 1)[i % 3] for i, c in enumerate(field)) % 10)

def td3(l2):
    return all(icao(l2[a:b]) == l2[b] for a, b in ((0, 9), (13, 19), (21, 27), (28, 42))) \
        and icao(l2[0:10] + l2[13:20] + l2[21:43]) == l2[43]

def gb32100(c):
    cs = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    w = [3 ** i % 31 for i in range(17)]                  # 1 3 9 27 19 26 ...
    org = c[8:17]
    ow = (3, 7, 9, 10, 5, 8, 4, 2)
    val = lambda ch: int(ch) if ch.isdigit() else ord(ch) - 55
    oc = 11 - sum(val(ch) * k for ch, k in zip(org, ow)) % 11
    return len(c) == 18 and all(ch in cs for ch in c) and \
        cs[(31 - sum(cs.index(ch) * k for ch, k in zip(c, w)) % 31) % 31] == c[17] and \
        {10: "X", 11: "0"}.get(oc, str(oc)) == org[8]

def plus_months(d, m):
    y, mo = divmod(d.month - 1 + m, 12)
    y += d.year
    return dt.date(y, mo + 1, min(d.day, calendar.monthrange(y, mo + 1)[1]))

BREAK = {"bad-check": ("doc.id_number_invalid", "doc.mrz_invalid"), "bad-uscc": ("doc.uscc_invalid",)}
records = [json.loads(l) for l in open(os.path.join(out, "manifest.jsonl"), encoding="utf-8")]
say(len(records) >= 5, f"manifest has {len(records)} records")
seen = set()
for r in records:
    name = r.get("path", "?")
    keys = {"path", "type", "case", "expect", "variant"} <= set(r)
    e = r.get("expect", {})
    keys = keys and e.get("verdict") in ("pass", "warn", "fail") and \
        isinstance(e.get("rules"), list) and isinstance(e.get("fields"), dict)
    say(keys and os.path.isfile(os.path.join(out, name)), f"{name}: record well-formed")
    if not keys:
        continue
    seen.add(r["type"])
    f, case, t = e["fields"], r["case"], r["type"]
    say((e["verdict"] == "pass") == (not e["rules"]), f"{name}: verdict agrees with rules")
    if "id_number" in f:
        good = gb11643(f["id_number"]) and f["id_number"][6:14] == f["birth_date"].replace("-", "")
        say(good == (case != "bad-check"), f"{name}: GB 11643 check as the case says")
    if "mrz" in f:
        l1, l2 = f["mrz"]
        say(len(l1) == 44 and len(l2) == 44 and td3(l2) == (case != "bad-check"),
            f"{name}: TD3 MRZ check digits as the case says")
        yymmdd = f["valid_until"][2:4] + f["valid_until"][5:7] + f["valid_until"][8:10]
        say(l2[21:27] == yymmdd, f"{name}: MRZ expiry matches valid_until")
    if "uscc" in f:
        say(gb32100(f["uscc"]) == (case != "bad-uscc"), f"{name}: GB 32100 check as the case says")
        # A bad-uscc licence's QR may carry the right code: only the print's
        # check character is wrong then.
        qr = f.get("qr_text", "")
        qcode = qr.rsplit("=", 1)[-1]
        say(f["uscc"] in qr or (case == "bad-uscc" and qcode[:17] == f["uscc"][:17]
                                and gb32100(qcode)),
            f"{name}: QR text carries the code (or, bad-uscc, the right one)")
    vu = f.get("valid_until")
    if vu and case not in BREAK and case != "inconsistent":
        if vu == "long-term":
            want = []
        else:
            d = dt.date.fromisoformat(vu)
            # expired: before today (DESIGN.md); ending today is too soon
            want = ["doc.expired"] if d < today else \
                ["doc.expiry_too_soon"] if d <= plus_months(today, 3) else []
        say(e["rules"] == want, f"{name}: rules {e['rules']} follow the 3-month rule")
    if t == "id-card-back" and vu and vu != "long-term":
        a, b = dt.date.fromisoformat(f["valid_from"]), dt.date.fromisoformat(vu)
        real = (a.month, a.day) == (b.month, b.day) and b.year - a.year in (5, 10, 20)
        say(real == (case != "inconsistent") and a <= today,
            f"{name}: ID card span {a} to {b} as the case says")
    if case in BREAK:
        say(any(x in e["rules"] for x in BREAK[case]), f"{name}: broken check is expected")
    v = r["variant"]
    img = Image.open(os.path.join(out, name))
    say(img.format == "JPEG", f"{name}: is a JPEG")
    up = ImageOps.exif_transpose(img)
    if "frame" in v:
        say(list(up.size) == v["frame"], f"{name}: upright size {up.size} is the frame")
    if "quad" in v:
        inside = all(0 <= px <= v["frame"][0] and 0 <= py <= v["frame"][1] for px, py in v["quad"])
        say(inside and 0.15 <= v["fill"] <= 0.72,
            f"{name}: document inside the frame, fill {v['fill']}")
    x = exif.get(name, {})
    claim = v.get("exif")
    if claim:
        say(x.get("Orientation") == claim["orientation"] == v["exif_orientation"],
            f"{name}: EXIF Orientation {x.get('Orientation')} as claimed")
        want = (claim["datetime_original"] or "").replace("-", ":") or None
        say(x.get("DateTimeOriginal") == want, f"{name}: EXIF DateTimeOriginal as claimed")
    else:
        say("DateTimeOriginal" not in x, f"{name}: no capture date, as claimed")
for t in ("id-card-front", "id-card-back", "passport", "hkmo-permit", "tw-permit",
          "business-license", "domain-certificate"):
    say(t in seen, f"type {t} generated")
PYEOF
while IFS= read -r line; do
    case $line in
        "ok - "*) pass=$((pass + 1)) ;;
        "not ok - "*) fail=$((fail + 1)); echo "$line" ;;
    esac
done < "$TMP/checks.out"
[ -s "$TMP/checks.out" ] || no "record checks did not run"
echo "# $pass passed, $fail failed"
[ "$fail" -eq 0 ]
