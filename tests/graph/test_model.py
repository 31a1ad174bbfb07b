from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thesisgraph.graph.errors import ModelError
from thesisgraph.graph.iri import entity_iri
from thesisgraph.graph.model import Claim, ClaimKind, Entity, EntityKind, Evidence, Extraction, Note


def test_evidence_from_text_quotes_exactly_with_context() -> None:
    text = "Cloud revenue was RMB 33.4 billion in the quarter."
    ev = Evidence.from_text(text, 18, 34)
    assert ev.exact == "RMB 33.4 billion"
    assert ev.prefix == "Cloud revenue was "
    assert ev.suffix == " in the quarter."


def test_evidence_rejects_a_quote_that_does_not_fit_its_offsets() -> None:
    with pytest.raises(ModelError, match="offsets span"):
        Evidence(start=0, end=5, exact="abc")
    with pytest.raises(ModelError, match="not a span"):
        Evidence(start=5, end=5, exact="")


def test_evidence_check_names_the_mismatch() -> None:
    ev = Evidence(start=0, end=3, exact="abc")
    with pytest.raises(ModelError, match="quotes 'abc'"):
        ev.check("xyz and more")


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=300), st.data())
def test_evidence_from_any_span_matches_its_text(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    ev = Evidence.from_text(text, start, end)
    assert text[ev.start : ev.end] == ev.exact
    assert text[max(0, start - 32) : start] == ev.prefix
    ev.check(text)


def _claim(**kw: object) -> Claim:
    base: dict[str, object] = dict(
        iri="https://w3id.org/thesisgraph/id/claim/x",
        kind=ClaimKind.METRIC,
        about=entity_iri("Alibaba Cloud"),
        statement="Alibaba Cloud revenue",
        evidence=(Evidence(start=0, end=3, exact="abc"),),
        metric="revenue",
        value=Decimal("1"),
        unit="CNY",
    )
    base.update(kw)
    return Claim(**base)  # type: ignore[arg-type]


def test_claim_invariants() -> None:
    assert _claim().unit == "CNY"
    with pytest.raises(ModelError, match="no evidence"):
        _claim(evidence=())
    with pytest.raises(ModelError, match="needs a metric"):
        _claim(value=None)
    with pytest.raises(ModelError, match="not finite"):
        _claim(value=Decimal("NaN"))
    with pytest.raises(ModelError, match="relation"):
        _claim(kind=ClaimKind.RELATION, relation="likes", obj=entity_iri("NVIDIA"))
    with pytest.raises(ModelError, match="bound"):
        _claim(bound="middle")
    with pytest.raises(ModelError, match="YYYY-MM"):
        _claim(date="29/08/2025")


def test_extraction_check_catches_unknown_entities_and_bad_quotes() -> None:
    note = Note(path="/n.txt", text="abc def", sha256="0" * 64, format="text")
    ent = Entity(iri=entity_iri("Alibaba Cloud"), name="Alibaba Cloud", kind=EntityKind.BUSINESS_UNIT)
    good = Extraction(note=note, doc_iri="https://w3id.org/thesisgraph/id/doc/n", entities=(ent,), claims=(_claim(),))
    good.check()
    with pytest.raises(ModelError, match="unknown entity"):
        Extraction(note=note, doc_iri="d", entities=(), claims=(_claim(),)).check()
    bad = _claim(evidence=(Evidence(start=4, end=7, exact="xyz"),))
    with pytest.raises(ModelError, match="quotes 'xyz'"):
        Extraction(note=note, doc_iri="d", entities=(ent,), claims=(bad,)).check()


def test_entity_fiscal_year_end_format() -> None:
    Entity(iri="x", name="A", kind=EntityKind.COMPANY, fiscal_year_end="--03-31")
    with pytest.raises(ModelError, match="--MM-DD"):
        Entity(iri="x", name="A", kind=EntityKind.COMPANY, fiscal_year_end="03-31")
