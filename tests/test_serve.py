"""``thesisgraph serve`` with real clients: a server started in a subprocess on 127.0.0.1,
asked by SPARQLWrapper, rdflib's SPARQLStore, curl and urllib."""

from __future__ import annotations

import contextlib
import http.client
import importlib.util
import json
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, need
from hypothesis import given, settings
from hypothesis import strategies as st
from query_notes import HOSTILE_ALIAS, HOSTILE_LABEL, make_store_dir

from thesisgraph.server import ServeConfig, check_request, classify
from thesisgraph.server_pool import Refused, negotiate

P = "PREFIX tg: <https://w3id.org/thesisgraph/ns#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
COMPANIES = P + "SELECT ?name WHERE { ?e a tg:Company ; rdfs:label ?name } ORDER BY ?name"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


class Server:
    """A ``thesisgraph serve`` subprocess on a free port."""

    def __init__(self, store: Path, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "thesisgraph", "serve", "--store", str(store), "--port", "0", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        m = re.search(r"serving (http://127\.0\.0\.1:\d+)/sparql", line)
        if not m:
            self.proc.kill()
            raise AssertionError(f"server did not start: {line!r} {self.proc.stderr.read() if self.proc.stderr else ''}")
        self.base = m.group(1)
        self.endpoint = self.base + "/sparql"

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)


def request(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
            method: str | None = None) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def post_query(server: Server, query: str, accept: str = "application/sparql-results+json") -> tuple[int, dict[str, str], bytes]:
    return request(server.endpoint, query.encode("utf-8"),
                   {"Content-Type": "application/sparql-query", "Accept": accept})


def count(server: Server, query: str = QUADS) -> int:
    status, _, body = post_query(server, query)
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_store_dir(tmp_path_factory.mktemp("serve") / "store")


@pytest.fixture(scope="module")
def server(store_dir: Path) -> Iterator[Server]:
    srv = Server(store_dir, "--timeout", "3", "--max-rows", "40", "--max-body", "4096", "--workers", "2")
    yield srv
    srv.close()


# ---- standard clients ---------------------------------------------------------------


def test_sparqlwrapper_json_and_xml(server: Server) -> None:
    from SPARQLWrapper import JSON, XML, SPARQLWrapper

    sw = SPARQLWrapper(server.endpoint)
    sw.setQuery(COMPANIES)
    sw.setReturnFormat(JSON)
    rows = sw.query().convert()["results"]["bindings"]  # type: ignore[index]
    assert [r["name"]["value"] for r in rows] == sorted(["Alibaba Group", HOSTILE_LABEL])
    sw.setReturnFormat(XML)
    doc = sw.query().convert()
    names = [n.firstChild.data for n in doc.getElementsByTagName("literal")]  # type: ignore[union-attr]
    assert names == sorted(["Alibaba Group", HOSTILE_LABEL])
    sw.setQuery(P + "ASK { ?e rdfs:label 'Alibaba Cloud' }")
    sw.setReturnFormat(JSON)
    assert sw.query().convert()["boolean"] is True  # type: ignore[index]


def test_sparqlwrapper_post_and_construct(server: Server) -> None:
    from SPARQLWrapper import POST, TURTLE, SPARQLWrapper

    sw = SPARQLWrapper(server.endpoint)
    sw.setMethod(POST)
    sw.setQuery(P + "CONSTRUCT { ?e rdfs:label ?n } WHERE { ?e a tg:Company ; rdfs:label ?n }")
    sw.setReturnFormat(TURTLE)
    body = sw.query().convert()
    import rdflib

    g = rdflib.Graph().parse(data=body, format="turtle")
    assert {str(o) for o in g.objects()} == {"Alibaba Group", HOSTILE_LABEL}


def test_rdflib_sparqlstore(server: Server) -> None:
    import rdflib
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    g = rdflib.Graph(store=SPARQLStore(server.endpoint))
    rows = list(g.query(COMPANIES))
    assert [str(r[0]) for r in rows] == sorted(["Alibaba Group", HOSTILE_LABEL])
    cloud = rdflib.URIRef("https://w3id.org/thesisgraph/id/entity/alibaba-cloud")
    labels = set(g.objects(cloud, rdflib.RDFS.label))
    assert labels == {rdflib.Literal("Alibaba Cloud")}
    assert (cloud, rdflib.RDFS.label, rdflib.Literal("Alibaba Cloud")) in g


