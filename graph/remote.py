"""A SPARQL 1.1 server as the store: Virtuoso, Apache Jena Fuseki, GraphDB, Neptune.

:class:`SparqlServerBackend` speaks the standard protocols only, over
``urllib`` from the standard library, and lets pyoxigraph parse what comes
back (SPARQL JSON results, N-Triples):

* queries go to the query endpoint (the store URL) as SPARQL 1.1 Protocol
  POSTs; SELECT/ASK results are read as ``application/sparql-results+json``,
  CONSTRUCT/DESCRIBE as N-Triples;
* updates go to the update endpoint (``$THESISGRAPH_UPDATE_URL``, else the
  store URL, as Virtuoso and Neptune take both on one URL);
* when ``$THESISGRAPH_GSP_URL`` names a Graph Store Protocol endpoint, a
  document's graph is written with ``PUT ?graph=DOC`` of N-Triples;
  otherwise with ``DROP SILENT GRAPH`` and ``INSERT DATA`` in batches of
  :data:`BATCH_TRIPLES` triples, the first batch in the same request as the
  drop (a document of one batch is one request, so one transaction);
* credentials come from ``$THESISGRAPH_USER`` and ``$THESISGRAPH_PASSWORD``
  and answer whichever challenge the server sends (HTTP Basic or Digest:
  Virtuoso's ``/sparql-auth`` uses Digest).

A server does not give one transaction across several requests, so a large
document takes a few: conflicts dropped, the graph replaced, shared facts
added, and last of all the document's ``tg:sha256`` statement. That statement
is what tells a later load the document is stored, so a load stopped half-way
leaves a document that the next load writes again instead of skipping it.

Only graphs whose IRI starts with the project's ``id/`` namespace count as the
store's: the quad count and ``export`` leave out a server's own system graphs
(Virtuoso keeps several), while queries still see the union of every graph.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from typing import BinaryIO

import pyoxigraph as ox

from .errors import QueryError, StoreError
from .namespace import ID, PREFIXES, TG, XSD, sparql_prologue
from .results import Result
from .sparql import _code_mask

#: Environment variables read by the backend.
UPDATE_URL_ENV = "THESISGRAPH_UPDATE_URL"
GSP_URL_ENV = "THESISGRAPH_GSP_URL"
USER_ENV = "THESISGRAPH_USER"
PASSWORD_ENV = "THESISGRAPH_PASSWORD"
TIMEOUT_ENV = "THESISGRAPH_TIMEOUT"

#: Triples per ``INSERT DATA`` request. Virtuoso refuses an update whose generated
#: SQL passes 10,000 lines, which 2,000 triples can reach.
BATCH_TRIPLES = 500
#: Bytes of N-Triples per Graph Store Protocol request.
GSP_BYTES = 256 * 1024
#: Rows per page when reading a graph back for ``export``.
PAGE_ROWS = 5000
#: Seconds to wait for one HTTP answer unless ``$THESISGRAPH_TIMEOUT`` says otherwise.
DEFAULT_TIMEOUT = 300.0

_RESULTS_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"
_MAX_ROWS_HEADER = "x-sparql-maxrows"  # header names as lower case
_FORM = re.compile(r"(?i)\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b")
_DECIMAL = XSD + "decimal"
_SHA256 = TG + "sha256"
_P = sparql_prologue()
#: Keeps only the store's own graphs (documents, common, conflicts, imports).
_OURS = f'FILTER(STRSTARTS(STR(?g), "{ID}"))'


class SparqlServerBackend:
    """A store on a SPARQL 1.1 server (see the module docstring)."""

    #: One VALUES block per query parameter: Virtuoso 7 cannot compile a row of several.
    values_per_variable = True

    def __init__(
        self,
        url: str,
        *,
        read_only: bool = False,
        update_url: str | None = None,
        gsp_url: str | None = None,
        user: str | None = None,
        password: str | None = None,
        timeout: float | None = None,
        batch: int = BATCH_TRIPLES,
    ) -> None:
        parts = urllib.parse.urlsplit(url)
        if parts.username or parts.password:
            raise StoreError(
                f"store URL {parts.scheme}://…@{parts.hostname}: put credentials in "
                f"${USER_ENV} and ${PASSWORD_ENV}, not in the URL"
            )
        self.location = url
        self.read_only = read_only
        self.update_url = update_url or os.environ.get(UPDATE_URL_ENV) or url
        self.gsp_url = gsp_url or os.environ.get(GSP_URL_ENV) or None
        self.batch = max(1, batch)
        self.timeout = timeout if timeout is not None else _env_float(TIMEOUT_ENV, DEFAULT_TIMEOUT)
        user = user if user is not None else os.environ.get(USER_ENV)
        password = password if password is not None else os.environ.get(PASSWORD_ENV, "")
        handlers: list[urllib.request.BaseHandler] = []
        if user:
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for endpoint in {url, self.update_url, self.gsp_url or url}:
                manager.add_password(None, endpoint, user, password)
            handlers += [
                urllib.request.HTTPDigestAuthHandler(manager),
                urllib.request.HTTPBasicAuthHandler(manager),
            ]
        self._opener = urllib.request.build_opener(*handlers)

    # ---- reading -------------------------------------------------------

    def query(self, sparql: str) -> Result:
        result, cut = self._run(sparql)
        if cut is not None:
            raise StoreError(
                f"{self.location} cut the answer at {cut} rows (its result limit, Virtuoso's "
                "ResultSetMaxRows): raise the limit on the server, or narrow the query with LIMIT"
            )
        return result

    def _run(self, sparql: str) -> tuple[Result, int | None]:
        """The result, and the server's row limit when it cut the answer there (Virtuoso
        and ``thesisgraph serve`` say so in the ``X-SPARQL-MaxRows`` header)."""
        graph_form = query_form(sparql) in ("CONSTRUCT", "DESCRIBE")
        accept = _NTRIPLES if graph_form else _RESULTS_JSON
        body, headers = self._send(self.location, {"query": sparql}, accept=accept, what="query")
        cap = headers.get(_MAX_ROWS_HEADER)
        try:
            if graph_form:
                result = Result(kind="graph", triples=tuple(ox.parse(body, ox.RdfFormat.N_TRIPLES)))
            else:
                result = Result.from_pyoxigraph(
                    ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
                )
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.location} answered with results that do not parse: {exc}") from None
        cut = int(cap) if cap and cap.strip().isdigit() and len(result) >= int(cap) else None
        return result, cut

    def quad_count(self) -> int:
        r = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_OURS} }}")
        first = r.bindings[0][0] if r.bindings else None
        return int(first.value) if isinstance(first, ox.Literal) else 0

    def graphs(self) -> list[str]:
        """The store's own named graphs on the server."""
        r = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_OURS} }} ORDER BY ?g")
        return [t.value for (t,) in r.bindings if isinstance(t, ox.NamedNode)]

    def graph_quads(self, graph: str) -> Iterator[ox.Quad]:
        """Every statement of one graph, read in pages of :data:`PAGE_ROWS` rows, or of
        the server's row limit when that is smaller."""
        g = ox.NamedNode(graph)
        offset, page = 0, PAGE_ROWS
        while True:
            r, cut = self._run(
                f"SELECT ?s ?p ?o WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }} "
                f"ORDER BY ?s ?p ?o LIMIT {page} OFFSET {offset}"
            )
            for s, p, o in r.bindings:
                if isinstance(s, (ox.NamedNode, ox.BlankNode)) and isinstance(p, ox.NamedNode) \
                        and o is not None:
                    yield ox.Quad(s, p, o, g)
            offset += len(r.bindings)
            if cut is not None:
                page = min(page, cut)
            elif len(r.bindings) < page:
                return

    def dump(self, fmt: ox.RdfFormat, out: BinaryIO) -> None:
        quads = [q for graph in self.graphs() for q in self.graph_quads(graph)]
        if fmt.supports_datasets:
            ox.serialize(quads, out, fmt, prefixes=PREFIXES)
        else:
            triples = dict.fromkeys(q.triple for q in quads)
            ox.serialize(triples, out, fmt, prefixes=PREFIXES)

    # ---- writing -------------------------------------------------------

    def update(self, sparql: str) -> None:
        self._check_writable()
        self._send(self.update_url, {"update": sparql}, accept=_RESULTS_JSON, what="update")

    def replace_graph(
        self, graph: str, quads: list[ox.Quad] | None, *, before: str = "", after: str = ""
    ) -> None:
        """Run ``before``, replace (or drop) ``graph``, run ``after``, then write the
        document's ``tg:sha256`` statement (the mark that the write finished).

        A document that fits in one batch goes in one request, which a server runs as
        one transaction; a larger one in a request per batch, ``after`` and the mark
        riding with the last."""
        self._check_writable()
        quads = [server_safe(q) for q in quads or []]
        marks = [q for q in quads if _is_mark(q, graph)]
        body = [q for q in quads if not _is_mark(q, graph)]
        head = [before] if before.strip() else []
        tail = ([after] if after.strip() else []) + ([_insert_data(marks)] if marks else [])
        if self.gsp_url and body:
            if head:
                self.update(_P + " ;\n".join(head))
            self._put_graph(graph, body)
            requests = [tail] if tail else []
        else:
            batches = list(_batches(body, self.batch)) or [[]]
            requests = [head + [f"DROP SILENT GRAPH {ox.NamedNode(graph)}"]]
            requests += [[] for _ in batches[1:]]
            for ops, chunk in zip(requests, batches):
                if chunk:
                    ops.append(_insert_data(chunk))
            requests[-1] += tail
        for ops in requests:
            self.update(_P + " ;\n".join(ops))

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads, in batches of :attr:`batch` triples."""
        self._check_writable()
        for chunk in _batches([server_safe(q) for q in quads], self.batch):
            self.update(_insert_data(chunk))

    def flush(self) -> None:
        """Nothing to do: every request is committed by the server when it answers."""

    def close(self) -> None:
        """Nothing to release: no connection is kept between requests."""

    # ---- HTTP ----------------------------------------------------------

    def _put_graph(self, graph: str, quads: list[ox.Quad]) -> None:
        """PUT the graph's first part, POST the rest, in bodies of at most
        :data:`GSP_BYTES`; a statement larger than that goes as ``INSERT DATA``.

        Short statements go first: Virtuoso guesses the type of a body from its
        first bytes and refuses one that starts with a very long line, and it drops
        the connection when it challenges a large body for credentials."""
        lines = sorted(
            ((f"{q.triple} .\n".encode(), q) for q in quads), key=lambda item: len(item[0])
        )
        bodies: list[list[bytes]] = [[]]
        size = 0
        huge = []
        for line, quad in lines:
            if len(line) > GSP_BYTES:
                huge.append(quad)
                continue
            if size + len(line) > GSP_BYTES and bodies[-1]:
                bodies.append([])
                size = 0
            bodies[-1].append(line)
            size += len(line)
        sep = "&" if "?" in (self.gsp_url or "") else "?"
        url = f"{self.gsp_url}{sep}{urllib.parse.urlencode({'graph': graph})}"
        for i, body in enumerate(bodies):
            req = urllib.request.Request(
                url, data=b"".join(body), method="PUT" if i == 0 else "POST",
                headers={"Content-Type": _NTRIPLES + "; charset=utf-8"},
            )
            self._open(req, what="graph store " + req.get_method())
        for quad in huge:
            self.update(_insert_data([quad]))

    def _send(
        self, url: str, form: dict[str, str], *, accept: str, what: str
    ) -> tuple[bytes, Mapping[str, str]]:
        data = urllib.parse.urlencode(form).encode("utf-8")
        req = urllib.request.Request(
            url,
            data=data,
            method="POST",
            headers={
                "Accept": accept,
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            },
        )
        return self._open(req, what=what)

    def _open(self, req: urllib.request.Request, *, what: str) -> tuple[bytes, Mapping[str, str]]:
        try:
            with self._opener.open(req, timeout=self.timeout) as resp:
                return bytes(resp.read()), {k.lower(): v for k, v in resp.headers.items()}
        except urllib.error.HTTPError as exc:
            detail = _first_lines(exc.read())
            if exc.code in (401, 403) or "SECURITY" in detail or "permission" in detail.lower():
                raise StoreError(
                    f"{req.full_url} refused the {what} ({exc.code}): {detail or exc.reason}; "
                    f"set ${USER_ENV}/${PASSWORD_ENV}, or point ${UPDATE_URL_ENV} at an "
                    "endpoint that allows updates"
                ) from None
            if exc.code == 400:
                raise QueryError(f"{req.full_url} rejected the {what}: {detail or exc.reason}") from None
            raise StoreError(
                f"{req.full_url} failed the {what} ({exc.code}): {detail or exc.reason}"
            ) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreError(f"cannot reach the SPARQL server at {req.full_url}: {reason}") from None

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"store {self.location} is open read-only")


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the form of a query (prologue, strings and
    comments skipped)."""
    m = _FORM.search(_code_mask(sparql))
    return m.group(1).upper() if m else "SELECT"


