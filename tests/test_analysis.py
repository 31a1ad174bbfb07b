"""The networkx projection and ``analyze``: on invented notes whose shape is known, and on the seed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import BROKER, CLOUD, FY26Q1, GROUP
from thesisgraph.graph.analysis import (
    analyze,
    format_path,
    project,
    single_source_claims,
)
from thesisgraph.graph.errors import QueryError
from thesisgraph.graph.iri import child_iri, document_iri, entity_iri
from thesisgraph.graph.model import (
    Claim,
    ClaimKind,
    Entity,
    EntityKind,
    Evidence,
    Extraction,
    Note,
    Thesis,
    sha256_hex,
)
from thesisgraph.graph.store import Store

from thesisgraph import open_store
from thesisgraph.cli import cli

OTHER = Entity(iri=entity_iri("Harbour Research"), name="Harbour Research", kind=EntityKind.ORGANIZATION)
BYTEDANCE = Entity(iri=entity_iri("ByteDance"), name="ByteDance", kind=EntityKind.COMPANY)
VOLCANO = Entity(iri=entity_iri("Volcano Engine"), name="Volcano Engine", kind=EntityKind.BUSINESS_UNIT,
                 part_of=BYTEDANCE.iri)
NVIDIA = Entity(iri=entity_iri("NVIDIA"), name="NVIDIA", kind=EntityKind.COMPANY)
TSMC = Entity(iri=entity_iri("TSMC"), name="TSMC", kind=EntityKind.COMPANY)

REVENUE = "Alibaba Cloud revenue FY2026Q1: {v} billion CNY"
RIVALRY = "Volcano Engine competes with Alibaba Cloud"
RISK = "Price cuts could squeeze Alibaba Cloud's margins"
SUPPLY = "TSMC supplies NVIDIA"


def note(path: str, publisher: Entity, *, revenue: str | None = None, rivalry: bool = False,
         risk: bool = False, supply: bool = False) -> Extraction:
    """A note made of the sentences asked for, each a claim with its evidence."""
    sentences = []
    if revenue:
        sentences.append(f"Alibaba Cloud booked {revenue} billion yuan of revenue in the quarter.")
    if rivalry:
        sentences.append("Volcano Engine is now a direct rival of Alibaba Cloud.")
    if risk:
        sentences.append("Price cuts could squeeze margins at Alibaba Cloud.")
    if supply:
        sentences.append("TSMC makes the chips NVIDIA sells.")
    text = " ".join(sentences)
    doc = document_iri(path)

    def ev(s: str) -> tuple[Evidence, ...]:
        start = text.index(s)
        return (Evidence.from_text(text, start, start + len(s)),)

    claims = []
    mentions = set()
    if revenue:
        decimals = len(revenue.split(".")[1]) if "." in revenue else 0
        claims.append(Claim(
            iri=child_iri(doc, "claim", "revenue"), kind=ClaimKind.METRIC, about=CLOUD.iri,
            statement=REVENUE.format(v=revenue), evidence=ev(f"{revenue} billion yuan"),
            asserted_by=publisher.iri, metric="revenue", value=Decimal(revenue).scaleb(9),
            unit="CNY", resolution=Decimal(1).scaleb(9 - decimals), period=FY26Q1))
        mentions.add(CLOUD.iri)
    if rivalry:
        claims.append(Claim(
            iri=child_iri(doc, "claim", "rivalry"), kind=ClaimKind.RELATION, about=VOLCANO.iri,
            statement=RIVALRY, evidence=ev("Volcano Engine is now a direct rival of Alibaba Cloud"),
            asserted_by=publisher.iri, relation="competesWith", obj=CLOUD.iri))
        mentions |= {CLOUD.iri, VOLCANO.iri}
    if risk:
        claims.append(Claim(
            iri=child_iri(doc, "claim", "risk"), kind=ClaimKind.RISK, about=CLOUD.iri,
            statement=RISK, evidence=ev("Price cuts could squeeze margins"), asserted_by=publisher.iri))
        mentions.add(CLOUD.iri)
    if supply:
        claims.append(Claim(
            iri=child_iri(doc, "claim", "supply"), kind=ClaimKind.RELATION, about=TSMC.iri,
            statement=SUPPLY, evidence=ev("TSMC makes the chips NVIDIA sells"),
            asserted_by=publisher.iri, relation="supplies", obj=NVIDIA.iri))
        mentions |= {TSMC.iri, NVIDIA.iri}
    theses = ()
    if revenue and risk:
        theses = (Thesis(iri=child_iri(doc, "thesis", "t"), statement="Alibaba Cloud keeps growing",
                         about=CLOUD.iri, asserted_by=publisher.iri, supported_by=(claims[0].iri,),
                         challenged_by=(claims[-1].iri,), evidence=ev("Price cuts")),)
    n = Note(path=path, text=text, sha256=sha256_hex(text + path), format="text",
             title=f"Note {Path(path).stem}", date=date(2025, 9, 1))
    return Extraction(note=n, doc_iri=doc, entities=(GROUP, CLOUD, BYTEDANCE, VOLCANO, NVIDIA, TSMC,
                                                     BROKER, OTHER),
                      mentions=frozenset(mentions), publisher=publisher.iri, claims=tuple(claims),
                      theses=theses)


def fill(store: Store) -> None:
    """Cloud notes from two publishers, a conflicting figure, and chip notes apart from them."""
    store.write(note("/n/a.txt", BROKER, revenue="33.4", rivalry=True))
    store.write(note("/n/b.txt", OTHER, revenue="33.4", risk=True))  # same figure, another publisher
    store.write(note("/n/c.txt", OTHER, revenue="35.1"))  # conflicts with both
    store.write(note("/n/d.txt", BROKER, supply=True))
    store.write(note("/n/e.txt", BROKER, supply=True))  # the same broker again: still one source


@pytest.fixture
def store(memory_store: Store) -> Iterator[Store]:
    fill(memory_store)
    yield memory_store


def statements(items: list[object]) -> list[str]:
    return [i.statement for i in items]


def test_projection_keeps_kinds_attributes_and_typed_edges(store: Store) -> None:
    g = project(store)
    claim = child_iri(document_iri("/n/a.txt"), "claim", "revenue")
    data = g.nodes[claim]
    assert (data["kind"], data["unit"], data["period"]) == ("MetricClaim", "CNY", "FY2026Q1")
    assert data["value"] == pytest.approx(33.4e9) and data["label"] == REVENUE.format(v="33.4")
    assert data["documents"] == [document_iri("/n/a.txt")]
    rivalry = g.nodes[child_iri(document_iri("/n/a.txt"), "claim", "rivalry")]
    assert rivalry["relation"] == "competesWith"
    assert g.nodes[CLOUD.iri]["kind"] == "BusinessUnit" and g.nodes[CLOUD.iri]["label"] == "Alibaba Cloud"
    rels = {r for _, _, r in g.edges(data="rel")}
    assert {"about", "object", "partOf", "assertedBy", "supportedBy", "challengedBy",
            "conflictsWith", "source", "publisher", "mentions"} <= rels
    assert any(r == "partOf" for _, b, r in g.out_edges(VOLCANO.iri, data="rel") if b == BYTEDANCE.iri)


def test_single_source_claims(store: Store) -> None:
    single, total = single_source_claims(project(store))
    listed = statements(single)  # type: ignore[arg-type]
    assert total == 7
    # stated by two publishers: not listed
    assert REVENUE.format(v="33.4") not in listed
    # the conflicting figure stands alone; the risk and the rivalry have one publisher each
    assert REVENUE.format(v="35.1") in listed
    assert RISK in listed and RIVALRY in listed
    # two notes of the same broker are one source
    assert listed.count(SUPPLY) == 2
    supply = next(s for s in single if s.statement == SUPPLY)
    assert supply.publishers == ("Example Securities",) and len(supply.documents) == 2


def test_a_second_publisher_takes_a_claim_off_the_list(store: Store) -> None:
    store.write(note("/n/f.txt", OTHER, supply=True))
    listed = statements(single_source_claims(project(store))[0])  # type: ignore[arg-type]
    assert SUPPLY not in listed
    assert RISK in listed


def test_paths_go_through_claims_and_relations(store: Store) -> None:
    result = analyze(store, path=("alibaba cloud", "ByteDance"))
    assert result.path_ends == ("Alibaba Cloud", "ByteDance")
    assert len(result.paths) == 1
    steps = result.paths[0]
    assert [s.label for s in steps] == ["Alibaba Cloud", RIVALRY, "Volcano Engine", "ByteDance"]
    assert [(s.rel, s.forward) for s in steps[:3]] == [("object", False), ("about", True), ("partOf", True)]
    assert format_path(steps) == (
        f"Alibaba Cloud <-object- [{RIVALRY}] -about-> Volcano Engine -partOf-> ByteDance"
    )
    # nothing the notes say links the cloud to the chips (only the broker, which is not walked)
    assert analyze(store, path=("Alibaba Cloud", "NVIDIA")).paths == []
    with pytest.raises(QueryError, match="did you mean: Alibaba Cloud"):
        analyze(store, path=("Alibaba Clod", "NVIDIA"))


def test_most_connected_central_and_clusters(store: Store) -> None:
    result = analyze(store, top=3)
    assert result.connected[0].label == "Alibaba Cloud"
    assert result.connected[0].claims == 5  # three figures, the risk, the rivalry's object
    assert len(result.connected) == 3
    assert result.central[0].label in {"Alibaba Cloud", "Volcano Engine"}
    assert all(s.betweenness > 0 for s in result.central)
    groups = {frozenset(c.entities) for c in result.clusters}
    assert frozenset({"TSMC", "NVIDIA"}) in groups
    cloud = next(c for c in result.clusters if "Alibaba Cloud" in c.entities)
    assert "Volcano Engine" in cloud.entities and "NVIDIA" not in cloud.entities


def test_analyze_command_table_and_json(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with open_store(folder) as disk:
        fill(disk)
    runner = CliRunner()
    out = runner.invoke(cli, ["analyze", "--store", str(folder), "--path", "Alibaba Cloud", "ByteDance"],
                        catch_exceptions=False)
    assert out.exit_code == 0, out.output
    assert "Most connected entities" in out.output and "-partOf-> ByteDance" in out.output
    assert "Claims resting on a single source (5 of 7 claims)" in out.output
    out = runner.invoke(cli, ["analyze", "--store", str(folder), "--format", "json", "--top", "0"],
                        catch_exceptions=False)
    doc = json.loads(out.output)
    assert doc["single_source_total"] == 5 and len(doc["single_source"]) == 5
    assert doc["connected"][0]["label"] == "Alibaba Cloud"
    out = runner.invoke(cli, ["analyze", "--store", str(folder), "--path", "Nobody", "NVIDIA"])
    assert out.exit_code == 2 and "no entity named 'Nobody'" in out.output


def test_analyze_on_the_seed(seed_copy: Path, tmp_path: Path) -> None:
    from thesisgraph import load

    with open_store(tmp_path / "s") as st:
        load(st, [seed_copy])
        result = analyze(st, top=0, path=("Alibaba Cloud", "Alibaba Group"))
        stats = st.stats()
    # one note: every claim in it rests on that single source
    assert result.claims_total == stats["claims"] > 0
    assert result.single_source_total == result.claims_total
    labels = [s.label for s in result.connected]
    assert labels[0] in {"Alibaba Group", "Alibaba Cloud"}
    assert any(len(p) == 2 and p[0].rel == "partOf" for p in result.paths)
    assert result.clusters and "Alibaba Cloud" in result.clusters[0].entities
