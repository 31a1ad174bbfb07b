"""The store: where the graph lives, and the one place that writes to it.

:func:`open_store` opens the embedded on-disk Oxigraph store (the default), an
in-memory one (``":memory:"``) or a SPARQL 1.1 server (an ``http(s)://`` URL,
see :mod:`thesisgraph.graph.remote`). All three behave the same:

* each document's statements live in the named graph whose IRI is the
  document's; writing a document replaces that graph, and writing it again
  unchanged (same bytes, same pipeline) does nothing;
* shared facts about entities and metrics live in :data:`COMMON_GRAPH`, the
  derived ``tg:conflictsWith`` links in :data:`CONFLICTS_GRAPH`, both kept up
  to date in the same transaction as the document that changes them;
* queries see the union of all graphs as their default graph (``GRAPH ?g``
  still reaches each one).

On the embedded store one document is one transaction: it lands completely
or not at all, and a process killed mid-load leaves only whole documents.
A large load (:meth:`Store.batch`) writes new documents in batches through
Oxigraph's bulk loader, several times cheaper than a transaction per
document; each batch is named in :data:`PENDING_GRAPH` (in a transaction)
before it is written and cleared after, and a store opened for writing with
a batch still named there first removes that batch's documents and links, so
a killed load again leaves only whole documents.
"""

from __future__ import annotations

import enum
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, Protocol

import pyoxigraph as ox

from .conflicts import MetricPoint, conflicting_pairs, metric_point
from .errors import BatchWriteError, QueryError, StoreBusyError, StoreError
from .iri import parent_pattern
from .mapping import common_quads, document_quads, name_key_quads, series_quads, to_nquads
from .model import EntityKind, Extraction
from .namespace import (
    COMMON_GRAPH,
    CONFLICTS_GRAPH,
    ID,
    PENDING_GRAPH,
    PREFIXES,
    TG,
    sparql_prologue,
)
from .results import Result, lexical
from .sparql import bind, with_prefixes

#: Environment variable naming the store when ``--store`` is not given.
STORE_ENV = "THESISGRAPH_STORE"
#: Store folder used when neither ``--store`` nor the environment names one.
DEFAULT_STORE = ".thesisgraph"
MEMORY = ":memory:"
#: N-Quads gathered per bulk load in a large load (:meth:`Store.batch`): small enough to keep
#: the load's memory low, large enough that the bulk loader's per-call cost stays small.
BATCH_BYTES = 32 << 20

_P = sparql_prologue()
_CONFLICTS = ox.NamedNode(CONFLICTS_GRAPH)
_CONFLICTS_WITH = ox.NamedNode(TG + "conflictsWith")
_PENDING = ox.NamedNode(PENDING_GRAPH)
_PENDING_LOAD = ox.NamedNode(TG + "PendingLoad")
_PENDING_CLAIM = ox.NamedNode(TG + "pendingClaim")
_CLAIM_PARENT = re.compile(parent_pattern("claim"))  # a claim's IRI -> its document's last segment
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_KINDS = frozenset(ox.NamedNode(TG + k.value) for k in EntityKind)

EXPORT_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}


class WriteOutcome(enum.Enum):
    """What writing one document did."""

    ADDED = "added"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class WriteReport:
    outcome: WriteOutcome
    doc_iri: str
    conflicts: int = 0


class Backend(Protocol):
    """What a store engine provides; :class:`Store` builds everything else on it."""

    location: str
    read_only: bool
    #: Whether query parameters go in one single-variable VALUES block each (see sparql.bind).
    values_per_variable: bool

    def query(self, sparql: str) -> Result: ...

    def update(self, sparql: str) -> None: ...

    def replace_graph(
        self, graph: str, quads: list[ox.Quad] | None, *, before: str = "", after: str = ""
    ) -> None:
        """Run the update ``before``, replace (or with None, drop) ``graph``, then run the
        update ``after``: all in one transaction where the engine can."""

    def dump(self, fmt: ox.RdfFormat, out: BinaryIO) -> None: ...

    def quad_count(self) -> int: ...

    def close(self) -> None: ...


