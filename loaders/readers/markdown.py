"""Markdown notes, with YAML front matter and Obsidian-style ``[[wiki links]]``.

Front matter keys read: ``title``, ``date``, ``publisher``, ``source``,
``tickers`` (a list or a comma-separated string), ``thesis``. The note's
text (what evidence indexes into) is the Markdown after the front matter.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ...graph.errors import LoaderError
from ...graph.model import Note, sha256_hex
from .meta import clean_meta, parse_date
from .text import decode_text

__all__ = ["MarkdownReader", "clean_meta", "parse_date", "parse_front_matter"]

#: Front matter longer than this (characters) is refused rather than parsed.
MAX_FRONT_MATTER = 256 * 1024

_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)
_WIKI = re.compile(r"\[\[([^\[\]|#\n]{1,200})(?:[#|][^\[\]\n]{0,200})?\]\]")


def parse_front_matter(path: Path, text: str) -> tuple[dict[str, Any], str]:
    """Split YAML front matter from the body; a LoaderError names the file when it is malformed."""
    import yaml

    m = _FRONT.match(text)
    if not m:
        return {}, text
    if m.end() > MAX_FRONT_MATTER:
        raise LoaderError(str(path), f"front matter is longer than {MAX_FRONT_MATTER:,} characters")
    try:
        meta = yaml.load(m.group(1) or "", Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise LoaderError(str(path), f"malformed YAML front matter{where}: {clean_meta(getattr(exc, 'problem', exc), limit=120)}") from None
    except (ValueError, OverflowError, RecursionError) as exc:  # e.g. a date such as 2025-08-34
        raise LoaderError(str(path), f"malformed YAML front matter: {clean_meta(exc, limit=120)}") from None
    if not isinstance(meta, dict):
        raise LoaderError(str(path), "front matter must be a YAML mapping (key: value lines)")
    return meta, text[m.end() :]


def _tickers(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list):
        items = value[:200]
    elif isinstance(value, (str, int, float)):
        items = str(value).split(",")[:200]
    else:
        return ()
    out = []
    for item in items:
        t = clean_meta(item, limit=40)
        if t:
            out.append(t)
    return tuple(out)


class MarkdownReader:
    """``.md`` and ``.markdown`` notes: front matter is metadata, the rest is the note's text."""

    suffixes = (".md", ".markdown")
    format = "markdown"

    def read(self, path: Path, data: bytes) -> Note:
        raw = decode_text(path, data)
        meta, body = parse_front_matter(path, raw)
        if not body.strip():
            raise LoaderError(str(path), "the note has front matter but no text")
        links = tuple(
            dict.fromkeys(t for t in (clean_meta(m.group(1), limit=200) for m in _WIKI.finditer(body)) if t)
        )
        title = clean_meta(meta.get("title"), limit=300)
        if title is None:
            heading = re.search(r"^#{1,3}[ \t]+(\S[^\n]*)$", body, re.MULTILINE)
            first = heading or re.search(r"^[ \t]*(\S[^\n]*)$", body, re.MULTILINE)
            title = clean_meta(first.group(1) if first else None, limit=300)
        source = clean_meta(meta.get("source"), limit=2000)
        known = {"title", "date", "publisher", "source", "tickers", "thesis"}
        extra = tuple(
            (key, clean_meta(v) or "")
            for key, v in ((clean_meta(k, limit=100), v) for k, v in list(meta.items())[:100])
            if key and key not in known
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
