"""The load pipeline: paths in, documents in the store, a report out.

``load_paths`` walks files and folders, reads each file, extracts its
entities and claims, and writes it to the store in one transaction. A file
that fails is reported with its path and the problem; the batch goes on, and
the store keeps exactly the documents that loaded whole.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..graph.errors import LoaderError, ModelError, ThesisGraphError
from ..graph.store import Store, WriteOutcome
from .gazetteer import Gazetteer, load_gazetteer
from .readers import read_note, registry

#: Bump when extraction changes so that stored documents are read again.
EXTRACTOR_VERSION = "1"


@dataclass(frozen=True, slots=True)
class Failure:
    path: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


@dataclass(slots=True)
class LoadReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    conflicts: int = 0

    @property
    def seen(self) -> int:
        return len(self.added) + len(self.replaced) + len(self.unchanged) + len(self.failed)

    @property
    def ok(self) -> bool:
        return not self.failed


def pipeline_fingerprint(gazetteer: Gazetteer) -> str:
    from .. import __version__

    return f"thesisgraph {__version__}; extractor {EXTRACTOR_VERSION}; gazetteer {gazetteer.fingerprint}"


def iter_files(paths: Iterable[str | os.PathLike[str]], report: LoadReport) -> Iterator[Path]:
    """Files to load: named files as they are, folders walked recursively.

    In folders, hidden entries and files with no reader are skipped (and
    counted); symlinked folders are not followed, so a symlink loop cannot
    trap the walk. A named path that does not exist is a failure.
    """
    suffixes = set(registry())
    seen: set[str] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for root, dirs, names in os.walk(p, followlinks=False, onerror=lambda e: report.failed.append(Failure(str(e.filename), e.strerror or str(e)))):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    f = Path(root) / name
                    if name.startswith("."):
                        continue
                    if f.suffix.lower().lstrip(".") not in suffixes:
                        report.skipped.append(str(f))
                        continue
                    key = str(f.resolve()) if f.exists() else str(f)
                    if key not in seen:
                        seen.add(key)
                        yield f
        elif p.exists() or p.is_symlink():
            key = str(p.resolve()) if p.exists() else str(p)
            if key not in seen:
                seen.add(key)
                yield p
        else:
            report.failed.append(Failure(str(p), "no such file or folder"))


def load_paths(
    store: Store,
    paths: Iterable[str | os.PathLike[str]],
    *,
    gazetteer: Gazetteer | None = None,
    force: bool = False,
    on_file: Callable[[Path, str], None] | None = None,
) -> LoadReport:
    """Load files and folders into ``store``; returns what was added, replaced, unchanged, failed."""
    from .extract import extract_note

    gaz = gazetteer or load_gazetteer()
    pipeline = pipeline_fingerprint(gaz)
    report = LoadReport()
    files = list(iter_files(paths, report))
    for path in files:
        status = "failed"
        try:
            note = read_note(path)
            doc_state = store.document_state(_doc_iri(note.path))
            if doc_state == (note.sha256, pipeline) and not force:
                report.unchanged.append(note.path)
                status = "unchanged"
                continue
            try:
                extraction = extract_note(note, gaz)
            except ModelError as exc:
                raise LoaderError(str(path), f"extraction failed: {exc}") from None
            result = store.write(extraction, pipeline=pipeline, force=force)
            report.conflicts += result.conflicts
            status = result.outcome.value
            {
                WriteOutcome.ADDED: report.added,
                WriteOutcome.REPLACED: report.replaced,
                WriteOutcome.UNCHANGED: report.unchanged,
            }[result.outcome].append(note.path)
        except ThesisGraphError as exc:
            problem = exc.problem if isinstance(exc, LoaderError) else str(exc)
            report.failed.append(Failure(str(path), problem))
        except Exception as exc:  # a bug in a reader or the extractor: report it, keep going
            report.failed.append(
                Failure(str(path), f"unexpected {type(exc).__name__} (please report this): {exc}")
            )
        finally:
            if on_file is not None:
                on_file(path, status)
    return report


def _doc_iri(path: str) -> str:
    from ..graph.iri import document_iri

    return document_iri(path)
