"""The viz projection, views, labels and page, on small hand-built notes and on the seed."""

from __future__ import annotations

import html
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import BROKER, CLOUD, FY26Q1, GROUP, revenue_note
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
from thesisgraph.viz.project import project_store, sentence_around
from thesisgraph.viz.render import format_value, json_for_script, node_label

from thesisgraph import viz

VOLCANO = Entity(iri=entity_iri("Volcano Engine"), name="Volcano Engine", kind=EntityKind.BUSINESS_UNIT)
TIANSHAN = Entity(iri=entity_iri("Tianshan Aluminum Group"), name="Tianshan Aluminum Group",
                  kind=EntityKind.COMPANY)
NEWS = Entity(iri=entity_iri("Daily Wire Service"), name="Daily Wire Service", kind=EntityKind.ORGANIZATION)

TEXT = (
    "Cloud update. Alibaba Cloud booked revenue of 33.4 billion yuan in the first fiscal quarter. "
    "Rivalry with Volcano Engine in public cloud is getting tougher. "
    "Price cuts could squeeze margins.\n"
    "More reading\nTianshan Aluminum Group buys back shares."
)


def _span(text: str, quote: str) -> Evidence:
    start = text.index(quote)
    return Evidence.from_text(text, start, start + len(quote))


def cloud_note(path: str = "/notes/cloud.txt", *, publisher: Entity = BROKER,
               day: date = date(2025, 8, 30)) -> Extraction:
    """Alibaba Cloud revenue, a rivalry with Volcano Engine, a risk, a thesis, one chrome mention."""
    doc = document_iri(path)
    revenue = Claim(
        iri=child_iri(doc, "claim", "revenue"), kind=ClaimKind.METRIC, about=CLOUD.iri,
        statement="Alibaba Cloud revenue FY2026Q1: 33.4 billion CNY",
        evidence=(_span(TEXT, "revenue of 33.4 billion yuan"),), asserted_by=publisher.iri,
        metric="revenue", value=Decimal("33.4e9"), unit="CNY", period=FY26Q1,
    )
    rivalry = Claim(
        iri=child_iri(doc, "claim", "rivalry"), kind=ClaimKind.RELATION, about=VOLCANO.iri,
        statement="Volcano Engine competes with Alibaba Cloud",
        evidence=(_span(TEXT, "Rivalry with Volcano Engine in public cloud"),),
        asserted_by=publisher.iri, relation="competesWith", obj=CLOUD.iri,
    )
    risk = Claim(
        iri=child_iri(doc, "claim", "risk"), kind=ClaimKind.RISK, about=CLOUD.iri,
        statement="Price cuts could squeeze Alibaba Cloud's margins",
        evidence=(_span(TEXT, "Price cuts could squeeze margins"),), asserted_by=publisher.iri,
    )
    thesis = Thesis(
        iri=child_iri(doc, "thesis", "t"), statement="Alibaba Cloud is in a new growth cycle",
        about=CLOUD.iri, asserted_by=publisher.iri, supported_by=(revenue.iri,),
        challenged_by=(risk.iri,), evidence=(_span(TEXT, "Cloud update."),),
    )
    note = Note(path=path, text=TEXT, sha256=sha256_hex(TEXT + path), format="text",
                title="Cloud update", date=day, body=(0, TEXT.index("More reading")))
    return Extraction(
        note=note, doc_iri=doc, entities=(GROUP, CLOUD, publisher, VOLCANO, TIANSHAN),
        mentions=frozenset({CLOUD.iri, VOLCANO.iri, TIANSHAN.iri}), publisher=publisher.iri,
        claims=(revenue, rivalry, risk), theses=(thesis,),
    )


@pytest.fixture
def store(memory_store):  # type: ignore[no-untyped-def]
    memory_store.write(cloud_note())
    memory_store.write(revenue_note("/notes/other.txt", "33.98"))
    return memory_store


def _labels(g) -> set[str]:  # type: ignore[no-untyped-def]
    return {d["label"] for _, d in g.nodes(data=True)}


