"""Drawing primitives shared by the materials: card stock, guilloche, the
emblem, round seals, portrait silhouettes and spaced text.

All functions draw onto PIL images in place or return new RGB/RGBA images;
sizes are in pixels of the document being drawn.
"""
import math

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from fonts import font

INK = (28, 28, 30)
RED = (200, 30, 35)
GOLD = (238, 196, 60)


def mm(value, dpi):
    """Millimetres to pixels at dpi."""
    return int(round(value * dpi / 25.4))


def card_stock(rng, w, h, tint, lines=(130, 190, 190)):
    """A card background: a soft tint with guilloche waves, rounded corners
    (outside the corners transparent-white).  Returns RGB."""
    # The tint's gentle fade, computed small and scaled up (it is smooth).
    sw, sh = max(2, w // 16), max(2, h // 16)
    fade = 1.0 - 0.08 * (np.arange(sw) / sw)[None, :] + \
        0.05 * np.sin(np.arange(sh) / sh * math.pi)[:, None]
    arr = np.array(tint, np.float32)[None, None, :] * fade[..., None]
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB").resize((w, h),
                                                                                Image.BILINEAR)
    guilloche(rng, img, lines)
    return img


def guilloche(rng, img, colour, count=46):
    """Fine interleaved sine waves, the security print of cards and licences."""
    w, h = img.size
    d = ImageDraw.Draw(img)
    xs = np.linspace(0, w, max(200, w // 6))
    width = max(1, w // 900)
    f1, f2 = rng.uniform(2, 5), rng.uniform(5, 11)
    for k in range(count):
        y0 = h * (k + 0.5) / count
        amp = h * rng.uniform(0.02, 0.05)
        ph = rng.uniform(0, math.tau)
        ys = y0 + amp * np.sin(xs / w * math.tau * f1 + ph) + \
            amp * 0.4 * np.sin(xs / w * math.tau * f2 + k)
        c = tuple(int(v + rng.uniform(-12, 12)) for v in colour)
        d.line(list(zip(xs.tolist(), ys.tolist())), fill=c, width=width)


def rounded_card(img, radius):
    """Paint the four corners outside a rounded rectangle white."""
    w, h = img.size
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, w - 1, h - 1), radius, fill=255)
    white = Image.new("RGB", (w, h), (250, 250, 248))
    return Image.composite(img, white, mask)


def star(draw, cx, cy, r, fill, angle=-90.0):
    """A five-pointed star centred at (cx, cy) with outer radius r."""
    pts = []
    for i in range(10):
        rad = r if i % 2 == 0 else r * 0.382
        a = math.radians(angle + i * 36)
        pts.append((cx + rad * math.cos(a), cy + rad * math.sin(a)))
    draw.polygon(pts, fill=fill)


def emblem(size):
    """A stylised national emblem: red disc, gold rings, stars, gate and
    wheat arcs.  Returns RGBA of size x size."""
    s = size
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.ellipse((0, 0, s - 1, s - 1), fill=GOLD)
    d.ellipse((s * .06, s * .06, s * .94, s * .94), fill=RED)
    w = max(2, s // 40)
    for k in range(9):  # wheat ears as gold arcs along the rim
        r = s * (0.42 - k * 0.012)
        d.arc((s / 2 - r, s / 2 - r, s / 2 + r, s / 2 + r), 100 + k * 4, 440 - k * 4,
              fill=GOLD, width=w)
    star(d, s * .5, s * .27, s * .11, GOLD)
    for i, a in enumerate((-50, -20, 20, 50)):
        star(d, s * .5 + s * .2 * math.sin(math.radians(a)),
             s * .27 - s * .02 + s * .11 * (1 - math.cos(math.radians(a))) + (i % 2) * s * .01,
             s * .04, GOLD, angle=-90 + a)
    d.rectangle((s * .3, s * .48, s * .7, s * .56), fill=GOLD)      # gate roof
    d.rectangle((s * .34, s * .56, s * .66, s * .68), fill=GOLD)     # gate body
    for x in (.39, .47, .55):
        d.rectangle((s * x, s * .59, s * (x + .06), s * .68), fill=RED)
    d.rectangle((s * .26, s * .7, s * .74, s * .74), fill=GOLD)      # base
    d.pieslice((s * .4, s * .74, s * .6, s * .9), 0, 180, fill=GOLD)  # gear
    return img


def text_on_circle(img, text, centre, radius, px, colour, start=-150, end=-30):
    """Characters of text along an arc (clockwise from start to end degrees),
    each rotated to face outward, like the rim of a seal."""
    f = font("sans-bold", px)
    n = len(text)
    for i, ch in enumerate(text):
        a = start + (end - start) * (i / max(1, n - 1))
        tile = Image.new("RGBA", (px * 2, px * 2), (0, 0, 0, 0))
        ImageDraw.Draw(tile).text((px, px), ch, font=f, fill=colour, anchor="mm")
        tile = tile.rotate(-(a + 90), resample=Image.BICUBIC)
        x = centre[0] + radius * math.cos(math.radians(a)) - px
        y = centre[1] + radius * math.sin(math.radians(a)) - px
        img.alpha_composite(tile, (int(x), int(y)))


def seal(rng, size, text, bottom=""):
    """A red round official seal (公章) with a star and rim text.  RGBA with
    uneven ink: some spots faded, as a real stamp."""
    s = size
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    red = (rng.randint(200, 235), rng.randint(20, 50), rng.randint(30, 55), 255)
    w = max(3, s // 28)
    d.ellipse((w, w, s - w, s - w), outline=red, width=w)
    star(d, s / 2, s / 2, s * .16, red)
    px = int(min(s * .12, s * 1.3 / max(1, len(text))))  # long names get smaller
    text_on_circle(img, text, (s / 2, s / 2), s * .40 - px / 2, px, red,
                   start=-215, end=35)
    if bottom:
        d.text((s / 2, s * .74), bottom, font=font("sans", int(s * .08)), fill=red, anchor="mm")
    # Uneven ink: multiply alpha by a blurred random field.
    field = Image.fromarray((np.random.default_rng(rng.getrandbits(32))
                             .uniform(0.45, 1.0, (24, 24)) * 255).astype(np.uint8), "L")
    field = field.resize((s, s), Image.BILINEAR).filter(ImageFilter.GaussianBlur(s / 60))
    alpha = np.asarray(img.getchannel("A"), np.float32) * np.asarray(field, np.float32) / 255
    img.putalpha(Image.fromarray(alpha.astype(np.uint8), "L"))
    return img


def portrait(rng, w, h, bg=(235, 236, 238)):
    """A grey head-and-shoulders silhouette standing in for a photo.  RGB."""
    img = Image.new("RGB", (w, h), bg)
    d = ImageDraw.Draw(img)
    g = rng.randint(70, 130)
    skin = (g + 40, g + 34, g + 30)
    cloth = (g - 30, g - 28, g - 20)
    d.ellipse((w * .18, h * .72, w * .82, h * 1.25), fill=cloth)     # shoulders
    d.rectangle((w * .42, h * .52, w * .58, h * .76), fill=skin)     # neck
    d.ellipse((w * .3, h * .16, w * .7, h * .62), fill=skin)         # face
    d.chord((w * .28, h * .1, w * .72, h * .5), 180, 360, fill=(g - 45,) * 3)  # hair
    return img.filter(ImageFilter.GaussianBlur(max(1, w // 150)))


def spaced(draw, xy, text, f, fill, spacing=0.0, anchor="ls"):
    """Draw text with extra letter spacing (a fraction of the font size).
    Returns the x after the last character."""
    x, y = xy
    for ch in text:
        draw.text((x, y), ch, font=f, fill=fill, anchor=anchor)
        x += draw.textlength(ch, font=f) + spacing * f.size
    return x


def wrap(draw, text, f, width):
    """Split text into lines no wider than width (CJK: any character breaks)."""
    lines, cur = [], ""
    for ch in text:
        if draw.textlength(cur + ch, font=f) > width and cur:
            lines.append(cur)
            cur = ch
        else:
            cur += ch
    return lines + ([cur] if cur else [])


def paste_rgba(img, overlay, xy, multiply=False):
    """Paste an RGBA overlay onto an RGB image; multiply mimics ink on paper."""
    x, y = int(xy[0]), int(xy[1])
    if not multiply:
        img.paste(overlay, (x, y), overlay)
        return
    region = img.crop((x, y, x + overlay.width, y + overlay.height))
    a = np.asarray(overlay.getchannel("A"), np.float32)[..., None] / 255
    ink = np.asarray(overlay.convert("RGB"), np.float32)
    base = np.asarray(region, np.float32)
    out = base * (1 - a) + base * ink / 255 * a
    img.paste(Image.fromarray(out.astype(np.uint8), "RGB"), (x, y))
