#!/bin/sh
# Whether a checklist's page is whole, on one generated form laid on a
# pale desk (too light to count as a dark desk beside the paper, yet
# parted from it), with a shadow across its lower half: the page lying
# whole on that desk is not cut off; the same page run off the photo's
# bottom edge, its signature block's print cut there, is
# quality.incomplete. Each expectation is stated before the run.
ROOT=${ICP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BIN=${ICP_BIN:-$ROOT/build/icpcheck}
. "$ROOT/tests/e2e/common.inc"
/usr/bin/python3 "$ROOT/tools/gen/icpgen.py" --out "$T/g" --seed 5 --count 1 \
    --types checklist --cases signed --size scan >/dev/null 2>&1 || {
    bad generator; done_counts; exit 1; }
SRC=$(find "$T/g" -name '*.jpg' | head -n 1)
/usr/bin/python3 - "$SRC" "$T" <<'PYEOF'
import random, sys
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageOps
src, out = sys.argv[1], sys.argv[2]
page = ImageOps.exif_transpose(Image.open(src)).convert("RGB")
rng = random.Random(5)
W, H = 1800, 2400
# A pale laminate a little darker than the paper, its grain in fine dark
# flecks (what print looks like to a coarse look at a side).
np_rng = np.random.default_rng(5)
base = Image.new("L", (W // 8, H // 8))
base.putdata([rng.randint(186, 210) for _ in range(base.width * base.height)])
base = base.resize((W, H), Image.BILINEAR).filter(ImageFilter.GaussianBlur(6))
grain = np.asarray(base, np.float32)
grain *= np.where(np_rng.random((H, W)) < 0.06, 0.62, 1.0)
grain += np_rng.normal(0, 4, (H, W))
desk = Image.fromarray(np.clip(grain, 0, 255).astype(np.uint8))
desk = Image.merge("RGB", [desk, desk, desk.point(lambda v: min(255, v + 6))])
pw = int(W * 0.72)
ph = pw * page.height // page.width
page = page.resize((pw, ph), Image.LANCZOS)
# A hand's shadow across the lower half: a soft band from lower left.
shade = Image.new("L", (W, H), 255)
band = [(W // 6, int(H * 0.6)), (W * 5 // 6, int(H * 0.5)),
        (W * 5 // 6, int(H * 0.78)), (W // 6, int(H * 0.88))]
ImageDraw.Draw(shade).polygon(band, fill=150)
shade = shade.filter(ImageFilter.GaussianBlur(40))

def scene(top):
    im = desk.copy()
    # The paper's own soft shadow on the desk, then the paper.
    drop = Image.new("L", (W, H), 255)
    ImageDraw.Draw(drop).rectangle([(W - pw) // 2 + 8, top + 10,
                                    (W + pw) // 2 + 8, top + ph + 10],
                                   fill=120)
    im = Image.composite(im, Image.new("RGB", (W, H)),
                         drop.filter(ImageFilter.GaussianBlur(6)))
    im.paste(page, ((W - pw) // 2, top))
    dark = Image.new("RGB", (W, H), (0, 0, 0))
    return Image.composite(im, dark, shade)

# Whole, its lower edge close above the photo's bottom edge.
scene(H - ph - H // 40).save(out + "/whole.jpg", quality=88)
# Run off the bottom: the signature block's lower part out of frame.
scene(H - ph + int(ph * 0.12)).save(out + "/cut.jpg", quality=88)
PYEOF
has_rule() { # file, rule: whether the file's record holds the rule
    "$BIN" check -q --type checklist --today 2026-11-24 --format jsonl \
        "$T/$1" 2>/dev/null | grep '"kind":"file"' |
        grep -q "\"rule\":\"$2\""
}
expect "whole.jpg: quality.incomplete absent" \
    "! has_rule whole.jpg quality.incomplete"
expect "cut.jpg: quality.incomplete present" \
    "has_rule cut.jpg quality.incomplete"
done_counts