class OxigraphBackend:
    """The embedded Oxigraph store, on disk or in memory."""

    values_per_variable = False

    def __init__(self, path: str | None, *, read_only: bool = False) -> None:
        self.location = path or MEMORY
        self.read_only = read_only
        self._unflushed = 0
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                if not Path(path).is_dir():
                    raise StoreError(f"no store at {path}: load some notes first (thesisgraph load)")
                self._store = ox.Store.read_only(path)
            else:
                Path(path).mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(path)
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreBusyError(
                    f"store {path} is busy: another process is writing to it; "
                    "wait for it to finish or use another --store"
                ) from None
            raise StoreError(f"cannot open store {path}: {exc}") from None

    def query(self, sparql: str) -> Result:
        try:
            raw = self._store.query(sparql, use_default_graph_as_union=True)
            return Result.from_pyoxigraph(raw)
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL: {exc}") from None
        except OSError as exc:
            raise StoreError(f"query failed on {self.location}: {exc}") from None

    def update(self, sparql: str) -> None:
        self._check_writable()
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL update: {exc}") from None
        except OSError as exc:
            raise StoreError(f"write failed on {self.location}: {exc}") from None

    def replace_graph(
        self, graph: str, quads: list[ox.Quad] | None, *, before: str = "", after: str = ""
    ) -> None:
        parts = [before] if before.strip() else []
        parts.append(f"DROP SILENT GRAPH <{graph}>")
        if quads:
            parts.append(insert_data(quads))
        if after.strip():
            parts.append(after)
        self.update(_P + " ;\n".join(parts))  # one update request: one transaction

    #: Quads written between two flushes of the on-disk store's write buffers. RocksDB keeps
    #: one buffer per index and lets them grow: a 10,000-note load held 2.4 GB; flushing
    #: every 150,000 quads (about 200 notes) keeps the writing process near 300 MB.
    FLUSH_EVERY = 150_000

    def extend(self, quads: list[ox.Quad]) -> None:
        """Add quads in one transaction."""
        self._write(lambda: self._store.extend(quads), len(quads))

    def load_nquads(self, data: bytes) -> None:
        """Add the quads of an N-Quads document in one transaction."""
        self._write(lambda: self._store.load(data, format=ox.RdfFormat.N_QUADS), data.count(b"\n"))

    def bulk_load(self, data: bytes) -> None:
        """Add the quads of an N-Quads document through the bulk loader: no transaction, and
        nothing in the write buffers (it writes sorted files straight into the store).

        ``data`` is pyoxigraph's own serialisation of terms it built (and checked) itself, so
        the loader is told not to check every IRI again (``lenient``: 6.4 -> 5.8 s of CPU for
        the 1,000-note benchmark's 211 MB, same quads)."""
        self._write(lambda: self._store.bulk_load(data, format=ox.RdfFormat.N_QUADS, lenient=True), 0)

    def _write(self, write: Callable[[], object], buffered: int) -> None:
        """Run one write, then flush the write buffers once ``FLUSH_EVERY`` quads went into them."""
        self._check_writable()
        try:
            write()
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"write failed on {self.location}: {exc}") from None
        self._unflushed += buffered
        if self._unflushed >= self.FLUSH_EVERY:
            self.flush()

    def quads(
        self,
        s: ox.NamedNode | None,
        p: ox.NamedNode | None,
        o: ox.NamedNode | ox.Literal | None,
        g: ox.NamedNode | None,
    ) -> Iterator[ox.Quad]:
        """The stored quads matching a pattern (None matches anything), streamed from the index."""
        return iter(self._store.quads_for_pattern(s, p, o, g))

    def is_empty(self) -> bool:
        """True when the store holds no quad at all (one index seek)."""
        return next(iter(self._store), None) is None

    def optimize(self) -> None:
        """Compact the store's files (after bulk loads: reads otherwise search every loaded file)."""
        self._check_writable()
        try:
            self._store.optimize()
        except OSError as exc:
            raise StoreError(f"compacting {self.location} failed: {exc}") from None

    def dump(self, fmt: ox.RdfFormat, out: BinaryIO) -> None:
        if fmt.supports_datasets:
            self._store.dump(out, fmt, prefixes=PREFIXES)
        else:
            triples = dict.fromkeys(q.triple for q in self._store.quads_for_pattern(None, None, None))
            ox.serialize(triples, out, fmt, prefixes=PREFIXES)

    def quad_count(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        self._unflushed = 0
        if not self.read_only and self.location != MEMORY:
            self._store.flush()

    def close(self) -> None:
        self.flush()
        del self._store

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"store {self.location} is open read-only")


def resolve_location(location: str | os.PathLike[str] | None = None) -> str:
    """The store location: the argument, else ``$THESISGRAPH_STORE``, else ``./.thesisgraph``."""
    if location is not None and str(location):
        return str(location)
    return os.environ.get(STORE_ENV) or DEFAULT_STORE


def open_store(location: str | os.PathLike[str] | None = None, *, read_only: bool = False) -> Store:
    """Open the store at ``location`` (a folder, ``":memory:"`` or a SPARQL endpoint URL)."""
    loc = resolve_location(location)
    backend: Any
    if loc == MEMORY:
        backend = OxigraphBackend(None)
    elif loc.startswith(("http://", "https://")):
        from .remote import SparqlServerBackend

        backend = SparqlServerBackend(loc, read_only=read_only)
    elif read_only and not Path(loc).is_dir():
        raise StoreError(f"no store at {loc}: load some notes first (thesisgraph load PATH)")
    else:
        backend = OxigraphBackend(loc, read_only=read_only)
    return Store(backend)