def test_projection_has_kinds_relations_evidence_and_conflicts(store) -> None:  # type: ignore[no-untyped-def]
    g = project_store(store)
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    assert {"Company", "BusinessUnit", "Organization", "MetricClaim", "RelationClaim", "RiskClaim",
            "Thesis", "Document"} <= kinds
    rels = {d["rel"] for _, _, d in g.edges(data=True)}
    assert {"about", "partOf", "competesWith", "supportedBy", "challengedBy", "source", "publisher",
            "mentions", "conflictsWith", "object"} <= rels
    revenue = next(n for n, d in g.nodes(data=True) if d.get("statement", "").endswith("33.4 billion CNY"))
    data = g.nodes[revenue]
    assert (data["metric"], data["value"], data["unit"], data["period"]) == ("revenue", 33.4e9, "CNY", "FY2026Q1")
    [ev] = data["evidence"]
    assert ev["exact"] == "revenue of 33.4 billion yuan"
    assert ev["before"] == "Alibaba Cloud booked "  # the sentence, not the heading before it
    assert ev["after"] == " in the first fiscal quarter."
    [conflict] = data["conflicts"]
    assert "33.98" in conflict["statement"]


def test_sentence_around_stops_at_sentence_ends() -> None:
    text = "First one. The quote sits here, in the middle. Next one."
    start = text.index("quote")
    assert sentence_around(text, start, start + 5) == ("The ", " sits here, in the middle.")
    assert sentence_around("line one\nabc quote def\nline three", 13, 18) == ("abc ", " def")
    long = "word " * 100 + "QUOTE" + " word" * 100
    before, after = sentence_around(long, 500, 505, window=20)
    assert before.startswith("…") and after.endswith("…") and len(before) <= 21


def test_focus_view_stays_in_the_neighbourhood(store) -> None:  # type: ignore[no-untyped-def]
    g = viz.select(store, "focus", focus="Alibaba Cloud", depth=2)
    labels = _labels(g)
    assert {"Alibaba Cloud", "Alibaba Group", "Volcano Engine"} <= labels
    assert any(d.get("metric") == "revenue" for _, d in g.nodes(data=True))
    assert "Tianshan Aluminum Group" not in labels  # only mentioned, in the page chrome
    by_alias = viz.select(store, "focus", focus="alibaba", depth=1)  # an alias, any case
    assert "Alibaba Group" in _labels(by_alias)
    shallow = viz.select(store, "focus", focus="Alibaba Group", depth=0)
    assert {d["kind"] for _, d in shallow.nodes(data=True)} == {"Company"}


def test_focus_finds_names_in_a_store_written_before_name_keys(store) -> None:  # type: ignore[no-untyped-def]
    from thesisgraph.viz.project import find_entities

    by_key = find_entities(store, "  ALIBABA   cloud ")
    assert len(by_key) == 1
    store.backend.update("DELETE WHERE { GRAPH ?g { ?e <https://w3id.org/thesisgraph/ns#nameKey> ?k } }")
    assert len(store.query("SELECT * WHERE { ?e tg:nameKey ?k }")) == 0
    assert find_entities(store, "alibaba cloud") == by_key  # through the labels instead
    assert find_entities(store, "Alibaba Clod") == []


def test_focus_name_is_bound_not_pasted(store) -> None:  # type: ignore[no-untyped-def]
    for hostile in ('Alibaba Cloud") } UNION { ?e ?p ?o } #', "x' || true || '", "Alibaba\\"):
        with pytest.raises(QueryError, match="no entity named"):
            viz.select(store, "focus", focus=hostile)
    with pytest.raises(QueryError, match="did you mean: Alibaba Cloud"):
        viz.select(store, "focus", focus="Alibaba Clod")


