"""Resident ID card, back (国徽面): emblem, title, issuing office, 有效期限.

Cases: valid, long-term, expired, too-soon, inconsistent (a span other than
5/10/20 years, or an end month-day unlike the start's).

Most cards are photographed through their laminate: laminate() lays its
sheen over the print (the front uses it too).
"""
import datetime as dt
import math

import numpy as np
from PIL import Image, ImageDraw

import dates
import drawing
import fake
from fonts import font

TYPE = "id-card-back"
CASES = {"valid": 4, "long-term": 1, "expired": 2, "too-soon": 2, "inconsistent": 1}
DPI = 600
SPANS = (5, 10, 20)


def validity(rng, today, case):
    """(valid_from, valid_until) for a case; valid_until may be 'long-term'."""
    if case == "long-term":
        return dates.between(rng, dt.date(1995, 1, 1), today - dt.timedelta(days=60)), \
            "long-term"
    span = rng.choice(SPANS)
    while True:
        until = dates.pick_until(rng, today, "valid" if case == "inconsistent" else case,
                                 max_years=span)
        start = dates.add_years(until, -span)
        if case == "inconsistent":
            start = inconsistent_start(rng, until, start)
        if until.day <= 28 and dt.date(1984, 1, 1) <= start <= today:
            break
    return start, until


def inconsistent_start(rng, until, start):
    """A start date no real card has with this end: a span of other than
    5/10/20 years, or the day before the anniversary as on permits."""
    if rng.random() < 0.5:
        return dates.add_years(until, -rng.choice((3, 7, 8, 12, 15)))
    return start + dt.timedelta(days=rng.choice((1, 2, -1)))


def laminate(rng, img):
    """The card's laminate under a phone's light, on most cards: a broad soft
    band lifting the print towards white (ink keeps at least half its
    contrast, so a person still reads every digit) with the film's faint
    rainbow, as real cards show. Returns a new RGB image."""
    if rng.random() < 0.35:
        return img
    w, h = img.size
    sw, sh = max(2, w // 8), max(2, h // 8)
    yy, xx = np.mgrid[0:sh, 0:sw].astype(np.float32)
    a = rng.uniform(0, math.pi)
    across = (xx / sw - rng.uniform(0.1, 0.9)) * math.cos(a) * w / h + \
        (yy / sh - rng.uniform(0.1, 0.9)) * math.sin(a)
    width = rng.uniform(0.12, 0.35)
    band = np.exp(-(across / width) ** 2) * rng.uniform(0.15, 0.45)
    hue = across * rng.uniform(8, 18)
    tint = np.stack([np.sin(hue + k * math.tau / 3) for k in range(3)], -1)
    tint = 1 + tint * rng.uniform(0.02, 0.05) * band[..., None] / 0.45
    small = np.stack([band, tint[..., 0], tint[..., 1], tint[..., 2]], -1)
    big = [np.asarray(Image.fromarray(small[..., k].astype(np.float32), "F")
                      .resize((w, h), Image.BILINEAR)) for k in range(4)]
    arr = np.asarray(img, np.float32)
    lift = big[0][..., None]
    arr = arr + (255 - arr) * lift
    arr = arr * np.stack(big[1:], -1)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")


def draw_card(rng, issuer, start, until):
    """Render the card at DPI."""
    w, h = drawing.mm(85.6, DPI), drawing.mm(54, DPI)
    img = drawing.card_stock(rng, w, h, (222, 236, 233), lines=(150, 200, 195))
    em = drawing.emblem(drawing.mm(18, DPI))
    img.paste(em, (drawing.mm(7, DPI), drawing.mm(5, DPI)), em)
    d = ImageDraw.Draw(img)
    x = drawing.mm(31, DPI)
    drawing.spaced(d, (x, drawing.mm(13, DPI)), "中华人民共和国",
                   font("serif-bold", drawing.mm(5.2, DPI)), drawing.INK, 0.25)
    drawing.spaced(d, (x - drawing.mm(2, DPI), drawing.mm(25, DPI)), "居民身份证",
                   font("serif-bold", drawing.mm(8, DPI)), drawing.INK, 0.3)
    label, value = font("hei", drawing.mm(2.9, DPI)), font("sans", drawing.mm(3.2, DPI))
    lx, vx = drawing.mm(18, DPI), drawing.mm(34, DPI)
    until_text = until if isinstance(until, str) else dates.dotted(until)
    if until_text == "long-term":
        until_text = "长期"
    rows = [("签发机关", issuer), ("有效期限", f"{dates.dotted(start)}-{until_text}")]
    for i, (k, v) in enumerate(rows):
        y = drawing.mm(43 + 6.5 * i, DPI)
        drawing.spaced(d, (lx, y), k, label, drawing.INK, 0.05)
        d.text((vx, y), v, font=value, fill=drawing.INK, anchor="ls")
    return drawing.rounded_card(laminate(rng, img), drawing.mm(3, DPI))


def make(rng, today, case):
    """The card image and its truth for one case."""
    _, _, city, district = fake.place(rng)
    issuer = f"{city}公安局{district.rstrip('区')}分局"
    start, until = validity(rng, today, case)
    img = draw_card(rng, issuer, start, until)
    img.info["dpi"] = (DPI, DPI)
    if case == "inconsistent":
        verdict, rules = "fail", ["doc.dates_inconsistent"]
    else:
        verdict, rules = dates.verdict_rules(today, until)
    fields = {"issuer": issuer, "valid_from": start.isoformat(),
              "valid_until": dates.iso(until)}
    return img, {"expect": {"verdict": verdict, "rules": rules, "fields": fields},
                 "photo": "document"}
