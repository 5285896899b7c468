"""Partial dates ("2019", "2019-06", "2019-06-14") as used in sources and imports."""

import datetime
import re

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def parse_partial_date(value):
    """Return (date, precision) for "YYYY", "YYYY-MM" or "YYYY-MM-DD"; (None, "day") when empty.

    Raises ValueError with a readable message for anything else.
    """
    if value in (None, ""):
        return None, "day"
    if isinstance(value, datetime.date):
        return value, "day"
    match = _PARTIAL.match(str(value).strip())
    if not match:
        raise ValueError(f"“{value}” is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = match.groups()
    precision = "day" if day else "month" if month else "year"
    return datetime.date(int(year), int(month or 1), int(day or 1)), precision
