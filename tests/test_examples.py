"""The bundled example notes: they load, validate, and their gold annotations quote them exactly."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, ROOT, need
from thesisgraph.graph.store import Store
from thesisgraph.loaders.pipeline import LoadReport
from thesisgraph.loaders.readers import read_note

from thesisgraph import load, open_store
from thesisgraph.cli import cli
from thesisgraph.evaluate import read_gold_files

GOLD = ROOT / "examples" / "gold"
NOTES = sorted(p for p in EXAMPLES.iterdir() if not p.name.startswith("."))


def _gold(note: Path) -> dict[str, object]:
    return json.loads((GOLD / f"{note.stem}.gold.json").read_text("utf-8"))  # type: ignore[no-any-return]


def test_there_are_ten_notes_in_every_format_each_with_a_gold_file() -> None:
    assert len(NOTES) >= 10
    assert {p.suffix for p in NOTES} >= {".txt", ".md", ".html", ".pdf"}
    stems = [p.stem for p in NOTES]
    assert len(set(stems)) == len(stems), "two notes share a stem, so gold files could not tell them apart"
    assert sorted(read_gold_files(GOLD)) == sorted(stems)


@pytest.mark.parametrize("note", NOTES, ids=[p.name for p in NOTES])
def test_every_gold_quote_and_surface_form_occurs_in_the_note(note: Path) -> None:
    text = read_note(note).text
    gold = _gold(note)
    quotes = [m["quote"] for m in gold["metrics"]]  # type: ignore[index, union-attr]
    quotes += [x["quote"] for k in ("events", "relations") for x in gold.get(k, []) if "quote" in x]  # type: ignore[union-attr, attr-defined]
    quotes += list(gold.get("risks", []))  # type: ignore[call-overload]
    assert quotes
    for quote in quotes:
        assert quote in text, f"{note.name}: gold quote {quote!r} is not in the note's text"
    for entity in gold["entities"]:  # type: ignore[attr-defined]
        for surface in entity["surface"]:
            assert surface in text, f"{note.name}: surface form {surface!r} is not in the note's text"
    page = note.read_bytes().decode("utf-8", "replace")  # the HTML reader keeps page chrome out of its text
    for name in gold.get("not_entities_of_this_note", []):  # type: ignore[attr-defined]
        assert name in text or name in page, f"{note.name}: {name!r} is listed as not the note's but is not on the page"


def test_gold_metrics_use_contract_units_and_known_scales() -> None:
    for stem, gold in read_gold_files(GOLD).items():
        for m in gold.metrics:
            assert m.unit in {"CNY", "USD", "HKD", "percent"}, (stem, m.describe())
            assert m.metric == m.metric.lower(), (stem, m.metric)
            if m.period_start is not None:
                assert m.period_end is not None and m.period_start <= m.period_end, (stem, m.describe())


def test_the_examples_load_whole_and_validate(tmp_path: Path) -> None:
    store_dir = str(tmp_path / "store")
    runner = CliRunner()
    loaded = runner.invoke(cli, ["load", str(EXAMPLES), "--store", store_dir], catch_exceptions=False)
    assert loaded.exit_code == 0, loaded.output
    checked = runner.invoke(cli, ["validate", "--store", store_dir], catch_exceptions=False)
    assert checked.exit_code == 0, checked.output
    with open_store(store_dir, read_only=True) as store:
        docs = store.documents()
        assert len(docs) == len(NOTES)
        formats = store.query(
            "PREFIX tg: <https://w3id.org/thesisgraph/ns#> SELECT DISTINCT ?f WHERE { ?d tg:format ?f }"
        ).column("f")
        assert {"text", "markdown", "html", "pdf"} <= set(formats)


@pytest.fixture(scope="module")
def loaded() -> Iterator[tuple[Store, LoadReport]]:
    """The examples loaded once into an in-memory store."""
    store = open_store(":memory:")
    report = load(store, [EXAMPLES])
    yield store, report
    store.close()


def test_a_fresh_in_memory_load_reports_every_note_added(loaded: tuple[Store, LoadReport]) -> None:
    store, report = loaded
    assert not report.failed, [str(f) for f in report.failed]
    assert len(report.added) == len(NOTES)
    assert store.stats()["claims"] > 0


def test_the_committed_pdf_is_what_make_pdf_builds(tmp_path: Path) -> None:
    import importlib.util

    need(importlib.util.find_spec("fpdf") is not None, "fpdf2 (in the test extra) builds the example PDF")

    spec = importlib.util.spec_from_file_location("make_pdf", ROOT / "examples" / "make_pdf.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rebuilt = tmp_path / "nvidia-q2-fy26-review.pdf"
    module.build(rebuilt)
    committed = read_note(EXAMPLES / "nvidia-q2-fy26-review.pdf")
    assert read_note(rebuilt).text == committed.text
    assert committed.title == module.TITLE


def test_the_examples_show_the_cross_document_conflict_the_readme_promises(
    loaded: tuple[Store, LoadReport],
) -> None:
    """The quick take states Alibaba Cloud's FY2026Q1 revenue as 33.9 billion; two other notes
    state 33.398 billion. Both figures stay, linked by tg:conflictsWith across documents."""
    store, _ = loaded
    rows = store.query(
        """PREFIX tg: <https://w3id.org/thesisgraph/ns#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?a_value ?b_value ?a_source ?b_source WHERE {
          ?a tg:conflictsWith ?b ; tg:about/rdfs:label "Alibaba Cloud" ; tg:period "FY2026Q1" ;
             tg:metric/rdfs:label "revenue" ; tg:value ?a_value ; prov:wasDerivedFrom/dcterms:source ?a_source .
          ?b tg:value ?b_value ; prov:wasDerivedFrom/dcterms:source ?b_source .
        }"""
    ).rows()
    pairs = {(Path(r["a_source"]).stem, str(r["a_value"]), Path(r["b_source"]).stem, str(r["b_value"])) for r in rows}
    for other in ("alibaba-cloud-fy26q1-broker", "pingtou-ge-ai-chip"):
        assert ("alibaba-cloud-quick-take", "33900000000", other, "33398000000") in pairs, pairs
