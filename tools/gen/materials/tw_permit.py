"""台湾居民来往大陆通行证: 8-digit number, 5-year validity ending the day before
the anniversary.  Cases: valid, expired, too-soon."""
import drawing
import permitcard
from materials.idcard_back import laminate

TYPE = "tw-permit"
CASES = {"valid": 3, "expired": 1, "too-soon": 1}


def make(rng, today, case):
    """The permit card and its truth for one case."""
    number = "".join(rng.choice("0123456789") for _ in range(8))
    img, truth = permitcard.make_permit(
        rng, today, case, number, 5, "台湾居民来往大陆通行证",
        "MAINLAND TRAVEL PERMIT FOR TAIWAN RESIDENTS", "签发次数", (236, 232, 222))
    # Through its laminate, as the ID cards (corners kept the desk's white).
    dpi = img.info.get("dpi")
    img = drawing.rounded_card(laminate(rng, img.convert("RGB")),
                               drawing.mm(3, permitcard.DPI))
    img.info["dpi"] = dpi
    return img, truth
