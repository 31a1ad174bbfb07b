"""The load pipeline: paths in, documents in the store, a report out.

``load_paths`` walks files and folders, reads each file, extracts its
entities and claims, and writes it to the store in one transaction. A file
that fails is reported with its path and the problem; the batch goes on, and
the store keeps exactly the documents that loaded whole.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from ..graph.errors import BatchWriteError, LoaderError, ModelError, ThesisGraphError
from ..graph.iri import document_iri
from ..graph.mapping import encode_document
from ..graph.model import Extraction
from ..graph.store import OxigraphBackend, Store, WriteOutcome
from .gazetteer import Gazetteer, load_gazetteer
from .readers import max_bytes_limit, read_note, registry
from .version import pipeline_fingerprint


@dataclass(frozen=True, slots=True)
class Failure:
    path: str
    problem: str

    def __str__(self) -> str:
        """One printable line, whatever characters the file's name holds."""
        return f"{printable(self.path)}: {printable(self.problem)}"


def printable(text: str) -> str:
    """``text`` with newlines, escape sequences and other unprintable characters spelled out."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


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


def iter_files(paths: Iterable[str | os.PathLike[str]], report: LoadReport) -> Iterator[Path]:
    """Files to load: named files as they are, folders walked recursively.

    In folders, hidden entries, files with no reader and symlinked folders are
    skipped (and counted in ``report.skipped``): symlinked folders are not
    followed, so a symlink loop cannot trap the walk. A file reached twice
    (through a symlink, or named twice) is read once. A named path that does
    not exist, and a folder that cannot be listed, is a failure.
    """
    suffixes = set(registry())
    seen: set[str] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in _walk(p, report):
                if f.suffix.lower().lstrip(".") not in suffixes:
                    report.skipped.append(str(f))
                elif _first_time(f, seen):
                    yield f
        elif p.exists() or p.is_symlink():
            if _first_time(p, seen):
                yield p
        else:
            report.failed.append(Failure(str(p), "no such file or folder"))


def _walk(folder: Path, report: LoadReport) -> Iterator[Path]:
    """Every non-hidden entry under ``folder`` that is not a folder, in name order, folders
    first-listed first; symlinked folders are counted as skipped. It keeps its own stack, so
    a tree of any depth is walked without recursion."""
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            report.failed.append(Failure(str(current), f"cannot list the folder: {exc.strerror or exc}"))
            continue
        folders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if _is_dir(entry, follow=False):
                folders.append(path)
            elif entry.is_symlink() and _is_dir(entry, follow=True):
                report.skipped.append(str(path))
            else:
                yield path  # files, and links that lead nowhere (reported when read)
        stack.extend(reversed(folders))


def _is_dir(entry: os.DirEntry[str], *, follow: bool) -> bool:
    try:
        return entry.is_dir(follow_symlinks=follow)
    except OSError:  # a link loop or a name too long to look up
        return False


def _document_iri(path: str) -> str | None:
    """The IRI the document read from ``path`` would have; None for a path that cannot name
    one (a link loop, a name that is not UTF-8): reading it fails and says why."""
    try:
        return document_iri(str(Path(path).resolve()))
    except (OSError, RuntimeError, UnicodeError):
        return None


def _first_time(path: Path, seen: set[str]) -> bool:
    """Whether ``path`` (by its real location when it has one) is met for the first time."""
    try:
        key = str(path.resolve(strict=True))
    except (OSError, RuntimeError):  # dangling link or link loop: reported when it is read
        key = os.path.abspath(path)
    if key in seen:
        return False
    seen.add(key)
    return True


def load_paths(
    store: Store,
    paths: Iterable[str | os.PathLike[str]],
    *,
    gazetteer: Gazetteer | None = None,
    force: bool = False,
    workers: int | None = None,
    on_file: Callable[[Path, str], None] | None = None,
) -> LoadReport:
    """Load files and folders into ``store``; returns what was added, replaced, unchanged, failed.

    Reading and extraction run in ``workers`` processes (default: one per CPU,
    at most 8; 1 runs everything in this process); every write happens here,
    in the order the files were listed: one document per transaction, or for
    more than 64 files into the embedded store, new documents in bulk-loaded
    batches (:meth:`~thesisgraph.graph.store.Store.batch`).
    """
    max_bytes_limit()  # a bad THESISGRAPH_MAX_BYTES stops the load before any file is read
    gaz = gazetteer or load_gazetteer()
    pipeline = pipeline_fingerprint(gaz)
    report = LoadReport()
    files = [str(f) for f in iter_files(paths, report)]
    # the stored state of the files named (a few: asked for by IRI) or of every document
    few = [iri for iri in map(_document_iri, files) if iri] if len(files) <= 64 else None
    states = {} if force else store.document_states(few)
    ctx = _Context(gaz, pipeline, states, force, encode=isinstance(store.backend, OxigraphBackend))
    # many files: new documents go to the store in bulk-loaded batches (see Store.batch)
    with store.batch() if len(files) > 64 else nullcontext(store):
        _write_all(store, files, ctx, workers, report, on_file)
    return report


def _write_all(
    store: Store,
    files: list[str],
    ctx: _Context,
    workers: int | None,
    report: LoadReport,
    on_file: Callable[[Path, str], None] | None,
) -> None:
    pipeline, force = ctx.pipeline, ctx.force
    for path, outcome in _prepared(files, ctx, workers):
        status = "failed"
        try:
            if isinstance(outcome, Failure):
                report.failed.append(outcome)
            elif isinstance(outcome, str):
                report.unchanged.append(outcome)
                status = "unchanged"
            else:
                result = store.write(
                    outcome.extraction, pipeline=pipeline, force=force, document_nquads=outcome.nquads
                )
                report.conflicts += result.conflicts
                status = result.outcome.value
                {
                    WriteOutcome.ADDED: report.added,
                    WriteOutcome.REPLACED: report.replaced,
                    WriteOutcome.UNCHANGED: report.unchanged,
                }[result.outcome].append(outcome.extraction.note.path)
        except BatchWriteError:
            raise  # the documents gathered with this one are not stored either: stop the load
        except ThesisGraphError as exc:
            report.failed.append(Failure(path, str(exc)))
        finally:
            if on_file is not None:
                on_file(Path(path), status)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A note read and extracted in a worker, with its document graph already serialised.

    Building and serialising the quads in the worker (N-Quads, by the store's own
    serialiser) leaves the one writing process only the parse-and-insert of the store."""

    extraction: Extraction
    nquads: bytes | None = None


