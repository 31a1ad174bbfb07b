"""Interactive pictures of the graph: one self-contained HTML file, offline.

::

    from thesisgraph import viz
    page = viz.render_html(store)                                  # the whole graph
    page = viz.render_html(store, view="focus", focus="Alibaba Cloud", depth=2)
    page = viz.render_html(store, view="thesis", metrics=["revenue"])
    viz.write_html(store, "alibaba.html", view="focus", focus="Alibaba")
    viz.show(store, view="thesis")                                 # inline in a notebook

The store is read through SPARQL (:mod:`.project`), a view picks the part to
draw (:mod:`.views`), and :mod:`.render` writes the page with vis-network
inlined: no network, no folder written beside the file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..graph.errors import QueryError
from .notebook import GraphView
from .views import DEFAULT_LIMIT

if TYPE_CHECKING:
    import networkx as nx

    from ..graph.store import Store

__all__ = ["VIEWS", "GraphView", "render_html", "select", "show", "write_html"]

VIEWS = ("graph", "focus", "thesis")


def select(
    store: Store,
    view: str = "graph",
    *,
    focus: str | None = None,
    depth: int = 2,
    thesis: str | None = None,
    entity_types: Iterable[str] = (),
    claim_types: Iterable[str] = (),
    metrics: Iterable[str] = (),
    periods: Iterable[str] = (),
    publishers: Iterable[str] = (),
    since: date | str | None = None,
    until: date | str | None = None,
    limit: int | None = DEFAULT_LIMIT,
) -> nx.MultiDiGraph:
    """The networkx graph a view draws (see :func:`render_html` for the arguments)."""
    from . import views
    from .project import entity_names, find_entities, project_store

    if view not in VIEWS:
        raise QueryError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    filters = views.Filters.build(
        entity_types=entity_types, claim_types=claim_types, metrics=metrics, periods=periods,
        publishers=publishers, since=since, until=until,
    )
    roots: list[str] = []
    if view == "focus":
        if not focus or not focus.strip():
            raise QueryError("the focus view needs an entity name (--focus ENTITY)")
        roots = find_entities(store, focus)
        if not roots:
            import difflib

            near = difflib.get_close_matches(focus, entity_names(store), n=5, cutoff=0.5)
            hint = f"; did you mean: {', '.join(near)}?" if near else ""
            raise QueryError(f"no entity named {focus!r} in {store.location}{hint}")
    g = project_store(store)
    if view == "focus":
        g = views.focus(g, roots, depth)
    elif view == "thesis":
        g = views.thesis(g, thesis)
    g = views.apply_filters(g, filters)
    if view == "graph":
        g = views.whole(g, limit)
    return g


def _title(view: str, focus: str | None, depth: int, thesis: str | None) -> str:
    if view == "focus":
        return f"{focus} (depth {depth})"
    if view == "thesis":
        return f"Theses about {thesis}" if thesis else "Theses and their evidence"
    return "thesisgraph"


def render_html(
    store: Store,
    view: str = "graph",
    *,
    focus: str | None = None,
    depth: int = 2,
    thesis: str | None = None,
    entity_types: Iterable[str] = (),
    claim_types: Iterable[str] = (),
    metrics: Iterable[str] = (),
    periods: Iterable[str] = (),
    publishers: Iterable[str] = (),
    since: date | str | None = None,
    until: date | str | None = None,
    limit: int | None = DEFAULT_LIMIT,
    title: str | None = None,
) -> str:
    """One self-contained HTML page drawing a view of the store.

    ``view`` is "graph" (everything; above ``limit`` nodes a summary of the
    most connected entities; ``limit=None`` draws every node), "focus" (the
    neighbourhood of the entity named ``focus``, by name or alias, to
    ``depth`` steps) or "thesis" (theses, all or those matching ``thesis``,
    with their claims, risks and evidence). The filters keep entity types,
    claim types ("metric", "risk", ...), metrics, periods, publishers and
    documents dated from ``since`` to ``until``.
    """
    from .render import render_graph

    g = select(
        store, view, focus=focus, depth=depth, thesis=thesis, entity_types=entity_types,
        claim_types=claim_types, metrics=metrics, periods=periods, publishers=publishers,
        since=since, until=until, limit=limit,
    )
    return render_graph(g, title=title or _title(view, focus, depth, thesis))


def write_html(store: Store, path: str | os.PathLike[str], view: str = "graph", **options: object) -> Path:
    """Render a view (same options as :func:`render_html`) into ``path``; returns the path."""
    out = Path(path)
    out.write_text(render_html(store, view, **options), encoding="utf-8")  # type: ignore[arg-type]
    return out


def show(store: Store, view: str = "graph", *, height: int = 640, **options: object) -> GraphView:
    """A view to display inline in a notebook (its ``_repr_html_`` is an iframe)."""
    return GraphView(render_html(store, view, **options), height=height)  # type: ignore[arg-type]
