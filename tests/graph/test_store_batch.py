"""Batched bulk writes (Store.batch): the same store as one transaction per document, and a
batch interrupted after its documents were bulk-loaded is removed by the next writer."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from factories import revenue_note
from thesisgraph.graph.mapping import encode_document
from thesisgraph.graph.model import Extraction
from thesisgraph.graph.namespace import PENDING_GRAPH
from thesisgraph.graph.store import Store, WriteOutcome, _Batch, open_store


def _quads(store: Store) -> set[str]:
    return {str(q) for q in store.backend._store}  # type: ignore[attr-defined]


def _write(store: Store, ex: Extraction) -> WriteOutcome:
    return store.write(ex, pipeline="p", document_nquads=encode_document(ex, "p")).outcome


def test_a_batched_load_stores_exactly_what_single_writes_store(tmp_path: Path) -> None:
    first = [revenue_note("/n/a.md", "33.4")]
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


def test_an_interrupted_batch_is_removed_by_the_next_writer(tmp_path: Path) -> None:
    """The state a process killed during a bulk load leaves (its batch named as pending, its
    quads and conflict links written) is undone when the store is next opened for writing."""
    path = tmp_path / "s"
    with open_store(path) as store:
        _write(store, revenue_note("/n/a.md", "33.4"))
        before = _quads(store)
        store._batch = batch = _Batch(1 << 30)
        for ex in (revenue_note("/n/b.md", "33.98"), revenue_note("/n/c.md", "40.1")):
            _write(store, ex)  # gathered, with links to a's claim
        store._mark_pending(batch)
        store._bulk_load(batch)  # ... and the process dies here
        assert store.stats()["documents"] == 3 and store.stats()["conflicts"] == 3
    with open_store(path, read_only=True) as reader:  # a reader changes nothing
        assert reader.stats()["documents"] == 3
    with open_store(path) as store:
        assert _quads(store) == before
        assert store.stats()["conflicts"] == 0
        assert _write(store, revenue_note("/n/b.md", "33.98")) is WriteOutcome.ADDED  # loads again
        assert store.stats()["conflicts"] == 1
