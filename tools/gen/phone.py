"""The photographing pipeline: turns a flat document into a phone photo or a
flat scan, the way applicants really upload them.

photograph(rng, img, size, kind="document") -> (image, exif_orientation, params)
  size: "phone" (4000x3000 or 3000x4000), "small" (1600x1200 or 1200x1600)
        or "scan" (flat ~200 dpi scan with slight skew);
  kind: "document" (placed on a desk) or "backdrop" (already a full scene:
        only the camera effects apply).
The returned image holds the stored pixels: when exif_orientation is not 1 it
is rotated so that a viewer applying the EXIF Orientation shows it upright.
params (JSON-serialisable) records every random choice, including
"jpeg_quality" for the caller's save and "quad", the document's corners in the
upright image.
"""
import math

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter

FRAMES = {"phone": (4000, 3000), "small": (1600, 1200)}
# Stored pixels -> EXIF orientation: the transpose that makes the stored
# image from the upright one (a viewer applies the inverse).
ORIENTATIONS = {6: Image.Transpose.ROTATE_90, 3: Image.Transpose.ROTATE_180,
                8: Image.Transpose.ROTATE_270}


def photograph(rng, img, size, kind="document"):
    """Photograph or scan img; see the module docstring."""
    nrng = np.random.default_rng(rng.getrandbits(64))
    if size == "scan":
        return scan(rng, nrng, img)
    frame = frame_size(rng, img, size, kind)
    params = {"size": size, "frame": list(frame)}
    radius = rng.uniform(0, 2) * max(frame) / 4000
    params["blur"] = round(radius, 2)
    gain = gain_map(rng, params)
    if kind == "backdrop":
        out = lit(fit_scene(img, frame, radius), gain, (0, 0), frame)
        params["rotation"] = 0.0
    else:
        out = place_on_desk(rng, nrng, img, frame, radius, gain, params)
    out = sensor_noise(rng, nrng, out, params)
    orientation = 1
    if rng.random() < 0.25:
        orientation = rng.choice(sorted(ORIENTATIONS))
        out = out.transpose(ORIENTATIONS[orientation])
    params["jpeg_quality"] = rng.randint(60, 92)
    return out, orientation, params


def frame_size(rng, img, size, kind):
    """Landscape or portrait frame, usually matching the document's aspect;
    always for a scene, whose framing the material has chosen."""
    w, h = FRAMES[size]
    match = rng.random() < 0.8 or kind == "backdrop"
    portrait = (img.height > img.width) == match
    return (h, w) if portrait else (w, h)


def fit_scene(img, frame, radius):
    """Resize a full scene to cover the frame, cropping the overflow evenly;
    the lens blur (radius in frame pixels) is applied before, where the
    scene is smaller."""
    scale = max(frame[0] / img.width, frame[1] / img.height)
    img = blur(img, radius / scale)
    big = img.resize((math.ceil(img.width * scale), math.ceil(img.height * scale)),
                     Image.BILINEAR)
    x, y = (big.width - frame[0]) // 2, (big.height - frame[1]) // 2
    return big.crop((x, y, x + frame[0], y + frame[1]))


def desk(rng, nrng, frame, gain, quad):
    """A textured desk or table (wood grain, laminate or cloth), lit by gain
    and darkened where the document (quad) casts its shadow; drawn at 1/8
    resolution and scaled up (fine noise comes from the sensor)."""
    fw, fh = frame
    w, h = fw // 8, fh // 8
    style = rng.choice(("wood", "wood", "laminate", "cloth", "dark"))
    base = {"wood": (rng.randint(120, 175), rng.randint(80, 115), rng.randint(45, 70)),
            "laminate": (rng.randint(185, 225),) * 3,
            "cloth": (rng.randint(40, 120), rng.randint(50, 120), rng.randint(60, 140)),
            "dark": (rng.randint(25, 60),) * 3}[style]
    if style == "wood":
        tone = wood_grain(rng, nrng, (w, h))
    else:
        tone = 1 + 0.05 * smooth_noise(nrng, (w, h), 16) + \
            nrng.normal(0, 0.02, (h, w)).astype(np.float32)
    arr = np.array(base, np.float32)[None, None] * tone[..., None]
    light = np.asarray(Image.fromarray(gain, "RGB").resize((w, h), Image.BILINEAR),
                       np.float32) / 255
    shade = 1 - np.asarray(shadow(rng, (w, h), quad / 8), np.float32)[..., None] / 255
    arr = np.clip(arr * light * shade, 0, 255)
    return Image.fromarray(arr.astype(np.uint8), "RGB").resize(frame, Image.BILINEAR), style


