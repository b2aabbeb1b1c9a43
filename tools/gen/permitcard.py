"""The card both travel permits share (港澳 and 台湾居民来往内地/大陆通行证):
title, photo, name in Chinese and pinyin, birth, sex, 有效期限, 签发机关,
number and renewal count.  Validity ends the day before the anniversary.
"""
import datetime as dt

from PIL import ImageDraw

import dates
import drawing
import fake
from fonts import font

DPI = 600
PINYIN = ["ZHANG", "CHAN", "WONG", "LEUNG", "LIN", "CHEN", "HO", "LAU", "TSAI", "HUANG"]
GIVEN = ["KA MAN", "WAI KIT", "SIU MING", "YU TING", "CHIA HAO", "MEI LING", "HOI YAN"]


def validity(rng, today, case, years):
    """(valid_from, valid_until): a span of `years` ending the day before the
    anniversary, until chosen by case (valid, expired, too-soon)."""
    while True:
        until = dates.pick_until(rng, today, case, max_years=years)
        start = dates.add_years(until + dt.timedelta(days=1), -years)
        if start <= today:
            return start, until


def draw(rng, title, english, f, tint):
    """Render a permit card with fields f at DPI."""
    mm = lambda v: drawing.mm(v, DPI)  # noqa: E731
    img = drawing.card_stock(rng, mm(85.6), mm(54), tint, lines=(170, 190, 215))
    d = ImageDraw.Draw(img)
    d.text((mm(42.8), mm(6.5)), title, font=font("sans-bold", mm(3.6)), fill=(20, 50, 110),
           anchor="ms")
    d.text((mm(42.8), mm(10)), english, font=font("sans", mm(1.9)), fill=(20, 50, 110),
           anchor="ms")
    img.paste(drawing.portrait(rng, mm(22), mm(28), bg=(230, 234, 240)), (mm(4), mm(13)))
    lab, val = font("hei", mm(2.2)), font("hei", mm(3.0))
    x = mm(30)
    rows = [("姓名", f["name"] + "  " + f["name_en"]), ("出生日期", dates.dotted(
        dt.date.fromisoformat(f["birth_date"])) + "     性别  " + f["sex"]),
        ("有效期限", dates.dotted(dt.date.fromisoformat(f["valid_from"])) + "-" +
         dates.dotted(dt.date.fromisoformat(f["valid_until"]))),
        ("签发机关", f["issuer"])]
    for i, (k, v) in enumerate(rows):
        y = mm(17 + 7 * i)
        d.text((x, y), k, font=lab, fill=(60, 80, 120), anchor="ls")
        d.text((x, y + mm(3.6)), v, font=val, fill=drawing.INK, anchor="ls")
    d.text((mm(30), mm(49)), f["number"], font=font("ocrb", mm(4.2)), fill=(190, 30, 40),
           anchor="ls")
    d.text((mm(62), mm(49)), f"{f['renewals']}", font=font("ocrb", mm(3.2)),
           fill=drawing.INK, anchor="ls")
    d.text((mm(62), mm(44.5)), f["renewal_label"], font=lab, fill=(60, 80, 120), anchor="ls")
    return drawing.rounded_card(img, mm(3))


def make_permit(rng, today, case, number, years, title, english, renewal_label, tint):
    """(image, truth) of a permit with the given number and validity span."""
    male = rng.random() < 0.5
    start, until = validity(rng, today, case, years)
    f = {"name": fake.person(rng), "name_en": f"{rng.choice(PINYIN)}, {rng.choice(GIVEN)}",
         "sex": "男" if male else "女",
         "birth_date": fake.birth_date(rng, 20, 70, today).isoformat(),
         "valid_from": start.isoformat(), "valid_until": until.isoformat(),
         "issuer": "公安部出入境管理局", "number": number,
         "renewals": f"{rng.randint(0, 9):02d}", "renewal_label": renewal_label}
    img = draw(rng, title, english, f, tint)
    img.info["dpi"] = (DPI, DPI)
    verdict, rules = dates.verdict_rules(today, until)
    return img, {"expect": {"verdict": verdict, "rules": rules, "fields": f},
                 "photo": "document"}
