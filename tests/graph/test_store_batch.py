"""Batched bulk writes (Store.batch): the same store as one transaction per document, and a
batch interrupted after its documents were bulk-loaded is removed by the next writer."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from factories import revenue_note
from thesisgraph.graph.mapping import encode_document
from thesisgraph.graph.model import Extraction
from thesisgraph.graph.namespace import PENDING_GRAPH
from thesisgraph.graph.store import Store, WriteOutcome, _Batch, open_store


def _quads(store: Store) -> set[str]:
    return {str(q) for q in store.backend._store}  # type: ignore[attr-defined]


def _write(store: Store, ex: Extraction) -> WriteOutcome:
    return store.write(ex, pipeline="p", document_nquads=encode_document(ex, "p")).outcome


@pytest.mark.parametrize("stored_first", [True, False], ids=["into-a-store", "into-an-empty-store"])
def test_a_batched_load_stores_exactly_what_single_writes_store(tmp_path: Path, stored_first: bool) -> None:
    # into an empty store the batch asks the store nothing until a replace (see _Batch.fresh)
    first = [revenue_note("/n/a.md", "33.4")] if stored_first else []
    later = [
        revenue_note("/n/b.md", "33.98"),  # conflicts with a (stored) and with d (same batch)
        revenue_note("/n/c.md", "33.398"),  # agrees with a
        revenue_note("/n/a.md", "35.0", extra=" Restated."),  # a replaced in the middle of a batch
        revenue_note("/n/d.md", "33.4"),
        revenue_note("/n/d.md", "36.2", extra=" Twice."),  # the same document twice in one batch
        revenue_note("/n/e.md", "36.2"),
    ]
    single, batched = open_store(tmp_path / "single"), open_store(tmp_path / "batched")
    for ex in first:
        _write(single, ex)
        _write(batched, ex)
    single_conflicts = sum(single.write(ex, pipeline="p").conflicts for ex in later)
    with batched.batch(max_bytes=2_000):  # a few documents per batch
        outcomes = [batched.write(ex, pipeline="p", document_nquads=encode_document(ex, "p")) for ex in later]
        assert any(o.outcome is WriteOutcome.REPLACED for o in outcomes)
    assert _quads(batched) == _quads(single)
    assert sum(o.conflicts for o in outcomes) == single_conflicts > 0
    assert batched.stats()["documents"] == 5
    single.close()
    batched.close()


def test_a_first_load_asks_the_store_nothing_per_document_until_a_replace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(tmp_path / "s")
    asked: list[str] = []
    monkeypatch.setattr(store, "document_state", lambda doc: asked.append(doc) or Store.document_state(store, doc))
    notes = [revenue_note(f"/n/{i}.md", f"33.{i}") for i in range(6)]
    with store.batch(max_bytes=2_000):
        results = [store.write(ex, pipeline="p", document_nquads=encode_document(ex, "p")) for ex in notes]
        assert asked == []  # new documents into an empty store: nothing to look up
        assert sum(r.conflicts for r in results) > 0  # found among the documents of this load
        again = revenue_note("/n/0.md", "40.0", extra=" Restated.")
        assert _write(store, again) is WriteOutcome.REPLACED  # written earlier in this load: asked
        assert asked == [again.doc_iri]
        _write(store, revenue_note("/n/9.md", "33.4"))  # after a replace the store is asked again
        assert asked[-1] == revenue_note("/n/9.md", "33.4").doc_iri
    assert store.stats()["documents"] == 7
    store.close()


def test_documents_of_a_batch_become_visible_when_it_is_written(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s")
    with store.batch(max_bytes=1 << 30):
        _write(store, revenue_note("/n/a.md", "33.4"))
        assert store.stats()["documents"] == 0  # gathered, not written yet
        assert store.write(revenue_note("/n/b.md", "33.98"), pipeline="p",
                           document_nquads=encode_document(revenue_note("/n/b.md", "33.98"), "p")).conflicts == 1
    assert store.stats()["documents"] == 2 and store.stats()["conflicts"] == 1
    assert not store.query(f"ASK {{ GRAPH <{PENDING_GRAPH}> {{ ?s ?p ?o }} }}").boolean
    store.close()


def _claim_named(ex: Extraction, iri: str) -> Extraction:
    """``ex`` with its one claim under an IRI of another shape (an extraction built by hand)."""
    from dataclasses import replace

    (claim,) = ex.claims
    return replace(ex, claims=(replace(claim, iri=iri),),
                   theses=tuple(replace(t, supported_by=(iri,)) for t in ex.theses))


def test_an_interrupted_batch_is_removed_by_the_next_writer(tmp_path: Path) -> None:
    """The state a process killed during a bulk load leaves (its batch named as pending, its
    quads and conflict links written) is undone when the store is next opened for writing."""
    path = tmp_path / "s"
    b = revenue_note("/n/b.md", "33.98")
    # a stored document whose name begins with the last segment of b's IRI: its claims' IRIs
    # begin as b's do, and its links stay (the pending claims are told by their whole IRI)
    b_like = revenue_note(f"/n/{b.doc_iri.rsplit('/', 1)[-1]}-2.md", "36.5")
    assert b_like.claims[0].iri.startswith(b.doc_iri.replace("/doc/", "/claim/"))
    with open_store(path) as store:
        _write(store, revenue_note("/n/a.md", "33.4"))
        _write(store, b_like)  # conflicts with a: a link the recovery keeps
        before = _quads(store)
        assert store.stats()["conflicts"] == 1
        store._batch = batch = _Batch(1 << 30)
        for ex in (b, _claim_named(revenue_note("/n/c.md", "40.1"), "https://example.org/claims/c1")):
            _write(store, ex)  # gathered, with links to a's and b_like's claims
        assert batch.claims == [(batch.docs[1], "https://example.org/claims/c1")]  # b's are told by IRI
        store._mark_pending(batch)
        store._bulk_load(batch)  # ... and the process dies here
        assert store.stats()["documents"] == 4 and store.stats()["conflicts"] == 6
    with open_store(path, read_only=True) as reader:  # a reader changes nothing
        assert reader.stats()["documents"] == 4
    with open_store(path) as store:
        assert _quads(store) == before
        assert store.stats()["conflicts"] == 1
        assert _write(store, b) is WriteOutcome.ADDED  # loads again
        assert store.stats()["conflicts"] == 3


@pytest.mark.parametrize("stored_first", [True, False], ids=["into-a-store", "into-an-empty-store"])
def test_an_entity_read_as_two_kinds_in_one_batch_keeps_the_first(tmp_path: Path, stored_first: bool) -> None:
    from dataclasses import replace

    from factories import CLOUD
    from thesisgraph.graph.model import EntityKind

    store = open_store(tmp_path / "s")
    first = revenue_note("/n/a.md", "33.398")
    second = revenue_note("/n/b.md", "33.4")
    as_company = replace(CLOUD, kind=EntityKind.COMPANY)
    second = replace(second, entities=tuple(as_company if e.iri == CLOUD.iri else e for e in second.entities))
    if stored_first:  # by another Store: this one has noted nothing
        _write(store, first)
        store.close()
        store = open_store(tmp_path / "s")
    with store.batch(max_bytes=1 << 30):
        if not stored_first:
            _write(store, first)
        _write(store, second)
    kinds = store.query(
        "SELECT ?k WHERE { ?e a ?k FILTER(?k != tg:Entity) }", {"e": ox.NamedNode(CLOUD.iri)}
    ).column("k")
    assert kinds == ["https://w3id.org/thesisgraph/ns#BusinessUnit"]
    store.close()
