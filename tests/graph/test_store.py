from __future__ import annotations

import io
from decimal import Decimal
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from factories import revenue_note
from thesisgraph import open_store
from thesisgraph.graph.errors import QueryError, StoreBusyError, StoreError
from thesisgraph.graph.namespace import COMMON_GRAPH, CONFLICTS_GRAPH
from thesisgraph.graph.store import Store, WriteOutcome


def graph_quads(store: Store, graph: str) -> set[str]:
    buf = io.BytesIO()
    store.export("nquads", buf)
    return {line for line in buf.getvalue().decode().splitlines() if line.endswith(f"<{graph}> .")}


def test_write_is_idempotent_and_unchanged_is_a_no_op(memory_store: Store) -> None:
    ex = revenue_note("/n/a.txt", "33.398")
    assert memory_store.write(ex, pipeline="p").outcome is WriteOutcome.ADDED
    n = len(memory_store)
    assert n > 30
    assert memory_store.write(ex, pipeline="p").outcome is WriteOutcome.UNCHANGED
    assert len(memory_store) == n
    # a new pipeline version reads it again, and still gives the same quads
    assert memory_store.write(ex, pipeline="p2").outcome is WriteOutcome.REPLACED
    assert len(memory_store) == n


def test_changing_one_document_changes_only_its_graph(memory_store: Store) -> None:
    a, b = revenue_note("/n/a.txt", "33.398"), revenue_note("/n/b.txt", "33.4")
    memory_store.write(a)
    memory_store.write(b)
    before_b = graph_quads(memory_store, b.doc_iri)
    before_a = graph_quads(memory_store, a.doc_iri)
    changed = revenue_note("/n/a.txt", "34.1")
    assert memory_store.write(changed).outcome is WriteOutcome.REPLACED
    assert graph_quads(memory_store, b.doc_iri) == before_b
    after_a = graph_quads(memory_store, a.doc_iri)
    assert after_a != before_a
    values = memory_store.query(
        "PREFIX tg: <https://w3id.org/thesisgraph/ns#> SELECT ?v WHERE { GRAPH ?g { ?c tg:value ?v } } ORDER BY ?v"
    ).column("v")
    assert [str(v) for v in values] == ["33400000000", "34100000000"]


def test_conflicts_are_linked_across_documents_and_respect_rounding(memory_store: Store) -> None:
    memory_store.write(revenue_note("/n/a.txt", "33.398"))
    memory_store.write(revenue_note("/n/b.txt", "33.4"))  # same within rounding
    assert memory_store.stats()["conflicts"] == 0
    memory_store.write(revenue_note("/n/c.txt", "33.98"))  # disagrees with both
    assert memory_store.stats()["conflicts"] == 2
    rows = memory_store.query(
        "PREFIX tg: <https://w3id.org/thesisgraph/ns#> SELECT ?a ?b WHERE { ?a tg:conflictsWith ?b }"
    ).rows()
    assert len(rows) == 4  # symmetric links
    memory_store.remove("/n/c.txt")
    assert memory_store.stats()["conflicts"] == 0
    assert graph_quads(memory_store, CONFLICTS_GRAPH) == set()


def test_reloading_a_changed_document_drops_its_stale_conflicts(memory_store: Store) -> None:
    memory_store.write(revenue_note("/n/a.txt", "33.398"))
    memory_store.write(revenue_note("/n/b.txt", "33.98"))
    assert memory_store.stats()["conflicts"] == 1
    memory_store.write(revenue_note("/n/b.txt", "33.398"))
    assert memory_store.stats()["conflicts"] == 0


def test_remove_takes_the_graph_and_prunes_unmentioned_entities(memory_store: Store) -> None:
    a = revenue_note("/n/a.txt", "33.398")
    memory_store.write(a)
    assert memory_store.remove("/n/a.txt") == a.doc_iri
    assert graph_quads(memory_store, a.doc_iri) == set()
    assert graph_quads(memory_store, COMMON_GRAPH) == {
        q for q in graph_quads(memory_store, COMMON_GRAPH) if "tg:Metric" in q or "metric/" in q
    }
    assert memory_store.stats()["documents"] == 0
    with pytest.raises(StoreError, match="no document"):
        memory_store.remove("/n/a.txt")


