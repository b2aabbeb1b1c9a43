"""Calendar helpers: month arithmetic and the validity windows of the cases.

The 3-month rule (RULES.md section 1) counts calendar months and clamps to the
month's last day.  pick_until() turns a case name into a valid_until date that
icpcheck must judge as intended with the given today.
"""
import calendar
import datetime as dt

MIN_VALIDITY_MONTHS = 3


def add_months(d, months):
    """d plus a number of calendar months, clamped to the target month's end."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(d.day, last))


def add_years(d, years):
    """d plus whole years; 29 February becomes 28 February."""
    return add_months(d, 12 * years)


def limit(today):
    """The last date that is still too soon: today + 3 months."""
    return add_months(today, MIN_VALIDITY_MONTHS)


def between(rng, lo, hi):
    """A uniformly random date in [lo, hi]."""
    return lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


def pick_until(rng, today, case, max_years=10):
    """A valid_until date for a validity case: valid, expired or too-soon.

    valid: more than 3 months after today; too-soon: today up to 3 months
    after it; expired: before today. A document is valid through its last
    printed day, as DESIGN.md words doc.expired ("valid_until is before
    today"), so one ending today is too soon, not expired.
    """
    edge = limit(today)
    if case == "too-soon":
        return between(rng, today, edge)
    if case == "expired":
        return between(rng, today - dt.timedelta(days=5 * 365),
                       today - dt.timedelta(days=1))
    return between(rng, edge + dt.timedelta(days=1), add_years(today, max_years))


def verdict_rules(today, until):
    """The expected (verdict, rules) of a document valid until `until`."""
    if until == "long-term":
        return "pass", []
    if until < today:
        return "fail", ["doc.expired"]
    if until <= limit(today):
        return "fail", ["doc.expiry_too_soon"]
    return "pass", []


def dotted(d):
    """2026.05.12, the style of ID cards and permits."""
    return d.strftime("%Y.%m.%d")


def chinese(d):
    """2026年05月12日, the style of licences."""
    return f"{d.year}年{d.month:02d}月{d.day:02d}日"


def iso(d):
    """ISO date, or 'long-term' passed through."""
    return d if isinstance(d, str) else d.isoformat()
