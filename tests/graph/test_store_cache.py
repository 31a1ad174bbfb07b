"""A Store finds the claims a new document is compared with by their stored conflict keys and
remembers the shared facts it wrote (so that a long load does not write them again); whatever
sequence of writes, replaces and removes, the conflict links and shared facts must equal those
of a store built from scratch with the final documents."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from factories import revenue_note
from thesisgraph.graph.namespace import COMMON_GRAPH, CONFLICTS_GRAPH
from thesisgraph.graph.store import Store, open_store


def _graph(store: Store, name: str) -> set[str]:
    backend = store.backend
    return {str(q.triple) for q in backend._store.quads_for_pattern(None, None, None, ox.NamedNode(name))}  # type: ignore[attr-defined]


def test_conflicts_after_writes_replaces_and_removes_equal_a_fresh_build(tmp_path: Path) -> None:
    store = open_store(tmp_path / "a")
    store.write(revenue_note("/n/a.md", "33.4"))
    assert store.write(revenue_note("/n/b.md", "33.98")).conflicts == 1
    store.write(revenue_note("/n/b.md", "33.4", extra=" Restated."))  # replaced: now agrees
    assert store.stats()["conflicts"] == 0
    assert store.write(revenue_note("/n/c.md", "35.0")).conflicts == 2  # against a and the new b
    store.remove(str(Path("/n/a.md")))
    assert store.write(revenue_note("/n/d.md", "35.02")).conflicts == 1  # against b only (a is gone)
    final = [revenue_note("/n/b.md", "33.4", extra=" Restated."), revenue_note("/n/c.md", "35.0"),
             revenue_note("/n/d.md", "35.02")]
    fresh = open_store(tmp_path / "fresh")
    for ex in final:
        fresh.write(ex)
    assert _graph(store, CONFLICTS_GRAPH) == _graph(fresh, CONFLICTS_GRAPH)
    assert len(_graph(store, CONFLICTS_GRAPH)) == 4
    assert _graph(store, COMMON_GRAPH) == _graph(fresh, COMMON_GRAPH)
    store.close()
    fresh.close()


def test_a_new_store_object_sees_what_an_earlier_one_wrote(tmp_path: Path) -> None:
    with open_store(tmp_path / "s") as first:
        first.write(revenue_note("/n/a.md", "33.4"))
    with open_store(tmp_path / "s") as second:
        assert second.write(revenue_note("/n/b.md", "36.1")).conflicts == 1
        assert second.write(revenue_note("/n/c.md", "36.1")).conflicts == 1  # a only: b agrees
        assert second.stats()["conflicts"] == 2
