"""港澳居民来往内地通行证: number H or M + 8 digits, 10-year validity ending the
day before the anniversary.  Cases: valid, expired, too-soon."""
import permitcard

TYPE = "hkmo-permit"
CASES = {"valid": 3, "expired": 1, "too-soon": 1}


def make(rng, today, case):
    """The permit card and its truth for one case."""
    number = rng.choice("HHM") + "".join(rng.choice("0123456789") for _ in range(8))
    return permitcard.make_permit(
        rng, today, case, number, 10, "港澳居民来往内地通行证",
        "MAINLAND TRAVEL PERMIT FOR HONG KONG AND MACAO RESIDENTS", "换证次数",
        (226, 232, 242))