def test_a_replace_or_a_remove_prunes_what_only_that_document_referred_to() -> None:
    """After each replace or remove the common graph is what writing the remaining documents
    afresh gives: an entity goes when no document refers to it or to any of its parts."""
    from factories import also_volcano_engine

    a = revenue_note("/n/a.txt", "33.398")
    b = revenue_note("/n/b.txt", "33.4")
    b_volcano = also_volcano_engine(revenue_note("/n/b.txt", "33.4", extra=" Volcengine too."))

    def common(*docs: object) -> set[str]:
        with open_store(":memory:") as fresh:
            for d in docs:
                fresh.write(d)  # type: ignore[arg-type]
            return graph_quads(fresh, COMMON_GRAPH)

    with open_store(":memory:") as store:
        store.write(a)
        store.write(b_volcano)
        assert any("Volcengine" in q for q in graph_quads(store, COMMON_GRAPH))
        assert store.write(b).outcome is WriteOutcome.REPLACED  # no longer mentions Volcano Engine
        assert graph_quads(store, COMMON_GRAPH) == common(a, b)  # Volcano Engine and ByteDance gone
        store.write(b_volcano)
        store.remove("/n/b.txt")
        assert graph_quads(store, COMMON_GRAPH) == common(a)  # Alibaba Cloud stays: a refers to it
        store.remove("/n/a.txt")
        assert not any("Alibaba" in q for q in graph_quads(store, COMMON_GRAPH))


def test_a_replace_naming_an_entity_it_no_longer_mentions_as_another_kind_stays_valid() -> None:
    """The new version lists Volcano Engine (as a company, unmentioned) where the old one
    mentioned it as a business unit: the entity keeps one kind and the store validates."""
    from dataclasses import replace

    from factories import VOLCANO, also_volcano_engine
    from thesisgraph.graph.model import EntityKind
    from thesisgraph.graph.validate import validate_store

    old = also_volcano_engine(revenue_note("/n/b.txt", "33.4", extra=" Volcengine too."))
    new = revenue_note("/n/b.txt", "33.4")
    new = replace(new, entities=new.entities + (replace(VOLCANO, kind=EntityKind.COMPANY, part_of=None),))
    with open_store(":memory:") as store:
        store.write(old)
        assert store.write(new).outcome is WriteOutcome.REPLACED
        kinds = store.query(
            "SELECT ?k WHERE { ?e a ?k FILTER(?k != tg:Entity) }", {"e": ox.NamedNode(VOLCANO.iri)}
        ).column("k")
        assert kinds == ["https://w3id.org/thesisgraph/ns#BusinessUnit"]
        assert validate_store(store).conforms


def test_remove_by_iri(memory_store: Store) -> None:
    a = revenue_note("/n/a.txt", "33.398")
    memory_store.write(a)
    assert memory_store.remove(a.doc_iri) == a.doc_iri
    assert memory_store.stats()["documents"] == 0


def test_disk_store_persists_across_reopen(tmp_path: Path) -> None:
    with open_store(tmp_path / "s") as st:
        st.write(revenue_note("/n/a.txt", "33.398"))
        n = len(st)
    with open_store(tmp_path / "s", read_only=True) as st:
        assert len(st) == n
        assert st.stats()["documents"] == 1
        with pytest.raises(StoreError, match="read-only"):
            st.remove("/n/a.txt")


def test_a_second_process_gets_a_clear_busy_error(tmp_path: Path) -> None:
    with open_store(tmp_path / "s") as st:
        st.write(revenue_note("/n/a.txt", "1.5"))
        code = (
            "import sys\n"
            "from thesisgraph import open_store\n"
            "from thesisgraph.graph.errors import StoreBusyError\n"
            f"try:\n    open_store({str(tmp_path / 's')!r})\n"
            "except StoreBusyError as e:\n    print('BUSY', e); sys.exit(3)\n"
        )
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 3, proc.stderr
        assert "is busy" in proc.stdout
        # readers still get what is committed
        code_ro = (
            "from thesisgraph import open_store\n"
            f"st = open_store({str(tmp_path / 's')!r}, read_only=True)\n"
            "print(st.stats()['documents'])\n"
        )
        proc = subprocess.run([sys.executable, "-c", code_ro], capture_output=True, text=True, timeout=60)
        assert proc.stdout.strip() == "1", proc.stderr
    assert isinstance(StoreBusyError("x"), StoreError)


