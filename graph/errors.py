"""Errors raised by thesisgraph.

Every error the project raises on purpose derives from :class:`ThesisGraphError`,
so a caller can catch them all in one place and let anything else propagate::

    ThesisGraphError
    ├── LoaderError               a file could not be read as a note
    │   ├── UnknownFormatError    no reader for the file's suffix
    │   └── ExtractionError       the note was read but could not be turned into claims
    ├── ModelError                a model object breaks an invariant (e.g. a quote that
    │                             is not the text at its offsets)
    ├── QueryError                a SPARQL query is invalid, refused or has bad parameters
    ├── StoreError                the store cannot be opened, read or written
    │   └── StoreBusyError        another process holds the store's write lock
    ├── ValidationError           the graph does not conform (carries the report)
    └── MissingDependencyError    an optional dependency is not installed (names the extra)
"""

from __future__ import annotations


class ThesisGraphError(Exception):
    """Base class of every error thesisgraph raises on purpose."""


class LoaderError(ThesisGraphError):
    """A file could not be read as a note. The message names the file."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class UnknownFormatError(LoaderError):
    """No reader is registered for a file's suffix."""


class ExtractionError(LoaderError):
    """A note was read but extraction failed."""


class ModelError(ThesisGraphError):
    """A model object breaks one of its invariants."""


class QueryError(ThesisGraphError):
    """A SPARQL query is invalid, refused, or its parameters are wrong."""


class StoreError(ThesisGraphError):
    """The store cannot be opened, read or written."""


class StoreBusyError(StoreError):
    """Another process is writing to the store."""


class BatchWriteError(StoreError):
    """A batch of documents could not be written: the load cannot go on (disk full, I/O error)."""


class ValidationError(ThesisGraphError):
    """The graph does not conform to the contract."""

    def __init__(self, report: str) -> None:
        self.report = report
        super().__init__(report)


class MissingDependencyError(ThesisGraphError):
    """An optional dependency is missing; the message names the extra to install."""

    def __init__(self, module: str, extra: str) -> None:
        self.module = module
        self.extra = extra
        super().__init__(
            f"this feature needs the '{module}' package: pip install 'thesisgraph[{extra}]'"
        )