def test_thesis_view_has_support_risk_evidence(store) -> None:  # type: ignore[no-untyped-def]
    g = viz.select(store, "thesis", thesis="growth cycle")
    kinds = [d["kind"] for _, d in g.nodes(data=True)]
    assert kinds.count("Thesis") == 1
    assert {"MetricClaim", "RiskClaim", "Document", "BusinessUnit"} <= set(kinds)
    # the conflicting figure from the other note comes along, with its document
    assert sum(1 for k in kinds if k == "MetricClaim") == 2
    assert kinds.count("Document") == 2
    with pytest.raises(QueryError, match="no thesis matches"):
        viz.select(store, "thesis", thesis="nothing like this")


def test_filters(memory_store) -> None:  # type: ignore[no-untyped-def]
    memory_store.write(cloud_note())
    memory_store.write(cloud_note("/notes/wire.txt", publisher=NEWS, day=date(2024, 1, 5)))
    risks = viz.select(memory_store, claim_types=["risk"])
    assert {d["kind"] for _, d in risks.nodes(data=True) if d["kind"].endswith("Claim")} == {"RiskClaim"}
    revenue = viz.select(memory_store, metrics=["Revenue"], periods=["fy2026q1"])
    assert {d.get("metric") for _, d in revenue.nodes(data=True) if d["kind"].endswith("Claim")} == {"revenue"}
    recent = viz.select(memory_store, since="2025-01-01")
    docs = [d for _, d in recent.nodes(data=True) if d["kind"] == "Document"]
    assert [d["date"] for d in docs] == ["2025-08-30"]
    wire = viz.select(memory_store, publishers=["daily wire service"], until=date(2024, 12, 31))
    assert [d["publisher"] for _, d in wire.nodes(data=True) if d["kind"] == "Document"] == ["Daily Wire Service"]
    companies = viz.select(memory_store, entity_types=["company"])
    assert {d["kind"] for _, d in companies.nodes(data=True) if "Claim" not in d["kind"]} <= {
        "Company", "Document", "Thesis"}
    with pytest.raises(QueryError, match="choose one of"):
        viz.select(memory_store, claim_types=["rumour"])
    with pytest.raises(QueryError, match="not a date"):
        viz.select(memory_store, since="last week")


def test_whole_view_summarises_above_the_limit(store) -> None:  # type: ignore[no-untyped-def]
    full = viz.select(store, limit=None)
    small = viz.select(store, limit=6)
    assert small.number_of_nodes() < full.number_of_nodes()
    assert small.graph["summary_of"] == full.number_of_nodes()
    assert "Alibaba Cloud" in _labels(small)
    assert {d["kind"] for _, d in small.nodes(data=True)} <= {
        "Company", "BusinessUnit", "Organization", "Product", "Person", "Place"}
    together = [d["count"] for _, _, d in small.edges(data=True) if d["rel"] == "coMentioned"]
    assert together == [1, 1, 1]  # Alibaba Cloud, Volcano Engine, Tianshan: one note together
    assert "Summary:" in viz.render_html(store, limit=6)


def test_labels_say_what_a_node_is() -> None:
    assert format_value(33398000000.0, "CNY") == "33.398bn CNY"  # close figures must stay apart
    assert format_value(33980000000.0, "CNY") == "33.98bn CNY"
    assert format_value(8.8, "percent") == "8.8%"
    assert format_value(26.0, "percent") == "26%"
    claim = {"kind": "MetricClaim", "metric": "revenue", "period": "FY2026Q1", "value": 33.4e9, "unit": "CNY"}
    assert node_label(claim) == "Revenue FY2026Q1: 33.4bn CNY"
    assert node_label({"kind": "Company", "label": "Alibaba Cloud"}) == "Alibaba Cloud"


def test_json_for_script_cannot_close_the_element() -> None:
    hostile = {"q": "</script><!-- <script>x()</script> & \u2028"}
    text = json_for_script(hostile)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == hostile


def _embedded(page: str) -> dict:  # type: ignore[type-arg]
    m = re.search(r'<script type="application/json" id="tg-data">(.*?)</script>', page, re.DOTALL)
    assert m
    return json.loads(m.group(1))  # type: ignore[no-any-return]


