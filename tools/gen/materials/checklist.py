"""Verification checklist (网站备案信息真实性核验单): title, a table of filing
details, a promise paragraph, the bottom 网站负责人签字 box and the date line.

Two layouts: "national" (two-column table, label at the top left of the
signature box, 核验日期 inside the box) and "guangdong" (four-column table,
a header line, the label in its own cell left of the signature cell, 日期
below the box).  Signatures are synthesised handwriting: smooth random
strokes with pressure-like width, in black, blue or red ballpoint ink.
A red round seal (star, rim text) is stamped partly over the signature for
organisations.

Cases: signed, signed-sealed (organisation), blue, red, unsigned,
blue-sealed and red-sealed (organisation, the seal partly over the
coloured signature), no-seal (an organisation's form without a seal),
no-date (warning), cut-off (the page runs off the photo, its header or a
side: photos only, a flat scan cannot show it).  A third of the forms lie
partly in the shadow of a phone or hand held over the signature block, its
sharp edge across the signature box (no ink).  Stroke widths run from a
fine 0.2 mm gel pen to a 0.9 mm felt tip.  Truth "expect" carries "entity" when the
expectation assumes one: run the check with --entity organisation then.
"""
import datetime as dt
import math

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

TYPE = "checklist"
CASES = {"signed": 4, "signed-sealed": 3, "blue": 2, "red": 1, "unsigned": 2,
         "blue-sealed": 1, "red-sealed": 1, "no-seal": 1, "no-date": 1, "cut-off": 1}
DPI = 200
TITLE = "网站备案信息真实性核验单"
INKS = {"black": [(22, 22, 26), (35, 33, 38), (12, 14, 20)],
        "blue": [(28, 48, 165), (35, 70, 150), (20, 40, 120), (52, 78, 175)],
        "red": [(200, 28, 36), (185, 40, 50), (170, 30, 60)]}
