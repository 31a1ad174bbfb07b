"""Plain text notes."""

from __future__ import annotations

from pathlib import Path

from ...graph.errors import LoaderError
from ...graph.model import Note, sha256_hex


def decode_text(path: Path, data: bytes) -> str:
    """Decode a text file: UTF-8 (with or without BOM), else UTF-16 with a BOM, else GB18030,
    else refuse. Binary content (NUL bytes, control characters) is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _clean(path, data.decode("utf-16"))
        except UnicodeDecodeError:
            raise LoaderError(str(path), "invalid UTF-16 text") from None
    if b"\x00" in data[:8192]:
        raise LoaderError(str(path), "looks like a binary file, not text (it contains NUL bytes)")
    try:
        return _clean(path, data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        utf8_error = exc
    for encoding in ("gb18030", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return _clean(path, text)
    raise LoaderError(
        str(path),
        f"not valid UTF-8 (bad byte at offset {utf8_error.start}) and not GBK or Latin-1 text; "
        "convert it to UTF-8",
    )


def _plausible(text: str) -> bool:
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return bad <= len(text) // 1000


def _clean(path: Path, text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\f")
    if controls > max(8, len(text) // 100):
        raise LoaderError(str(path), "looks like a binary file, not text (many control characters)")
    if not text.strip():
        raise LoaderError(str(path), "file has no text")
    return text


class TextReader:
    suffixes = (".txt", ".text")
    format = "text"

    def read(self, path: Path, data: bytes) -> Note:
        text = decode_text(path, data)
        title = next((line.strip() for line in text.splitlines() if line.strip()), None)
        return Note(
            path=str(path.resolve()),
            text=text,
            sha256=sha256_hex(data),
            format=self.format,
            title=title[:300] if title else None,
        )
