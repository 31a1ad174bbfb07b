"""Markdown notes, with YAML front matter and Obsidian-style ``[[wiki links]]``.

Front matter keys read: ``title``, ``date``, ``publisher``, ``source``,
``tickers`` (a list or a comma-separated string), ``thesis``. The note's
text (what evidence indexes into) is the Markdown after the front matter.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from ...graph.errors import LoaderError
from ...graph.model import Note, sha256_hex
from .text import decode_text

_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)
_WIKI = re.compile(r"\[\[([^\[\]|#\n]{1,200})(?:[#|][^\[\]\n]{0,200})?\]\]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def parse_front_matter(path: Path, text: str) -> tuple[dict[str, Any], str]:
    """Split YAML front matter from the body; a LoaderError names the file when it is malformed."""
    import yaml

    m = _FRONT.match(text)
    if not m:
        return {}, text
    try:
        meta = yaml.safe_load(m.group(1) or "") or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise LoaderError(str(path), f"malformed YAML front matter{where}: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(meta, dict):
        raise LoaderError(str(path), "front matter must be a YAML mapping (key: value lines)")
    return meta, text[m.end() :]


def clean_meta(value: Any, *, limit: int = 500) -> str | None:
    """A metadata string with control characters removed and its length bounded."""
    if value is None:
        return None
    s = " ".join(_CONTROL.sub(" ", str(value)).split())
    return s[:limit] or None


def parse_date(path: Path, value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = str(value).strip()
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%B %d, %Y", "%d %B %Y", "%b %d, %Y"):
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    raise LoaderError(str(path), f"front matter date {s[:40]!r} is not a date (use YYYY-MM-DD)")


def _tickers(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else str(value).split(",")
    out = []
    for item in items:
        t = clean_meta(item, limit=40)
        if t:
            out.append(t)
    return tuple(out)


class MarkdownReader:
    suffixes = (".md", ".markdown")
    format = "markdown"

    def read(self, path: Path, data: bytes) -> Note:
        raw = decode_text(path, data)
        meta, body = parse_front_matter(path, raw)
        if not body.strip():
            raise LoaderError(str(path), "the note has front matter but no text")
        links = tuple(dict.fromkeys(m.group(1).strip() for m in _WIKI.finditer(body)))
        title = clean_meta(meta.get("title"), limit=300)
        if title is None:
            heading = re.search(r"^#{1,3}\s+(.+)$", body, re.M)
            first = heading.group(1) if heading else next(
                (ln for ln in body.splitlines() if ln.strip()), ""
            )
            title = clean_meta(first, limit=300)
        source = clean_meta(meta.get("source"), limit=2000)
        known = {"title", "date", "publisher", "source", "tickers", "thesis"}
        extra = tuple(
            (str(k), clean_meta(v) or "") for k, v in meta.items() if str(k) not in known
        )
        return Note(
            path=str(path.resolve()),
            text=body,
            sha256=sha256_hex(data),
            format=self.format,
            title=title,
            date=parse_date(path, meta.get("date")),
            publisher=clean_meta(meta.get("publisher"), limit=200),
            source_url=source,
            tickers=_tickers(meta.get("tickers")),
            thesis=clean_meta(meta.get("thesis"), limit=1000),
            links=links,
            extra=extra,
        )
