"""Backdrop photo (幕布照片): a person in front of the provider's blue curtain.

The curtain is drawn: a blue cloth with vertical folds, uneven light and the
provider's white wordmark.  The person comes from the real upper-body
portraits in $ICP_SHARED/data/portrait (cut out of their plain studio
background by colour distance and a flood fill from the border; never copied
anywhere), either whole or as a real head on a drawn body whose top and
sleeves the case sets.  Without the portraits a drawn head is used instead
(the face detector may not take it for a face).

Cases: good, good-real, off-centre, head-cut, too-far, too-close, red-top,
blue-top, navy-top, dark-top (black/charcoal: passes), light-top
(grey/white/beige/green/yellow: passes), short-sleeves-winter,
short-sleeves-summer (passes), not-blue, curtain-small, no-person, stale,
edited, no-exif, mirrored (a good photo flipped left to right, as a selfie
camera stores it: the wordmark reads mirrored).

The truth dict carries "exif": {"DateTimeOriginal": ..., "Software": ...,
"Make": ..., "Model": ...} or None for a photo without EXIF.
"""
import datetime as dt
import functools
import math
import os

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

TYPE = "backdrop-photo"
CASES = {"good": 4, "good-real": 3, "off-centre": 3, "head-cut": 2, "too-far": 2,
         "too-close": 2, "red-top": 3, "blue-top": 2, "navy-top": 2, "dark-top": 2,
         "light-top": 3, "short-sleeves-winter": 3, "short-sleeves-summer": 2,
         "not-blue": 2, "curtain-small": 2, "no-person": 2, "stale": 2, "edited": 2,
         "no-exif": 2, "mirrored": 3}

SCENE = (1600, 1200)
FONT_PATHS = ["/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
              "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"]
WORDMARKS = ["阿里云 ICP备案专用", "腾讯云 网站备案", "华为云 备案幕布", "京东云 备案专用",
             "ICP备案 拍照专用"]
# The real portraits and where their face is (centre x, centre y, side, in
# the file's pixels), measured once with the project's face detector: the
# generator needs them to place and scale a person, not to test anything.
PORTRAITS = {"hivision_test3.jpg": (258, 241, 235),
             "hivision_old_test3.jpg": (685, 372, 311)}
EDITORS = ["Adobe Photoshop 25.0 (Windows)", "MeituPic 9.8.1", "美图秀秀",
           "GIMP 2.10.34", "Snapseed 2.21", "Adobe Lightroom 9.0", "PicsArt 24.1"]
CAMERAS = [("Apple", "iPhone 14"), ("HUAWEI", "ELS-AN00"), ("Xiaomi", "2211133C"),
           ("OPPO", "PFFM10"), ("vivo", "V2227A")]
TOPS = {"red": [(190, 30, 40), (160, 20, 35), (215, 50, 60)],
        "blue": [(40, 80, 190), (60, 110, 200), (30, 60, 150)],
        "navy": [(22, 32, 75), (28, 40, 90)],
        "dark": [(22, 22, 24), (55, 56, 60), (35, 35, 38)],
        "light": [(200, 200, 200), (235, 235, 232), (205, 185, 150), (60, 130, 70),
                  (220, 200, 70), (120, 120, 122)]}


def font(px):
    for path in FONT_PATHS:
        if os.path.exists(path):
            return ImageFont.truetype(path, px)
    return ImageFont.load_default()


def shared_dir():
    root = os.environ.get("ICP_SHARED")
    if not root:
        here = os.path.dirname(os.path.abspath(__file__))
        root = os.path.normpath(os.path.join(here, "..", "..", "..", "..", "shared"))
    d = os.path.join(root, "data", "portrait")
    return d if os.path.isdir(d) else None


