"""The store on a real Virtuoso server: the same commands, the same answers as the embedded store."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from factories import FY26Q1, also_volcano_engine, revenue_note, write_notes
from server.conftest import backend
from server.virtuoso import Virtuoso
from thesisgraph.graph.errors import QueryError, StoreError
from thesisgraph.graph.namespace import CONFLICTS_GRAPH, TG
from thesisgraph.graph.remote import SparqlServerBackend
from thesisgraph.graph.store import Store, WriteOutcome

from thesisgraph import open_store
from thesisgraph.cli import cli

pytestmark = pytest.mark.server

P = "PREFIX tg: <https://w3id.org/thesisgraph/ns#>\n"
#: Saved queries compared between the two stores, with their parameters.
SAVED = [
    ("conflicts", {}),
    ("conflicts-about", {"entity": "Alibaba Cloud"}),
    ("claims-about", {"entity": "Alibaba Cloud"}),
    ("claims-about", {"entity": "Alibaba Group"}),
    ("time-series", {"entity": "Alibaba Cloud", "metric": "revenue"}),
    ("time-series", {"entity": "Alibaba Cloud", "metric": "revenue growth yoy"}),
    ("thesis-tree", {}),
    ("entities", {}),
    ("publisher-claims", {"publisher": "Changjiang Securities"}),
    ("publisher-claims", {"publisher": "Example Securities"}),
    ("changed-since", {"since": "2020-01-01"}),
]


def run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == code, f"exit {result.exit_code}\n{result.output}"
    return result.output


def canon(name: str, value: Any) -> Any:
    """A value two stores must agree on: numbers compared as numbers (Virtuoso and
    Oxigraph may write a quotient to different digits), GROUP_CONCAT lists as sets
    (their order is not defined)."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return round(float(value), 6)
    if name == "aliases" and isinstance(value, str):
        return frozenset(value.split(" | "))
    if name == "tickers" and isinstance(value, str):
        return frozenset(value.split())
    return value


#: Columns filled by SAMPLE(), which may pick any of a claim's quotes.
SAMPLED = {"quote", "quote_a", "quote_b"}


def row_set(store: Store, saved: str, params: dict[str, str]) -> set[frozenset[tuple[str, Any]]]:
    """The rows of a saved query, as a set of values two stores must agree on.

    A column filled by SAMPLE() only has to be one of the quotes stored."""
    from thesisgraph import query

    quotes = set(store.query("PREFIX oa: <http://www.w3.org/ns/oa#> SELECT ?q WHERE { ?e oa:exact ?q }")
                 .column("q"))
    rows = query(store, saved=saved, params=params).rows()
    out = set()
    for row in rows:
        items = []
        for k, v in row.items():
            if v == "":  # GROUP_CONCAT over nothing: "" on Virtuoso, unbound on Oxigraph
                continue
            if k in SAMPLED and v in quotes:
                v = "<one of the stored quotes>"
            items.append((k, canon(k, v)))
        out.add(frozenset(items))
    return out


def nquads(store: Store) -> set[ox.Quad]:
    buf = io.BytesIO()
    store.export("nquads", buf)
    return set(ox.parse(buf.getvalue(), ox.RdfFormat.N_QUADS))


#: The sort keys of the saved queries that sort on texts (see the queries' ORDER BY).
SORTED = {
    "thesis-tree": ("thesis", "role", "statement", "quote"),
    "changed-since": ("when", "what", "text", "item"),
    "entities": ("documents", "name"),
    "publisher-claims": ("date", "kind", "about", "statement"),
    "conflicts-about": ("metric", "period", "spread", "claim_a", "claim_b"),
    "conflicts": ("entity", "metric", "period", "spread", "claim_a", "claim_b"),
}


def sort_keys(store: Store, saved: str, params: dict[str, str]) -> list[tuple[Any, ...]]:
    from thesisgraph import query

    keys = SORTED[saved]
    return [tuple(canon(k, row.get(k)) for k in keys) for row in query(store, saved=saved, params=params).rows()]


