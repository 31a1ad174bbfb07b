"""A company's known business units answer for its segment figures, and stay out of the
graph when nothing is said about them."""

from __future__ import annotations

from thesisgraph.graph.iri import entity_iri
from thesisgraph.graph.model import Note, sha256_hex
from thesisgraph.loaders.extract import extract_note
from thesisgraph.loaders.gazetteer import load_gazetteer


def _extract(text: str):  # type: ignore[no-untyped-def]
    note = Note(path="/notes/units.txt", text=text, sha256=sha256_hex(text), format="text")
    return extract_note(note, load_gazetteer())


def test_the_cloud_revenue_of_a_named_company_is_about_its_cloud_unit() -> None:
    x = _extract("Alibaba said on Friday that its cloud revenue rose 26% to RMB 33.4 billion in the June quarter.\n")
    revenue = [c for c in x.claims if c.metric == "revenue"]
    assert [c.about for c in revenue] == [entity_iri("Alibaba Cloud")]
    names = {e.name for e in x.entities}
    assert "Alibaba Cloud" in names
    assert "Cainiao" not in names  # a unit nothing is said about is not added
    x.check()


def test_units_stay_out_when_the_figure_is_the_company_s_own() -> None:
    x = _extract("Alibaba reported revenue of RMB 247.7 billion for the June quarter, up 2% year over year.\n")
    assert {c.about for c in x.claims if c.metric == "revenue"} == {entity_iri("Alibaba Group")}
    assert {e.name for e in x.entities} == {"Alibaba Group"}
