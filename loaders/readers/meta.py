"""What readers share: safe metadata strings, dates, and one layout for extracted text.

Metadata comes from the document itself (front matter, a page's ``<meta>``,
a PDF's info dictionary) and may be hostile: control characters, bidi
overrides, path-traversal strings. It is only ever stored as a literal, with
control and bidi-override characters removed and its length bounded.

HTML and PDF readers rebuild the text from a layout, so they lay it out the
same way: one paragraph per line, paragraphs separated by a blank line,
runs of spaces made one. A Markdown note written one paragraph per line reads
exactly like the page or the PDF made from it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ...graph.errors import LoaderError

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"[ \t\f\v\xa0\u2000-\u200a\u202f\u205f\u3000]+")

#: Date forms accepted in metadata, besides ISO 8601.
DATE_FORMATS = ("%Y/%m/%d", "%d/%m/%Y", "%B %d, %Y", "%d %B %Y", "%b %d, %Y", "%d %b %Y", "%Y%m%d")


def clean_meta(value: Any, *, limit: int = 500) -> str | None:
    """A metadata string with control and bidi-override characters removed, spaces
    collapsed and its length bounded; None when nothing is left."""
    if value is None or isinstance(value, dict):
        return None
    if isinstance(value, (list, tuple)):
        # Only scalars are spelled out: a YAML alias chain can nest lists exponentially deep.
        value = ", ".join(str(v) for v in value[:50] if _scalar(v))
    elif not _scalar(value):
        return None
    s = " ".join(_CONTROL.sub(" ", str(value)[: limit * 4]).split())
    return s[:limit] or None


def _scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, dt.date))


def parse_date(path: Path, value: Any) -> dt.date | None:
    """A date from metadata; a LoaderError names the file when it is not a date."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not _scalar(value):
        raise LoaderError(str(path), "date is not a single value (use YYYY-MM-DD)")
    s = str(value).strip()[:60]
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        pass
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    raise LoaderError(str(path), f"date {clean_meta(s, limit=40)!r} is not a date (use YYYY-MM-DD)")


def lenient_date(value: Any) -> dt.date | None:
    """A date from metadata a reader does not control (a web page, a PDF), None when unreadable."""
    try:
        return parse_date(Path(), value)
    except LoaderError:
        return None


def normalise_line(line: str) -> str:
    """One line with its runs of spaces (any Unicode space) made one, soft hyphens removed."""
    return _SPACES.sub(" ", line.replace("\u00ad", "")).strip()


def first_line(text: str) -> str:
    """The text up to its first newline (without copying the rest of a long text)."""
    end = text.find("\n")
    return text if end < 0 else text[:end]


def layout_paragraphs(paragraphs: Iterable[str]) -> str:
    """Paragraphs laid out one per line, separated by a blank line; empty ones dropped."""
    return "\n\n".join(p for p in (normalise_line(x) for x in paragraphs) if p)