class Store:
    """A thesisgraph store: write documents, remove them, query, export, import."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self._lock = threading.Lock()
        # What this Store has written, kept while it is the store's only writer (the embedded
        # store: on disk Oxigraph locks out other writers): the shared quads already written
        # and the specific class of each entity met, so that a long load does not ask again.
        self._shared: set[ox.Quad] = set()
        self._kinds: dict[ox.NamedNode, ox.NamedNode] = {}  # entity -> its stored specific class
        self._cache = isinstance(backend, OxigraphBackend)
        self._batch: _Batch | None = None
        if self._cache and not backend.read_only:
            self._finish_interrupted_batch()

    @property
    def location(self) -> str:
        return self.backend.location

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.backend.close()

    # ---- reading -------------------------------------------------------

    def query(self, sparql: str, params: Mapping[str, Any] | None = None) -> Result:
        """Run a SPARQL query over the union of all graphs, with ``params`` bound as terms.

        The contract's prefixes (tg:, rdfs:, oa: ...) may be used without declaring them."""
        text = bind(with_prefixes(sparql), params, per_variable=self.backend.values_per_variable)
        return self.backend.query(text)

    def __len__(self) -> int:
        return self.backend.quad_count()

    def document_state(self, doc_iri: str) -> tuple[str, str] | None:
        """The stored ``(sha256, pipeline)`` of a document, or None when it is not stored."""
        r = self.backend.query(
            _P + f"SELECT ?sha ?pipe WHERE {{ GRAPH <{doc_iri}> {{ <{doc_iri}> tg:sha256 ?sha "
            f"OPTIONAL {{ <{doc_iri}> tg:pipeline ?pipe }} }} }}"
        )
        for sha, pipe in r.bindings:
            return (lexical(sha), lexical(pipe))
        return None

    def document_states(self, docs: Iterable[str] | None = None) -> dict[str, tuple[str, str]]:
        """``(sha256, pipeline)`` of every stored document (or of those of ``docs`` that are
        stored), by document IRI: one query for all, or one lookup per named document."""
        if docs is not None:
            return {d: state for d in docs if (state := self.document_state(d)) is not None}
        r = self.backend.query(
            _P + "SELECT ?doc ?sha ?pipe WHERE { GRAPH ?doc { ?doc a tg:Document ; tg:sha256 ?sha "
            "OPTIONAL { ?doc tg:pipeline ?pipe } } }"
        )
        return {
            lexical(doc): (lexical(sha), lexical(pipe)) for doc, sha, pipe in r.bindings
        }

    def documents(self) -> list[dict[str, Any]]:
        """Every stored document: IRI, title, source, date, publisher and claim count."""
        r = self.backend.query(
            _P
            + """SELECT ?doc ?title ?source ?date ?publisher (COUNT(DISTINCT ?c) AS ?claims) WHERE {
  GRAPH ?doc { ?doc a tg:Document ; dcterms:source ?source .
    OPTIONAL { ?doc dcterms:title ?title } OPTIONAL { ?doc dcterms:date ?date }
    OPTIONAL { ?c prov:wasDerivedFrom ?doc ; a tg:Claim } }
  OPTIONAL { GRAPH ?doc { ?doc dcterms:publisher ?p } ?p rdfs:label ?publisher }
} GROUP BY ?doc ?title ?source ?date ?publisher ORDER BY ?source"""
        )
        return r.rows()

    def stats(self, *, quads: bool = True) -> dict[str, int]:
        """Counts of documents, entities, claims (and by kind), evidence, conflicts and, unless
        ``quads`` is false, quads (the one count that reads the whole store: about a second at
        10,000 notes)."""
        r = self.backend.query(
            _P
            + """SELECT
  (COUNT(DISTINCT ?doc) AS ?documents) WHERE { ?doc a tg:Document }"""
        )
        out: dict[str, int] = {"documents": int(r.column("documents")[0] or 0)}
        counts = {
            "entities": "?x a tg:Entity",
            "claims": "?x a tg:Claim",
            "metric_claims": "?x a tg:MetricClaim",
            "event_claims": "?x a tg:EventClaim",
            "relation_claims": "?x a tg:RelationClaim",
            "outlook_claims": "?x a tg:OutlookClaim",
            "risk_claims": "?x a tg:RiskClaim",
            "theses": "?x a tg:Thesis",
            "evidence": "?x a tg:Evidence",
        }
        for name, pattern in counts.items():
            q = _P + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern} }}"
            out[name] = int(self.backend.query(q).column("n")[0] or 0)
        q = _P + f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{CONFLICTS_GRAPH}> {{ ?a tg:conflictsWith ?b }} }}"
        out["conflicts"] = int(self.backend.query(q).column("n")[0] or 0) // 2
        if quads:
            out["quads"] = len(self)
        return out

    # ---- writing -------------------------------------------------------

    def write(
        self,
        extraction: Extraction,
        *,
        pipeline: str = "",
        force: bool = False,
        document_nquads: bytes | None = None,
    ) -> WriteReport:
        """Write one document's graph, replacing what was stored for it, in one transaction.

        Does nothing when the same bytes were already written by the same
        ``pipeline`` (unless ``force``). Conflict links with every stored claim
        on the same entity, metric, period and unit are updated in the same
        transaction. ``document_nquads`` is the document's own graph already serialised
        (:func:`~.mapping.encode_document` of the same extraction and pipeline), as a load
        worker prepares it; inside :meth:`batch` a new document given so is gathered for
        the batch's bulk load instead of written at once.
        """
        extraction.check()
        doc = extraction.doc_iri
        with self._lock:
            batch = self._batch
            if batch is not None and doc in batch.pending:
                self._write_batch()  # written twice in one batch: the first lands, then is replaced
            # into a store that held nothing when the batch began, a document not written
            # since is new: no need to ask (one query per document, 0.3 ms each)
            new = batch is not None and batch.fresh and doc not in batch.written
            state = None if new else self.document_state(doc)
            if state == (extraction.note.sha256, pipeline) and not force:
                return WriteReport(WriteOutcome.UNCHANGED, doc)
            prune = ""
            if state is not None:
                if batch is not None:
                    self._write_batch()  # the replace must find the gathered documents stored
                self._forget()  # the document's old claims leave the store
                # the new version's entities are written again just after: they are not pruned
                prune = self._prune_of(doc, keep=frozenset(e.iri for e in extraction.entities))
            shared = self._keep_stored_kinds(
                [q for q in common_quads(extraction) if q not in self._shared], ask=batch is None or not batch.fresh
            )
            points = [p for c in extraction.claims if (p := metric_point(c)) is not None]
            keys = {p.key for p in points}
            if batch is None:
                existing = self._stored_points(keys, exclude=doc)
            else:  # points already met in this load are known: ask the store for new keys only
                # (not ``keys - batch.known.keys()``: a set minus a dict view walks the whole
                # dict, which grew with the load: 73 s of a 10,000-note load went there)
                missing = {k for k in keys if k not in batch.known}
                for k in missing:
                    batch.known[k] = []
                if not batch.fresh:  # else the store holds no points but those known
                    for p in self._stored_points(missing, exclude=doc):
                        batch.known[p.key].append(p)
                existing = [p for k in keys for p in batch.known[k]]
            pairs = list(conflicting_pairs(points, existing))
            links = [
                ox.Quad(ox.NamedNode(a), _CONFLICTS_WITH, ox.NamedNode(b), _CONFLICTS)
                for x, y in pairs
                for a, b in ((x, y), (y, x))
            ]
            if state is None and isinstance(self.backend, OxigraphBackend):
                # a new document: nothing to drop, so a plain insert (the fast path)
                if document_nquads is not None:
                    data = document_nquads + to_nquads(shared + links).encode("utf-8")
                    if batch is not None:
                        batch.add(doc, data, [p.claim for p in points if _named_document(p.claim) != doc])
                        if batch.size >= batch.max_bytes:
                            self._write_batch()
                    else:
                        self.backend.load_nquads(data)  # one transaction
                else:
                    if batch is not None:
                        self._write_batch()  # (a note too large for the N-Quads parser: written alone)
                    self.backend.extend(document_quads(extraction, pipeline) + shared + links)
            else:
                self.backend.replace_graph(
                    doc,
                    document_quads(extraction, pipeline),
                    before=_drop_conflicts_of(doc),
                    # what only the old version referred to goes, then what the new one brings comes
                    after=" ;\n".join(filter(None, (prune, insert_data(shared + links)))),
                )
            if self._cache:
                self._shared.update(shared)
            if batch is not None:  # what the store now holds for these keys
                for p in points:
                    batch.known[p.key].append(p)
                batch.written.add(doc)
            outcome = WriteOutcome.ADDED if state is None else WriteOutcome.REPLACED
            return WriteReport(outcome, doc, conflicts=len(pairs))

    @contextmanager
    def batch(self, max_bytes: int = BATCH_BYTES) -> Iterator[Store]:
        """Within the block, new documents written to the embedded store are gathered and
        written in batches of about ``max_bytes`` of N-Quads through the bulk loader.

        For large loads: Oxigraph's bulk loader is several times cheaper than one
        transaction per document. Conflicts are found as for single writes (the gathered
        documents' claims included); a document already stored is replaced as usual, after
        the batch gathered so far is written. Queries see a document once its batch is
        written; what is still gathered is written when the block ends normally, and dropped,
        never half-written, when it ends with an error (the next load writes it). A process killed
        while a batch is being written leaves that batch named in the store's pending graph,
        and the next writer removes it (see the module docstring).
        """
        backend = self.backend
        if not isinstance(backend, OxigraphBackend) or self._batch is not None:
            yield self
            return
        self._batch = batch = _Batch(max_bytes, fresh=backend.is_empty())
        try:
            yield self
            self._write_batch()
        finally:
            self._batch = None
        if batch.batches >= self.COMPACT_AFTER:
            backend.optimize()

    #: Batches after which a load compacts the store. Each bulk load adds files that overlap
    #: all others, and a read searches every one of them until RocksDB merges them: right
    #: after a 10,000-note load a saved query took three times as long as after compacting
    #: (11 s for the whole store). Below this, the few files are left to RocksDB.
    COMPACT_AFTER = 4

    def _write_batch(self) -> None:
        """Write the gathered documents: name them as pending, bulk-load, clear the names."""
        batch = self._batch
        if batch is None or not batch.docs:
            return
        try:
            self._mark_pending(batch)
            self._bulk_load(batch)
            self.backend.update(f"DROP SILENT GRAPH <{PENDING_GRAPH}>")
            batch.batches += 1
        except StoreError as exc:
            self._forget()
            raise BatchWriteError(
                f"{exc} (while writing a batch of {len(batch.docs)} documents; the store keeps "
                "what was written before it, and the next load writes them again)"
            ) from None
        finally:
            batch.clear()

    def _mark_pending(self, batch: _Batch) -> None:
        """Name a batch's documents in the pending graph (one transaction).

        The claims whose conflict links a recovery removes are known by their IRIs, which
        name their document (:func:`~.iri.parent_pattern`); only a compared claim with an IRI
        of another shape (an extraction built by hand) is named too. Naming every compared
        claim cost a 10,000-note load about 50 s of CPU, mostly RocksDB merging the names and
        their removal."""
        markers = [ox.Quad(ox.NamedNode(d), _TYPE, _PENDING_LOAD, _PENDING) for d in batch.docs]
        markers += [ox.Quad(ox.NamedNode(d), _PENDING_CLAIM, ox.NamedNode(c), _PENDING) for d, c in batch.claims]
        assert isinstance(self.backend, OxigraphBackend)
        self.backend.extend(markers)

    def _bulk_load(self, batch: _Batch) -> None:
        assert isinstance(self.backend, OxigraphBackend)
        self.backend.bulk_load(b"".join(batch.data))

    def _finish_interrupted_batch(self) -> None:
        """Remove the documents of a batch whose writing was interrupted (see ``batch``)."""
        r = self.backend.query(f"ASK {{ GRAPH <{PENDING_GRAPH}> {{ ?s ?p ?o }} }}")
        if not r.boolean:
            return
        assert isinstance(self.backend, OxigraphBackend)
        docs = {
            lexical(d)
            for (d,) in self.backend.query(
                _P + f"SELECT DISTINCT ?d WHERE {{ GRAPH <{PENDING_GRAPH}> {{ ?d a tg:PendingLoad }} }}"
            ).bindings
        }
        # The conflict links of the pending documents' claims, told by the claims' IRIs: one
        # pass over the links (330,794 at 10,000 notes: 3.6 s; the same test in SPARQL took
        # 7.4 s for a batch of 150 documents, and its plan depends on the planner).
        links = {
            q
            for a, _, b, _ in self.backend.quads(None, _CONFLICTS_WITH, None, _CONFLICTS)
            if isinstance(a, ox.NamedNode) and isinstance(b, ox.NamedNode)
            and _named_document(a.value) in docs
            for q in (ox.Quad(a, _CONFLICTS_WITH, b, _CONFLICTS), ox.Quad(b, _CONFLICTS_WITH, a, _CONFLICTS))
        }
        parts = [
            _data("DELETE", sorted(links, key=str)),
            # and of the claims named one by one (see _mark_pending)
            f"""DELETE {{ GRAPH <{CONFLICTS_GRAPH}> {{ ?a tg:conflictsWith ?b . ?b tg:conflictsWith ?a }} }}
WHERE {{ GRAPH <{PENDING_GRAPH}> {{ ?d tg:pendingClaim ?a }} GRAPH <{CONFLICTS_GRAPH}> {{ ?a tg:conflictsWith ?b }} }}""",
        ]
        parts += [f"DROP SILENT GRAPH <{d}>" for d in sorted(docs)]
        parts += [_PRUNE, f"DROP SILENT GRAPH <{PENDING_GRAPH}>"]
        self.backend.update(_P + " ;\n".join(filter(None, parts)))  # one transaction

    def remove(self, document: str) -> str:
        """Remove a document (by IRI or by the path it was loaded from); returns its IRI.

        Its conflict links go with it, and the entities and time series only it
        referred to are pruned from the common graph.
        """
        doc = self.find_document(document)
        with self._lock:
            self._forget()
            self.backend.replace_graph(doc, None, before=_drop_conflicts_of(doc), after=self._prune_of(doc))
        return doc

    def _prune_of(self, doc: str, keep: frozenset[str] = frozenset()) -> str:
        """Update dropping from the common graph the entities and time series that ``doc``'s
        stored graph refers to and that nothing else will refer to once it is replaced or removed.

        It runs in the same transaction, after the graph is dropped (and its new version
        written). Only what the document referred to is looked at: the entities it refers to
        and their parents, each with the entities that are part of it (an entity stays while a
        document refers to it or to any of its parts), and the series of its claims. Each
        entity is then one short test per part (each stops at the first document found),
        where a prune over the whole common graph read every reference in the store
        (``thesisgraph remove`` at 10,000 notes: 8.4 s -> 0.17 s). A replace used to leave
        what only the old version named; it goes now, as on a remove. The entities of ``keep``
        (those the new version writes again, with the kinds already checked against the
        store) are left as they are.
        """
        common = f"<{COMMON_GRAPH}>"
        r = self.backend.query(
            _P
            + f"""SELECT DISTINCT ?e ?part WHERE {{
  GRAPH <{doc}> {{ ?x ?q ?c }} GRAPH {common} {{ ?c a tg:Entity ; tg:partOf* ?e }}
  GRAPH {common} {{ ?part tg:partOf* ?e }} }}"""
        )
        parts: dict[str, set[str]] = {}
        for e, part in r.bindings:
            if lexical(e) in keep:
                continue
            parts.setdefault(str(ox.NamedNode(lexical(e))), set()).add(str(ox.NamedNode(lexical(part))))
        ops = [
            f"DELETE {{ GRAPH {common} {{ {e} ?p ?o }} }} WHERE {{ GRAPH {common} {{ {e} a tg:Entity ; ?p ?o }} "
            + " ".join(
                f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?x ?q {part} }} FILTER(?g != {common}) }}" for part in sorted(ps)
            )
            + " }"
            for e, ps in sorted(parts.items())
        ]
        r = self.backend.query(_P + f"SELECT DISTINCT ?s WHERE {{ GRAPH <{doc}> {{ ?c tg:inSeries ?s }} }}")
        series = sorted(str(ox.NamedNode(lexical(s))) for (s,) in r.bindings)
        if series:
            ops.append(
                f"DELETE {{ GRAPH {common} {{ ?s ?p ?o }} }} WHERE {{ VALUES ?s {{ {' '.join(series)} }} "
                f"GRAPH {common} {{ ?s a tg:MetricSeries ; ?p ?o }} FILTER NOT EXISTS {{ GRAPH ?g {{ ?c tg:inSeries ?s }} }} }}"
            )
        return " ;\n".join(ops)

    def find_document(self, document: str) -> str:
        """The IRI of a stored document given its IRI or the path or URL it was read from."""
        candidates = [document]
        if not document.startswith(ID):
            candidates.append(str(Path(document).expanduser().resolve()))
        for cand in candidates:
            r = self.query(
                _P + "SELECT ?doc WHERE { GRAPH ?doc { ?doc a tg:Document ; dcterms:source ?key } }",
                {"key": cand},
            )
            if r.bindings:
                return lexical(r.bindings[0][0])
            if cand.startswith(ID):
                r = self.backend.query(_P + f"ASK {{ GRAPH <{cand}> {{ <{cand}> a tg:Document }} }}")
                if r.boolean:
                    return cand
        raise StoreError(
            f"no document {document!r} in {self.location}; `thesisgraph documents` lists them"
        )

    def export(self, fmt: str, out: BinaryIO) -> None:
        """Write the whole graph as turtle, trig, nquads, ntriples or jsonld.

        Dataset formats (trig, nquads) keep the named graphs; the others write
        the union of all graphs.
        """
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
        self.backend.dump(EXPORT_FORMATS[fmt], out)

    def import_rdf(self, path: str | os.PathLike[str], fmt: str | None = None) -> int:
        """Import RDF a user already has; returns the number of quads added.

        Triples from a file without named graphs go into a graph of their own,
        named after the file, that a second import of the same file replaces.
        """
        p = Path(path)
        rdf_format = _rdf_format(p, fmt)
        graph = ID + "import/" + _import_key(p)
        try:
            with p.open("rb") as fh:
                quads = list(
                    ox.parse(fh, rdf_format, base_iri=p.resolve().as_uri(), without_named_graphs=False)
                )
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"{p}: not valid {rdf_format.name}: {exc}") from None
        except OSError as exc:
            raise StoreError(f"{p}: cannot read: {exc.strerror or exc}") from None
        g = ox.NamedNode(graph)
        own = [ox.Quad(q.subject, q.predicate, q.object, g) for q in quads if isinstance(q.graph_name, ox.DefaultGraph)]
        named = [q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)]
        # name keys and time series, for RDF written by an earlier version or by another tool
        derived = name_key_quads(own) + series_quads(own) + name_key_quads(named) + series_quads(named)
        own += [q for q in derived if q.graph_name == g]
        named += [q for q in derived if q.graph_name != g]
        with self._lock:
            self._forget()
            self.backend.replace_graph(graph, own or None, after=insert_data(named))
        return len(quads)

    def _forget(self) -> None:
        """Drop what was noted: a replace, remove or import changes stored claims and shared facts."""
        self._shared.clear()
        if self._batch is not None:
            self._batch.known.clear()
            self._batch.fresh = False
        self._kinds.clear()

    def _keep_stored_kinds(self, shared: list[ox.Quad], *, ask: bool = True) -> list[ox.Quad]:
        """Leave out a new specific class for an entity the store already holds with another.

        An entity has exactly one kind (the contract's shape). A gazetteer entity always
        comes with the same one, but a name found in the text may be read as a company in
        one note and as a business unit in another: the first kind stored stands, so the
        graph stays valid and one node keeps one colour. Without ``ask`` the kinds noted are
        taken to be all the store holds (a batch into a store that was empty).
        """
        kinds = {q.subject: q.object for q in shared if q.predicate == _TYPE and q.object in _KINDS}
        if not kinds:
            return shared
        unknown = [s for s in kinds if s not in self._kinds]
        if unknown and ask:
            values = " ".join(str(s) for s in unknown)
            rows = self.backend.query(
                _P + f"SELECT ?e ?k WHERE {{ VALUES ?e {{ {values} }} GRAPH <{COMMON_GRAPH}> {{ ?e a ?k }} "
                f"VALUES ?k {{ {' '.join(str(k) for k in _KINDS)} }} }}"
            )
            for row in rows.rows():
                self._kinds.setdefault(ox.NamedNode(str(row["e"])), ox.NamedNode(str(row["k"])))
        out = []
        for q in shared:
            if q.predicate == _TYPE and q.object in _KINDS:
                stored = self._kinds.get(q.subject)  # type: ignore[arg-type]
                if stored is not None and stored != q.object:
                    continue
                self._kinds[q.subject] = q.object  # type: ignore[index,assignment]
            out.append(q)
        return out

    def _stored_points(self, keys: set[Any], exclude: str) -> list[MetricPoint]:
        """Points of stored metric claims outside ``exclude``'s graph with one of the conflict ``keys``.

        Each key is one lookup in the store's index on (predicate, object): the cost is
        that of the answer, however large the store."""
        if not keys:
            return []
        values = " ".join(str(ox.Literal(k)) for k in sorted(keys))
        r = self.backend.query(
            _P
            + f"""SELECT ?c ?k ?v ?r ?b WHERE {{
  VALUES ?k {{ {values} }}
  GRAPH ?g {{ ?c tg:conflictKey ?k ; tg:value ?v .
    OPTIONAL {{ ?c tg:resolution ?r }} OPTIONAL {{ ?c tg:bound ?b }} }}
  FILTER(?g != <{exclude}>)
}}"""
        )
        return [
            MetricPoint(
                claim=lexical(c),
                key=lexical(k),
                value=Decimal(lexical(v)),
                resolution=Decimal(lexical(res)) if res is not None else None,
                bound=lexical(b) or None,
            )
            for c, k, v, res, b in r.bindings
        ]


