"""Readers: a file in, a :class:`~thesisgraph.graph.model.Note` out.

A reader only yields the document text and its metadata; it knows nothing of
entities or claims. Readers are found by file suffix in a registry that other
packages extend through the ``thesisgraph.readers`` entry point group::

    [project.entry-points."thesisgraph.readers"]
    docx = "mypackage.docx_reader:DocxReader"

A reader is a class with a ``suffixes`` tuple, a ``format`` name and a
``read(path: Path, data: bytes) -> Note`` method. It raises
:class:`~thesisgraph.graph.errors.LoaderError` (naming the file) for a file it
cannot read, and nothing else: the readers are fuzzed to hold to that.

Built in: :mod:`.text` (``.txt``, ``.text``), :mod:`.markdown` (``.md``,
``.markdown``), :mod:`.html` (``.html``, ``.htm``; the ``html`` extra) and
:mod:`.pdf` (``.pdf``; the ``pdf`` extra). :func:`read_note` reads the bytes
first, for every reader alike: regular files only, never more than the size
limit (:func:`max_bytes_limit`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path
from typing import Protocol

from ...graph.errors import LoaderError, UnknownFormatError
from ...graph.model import Note

#: Files larger than this are refused (bytes); override with THESISGRAPH_MAX_BYTES.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class Reader(Protocol):
    suffixes: tuple[str, ...]
    format: str

    def read(self, path: Path, data: bytes) -> Note: ...


_BUILTIN = {
    "txt": "thesisgraph.loaders.readers.text:TextReader",
    "text": "thesisgraph.loaders.readers.text:TextReader",
    "md": "thesisgraph.loaders.readers.markdown:MarkdownReader",
    "markdown": "thesisgraph.loaders.readers.markdown:MarkdownReader",
    "html": "thesisgraph.loaders.readers.html:HtmlReader",
    "htm": "thesisgraph.loaders.readers.html:HtmlReader",
    "pdf": "thesisgraph.loaders.readers.pdf:PdfReader",
}


def _load_ref(ref: str) -> Callable[[], Reader]:
    from importlib import import_module

    module, _, attr = ref.partition(":")
    return getattr(import_module(module), attr)  # type: ignore[no-any-return]


@cache
def registry() -> dict[str, str]:
    """Suffix (without dot, lower case) -> "module:Class" of its reader."""
    table = dict(_BUILTIN)
    for ep in entry_points(group="thesisgraph.readers"):
        table[ep.name.lower().lstrip(".")] = ep.value
    return table


def known_suffixes() -> list[str]:
    return sorted("." + s for s in registry())


def reader_for(path: Path) -> Reader:
    """The reader for a file, by suffix; UnknownFormatError lists the known suffixes."""
    suffix = path.suffix.lower().lstrip(".")
    ref = registry().get(suffix)
    if ref is None:
        raise UnknownFormatError(
            str(path),
            f"no reader for {path.suffix or 'files without a suffix'!r}; "
            f"known: {', '.join(known_suffixes())}",
        )
    try:
        return _load_ref(ref)()
    except ImportError as exc:
        raise LoaderError(str(path), f"the reader for {path.suffix} cannot be loaded: {exc}") from None


def max_bytes_limit() -> int:
    """The size limit in force: THESISGRAPH_MAX_BYTES when set, else 20 MB.

    The variable is a number of bytes, optionally with a unit: ``52428800``,
    ``50MB``, ``50M`` or ``1G`` (units are powers of 1024)."""
    import os
    import re

    raw = os.environ.get("THESISGRAPH_MAX_BYTES", "").strip()
    if not raw:
        return DEFAULT_MAX_BYTES
    m = re.fullmatch(r"(\d[\d_]*)\s*(?:([kmg])i?b?|b)?", raw, re.IGNORECASE)
    if m is None:
        raise LoaderError(
            "THESISGRAPH_MAX_BYTES", f"{raw[:40]!r} is not a size (bytes, or a number with KB, MB or GB)"
        )
    power = " kmg".index((m.group(2) or " ").lower())
    limit = int(m.group(1).replace("_", "")) * (1 << (10 * power))
    if limit <= 0:
        raise LoaderError("THESISGRAPH_MAX_BYTES", "the limit must be above zero")
    return limit


def read_bytes(path: Path, limit: int) -> bytes:
    """A regular file's bytes, at most ``limit`` of them; a LoaderError names the file otherwise.

    Only regular files are read (a FIFO or a device named ``x.txt`` would block or never
    end), and never more than ``limit + 1`` bytes, whatever size the file claims.
    """
    import os
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        if path.is_symlink():
            raise LoaderError(str(path), "symbolic link to a file that does not exist") from None
        raise LoaderError(str(path), "file not found (it may have been moved or deleted)") from None
    except IsADirectoryError:
        raise LoaderError(str(path), "is a folder, not a file") from None
    except PermissionError:
        raise LoaderError(str(path), "permission denied") from None
    except OSError as exc:
        raise LoaderError(str(path), f"cannot open: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as fh:
        try:
            info = os.fstat(fd)
            if stat.S_ISDIR(info.st_mode):
                raise LoaderError(str(path), "is a folder, not a file")
            if not stat.S_ISREG(info.st_mode):
                raise LoaderError(str(path), "not a regular file (a device, pipe or socket)")
            if info.st_size > limit:
                raise LoaderError(str(path), _too_big(info.st_size, limit))
            data = fh.read(limit + 1)
        except OSError as exc:
            raise LoaderError(str(path), f"cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise LoaderError(str(path), _too_big(None, limit))
    return data


def _too_big(size: int | None, limit: int) -> str:
    what = f"{size:,} bytes" if size is not None else "growing"
    return (
        f"file is {what}, above the limit of {limit:,} bytes "
        f"({limit / 1024 / 1024:.0f} MB; raise it with THESISGRAPH_MAX_BYTES)"
    )


def read_note(path: str | Path, *, max_bytes: int | None = None) -> Note:
    """Read one file into a Note, with a clear LoaderError naming the file on any problem.

    Files above ``max_bytes`` (default: :func:`max_bytes_limit`) are refused unread.
    """
    p = Path(path)
    reader = reader_for(p)
    try:
        str(p.absolute()).encode("utf-8")
    except UnicodeEncodeError:  # bytes the file system's encoding could not decode
        raise LoaderError(str(p), "the file's name or folder is not valid UTF-8; rename it") from None
    data = read_bytes(p, max_bytes if max_bytes is not None else max_bytes_limit())
    if not data.strip():
        raise LoaderError(str(p), "file is empty" if not data else "file holds only white space")
    note = reader.read(p, data)
    if not isinstance(note, Note):
        raise LoaderError(str(p), f"the {p.suffix} reader returned {type(note).__name__}, not a Note")
    return note
