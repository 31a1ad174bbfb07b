"""The scoring harness: gold files, matching rules, scores computed by hand, the CLI, the seed gold."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEED_DIR, SEED_GOLD, SEED_TEXT, need
from thesisgraph.graph.errors import LoaderError
from thesisgraph.graph.iri import child_iri, document_iri, entity_iri
from thesisgraph.graph.model import (
    Claim,
    ClaimKind,
    Entity,
    EntityKind,
    Evidence,
    Extraction,
    Note,
    Period,
    sha256_hex,
)

from thesisgraph import open_store
from thesisgraph.cli import cli
from thesisgraph.evaluate import (
    Score,
    evaluate,
    evaluate_store,
    read_gold,
    read_gold_files,
    read_store,
)

TEXT = (
    "Harbourview Research: Alibaba Cloud revenue was RMB 33.398 billion in FY2026Q1, up 26%. "
    "Alibaba spent RMB 38.7 billion on capex. It was said again: revenue of 33.398 billion yuan. "
    "China matters. Related: Related Co wins an order."
)

GOLD = {
    "entities": [
        {"name": "Alibaba Group", "type": "Company", "surface": ["Alibaba"]},
        {"name": "Alibaba Cloud", "type": "BusinessUnit", "surface": ["Alibaba Cloud"]},
        {"name": "Harbourview Research", "type": "Organization", "surface": ["Harbourview Research"]},
        {"name": "NVIDIA", "type": "Company", "surface": []},
    ],
    "not_entities_of_this_note": ["Related Co"],
    "optional_entities": ["China"],
    "conflicts": [{"subject": "Alibaba Cloud", "metric": "revenue", "period": "FY2026Q1"},
                  {"subject": "Alibaba Group", "metric": "capex", "period": "FY2026Q1"}],
    "metrics": [
        {"subject": "Alibaba Cloud", "metric": "revenue", "value": 33.398, "scale": "billion", "unit": "CNY",
         "period": "FY2026Q1", "quote": "RMB 33.398 billion"},
        {"subject": "Alibaba Cloud", "metric": "revenue growth yoy", "value": 26, "scale": "unit", "unit": "percent",
         "period": "FY2026Q1", "period_start": "2025-04-01", "period_end": "2025-06-30", "quote": "up 26%"},
        {"subject": "Alibaba Group", "metric": "capex", "value": 38.7, "scale": "billion", "unit": "CNY",
         "period": "FY2026Q1", "quote": "RMB 38.7 billion"},
        {"subject": "Alibaba Cloud", "metric": "adjusted ebita margin", "value": 8.8, "scale": "unit",
         "unit": "percent", "period": "FY2026Q1", "quote": "not in the text: scored, not checked here"},
    ],
}

FY26Q1 = Period(label="FY2026Q1", start=date(2025, 4, 1), end=date(2025, 6, 30))


def _entity(name: str, kind: EntityKind, *aliases: str) -> Entity:
    return Entity(iri=entity_iri(name), name=name, kind=kind, aliases=frozenset(aliases))


GROUP = _entity("Alibaba Group", EntityKind.COMPANY, "Alibaba")
CLOUD = _entity("Alibaba Cloud", EntityKind.BUSINESS_UNIT)
BROKER = _entity("Harbourview Research", EntityKind.ORGANIZATION)
CHINA = _entity("China", EntityKind.PLACE)
RELATED = _entity("Related Co", EntityKind.COMPANY)


def _metric(doc: str, quote: str, nth: int, about: Entity, metric: str, value: str, unit: str,
            period: Period, tag: str = "") -> Claim:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(quote, start + 1)
    return Claim(
        iri=child_iri(doc, "claim", metric, str(start), tag),
        kind=ClaimKind.METRIC,
        about=about.iri,
        statement=f"{about.name} {metric}: {value} {unit}",
        evidence=(Evidence.from_text(TEXT, start, start + len(quote)),),
        metric=metric,
        value=Decimal(value),
        unit=unit,
        period=period,
    )


def hand_extraction(path: str) -> Extraction:
    """What an extractor might have made of TEXT, with one of each kind of mistake.

    - revenue 33.398bn FY2026Q1, stated twice: one fact, a hit;
    - growth 26% with the calendar label 2025Q2 and again with FY2026Q1, the same dates: one
      fact, a hit;
    - capex 38.7bn put on Alibaba Cloud instead of Alibaba Group: a miss and a false positive;
    - the adjusted EBITA margin is not found: a miss;
    - entities: Group, Cloud, the broker are hits; NVIDIA is missed; Related Co is a false
      positive (and listed as not the note's); China is optional and counts neither way.
    """
    doc = document_iri(path)
    claims = (
        _metric(doc, "RMB 33.398 billion", 0, CLOUD, "revenue", "33398000000", "CNY", FY26Q1),
        _metric(doc, "33.398 billion yuan", 0, CLOUD, "revenue", "33398000000", "CNY", FY26Q1),
        _metric(doc, "up 26%", 0, CLOUD, "revenue growth yoy", "26", "percent",
                Period(label="2025Q2", start=date(2025, 4, 1), end=date(2025, 6, 30))),
        _metric(doc, "up 26%", 0, CLOUD, "revenue growth yoy", "26", "percent", FY26Q1, tag="fiscal"),
        _metric(doc, "RMB 38.7 billion", 0, CLOUD, "capex", "38700000000", "CNY", FY26Q1),
    )
    note = Note(path=path, text=TEXT, sha256=sha256_hex(TEXT), format="text", title="hand")
    entities = (GROUP, CLOUD, BROKER, CHINA, RELATED)
    return Extraction(
        note=note, doc_iri=doc, entities=entities,
        mentions=frozenset({GROUP.iri, CLOUD.iri, CHINA.iri, RELATED.iri}),
        surface_forms=((GROUP.iri, "Alibaba"),), publisher=BROKER.iri, claims=claims,
    )


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "hand.gold.json").write_text(json.dumps(GOLD), "utf-8")
    return folder


def other_note(path: str) -> Extraction:
    """A second note that states Alibaba Cloud's FY2026Q1 revenue as 33.9 billion: a conflict."""
    text = "Alibaba Cloud revenue was RMB 33.9 billion in FY2026Q1."
    doc = document_iri(path)
    start = text.index("RMB")
    claim = Claim(
        iri=child_iri(doc, "claim", "revenue"), kind=ClaimKind.METRIC, about=CLOUD.iri,
        statement="Alibaba Cloud revenue: 33.9 billion CNY",
        evidence=(Evidence.from_text(text, start, start + len("RMB 33.9 billion")),),
        metric="revenue", value=Decimal(33900000000), unit="CNY", resolution=Decimal(100000000),
        period=FY26Q1,
    )
    note = Note(path=path, text=text, sha256=sha256_hex(text), format="text", title="other")
    return Extraction(note=note, doc_iri=doc, entities=(GROUP, CLOUD), mentions=frozenset({CLOUD.iri}),
                      claims=(claim,))


def test_scores_of_a_hand_built_store_are_the_ones_computed_by_hand(gold_dir: Path, tmp_path: Path) -> None:
    store = open_store(":memory:")
    store.write(hand_extraction(str(tmp_path / "notes" / "hand.txt")))
    store.write(other_note(str(tmp_path / "notes" / "other.txt")))
    report = evaluate_store(store, read_gold_files(gold_dir))
    [doc] = report.documents
    assert doc.loaded
    assert (doc.entities.tp, doc.entities.fp, doc.entities.fn) == (3, 1, 1)
    assert doc.missed_entities == ["NVIDIA (Company)"]
    assert doc.extra_entities == ["Related Co"] and doc.excluded_found == ["Related Co"]
    assert (doc.metrics.tp, doc.metrics.fp, doc.metrics.fn) == (2, 1, 2)
    assert doc.metrics.precision == pytest.approx(2 / 3)
    assert doc.metrics.recall == pytest.approx(1 / 2)
    assert doc.metrics.f1 == pytest.approx(4 / 7)
    assert any("capex" in m and "stored with subject 'Alibaba Cloud'" in m for m in doc.missed_metrics)
    assert [m.split(" | ")[:2] for m in doc.extra_metrics] == [["Alibaba Cloud", "capex"]]
    # the revenue conflict with the other note is linked; the capex one the gold expects is not
    assert (doc.conflicts.tp, doc.conflicts.fp, doc.conflicts.fn) == (1, 0, 1)
    assert doc.missed_conflicts == ["Alibaba Group | capex | FY2026Q1"]
    assert report.entities.precision == pytest.approx(0.75)
    assert report.without_gold == ["other"]
    data = report.to_json()
    assert data["overall"]["metrics"]["tp"] == 2
    assert data["documents"][0]["document"] == "hand"
    store.close()


def test_read_store_groups_repeated_statements_of_one_fact(tmp_path: Path) -> None:
    store = open_store(":memory:")
    store.write(hand_extraction(str(tmp_path / "hand.txt")))
    doc = read_store(store)["hand"]
    revenue = [m for m in doc.metrics if m.metric == "revenue"]
    assert len(revenue) == 1 and len(revenue[0].quotes) == 2
    assert revenue[0].subject.label == "Alibaba Cloud"
    [growth] = [m for m in doc.metrics if m.metric == "revenue growth yoy"]
    assert growth.period_labels == ("2025Q2", "FY2026Q1")
    assert growth.describe() == "Alibaba Cloud | revenue growth yoy | 26 percent | 2025Q2 = FY2026Q1"
    assert {e.label for e in doc.entities} == {"Alibaba Group", "Alibaba Cloud", "Harbourview Research", "China", "Related Co"}
    store.close()


def test_value_tolerance_is_the_rounding_of_the_gold_figure(tmp_path: Path) -> None:
    path = tmp_path / "g.gold.json"
    path.write_text(json.dumps({"metrics": [
        {"subject": "X", "metric": "revenue", "value": 33.398, "scale": "billion", "unit": "CNY"},
        {"subject": "X", "metric": "revenue", "value": 33.4, "scale": "billion", "unit": "CNY"},
        {"subject": "X", "metric": "revenue", "value": 212140, "scale": "million", "unit": "CNY"},
    ]}), "utf-8")
    a, b, c = read_gold(path).metrics
    assert a.value == Decimal(33398000000) and a.tolerance == Decimal(500000)
    assert b.tolerance == Decimal(50000000)
    assert c.value == Decimal(212140000000) and c.tolerance == Decimal(500000)
    # 33.98 and 33.398 billion are different facts at either precision
    assert abs(Decimal(33980000000) - a.value) > a.tolerance
    assert abs(Decimal(33398000000) - b.value) <= b.tolerance


def test_bad_gold_files_name_the_file_and_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "x.gold.json"
    bad.write_text('{"metrics": [{"subject": "X", "metric": "revenue", "unit": "CNY"}]}', "utf-8")
    with pytest.raises(LoaderError, match=r"x\.gold\.json.*metrics\[0\] lacks value"):
        read_gold(bad)
    bad.write_text("{not json", "utf-8")
    with pytest.raises(LoaderError, match="not JSON"):
        read_gold(bad)
    bad.write_text('{"metrics": [{"subject": "X", "metric": "m", "value": 1, "unit": "USD", "scale": "zillion"}]}', "utf-8")
    with pytest.raises(LoaderError, match="zillion"):
        read_gold(bad)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(LoaderError, match="no \\*.gold.json"):
        read_gold_files(empty)


def test_score_edge_cases() -> None:
    nothing = Score()
    assert nothing.precision is None and nothing.recall is None and nothing.f1 is None
    missed = Score(fn=3)
    assert missed.precision is None and missed.recall == 0 and missed.f1 == 0


def test_evaluate_loads_notes_and_counts_a_note_that_failed_as_all_missed(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "ok.txt").write_text("Alibaba Cloud and NVIDIA compete for AI budgets in China.\n", "utf-8")
    (notes / "broken.md").write_text("---\ntitle: [unclosed\n---\nAlibaba Cloud text.\n", "utf-8")
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "ok.gold.json").write_text(json.dumps({"entities": [
        {"name": "Alibaba Cloud", "type": "BusinessUnit", "surface": ["Alibaba Cloud"]},
        {"name": "NVIDIA", "type": "Company", "surface": ["NVIDIA"]},
    ]}), "utf-8")
    (gold / "broken.gold.json").write_text(json.dumps({"entities": [
        {"name": "Alibaba Cloud", "type": "BusinessUnit", "surface": ["Alibaba Cloud"]},
    ]}), "utf-8")
    (gold / "elsewhere.gold.json").write_text(json.dumps({"entities": [{"name": "Baidu"}]}), "utf-8")
    report = evaluate([notes], gold)
    by_stem = {d.stem: d for d in report.documents}
    assert set(by_stem) == {"ok", "broken"}, "a gold file without a note among NOTES is not scored"
    assert by_stem["ok"].loaded and by_stem["ok"].entities.tp == 2 and by_stem["ok"].entities.fn == 0
    assert not by_stem["broken"].loaded and by_stem["broken"].entities.fn == 1
    assert len(report.load_failures) == 1 and "broken.md" in report.load_failures[0]