@dataclass(frozen=True, slots=True)
class _Context:
    gazetteer: Gazetteer
    pipeline: str
    states: dict[str, tuple[str, str]]
    force: bool
    encode: bool = False  # serialise each document's graph in the worker (for the embedded store)


_CTX: _Context | None = None


def _init_worker(ctx: _Context) -> None:
    global _CTX
    _CTX = ctx


def _prepare(path: str) -> tuple[str, Prepared | str | Failure]:
    """Read and extract one file: a Prepared note, the note's path when it is unchanged, or a Failure.

    Runs in a worker process; never raises."""
    from .extract import extract_note

    ctx = _CTX
    if ctx is None:
        raise RuntimeError("worker context is not set")
    try:
        note = read_note(path)
        if not ctx.force and ctx.states.get(document_iri(note.path)) == (note.sha256, ctx.pipeline):
            return path, note.path
        try:
            extraction = extract_note(note, ctx.gazetteer)
            extraction.check()
        except ModelError as exc:
            return path, Failure(path, f"extraction failed: {exc}")
        # Only a new document is written from its serialised graph (a stored one is replaced
        # through an update). A note over a million characters goes to the writer as quads:
        # the store's N-Quads parser takes lines of at most 16 MB, and the note's text is one line.
        encode = ctx.encode and extraction.doc_iri not in ctx.states and len(note.text) <= 1_000_000
        return path, Prepared(extraction, encode_document(extraction, ctx.pipeline) if encode else None)
    except ThesisGraphError as exc:
        if isinstance(exc, LoaderError) and exc.path == path:
            return path, Failure(path, exc.problem)
        return path, Failure(path, str(exc))
    except Exception as exc:  # noqa: BLE001 - a bug in a reader or the extractor: report it, keep going
        return path, Failure(path, f"unexpected {type(exc).__name__} (please report this): {exc}")


def _prepared(
    files: list[str], ctx: _Context, workers: int | None
) -> Iterator[tuple[str, Prepared | str | Failure]]:
    n = workers if workers is not None else min(8, os.cpu_count() or 1)
    if n <= 1 or len(files) < 8 or "fork" not in mp.get_all_start_methods():
        _init_worker(ctx)
        yield from map(_prepare, files)
        return
    # A bounded window of files in flight keeps memory flat when writing is slower than
    # extraction (Pool.imap would queue every finished extraction). 64 per worker (about
    # 15 MB of results each on the benchmark's notes) lets the workers go on while the
    # writer bulk-loads a batch: with 8 per worker they sat idle (1,000 notes: 21.6 s -> 19.4 s;
    # 10,000 notes: no change beyond noise, both cores being busy throughout).
    window = 64 * n
    todo = deque(files)
    while todo:
        pending: deque[tuple[str, Future[tuple[str, Prepared | str | Failure]]]] = deque()
        with _pool(n, ctx) as pool:
            try:
                while todo and len(pending) < window:
                    pending.append((todo[0], pool.submit(_prepare, todo[0])))
                    todo.popleft()
                while pending:
                    done = pending[0][1].result()
                    pending.popleft()
                    yield done
                    if todo:
                        pending.append((todo[0], pool.submit(_prepare, todo[0])))
                        todo.popleft()
            except BrokenProcessPool:
                pass  # the file whose submission failed is still first in todo
        # A worker died (a reader crashed in native code, or the system killed it for memory)
        # and took the files in flight with it: read those again, each in a process of its
        # own, so that only the file that kills its reader fails.
        for path, future in pending:
            if future.done() and future.exception() is None:
                yield future.result()
            else:
                yield _isolated(path, ctx)


def _pool(n: int, ctx: _Context) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        n, mp_context=mp.get_context("fork"), initializer=_init_pool_worker, initargs=(ctx, os.getpid())
    )


def _init_pool_worker(ctx: _Context, parent: int) -> None:
    """Set up a worker process that does not outlive the load that started it.

    A worker waits on its task queue; if the loading process is killed (SIGKILL, the
    system out of memory) nothing would ever wake it. On Linux the kernel is asked to
    kill it when its parent dies."""
    _die_with_parent(parent)
    _init_worker(ctx)


def _die_with_parent(parent: int) -> None:
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def _isolated(path: str, ctx: _Context) -> tuple[str, Prepared | str | Failure]:
    """Read and extract one file in a process of its own; its death is that file's failure."""
    with _pool(1, ctx) as pool:
        try:
            return pool.submit(_prepare, path).result()
        except BrokenProcessPool:
            return path, Failure(
                path, "reading it stopped the worker process (a reader crashed or ran out of memory)"
            )
