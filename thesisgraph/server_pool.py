"""Query workers for ``thesisgraph serve``: a pool of processes, each with the store open read-only.

Oxigraph cannot interrupt a query from another thread, so every query runs in
a worker process; a query that runs past the time limit is stopped by killing
its worker, and a fresh worker takes its place while the others keep
answering. Workers open the store read-only, so a ``thesisgraph load`` can
write to it meanwhile; a worker reopens the store when its files change, so
answers follow what the load has committed.

Results are capped at ``max_rows`` rows (or triples) and serialised by
pyoxigraph into the negotiated format inside the worker; only bytes cross the
process boundary.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import queue
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from .graph.errors import QueryError, StoreError, ThesisGraphError
from .graph.results import term_json
from .graph.sparql import with_prefixes

#: SELECT and ASK results: format name -> (media type, pyoxigraph format).
RESULT_FORMATS: dict[str, tuple[str, ox.QueryResultsFormat]] = {
    "json": ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    "xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    "csv": ("text/csv", ox.QueryResultsFormat.CSV),
    "tsv": ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
}
#: CONSTRUCT and DESCRIBE results: format name -> (media type, pyoxigraph format).
GRAPH_FORMATS: dict[str, tuple[str, ox.RdfFormat]] = {
    "turtle": ("text/turtle", ox.RdfFormat.TURTLE),
    "ntriples": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "rdfxml": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
}
#: Other media types clients ask for, and the format that answers them.
ALIASES = {
    "application/json": "json", "application/xml": "xml", "text/xml": "xml", "text/plain": "ntriples",
    "application/x-turtle": "turtle", "application/trig": "turtle", "application/javascript": "json",
    "text/javascript": "json",
}


class Refused(ThesisGraphError):
    """The server will not run this request; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(message)


def negotiate(accept: str, kind: str, wanted: str | None = None) -> str:
    """The format name to answer ``kind`` ("results" or "graph") in, given an Accept header.

    ``wanted`` (a ``format=`` parameter) wins when it names a format of the kind."""
    table: Mapping[str, Any] = RESULT_FORMATS if kind == "results" else GRAPH_FORMATS
    default = "json" if kind == "results" else "turtle"
    if wanted:
        name = ALIASES.get(wanted, wanted)
        for key, (media, _) in table.items():
            if name in (key, media):
                return key
    if not accept.strip():
        return default
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, i, media.lower()))
    for _, _, media in sorted(ranked):
        if media in ("*/*", "application/*", "text/*"):
            return default
        alias = ALIASES.get(media)
        for key, (m, _) in table.items():
            if media == m or alias == key:
                return key
    raise Refused(406, f"cannot answer in {accept!r}; this result can be: "
                  + ", ".join(m for m, _ in table.values()))


# ---- inside a worker process ------------------------------------------------------


def _signature(path: str) -> tuple[tuple[str, int, int], ...]:
    """What changes in the store folder when a writer commits (its log, manifest and CURRENT)."""
    out = []
    with os.scandir(path) as entries:
        for e in entries:
            if e.name == "CURRENT" or e.name.endswith(".log") or e.name.startswith("MANIFEST"):
                st = e.stat()
                out.append((e.name, st.st_mtime_ns, st.st_size))
    return tuple(sorted(out))