def test_cli_table_json_and_verbose(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "n.txt").write_text("Alibaba Cloud grew fast. Related Co did not.\n", "utf-8")
    (notes / "other.txt").write_text("Baidu AI Cloud grew.\n", "utf-8")
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "n.gold.json").write_text(json.dumps({"entities": [
        {"name": "Alibaba Cloud", "type": "BusinessUnit", "surface": ["Alibaba Cloud"]},
        {"name": "Zeta Holdings", "type": "Company", "surface": []},
    ]}), "utf-8")
    runner = CliRunner()
    table = runner.invoke(cli, ["eval", str(notes), str(gold)], catch_exceptions=False)
    assert table.exit_code == 0, table.output
    assert "overall (micro)" in table.output and "1/2" in table.output
    assert "notes without a gold file (not scored): other" in table.output
    verbose = runner.invoke(cli, ["eval", str(notes), str(gold), "--verbose"], catch_exceptions=False)
    assert "missed entity: Zeta Holdings (Company)" in verbose.output
    out = runner.invoke(cli, ["eval", str(notes), str(gold), "--format", "json"], catch_exceptions=False)
    assert out.exit_code == 0
    data = json.loads(out.output)
    assert data["documents"][0]["entities"]["tp"] == 1
    assert data["documents"][0]["entities"]["recall"] == 0.5
    missing = runner.invoke(cli, ["eval", str(notes), str(tmp_path / "nope")])
    assert missing.exit_code == 2


