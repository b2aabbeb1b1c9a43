#!/usr/bin/python3
"""icpgen: generate test images of ICP filing materials with known truth.

  icpgen.py --out DIR --seed N --count K [--types t1,t2] [--size phone|scan|small]
            [--today YYYY-MM-DD] [--cases c1,c2] [--quality Q] [--max-side PX]
            [--first I]
  icpgen.py --list        each type and its cases, one type a line

For every material module in materials/ (see materials/__init__.py) whose
TYPE is selected, K images are written to DIR/<type>/<type>-<seed>-<i>-<case>.jpg
and one JSON line per image is appended to DIR/manifest.jsonl:
  {"path", "type", "case", "expect": {"verdict", "rules", "fields"}, "variant"}.
Cases: with K >= the number of (selected) cases each case appears once
first, then by the module's weights.  Output depends only on the arguments.

Optional truth key a material may set besides "expect" and "photo":
  "exif": {"DateTimeOriginal": "YYYY:MM:DD HH:MM:SS", "Make", "Model",
  "Software"} (any subset) or None for a photo without EXIF; without it
  the photo gets a capture time 0-20 days before today and a phone's name.
"""
import argparse
import datetime as dt
import importlib
import json
import pathlib
import random
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # never write inside the repository

from PIL import Image  # noqa: E402

import fake  # noqa: E402
import phone  # noqa: E402

CAMERAS = [("Apple", "iPhone 13"), ("Apple", "iPhone 15 Pro"), ("HUAWEI", "ALN-AL00"),
           ("Xiaomi", "23127PN0CC"), ("OPPO", "PHZ110"), ("vivo", "V2309A"),
           ("HONOR", "BVL-AN00"), ("samsung", "SM-S9180")]
DEFAULT_TODAY = "2026-11-24"
# The transpose that undoes phone.ORIENTATIONS[o].
UPRIGHT = {6: Image.Transpose.ROTATE_270, 3: Image.Transpose.ROTATE_180,
           8: Image.Transpose.ROTATE_90}


def load_materials():
    """{TYPE: module} for every module in materials/, in file-name order."""
    found = {}
    for path in sorted((HERE / "materials").glob("*.py")):
        if path.stem.startswith("_"):
            continue
        mod = importlib.import_module(f"materials.{path.stem}")
        if hasattr(mod, "TYPE") and hasattr(mod, "make"):
            found[mod.TYPE] = mod
    return found


def case_plan(rng, cases, count):
    """The case of each of count images: each case once, then by weight."""
    names = list(cases)
    plan = names[:count] if count >= len(names) else []
    while len(plan) < count:
        plan.append(rng.choices(names, weights=[cases[n] for n in names])[0])
    return plan


def exif_tags(rng, truth, today):
    """(DateTimeOriginal "YYYY:MM:DD HH:MM:SS" or None, make, model, software)
    from the truth's "exif" dict, or made up when the truth has none; None
    when the truth asks for a photo without EXIF."""
    if "exif" in truth and truth["exif"] is None:
        return None
    tags = truth.get("exif") or {}
    make, model = rng.choice(CAMERAS)
    stamp = tags.get("DateTimeOriginal")
    if "exif" not in truth:
        day = today - dt.timedelta(days=rng.randint(0, 20))
        stamp = fake.time_of_day(rng, day).strftime("%Y:%m:%d %H:%M:%S")
    return stamp, tags.get("Make", make), tags.get("Model", model), tags.get("Software")


def exif_bytes(rng, truth, today, orientation, variant):
    """EXIF of a phone photo: orientation, Make/Model, capture time, and the
    Software tag when the truth names one.  Records the tags in variant."""
    tags = exif_tags(rng, truth, today)
    if tags is None:
        variant["exif"] = None
        return b""
    stamp, make, model, software = tags
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F], exif[0x0110] = make, model
    if software:
        exif[0x0131] = software
    if stamp:
        exif[0x0132] = stamp
        exif[0x8769] = {0x9003: stamp, 0x9004: stamp}
    iso = stamp[:10].replace(":", "-") + stamp[10:] if stamp else None
    variant["exif"] = {"orientation": orientation, "datetime_original": iso,
                       "make": make, "model": model, "software": software}
    return exif.tobytes()


