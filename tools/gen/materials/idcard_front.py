"""Resident ID card, front (人像面): 姓名 性别 民族 出生 住址 公民身份号码 and a photo.

The GB 11643 number's birth date and sex agree with the printed ones.
Cases: valid, bad-check (a wrong check character -> doc.id_number_invalid).
"""
from PIL import ImageDraw

from materials.idcard_back import laminate
import checkdigits
import datetime as dt
import drawing
import fake
from fonts import font

TYPE = "id-card-front"
CASES = {"valid": 4, "bad-check": 1}
DPI = 600
LABEL = (40, 110, 170)


def draw_card(rng, f):
    """Render the card with the fields f at DPI."""
    mm = lambda v: drawing.mm(v, DPI)  # noqa: E731
    w, h = mm(85.6), mm(54)
    img = drawing.card_stock(rng, w, h, (232, 238, 236), lines=(175, 205, 210))
    d = ImageDraw.Draw(img)
    lab, val = font("hei", mm(2.6)), font("hei", mm(3.3))
    lx, vx = mm(6), mm(17)
    d.text((lx, mm(10)), "姓 名", font=lab, fill=LABEL, anchor="ls")
    d.text((vx, mm(10)), f["name"], font=font("hei", mm(3.8)), fill=drawing.INK, anchor="ls")
    d.text((lx, mm(17)), "性 别", font=lab, fill=LABEL, anchor="ls")
    d.text((vx, mm(17)), f["sex"], font=val, fill=drawing.INK, anchor="ls")
    d.text((mm(28), mm(17)), "民 族", font=lab, fill=LABEL, anchor="ls")
    d.text((mm(38), mm(17)), f["ethnicity"], font=val, fill=drawing.INK, anchor="ls")
    born = dt.date.fromisoformat(f["birth_date"])
    d.text((lx, mm(24)), "出 生", font=lab, fill=LABEL, anchor="ls")
    x = vx
    for part, unit in ((str(born.year), "年"), (str(born.month), "月"), (str(born.day), "日")):
        d.text((x, mm(24)), part, font=val, fill=drawing.INK, anchor="ls")
        x += d.textlength(part, font=val) + mm(1.2)
        d.text((x, mm(24)), unit, font=lab, fill=LABEL, anchor="ls")
        x += d.textlength(unit, font=lab) + mm(1.6)
    d.text((lx, mm(31)), "住 址", font=lab, fill=LABEL, anchor="ls")
    for i, line in enumerate(drawing.wrap(d, f["address"], val, mm(34))[:3]):
        d.text((vx, mm(31 + 4.6 * i)), line, font=val, fill=drawing.INK, anchor="ls")
    d.text((lx, mm(48.5)), "公民身份号码", font=lab, fill=LABEL, anchor="ls")
    drawing.spaced(d, (mm(25), mm(48.5)), f["id_number"], font("ocrb", mm(3.8)),
                   drawing.INK, 0.08)
    photo = drawing.portrait(rng, mm(26), mm(32), bg=(226, 234, 236))
    img.paste(photo, (mm(55), mm(8)))
    return drawing.rounded_card(laminate(rng, img), mm(3))


def make(rng, today, case):
    """The card image and its truth for one case."""
    code, prov, city, district = fake.place(rng)
    male = rng.random() < 0.5
    born = fake.birth_date(rng, 18, 70, today)
    number = fake.id_number(rng, code, born, male)
    if case == "bad-check":
        number = number[:17] + checkdigits.wrong_char(rng, number[17], checkdigits.ID_CHECK)
    fields = {"name": fake.person(rng), "sex": "男" if male else "女",
              "ethnicity": rng.choice(fake.ETHNIC), "birth_date": born.isoformat(),
              "address": fake.address(rng, prov, city, district), "id_number": number}
    img = draw_card(rng, fields)
    img.info["dpi"] = (DPI, DPI)
    rules = ["doc.id_number_invalid"] if case == "bad-check" else []
    return img, {"expect": {"verdict": "fail" if rules else "pass", "rules": rules,
                            "fields": fields}, "photo": "document"}
