"""台湾居民来往大陆通行证: 8-digit number, 5-year validity ending the day before
the anniversary.  Cases: valid, expired, too-soon."""
import permitcard

TYPE = "tw-permit"
CASES = {"valid": 3, "expired": 1, "too-soon": 1}


def make(rng, today, case):
    """The permit card and its truth for one case."""
    number = "".join(rng.choice("0123456789") for _ in range(8))
    return permitcard.make_permit(
        rng, today, case, number, 5, "台湾居民来往大陆通行证",
        "MAINLAND TRAVEL PERMIT FOR TAIWAN RESIDENTS", "签发次数", (236, 232, 222))