PAPER = (250, 250, 247)
PRINT = (25, 25, 28)
FONT_FILES = {
    "sans": [("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
             ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0)],
    "sans-bold": [("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
                  ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0)],
    "serif": [("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
              ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2)],
    "serif-bold": [("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 2),
                   ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2)],
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红"
CITIES = ["北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "南京", "西安", "东莞"]
TRADES = ["科技", "网络", "信息技术", "软件", "电子商务", "文化传媒", "数据服务"]
ISPS = ["阿里云计算有限公司", "腾讯云计算（北京）有限责任公司", "北京京东尚科信息技术有限公司",
        "华为云计算技术有限公司"]

_fonts = {}


def font(kind, px):
    """A cached FreeType font of the given kind at px pixels."""
    key = (kind, int(px))
    if key not in _fonts:
        for path, index in FONT_FILES[kind]:
            try:
                _fonts[key] = ImageFont.truetype(path, int(px), index=index)
                break
            except OSError:
                continue
        else:
            raise FileNotFoundError(f"no font for '{kind}': install fonts-noto-cjk")
    return _fonts[key]


def mm(v):
    """Millimetres to pixels at DPI."""
    return int(round(v * DPI / 25.4))


def person(rng):
    """A random Chinese name."""
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def details(rng, entity):
    """The filing details printed in the table, as (label, value) rows."""
    city = rng.choice(CITIES)
    org = f"{city}{rng.choice('华新恒信锐博宏远')}{rng.choice('创达盛通智联云')}" \
          f"{rng.choice(TRADES)}有限公司"
    lead = person(rng)
    dom = "".join(rng.choice("abcdefghkmnprstwxyz") for _ in range(rng.randint(4, 9)))
    rows = [("主办单位名称" if entity == "organisation" else "主办者姓名",
             org if entity == "organisation" else lead),
            ("主办单位性质", "企业" if entity == "organisation" else "个人"),
            ("网站名称", f"{dom.capitalize()}官网"),
            ("网站域名", f"www.{dom}.{rng.choice(['com', 'cn', 'com.cn', 'net'])}"),
            ("网站负责人姓名", lead),
            ("证件号码", "".join(str(rng.randint(0, 9)) for _ in range(17)) + "X"),
            ("联系电话", "1" + "".join(str(rng.randint(0, 9)) for _ in range(10))),
            ("电子邮箱", f"{dom}@{rng.choice(['163.com', 'qq.com', 'foxmail.com'])}"),
            ("接入服务商", rng.choice(ISPS))]
    return org, rows


PROMISE = ("本人（单位）承诺：所提交的网站备案信息真实有效，网站负责人已当面核验，"
           "如有虚假，愿意承担由此产生的一切法律责任。本核验单须由网站负责人本人用黑色"
           "签字笔签字，单位主体须加盖单位公章。")


def wrap(draw, text, f, width):
    """Split CJK text into lines no wider than width."""
    lines, cur = [], ""
    for ch in text:
        if cur and draw.textlength(cur + ch, font=f) > width:
            lines.append(cur)
            cur = ch
        else:
            cur += ch
    return lines + ([cur] if cur else [])


def grid(draw, x0, y0, widths, row_h, rows, f):
    """A bordered table; rows are lists of cell texts (one per column)."""
    lw = max(2, mm(0.3))
    total = sum(widths)
    y = y0
    draw.line((x0, y, x0 + total, y), fill=PRINT, width=lw)
    for cells in rows:
        x = x0
        for text, w in zip(cells, widths):
            draw.text((x + mm(2), y + row_h / 2), text, font=f, fill=PRINT, anchor="lm")
            x += w
        y += row_h
        draw.line((x0, y, x0 + total, y), fill=PRINT, width=lw)
    x = x0
    for w in [0] + list(widths):
        x += w
        draw.line((x, y0, x, y), fill=PRINT, width=lw)
    return y


def layout_national(rng, page, entity, rows):
    """National template.  Returns (signature area, date area) boxes."""
    d = ImageDraw.Draw(page)
    w = page.width
    d.text((w / 2, mm(28)), TITLE, font=font("serif-bold", mm(7.5)), fill=PRINT, anchor="ms")
    small = font("sans", mm(3.4))
    d.text((mm(20), mm(38)), f"核验单编号：{rng.randint(10**11, 10**12 - 1)}", font=small,
           fill=PRINT, anchor="ls")
    y = grid(d, mm(20), mm(42), [mm(45), mm(125)], mm(10.5),
             [list(r) for r in rows], font("sans", mm(3.8)))
    y += mm(8)
    for line in wrap(d, PROMISE, small, mm(170)):
        d.text((mm(20), y), line, font=small, fill=PRINT, anchor="ls")
        y += mm(6)
    top = max(y + mm(4), mm(205))
    box = (mm(20), top, mm(190), mm(275))
    d.rectangle(box, outline=PRINT, width=max(2, mm(0.35)))
    label = font("sans-bold", mm(4.2))
    lx, ly = box[0] + mm(5), box[1] + mm(10)
    d.text((lx, ly), "网站负责人签字：", font=label, fill=PRINT, anchor="ls")
    if entity == "organisation":
        d.text((box[0] + mm(105), ly), "单位公章：", font=label, fill=PRINT, anchor="ls")
    dx, dy = box[0] + mm(95), box[3] - mm(10)
    end = draw_date_line(d, (dx, dy), "核验日期：", label)
    sig = (lx + mm(8), ly + mm(4), box[0] + mm(100), dy - mm(12))
    return sig, (dx, dy, end)


def layout_guangdong(rng, page, entity, rows):
    """Guangdong-style template.  Returns (signature area, date area)."""
    d = ImageDraw.Draw(page)
    w = page.width
    d.text((w / 2, mm(18)), "广东省通信管理局", font=font("sans", mm(4.5)), fill=PRINT,
           anchor="ms")
    kind = "（单位）" if entity == "organisation" else "（个人）"
    d.text((w / 2, mm(32)), TITLE + kind, font=font("sans-bold", mm(7)), fill=PRINT,
           anchor="ms")
    cell = font("sans", mm(3.4))
    quads = []
    for i in range(0, len(rows) - 1, 2):
        quads.append([rows[i][0], rows[i][1][:14], rows[i + 1][0], rows[i + 1][1][:14]])
    quads.append([rows[-1][0], rows[-1][1], "", ""])
    y = grid(d, mm(15), mm(42), [mm(32), mm(58), mm(32), mm(58)], mm(12), quads, cell)
    small = font("serif", mm(3.5))
    y += mm(9)
    for line in wrap(d, PROMISE, small, mm(180)):
        d.text((mm(15), y), line, font=small, fill=PRINT, anchor="ls")
        y += mm(6.5)
    top = max(y + mm(6), mm(190))
    lw = max(2, mm(0.35))
    box = (mm(15), top, mm(195), top + mm(55))
    split = box[0] + mm(42)
    d.rectangle(box, outline=PRINT, width=lw)
    d.line((split, box[1], split, box[3]), fill=PRINT, width=lw)
    label = font("sans", mm(4.2))
    mid = (box[1] + box[3]) / 2
    d.text((box[0] + mm(4), mid), "网站负责人签字", font=label, fill=PRINT, anchor="lm")
    if entity == "organisation":
        d.text((box[0] + mm(4), mid + mm(8)), "（加盖公章）", font=font("sans", mm(3.2)),
               fill=PRINT, anchor="lm")
    dx, dy = mm(110), box[3] + mm(16)
    end = draw_date_line(d, (dx, dy), "日期：", label)
    sig = (split + mm(10), box[1] + mm(8), box[2] - mm(40), box[3] - mm(8))
    return sig, (dx, dy, end)


def draw_date_line(d, xy, text, f):
    """The printed date label with blanks: label ____年___月___日. Returns
    the x positions of the three blanks' starts and the line's end."""
    x, y = xy
    x = d.textlength(text, font=f) + x
    d.text(xy, text, font=f, fill=PRINT, anchor="ls")
    blanks = []
    for unit, width in (("年", mm(18)), ("月", mm(11)), ("日", mm(11))):
        d.line((x, y + mm(1), x + width, y + mm(1)), fill=PRINT, width=max(1, mm(0.2)))
        blanks.append((x, width))
        x += width
        d.text((x + mm(0.5), y), unit, font=f, fill=PRINT, anchor="ls")
        x += d.textlength(unit, font=f) + mm(1.5)
    return blanks


def stroke_path(rng, x, y, w, h):
    """One handwriting-like stroke: a smooth curve through a few random
    points inside (x, y, w, h), as a dense list of points."""
    n = rng.randint(3, 6)
    pts = [(x + rng.uniform(0, w), y + rng.uniform(0, h)) for _ in range(n)]
    out = []
    for i in range(len(pts) - 1):  # Catmull-Rom through the points
        p0, p1 = pts[max(i - 1, 0)], pts[i]
        p2, p3 = pts[i + 1], pts[min(i + 2, len(pts) - 1)]
        for t in np.linspace(0, 1, 24, endpoint=False):
            t2, t3 = t * t, t * t * t
            out.append(tuple(0.5 * ((2 * p1[k]) + (-p0[k] + p2[k]) * t +
                                    (2 * p0[k] - 5 * p1[k] + 4 * p2[k] - p3[k]) * t2 +
                                    (-p0[k] + 3 * p1[k] - 3 * p2[k] + p3[k]) * t3)
                             for k in range(2)))
    out.append(pts[-1])
    return out


def signature(rng, box, colour, width):
    """A handwritten signature (2-4 character-like clusters of strokes) as
    an RGBA layer the size of box's extent, and its tight box."""
    x0, y0, x1, y1 = [int(v) for v in box]
    layer = Image.new("RGBA", (x1 - x0, y1 - y0), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    chars = rng.randint(2, 4)
    ch = min(layer.height * 0.75, mm(rng.uniform(9, 14)))
    cw = ch * rng.uniform(0.8, 1.05)
    sx = rng.uniform(0, max(1, layer.width - chars * cw * 1.1))
    sy = rng.uniform(0, max(1, layer.height - ch))
    slant = rng.uniform(-0.25, 0.1)
    for c in range(chars):
        cx = sx + c * cw * rng.uniform(0.95, 1.15)
        for _ in range(rng.randint(3, 6)):
            path = stroke_path(rng, cx, sy, cw, ch)
            n = len(path)
            for i, (px, py) in enumerate(path):
                px += slant * (py - sy)
                pressure = math.sin(math.pi * (i + 1) / (n + 1)) ** 0.5
                r = max(0.8, width * (0.55 + 0.45 * pressure) / 2)
                d.ellipse((px - r, py - r, px + r, py + r), fill=colour + (235,))
    bb = layer.getbbox() or (0, 0, 1, 1)
    return layer, (x0 + bb[0], y0 + bb[1], x0 + bb[2], y0 + bb[3])


def multiply(page, layer, xy):
    """Ink on paper: multiply an RGBA layer onto the page at xy."""
    x, y = int(xy[0]), int(xy[1])
    region = page.crop((x, y, x + layer.width, y + layer.height))
    a = np.asarray(layer.getchannel("A"), np.float32)[..., None] / 255
    ink = np.asarray(layer.convert("RGB"), np.float32)
    base = np.asarray(region, np.float32)
    out = base * (1 - a) + base * ink / 255 * a
    page.paste(Image.fromarray(np.clip(out, 0, 255).astype(np.uint8), "RGB"), (x, y))


def seal(rng, org, diameter):
    """A red round official seal: ring, star, the organisation's name on the
    rim, uneven ink.  RGBA of diameter x diameter."""
    s = diameter
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    red = (rng.randint(205, 230), rng.randint(20, 45), rng.randint(30, 50))
    ring = max(3, s // 28)
    d.ellipse((1, 1, s - 2, s - 2), outline=red + (255,), width=ring)
    r = s * 0.19
    pts = []
    for i in range(10):
        rad = r if i % 2 == 0 else r * 0.382
        a = math.radians(-90 + i * 36)
        pts.append((s / 2 + rad * math.cos(a), s / 2 + rad * math.sin(a)))
    d.polygon(pts, fill=red + (255,))
    px = int(s * 0.12)
    f = font("sans-bold", px)
    text = org
    start, end = -215, 35
    for i, chr_ in enumerate(text):
        a = start + (end - start) * (i / max(1, len(text) - 1))
        tile = Image.new("RGBA", (px * 2, px * 2), (0, 0, 0, 0))
        ImageDraw.Draw(tile).text((px, px), chr_, font=f, fill=red + (255,), anchor="mm")
        tile = tile.rotate(-(a + 90), resample=Image.BICUBIC)
        rr = s / 2 - ring - px * 0.75
        x = s / 2 + rr * math.cos(math.radians(a)) - px
        y = s / 2 + rr * math.sin(math.radians(a)) - px
        img.alpha_composite(tile, (int(x), int(y)))
    if rng.random() < 0.5:
        ImageDraw.Draw(img).text((s / 2, s * 0.78), "公章", font=font("sans-bold", int(s * .1)),
                                 fill=red + (255,), anchor="mm")
    # Uneven stamp pressure: fade the alpha with low-frequency noise.
    noise = np.random.default_rng(rng.getrandbits(32)).uniform(0.45, 1.0, (8, 8))
    fade = Image.fromarray((noise * 255).astype(np.uint8), "L").resize((s, s), Image.BICUBIC)
    alpha = np.asarray(img.getchannel("A"), np.float32) * np.asarray(fade, np.float32) / 255
    img.putalpha(Image.fromarray(np.clip(alpha * 0.92, 0, 255).astype(np.uint8), "L"))
    return img.rotate(rng.uniform(-25, 25), resample=Image.BICUBIC)


def handwritten_date(rng, page, blanks, colour, today):
    """Fill the date blanks with handwritten-looking digits."""
    date = dt.date.fromordinal(today.toordinal() - rng.randint(0, 20))
    f = font("sans", mm(rng.uniform(4.5, 5.5)))
    for (x, width, base), text in zip(blanks, (str(date.year), str(date.month), str(date.day))):
        tile = Image.new("RGBA", (int(width + mm(6)), mm(10)), (0, 0, 0, 0))
        td = ImageDraw.Draw(tile)
        cx = mm(2)
        for chr_ in text:
            td.text((cx, mm(8) + rng.uniform(-mm(0.6), mm(0.6))), chr_, font=f,
                    fill=colour + (230,), anchor="ls")
            cx += td.textlength(chr_, font=f) * rng.uniform(0.9, 1.1)
        tile = tile.rotate(rng.uniform(-6, 6), resample=Image.BICUBIC)
        multiply(page, tile, (x + rng.uniform(0, max(1, width - cx - mm(2))), base - mm(8.5)))


def desk_scene(rng, page):
    """A page running off a photo: the page on a plain desk, placed so that
    one or two of its sides leave the frame, the header among them at times
    (the signature box stays in view)."""
    pw, ph = page.size
    fw, fh = int(pw * 1.15), int(ph * 0.92)
    base = rng.choice([(150, 105, 60), (60, 60, 70), (120, 90, 120), (45, 40, 38)])
    yy, xx = np.mgrid[0:fh, 0:fw].astype(np.float32)
    tone = 1 + 0.08 * np.sin(xx / rng.uniform(20, 60) + yy / 300.0)
    arr = np.array(base, np.float32)[None, None] * tone[..., None]
    scene = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")
    rot = page.convert("RGBA").rotate(rng.uniform(-4, 4), resample=Image.BICUBIC, expand=True)
    side = rng.choice(("right", "bottom-right", "left", "top", "top-left"))
    x = {"right": fw - rot.width * 0.88, "bottom-right": fw - rot.width * 0.9,
         "left": -rot.width * 0.1, "top": (fw - rot.width) / 2,
         "top-left": -rot.width * 0.08}[side]
    y = {"bottom-right": fh - rot.height * 0.92,
         "top": -rot.height * rng.uniform(0.06, 0.12),
         "top-left": -rot.height * rng.uniform(0.04, 0.1)}.get(side, fh * 0.04)
    y = min(y, fh * 0.05)
    scene.paste(rot, (int(x), int(y)), rot)
    return scene


def cast_shadow(rng, page, area):
    """The shadow of a phone or a hand held over the page, its edge crossing
    the signature area: one side of a line (sometimes of two, a corner)
    darkened, with a penumbra a fraction of a millimetre to a few wide, a
    little bluish (skylight fills it). Real photos show such edges across
    an empty signature box: they are no ink."""
    w, h = page.size
    x0, y0, x1, y1 = area
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    lit = np.ones((h, w), np.float32)
    for _ in range(1 if rng.random() < 0.7 else 2):
        px, py = rng.uniform(x0, x1), rng.uniform(y0, y1)
        a = rng.uniform(0, math.tau)
        d = (xx - px) * math.cos(a) + (yy - py) * math.sin(a)
        soft = max(0.5, mm(rng.uniform(0.1, 2.5)))
        lit = np.minimum(lit, 0.5 * (1 + np.tanh(d / soft)))
    # The shadow reaches over the signature block and fades away from it
    # (a hand's or a phone's, held close): its sharp edge crosses the box.
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    r = np.hypot((xx - cx) / (0.5 * w), (yy - cy) / (0.15 * h))
    reach = np.clip(1.5 - r, 0, 1)
    depth = rng.uniform(0.25, 0.5)
    gain = 1 - depth * (1 - lit) * reach
    tint = np.array([1.0, 1.0, 1.0 + 0.4 * depth], np.float32)
    arr = np.asarray(page, np.float32) * gain[..., None] * tint
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")


def make(rng, today, case):
    """The checklist image and its truth for one case."""
    entity = "organisation" if case in ("signed-sealed", "blue-sealed", "red-sealed",
                                        "no-seal") or \
        (case not in ("signed",) and rng.random() < 0.3) else "personal"
    template = rng.choice(("national", "guangdong"))
    page = Image.new("RGB", (mm(210), mm(297)), PAPER)
    org, rows = details(rng, entity)
    layout = layout_national if template == "national" else layout_guangdong
    sig_area, (dx, dy, blanks) = layout(rng, page, entity, rows)
    ink = {"blue": "blue", "blue-sealed": "blue", "red": "red",
           "red-sealed": "red"}.get(case, "black")
    colour = rng.choice(INKS[ink])
    signed = case != "unsigned"
    sig_box = None
    if signed:
        width = rng.uniform(1.6, 7)
        layer, sig_box = signature(rng, sig_area, colour, width)
        multiply(page, layer, sig_area[:2])
    dated = case != "no-date"
    if dated:
        handwritten_date(rng, page, [(x, w, dy) for x, w in blanks],
                         colour if signed else INKS["black"][0], today)
    sealed = case in ("signed-sealed", "blue-sealed", "red-sealed") or \
        (entity == "organisation" and case not in ("no-seal",) and rng.random() < 0.7)
    if sealed:
        dia = mm(rng.uniform(38, 42))
        st = seal(rng, org, dia)
        ref = sig_box or sig_area
        cx = (ref[0] + ref[2]) / 2 + rng.uniform(0.1, 0.6) * dia * rng.choice((-1, 1))
        cy = (ref[1] + ref[3]) / 2 + rng.uniform(-0.2, 0.2) * dia
        cx = min(max(cx, st.width / 2 + mm(5)), page.width - st.width / 2 - mm(5))
        multiply(page, st, (cx - st.width / 2, cy - st.height / 2))
    if case != "cut-off" and rng.random() < 0.3:
        page = cast_shadow(rng, page, sig_area)
    page = page.filter(ImageFilter.GaussianBlur(0.5))
    page.info["dpi"] = (DPI, DPI)

    rules = []
    if not signed:
        rules.append("checklist.signature_missing")
    elif ink != "black":
        rules.append("checklist.signature_not_black")
    if entity == "organisation" and not sealed:
        rules.append("checklist.seal_missing")
    if not dated:
        rules.append("checklist.date_missing")
    photo = "document"
    if case == "cut-off":
        page = desk_scene(rng, page)
        page.info["dpi"] = (DPI, DPI)
        rules = ["quality.incomplete"]
        photo = "backdrop"
    errors = [r for r in rules if r != "checklist.date_missing"]
    verdict = "fail" if errors else ("warn" if rules else "pass")
    fields = {"signature": {"present": signed, "ink": ink if signed else None},
              "seal": {"present": sealed}, "date": {"present": dated},
              "template": template}
    expect = {"verdict": verdict, "rules": rules, "fields": fields}
    if entity == "organisation":
        expect["entity"] = "organisation"
    return page, {"expect": expect, "photo": photo, "entity": entity}
