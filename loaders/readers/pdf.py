"""PDF reports: the text layer, rebuilt into paragraphs that read as the original.

pypdf (the ``pdf`` extra) yields the text line by line as it is laid out on
the page. Lines are put back together into paragraphs: a paragraph ends at a
wider gap between lines, a change of font size, a line well short of the
page's widest (unless it visibly runs on), or a bullet; within one, a line broken inside a word with a hyphen
is joined back (``re-`` + ``covered`` -> ``recovered``, but ``year-over-`` +
``year`` keeps its hyphen), other lines are joined with a space. Page
numbers alone on a line, and running headers and footers (lines repeated at
the top or bottom of most pages), are dropped. The result is laid out like every other
rebuilt text (:mod:`.meta`): one paragraph per line, a blank line between.

Metadata comes from the document information dictionary: ``Title``,
``CreationDate``, the publisher from ``Publisher``, ``Company`` or else
``Author``, and the source from ``Source`` or ``URL``.

An encrypted PDF that does not open with an empty password, a truncated or
damaged file, and a PDF with no text layer (a scan) are each refused with one
line that says so.
"""

from __future__ import annotations

import io
import itertools
import logging
import math
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from ...graph.errors import LoaderError, MissingDependencyError
from ...graph.model import Note, sha256_hex
from .meta import clean_meta, first_line, layout_paragraphs, lenient_date, normalise_line

#: A PDF whose text has fewer word characters than this has no text layer.
MIN_TEXT_CHARS = 20

_WORD = re.compile(r"\w")
_PAGE_NUMBER = re.compile(r"(?i)^(?:page\s*)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?$")
_BULLET = re.compile(r"^(?:[\u2022\u25aa\u25cf\u00b7\u2013\u2014*-]\s|\(?\d{1,2}[.)]\s)")
_SENTENCE_END = re.compile(r"[.!?:;\u3002\uff01\uff1f\"\u201d)]$")
_DIGITS = re.compile(r"\d+")
#: How many lines at the top and at the bottom of a page may be running headers or footers.
_EDGE = 2
_TERMINAL = re.compile(r"[.!?\u3002\uff01\uff1f][\"'\u201d\u2019)\]]?$")
_HYPHENATED = re.compile(r"\b[^\W\d_]+(?:-[^\W\d_]+)+\b")


@dataclass(slots=True)
class _Line:
    text: str
    y: float | None
    size: float