def smooth_noise(nrng, size, cell):
    """Gaussian noise with features about cell pixels wide, as (h, w) float32."""
    w, h = size
    low = nrng.normal(0, 1, (h // cell + 2, w // cell + 2)).astype(np.float32)
    return np.asarray(Image.fromarray(low, "F").resize((w, h), Image.BICUBIC))


def wood_grain(rng, nrng, size):
    """Tone of a wooden board: long, gently wavy rings and fibre streaks,
    drawn along x on a larger canvas, then turned to a random angle."""
    w, h = size
    side = int(math.hypot(w, h)) + 2
    yy = np.arange(side, dtype=np.float32)[:, None]
    warp = smooth_noise(nrng, (side, side), 48) * rng.uniform(2, 6)
    rings = np.sin((yy + warp) / rng.uniform(3, 7))
    fibres = nrng.normal(0, 1, (side, 1)).astype(np.float32)
    tone = 1 + 0.07 * rings + 0.04 * fibres + 0.03 * smooth_noise(nrng, (side, side), 24)
    img = Image.fromarray(tone.astype(np.float32), "F").rotate(rng.uniform(-30, 30) +
                                                                 rng.choice((0, 90)))
    x, y = (side - w) // 2, (side - h) // 2
    return np.asarray(img.crop((x, y, x + w, y + h)), np.float32)


def homography(src, dst):
    """Coefficients for Image.transform(PERSPECTIVE): maps dst points to src."""
    rows, rhs = [], []
    for (x, y), (u, v) in zip(dst, src):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    return np.linalg.solve(np.array(rows, float), np.array(rhs, float)).tolist()


def target_quad(rng, w, h, frame, fill, angle, persp):
    """Corners (tl, tr, br, bl) of the document in the frame: scaled to the
    area fraction fill, rotated by angle, corners jittered by persp."""
    fw, fh = frame
    scale = math.sqrt(fill * fw * fh / (w * h))
    c, s = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    pts = []
    for x, y in ((-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)):
        x, y = x * scale, y * scale
        pts.append([x * c - y * s, x * s + y * c])
    pts = np.array(pts)
    # Perspective: the far edge shrinks, plus independent corner jitter.
    far = rng.choice((0, 1, 2, 3))
    pts[far] *= 1 - persp
    pts[(far + 1) % 4] *= 1 - persp
    pts += np.array([[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in range(4)]) \
        * persp * 0.5 * math.sqrt(w * h) * scale
    margin = 0.03 * min(fw, fh)
    span = pts.max(0) - pts.min(0)
    shrink = min(1.0, (fw - 2 * margin) / span[0], (fh - 2 * margin) / span[1])
    pts *= shrink
    lo, hi = pts.min(0), pts.max(0)
    cx = rng.uniform(margin - lo[0], fw - margin - hi[0])
    cy = rng.uniform(margin - lo[1], fh - margin - hi[1])
    return pts + [cx, cy]


def blur(img, radius):
    """Gaussian lens blur; skipped when too small to matter."""
    return img.filter(ImageFilter.GaussianBlur(radius)) if radius > 0.3 else img


def place_on_desk(rng, nrng, img, frame, radius, gain, params):
    """The document warped into a random quad on a desk, with a soft shadow.
    The lens blur (radius in frame pixels) is applied to the document before
    the warp: the desk is smooth already, and the document is smaller."""
    fill = rng.uniform(0.2, 0.7)
    angle = rng.uniform(-20, 20)
    persp = rng.uniform(0, 0.12)
    quad = target_quad(rng, img.width, img.height, frame, fill, angle, persp)
    # Pre-shrink so the warp never decimates (keeps thin strokes alive).
    side = max(np.linalg.norm(quad[1] - quad[0]), np.linalg.norm(quad[2] - quad[1]))
    doc = img
    if side < 0.7 * max(img.size):
        k = side / max(img.size) * 1.2
        doc = img.resize((round(img.width * k), round(img.height * k)), Image.LANCZOS)
    sx, sy = doc.width / img.width, doc.height / img.height
    doc = lit_document(blur(doc, radius * doc.width / side), gain, quad, frame)
    x0, y0 = np.floor(quad.min(0)).astype(int)
    x1, y1 = np.ceil(quad.max(0)).astype(int)
    local = quad - [x0, y0]
    src = [(0, 0), (doc.width, 0), (doc.width, doc.height), (0, doc.height)]
    coeffs = homography(src, [tuple(p) for p in local])
    patch = doc.transform((x1 - x0, y1 - y0), Image.PERSPECTIVE, coeffs, Image.BILINEAR)
    mask = Image.new("L", patch.size, 0)
    ImageDraw.Draw(mask).polygon([tuple(p) for p in local], fill=255)
    background, style = desk(rng, nrng, frame, gain, quad)
    background.paste(patch, (int(x0), int(y0)), mask)
    real_fill = polygon_area(quad) / (frame[0] * frame[1])
    params.update(desk=style, fill=round(real_fill, 3), rotation=round(angle, 2),
                  perspective=round(persp, 3), scale=round(max(sx, sy), 3),
                  quad=[[round(float(x)), round(float(y))] for x, y in quad])
    return background


def polygon_area(q):
    """Area of a polygon given as an (n, 2) array (shoelace)."""
    x, y = q[:, 0], q[:, 1]
    return 0.5 * abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))


def shadow(rng, size, quad):
    """The soft shadow of a document lifting off the desk, as an L mask of
    the given (low-resolution) size; quad in the same pixels."""
    mask = Image.new("L", size, 0)
    off = np.array([rng.uniform(-1, 1), rng.uniform(0.3, 1.5)]) * 0.006 * size[0]
    ImageDraw.Draw(mask).polygon([tuple(p + off) for p in quad], fill=110)
    return mask.filter(ImageFilter.GaussianBlur(size[0] / 120))


GAIN_SIZE = (64, 48)


def gain_map(rng, params):
    """Multiplicative light over the frame, at 64x48: a gradient, a vignette,
    a colour cast and sometimes the soft shadow of the phone or a hand.
    Returns uint8 (48, 64, 3) holding gains <= 1 as 0..255."""
    w, h = GAIN_SIZE
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    a = rng.uniform(0, math.tau)
    strength = rng.uniform(0.1, 0.45)
    u = ((xx / w - .5) * math.cos(a) + (yy / h - .5) * math.sin(a))
    g = 1 - strength * (u + 0.5)
    r2 = ((xx / w - .5) ** 2 + (yy / h - .5) ** 2)
    g *= 1 - rng.uniform(0.1, 0.4) * r2 / 0.5
    params["light"] = round(strength, 3)
    if rng.random() < 0.45:
        blob = Image.new("L", (w, h), 0)
        cx, cy, rr = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(8, 26)
        pts = [(cx + rr * rng.uniform(.6, 1.4) * math.cos(t), cy + rr * rng.uniform(.6, 1.4)
                * math.sin(t)) for t in np.linspace(0, math.tau, 9)[:-1]]
        ImageDraw.Draw(blob).polygon(pts, fill=255)
        blob = np.asarray(blob.filter(ImageFilter.GaussianBlur(rng.uniform(1.5, 4))),
                          np.float32) / 255
        depth = rng.uniform(0.2, 0.5)
        g *= 1 - depth * blob
        params["shadow"] = round(depth, 3)
    # The cast tints without brightening, and the brightest spot stays at or
    # under the document's own brightness: a phone's auto-exposure avoids
    # clipping paper to white, and clipped areas would read as glare.
    cast = np.array([rng.uniform(0.9, 1.0) for _ in range(3)], np.float32)
    cast /= cast.max()
    params["cast"] = [round(float(c), 3) for c in cast]
    g = g / max(1e-3, float(g.max())) * rng.uniform(0.88, 1.0)
    return np.clip(g[..., None] * cast * 255, 0, 255).astype(np.uint8)


def lit(img, gain, origin, frame):
    """img (RGB, placed at origin in the frame) multiplied by the part of
    the gain map it covers."""
    gw, gh = GAIN_SIZE
    x0, y0 = origin
    box = (x0 * gw / frame[0], y0 * gh / frame[1], (x0 + img.width) * gw / frame[0],
           (y0 + img.height) * gh / frame[1])
    light = Image.fromarray(gain, "RGB").resize(img.size, Image.BILINEAR, box=box)
    return ImageChops.multiply(img, light)


def lit_document(doc, gain, quad, frame):
    """doc multiplied by the light that falls where it lies in the frame:
    the gain map is warped into the document's coordinates at 1/16 of its
    size (light is smooth), so the full-size work is on the document only."""
    gw, gh = GAIN_SIZE
    small = (max(2, doc.width // 16), max(2, doc.height // 16))
    corners = [(0, 0), (small[0], 0), small, (0, small[1])]
    at = [(x * gw / frame[0], y * gh / frame[1]) for x, y in quad]
    light = Image.fromarray(gain, "RGB").transform(
        small, Image.PERSPECTIVE, homography(at, corners), Image.BILINEAR)
    return ImageChops.multiply(doc, light.resize(doc.size, Image.BILINEAR))


def sensor_noise(rng, nrng, img, params):
    """Luminance sensor noise over the whole frame."""
    # A smaller frame is a downscaled photo: its noise is averaged down
    # (a mean over k x k pixels has 1/k of the deviation).
    sigma = rng.uniform(2, 9) * min(1.0, max(img.size) / 4000)
    params["noise"] = round(sigma, 2)
    noise = noise_field(nrng, img.size, sigma)
    return ImageChops.add(img, noise, scale=1.0, offset=-128)


def noise_field(nrng, frame, sigma):
    """Luminance noise around 128 as an RGB image (equal bands); drawn at
    half resolution (like demosaiced sensor noise, and four times cheaper)
    then doubled."""
    w, h = frame
    half = nrng.standard_normal(((h + 1) // 2, (w + 1) // 2), dtype=np.float32)
    half *= sigma
    half += 128
    np.clip(half, 0, 255, out=half)
    band = Image.fromarray(half.astype(np.uint8), "L")
    return Image.merge("RGB", (band,) * 3).resize((w, h), Image.NEAREST)


def scan(rng, nrng, img):
    """A flat colour scan at ~200 dpi: white bed, slight skew, mild noise."""
    dpi = img.info.get("dpi", (300, 300))[0]
    target = rng.uniform(190, 210)
    k = target / dpi
    doc = img.resize((round(img.width * k), round(img.height * k)), Image.LANCZOS)
    angle = rng.uniform(-2, 2)
    bed = (rng.randint(238, 252),) * 3
    rot = doc.convert("RGBA").rotate(angle, Image.BICUBIC, expand=True)
    mx, my = int(doc.width * rng.uniform(0.04, 0.12)), int(doc.height * rng.uniform(0.04, 0.12))
    out = Image.new("RGB", (rot.width + 2 * mx, rot.height + 2 * my), bed)
    out.paste(rot, (mx, my), rot)
    arr = np.asarray(out, np.float32)
    arr += nrng.normal(0, 1.5, arr.shape[:2]).astype(np.float32)[..., None]
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")
    if rng.random() < 0.5:
        out = out.filter(ImageFilter.GaussianBlur(rng.uniform(0.2, 0.6)))
    params = {"size": "scan", "frame": list(out.size), "dpi": round(target, 1),
              "rotation": round(angle, 2), "jpeg_quality": rng.randint(75, 95)}
    return out, 1, params
