"""Check characters of the identity and organisation codes the materials carry.

GB 11643 (resident ID number), ICAO 9303 (MRZ check digits), GB 11714
(organisation code) and GB 32100 (unified social credit code), as RULES.md
sections 2-4 describe them.  Pure functions; the self-check test recomputes
them independently.
"""

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def id_check(first17):
    """The 18th character of a resident ID number whose first 17 are given."""
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS))
    return ID_CHECK[total % 11]


def mrz_value(c):
    """ICAO 9303 value of one MRZ character: digits as is, A-Z 10-35, '<' 0."""
    if c.isdigit():
        return int(c)
    if c == "<":
        return 0
    return ord(c) - ord("A") + 10


def mrz_check(field):
    """ICAO 9303 check digit (weights 7 3 1, sum mod 10) of a field, as a str."""
    weights = (7, 3, 1)
    total = sum(mrz_value(c) * weights[i % 3] for i, c in enumerate(field))
    return str(total % 10)


def org_check(first8):
    """GB 11714 organisation-code check character of its first 8 characters."""
    total = 0
    for c, w in zip(first8, ORG_WEIGHTS):
        total += (int(c) if c.isdigit() else ord(c) - ord("A") + 10) * w
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def uscc_check(first17):
    """GB 32100 check character of a unified social credit code's first 17."""
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_CHARSET[(31 - total % 31) % 31]


def wrong_char(rng, good, alphabet):
    """A character from alphabet that differs from good (to break a check)."""
    return rng.choice([c for c in alphabet if c != good])
