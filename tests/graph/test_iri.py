from __future__ import annotations

import re

import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib.term import _is_valid_uri
from thesisgraph.graph.iri import (
    child_iri,
    document_iri,
    entity_iri,
    metric_iri,
    parent_pattern,
    slug,
)


def test_readable_iris_for_plain_names() -> None:
    assert entity_iri("Alibaba Cloud").endswith("/entity/alibaba-cloud")
    assert metric_iri("revenue growth yoy").endswith("/metric/revenue-growth-yoy")
    assert slug("Pingtou Ge (T-Head)") == "pingtou-ge-t-head"


def test_same_name_same_iri_and_case_or_space_variants_collapse() -> None:
    assert entity_iri("Alibaba  Cloud") == entity_iri("alibaba cloud") == entity_iri("Alibaba Cloud")


def test_names_without_latin_letters_still_get_distinct_valid_iris() -> None:
    a, b = entity_iri("阿里云"), entity_iri("火山引擎")
    assert a != b
    ox.NamedNode(a)
    ox.NamedNode(b)


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=2000))
def test_any_name_gives_a_valid_bounded_iri(name: str) -> None:
    for iri in (entity_iri(name), metric_iri(name), document_iri(name), child_iri(document_iri(name), "claim", name)):
        ox.NamedNode(iri)  # raises on an invalid IRI
        assert _is_valid_uri(iri)
        assert len(iri) < 200
        assert not any(c in iri for c in ' <>"{}|\\^`')


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=300), st.text(max_size=30))
def test_a_child_iri_names_its_document(source: str, part: str) -> None:
    """What an interrupted batch's recovery relies on: a claim's IRI gives back its document's,
    also for a document whose name begins with another document's IRI segment."""
    doc = document_iri(source)
    for d in (doc, document_iri(f"{doc.rsplit('/', 1)[-1]}-{part}")):
        m = re.match(parent_pattern("claim"), child_iri(d, "claim", part))
        assert m is not None and m.group(1) == d.rsplit("/", 1)[-1]
    assert re.match(parent_pattern("claim"), child_iri(doc, "evidence", part)) is None
