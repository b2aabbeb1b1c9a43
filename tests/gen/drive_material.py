#!/usr/bin/python3
"""Drives one generator material module without the full generator: makes
COUNT images of tools/gen/materials/NAME.py, turns each by a small random
angle on a grey background, saves it as JPEG in OUT and writes
OUT/manifest.jsonl (path, case, expect).

  drive_material.py NAME OUT SEED COUNT [TODAY]
"""
import datetime as dt
import importlib.util
import json
import pathlib
import random
import sys

from PIL import Image

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.dont_write_bytecode = True


def main(argv):
    """Generate the images; returns the exit status."""
    name, out, seed, count = argv[1], pathlib.Path(argv[2]), int(argv[3]), int(argv[4])
    today = dt.date.fromisoformat(argv[5] if len(argv) > 5 else "2026-11-24")
    spec = importlib.util.spec_from_file_location(
        name, ROOT / "tools" / "gen" / "materials" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    out.mkdir(parents=True, exist_ok=True)
    cases = list(mod.CASES)
    with open(out / "manifest.jsonl", "w", encoding="utf-8") as manifest:
        for i in range(count):
            rng = random.Random(f"{seed}:{name}:{i}")
            case = cases[i % len(cases)]
            img, truth = mod.make(rng, today, case)
            k = 1000 / max(img.size)
            img = img.resize((round(img.width * k), round(img.height * k)), Image.LANCZOS)
            bg = Image.new("RGB", (img.width + 120, img.height + 120), (70, 60, 55))
            bg.paste(img, (60, 60))
            bg = bg.rotate(rng.uniform(-3, 3), Image.BICUBIC, fillcolor=(70, 60, 55))
            rel = f"{name}-{seed}-{i}-{case}.jpg"
            bg.save(out / rel, "JPEG", quality=rng.randint(70, 92))
            manifest.write(json.dumps({"path": rel, "case": case,
                                       "expect": truth["expect"]}, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