def test_seed_gold_is_read_and_scored(tmp_path: Path) -> None:
    need(SEED_GOLD.exists(), f"the seed gold is not here ({SEED_GOLD}): ../shared is not beside this checkout")
    gold = read_gold(SEED_GOLD)
    assert gold.stem == SEED_TEXT.stem
    assert {e.name for e in gold.entities} >= {"Alibaba Group", "Alibaba Cloud", "Pingtou Ge", "Volcano Engine"}
    assert "WuXi Juno" in gold.not_entities
    revenue = [m for m in gold.metrics if m.metric == "revenue"]
    assert sorted(m.value for m in revenue) == [Decimal(33398000000), Decimal(33980000000)]
    assert all(m.quote in SEED_TEXT.read_text("utf-8") for m in gold.metrics)
    report = evaluate([SEED_TEXT], SEED_DIR)
    [doc] = report.documents
    assert doc.loaded and doc.stem == SEED_TEXT.stem
    assert doc.entities.tp + doc.entities.fn == len(gold.entities)
    assert doc.metrics.tp + doc.metrics.fn == len(gold.metrics)
    assert doc.entities.tp >= 1, "the gazetteer alone finds Alibaba Cloud"


def test_two_notes_with_one_stem_are_refused_by_name(tmp_path: Path, gold_dir: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "hand.txt").write_text("Alibaba Cloud grew.\n", "utf-8")
    with pytest.raises(LoaderError, match="same file stem"):
        evaluate([tmp_path / "a", tmp_path / "b"], gold_dir)