def assert_same_answers(remote: Store, local: Store) -> None:
    assert remote.stats() == local.stats()
    for name, params in SAVED:
        assert row_set(remote, name, params) == row_set(local, name, params), (name, params)
        if name in SORTED:  # and in the same order
            assert sort_keys(remote, name, params) == sort_keys(local, name, params), (name, params)
    assert nquads(remote) == nquads(local)


# ---- the CLI against the server ------------------------------------------------------


def test_cli_on_the_seed_gives_the_embedded_answers(
    remote_env: Virtuoso, seed_notes: Path, tmp_path: Path
) -> None:
    url, local_dir = remote_env.sparql_auth, str(tmp_path / "local")
    out = run("load", str(seed_notes), "--store", url)
    assert "1 added" in out
    run("load", str(seed_notes), "--store", local_dir)
    quads = json.loads(run("stats", "--store", url, "--format", "json"))["quads"]
    assert quads > 50

    # reloading the unchanged note writes nothing: the quad count on the server is the same
    assert "1 unchanged" in run("load", str(seed_notes), "--store", url)
    assert json.loads(run("stats", "--store", url, "--format", "json"))["quads"] == quads

    with Store(backend(remote_env)) as remote, open_store(local_dir, read_only=True) as local:
        assert_same_answers(remote, local)
        # the seed's two figures for Alibaba Cloud's FY2026Q1 revenue, from the server
        from thesisgraph import query

        rows = query(remote, saved="conflicts").rows()
        pairs = {(r["entity"], r["period"], frozenset((r["value_a"], r["value_b"]))) for r in rows}
        assert ("Alibaba Cloud", "FY2026Q1", frozenset({Decimal(33398000000), Decimal(33980000000)})) in pairs
        assert all(r["quote_a"] and r["quote_b"] for r in rows)

    # the anonymous endpoint reads the same graph (the union of all graphs by default)
    assert json.loads(run("stats", "--store", remote_env.sparql, "--format", "json"))["quads"] == quads
    docs = run("documents", "--store", remote_env.sparql, "--format", "json")
    note = next(seed_notes.iterdir())
    assert json.loads(docs)[0]["source"] == str(note.resolve())
    assert "conforms" in run("validate", "--store", url)
    trig = run("export", "--store", url, "--format", "trig")
    assert "tg:Document" in trig and "tg:Claim" in trig
    html = tmp_path / "g.html"
    run("viz", "--store", url, "-o", str(html))
    assert "Alibaba" in html.read_text("utf-8")

    # a changed note replaces its graph, remove drops it
    note.write_text(note.read_text("utf-8") + "\nAlibaba Cloud revenue was RMB 40.1 billion.\n", "utf-8")
    assert "1 replaced" in run("load", str(seed_notes), "--store", url)
    run("load", str(seed_notes), "--store", local_dir)
    with Store(backend(remote_env)) as remote, open_store(local_dir, read_only=True) as local:
        assert_same_answers(remote, local)
    assert "removed" in run("remove", str(note), "--store", url)
    run("remove", str(note), "--store", local_dir)
    with Store(backend(remote_env)) as remote, open_store(local_dir, read_only=True) as local:
        assert remote.stats()["documents"] == 0
        assert nquads(remote) == nquads(local)


def test_cli_loads_many_notes_and_reload_is_a_no_op(remote_env: Virtuoso, tmp_path: Path) -> None:
    notes = write_notes(tmp_path / "notes", 12)
    url = remote_env.sparql_auth
    assert "12 added" in run("load", str(notes), "--store", url)
    before = json.loads(run("stats", "--store", url, "--format", "json"))
    assert before["documents"] == 12
    assert "12 unchanged" in run("load", str(notes), "--store", url)
    assert json.loads(run("stats", "--store", url, "--format", "json")) == before
    run("load", str(notes), "--store", str(tmp_path / "local"))
    with Store(backend(remote_env)) as remote, open_store(tmp_path / "local", read_only=True) as local:
        assert_same_answers(remote, local)