@dataclass
class _Batch:
    """New documents gathered for one bulk load (see :meth:`Store.batch`)."""

    max_bytes: int
    docs: list[str] = field(default_factory=list)
    pending: set[str] = field(default_factory=set)
    data: list[bytes] = field(default_factory=list)
    size: int = 0
    claims: list[tuple[str, str]] = field(default_factory=list)  # (document, compared claim): see _mark_pending
    # The metric points of every conflict key met in this load, stored or gathered: kept
    # across the batches of one load (the Store is the store's only writer), forgotten with
    # the Store's other notes when a replace, remove or import changes stored claims.
    known: dict[Any, list[MetricPoint]] = field(default_factory=dict)
    # The store held nothing when the batch began and nothing was forgotten since: then the
    # documents written in this load, the points in ``known`` and the kinds the Store noted are
    # all it holds, and a write need not ask the store (a first load of a library).
    fresh: bool = False
    written: set[str] = field(default_factory=set)  # documents written in this load
    batches: int = 0  # batches bulk-loaded so far

    def add(self, doc: str, data: bytes, claims: Iterable[str] = ()) -> None:
        self.docs.append(doc)
        self.pending.add(doc)
        self.data.append(data)
        self.size += len(data)
        self.claims.extend((doc, c) for c in claims)

    def clear(self) -> None:
        self.docs.clear()
        self.pending.clear()
        self.data.clear()
        self.size = 0
        self.claims.clear()