class _Reader:
    """The store opened read-only, reopened when its files change."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.sig: tuple[tuple[str, int, int], ...] = ()
        self.store: ox.Store | None = None
        self.refresh()

    def refresh(self, *, force: bool = False) -> ox.Store:
        """The store as last committed. Opening it while a load writes can catch the files
        mid-change (RocksDB then reports them missing or corrupt): try again a few times,
        then keep the previous view."""
        for attempt in range(5):
            try:
                sig = _signature(self.path)
                if self.store is None or sig != self.sig or force:
                    self.store = ox.Store.read_only(self.path)
                    self.sig = sig
                return self.store
            except (OSError, RuntimeError):
                time.sleep(0.02 * (attempt + 1))
        if self.store is None:
            raise StoreError(f"cannot open the store at {self.path} while it is being written; try again")
        return self.store


def _run_sparql(reader: _Reader, job: Mapping[str, Any]) -> tuple[int, str, bytes, dict[str, str]]:
    try:
        return _answer(reader.refresh(), job)
    except (OSError, RuntimeError):  # the view's files were swapped by a writer mid-answer
        return _answer(reader.refresh(force=True), job)


def _answer(store: ox.Store, job: Mapping[str, Any]) -> tuple[int, str, bytes, dict[str, str]]:
    """Run the query and write the (capped) answer in the negotiated format."""
    text = with_prefixes(job["query"])
    default_graphs: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [
        ox.NamedNode(g) for g in job.get("default_graphs", ())]
    named: list[ox.NamedNode | ox.BlankNode] | None = [
        ox.NamedNode(g) for g in job.get("named_graphs", ())] or None
    try:
        if default_graphs:
            raw = store.query(text, default_graph=default_graphs, named_graphs=named)
        else:
            raw = store.query(text, use_default_graph_as_union=True, named_graphs=named)
    except SyntaxError as exc:
        raise QueryError(f"invalid SPARQL: {exc}") from None
    max_rows: int = job["max_rows"]
    headers: dict[str, str] = {}
    if isinstance(raw, ox.QueryBoolean):
        name = negotiate(job["accept"], "results", job.get("format"))
        media, rfmt = RESULT_FORMATS[name]
        return 200, media, raw.serialize(format=rfmt) or b"", headers
    if isinstance(raw, ox.QuerySolutions):
        name = negotiate(job["accept"], "results", job.get("format"))
        variables = [v.value for v in raw.variables]
        bindings = []
        def size(row: Any) -> int:
            return sum(len(str(t)) for v in variables if (t := row[v]) is not None)

        for row in _capped(raw, max_rows, job["max_bytes"], headers, size):
            bindings.append({v: term_json(t) for v in variables if (t := row[v]) is not None})
        doc = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        body = json.dumps(doc, ensure_ascii=False).encode("utf-8")
        media, rfmt = RESULT_FORMATS[name]
        if name != "json":  # the engine writes XML, CSV and TSV from the capped rows
            body = ox.parse_query_results(body, ox.QueryResultsFormat.JSON).serialize(format=rfmt) or b""
        return 200, media, body, headers
    name = negotiate(job["accept"], "graph", job.get("format"))
    triples = list(_capped(raw, max_rows, job["max_bytes"], headers, lambda t: len(str(t))))
    media, gfmt = GRAPH_FORMATS[name]
    return 200, media, ox.serialize(triples, format=gfmt) or b"", headers


def _capped(items: Any, max_rows: int, max_bytes: int, headers: dict[str, str],
            size: Callable[[Any], int]) -> Iterator[Any]:
    """At most ``max_rows`` solutions or triples, and no more once their text (as measured
    by ``size``) passes ``max_bytes``; says in ``headers`` which limit cut the answer."""
    total = 0
    for n, item in enumerate(items):
        if n == max_rows:
            headers["X-SPARQL-MaxRows"] = str(max_rows)
            return
        total += size(item)
        if total > max_bytes:
            headers["X-SPARQL-MaxBytes"] = str(max_bytes)
            return
        yield item


def _run_viz(reader: _Reader, job: Mapping[str, Any]) -> tuple[int, str, bytes, dict[str, str]]:
    from .graph.store import OxigraphBackend, Store
    from .viz import render_html

    class _Shared(OxigraphBackend):
        def __init__(self, store: ox.Store, location: str) -> None:
            self.location = location
            self.read_only = True
            self._store = store

    page = render_html(Store(_Shared(reader.refresh(), reader.path)), job["view"], **job["options"])
    return 200, "text/html; charset=utf-8", page.encode("utf-8"), {}


def _exit_with_parent(parent: int) -> None:
    """End this worker when the server is gone, even in the middle of a query
    (Oxigraph releases the GIL while it evaluates, so this thread gets to run)."""
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(0)


def worker_main(conn: Connection, path: str) -> None:
    """A worker's loop: receive a job, answer ``(status, media type, body, headers)``."""
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    try:
        reader = _Reader(path)
    except (OSError, RuntimeError, ThesisGraphError) as exc:
        with contextlib.suppress(OSError):
            conn.send((500, "text/plain; charset=utf-8", f"cannot open store {path}: {exc}".encode(), {}))
        return
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = _run_viz(reader, job) if job["kind"] == "viz" else _run_sparql(reader, job)
        except Refused as exc:
            reply = (exc.status, "text/plain; charset=utf-8", str(exc).encode("utf-8"), {})
        except (QueryError, ValueError) as exc:
            reply = (400, "text/plain; charset=utf-8", str(exc).encode("utf-8"), {})
        except (ThesisGraphError, OSError, RuntimeError) as exc:
            reply = (500, "text/plain; charset=utf-8", f"query failed: {exc}".encode(), {})
        conn.send(reply)