def server_safe(quad: ox.Quad) -> ox.Quad:
    """The quad as a server stores it faithfully.

    Virtuoso reads ``"5"^^xsd:decimal`` (no decimal point) as an integer; with
    ``"5.0"`` it keeps the decimal type, and answers ``"5"^^xsd:decimal``."""
    o = quad.object
    if isinstance(o, ox.Literal) and o.datatype.value == _DECIMAL and "." not in o.value:
        o = ox.Literal(o.value + ".0", datatype=o.datatype)
        return ox.Quad(quad.subject, quad.predicate, o, quad.graph_name)
    return quad


def _is_mark(quad: ox.Quad, graph: str) -> bool:
    """Whether ``quad`` is the document's ``tg:sha256`` statement."""
    return quad.predicate.value == _SHA256 and quad.subject == ox.NamedNode(graph)


def _insert_data(quads: list[ox.Quad]) -> str:
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        by_graph.setdefault(str(q.graph_name), []).append(f"{q.triple} .\n")
    body = "".join(f"GRAPH {g} {{\n{''.join(lines)}}}\n" for g, lines in by_graph.items())
    return f"INSERT DATA {{\n{body}}}"


def _batches(items: list[ox.Quad], size: int) -> Iterator[list[ox.Quad]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _first_lines(raw: bytes, limit: int = 300) -> str:
    """The start of a server's error body, on one line (JSON ``message`` when there is one)."""
    text = raw.decode("utf-8", "replace").strip()
    try:
        doc = json.loads(text)
        if isinstance(doc, dict) and isinstance(doc.get("message"), str):
            text = doc["message"]
    except ValueError:
        pass
    text = text.split("\n\nSPARQL query:", 1)[0]
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1] + "…"


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise StoreError(f"${name} must be a number of seconds, got {raw!r}") from None


__all__ = ["SparqlServerBackend", "query_form", "server_safe"]
