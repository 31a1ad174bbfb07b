"""``thesisgraph serve``: the SPARQL 1.1 Protocol over the store, a query page and the graphs.

Routes:

* ``/sparql``: the SPARQL 1.1 Protocol (GET ``?query=``, POST form-encoded
  ``query=``/``update=``, POST ``application/sparql-query`` and
  ``application/sparql-update``), with content negotiation: SELECT and ASK
  as SPARQL results JSON, XML, CSV or TSV; CONSTRUCT and DESCRIBE as Turtle,
  N-Triples, JSON-LD or RDF/XML. ``default-graph-uri`` and
  ``named-graph-uri`` are honoured; without them the default graph is the
  union of all graphs, as everywhere in thesisgraph.
* ``/saved/NAME?param=value``: a saved query, parameters bound as RDF terms.
* ``/``: a page for people: the saved queries with their parameters, a box
  for SPARQL, results as an HTML table (every value escaped).
* ``/viz?view=graph|focus|thesis&focus=...&depth=...``: the interactive graphs.

Safe by default: it binds 127.0.0.1, is read-only (updates get 403 unless
``--allow-update``), refuses SERVICE and LOAD (no outbound requests) unless
``--allow-service``, stops a query past ``--timeout`` seconds without
stalling the others (see :mod:`thesisgraph.server_pool`), returns at most
``--max-rows`` rows (header ``X-SPARQL-MaxRows`` when it cut) and about
``--max-result-bytes`` of text (header ``X-SPARQL-MaxBytes``), and refuses
request bodies above ``--max-body`` bytes with 413.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
import signal
import sys
import threading
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from .graph.errors import QueryError, StoreBusyError, StoreError, ThesisGraphError
from .graph.saved import saved_queries, saved_query
from .graph.sparql import _code_mask, bind, with_prefixes
from .server_page import error_html, escape, page_html, results_html, service_description
from .server_pool import Refused, WorkerPool

_TEXT = "text/plain; charset=utf-8"
_UPDATE_FORMS = r"INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH"
_PROLOGUE = re.compile(r"(?is)\A\s*(?:(?:PREFIX\s+[^\s:]*:\s*|BASE\s*)\s*)*")  # IRIs are blanked
_UPDATE = re.compile(rf"(?i)(?:{_UPDATE_FORMS})\b")
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE = re.compile(r"(?i)(?<![\w?$:\-.])SERVICE(?![\w:\-])")
_LOAD = re.compile(r"(?i)(?<![\w?$:\-.])LOAD(?![\w:\-])")
_LOOPBACK = ("127.0.0.1", "localhost", "::1")
_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'"
_VIZ_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
            "connect-src 'none'; base-uri 'none'")


@dataclass(frozen=True, slots=True)
class ServeConfig:
    """How the server runs; every limit has a safe default."""

    store: str
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 10.0
    max_rows: int = 10_000
    max_body: int = 1_048_576
    max_result_bytes: int = 64 * 1_048_576
    workers: int = 4
    max_connections: int = 256
    allow_update: bool = False
    allow_service: bool = False


def _unescape_codepoints(text: str) -> str:
    """SPARQL reads ``\\uXXXX`` escapes before it parses: look at the query as the engine will."""
    return _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def classify(text: str) -> str:
    """"update" when the text is a SPARQL Update request, else "query"."""
    code = _code_mask(_unescape_codepoints(text))
    m = _PROLOGUE.match(code)
    rest = code[m.end():] if m else code
    return "update" if _UPDATE.match(rest) else "query"


def check_request(text: str, kind: str, config: ServeConfig) -> None:
    """Raise :class:`Refused` (403) for what the configuration does not allow."""
    code = _code_mask(_unescape_codepoints(text))
    if kind == "update" and not config.allow_update:
        raise Refused(403, "this endpoint is read-only: SPARQL Update is refused "
                           "(start the server with --allow-update to permit it)")
    if not config.allow_service:
        if _SERVICE.search(code):
            raise Refused(403, "SERVICE is refused: this endpoint makes no outbound requests "
                               "(start the server with --allow-service to permit it)")
        if _LOAD.search(code):
            raise Refused(403, "LOAD is refused: this endpoint makes no outbound requests "
                               "(start the server with --allow-service to permit it)")


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server: one thread per connection, queries in the worker pool."""

    daemon_threads = True
    request_queue_size = 256

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        # connections served at once (one thread each); more get 503 at once, so memory stays bounded
        self._slots = threading.BoundedSemaphore(config.max_connections)
        self._rejecters = threading.BoundedSemaphore(32)  # threads answering 503 to connections over the cap
        self.pool = WorkerPool(config.store, config.workers, config.timeout)
        self.update_lock = threading.Lock()
        try:
            super().__init__((config.host, config.port), Handler)
        except OSError:
            self.pool.close()
            raise

    def process_request(self, request: Any, client_address: Any) -> None:
        if self._slots.acquire(blocking=False):
            super().process_request(request, client_address)
        elif self._rejecters.acquire(blocking=False):
            threading.Thread(target=self._reject, args=(request,), daemon=True).start()
        else:
            self.shutdown_request(request)

    def _reject(self, request: Any) -> None:
        """Answer 503 to a connection over the cap: read its request first (briefly), so the
        client gets the answer rather than a reset."""
        try:
            request.settimeout(2.0)
            seen = b""
            with contextlib.suppress(OSError):
                while b"\r\n\r\n" not in seen and len(seen) < 65536:
                    chunk = request.recv(65536)
                    if not chunk:
                        break
                    seen += chunk
                m = re.search(rb"(?im)^content-length:\s*(\d+)", seen)
                left = min(int(m.group(1)), 1 << 20) - len(seen.partition(b"\r\n\r\n")[2]) if m else 0
                while left > 0:
                    chunk = request.recv(min(left, 65536))
                    if not chunk:
                        break
                    left -= len(chunk)
                body = b"too many connections at once; try again shortly\n"
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                                b"Connection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
            self.shutdown_request(request)
        finally:
            self._rejecters.release()

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else host
        return f"http://{name}:{port}"

    def run_update(self, text: str) -> None:
        """Run an allowed update on the store, opened for writing just for it."""
        from .graph.store import open_store

        with self.update_lock:
            try:
                with open_store(self.config.store) as st:
                    st.backend.update(with_prefixes(text))
            except StoreBusyError as exc:
                raise Refused(503, str(exc)) from None

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