def test_query_errors_are_query_errors(memory_store: Store) -> None:
    with pytest.raises(QueryError, match="invalid SPARQL"):
        memory_store.query("SELECT WHERE {")


def test_export_formats_round_trip(memory_store: Store, tmp_path: Path) -> None:
    memory_store.write(revenue_note("/n/a.txt", "33.398"))
    n = len(memory_store)
    for fmt, ext in (("trig", "trig"), ("nquads", "nq")):
        path = tmp_path / f"out.{ext}"
        with path.open("wb") as fh:
            memory_store.export(fmt, fh)
        with open_store(":memory:") as other:
            assert other.import_rdf(path) == n
            assert len(other) == n
    for fmt in ("turtle", "jsonld", "ntriples"):
        buf = io.BytesIO()
        memory_store.export(fmt, buf)
        triples = list(ox.parse(buf.getvalue(), {"turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD,
                                                 "ntriples": ox.RdfFormat.N_TRIPLES}[fmt]))
        assert len(triples) == len({q.triple for q in ox.parse(_nq(memory_store), ox.RdfFormat.N_QUADS)})


def _nq(store: Store) -> bytes:
    buf = io.BytesIO()
    store.export("nquads", buf)
    return buf.getvalue()


def test_import_of_plain_triples_goes_to_its_own_graph_and_reimport_replaces(memory_store: Store, tmp_path: Path) -> None:
    ttl = tmp_path / "mine.ttl"
    ttl.write_text('<http://ex.org/a> <http://ex.org/p> "one" .\n')
    assert memory_store.import_rdf(ttl) == 1
    ttl.write_text('<http://ex.org/a> <http://ex.org/p> "two" .\n')
    assert memory_store.import_rdf(ttl) == 1
    assert memory_store.query("SELECT ?o WHERE { <http://ex.org/a> <http://ex.org/p> ?o }").column("o") == ["two"]
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle")
    with pytest.raises(StoreError, match="bad.ttl"):
        memory_store.import_rdf(bad)
    with pytest.raises(StoreError, match="cannot tell the RDF format"):
        memory_store.import_rdf(tmp_path / "x.unknown")


def test_imported_entities_get_name_keys(memory_store: Store, tmp_path: Path) -> None:
    """RDF written by an earlier version or another tool has no tg:nameKey: the import adds one
    per label and alias, in the name's graph, so the saved queries find the entity by any name."""
    from thesisgraph import query

    trig = tmp_path / "old.trig"
    trig.write_text("""
@prefix tg: <https://w3id.org/thesisgraph/ns#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix oa: <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
<http://ex.org/g> {
  <http://ex.org/e> a tg:Entity, tg:Company ; rdfs:label "Brace  Co" ; skos:altLabel "BRACE" .
  <http://ex.org/c> a tg:Claim, tg:EventClaim ; tg:about <http://ex.org/e> ; tg:statement "Brace shipped" ;
      tg:evidence <http://ex.org/ev> ; prov:wasDerivedFrom <http://ex.org/d> .
  <http://ex.org/ev> oa:exact "shipped" .
  <http://ex.org/other> rdfs:label "Not An Entity" .
}
""")
    memory_store.import_rdf(trig)
    keys = memory_store.query("SELECT ?e ?k ?g WHERE { GRAPH ?g { ?e tg:nameKey ?k } } ORDER BY ?k").rows()
    assert [(r["e"], r["k"], r["g"]) for r in keys] == [
        ("http://ex.org/e", "brace", "http://ex.org/g"), ("http://ex.org/e", "brace co", "http://ex.org/g")]
    for name in ("brace co", "Brace", "  BRACE   CO "):
        rows = query(memory_store, saved="claims-about", params={"entity": name}).rows()
        assert [r["statement"] for r in rows] == ["Brace shipped"]


