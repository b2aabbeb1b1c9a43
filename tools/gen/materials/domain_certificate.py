"""Domain certificate (域名证书) issued by a registrar: domain, registrant,
注册日期, 到期日期, the registrar's seal.  Cases: valid, expired, too-soon."""
import datetime as dt

from PIL import Image, ImageDraw

import dates
import drawing
import fake
from fonts import font

TYPE = "domain-certificate"
CASES = {"valid": 3, "expired": 1, "too-soon": 1}
DPI = 200
REGISTRARS = ["星云网络科技有限公司", "中域数据服务有限公司", "云栈信息技术有限公司",
              "万象互联网络有限公司"]
ACCENTS = [(30, 80, 150), (150, 40, 40), (20, 110, 90), (120, 80, 20)]


def draw_certificate(rng, f, portrait):
    """Render the certificate (A4, portrait or landscape) at DPI."""
    mm = lambda v: drawing.mm(v, DPI)  # noqa: E731
    w, h = (mm(210), mm(297)) if portrait else (mm(297), mm(210))
    accent = rng.choice(ACCENTS)
    img = Image.new("RGB", (w, h), (252, 251, 247))
    drawing.guilloche(rng, img, tuple(min(255, c + 170) for c in accent), count=20)
    d = ImageDraw.Draw(img)
    d.rectangle((mm(8), mm(8), w - mm(8), h - mm(8)), outline=accent, width=mm(2.5))
    d.rectangle((mm(12), mm(12), w - mm(12), h - mm(12)), outline=accent, width=mm(0.6))
    cx = w // 2
    top = mm(45)
    d.text((cx, top), "域名注册证书", font=font("serif-bold", mm(14)), fill=accent, anchor="ms")
    d.text((cx, top + mm(12)), "Domain Name Registration Certificate",
           font=font("sans", mm(5)), fill=accent, anchor="ms")
    body = font("serif", mm(5.2))
    d.text((cx, top + mm(28)), "兹证明以下域名已在本注册服务机构注册，注册信息如下：", font=body,
           fill=drawing.INK, anchor="ms")
    rows = [("域名 Domain Name", f["domain"]), ("注册人 Registrant", f["registrant"]),
            ("注册日期 Registration Date", f["registered_text"]),
            ("到期日期 Expiration Date", f["valid_until_text"]),
            ("注册商 Registrar", f["registrar"]), ("证书编号 Certificate No.", f["cert_no"])]
    lab, val = font("sans", mm(4.6)), font("sans-bold", mm(5.6))
    y = top + mm(48)
    x = mm(35) if portrait else mm(60)
    for k, v in rows:
        d.text((x, y), k, font=lab, fill=(90, 90, 90), anchor="ls")
        d.text((x + mm(72), y), v, font=val, fill=drawing.INK, anchor="ls")
        d.line((x + mm(72), y + mm(2), w - x, y + mm(2)), fill=(200, 200, 200), width=2)
        y += mm(14 if portrait else 12)
    seal = drawing.seal(rng, mm(44), f["registrar"], "域名证书专用章")
    drawing.paste_rgba(img, seal, (w - x - mm(55), h - mm(75)), multiply=True)
    d.text((w - x - mm(30), h - mm(30)), dates.chinese(f["issued"]), font=body,
           fill=drawing.INK, anchor="ms")
    return img


def make(rng, today, case):
    """The certificate and its truth for one case."""
    _, _, city, _ = fake.place(rng)
    until = dates.pick_until(rng, today, case, max_years=10)
    registered = dates.add_years(until, -rng.randint(1, 10))
    while registered > today:
        registered = dates.add_years(registered, -1)
    issued = dates.between(rng, registered, min(today, until))
    style = rng.choice((dates.iso, dates.chinese))
    f = {"domain": fake.domain(rng), "registrant": rng.choice(
        (fake.company(rng, city), fake.person(rng))), "registered": registered.isoformat(),
        "valid_until": until.isoformat(), "registered_text": style(registered),
        "valid_until_text": style(until), "registrar": rng.choice(REGISTRARS),
        "cert_no": f"ZC{rng.randint(10 ** 9, 10 ** 10 - 1)}", "issued": issued}
    img = draw_certificate(rng, f, rng.random() < 0.5)
    img.info["dpi"] = (DPI, DPI)
    f["issued"] = issued.isoformat()
    verdict, rules = dates.verdict_rules(today, until)
    keep = ("domain", "registrant", "registered", "valid_until", "registrar")
    return img, {"expect": {"verdict": verdict, "rules": rules,
                            "fields": {k: f[k] for k in keep}}, "photo": "document"}
