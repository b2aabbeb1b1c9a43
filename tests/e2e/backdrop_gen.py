"""Writes backdrop photos from tools/gen/materials/backdrop.py with the
camera's last touches (noise, JPEG, EXIF from the truth dict) and a
manifest.jsonl: the accuracy test's generator until icpgen.py lands.
Usage: backdrop_gen.py OUTDIR COUNT SEED TODAY [LONG_SIDE]"""
import datetime as dt
import json
import os
import random
import sys

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools", "gen", "materials"))
import backdrop  # noqa: E402


def exif_bytes(img, exif):
    ex = Image.Exif()
    if exif is None:
        return None
    for tag, key in ((271, "Make"), (272, "Model"), (305, "Software")):
        if exif.get(key):
            ex[tag] = exif[key]
    ex[0x8769] = {0x9003: exif["DateTimeOriginal"]}
    return ex.tobytes()


def main():
    out, count, seed, today = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), \
        dt.date.fromisoformat(sys.argv[4])
    long_side = int(sys.argv[5]) if len(sys.argv) > 5 else 1600
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    cases = sorted(backdrop.CASES)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "manifest.jsonl"), "w") as man:
        for i in range(count):
            case = cases[i % len(cases)]
            img, truth = backdrop.make(rng, today, case)
            k = long_side / max(img.size)
            img = img.resize((round(img.width * k), round(img.height * k)), Image.BICUBIC)
            arr = np.asarray(img, np.float32) + nrng.normal(0, 2.5, (img.height, img.width, 1))
            img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
            name = "%03d-%s.jpg" % (i, case)
            kw = {"quality": rng.randint(75, 92)}
            ex = exif_bytes(img, truth["exif"])
            if ex:
                kw["exif"] = ex
            img.save(os.path.join(out, name), **kw)
            truth["file"] = name
            man.write(json.dumps(truth, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