# ---- in the server process ----------------------------------------------------------


class _WorkerDied(Exception):
    """The worker process ended while it held a job."""


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    jobs: int = field(default=0)


class WorkerPool:
    """``size`` worker processes over the store at ``path``; :meth:`run` answers one job."""

    def __init__(self, path: str, size: int, timeout: float) -> None:
        self.path = path
        self.size = size
        self.timeout = timeout
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self._lock = threading.Lock()
        self._all: dict[int, _Worker] = {}
        self.killed = 0
        starters = [threading.Thread(target=self._add_worker, daemon=True) for _ in range(size)]
        for t in starters:
            t.start()
        for t in starters:
            t.join()
        if self._idle.qsize() == 0:
            raise StoreError(f"no query worker could open the store at {path}")

    def pids(self) -> list[int]:
        with self._lock:
            return sorted(self._all)

    def _add_worker(self) -> None:
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(target=worker_main, args=(child, self.path), daemon=True,
                                 name="thesisgraph-query")
        proc.start()
        child.close()
        if not parent.poll(60):
            proc.kill()
            return
        try:
            first = parent.recv()
        except EOFError:
            return
        if first != "ready":
            proc.join(1)
            return
        worker = _Worker(proc, parent)
        with self._lock:
            if self._closed:
                proc.kill()
                return
            self._all[proc.pid or 0] = worker
        self._idle.put(worker)

    def _retire(self, worker: _Worker, *, replace: bool) -> None:
        worker.process.kill()
        worker.process.join(5)
        worker.conn.close()
        with self._lock:
            self._all.pop(worker.process.pid or 0, None)
        if replace and not self._closed:
            threading.Thread(target=self._add_worker, daemon=True).start()

    def run(self, job: Mapping[str, Any], timeout: float | None = None) -> tuple[int, str, bytes, dict[str, str]]:
        """Run a job on a free worker; a job past ``timeout`` seconds is stopped (503).

        Jobs only read, so a job whose worker died is run once more on another worker."""
        limit = self.timeout if timeout is None else timeout
        with contextlib.suppress(_WorkerDied):
            return self._run_once(job, limit)
        try:
            return self._run_once(job, limit)
        except _WorkerDied:
            raise Refused(500, "the query worker died while answering (twice); it has been replaced") from None

    def _run_once(self, job: Mapping[str, Any], limit: float) -> tuple[int, str, bytes, dict[str, str]]:
        wait = max(30.0, 3 * limit)  # a request waits this long for a free worker before 503
        try:
            worker = self._idle.get(timeout=wait)
        except queue.Empty:
            raise Refused(503, f"all {self.size} query workers stayed busy for {wait:g} s; "
                               "try again shortly") from None
        began = time.monotonic()
        try:
            worker.conn.send(dict(job))
            if not worker.conn.poll(limit):
                self.killed += 1
                self._retire(worker, replace=True)
                raise Refused(503, f"query stopped: it ran past the time limit of {limit:g} s "
                                   f"(serve --timeout); other queries were not affected")
            reply: tuple[int, str, bytes, dict[str, str]] = worker.conn.recv()
        except (EOFError, OSError):
            self._retire(worker, replace=True)
            raise _WorkerDied from None
        worker.jobs += 1
        reply[3]["X-Query-Time"] = f"{time.monotonic() - began:.4f}"
        self._idle.put(worker)
        return reply

    def close(self) -> None:
        """Stop every worker, busy or idle."""
        with self._lock:
            self._closed = True
            workers = list(self._all.values())
        for worker in workers:
            self._retire(worker, replace=False)
