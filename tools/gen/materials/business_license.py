"""Business licence (营业执照, 2015+ layout): emblem, title, 统一社会信用代码,
a QR code carrying the code, 名称 类型 法定代表人 注册资本 成立日期 营业期限 住所
经营范围, 登记机关 with a red seal and a date.

Cases: valid, long-term (…至长期, 自…至长期 or 长期 alone), expired, too-soon,
bad-uscc (a wrong GB 32100 check character -> doc.uscc_invalid; the term stays
valid). On half of the bad-uscc licences only the print is wrong: the QR code
carries the right code, which must not stand in for the print (a reviewer
compares the two).
"""
import datetime as dt
import random

import qrcode
from PIL import Image, ImageDraw

import checkdigits
import dates
import drawing
import fake
from fonts import font

TYPE = "business-license"
CASES = {"valid": 3, "long-term": 2, "expired": 2, "too-soon": 2, "bad-uscc": 2}
DPI = 200
SCOPES = ["技术开发、技术咨询、技术服务、技术转让", "软件开发", "信息系统集成服务",
          "数据处理和存储支持服务", "互联网信息服务（不含新闻、出版、教育、医疗保健、药品和医疗器械）",
          "广告设计、代理", "电子产品销售", "组织文化艺术交流活动", "会议及展览服务"]
KINDS = ["有限责任公司（自然人投资或控股）", "有限责任公司（自然人独资）", "其他有限责任公司"]
BROWN = (110, 60, 30)


def term(rng, today, case):
    """(成立日期, valid_until or 'long-term') for a case."""
    if case == "long-term":
        return dates.between(rng, dt.date(2005, 1, 1), today - dt.timedelta(days=30)), \
            "long-term"
    until = dates.pick_until(rng, today, "valid" if case == "bad-uscc" else case, 20)
    years = rng.choice((10, 20, 20, 30))
    start = dates.add_years(until, -years) + dt.timedelta(days=rng.choice((0, 1)))
    while start > today:
        years += 10
        start = dates.add_years(until, -years)
    return start, until


def term_text(start, until_text, uscc):
    """营业期限 as printed: from-to, and for a long-term licence also the
    自…至长期 and bare 长期 forms. The form is drawn from a generator of its
    own (seeded by the code), so that the image's other draws stay as
    they were."""
    text = f"{dates.chinese(start)}至{until_text}"
    if until_text != "长期":
        return text
    return random.Random("term:" + uscc).choice((text, text, "自" + text, "长期"))