def test_store_url_from_the_environment(remote_env: Virtuoso, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THESISGRAPH_STORE", remote_env.sparql_auth)
    notes = write_notes(tmp_path / "notes", 2)
    assert "2 added" in run("load", str(notes))
    assert json.loads(run("stats", "--format", "json"))["documents"] == 2


# ---- the store API: conflicts, replace, remove, exactly as embedded --------------------


def test_conflicts_replace_and_remove_match_the_embedded_store(remote_store: Store) -> None:
    local = open_store(":memory:")
    steps: list[tuple[str, Any]] = [
        ("write", revenue_note("/n/a.txt", "33.398")),
        ("write", revenue_note("/n/b.txt", "33.4")),  # same within rounding: no conflict
        ("write", revenue_note("/n/c.txt", "33.98")),  # disagrees with both
        ("write", revenue_note("/n/b.txt", "34.5")),  # changed: its conflicts are redone
        ("remove", "/n/c.txt"),
        ("write", revenue_note("/n/c.txt", "33.98", extra=" Growth held.")),
        ("remove", "/n/a.txt"),
        # a replace no longer naming Volcano Engine takes it and its parent ByteDance away
        ("write", also_volcano_engine(revenue_note("/n/d.txt", "33.98", extra=" Volcengine too."))),
        ("write", revenue_note("/n/d.txt", "33.98")),
        ("remove", "/n/d.txt"),
    ]
    outcomes = []
    for op, arg in steps:
        if op == "write":
            got = remote_store.write(arg)
            assert local.write(arg).outcome is got.outcome
            outcomes.append(got.outcome)
        else:
            assert remote_store.remove(arg) == local.remove(arg)
        assert_same_answers(remote_store, local)
    assert outcomes[3] is WriteOutcome.REPLACED
    assert remote_store.stats()["conflicts"] == 1  # b (34.5) against c (33.98)
    # Alibaba Group is named by no note, but kept as the parent of Alibaba Cloud
    ask = P + 'ASK { ?g rdfs:label "Alibaba Group" . ?c tg:partOf ?g }'
    assert remote_store.query(ask).boolean is True
    remote_store.remove("/n/b.txt")
    remote_store.remove("/n/c.txt")
    assert remote_store.query(ask).boolean is False


def test_reload_unchanged_is_a_no_op_and_changed_replaces(remote_store: Store) -> None:
    a = revenue_note("/n/a.txt", "33.398")
    assert remote_store.write(a, pipeline="p").outcome is WriteOutcome.ADDED
    n = len(remote_store)
    assert n > 30
    assert remote_store.write(a, pipeline="p").outcome is WriteOutcome.UNCHANGED
    assert len(remote_store) == n
    assert remote_store.write(a, pipeline="p2").outcome is WriteOutcome.REPLACED
    assert len(remote_store) == n
    assert remote_store.write(revenue_note("/n/a.txt", "34.1")).outcome is WriteOutcome.REPLACED
    values = remote_store.query(P + "SELECT ?v WHERE { ?c tg:value ?v }").column("v")
    assert values == [Decimal(34100000000)]


def test_decimals_dates_and_long_text_round_trip(remote_store: Store) -> None:
    long_text = "Filler about the market, 市场. " * 12000  # about 370 kB of text in one literal
    note = revenue_note("/n/long.txt", "33.398", extra=" " + long_text)
    remote_store.write(note)
    r = remote_store.query(P + """SELECT ?v ?res ?start ?day ?fye (STRLEN(?text) AS ?len)
        (DATATYPE(?v) AS ?dt) WHERE {
      ?c tg:value ?v ; tg:resolution ?res ; tg:periodStart ?start ; prov:wasDerivedFrom ?d .
      ?d tg:text ?text ; dcterms:date ?day . ?e tg:fiscalYearEnd ?fye }""")
    (row,) = r.rows()
    assert row["v"] == Decimal(33398000000) and isinstance(row["v"], Decimal)
    assert row["dt"] == "http://www.w3.org/2001/XMLSchema#decimal"
    assert row["res"] == Decimal(1000000)
    assert row["start"] == FY26Q1.start
    assert str(row["day"]) == "2025-08-30"
    assert row["fye"] == "--03-31"
    assert row["len"] == len(note.note.text)
    # the evidence offsets still index into the stored text
    assert "conforms" in __import__("thesisgraph").validate(remote_store, shacl=False).text()


def test_graph_store_protocol_and_small_batches_store_the_same_quads(remote_env: Virtuoso) -> None:
    notes = [revenue_note(f"/n/{i}.txt", v) for i, v in enumerate(("33.398", "33.98", "35.1"))]
    got = []
    for kwargs in ({}, {"batch": 7}, {"gsp_url": remote_env.base + "/sparql-graph-crud-auth"}):
        store = Store(backend(remote_env, **kwargs))
        for n in notes:
            store.write(n)
        store.write(revenue_note("/n/1.txt", "33.4"))  # a replace through the same path
        got.append((nquads(store), store.stats()))
        for g in store.backend.graphs():  # type: ignore[attr-defined]
            store.backend.update(f"DROP SILENT GRAPH <{g}>")
    assert got[0][0] and got[0] == got[1] == got[2]
    assert got[0][1]["conflicts"] == 2


def test_a_write_stopped_before_its_end_is_written_again(remote_env: Virtuoso) -> None:
    from thesisgraph.graph.mapping import document_quads

    a = revenue_note("/n/a.txt", "33.398")
    # a document of one batch is one request: a failure leaves nothing behind
    whole = Store(backend(remote_env))
    with pytest.raises(QueryError):
        whole.backend.replace_graph(a.doc_iri, document_quads(a), after="THIS IS NOT SPARQL")
    assert len(whole) == 0
    # in several batches, the first land; the mark that the write finished does not
    batched = Store(backend(remote_env, batch=7))
    with pytest.raises(QueryError):
        batched.backend.replace_graph(a.doc_iri, document_quads(a), after="THIS IS NOT SPARQL")
    assert 0 < len(batched) < len(document_quads(a))
    assert batched.document_state(a.doc_iri) is None
    assert batched.write(a).outcome is WriteOutcome.ADDED
    assert batched.document_state(a.doc_iri) is not None
    assert nquads(batched) == nquads(_memory_with(a))


def _memory_with(*notes: Any) -> Store:
    st = open_store(":memory:")
    for n in notes:
        st.write(n)
    return st


def test_parameters_cannot_change_the_query_on_the_server(remote_store: Store) -> None:
    remote_store.write(revenue_note("/n/a.txt", "33.398"))
    from thesisgraph import query

    for hostile in ('Alibaba Cloud" } UNION { ?c ?p ?o } #', "x' } UNION { ?s ?p ?o", "} UNION {"):
        assert query(remote_store, saved="claims-about", params={"entity": hostile}).rows() == []
    assert query(remote_store, saved="claims-about", params={"entity": "Alibaba Cloud"}).rows()


# ---- endpoints, rights and errors ------------------------------------------------------


def test_read_only_and_unauthorised_writes_are_refused_clearly(remote_env: Virtuoso) -> None:
    note = revenue_note("/n/a.txt", "33.398")
    with open_store(remote_env.sparql_auth, read_only=True) as st, pytest.raises(StoreError, match="read-only"):
        st.write(note)
    anonymous = Store(SparqlServerBackend(remote_env.sparql, user=""))
    with pytest.raises(StoreError, match="THESISGRAPH_USER"):
        anonymous.write(note)
    wrong = Store(SparqlServerBackend(remote_env.sparql_auth, user="dba", password="not-it"))
    with pytest.raises(StoreError, match="refused"):
        wrong.write(note)
    assert backend(remote_env).quad_count() == 0


def test_separate_update_endpoint(remote_env: Virtuoso, monkeypatch: pytest.MonkeyPatch) -> None:
    # read anonymously from /sparql, write to /sparql-auth
    monkeypatch.setenv("THESISGRAPH_UPDATE_URL", remote_env.sparql_auth)
    with open_store(remote_env.sparql) as st:
        assert st.write(revenue_note("/n/a.txt", "33.398")).outcome is WriteOutcome.ADDED
        assert st.stats()["documents"] == 1


def test_errors_name_the_problem(remote_env: Virtuoso) -> None:
    with pytest.raises(QueryError, match="rejected"):
        Store(backend(remote_env)).query("SELECT ?x WHERE { ?x ")
    with pytest.raises(StoreError, match="credentials"):
        open_store("http://dba:dba@127.0.0.1:1/sparql")
    dead = Store(SparqlServerBackend("http://127.0.0.1:9/sparql", timeout=5))
    with pytest.raises(StoreError, match="cannot reach"):
        dead.stats()
    out = run("stats", "--store", "http://127.0.0.1:9/sparql", code=2)
    assert "cannot reach" in out


def test_construct_and_ask_over_the_server(remote_store: Store) -> None:
    remote_store.write(revenue_note("/n/a.txt", "33.398"))
    r = remote_store.query(P + "CONSTRUCT { ?c tg:value ?v } WHERE { ?c tg:value ?v }")
    assert r.kind == "graph" and len(r.triples) == 1
    assert r.triples[0].object == ox.Literal("33398000000", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#decimal"))
    assert remote_store.query(P + "ASK { ?c a tg:MetricClaim }").boolean is True
    assert remote_store.query(f"ASK {{ GRAPH <{CONFLICTS_GRAPH}> {{ ?a <{TG}conflictsWith> ?b }} }}").boolean is False


def test_analyze_on_the_server_matches_the_embedded_store(remote_store: Store) -> None:
    from test_analysis import fill
    from thesisgraph.graph.analysis import analyze

    local = open_store(":memory:")
    fill(remote_store)
    fill(local)
    there = analyze(remote_store, top=0, path=("Alibaba Cloud", "ByteDance"))
    here = analyze(local, top=0, path=("Alibaba Cloud", "ByteDance"))
    assert there.paths and there.paths == here.paths
    assert (there.nodes, there.edges) == (here.nodes, here.edges)
    assert there.connected == here.connected and there.central == here.central
    assert there.single_source == here.single_source
    assert {c.entities for c in there.clusters} == {c.entities for c in here.clusters}


def test_import_goes_to_its_own_graph_on_the_server(remote_env: Virtuoso, tmp_path: Path) -> None:
    ttl = tmp_path / "mine.ttl"
    ttl.write_text('@prefix tg: <https://w3id.org/thesisgraph/ns#> .\n'
                   '<https://example.org/x> tg:ticker "0700.HK" .\n', "utf-8")
    url = remote_env.sparql_auth
    assert "imported 1 statement" in run("import", str(ttl), "--store", url)
    run("import", str(ttl), "--store", url)  # again: replaces, does not add
    with Store(backend(remote_env)) as st:
        assert st.query(P + 'SELECT ?x WHERE { ?x tg:ticker "0700.HK" }').column("x") == ["https://example.org/x"]
        assert len(st) == 1


def test_query_form_and_decimals_sent_as_the_server_keeps_them() -> None:
    from thesisgraph.graph.remote import query_form, server_safe

    assert query_form("PREFIX s: <http://x/select#>\n# SELECT in a comment\nCONSTRUCT { ?a ?b ?c } WHERE {}") \
        == "CONSTRUCT"
    assert query_form('ask { ?s ?p "SELECT" }') == "ASK"
    dec = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
    g = ox.NamedNode("https://w3id.org/thesisgraph/id/doc/x")
    s, p = ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p")
    assert server_safe(ox.Quad(s, p, ox.Literal("33398000000", datatype=dec), g)).object.value == "33398000000.0"
    assert server_safe(ox.Quad(s, p, ox.Literal("0.125", datatype=dec), g)).object.value == "0.125"
    assert server_safe(ox.Quad(s, p, ox.Literal("7"), g)).object.value == "7"


def test_a_server_row_limit_is_an_error_not_a_silent_cut(capped_virtuoso: Virtuoso) -> None:
    from server.conftest import CAPPED_ROWS

    store = Store(backend(capped_virtuoso))
    local = open_store(":memory:")
    for st in (store, local):
        st.write(revenue_note("/n/a.txt", "33.398"))
        st.write(revenue_note("/n/b.txt", "33.98"))
    assert len(local) > CAPPED_ROWS
    # the export reads each graph in pages no larger than the server's limit: nothing is lost
    assert nquads(store) == nquads(local)
    assert len(store) == len(local)
    # a query whose answer the server cuts says so
    with pytest.raises(StoreError, match=f"cut the answer at {CAPPED_ROWS} rows"):
        store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert len(store.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 5")) == 5
