"""Calendar dates written in a note: "On August 29, 2025", "In February 2025", "2025年2月", "yesterday".

:func:`find_dates` yields each date expression with its span and its value as
``YYYY-MM-DD`` or ``YYYY-MM`` (the form ``tg:date`` takes). Dates without a
year, and relative ones ("yesterday", "last month", "on Monday"), are
resolved against the note's own date; without one they are left out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
_YEAR = r"(?:19|20)\d{2}"
_DATE = re.compile(
    rf"(?P<m1>{_MONTH})\.?\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<y1>{_YEAR})\b)?"
    rf"|(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH})\.?(?:,?\s+(?P<y2>{_YEAR}))?\b"
    rf"|(?P<m3>{_MONTH})\.?,?\s+(?P<y3>{_YEAR})\b"
    rf"|\b(?P<y4>{_YEAR})-(?P<m4>[01]\d)-(?P<d4>[0-3]\d)\b"
    rf"|(?P<y5>{_YEAR})\s*年\s*(?P<m5>1[0-2]|0?[1-9])\s*月(?:\s*(?P<d5>[0-3]?\d)\s*日)?"
    r"|\b(?P<rel>(?i:yesterday|today|last week|last month|earlier this month|this month|last year))\b"
    r"|\b[Oo]n\s+(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)
#: A preposition just before a date belongs to the date expression ("On August 29").
_LEAD = re.compile(r"(?:\b(?:[Oo]n|[Ii]n|[Ss]ince|[Bb]y)\s+)$")


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression: ``[start, end)`` in the text and its value (``YYYY-MM-DD`` or ``YYYY-MM``)."""

    start: int
    end: int
    value: str


def find_dates(text: str, start: int, end: int, today: dt.date | None) -> Iterator[DateMention]:
    """Date expressions inside ``text[start:end]`` whose value can be told."""
    for m in _DATE.finditer(text, start, end):
        value = _value(m, today)
        if value is None:
            continue
        a = m.start()
        lead = _LEAD.search(text, max(start, a - 7), a)
        if lead is not None:
            a = lead.start()
        yield DateMention(a, m.end(), value)


def _value(m: re.Match[str], today: dt.date | None) -> str | None:
    g = m.groupdict()
    if g["rel"]:
        return _relative(g["rel"].lower(), today)
    if g["wd"]:
        if today is None:
            return None
        back = (today.weekday() - _WEEKDAYS.index(g["wd"].lower())) % 7
        return (today - dt.timedelta(days=back)).isoformat()
    for mk, dk, yk in (("m1", "d1", "y1"), ("m2", "d2", "y2"), ("m3", None, "y3"), ("m4", "d4", "y4"), ("m5", "d5", "y5")):
        if g[mk] is None:
            continue
        month = int(g[mk]) if g[mk].isdigit() else _MONTHS[g[mk].lower().rstrip(".")]
        day = int(g[dk]) if dk and g[dk] else None
        year = int(g[yk]) if g[yk] else None
        if year is None:
            if today is None or day is None:
                return None
            year = today.year
            if (month, day) > (today.month, today.day) and month - today.month > 1:
                year -= 1  # "December 28" read in January is last year's
        if day is None:
            return f"{year:04d}-{month:02d}"
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            return None
    return None


def _relative(word: str, today: dt.date | None) -> str | None:
    if today is None:
        return None
    if word == "today":
        return today.isoformat()
    if word == "yesterday":
        return (today - dt.timedelta(days=1)).isoformat()
    if word == "last week":
        return None  # a week is not a month or a day
    if word in ("this month", "earlier this month"):
        return f"{today.year:04d}-{today.month:02d}"
    if word == "last month":
        y, mth = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
        return f"{y:04d}-{mth:02d}"
    return None
