from __future__ import annotations

from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from thesisgraph.graph.conflicts import conflict_key
from thesisgraph.graph.iri import series_iri
from thesisgraph.graph.mapping import common_quads, document_quads, evidence_iri, series_quads, to_nquads
from thesisgraph.graph.namespace import COMMON_GRAPH

from factories import revenue_note


def _dataset(nquads: str) -> Dataset:
    ds = Dataset()
    ds.parse(data=nquads, format="nquads")
    return ds


def test_document_graph_is_exactly_the_contract() -> None:
    ex = revenue_note("/notes/a.txt", "33.398")
    ds = _dataset(to_nquads(document_quads(ex, "p1")))
    got = ds.graph(URIRef(ex.doc_iri))
    claim = ex.claims[0]
    ev = claim.evidence[0]
    thesis = ex.theses[0]
    tev = thesis.evidence[0]
    expected = Graph().parse(
        format="turtle",
        data=f"""
@prefix tg: <https://w3id.org/thesisgraph/ns#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{ex.doc_iri}> a tg:Document ; dcterms:source "/notes/a.txt" ; tg:sha256 "{ex.note.sha256}" ;
    tg:text {Graph().namespace_manager and '"' + ex.note.text + '"'} ; tg:format "text" ; tg:pipeline "p1" ;
    dcterms:title "Note /notes/a.txt" ; dcterms:date "2025-08-30"^^xsd:date ;
    dcterms:publisher <{ex.publisher}> ; tg:mentions <{ex.entities[1].iri}> .
<{claim.iri}> a tg:Claim, tg:MetricClaim ; tg:about <{claim.about}> ;
    tg:statement "{claim.statement}" ; prov:wasDerivedFrom <{ex.doc_iri}> ;
    tg:assertedBy <{ex.publisher}> ; tg:evidence <{evidence_iri(ex.doc_iri, ev)}> ;
    tg:metric <https://w3id.org/thesisgraph/id/metric/revenue> ;
    tg:value "33398000000"^^xsd:decimal ; tg:unit "CNY" ; tg:resolution "1000000"^^xsd:decimal ;
    tg:period "FY2026Q1" ; tg:periodStart "2025-04-01"^^xsd:date ; tg:periodEnd "2025-06-30"^^xsd:date ;
    tg:conflictKey "{conflict_key(claim)}" ;
    tg:inSeries <{series_iri(claim.about, "https://w3id.org/thesisgraph/id/metric/revenue")}> .
<{evidence_iri(ex.doc_iri, ev)}> a tg:Evidence ; oa:hasSource <{ex.doc_iri}> ; oa:exact "{ev.exact}" ;
    oa:prefix "{ev.prefix}" ; oa:suffix "{ev.suffix}" ;
    oa:start {ev.start} ; oa:end {ev.end} .
<{thesis.iri}> a tg:Thesis ; tg:statement "{thesis.statement}" ; tg:about <{thesis.about}> ;
    prov:wasDerivedFrom <{ex.doc_iri}> ; tg:assertedBy <{ex.publisher}> ; tg:supportedBy <{claim.iri}> ;
    tg:evidence <{evidence_iri(ex.doc_iri, tev)}> .
<{evidence_iri(ex.doc_iri, tev)}> a tg:Evidence ; oa:hasSource <{ex.doc_iri}> ; oa:exact "{tev.exact}" ;
    oa:prefix "" ; oa:suffix "{tev.suffix}" ; oa:start {tev.start} ; oa:end {tev.end} .
""",
    )
    assert isomorphic(got, expected), "\n".join(sorted(set(got) ^ set(expected)).__repr__().split("), ("))


def test_entities_go_to_the_common_graph_with_aliases_and_parent() -> None:
    ex = revenue_note("/notes/a.txt", "33.4")
    ds = _dataset(to_nquads(common_quads(ex)))
    got = ds.graph(URIRef(COMMON_GRAPH))
    expected = Graph().parse(
        format="turtle",
        data="""
@prefix tg: <https://w3id.org/thesisgraph/ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix e: <https://w3id.org/thesisgraph/id/entity/> .
e:alibaba-group a tg:Entity, tg:Company ; rdfs:label "Alibaba Group" ; skos:altLabel "Alibaba" ;
    tg:nameKey "alibaba group", "alibaba" ;
    tg:ticker "9988.HK" ; tg:fiscalYearEnd "--03-31"^^xsd:gMonthDay .
e:alibaba-cloud a tg:Entity, tg:BusinessUnit ; rdfs:label "Alibaba Cloud" ; tg:nameKey "alibaba cloud" ;
    tg:partOf e:alibaba-group .
e:example-securities a tg:Entity, tg:Organization ; rdfs:label "Example Securities" ;
    tg:nameKey "example securities" .
<https://w3id.org/thesisgraph/id/metric/revenue> a tg:Metric ; rdfs:label "revenue" .
<SERIES> a tg:MetricSeries ; tg:seriesEntity e:alibaba-cloud ;
    tg:seriesMetric <https://w3id.org/thesisgraph/id/metric/revenue> .
""".replace("SERIES", series_iri(ex.claims[0].about, "https://w3id.org/thesisgraph/id/metric/revenue")),
    )
    assert isomorphic(got, expected)


def test_imported_metric_claims_get_their_series_once() -> None:
    """RDF written without time series (an earlier version, another tool) gets the same links
    and nodes a document's own quads have; claims already linked are left as they are."""
    ex = revenue_note("/notes/a.txt", "33.4")
    own = document_quads(ex)
    in_series = URIRef("https://w3id.org/thesisgraph/ns#inSeries")
    links = [q for q in own if str(q.predicate.value) == str(in_series)]
    nodes = [q for q in common_quads(ex) if "/series/" in q.subject.value]
    assert len(links) == 1 and len(nodes) == 3
    without = [q for q in own if q not in links]
    assert set(series_quads(without)) == set(links) | set(nodes)
    assert series_quads(own) == []


def test_text_with_quotes_newlines_and_markup_round_trips_literally() -> None:
    nasty = '\n"quoted" <script>alert(1)</script> \\ back\\slash } UNION { ?s ?p ?o }'
    ex = revenue_note("/notes/b.txt", "1.5", extra=nasty)
    ds = _dataset(to_nquads(document_quads(ex)))
    texts = [str(o) for o in ds.graph(URIRef(ex.doc_iri)).objects(URIRef(ex.doc_iri), URIRef("https://w3id.org/thesisgraph/ns#text"))]
    assert texts == [ex.note.text]


def test_claims_compared_for_conflicts_share_a_key_and_only_they() -> None:
    """Same entity, metric, unit and calendar dates: one key, whatever the period's label."""
    import dataclasses

    from thesisgraph.graph.model import Period

    claim = revenue_note("/notes/a.txt", "33.398").claims[0]
    calendar = dataclasses.replace(claim, period=dataclasses.replace(claim.period, label="2025Q2"))
    key = conflict_key(claim)
    assert key is not None and conflict_key(calendar) == key
    assert conflict_key(dataclasses.replace(claim, unit="USD")) != key
    assert conflict_key(dataclasses.replace(claim, metric="operating income")) != key
    assert conflict_key(dataclasses.replace(claim, about=claim.about + "-x")) != key
    undated = dataclasses.replace(claim, period=Period(label="FY2026Q1"))
    assert conflict_key(undated) not in (None, key)
    assert conflict_key(dataclasses.replace(undated, period=Period(label="FY2026Q2"))) != conflict_key(undated)
    assert conflict_key(dataclasses.replace(claim, period=None)) is None
