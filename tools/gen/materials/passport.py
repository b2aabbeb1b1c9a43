"""Passport data page (foreign applicants): photo, printed fields and an
ICAO 9303 TD3 machine-readable zone (2 x 44 characters, OCR-B).

Cases: valid, expired, too-soon, bad-check (one check digit wrong ->
doc.mrz_invalid; the dates stay valid).
"""
import datetime as dt

from PIL import ImageDraw

import checkdigits
import dates
import drawing
import fake
from fonts import font

TYPE = "passport"
CASES = {"valid": 4, "expired": 2, "too-soon": 2, "bad-check": 2}
DPI = 500
COUNTRIES = [("UTO", "UTOPIA"), ("USA", "UNITED STATES OF AMERICA"), ("GBR", "UNITED KINGDOM"),
             ("DEU", "GERMANY"), ("FRA", "FRANCE"), ("CAN", "CANADA"), ("AUS", "AUSTRALIA"),
             ("JPN", "JAPAN"), ("KOR", "REPUBLIC OF KOREA"), ("SGP", "SINGAPORE")]
SURNAMES = ["ERIKSSON", "MILLER", "SCHMIDT", "DUBOIS", "TANAKA", "KIM", "SMITH", "NGUYEN",
            "GARCIA", "MARTIN", "LEE", "BROWN", "WAGNER", "ROSSI", "NOVAK"]
GIVEN = ["ANNA", "MARIA", "JOHN", "PETER", "YUKI", "MIN JUN", "LUCAS", "EMMA", "OLIVIA",
         "DAVID", "SOFIA", "HANS", "CLAIRE", "JAMES"]
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


def mrz_name(surname, given):
    """The name field of MRZ line 1 (39 characters)."""
    text = surname.replace(" ", "<") + "<<" + given.replace(" ", "<")
    return (text + "<" * 39)[:39]


def mrz_lines(f):
    """The two TD3 lines for the fields f (ISO dates, number, nationality)."""
    line1 = "P<" + f["country"] + mrz_name(f["surname"], f["given_names"])
    yymmdd = lambda iso: iso[2:4] + iso[5:7] + iso[8:10]  # noqa: E731
    number = (f["number"] + "<<<")[:9]
    born, until = yymmdd(f["birth_date"]), yymmdd(f["valid_until"])
    optional = "<" * 14
    parts = [number + checkdigits.mrz_check(number), f["nationality"],
             born + checkdigits.mrz_check(born), f["sex"],
             until + checkdigits.mrz_check(until), optional + checkdigits.mrz_check(optional)]
    line2 = "".join(parts)
    composite = line2[0:10] + line2[13:20] + line2[21:43]
    return line1, line2 + checkdigits.mrz_check(composite)


def break_check(rng, line2):
    """line2 with one check digit (number, birth, expiry or composite) wrong."""
    pos = rng.choice((9, 19, 27, 43))
    return line2[:pos] + checkdigits.wrong_char(rng, line2[pos], "0123456789") + line2[pos + 1:]


def printed(d):
    """12 MAY 2031, the printed date style of a data page."""
    return f"{d.day:02d} {MONTHS[d.month - 1]} {d.year}"


def draw_page(rng, f, mrz):
    """Render the data page (125 x 88 mm) at DPI."""
    mm = lambda v: drawing.mm(v, DPI)  # noqa: E731
    img = drawing.card_stock(rng, mm(125), mm(88), (238, 232, 240), lines=(200, 180, 210))
    d = ImageDraw.Draw(img)
    head, lab, val = font("sans-bold", mm(3.6)), font("sans", mm(1.9)), font("sans-bold", mm(2.9))
    d.text((mm(6), mm(7)), f"PASSPORT   {f['country_name']}", font=head, fill=(60, 40, 90),
           anchor="ls")
    img.paste(drawing.portrait(rng, mm(32), mm(40)), (mm(6), mm(13)))
    x1, x2 = mm(44), mm(88)
    rows = [((x1, 12), "Type / Type", "P"), ((mm(58), 12), "Code / Code", f["country"]),
            ((x2, 12), "Passport No. / No. du passeport", f["number"]),
            ((x1, 20), "Surname / Nom", f["surname"]),
            ((x1, 28), "Given names / Prénoms", f["given_names"]),
            ((x1, 36), "Nationality / Nationalité", f["country_name"]),
            ((x1, 44), "Date of birth / Date de naissance", printed(dt.date.fromisoformat(
                f["birth_date"]))), ((x2, 44), "Sex / Sexe", f["sex"]),
            ((x1, 52), "Date of issue / Date de délivrance", printed(dt.date.fromisoformat(
                f["valid_from"]))), ((x2, 52), "Authority / Autorité", "MINISTRY OF FOREIGN AFFAIRS"
                                     if rng.random() < 0.5 else "PASSPORT OFFICE"),
            ((x1, 60), "Date of expiry / Date d'expiration", printed(dt.date.fromisoformat(
                f["valid_until"])))]
    for (x, y), label, value in rows:
        d.text((x, mm(y)), label, font=lab, fill=(80, 70, 100), anchor="ls")
        d.text((x, mm(y + 4)), value, font=val if x != x2 or y != 52 else lab,
               fill=drawing.INK, anchor="ls")
    d.rectangle((0, mm(68), mm(125), mm(88)), fill=(246, 244, 246))
    ocr = font("ocrb", mm(3.9))
    for i, line in enumerate(mrz):
        pitch = mm(114) / 44
        for k, ch in enumerate(line):
            d.text((mm(5.5) + k * pitch, mm(76 + 7 * i)), ch, font=ocr, fill=drawing.INK,
                   anchor="ls")
    return img


def make(rng, today, case):
    """The data page and its truth for one case."""
    code, name = rng.choice(COUNTRIES)
    until = dates.pick_until(rng, today, "valid" if case == "bad-check" else case)
    start = dates.add_years(until, -rng.choice((5, 10))) + dt.timedelta(days=1)
    if start > today:
        start = dates.add_years(until, -10) + dt.timedelta(days=1)
    born = fake.birth_date(rng, 20, 70, today)
    number = rng.choice("CEGKLNPX") + "".join(rng.choice("0123456789") for _ in range(8))
    f = {"country": code, "country_name": name, "nationality": code, "number": number,
         "surname": rng.choice(SURNAMES), "given_names": rng.choice(GIVEN),
         "sex": rng.choice("MF"), "birth_date": born.isoformat(),
         "valid_from": start.isoformat(), "valid_until": until.isoformat()}
    mrz = list(mrz_lines(f))
    if case == "bad-check":
        mrz[1] = break_check(rng, mrz[1])
        verdict, rules = "fail", ["doc.mrz_invalid"]
    else:
        verdict, rules = dates.verdict_rules(today, until)
    f["mrz"] = mrz
    img = draw_page(rng, f, mrz)
    img.info["dpi"] = (DPI, DPI)
    return img, {"expect": {"verdict": verdict, "rules": rules, "fields": f},
                 "photo": "document"}
