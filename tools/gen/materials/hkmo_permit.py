"""港澳居民来往内地通行证: number H or M + 8 digits, 10-year validity ending the
day before the anniversary.  Cases: valid, expired, too-soon."""
import drawing
import permitcard
from materials.idcard_back import laminate

TYPE = "hkmo-permit"
CASES = {"valid": 3, "expired": 1, "too-soon": 1}


def make(rng, today, case):
    """The permit card and its truth for one case."""
    number = rng.choice("HHM") + "".join(rng.choice("0123456789") for _ in range(8))
    img, truth = permitcard.make_permit(
        rng, today, case, number, 10, "港澳居民来往内地通行证",
        "MAINLAND TRAVEL PERMIT FOR HONG KONG AND MACAO RESIDENTS", "换证次数",
        (226, 232, 242))
    # Through its laminate, as the ID cards (corners kept the desk's white).
    dpi = img.info.get("dpi")
    img = drawing.rounded_card(laminate(rng, img.convert("RGB")),
                               drawing.mm(3, permitcard.DPI))
    img.info["dpi"] = dpi
    return img, truth
