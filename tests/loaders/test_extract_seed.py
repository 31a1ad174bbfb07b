"""The extractor on the seed note, checked against its hand annotation (../shared/seed/*.gold.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from thesisgraph.graph.iri import entity_key
from thesisgraph.graph.model import ClaimKind, Extraction
from thesisgraph.loaders.extract import extract_note
from thesisgraph.loaders.gazetteer import load_gazetteer
from thesisgraph.loaders.readers import read_note

PREFIXES = """
PREFIX tg: <https://w3id.org/thesisgraph/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


@pytest.fixture(scope="module")
def gold(seed_path: Path) -> dict[str, Any]:
    gold_path = seed_path.with_name(seed_path.name.replace(".txt", ".gold.json"))
    if not gold_path.exists():
        pytest.skip(f"the seed's gold file is not here ({gold_path})")
    data: dict[str, Any] = json.loads(gold_path.read_text("utf-8"))
    return data


@pytest.fixture(scope="module")
def seed(seed_path: Path) -> Extraction:
    x = extract_note(read_note(seed_path), load_gazetteer())
    x.check()
    return x


def _names(x: Extraction) -> dict[str, str]:
    return {e.iri: e.name for e in x.entities}


def test_body_ends_before_the_related_articles_block(seed: Extraction, gold: dict[str, Any]) -> None:
    assert seed.note.body is not None
    start, end = seed.note.body
    marker = gold["document"]["body_ends_before"]
    assert end <= seed.note.text.index(marker)
    assert seed.note.text[start:end].rstrip().endswith("falling short of expectations.")


def test_every_gold_entity_is_found_as_one_node_of_its_type(seed: Extraction, gold: dict[str, Any]) -> None:
    by_name = {e.name: e for e in seed.entities}
    for g in gold["entities"]:
        assert g["name"] in by_name, g["name"]
        ent = by_name[g["name"]]
        assert ent.kind.value == g["type"], g["name"]
        assert ent.iri in seed.mentions, g["name"]
        surfaces = {s for iri, s in seed.surface_forms if iri == ent.iri}
        for s in g["surface"]:
            assert s in surfaces, (g["name"], s)
        if "ticker" in g:
            assert g["ticker"] in ent.tickers
        if "fiscal_year_end" in g:
            assert ent.fiscal_year_end == "--" + g["fiscal_year_end"]
        if "part_of" in g:
            assert by_name[g["part_of"]].iri == ent.part_of


def test_no_entity_of_the_page_chrome(seed: Extraction, gold: dict[str, Any]) -> None:
    keys = {entity_key(e.name) for e in seed.entities} | {entity_key(s) for _, s in seed.surface_forms}
    for name in gold["not_entities_of_this_note"]:
        assert entity_key(name) not in keys, name
        assert not any(entity_key(name) in k for k in keys), name


def test_publisher_and_subject(seed: Extraction, gold: dict[str, Any]) -> None:
    names = _names(seed)
    assert names[seed.publisher or ""] == gold["document"]["publisher"]
    assert seed.theses and names[seed.theses[0].about] == gold["document"]["subject"]


def test_three_risks_each_quoted(seed: Extraction, gold: dict[str, Any]) -> None:
    risks = [c for c in seed.claims if c.kind is ClaimKind.RISK]
    assert [c.evidence[0].exact for c in risks] == gold["risks"]
    assert {_names(seed)[c.about] for c in risks} == {gold["document"]["subject"]}


def test_thesis_asserted_by_the_broker_supported_and_challenged(seed: Extraction, gold: dict[str, Any]) -> None:
    (thesis,) = seed.theses
    assert "turning point has arrived" in thesis.statement
    assert "expected to soar again in the AI era" in thesis.statement
    assert thesis.evidence and "turning point has arrived" in thesis.evidence[0].exact
    names = _names(seed)
    assert names[thesis.asserted_by or ""] == gold["document"]["publisher"]
    kinds = {c.kind for c in seed.claims if c.iri in thesis.supported_by}
    assert {ClaimKind.EVENT, ClaimKind.RELATION, ClaimKind.OUTLOOK} <= kinds
    risks = {c.iri for c in seed.claims if c.kind is ClaimKind.RISK}
    assert set(thesis.challenged_by) == risks