def test_time_series_survive_an_import_without_them_and_go_with_their_claims(tmp_path: Path) -> None:
    """A store exported without its time series (as an earlier version wrote it) and imported
    again answers time-series as before; removing the last claim of a series removes it."""
    from thesisgraph import query
    from thesisgraph.graph.validate import validate_store

    params = {"entity": "alibaba cloud", "metric": "Revenue"}
    with open_store(":memory:") as first:
        first.write(revenue_note("/notes/a.txt", "33.398"))
        first.write(revenue_note("/notes/b.txt", "33.98"))
        before = query(first, saved="time-series", params=params).rows()
        buf = io.BytesIO()
        first.export("nquads", buf)
    assert sorted(r["value"] for r in before) == [Decimal("33398000000"), Decimal("33980000000")]
    old = tmp_path / "old.nq"
    old.write_text("".join(line + "\n" for line in buf.getvalue().decode().splitlines()
                           if "inSeries" not in line and "/series/" not in line))
    with open_store(":memory:") as second:
        second.import_rdf(old)
        assert query(second, saved="time-series", params=params).rows() == before
        series = "SELECT ?s WHERE { ?s a tg:MetricSeries }"
        assert len(second.query(series)) == 1
        assert validate_store(second).conforms
    with open_store(":memory:") as third:
        third.write(revenue_note("/notes/a.txt", "33.398"))
        third.remove("/notes/a.txt")
        assert len(third.query(series)) == 0
        third.write(revenue_note("/notes/a.txt", "33.398"))
        third.write(revenue_note("/notes/b.txt", "33.98"))
        third.remove("/notes/a.txt")
        assert len(third.query(series)) == 1
        assert [r["value"] for r in query(third, saved="time-series", params=params).rows()] == [Decimal("33980000000")]


def test_an_entity_read_as_two_kinds_keeps_the_first_and_stays_valid(memory_store: Store) -> None:
    """A found name typed as a company in one note and a business unit in another is one node
    of one kind (the contract's 'exactly one of'), and the store still validates."""
    from dataclasses import replace

    from factories import CLOUD
    from thesisgraph.graph.model import EntityKind
    from thesisgraph.graph.validate import validate_store

    first = revenue_note("/notes/a.txt", "33.398")
    memory_store.write(first)
    as_company = replace(CLOUD, kind=EntityKind.COMPANY)
    second = revenue_note("/notes/b.txt", "33.4")
    second = replace(second, entities=tuple(as_company if e.iri == CLOUD.iri else e for e in second.entities))
    memory_store.write(second)
    kinds = memory_store.query(
        "SELECT ?k WHERE { ?e a ?k FILTER(?k != tg:Entity) }", {"e": ox.NamedNode(CLOUD.iri)}
    ).column("k")
    assert kinds == ["https://w3id.org/thesisgraph/ns#BusinessUnit"]
    assert validate_store(memory_store).conforms


def test_figures_for_the_same_months_conflict_whatever_the_period_is_called(memory_store: Store) -> None:
    """'2024Q4' and Alibaba's 'FY2025Q3' are the same three months: their figures are compared."""
    from dataclasses import replace
    from datetime import date as day

    from thesisgraph.graph.model import Period

    calendar = Period(label="2024Q4", start=day(2024, 10, 1), end=day(2024, 12, 31))
    fiscal = Period(label="FY2025Q3", start=day(2024, 10, 1), end=day(2024, 12, 31))
    a = revenue_note("/notes/cal.txt", "31.7")
    b = revenue_note("/notes/fis.txt", "31.1")
    a = replace(a, claims=tuple(replace(c, period=calendar) for c in a.claims))
    b = replace(b, claims=tuple(replace(c, period=fiscal) for c in b.claims))
    assert memory_store.write(a).conflicts == 0
    assert memory_store.write(b).conflicts == 1
    assert memory_store.stats()["conflicts"] == 1


def test_a_load_worker_s_serialised_graph_stores_exactly_the_quads_of_a_plain_write(tmp_path: Path) -> None:
    """The load pipeline hands the store each document already serialised as N-Quads: the
    store must hold the same quads, conflict links included, as when it builds them itself."""
    from thesisgraph.graph.mapping import encode_document

    notes = [revenue_note("/n/a.md", "33.4"), revenue_note("/n/b.md", "33.98"), revenue_note("/n/c.md", "33.398")]
    plain, encoded = open_store(tmp_path / "plain"), open_store(tmp_path / "encoded")
    for ex in notes:
        plain.write(ex, pipeline="p")
        encoded.write(ex, pipeline="p", document_nquads=encode_document(ex, "p"))
    got = {str(q) for q in encoded.backend._store}  # type: ignore[attr-defined]
    assert got == {str(q) for q in plain.backend._store}  # type: ignore[attr-defined]
    assert encoded.stats()["conflicts"] == 2 and len(got) > 50
    plain.close()
    encoded.close()