def test_page_is_self_contained(store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    out = viz.write_html(store, tmp_path / "page.html", view="focus", focus="Alibaba Cloud")
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]  # no lib/ folder anywhere
    page = out.read_text(encoding="utf-8")
    assert not re.search(r"""(?i)<script[^>]*\bsrc\s*=""", page)
    assert not re.search(r"""(?i)<link\b""", page)
    assert not re.search(r"""(?i)(src|href)\s*=\s*["']?\s*(https?:)?//""", page)
    assert not re.search(r"(?i)url\(\s*['\"]?(https?:)?//|@import", page)
    assert "vis.Network" in page and "DataSet" in page  # vis-network is inlined
    data = _embedded(page)
    labels = {n["label"] for n in data["nodes"]}
    assert {"Alibaba Cloud", "Volcano Engine", "Revenue FY2026Q1: 33.4bn CNY"} <= {
        label.removeprefix("⚠ ") for label in labels}
    assert any(n.get("conflict") for n in data["nodes"])
    assert {e["label"] for e in data["edges"]} >= {"about", "part of", "competes with", "conflicts with"}
    assert {item["name"] for item in data["legend"]} >= {"Business unit", "Metric claim", "Document"}


def test_notebook_view_embeds_the_page_escaped(store) -> None:  # type: ignore[no-untyped-def]
    view = viz.show(store, view="thesis", height=500)
    frame = view._repr_html_()
    m = re.fullmatch(r'<iframe srcdoc="([^"]*)" style="[^"]*height:500px[^"]*" sandbox="allow-scripts"[^>]*></iframe>', frame)
    assert m, frame[:200]
    assert "<" not in m.group(1)
    assert html.unescape(m.group(1)) == str(view)


def test_cli_writes_views_and_reports_errors(tmp_path: Path) -> None:
    from thesisgraph import open_store
    from thesisgraph.cli import cli

    folder = tmp_path / "store"
    with open_store(folder) as st:
        st.write(cloud_note())
    runner = CliRunner()
    out = tmp_path / "cloud.html"
    r = runner.invoke(cli, ["viz", "--store", str(folder), "--focus", "Volcano Engine", "--depth", "1",
                            "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "Volcano Engine" in {n["label"] for n in _embedded(out.read_text())["nodes"]}
    r = runner.invoke(cli, ["viz", "--store", str(folder), "--thesis", "-o", str(tmp_path / "t.html")])
    assert r.exit_code == 0, r.output
    r = runner.invoke(cli, ["viz", "--store", str(folder), "--focus", "Nobody", "-o", str(tmp_path / "n.html")])
    assert r.exit_code == 2 and "no entity named 'Nobody'" in r.output
    r = runner.invoke(cli, ["viz", "--store", str(folder), "--claim-type", "gossip", "-o", str(tmp_path / "n.html")])
    assert r.exit_code == 2 and "choose one of" in r.output


def test_seed_focus_view(seed_path: Path, memory_store) -> None:  # type: ignore[no-untyped-def]
    import thesisgraph

    thesisgraph.load(memory_store, [seed_path])
    g = viz.select(memory_store, "focus", focus="Alibaba Cloud", depth=2)
    labels = _labels(g)
    assert "Alibaba Group" in labels
    assert any(d.get("metric") == "revenue" for _, d in g.nodes(data=True))
    for chrome in ("Zhengzhou Suda Industry Machinery Service", "Wus Printed Circuit",
                   "Tianshan Aluminum Group", "Li Minggui", "WuXi Juno"):
        assert chrome not in labels


def test_seed_focus_view_reaches_volcano_engine(seed_path: Path, memory_store) -> None:  # type: ignore[no-untyped-def]
    import thesisgraph

    thesisgraph.load(memory_store, [seed_path])
    g = viz.select(memory_store, "focus", focus="Alibaba Cloud", depth=2)
    assert "Volcano Engine" in _labels(g)