class PdfReader:
    """``.pdf`` files: the text layer as paragraphs, and the document information."""

    suffixes = (".pdf",)
    format = "pdf"

    def read(self, path: Path, data: bytes) -> Note:
        try:
            import pypdf
        except ImportError:
            raise MissingDependencyError("pypdf", "pdf") from None
        name = str(path)
        if b"%PDF-" not in data[:1024]:
            raise LoaderError(name, "not a PDF file (no %PDF- header)")
        if b"%%EOF" not in data.rstrip()[-2048:]:
            raise LoaderError(name, "the PDF is truncated or damaged (no end-of-file marker)")
        with _quiet("pypdf"):
            try:
                reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
                _unlock(name, reader)
                pages = [_page_lines(page) for page in reader.pages]
                info = _info(reader)
            except LoaderError:
                raise
            except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds of error on a damaged file
                raise LoaderError(name, f"the PDF is damaged: {_why(exc)}") from None
        text = layout_paragraphs(_paragraphs(pages))
        if len(_WORD.findall(text[:10_000])) < MIN_TEXT_CHARS:
            raise LoaderError(
                name, "the PDF has no text layer (it may be a scanned image: run OCR on it first)"
            )
        title = clean_meta(info.get("/Title"), limit=300) or clean_meta(
            first_line(text), limit=300
        )
        publisher = next(
            (v for v in (clean_meta(info.get(k), limit=200) for k in ("/Publisher", "/Company", "/Author")) if v),
            None,
        )
        return Note(
            path=str(path.resolve()),
            text=text,
            sha256=sha256_hex(data),
            format=self.format,
            title=title,
            date=lenient_date(info.get("date")),
            publisher=publisher,
            source_url=clean_meta(info.get("/Source") or info.get("/URL"), limit=2000),
            extra=tuple(
                (key, value)
                for key, value in (
                    ("subject", clean_meta(info.get("/Subject"))),
                    ("keywords", clean_meta(info.get("/Keywords"))),
                )
                if value
            ),
        )


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """pypdf logs a warning for every repairable flaw; the user gets one line per file instead."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.ERROR + 10)
    try:
        yield
    finally:
        logger.setLevel(level)


def _why(exc: BaseException) -> str:
    detail = clean_meta(exc, limit=120)
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


def _unlock(name: str, reader: Any) -> None:
    """Open an encrypted PDF with the empty password, or refuse it."""
    from pypdf.errors import DependencyError

    if not reader.is_encrypted:
        return
    try:
        opened = reader.decrypt("")
    except DependencyError:
        raise LoaderError(
            name, "the PDF is encrypted with AES and the 'cryptography' package is not installed"
        ) from None
    if not opened:
        raise LoaderError(name, "the PDF is encrypted with a password; save an unprotected copy")


def _info(reader: Any) -> dict[str, Any]:
    """The document information as plain values; a malformed entry is left out, not fatal."""
    out: dict[str, Any] = {}
    meta = _guarded(lambda: reader.metadata)
    if meta is None:
        return out
    for key in ("/Title", "/Author", "/Publisher", "/Company", "/Subject", "/Keywords", "/Source", "/URL"):
        value = _guarded(partial(_entry, meta, key))
        if value is not None:
            out[key] = value
    out["date"] = _guarded(lambda: meta.creation_date)
    return out


def _entry(meta: Any, key: str) -> str | None:
    value = meta.get(key)
    return None if value is None else str(value)


def _guarded(get: Callable[[], Any]) -> Any:
    """A metadata value, None when the PDF's entry for it is malformed (an unparseable date,
    an indirect object that does not resolve): bad metadata does not make the text unreadable."""
    try:
        return get()
    except Exception:  # noqa: BLE001 - pypdf raises many kinds of error on a damaged entry
        return None


def _page_lines(page: Any) -> list[_Line]:
    """The lines of a page in reading order, each with its baseline height and font size."""
    chunks: list[tuple[float, float, str]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if text:
            try:
                y = float(tm[4]) * float(cm[1]) + float(tm[5]) * float(cm[3]) + float(cm[5])
                scale = abs(float(tm[3]) * float(cm[3])) or 1.0
                chunks.append((y, float(size or 0) * scale, text))
            except (TypeError, ValueError, IndexError):
                chunks.append((float("nan"), 0.0, text))

    plain = page.extract_text(visitor_text=visit) or ""
    if "".join(c[2] for c in chunks).strip() != plain.strip():
        return [_Line(line, None, 0.0) for line in plain.split("\n")]
    lines: list[_Line] = []
    text, y, size = "", None, 0.0
    for cy, csize, ctext in chunks:
        parts = ctext.split("\n")
        for i, part in enumerate(parts):
            if i:
                lines.append(_Line(text, y, size))
                text, y, size = "", None, 0.0
            if part.strip() and y is None and not math.isnan(cy):
                y, size = cy, csize
            text += part
    lines.append(_Line(text, y, size))
    return lines


def _paragraphs(pages: list[list[_Line]]) -> list[str]:
    """Lines of every page joined into paragraphs."""
    all_lines = [normalise_line(ln.text) for page in pages for ln in page]
    hyphenated = {
        w.lower() for line in all_lines for w in _HYPHENATED.findall(line.removesuffix("-"))
    }
    running = _running_lines(pages)
    paragraphs: list[str] = []
    current = ""
    for page in pages:
        lines = [_Line(normalise_line(ln.text), ln.y, ln.size) for ln in page]
        lines = _drop_page_numbers(_drop_running(lines, running))
        gaps = [
            a.y - b.y
            for a, b in itertools.pairwise(lines)
            if a.y is not None and b.y is not None and a.text and b.text and a.y - b.y > 0
        ]
        typical = statistics.median(gaps) if len(gaps) >= 2 else None
        widest = max((len(ln.text) for ln in lines), default=0)
        prev: _Line | None = None
        for line in lines:
            if not line.text:
                if current:
                    paragraphs.append(current)
                current = ""
                prev = None
                continue
            if current and _breaks(prev, line, current, typical, widest):
                paragraphs.append(current)
                current = ""
            current = _join(current, line.text, hyphenated) if current else line.text
            prev = line
    if current:
        paragraphs.append(current)
    return paragraphs


def _running_lines(pages: list[list[_Line]]) -> set[str]:
    """Lines met at the top or bottom of most pages (running headers and footers), digits
    blanked so that "Page 3 of 9" matches "Page 4 of 9"."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        content = [normalise_line(ln.text) for ln in page if ln.text.strip()]
        counts.update({_DIGITS.sub("#", t) for t in content[:_EDGE] + content[-_EDGE:]})
    return {t for t, n in counts.items() if n >= max(3, 0.6 * len(pages))}


