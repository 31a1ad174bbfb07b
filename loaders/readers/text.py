"""Plain text notes, and the decoding every text-like reader shares.

Notes arrive in whatever encoding the sender used. UTF-8 (with or without a
BOM) and UTF-16 with a BOM are read as they are; a file that is not UTF-8 is
identified with charset-normalizer among the encodings research notes come in
besides UTF-8 (GB18030, a superset of GBK, and Windows-1252, a superset of
Latin-1's printable range). A file that is UTF-8 with a few damaged bytes is
refused rather than guessed at, since any other decoding would garble its
correct characters.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ...graph.errors import LoaderError
from ...graph.model import Note, sha256_hex

#: Encodings tried, in charset-normalizer's names, when a file is not UTF-8.
FALLBACK_ENCODINGS = ("gb18030", "cp1252")


def decode_text(path: Path, data: bytes) -> str:
    """The text of a file's bytes, newlines made ``\\n``; a LoaderError names the file otherwise.

    Binary content (NUL bytes, many control characters) and damaged UTF-8 are refused.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _clean(path, data.decode("utf-16"))
        except UnicodeDecodeError:
            raise LoaderError(str(path), "invalid UTF-16 text") from None
    if b"\x00" in data[:65536]:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise LoaderError(str(path), "looks like a binary file, not text (it contains NUL bytes)")
        try:
            return _clean(path, data.decode(encoding))
        except UnicodeDecodeError:
            raise LoaderError(str(path), "invalid UTF-16 text") from None
    try:
        return _clean(path, data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if _mostly_utf8(data):
        line = data.count(b"\n", 0, utf8_error.start) + 1
        raise LoaderError(
            str(path),
            f"invalid UTF-8: byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start} "
            f"(line {line}) is not part of a character; the file is damaged or mixes encodings",
        )
    text = _detect(data)
    if text is None or not _plausible(text):
        raise LoaderError(
            str(path),
            f"not valid UTF-8 (bad byte at offset {utf8_error.start}) and not GBK or Latin-1 text; "
            "convert it to UTF-8",
        )
    return _clean(path, text)


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``-be`` when nearly every other byte is NUL (Latin text in UTF-16)."""
    sample = data[:4096]
    if len(sample) < 16 or len(sample) % 2:
        return None
    for encoding, zeros in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if zeros.count(0) >= 0.9 * len(zeros):
            return encoding
    return None


def _mostly_utf8(data: bytes) -> bool:
    """True when the bytes hold more well-formed multi-byte UTF-8 characters than bad bytes.

    Text in a legacy encoding rarely forms valid UTF-8 sequences, so such a file
    is UTF-8 that was damaged, not text in another encoding."""
    sample = data[: 4 * 1024 * 1024]
    decoded = sample.decode("utf-8", errors="replace")
    bad = decoded.count("\ufffd")
    good = sum(1 for ch in decoded if ord(ch) > 0x7F) - bad
    return good >= 2 and good > bad


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(FALLBACK_ENCODINGS)).best()
    if best is None:
        return None
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None


#: Control characters other than tab, line feed, form feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _controls(text: str, *, cr: bool = False) -> int:
    """Control characters in the first million characters (carriage returns too if ``cr``);
    counted by a regular expression (a loop over every character was a quarter of reading a note)."""
    head = text[:1_000_000]
    return sum(1 for _ in _CONTROL.finditer(head)) + (head.count("\r") if cr else 0)


def _plausible(text: str) -> bool:
    return _controls(text) <= min(len(text), 1_000_000) // 1000


def _clean(path: Path, text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = _controls(text, cr=True)
    if controls > max(8, min(len(text), 1_000_000) // 100):
        raise LoaderError(str(path), "looks like a binary file, not text (many control characters)")
    if not text.strip():
        raise LoaderError(str(path), "file has no text")
    return text


class TextReader:
    """``.txt`` and ``.text`` files: the whole file is the note; its first line is the title."""

    suffixes = (".txt", ".text")
    format = "text"

    def read(self, path: Path, data: bytes) -> Note:
        from .markdown import clean_meta

        text = decode_text(path, data)
        first = next((line for line in text[:100_000].splitlines() if line.strip()), None)
        return Note(
            path=str(path.resolve()),
            text=text,
            sha256=sha256_hex(data),
            format=self.format,
            title=clean_meta(first, limit=300),
            date=dateline_date(text),
        )


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATELINE = re.compile(
    rf"\b(?P<month>{_MONTHS}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?)\s(?P<day>\d{{1,2}}),\s(?P<year>(?:19|20)\d\d)\b"
    r"|\b(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)\b"
)


def dateline_date(text: str) -> dt.date | None:
    """The date a plain-text note gives at its top: a wire dateline ("REDMOND, Washington,
    July 30, 2025 -") or a date line, within the first characters of one of its first lines."""
    lines = [line for line in text[:3000].splitlines() if line.strip()][:5]
    for line in lines:
        m = _DATELINE.search(line, 0, 120)
        if m is None:
            continue
        try:
            if m.group("iso"):
                return dt.date.fromisoformat(m.group("iso"))
            month = m.group("month").rstrip(".")[:3]
            return dt.datetime.strptime(f"{month} {m.group('day')} {m.group('year')}", "%b %d %Y").date()
        except ValueError:
            continue
    return None
