"""Readers: a file in, a :class:`~thesisgraph.graph.model.Note` out.

A reader only yields the document text and its metadata; it knows nothing of
entities or claims. Readers are found by file suffix in a registry that other
packages extend through the ``thesisgraph.readers`` entry point group::

    [project.entry-points."thesisgraph.readers"]
    docx = "mypackage.docx_reader:DocxReader"

A reader is a class with a ``suffixes`` tuple, a ``format`` name and a
``read(path: Path, data: bytes) -> Note`` method.
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


def read_note(path: str | Path, *, max_bytes: int | None = None) -> Note:
    """Read one file into a Note, with a clear LoaderError naming the file on any problem."""
    import os

    p = Path(path)
    limit = max_bytes if max_bytes is not None else int(
        os.environ.get("THESISGRAPH_MAX_BYTES", DEFAULT_MAX_BYTES)
    )
    reader = reader_for(p)
    try:
        size = p.stat().st_size
        if size > limit:
            raise LoaderError(
                str(p), f"file is {size:,} bytes, above the limit of {limit:,} (THESISGRAPH_MAX_BYTES)"
            )
        data = p.read_bytes()
    except FileNotFoundError:
        raise LoaderError(str(p), "file not found (it may have been moved or deleted)") from None
    except IsADirectoryError:
        raise LoaderError(str(p), "is a directory") from None
    except PermissionError:
        raise LoaderError(str(p), "permission denied") from None
    except OSError as exc:
        raise LoaderError(str(p), f"cannot read: {exc.strerror or exc}") from None
    if not data.strip():
        raise LoaderError(str(p), "file is empty")
    return reader.read(p, data)