def _drop_running(lines: list[_Line], running: set[str]) -> list[_Line]:
    if not running:
        return lines
    content = [i for i, ln in enumerate(lines) if ln.text]
    edge = content[:_EDGE] + content[-_EDGE:]
    drop = {i for i in edge if _DIGITS.sub("#", lines[i].text) in running}
    return [ln for i, ln in enumerate(lines) if i not in drop]


def _drop_page_numbers(lines: list[_Line]) -> list[_Line]:
    content = [i for i, ln in enumerate(lines) if ln.text]
    drop = {i for i in content[:1] + content[-1:] if _PAGE_NUMBER.match(lines[i].text)}
    return [ln for i, ln in enumerate(lines) if i not in drop]


def _breaks(prev: _Line | None, line: _Line, current: str, typical: float | None, widest: int) -> bool:
    """Whether ``line`` starts a new paragraph after ``prev`` (None: first line of a page)."""
    if _BULLET.match(line.text):
        return True
    if prev is None:  # a paragraph runs on to the next page unless its last sentence ended
        return bool(_TERMINAL.search(current))
    ends_sentence = bool(_SENTENCE_END.search(current))
    if prev.y is not None and line.y is not None:
        gap = prev.y - line.y
        if gap <= 0 or (typical is not None and gap > typical * 1.4):
            return True
    if prev.size and line.size and abs(prev.size - line.size) > 1.0:
        return True
    # A line well short of the page's widest ends its paragraph (or is a heading or a line of
    # its own, like a dateline), unless it visibly runs on: a trailing comma or hyphen, or a
    # next line that starts in lower case.
    short = len(prev.text) < 0.75 * widest
    runs_on = prev.text.endswith((",", "-", "(")) or line.text[:1].islower()
    return short and (ends_sentence or not runs_on)


def _join(left: str, right: str, hyphenated: set[str]) -> str:
    """Two lines of one paragraph as one: hyphenation undone, CJK joined without a space."""
    if left.endswith("-") and len(left) > 1 and left[-2].isalpha() and right[:1].islower():
        head = re.search(r"[^\W\d_][\w-]*-$", left)
        tail = re.match(r"[^\W\d_]+", right)
        if head and tail:
            whole = (head.group(0) + tail.group(0)).lower()
            if "-" in head.group(0)[:-1] or whole in hyphenated:
                return left + right
            return left[:-1] + right
    if left.endswith(("-", "\u2013")) and left[-2:-1].isalnum():  # non-GAAP, US-China, 2024-2025
        return left + right
    if _cjk(left[-1]) and _cjk(right[0]):
        return left + right
    return left + " " + right


def _cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef"