def shrink(shot, k, params):
    """shot scaled by k, with the frame and quad in params scaled alike."""
    shot = shot.resize((round(shot.width * k), round(shot.height * k)), Image.LANCZOS)
    params["frame"] = [round(v * k) for v in params["frame"]]
    if "quad" in params:
        params["quad"] = [[round(x * k), round(y * k)] for x, y in params["quad"]]
    return shot


def generate_one(mod, seed, i, case, args, today):
    """Make, photograph and save one image; return its manifest record."""
    rng = random.Random(f"{seed}:{mod.TYPE}:{i}")
    img, truth = mod.make(rng, today, case)
    kind = truth.get("photo", "document")
    shot, orientation, params = phone.photograph(rng, img, args.size, kind)
    if args.quality:
        params["jpeg_quality"] = args.quality
    if args.max_side and max(shot.size) > args.max_side:
        shot = shrink(shot, args.max_side / max(shot.size), params)
    variant = dict(params, exif_orientation=orientation)
    exif = b""
    if args.size != "scan":
        exif = exif_bytes(rng, truth, today, orientation, variant)
    else:
        variant["exif"] = None
    if not exif and orientation != 1:
        # Without EXIF no viewer can turn the stored pixels upright: store
        # them upright, as an app that strips EXIF does.
        shot = shot.transpose(UPRIGHT[orientation])
        variant["exif_orientation"] = 1
    rel = f"{mod.TYPE}/{mod.TYPE}-{seed}-{i}-{case}.jpg"
    dest = args.out / rel
    dest.parent.mkdir(parents=True, exist_ok=True)
    shot.save(dest, "JPEG", quality=params["jpeg_quality"], exif=exif)
    return {"path": rel, "type": mod.TYPE, "case": case, "expect": truth["expect"],
            "variant": variant}


def parse_args(argv):
    """Command-line options."""
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--list", action="store_true", help="print each type and its cases, exit")
    p.add_argument("--out", type=pathlib.Path)
    p.add_argument("--seed", type=int)
    p.add_argument("--count", type=int, help="images per type")
    p.add_argument("--types", default="", help="comma-separated types (default all)")
    p.add_argument("--size", choices=("phone", "scan", "small"), default="phone")
    p.add_argument("--today", default=DEFAULT_TODAY)
    p.add_argument("--cases", default="", help="comma-separated cases (default all)")
    p.add_argument("--quality", type=int, help="JPEG quality instead of the random one")
    p.add_argument("--max-side", type=int, help="scale photos down to this long side")
    p.add_argument("--first", type=int, default=0,
                   help="write only the images from this index on (the others "
                        "of the plan are skipped, not made: one image of a "
                        "seeded set made again alone)")
    return p.parse_args(argv)


def main(argv=None):
    """Generate the images and the manifest; return the exit status."""
    args = parse_args(argv)
    materials = load_materials()
    if args.list:
        for t, mod in materials.items():
            print(t, " ".join(mod.CASES))
        return 0
    if args.out is None or args.seed is None or args.count is None:
        print("icpgen: --out, --seed and --count are required", file=sys.stderr)
        return 2
    today = dt.date.fromisoformat(args.today)
    types = [t for t in args.types.split(",") if t] or list(materials)
    unknown = [t for t in types if t not in materials]
    if unknown:
        print(f"icpgen: unknown type '{unknown[0]}' (known: {', '.join(materials)})",
              file=sys.stderr)
        return 2
    wanted = set(c for c in args.cases.split(",") if c)
    args.out.mkdir(parents=True, exist_ok=True)
    start, cpu, n = time.monotonic(), time.process_time(), 0
    with open(args.out / "manifest.jsonl", "a", encoding="utf-8") as manifest:
        for t in types:
            mod = materials[t]
            cases = {c: w for c, w in mod.CASES.items() if not wanted or c in wanted}
            if not cases:
                continue
            plan = case_plan(random.Random(f"{args.seed}:{t}:plan"), cases, args.count)
            for i, case in enumerate(plan):
                if i < args.first:
                    continue
                record = generate_one(mod, args.seed, i, case, args, today)
                manifest.write(json.dumps(record, ensure_ascii=False) + "\n")
                n += 1
    secs, cpu = time.monotonic() - start, time.process_time() - cpu
    print(f"icpgen: {n} images in {secs:.1f} s ({secs / max(n, 1):.2f} s each, "
          f"{cpu / max(n, 1):.2f} s CPU each) in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