def test_events_with_their_dates_and_reporter(seed: Extraction, gold: dict[str, Any]) -> None:
    names = _names(seed)
    events = [c for c in seed.claims if c.kind is ClaimKind.EVENT]
    for g in gold["events"]:
        hits = [
            c for c in events
            if c.date == g["date"] and any(g["quote"] in ev.exact for ev in c.evidence)
        ]
        assert hits, g["quote"]
        assert names[hits[0].about] == g["subject"]
        assert names.get(hits[0].reported_by or "") == g.get("reported_by")


def test_relations(seed: Extraction, gold: dict[str, Any]) -> None:
    names = _names(seed)
    by_name = {e.name: e for e in seed.entities}
    stated = {
        (names[c.about], c.relation, names[c.obj or ""]): c for c in seed.claims if c.kind is ClaimKind.RELATION
    }
    for g in gold["relations"]:
        if "quote" not in g:  # a parent link the gazetteer knows: an entity fact, not a sentence
            assert by_name[g["subject"]].part_of == by_name[g["object"]].iri
            continue
        key = (g["subject"], g["predicate"], g["object"])
        assert key in stated, key
        assert any(g["quote"] in ev.exact or ev.exact in g["quote"] for ev in stated[key].evidence), key


def test_second_hand_source_on_every_claim_of_its_sentence(seed: Extraction) -> None:
    names = _names(seed)
    wsj = [c for c in seed.claims if names.get(c.reported_by or "") == "The Wall Street Journal"]
    assert {c.kind for c in wsj} >= {ClaimKind.EVENT, ClaimKind.RELATION}
    for c in wsj:
        assert any(
            "Wall Street Journal" in seed.note.text[max(0, ev.start - 200) : ev.end] for ev in c.evidence
        )


def test_metric_claims_and_conflict_through_the_store(seed_path: Path, gold: dict[str, Any]) -> None:
    import thesisgraph as tg

    store = tg.open_store(":memory:")
    try:
        tg.load(store, [seed_path])
        rows = store.query(
            PREFIXES
            + """SELECT ?subject ?metric ?value ?unit ?period ?quote WHERE {
                ?c a tg:MetricClaim ; tg:about/rdfs:label ?subject ; tg:metric/rdfs:label ?metric ;
                   tg:value ?value ; tg:unit ?unit ; tg:evidence/oa:exact ?quote .
                OPTIONAL { ?c tg:period ?period } }"""
        )
        found = [
            (r["subject"], r["metric"], float(r["value"]), r["unit"], r.get("period"), r["quote"])
            for r in rows.rows()
        ]
        scale = {"billion": 1e9, "unit": 1.0}
        for g in gold["metrics"]:
            value = g["value"] * scale[g["scale"]]
            hits = [
                f for f in found
                if f[0] == g["subject"] and f[1] == g["metric"] and abs(f[2] - value) <= 1e-6 * max(1, value)
                and f[3] == g["unit"] and (g["quote"] in f[5] or f[5] in g["quote"])
            ]
            assert hits, g
            if g["period"].startswith(("FY", "20")) and "/" not in g["period"] and " " not in g["period"]:
                assert any(h[4] == g["period"] for h in hits), g
        conflicts = store.query(
            PREFIXES
            + """SELECT ?a ?b WHERE { ?x tg:conflictsWith ?y ; tg:value ?a . ?y tg:value ?b .
                 ?x tg:about/rdfs:label "Alibaba Cloud" ; tg:metric/rdfs:label "revenue" . }"""
        ).rows()
        pairs = {frozenset((float(r["a"]), float(r["b"]))) for r in conflicts}
        assert frozenset((33.98e9, 33.398e9)) in pairs
    finally:
        store.close()


def test_seed_store_validates_against_the_shapes(seed_path: Path) -> None:
    import thesisgraph as tg

    store = tg.open_store(":memory:")
    try:
        tg.load(store, [seed_path])
        report = tg.validate(store)
        assert report.conforms, report.text()
    finally:
        store.close()