def test_curl_csv(server: Server) -> None:
    curl = shutil.which("curl")
    need(curl is not None, "curl is not installed")
    out = subprocess.run(
        [str(curl), "-s", "-f", "-H", "Accept: text/csv", "--data-urlencode", f"query={COMPANIES}", server.endpoint],
        capture_output=True, text=True, timeout=60, check=True,
    ).stdout
    assert out.splitlines()[0] == "name"
    assert "Alibaba Group" in out


def test_urllib_negotiates_every_format(server: Server) -> None:
    q = urllib.parse.urlencode({"query": COMPANIES})
    expect = {
        "application/sparql-results+json": b'"Alibaba Group"',
        "application/sparql-results+xml": b"<literal>Alibaba Group</literal>",
        "text/csv": b"Alibaba Group\r\n",
        "text/tab-separated-values": b'"Alibaba Group"',
    }
    for accept, needle in expect.items():
        status, headers, body = request(f"{server.endpoint}?{q}", headers={"Accept": accept})
        assert status == 200 and headers["Content-Type"] == accept and needle in body, accept
    construct = P + "CONSTRUCT { ?e rdfs:label ?n } WHERE { ?e a tg:Company ; rdfs:label ?n }"
    for accept, needle in {"text/turtle": b'"Alibaba Group"', "application/n-triples": b'"Alibaba Group" .',
                           "application/ld+json": b'"@value":"Alibaba Group"'}.items():
        status, headers, body = post_query(server, construct, accept)
        assert status == 200 and headers["Content-Type"] == accept and needle in body, accept
    status, _, body = request(f"{server.endpoint}?{q}&format=csv")
    assert status == 200 and body.startswith(b"name\r\n")
    status, _, body = request(f"{server.endpoint}?{q}", headers={"Accept": "image/png"})
    assert status == 406 and b"application/sparql-results+json" in body
    status, _, body = post_query(server, "SELECT nonsense")
    assert status == 400 and b"invalid SPARQL" in body


def test_describe_and_the_protocol_dataset_parameters(server: Server) -> None:
    from thesisgraph.graph.iri import document_iri

    status, _, body = post_query(server, "DESCRIBE <https://w3id.org/thesisgraph/id/entity/alibaba-cloud>",
                                       "application/n-triples")
    assert status == 200 and b'"Alibaba Cloud"' in body and b'"Aliyun"' in body
    paper = document_iri("/notes/daily-herald.md")
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    q = urllib.parse.urlencode({"query": graphs, "named-graph-uri": paper})
    status, _, body = request(f"{server.endpoint}?{q}")
    assert [b["g"]["value"] for b in json.loads(body)["results"]["bindings"]] == [paper]
    titles = "SELECT ?t WHERE { ?d <http://purl.org/dc/terms/title> ?t }"
    q = urllib.parse.urlencode({"query": titles, "default-graph-uri": paper})
    status, _, body = request(f"{server.endpoint}?{q}")
    assert [b["t"]["value"] for b in json.loads(body)["results"]["bindings"]] == ["Daily Herald: cloud revenue"]
    status, _, body = request(f"{server.endpoint}?{urllib.parse.urlencode({'query': titles})}")
    assert len(json.loads(body)["results"]["bindings"]) == 2  # without them: the union of all graphs