@functools.lru_cache(maxsize=None)
def cutout(name):
    """(RGB array, alpha array 0..1) of a portrait cut from its background."""
    im = np.asarray(Image.open(os.path.join(shared_dir(), name)).convert("RGB"),
                    dtype=np.float32)
    h, w, _ = im.shape
    # The studio background is smooth: fit it as a plane in each channel
    # from the border of the upper part, where no person stands.
    b = max(4, w // 30)
    ys, xs = np.mgrid[0:h, 0:w]
    sel = np.zeros((h, w), bool)
    sel[:h * 2 // 3, :b] = sel[:h * 2 // 3, -b:] = True
    sel[:b, :] = True
    xn, yn = xs / w, ys / h
    terms = [xn, yn, xn * xn, yn * yn, xn * yn, np.ones_like(xn)]
    A = np.stack([t[sel] for t in terms], 1)
    bg = np.zeros_like(im)
    for c in range(3):
        coef, *_ = np.linalg.lstsq(A, im[..., c][sel], rcond=None)
        bg[..., c] = sum(k * t for k, t in zip(coef, terms))
    cand = np.sqrt(((im - bg) ** 2).sum(2)) < 40
    # Background = candidates connected to the top or side borders.
    mask = Image.fromarray((cand * 255).astype(np.uint8)).filter(
        ImageFilter.MaxFilter(3)).filter(ImageFilter.MinFilter(3)).copy()
    seeds = [(x, 0) for x in range(0, w, 16)] + \
        [(x, y) for y in range(0, h * 2 // 3, 16) for x in (0, w - 1)]
    for seed in seeds:
        if mask.getpixel(seed) == 255:
            ImageDraw.floodfill(mask, seed, 128)
    bgmask = np.asarray(mask) == 128
    alpha = Image.fromarray(((~bgmask) * 255).astype(np.uint8))
    alpha = alpha.filter(ImageFilter.MinFilter(3)).filter(ImageFilter.GaussianBlur(1.5))
    return im.astype(np.uint8), np.asarray(alpha, np.float32) / 255


def curtain(rng, size, blue=True):
    """A cloth: base colour, vertical folds, a light fall-off, a wordmark."""
    w, h = size
    if blue:
        base = np.array([rng.uniform(15, 55), rng.uniform(70, 115), rng.uniform(165, 215)])
    else:
        base = np.array(rng.choice([(200, 200, 195), (225, 215, 190), (150, 155, 150),
                                    (170, 60, 50), (235, 235, 235)]), float)
    x = np.arange(w)[None, :]
    y = np.arange(h)[:, None]
    folds = np.ones((1, w))
    for _ in range(rng.randint(3, 7)):
        period = rng.uniform(0.08, 0.3) * w
        folds = folds + rng.uniform(0.03, 0.09) * np.sin(2 * math.pi * x / period
                                                          + rng.uniform(0, 6.3))
    cx, cy = rng.uniform(0.3, 0.7) * w, rng.uniform(0.2, 0.6) * h
    light = 1.05 - rng.uniform(0.15, 0.35) * (((x - cx) / w) ** 2 + ((y - cy) / h) ** 2)
    img = np.clip(base[None, None, :] * (folds * light)[..., None], 0, 255)
    out = Image.fromarray(img.astype(np.uint8))
    if blue:
        d = ImageDraw.Draw(out)
        f = font(int(h * rng.uniform(0.035, 0.05)))
        text = rng.choice(WORDMARKS)
        tw = d.textlength(text, font=f)
        ty = int(h * rng.uniform(0.02, 0.06))
        for tx in rng.choice([[0.03 * w], [w - tw - 0.03 * w], [0.03 * w, w - tw - 0.03 * w]]):
            d.text((int(tx), ty), text, fill=(245, 245, 245), font=f)
    return out


def shade(colour, lum):
    """A flat colour with the shading of a luminance map (0..1, mean ~0.5)."""
    c = np.array(colour, np.float32)[None, None, :]
    return np.clip(c * (0.6 + 0.8 * lum[..., None]), 0, 255)


def drawn_body(rng, size, head_w, top, sleeves_short, skin):
    """RGBA of a torso with shoulders and arms, head_w wide neck at top
    centre; `size` is (w, h) of the body's box."""
    w, h = size
    img = Image.new("RGBA", size, (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    cx = w / 2
    neck_w = head_w * 0.45
    d.rectangle([cx - neck_w / 2, 0, cx + neck_w / 2, h * 0.2], fill=skin + (255,))
    sh_y = h * 0.14
    sh_w = head_w * rng.uniform(1.45, 1.7)
    # Arms hang beside the torso: skin below a short sleeve.
    arm_w = head_w * 0.42
    for side in (-1, 1):
        ax = cx + side * (sh_w + arm_w * 0.3)
        arm = [ax - arm_w / 2, sh_y + h * 0.05, ax + arm_w / 2, h]
        d.rounded_rectangle(arm, radius=int(arm_w / 2), fill=skin + (255,))
        sleeve_end = sh_y + (h * 0.22 if sleeves_short else h)
        d.rounded_rectangle([arm[0] - 2, arm[1] - 4, arm[2] + 2, sleeve_end],
                            radius=int(arm_w / 2), fill=top + (255,))
    d.polygon([(cx - sh_w * 0.55, sh_y - h * 0.03), (cx + sh_w * 0.55, sh_y - h * 0.03),
               (cx + sh_w, sh_y + h * 0.07), (cx + sh_w * 0.86, h),
               (cx - sh_w * 0.86, h), (cx - sh_w, sh_y + h * 0.07)], fill=top + (255,))
    d.pieslice([cx - neck_w * 0.7, -neck_w * 0.5, cx + neck_w * 0.7, sh_y + neck_w * 0.5],
               0, 180, fill=skin + (255,))
    arr = np.asarray(img).astype(np.float32)
    # Cloth shading: soft random light and a few folds.
    yy, xx = np.mgrid[0:h, 0:w]
    lum = 0.5 + 0.12 * np.sin(xx / (w * 0.07) + rng.uniform(0, 6)) \
        - 0.15 * (np.abs(xx - cx) / w) + rng.uniform(-0.05, 0.05)
    topmask = np.all(np.abs(arr[..., :3] - np.array(top)) < 1, axis=2)
    arr[..., :3][topmask] = shade(top, lum)[topmask]
    return Image.fromarray(arr.astype(np.uint8), "RGBA")


def drawn_head(rng, side):
    """A drawn frontal face on transparency (when no portrait is at hand)."""
    size = int(side * 1.6)
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    skin = (int(rng.uniform(200, 235)), int(rng.uniform(160, 185)), int(rng.uniform(130, 155)))
    c = size / 2
    fw, fh = side * 0.78, side * 1.05
    d.ellipse([c - fw / 2 - 6, c - fh / 2 - side * 0.2, c + fw / 2 + 6, c + fh * 0.1],
              fill=(30, 25, 22, 255))
    d.ellipse([c - fw / 2, c - fh / 2, c + fw / 2, c + fh / 2], fill=skin + (255,))
    for s in (-1, 1):
        ex = c + s * fw * 0.22
        d.rectangle([ex - fw * 0.14, c - fh * 0.17, ex + fw * 0.14, c - fh * 0.13],
                    fill=(40, 30, 25, 255))
        d.ellipse([ex - fw * 0.1, c - fh * 0.09, ex + fw * 0.1, c - fh * 0.02],
                  fill=(50, 40, 35, 255))
    d.polygon([(c, c - fh * 0.02), (c - fw * 0.08, c + fh * 0.14), (c + fw * 0.08, c + fh * 0.14)],
              fill=tuple(int(v * 0.85) for v in skin) + (255,))
    d.ellipse([c - fw * 0.17, c + fh * 0.22, c + fw * 0.17, c + fh * 0.28], fill=(150, 60, 60, 255))
    return img.filter(ImageFilter.GaussianBlur(side / 80)), skin, (c, c, side)


def real_person(rng, name):
    """RGBA of a whole portrait cut out, and its face (cx, cy, side)."""
    rgb, alpha = cutout(name)
    arr = np.dstack([rgb, (alpha * 255).astype(np.uint8)])
    return Image.fromarray(arr, "RGBA"), PORTRAITS[name]


def recolour(person, face, colour):
    """Recolours the clothing of a cut-out portrait: the non-skin pixels
    below the chin take `colour` with their own shading."""
    arr = np.asarray(person).astype(np.float32)
    cx, cy, side = face
    h, w = arr.shape[:2]
    chin = int(cy + side * 0.62)
    rgb = arr[..., :3]
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    skin = (r > g + 12) & (g > b - 5) & (r > 90)
    lum = rgb.mean(2) / 255
    region = np.zeros((h, w), bool)
    region[chin:, :] = True
    sel = region & ~skin & (arr[..., 3] > 0)
    lumn = np.clip(lum / max(1e-3, np.median(lum[sel])) * 0.5, 0, 1.2) if sel.any() else lum
    rgb[sel] = shade(colour, lumn)[sel]
    arr[..., :3] = rgb
    return Image.fromarray(arr.astype(np.uint8), "RGBA")


WHOLE = ("good-real", "off-centre", "head-cut", "too-far", "too-close", "not-blue",
         "curtain-small", "stale", "edited", "no-exif", "mirrored")


def person_for(rng, case, top, short, own):
    """RGBA person with its face (cx, cy, side) in the person's pixels."""
    folder = shared_dir()
    names = [n for n in sorted(PORTRAITS) if folder and os.path.exists(os.path.join(folder, n))]
    if case in WHOLE and names:
        p, face = real_person(rng, rng.choice(names))
        if not own:
            p = recolour(p, face, top)
        if rng.random() < 0.5:
            p = p.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
            face = (p.width - 1 - face[0], face[1], face[2])
        return p, face
    if names:
        p, face = real_person(rng, rng.choice(names))
        cx, cy, side = face
        chin = int(cy + side * 0.62)
        head = p.crop((int(cx - side * 1.1), max(0, int(cy - side * 1.3)), int(cx + side * 1.1),
                       chin + int(side * 0.1)))
        hcx, hcy = cx - int(cx - side * 1.1), cy - max(0, int(cy - side * 1.3))
        arr = np.asarray(head).astype(np.float32)
        sk = arr[int(hcy):int(hcy + side * 0.3), int(hcx - side * 0.15):int(hcx + side * 0.15), :3]
        skin = tuple(int(v) for v in np.median(sk.reshape(-1, 3), 0))
    else:
        head, skin, (hcx, hcy, side) = drawn_head(rng, 200)
    body = drawn_body(rng, (int(side * 4.6), int(side * 2.6)), side, top, short, skin)
    W = body.width
    H = int(hcy + side * 0.5) + body.height
    out = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    bx = 0
    out.alpha_composite(body, (bx, int(hcy + side * 0.5)))
    hx = int(W / 2 - hcx)
    out.alpha_composite(head, (hx, 0))
    return out, (W / 2, hcy, side)


def extend_down(person, face, sides=2.5):
    """Lengthens a person downwards by repeating its last row, so that it
    still reaches the frame's bottom edge when placed high."""
    extra = int(face[2] * sides)
    out = Image.new("RGBA", (person.width, person.height + extra), (0, 0, 0, 0))
    out.paste(person, (0, 0))
    last = person.crop((0, person.height - 1, person.width, person.height))
    out.paste(last.resize((person.width, extra)), (0, person.height))
    return out


def make(rng, today, case):
    w, h = SCENE if rng.random() < 0.6 else SCENE[::-1]
    scene = curtain(rng, (w, h), blue=case != "not-blue")
    rules = []
    # Face side as a fraction of the image height and its centre.
    fh = rng.uniform(0.13, 0.19)
    fx = 0.5 + rng.uniform(-0.04, 0.04)
    if case == "too-far":
        fh = rng.uniform(0.06, 0.08)
    elif case == "too-close":
        fh = rng.uniform(0.32, 0.38)
    elif case == "off-centre":
        fx = 0.5 + rng.choice((-1, 1)) * rng.uniform(0.25, 0.32)
    topname = "dark" if case == "good-real" else rng.choice(["dark", "light"])
    short = False
    if case in ("red-top", "blue-top", "navy-top", "dark-top", "light-top"):
        topname = case.split("-")[0]
    if case.startswith("short-sleeves"):
        short = True
        topname = rng.choice(["light", "dark"])
    top = rng.choice(TOPS[topname])
    person = None
    if case != "no-person":
        # Whole portraits keep their own dark clothes unless the case
        # names a top; the others get theirs recoloured or drawn.
        own = case == "good-real" or (topname == "dark" and case in WHOLE)
        person, face = person_for(rng, case, top, short, own)
    if person is not None:
        person = extend_down(person, face)
        k = fh * h / face[2]
        person = person.resize((max(1, int(person.width * k)), max(1, int(person.height * k))),
                               Image.LANCZOS)
        fcx, fcy = face[0] * k, face[1] * k
        # Stand on the bottom edge: the person's lowest row is cut by it.
        top_y = int(h * rng.uniform(0.3, 0.4) - fcy)
        if case == "head-cut":
            top_y = int(-fcy + face[2] * k * rng.uniform(0.05, 0.2))
        elif case == "too-close":
            top_y = int(h * 0.42 - fcy)
        elif case == "too-far":
            top_y = h - person.height + int(person.height * 0.05)
        if top_y + person.height < h:
            person = extend_down(person, (0, 0, (h - top_y - person.height + 4) / 2.5))
        x = int(fx * w - fcx)
        scene = scene.convert("RGBA")
        scene.alpha_composite(person, (x, top_y)) if x >= 0 and top_y >= 0 else \
            scene.paste(person, (x, top_y), person)
        scene = scene.convert("RGB")
    if case == "curtain-small":
        # The curtain hangs in a room: wall and floor round a smaller cloth.
        room = Image.new("RGB", (w, h), tuple(int(v) for v in rng.choice(
            [(225, 220, 205), (200, 200, 195), (235, 230, 220)])))
        m = Image.new("L", (w, h), 0)
        mx, my = int(w * rng.uniform(0.22, 0.3)), int(h * rng.uniform(0.15, 0.25))
        if person is not None:
            # The cloth still shows on both sides of the person (else the
            # photo has no curtain at all, a not-blue case).
            box = person.getchannel("A").getbbox()
            left, right = x + box[0], x + box[2]
            mx = max(int(w * 0.04), min(mx, left - int(w * 0.06), w - right - int(w * 0.06)))
        ImageDraw.Draw(m).rectangle([mx, my, w - mx, h], fill=255)
        if person is not None:
            pm = Image.new("L", (w, h), 0)
            pm.paste(person.getchannel("A"), (x, top_y))
            m = Image.fromarray(np.maximum(np.asarray(m), np.asarray(pm)))
        room.paste(scene, (0, 0), m)
        scene = room
    if case == "mirrored":
        scene = scene.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    # Expectations.
    if case == "no-person":
        rules.append("backdrop.no_person")
    elif case == "not-blue":
        rules.append("backdrop.not_blue")
    elif case == "curtain-small":
        rules.append("backdrop.curtain_too_small")
    elif case == "off-centre":
        rules.append("backdrop.off_centre")
    elif case in ("head-cut", "too-far", "too-close"):
        rules.append("backdrop.not_upper_body")
    elif topname in ("red", "blue", "navy"):
        rules.append("backdrop.clothing_red" if topname == "red" else "backdrop.clothing_blue")
    taken = today - dt.timedelta(days=rng.randint(1, 40))
    if case == "stale":
        taken = today - dt.timedelta(days=rng.randint(120, 900))
    if case == "short-sleeves-winter":
        m, d = rng.choice([12, 1, 2]), rng.randint(1, 28)
        taken = dt.date(today.year, m, d)
        if taken >= today:
            taken = dt.date(today.year - 1, m, d)
        rules.append("backdrop.clothing_season")
    if case == "short-sleeves-summer":
        taken = dt.date(today.year if today.month > 8 else today.year - 1, 7, rng.randint(1, 28))
    if (today - taken).days > 90:
        rules.append("backdrop.stale")
    make_, model = rng.choice(CAMERAS)
    exif = {"DateTimeOriginal": taken.strftime("%Y:%m:%d ") + "%02d:%02d:%02d" % (
        rng.randint(8, 19), rng.randint(0, 59), rng.randint(0, 59)),
        "Make": make_, "Model": model}
    if case == "edited":
        exif["Software"] = rng.choice(EDITORS)
        rules.append("backdrop.edited")
    if case == "no-exif":
        exif = None
        rules.append("backdrop.exif_missing")
    if case == "mirrored":
        rules.append("backdrop.mirrored")
    errors = {"backdrop.no_person", "backdrop.not_blue", "backdrop.curtain_too_small",
              "backdrop.off_centre", "backdrop.not_upper_body", "backdrop.clothing_red",
              "backdrop.clothing_blue"}
    verdict = "fail" if errors & set(rules) else "warn" if rules else "pass"
    truth = {"expect": {"verdict": verdict, "rules": rules, "fields": {}},
             "photo": "backdrop", "exif": exif, "case": case, "top": topname}
    return scene, truth