def _named_document(claim: str) -> str | None:
    """The IRI of the document a claim's IRI names (as :func:`~.iri.child_iri` makes them), if any."""
    m = _CLAIM_PARENT.match(claim)
    return None if m is None else f"{ID}doc/{m.group(1)}"


def insert_data(quads: list[ox.Quad]) -> str:
    """An ``INSERT DATA`` update for quads, grouped by graph ("" when there are none).

    Terms are written by pyoxigraph's own serialisation, which escapes literals."""
    return _data("INSERT", quads)


def _data(verb: str, quads: list[ox.Quad]) -> str:
    """An ``INSERT DATA`` or ``DELETE DATA`` update for quads ("" when there are none)."""
    if not quads:
        return ""
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        by_graph.setdefault(str(q.graph_name), []).append(f"{q.triple} .\n")
    body = "".join(f"GRAPH {g} {{\n{''.join(lines)}}}\n" for g, lines in by_graph.items())
    return f"{verb} DATA {{\n{body}}}"


def _drop_conflicts_of(doc: str) -> str:
    """Update removing every conflict link that touches a claim of ``doc``'s graph.

    It runs before the graph is replaced, in the same transaction, so it sees
    the old claims."""
    return f"""DELETE {{ GRAPH <{CONFLICTS_GRAPH}> {{ ?a tg:conflictsWith ?b . ?b tg:conflictsWith ?a }} }}
WHERE {{ GRAPH <{doc}> {{ ?a a tg:MetricClaim }} GRAPH <{CONFLICTS_GRAPH}> {{ ?a tg:conflictsWith ?b }} }}"""