def test_row_cap(server: Server) -> None:
    status, headers, body = post_query(server, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 200 and headers.get("X-SPARQL-MaxRows") == "40"
    assert len(json.loads(body)["results"]["bindings"]) == 40
    assert count(server) > 40


def test_result_text_cap(store_dir: Path) -> None:
    srv = Server(store_dir, "--max-result-bytes", "300", "--workers", "1")
    try:
        status, headers, body = post_query(srv, P + "SELECT ?text WHERE { ?d tg:text ?text }")
        assert status == 200 and headers.get("X-SPARQL-MaxBytes") == "300"
        assert len(json.loads(body)["results"]["bindings"]) < 2  # the broker note's text alone is over 300
        status, headers, body = post_query(srv, COMPANIES)
        assert status == 200 and "X-SPARQL-MaxBytes" not in headers and b"Alibaba Group" in body
        status, headers, body = post_query(srv, "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
        assert status == 200 and headers.get("X-SPARQL-MaxBytes") == "300"
        assert 0 < len(body) <= 400
    finally:
        srv.close()


def test_saved_query_route_binds_parameters(server: Server) -> None:
    status, _, body = request(f"{server.base}/saved/claims-about?entity=aliyun")
    rows = json.loads(body)["results"]["bindings"]
    assert status == 200 and {r["quote"]["value"] for r in rows} >= {"revenue of 33.398 billion yuan"}
    hostile = urllib.parse.quote(HOSTILE_ALIAS)
    status, _, body = request(f"{server.base}/saved/claims-about?entity={hostile}")
    assert [r["statement"]["value"] for r in json.loads(body)["results"]["bindings"]] == [
        "Brace Co shipped its first order"]
    inject = urllib.parse.quote('Alibaba Cloud" } UNION { ?claim ?p ?o } #')
    status, _, body = request(f"{server.base}/saved/claims-about?entity={inject}")
    assert status == 200 and json.loads(body)["results"]["bindings"] == []
    status, _, body = request(f"{server.base}/saved/claims-about")
    assert status == 400 and b"needs --param entity" in body


# ---- refusals --------------------------------------------------------------------------


def test_update_is_refused_and_the_graph_is_unchanged(server: Server) -> None:
    before = count(server)
    insert = "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }"
    form = urllib.parse.urlencode({"update": insert}).encode()
    for data, ctype in ((form, "application/x-www-form-urlencoded"), (insert.encode(), "application/sparql-update"),
                        (urllib.parse.urlencode({"query": insert}).encode(), "application/x-www-form-urlencoded"),
                        (b"DROP ALL", "application/sparql-query")):
        status, _, body = request(server.endpoint, data, {"Content-Type": ctype})
        assert status == 403 and b"read-only" in body, (ctype, body)
    from SPARQLWrapper import POST, SPARQLWrapper

    sw = SPARQLWrapper(server.endpoint)
    sw.setMethod(POST)
    sw.setQuery(insert)
    with pytest.raises(urllib.error.HTTPError) as err:
        sw.query()
    assert err.value.code == 403
    assert count(server) == before


@pytest.fixture
def listener() -> Iterator[tuple[int, list[Any]]]:
    """A TCP port on 127.0.0.1 that records every connection made to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.settimeout(0.2)
    seen: list[Any] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, addr = sock.accept()
                seen.append(addr)
                conn.close()
            except OSError:
                continue

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    yield sock.getsockname()[1], seen
    stop.set()
    t.join()
    sock.close()


def test_service_and_load_are_refused_without_any_outbound_connection(
        server: Server, listener: tuple[int, list[Any]]) -> None:
    port, seen = listener
    target = f"http://127.0.0.1:{port}/sparql"
    queries = [
        f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"PREFIX x: <urn:x#> SELECT * WHERE {{ ?s ?p ?o . SERVICE <{target}> {{ ?s x:p ?o }} }}",
    ]
    for q in queries:
        status, _, body = post_query(server, q)
        assert status == 403 and b"SERVICE is refused" in body, (q, body)
    status, _, body = request(server.endpoint, f"LOAD <{target}>".encode(), {"Content-Type": "application/sparql-update"})
    assert status == 403
    time.sleep(0.5)
    assert seen == [], "the server connected out"
    # the word in a string, a variable or an IRI is no SERVICE
    status, _, body = post_query(server, 'SELECT ?service WHERE { BIND("SERVICE <http://x/>" AS ?service) }')
    assert status == 200 and b"SERVICE <http://x/>" in body


def test_request_checks_without_a_server() -> None:
    cfg = ServeConfig(store="unused")
    assert classify("PREFIX a: <urn:a#> # INSERT\n SELECT * {}") == "query"
    assert classify("PREFIX a: <urn:a#>\nBASE <urn:b>\n insert data { <urn:a> <urn:b> 'x' }") == "update"
    assert classify("\\u0049NSERT DATA { <urn:a> <urn:b> 'x' }") == "update"
    assert classify("PREFIX café: <urn:c#> PREFIX : <urn:d#> DELETE WHERE { ?s café:p ?o }") == "update"
    with pytest.raises(Refused, match="LOAD is refused"):
        check_request("LOAD <http://example.org/x.ttl>", "update", ServeConfig(store="u", allow_update=True))
    check_request("LOAD <http://example.org/x.ttl>", "update", ServeConfig(store="u", allow_update=True,
                                                                          allow_service=True))
    check_request("SELECT ?load ?service WHERE { ?x <urn:SERVICE> 'LOAD' }", "query", cfg)
    assert negotiate("text/csv;q=0.5, application/sparql-results+xml", "results") == "xml"
    assert negotiate("*/*", "graph") == "turtle"
    assert negotiate("", "results", "tsv") == "tsv"


def test_serve_says_when_documents_need_loading_again(tmp_path: Path) -> None:
    """As `query --saved` does: documents an earlier extractor wrote may lack what saved queries look up."""
    from factories import revenue_note
    from thesisgraph.graph.store import open_store
    from thesisgraph.loaders.version import EXTRACTOR_MARK

    store = tmp_path / "s"
    with open_store(store) as st:
        st.write(revenue_note("/n/a.txt", "33.4"), pipeline=f"thesisgraph 0.1; {EXTRACTOR_MARK}; gazetteer g")
    notes = []
    for old in (False, True):
        if old:
            with open_store(store) as st:
                st.write(revenue_note("/n/b.txt", "33.9"), pipeline="thesisgraph 0.1; extractor 1; gazetteer g")
        srv = Server(store)
        status, _, _ = post_query(srv, COMPANIES)
        assert status == 200  # serving either way
        srv.close()
        assert srv.proc.stderr is not None
        notes.append(srv.proc.stderr.read())
    assert "earlier version" not in notes[0]
    assert "note: 1 document(s)" in notes[1] and "load their files again" in notes[1]


def test_serve_refuses_what_it_cannot_serve_in_one_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from thesisgraph.cli import cli

    for store, message in ((str(tmp_path / "none"), "no store at"), (":memory:", "serve needs a store folder"),
                           ("http://127.0.0.1:9/sparql", "serve needs a store folder")):
        result = CliRunner().invoke(cli, ["serve", "--store", store, "--port", "0"])
        assert result.exit_code == 2 and message in result.output, result.output
        assert len(result.output.strip().splitlines()) == 1


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("SERVICELOADINSERT sel{}<>\"'#\\u0053?:\n.ab")), max_size=60))
def test_request_checks_never_fail_on_any_text(text: str) -> None:
    kind = classify(text)
    assert kind in ("query", "update")
    try:
        check_request(text, kind, ServeConfig(store="u"))
    except Refused as exc:
        assert exc.status == 403
    else:
        assert kind == "query"


@given(st.sampled_from(["", "PREFIX s: <urn:s#> ", "# SERVICE\n", "SELECT ('x' AS ?y) {} # "]),
       st.sampled_from(["SERVICE", "service", "SeRvIcE", "\\u0053ERVICE", "SERV\\u0049CE"]))
def test_service_is_found_wherever_the_engine_would_see_it(head: str, word: str) -> None:
    query = f"{head}\nSELECT * WHERE {{ {word} <http://127.0.0.1:9/> {{ ?s ?p ?o }} }}"
    with pytest.raises(Refused, match="SERVICE is refused"):
        check_request(query, classify(query), ServeConfig(store="u"))


def test_requests_to_other_host_names_are_refused(server: Server) -> None:
    port = server.base.rsplit(":", 1)[1]
    for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1.evil.example:{port}"):
        conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=30)
        conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": COMPANIES}), headers={"Host": host})
        resp = conn.getresponse()
        body = resp.read()
        conn.close()
        assert resp.status == 403 and b"127.0.0.1 or localhost only" in body, host
        assert resp.getheader("Access-Control-Allow-Origin") is None
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", "LOCALHOST"):
        conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=30)
        conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": COMPANIES}), headers={"Host": host})
        resp = conn.getresponse()
        assert resp.status == 200 and b"Alibaba Group" in resp.read(), host
        conn.close()


def test_oversized_body_is_refused_with_413(server: Server) -> None:
    query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 5000
    status, _, body = post_query(server, query)
    assert status == 413 and b"over the limit of 4096 bytes" in body
    assert count(server) > 0  # and the server goes on


def test_slow_query_is_stopped_while_another_client_is_answered(server: Server) -> None:
    outcome: dict[str, Any] = {}

    def slow() -> None:
        began = time.monotonic()
        outcome["slow"] = post_query(server, SLOW)
        outcome["slow_seconds"] = time.monotonic() - began

    t = threading.Thread(target=slow)
    t.start()
    time.sleep(0.5)
    status, _, body = post_query(server, COMPANIES)
    assert status == 200 and b"Alibaba Group" in body
    outcome["answered_while_slow_ran"] = t.is_alive()
    t.join(60)
    status, _, body = outcome["slow"]
    assert status == 503 and b"time limit of 3 s" in body
    assert outcome["answered_while_slow_ran"], "the slow query ended before the other client was answered"
    _, _, health = request(f"{server.base}/health")
    assert json.loads(health)["stopped"] >= 1
    assert count(server) > 0


@pytest.mark.parametrize("how", ["terminate", "kill"])
def test_stopping_the_server_mid_query_leaves_no_worker_behind(store_dir: Path, how: str) -> None:
    srv = Server(store_dir, "--timeout", "600", "--workers", "2")
    try:
        _, _, health = request(f"{srv.base}/health")
        workers = json.loads(health)["workers"]
        assert len(workers) == 2
        def slow() -> None:
            with contextlib.suppress(OSError):  # the server goes away mid-answer
                post_query(srv, SLOW)

        t = threading.Thread(target=slow, daemon=True)
        t.start()
        time.sleep(1.0)
    finally:
        if how == "kill":
            srv.proc.kill()  # SIGKILL: the workers notice their parent is gone
            srv.proc.wait(10)
        srv.close()
    deadline = time.monotonic() + 15
    alive = workers
    while alive and time.monotonic() < deadline:
        alive = [pid for pid in alive if Path(f"/proc/{pid}").exists()
                 and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2:3]]
        time.sleep(0.2)
    assert alive == [], f"query workers {alive} outlived the server"


def test_connections_beyond_the_cap_get_503_at_once(store_dir: Path) -> None:
    srv = Server(store_dir, "--max-connections", "3", "--workers", "1")
    idle = []
    try:
        assert count(srv) > 0
        for _ in range(3):  # connections that send nothing hold their slots
            idle.append(socket.create_connection(("127.0.0.1", int(srv.base.rsplit(":", 1)[1]))))
        # once the server has taken them (at once on an idle machine, later on a busy one),
        # a fourth is answered 503 rather than queued
        deadline = time.monotonic() + 30
        status, _, body = post_query(srv, COMPANIES)
        while status == 200 and time.monotonic() < deadline:
            time.sleep(0.2)
            status, _, body = post_query(srv, COMPANIES)
        assert status == 503 and b"too many connections" in body
        for sock in idle:
            sock.close()
        time.sleep(0.3)
        status, _, body = post_query(srv, COMPANIES)
        assert status == 200 and b"Alibaba Group" in body
    finally:
        for sock in idle:
            sock.close()
        srv.close()


# ---- pages for people -------------------------------------------------------------------------------


def test_query_page_escapes_every_value(server: Server) -> None:
    status, headers, body = request(f"{server.base}/?saved=entities")
    page = body.decode("utf-8")
    assert status == 200 and "default-src 'none'" in headers["Content-Security-Policy"]
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Co" in page
    assert "<script" not in page
    for name in ("claims-about", "time-series", "conflicts", "thesis-tree", "publisher-claims", "changed-since"):
        assert f'name="saved" value="{name}"' in page
    evil = '"><script>alert(1)</script>'
    status, _, body = request(f"{server.base}/?saved=claims-about&entity={urllib.parse.quote(evil)}")
    page = body.decode("utf-8")
    assert "<script" not in page and 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page
    # the query that ran is shown with the value bound as an escaped literal
    assert "VALUES (?entity) { (&quot;\\&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;) }" in page
    status, _, body = request(f"{server.base}/?query={urllib.parse.quote(COMPANIES)}")
    assert "<td>Alibaba Group</td>" in body.decode("utf-8")
    status, _, body = request(f"{server.base}/?query={urllib.parse.quote('DROP ALL')}")
    assert "read-only" in body.decode("utf-8")


def test_viz_pages(server: Server) -> None:
    status, headers, body = request(f"{server.base}/viz?view=thesis")
    page = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "Alibaba Cloud has turned the corner" in page
    assert "<script>alert('x')</script>" not in page
    status, _, body = request(f"{server.base}/viz?view=focus&focus=aliyun&depth=1")
    assert status == 200 and b"Alibaba Cloud" in body
    status, _, body = request(f"{server.base}/viz?view=focus&focus=Nobody")
    assert status == 400 and b"no entity named 'Nobody'" in body


# ---- the store changes underneath ---------------------------------------------------------------------


def test_queries_are_answered_while_a_load_runs_and_see_what_it_committed(tmp_path: Path) -> None:
    from factories import write_notes

    store = make_store_dir(tmp_path / "store")
    notes = write_notes(tmp_path / "notes", 120)
    srv = Server(store, "--workers", "2")
    try:
        docs = P + "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a tg:Document }"
        assert count(srv, docs) == 2
        load = subprocess.Popen([sys.executable, "-m", "thesisgraph", "load", str(notes), "--store", str(store), "-q"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        seen = []
        while load.poll() is None:
            seen.append(count(srv, docs))  # every answer is 200 (count() asserts it)
            time.sleep(0.05)
        assert load.returncode == 0, load.stderr.read() if load.stderr else ""
        assert seen == sorted(seen), "a reader saw documents disappear"
        assert count(srv, docs) == 122
    finally:
        srv.close()


def test_allow_update_writes_and_queries_see_it(tmp_path: Path) -> None:
    store = make_store_dir(tmp_path / "store")
    srv = Server(store, "--allow-update", "--workers", "1")
    try:
        before = count(srv)
        insert = "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> 'c' } }"
        status, _, body = request(srv.endpoint, urllib.parse.urlencode({"update": insert}).encode(),
                                  {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 204, body
        assert count(srv) == before + 1
        port = srv.base.rsplit(":", 1)[1]
        for headers in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"},
                        {"Origin": "null"}):
            status, _, body = request(srv.endpoint, urllib.parse.urlencode({"update": insert}).encode(),
                                      {"Content-Type": "application/x-www-form-urlencoded", **headers})
            assert status == 403 and b"another site" in body, headers
        status, _, body = request(srv.endpoint, insert.encode(), {"Content-Type": "application/sparql-update",
                                                                   "Origin": f"http://127.0.0.1:{port}"})
        assert status == 204, body
        status, _, body = request(srv.endpoint, b"LOAD <http://127.0.0.1:9/x.ttl>",
                                  {"Content-Type": "application/sparql-update"})
        assert status == 403 and b"LOAD is refused" in body
    finally:
        srv.close()


# ---- under load ---------------------------------------------------------------------------------------


def _bench_module() -> Any:
    spec = importlib.util.spec_from_file_location("serve_load", ROOT / "benchmarks" / "serve_load.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # its dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def test_ten_clients_get_correct_answers_and_no_errors(store_dir: Path) -> None:
    bench = _bench_module()
    srv = Server(store_dir, "--timeout", "2", "--workers", "2")
    try:
        report = bench.run_load(srv.base, store_dir, clients=10, seconds=3.0, slow=True)
    finally:
        srv.close()
    assert report.requests > 10
    assert report.errors == [], report.errors[:5]
    assert report.wrong == 0
    assert report.stopped >= 1, "the over-time query was not stopped"