def qr_image(text, px):
    """A QR code as a px x px RGB image."""
    qr = qrcode.QRCode(border=2, box_size=10, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(text)
    qr.make(fit=True)
    return qr.make_image(fill_color="black", back_color="white").get_image() \
        .convert("RGB").resize((px, px), Image.NEAREST)


def frame(d, w, h, s):
    """The licence's decorative double border."""
    d.rectangle((s * 3, s * 3, w - s * 3, h - s * 3), outline=BROWN, width=s)
    d.rectangle((s * 6, s * 6, w - s * 6, h - s * 6), outline=BROWN, width=max(1, s // 3))
    for x in range(s * 8, w - s * 8, s * 6):
        d.ellipse((x, s * 4, x + s, s * 5), fill=BROWN)
        d.ellipse((x, h - s * 5, x + s, h - s * 4), fill=BROWN)


def draw_licence(rng, f, today):
    """Render the licence (297 x 210 mm landscape) at DPI."""
    mm = lambda v: drawing.mm(v, DPI)  # noqa: E731
    w, h = mm(297), mm(210)
    img = Image.new("RGB", (w, h), (250, 247, 240))
    drawing.guilloche(rng, img, (236, 226, 206), count=30)
    d = ImageDraw.Draw(img)
    frame(d, w, h, mm(2))
    em = drawing.emblem(mm(26))
    img.paste(em, (w // 2 - em.width // 2, mm(14)), em)
    drawing.spaced(d, (mm(106), mm(60)), "营业执照", font("serif-bold", mm(17)), drawing.INK, 0.5)
    d.text((w // 2, mm(70)), f["copy"], font=font("serif", mm(6)), fill=drawing.INK, anchor="ms")
    small = font("sans", mm(4.2))
    d.text((mm(20), mm(38)), "统一社会信用代码", font=small, fill=drawing.INK, anchor="ls")
    d.text((mm(20), mm(47)), f["uscc"], font=font("sans-bold", mm(5.6)), fill=drawing.INK,
           anchor="ls")
    qr = qr_image(f["qr_text"], mm(34))
    img.paste(qr, (w - mm(58), mm(18)))
    tip = font("sans", mm(2.4))
    for i, line in enumerate(("扫描二维码登录‘国家企业信用", "信息公示系统’了解更多登记、", "备案、许可、监管信息")):
        d.text((w - mm(60), mm(57 + 3.4 * i)), line, font=tip, fill=drawing.INK, anchor="ls")
    lab, val = font("serif-bold", mm(4.6)), font("serif", mm(4.6))
    left = [("名　　称", f["name"]), ("类　　型", f["kind"]), ("法定代表人", f["legal_rep"]),
            ("经营范围", f["scope"])]
    right = [("注册资本", f["capital"]), ("成立日期", f["established_text"]),
             ("营业期限", f["term_text"]), ("住　　所", f["address"])]
    for col, rows in ((mm(22), left), (mm(158), right)):
        y = mm(88)
        for k, v in rows:
            d.text((col, y), k, font=lab, fill=drawing.INK, anchor="ls")
            for line in drawing.wrap(d, v, val, mm(92)):
                d.text((col + mm(28), y), line, font=val, fill=drawing.INK, anchor="ls")
                y += mm(7)
            y += mm(4)
    d.text((w - mm(88), mm(176)), "登记机关", font=lab, fill=drawing.INK, anchor="ls")
    d.text((w - mm(70), mm(190)), dates.chinese(f["issued"]), font=val, fill=drawing.INK,
           anchor="ls")
    seal = drawing.seal(rng, mm(42), f["registrar"])
    drawing.paste_rgba(img, seal, (w - mm(70), mm(158)), multiply=True)
    foot = font("sans", mm(2.6))
    d.text((mm(20), h - mm(12)), "国家企业信用信息公示系统网址：http://www.gsxt.gov.cn",
           font=foot, fill=drawing.INK, anchor="ls")
    d.text((w - mm(20), h - mm(12)), "国家市场监督管理总局监制", font=foot, fill=drawing.INK,
           anchor="rs")
    return img


def make(rng, today, case):
    """The licence and its truth for one case."""
    code, prov, city, district = fake.place(rng)
    uscc = fake.uscc(rng, code)
    qr_code = uscc
    if case == "bad-uscc":
        uscc = uscc[:17] + checkdigits.wrong_char(rng, uscc[17], checkdigits.USCC_CHARSET)
        # Drawn apart from rng, so that the other draws stay as they were.
        if random.Random("qr:" + uscc).random() >= 0.5:
            qr_code = uscc
    start, until = term(rng, today, case)
    until_text = "长期" if until == "long-term" else dates.chinese(until)
    issued = dates.between(rng, start, today - dt.timedelta(days=1))
    f = {"uscc": uscc, "name": fake.company(rng, city), "kind": rng.choice(KINDS),
         "legal_rep": fake.person(rng), "capital": f"{rng.choice((10, 50, 100, 200, 500, 1000))}"
         "万元人民币", "established": start.isoformat(),
         "established_text": dates.chinese(start),
         "term_text": term_text(start, until_text, uscc),
         "valid_until": dates.iso(until), "address": fake.address(rng, prov, city, district),
         "scope": "；".join(rng.sample(SCOPES, rng.randint(3, 6))) + "。（依法须经批准的项目，"
         "经相关部门批准后方可开展经营活动）", "copy": rng.choice(("（副　本）", "（正　本）", "")),
         "issued": issued,
         "registrar": f"{city}{district}市场监督管理局"}
    f["qr_text"] = f"http://www.gsxt.gov.cn/index.html?uniscid={qr_code}"
    img = draw_licence(rng, f, today)
    img.info["dpi"] = (DPI, DPI)
    if case == "bad-uscc":
        verdict, rules = "fail", ["doc.uscc_invalid"]
    else:
        verdict, rules = dates.verdict_rules(today, until)
    f["issued"] = issued.isoformat()
    keep = ("uscc", "name", "legal_rep", "established", "valid_until", "qr_text", "registrar")
    return img, {"expect": {"verdict": verdict, "rules": rules,
                            "fields": {k: f[k] for k in keep}}, "photo": "document"}