class Handler(BaseHTTPRequestHandler):
    """One HTTP request."""

    server: SparqlServer
    protocol_version = "HTTP/1.1"
    server_version = "thesisgraph"
    timeout = 60  # seconds a connection may sit idle
    disable_nagle_algorithm = True  # headers and body leave at once: no 40 ms delayed-ACK stall on keep-alive

    def log_message(self, format: str, *args: Any) -> None:
        pass

    # ---- plumbing ---------------------------------------------------------

    def _send(self, status: int, media: str, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, _TEXT, (message.strip() + "\n").encode("utf-8"))

    def _params(self, raw: str) -> dict[str, list[str]]:
        return urllib.parse.parse_qs(raw, keep_blank_values=True)

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            self.close_connection = True
            raise Refused(411, "send the request body with a Content-Length")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise Refused(400, "Content-Length is not a number") from None
        if length > self.server.config.max_body:
            self.close_connection = True
            self._discard(length)
            raise Refused(413, f"request body of {length} bytes is over the limit of "
                               f"{self.server.config.max_body} bytes (serve --max-body)")
        return self.rfile.read(length) if length > 0 else b""

    def _discard(self, length: int) -> None:
        """Read and drop a refused body (up to 64 MiB) so the client gets the answer, not a reset."""
        left = min(length, 64 * 1024 * 1024)
        while left > 0:
            chunk = self.rfile.read(min(left, 65536))
            if not chunk:
                break
            left -= len(chunk)

    def _check_host(self) -> None:
        """On loopback, answer only requests addressed to a loopback name: a web page whose
        domain is made to resolve to 127.0.0.1 (DNS rebinding) must not read the graph."""
        if self.server.config.host not in _LOOPBACK:
            return
        host = self.headers.get("Host", "")
        if not host:  # browsers always send one; a client that does not cannot be a rebound page
            return
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if name.strip("[]").lower() not in _LOOPBACK:
            raise Refused(403, f"this server answers requests to 127.0.0.1 or localhost only, not to {host!r}")

    def _check_same_origin(self) -> None:
        """Refuse an update a web page of another site makes the browser send (a form POST
        needs no CORS permission): browsers say where such a request comes from."""
        origin = self.headers.get("Origin")
        fetch_site = self.headers.get("Sec-Fetch-Site", "")
        own = urllib.parse.urlsplit(origin).netloc.lower() if origin else None
        if fetch_site in ("cross-site", "same-site") or (own is not None and own != self.headers.get("Host", "").lower()):
            raise Refused(403, "updates are refused when a web page of another site sends them")

    def _dispatch(self, handler: Any) -> None:
        try:
            self._check_host()
            handler()
        except Refused as exc:
            self._error(exc.status, str(exc))
        except QueryError as exc:
            self._error(400, str(exc))
        except ThesisGraphError as exc:
            self._error(500, str(exc))
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    # ---- routes -----------------------------------------------------------

    def do_GET(self) -> None:
        self._dispatch(self._get)

    def do_HEAD(self) -> None:
        self._dispatch(self._get)

    def do_POST(self) -> None:
        self._dispatch(self._post)

    def do_PUT(self) -> None:
        self._error(405, "this endpoint speaks the SPARQL 1.1 Protocol: GET or POST /sparql")

    do_DELETE = do_PATCH = do_PUT

    def _get(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        params = self._params(url.query)
        if url.path == "/sparql":
            if "update" in params:
                raise Refused(405, "SPARQL Update must be sent with POST")
            if "query" not in params:
                self._send(200, "text/turtle", service_description(self.server.url).encode("utf-8"))
                return
            self._sparql(params["query"][0], "query", params)
        elif url.path.startswith("/saved/"):
            self._saved(urllib.parse.unquote(url.path[len("/saved/"):]), params)
        elif url.path in ("/", "/index.html"):
            self._page(params)
        elif url.path == "/viz":
            self._viz(params)
        elif url.path == "/health":
            body = {"status": "ok", "workers": self.server.pool.pids(), "stopped": self.server.pool.killed}
            self._send(200, "application/json", json.dumps(body).encode("utf-8"))
        else:
            self._error(404, f"no page {url.path}; try /, /sparql, /saved/NAME or /viz")

    def _post(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/sparql":
            raise Refused(404, f"POST goes to /sparql, not {url.path}")
        body = self._body()
        params = self._params(url.query)
        media = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise Refused(400, "the request body is not UTF-8") from None
        if media == "application/x-www-form-urlencoded":
            form = self._params(text)
            params = {**params, **form}
            if "update" in form:
                self._sparql(form["update"][0], "update", params)
            elif "query" in form:
                self._sparql(form["query"][0], "query", params)
            else:
                raise Refused(400, "the form has neither query= nor update=")
        elif media == "application/sparql-query":
            self._sparql(text, "query", params)
        elif media == "application/sparql-update":
            self._sparql(text, "update", params)
        else:
            raise Refused(415, f"POST a form (application/x-www-form-urlencoded), application/sparql-query "
                               f"or application/sparql-update, not {media or 'no content type'!r}")

    def _sparql(self, text: str, kind: str, params: dict[str, list[str]]) -> None:
        if kind == "query" and classify(text) == "update":
            kind = "update"
            if self.server.config.allow_update:
                raise Refused(400, "this is a SPARQL Update: send it as update= (POST), not as a query")
        check_request(text, kind, self.server.config)
        if kind == "update":
            self._check_same_origin()
            self.server.run_update(text)
            self._send(204, _TEXT, b"")
            return
        self._run_query(text, params)

    def _run_query(self, text: str, params: dict[str, list[str]]) -> None:
        cfg = self.server.config
        job = {
            "kind": "sparql", "query": text, "accept": self.headers.get("Accept", ""),
            "format": _first(params, "format") or _first(params, "output"),
            "max_rows": cfg.max_rows, "max_bytes": cfg.max_result_bytes,
            "default_graphs": params.get("default-graph-uri", []),
            "named_graphs": params.get("named-graph-uri", []),
        }
        status, media, body, headers = self.server.pool.run(job)
        self._send(status, media, body, headers)

    def _saved(self, name: str, params: dict[str, list[str]]) -> None:
        sq = saved_query(name)
        values = {k: v[0] for k, v in params.items() if k not in ("format", "output")}
        self._run_query(bind(sq.text, sq.convert(values)), params)

    def _viz(self, params: dict[str, list[str]]) -> None:
        def one(name: str) -> str | None:
            return _first(params, name)

        view = one("view") or "graph"
        options: dict[str, Any] = {"focus": one("focus"), "thesis": one("thesis")}
        if one("depth"):
            try:
                options["depth"] = max(0, min(int(one("depth") or 2), 6))
            except ValueError:
                raise Refused(400, "depth must be a whole number") from None
        for key in ("metrics", "periods", "publishers", "entity_types", "claim_types"):
            if key in params:
                options[key] = params[key]
        status, media, body, headers = self.server.pool.run({"kind": "viz", "view": view, "options": options})
        if status == 200:
            headers["Content-Security-Policy"] = _VIZ_CSP
        self._send(status, media, body, headers)

    def _page(self, params: dict[str, list[str]]) -> None:
        queries = saved_queries()
        chosen = (params.get("saved") or [""])[0]
        text = (params.get("query") or [""])[0]
        result_html = heading = ""
        if chosen or text.strip():
            try:
                if chosen:
                    sq = saved_query(chosen)
                    values = {p.name: (params.get(p.name) or [""])[0] for p in sq.params}
                    sparql = bind(sq.text, sq.convert(values))
                    text = sparql  # the page shows the query that ran, parameters bound
                    heading = f"<h2>{escape(sq.title)}</h2>"
                else:
                    sparql = text
                kind = classify(sparql)
                check_request(sparql, kind, self.server.config)
                if kind == "update":
                    raise Refused(403, "the query page runs queries only; send updates to /sparql")
                job = {"kind": "sparql", "query": sparql, "accept": "", "format": "json",
                       "max_rows": self.server.config.max_rows, "max_bytes": self.server.config.max_result_bytes}
                status, media, body, headers = self.server.pool.run(job)
                if status != 200:
                    result_html = error_html(body.decode("utf-8", "replace"))
                elif media.startswith("application/sparql-results+json"):
                    result_html = results_html(json.loads(body), "X-SPARQL-MaxRows" in headers)
                else:
                    result_html = f"<pre>{html.escape(body.decode('utf-8', 'replace'))}</pre>"
            except (Refused, ThesisGraphError) as exc:
                result_html = error_html(str(exc))
        page = page_html(queries, chosen, text, params, heading + result_html)
        self._send(200, "text/html; charset=utf-8", page.encode("utf-8"), {"Content-Security-Policy": _PAGE_CSP})


def _first(params: dict[str, list[str]], name: str) -> str | None:
    """The first value of a request parameter; None when absent or empty."""
    values = params.get(name)
    return values[0] if values and values[0] else None


def make_server(config: ServeConfig) -> SparqlServer:
    """Start the workers and bind the socket (port 0 picks a free port); call serve_forever()."""
    location = config.store
    if location.startswith(("http://", "https://")) or location == ":memory:":
        raise StoreError(f"serve needs a store folder, not {location!r}")
    if not Path(location).is_dir():
        raise StoreError(f"no store at {location}: load some notes first (thesisgraph load PATH)")
    if min(config.workers, config.max_rows, config.max_body, config.max_connections, config.max_result_bytes) < 1 \
            or config.timeout <= 0:
        raise QueryError("--workers, --max-rows, --max-result-bytes, --timeout, --max-body and --max-connections "
                         "must be positive")
    return SparqlServer(config)


def serve(config: ServeConfig) -> None:
    """Run the server until interrupted, printing where it listens."""
    server = make_server(config)

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    print(f"serving {server.url}/sparql (query page {server.url}/) from {config.store}", flush=True)
    if config.host not in _LOOPBACK:
        print(f"warning: listening on {config.host}: anyone who can reach it can read the graph",
              file=sys.stderr, flush=True)
    try:
        from .graph.store import open_store
        from .loaders.version import stale_note

        with open_store(config.store, read_only=True) as store:
            note = stale_note(store)  # the saved queries at /saved/ may miss what such documents lack
        if note:
            print(note, file=sys.stderr, flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


__all__ = ["ServeConfig", "SparqlServer", "check_request", "classify", "make_server", "serve"]
