"""Dates as articles carry them, to the most precise form known: ``YYYY-MM-DD`` or ``YYYY-MM``."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone

_ISO = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?=$|[T\s]|[+-]\d\d|Z)")
_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:$|T)")
_MONTHS = {
    **{m: i for i, m in enumerate("january february march april may june july august september october november december".split(), 1)},
    **{m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)},
    "sept": 9,
    **{m: i for i, m in enumerate("janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(), 1)},
    "fevrier": 2, "aout": 8, "decembre": 12,
}
_WORDS = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)


def normalise_date(value) -> str | None:
    """``YYYY-MM-DD`` or ``YYYY-MM`` from what scrapers and pages write, or None when it is not a date.

    Read: ISO 8601 and its prefixes ("2019-05-12T10:00:00Z", "2019-05"), ``DD/MM/YYYY`` (day
    first, as French and Vietnamese sites write it), RFC 2822 ("Tue, 12 May 2019 10:00:00 +0000"),
    "12 mai 2019", "May 12, 2019", "mai 2019", and Unix timestamps (seconds or milliseconds).
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        seconds = value / 1000 if value > 1e11 else value
        if 0 < seconds < 4e9:
            return datetime.fromtimestamp(seconds, timezone.utc).date().isoformat()
        return None
    text = str(value).strip()
    if not text:
        return None
    m = _ISO.match(text)
    if m:
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None)
    m = _DMY.match(text)
    if m:
        return _valid(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    m = _COMPACT.match(text)
    if m:
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return _from_words(text)


def _from_words(text: str) -> str | None:
    """"12 mai 2019", "Tue, 12 May 2019 10:00", "May 12, 2019", "mai 2019"."""
    words = [w.lower() for w in _WORDS.findall(text)][:8]
    month = next((i for i, w in enumerate(words) if _MONTHS.get(w)), None)
    if month is None:
        return None
    years = [int(w) for w in words if w.isdigit() and len(w) == 4]
    if not years:
        return None
    # "12 mai", "1er août" (split as "1", "er"), "May 12"
    days = [int(w) for w in words[max(0, month - 2) : month + 2] if w.isdigit() and len(w) <= 2]
    return _valid(years[0], _MONTHS[words[month]], days[0] if days else None)


def _valid(year: int, month: int, day: int | None) -> str | None:
    if not (1000 <= year <= 2999 and 1 <= month <= 12):
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