#: Drop from the common graph the entities no document refers to any more, unless they are
#: the parent (at any depth) of an entity a document still refers to: over the whole store,
#: after an interrupted batch is removed (a remove or replace prunes what its document
#: referred to, see Store._prune_of). The entities to keep
#: are found first (the path starts from a bound entity): Virtuoso refuses a property path
#: whose two ends are both free, as inside a FILTER NOT EXISTS. Then the time series no
#: claim is in any more.
_PRUNE = f"""DELETE {{ GRAPH <{COMMON_GRAPH}> {{ ?e ?p ?o }} }}
WHERE {{ GRAPH <{COMMON_GRAPH}> {{ ?e a tg:Entity ; ?p ?o }}
  MINUS {{ SELECT DISTINCT ?e WHERE {{
    GRAPH <{COMMON_GRAPH}> {{ ?child a tg:Entity }}
    GRAPH ?g {{ ?x ?q ?child }} FILTER(?g != <{COMMON_GRAPH}>)
    GRAPH <{COMMON_GRAPH}> {{ ?child tg:partOf* ?e }} }} }} }} ;
DELETE {{ GRAPH <{COMMON_GRAPH}> {{ ?s ?p ?o }} }}
WHERE {{ GRAPH <{COMMON_GRAPH}> {{ ?s a tg:MetricSeries ; ?p ?o }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?c tg:inSeries ?s }} }} }}"""


def _rdf_format(path: Path, fmt: str | None) -> ox.RdfFormat:
    if fmt:
        if fmt in EXPORT_FORMATS:
            return EXPORT_FORMATS[fmt]
        raise StoreError(f"unknown RDF format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    ext = path.suffix.lstrip(".").lower()
    found = ox.RdfFormat.from_extension(ext) if ext else None
    if found is None:
        raise StoreError(
            f"{path}: cannot tell the RDF format from the suffix {path.suffix!r}; "
            "use .ttl, .trig, .nq, .nt, .rdf or .jsonld, or pass --format"
        )
    return found


def _import_key(path: Path) -> str:
    from .iri import document_iri

    return document_iri(str(path.resolve())).rsplit("/", 1)[-1]
