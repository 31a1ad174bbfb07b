"""Views: which part of the projected graph a picture shows.

* :func:`whole` -- everything, or, above ``limit`` nodes, a summary of the most
  connected entities and how often they appear together;
* :func:`focus` -- an entity's neighbourhood to a depth, walking through
  claims and relations but never out through a document, a publisher or the
  broker who asserts everything (they are shown, not expanded);
* :func:`thesis` -- theses with the claims for and against them, the claims
  those conflict with, the entities concerned and the documents quoted;
* :func:`apply_filters` -- by entity type, claim type, metric, period,
  publisher and document date.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..graph.errors import QueryError
from .project import CLAIM_KINDS, ENTITY_KINDS

if TYPE_CHECKING:
    import networkx as nx

#: Edges a focus walk shows but does not walk on: they lead to hubs.
CONTEXT_RELS = frozenset({"source", "mentions", "publisher", "assertedBy", "reportedBy"})
#: Above this many nodes, the whole view becomes a summary unless told otherwise.
DEFAULT_LIMIT = 400
#: Entities a summary shows at most.
SUMMARY_ENTITIES = 120


def _canon(value: str, choices: Iterable[str], what: str, suffix: str = "") -> str:
    """``"business unit"``, ``"business-unit"``, ``"BusinessUnit"`` -> ``"BusinessUnit"``."""
    key = "".join(ch for ch in value.casefold() if ch.isalnum())
    for choice in choices:
        ck = choice.casefold()
        if key in (ck, ck.removesuffix(suffix.casefold())):
            return choice
    names = ", ".join(c.removesuffix(suffix) for c in choices)
    raise QueryError(f"unknown {what} {value!r}; choose one of {names}")


def entity_kind(value: str) -> str:
    return _canon(value, ENTITY_KINDS, "entity type")


def claim_kind(value: str) -> str:
    return _canon(value, CLAIM_KINDS, "claim type", suffix="Claim")


@dataclass(frozen=True, slots=True, kw_only=True)
class Filters:
    """What to keep. Empty sets keep everything; names are matched case-insensitively."""

    entity_types: frozenset[str] = frozenset()
    claim_types: frozenset[str] = frozenset()
    metrics: frozenset[str] = frozenset()
    periods: frozenset[str] = frozenset()
    publishers: frozenset[str] = frozenset()
    since: date | None = None
    until: date | None = None

    @classmethod
    def build(
        cls,
        *,
        entity_types: Iterable[str] = (),
        claim_types: Iterable[str] = (),
        metrics: Iterable[str] = (),
        periods: Iterable[str] = (),
        publishers: Iterable[str] = (),
        since: date | str | None = None,
        until: date | str | None = None,
    ) -> Filters:
        """Filters from user input, with types normalised and dates parsed."""
        return cls(
            entity_types=frozenset(entity_kind(t) for t in entity_types),
            claim_types=frozenset(claim_kind(t) for t in claim_types),
            metrics=frozenset(m.strip().casefold() for m in metrics),
            periods=frozenset(p.strip().casefold() for p in periods),
            publishers=frozenset(p.strip().casefold() for p in publishers),
            since=_date(since, "since"),
            until=_date(until, "until"),
        )

    @property
    def active(self) -> bool:
        return bool(self.entity_types or self.claim_types or self.metrics or self.periods
                    or self.publishers or self.since or self.until)

    @property
    def on_claims(self) -> bool:
        return bool(self.claim_types or self.metrics or self.periods)

    @property
    def on_documents(self) -> bool:
        return bool(self.publishers or self.since or self.until)


def _date(value: date | str | None, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"--{name} {value!r} is not a date (YYYY-MM-DD)") from None


def _is_claim(data: dict[str, object]) -> bool:
    return data.get("kind") in CLAIM_KINDS


def _is_entity(data: dict[str, object]) -> bool:
    return data.get("kind") in ENTITY_KINDS


def _document_ok(data: dict[str, object], f: Filters) -> bool:
    if f.publishers and str(data.get("publisher") or "").casefold() not in f.publishers:
        return False
    day = data.get("date")
    if f.since or f.until:
        if not isinstance(day, str):
            return False
        d = date.fromisoformat(day[:10])
        if (f.since and d < f.since) or (f.until and d > f.until):
            return False
    return True


def _claim_ok(data: dict[str, object], f: Filters) -> bool:
    if f.claim_types and data.get("kind") not in f.claim_types:
        return False
    if f.metrics and str(data.get("metric") or "").casefold() not in f.metrics:
        return False
    if f.periods and str(data.get("period") or "").casefold() not in f.periods:
        return False
    return True


def apply_filters(g: nx.MultiDiGraph, f: Filters) -> nx.MultiDiGraph:
    """The part of ``g`` that passes ``f`` (a copy; ``g`` is left as it is)."""
    if not f.active:
        return g
    nodes = dict(g.nodes(data=True))
    drop: set[str] = set()
    if f.on_documents:
        drop |= {n for n, d in nodes.items() if d.get("kind") == "Document" and not _document_ok(d, f)}
    if f.entity_types:
        drop |= {n for n, d in nodes.items() if _is_entity(d) and d["kind"] not in f.entity_types}
    for n, d in nodes.items():
        if d.get("kind") in CLAIM_KINDS or d.get("kind") == "Thesis":
            docs = d.get("documents") or []
            if f.on_documents and docs and all(x in drop for x in docs):
                drop.add(n)
            about = [v for _, v, r in g.out_edges(n, data="rel") if r == "about"]
            if about and all(a in drop for a in about):
                drop.add(n)
            if _is_claim(d) and not _claim_ok(d, f):
                drop.add(n)
    keep = set(nodes) - drop
    if f.on_claims:
        claims = {n for n in keep if _is_claim(nodes[n])}
        around = {m for c in claims for m in _neighbours(g, c)
                  if m in keep and not _is_claim(nodes[m])}
        keep = claims | around
    sub = g.subgraph(keep).copy()
    sub.remove_nodes_from([n for n in list(sub) if sub.degree(n) == 0])
    return sub


def _neighbours(g: nx.MultiDiGraph, n: str) -> set[str]:
    return set(g.successors(n)) | set(g.predecessors(n))


def _edges(g: nx.MultiDiGraph, n: str) -> Iterable[tuple[str, str]]:
    for _, v, rel in g.out_edges(n, data="rel"):
        yield v, rel
    for u, _, rel in g.in_edges(n, data="rel"):
        yield u, rel


def focus(g: nx.MultiDiGraph, roots: Iterable[str], depth: int = 2) -> nx.MultiDiGraph:
    """The neighbourhood of ``roots`` up to ``depth`` steps (see the module docstring)."""
    if depth < 0:
        raise QueryError(f"--depth must be 0 or more, got {depth}")
    seen: dict[str, int] = {}
    queue: deque[str] = deque()
    for r in roots:
        if r in g:
            seen[r] = 0
            queue.append(r)
    leaves: set[str] = set()
    while queue:
        n = queue.popleft()
        if seen[n] >= depth:
            continue
        for m, rel in _edges(g, n):
            if rel in CONTEXT_RELS or g.nodes[m].get("kind") == "Document":
                leaves.add(m)
            elif m not in seen:
                seen[m] = seen[n] + 1
                queue.append(m)
    keep = set(seen) | leaves
    for n in list(seen):  # the documents and asserters of every claim shown
        if g.nodes[n].get("kind") in CLAIM_KINDS or g.nodes[n].get("kind") == "Thesis":
            keep |= {m for m, rel in _edges(g, n) if rel in CONTEXT_RELS - {"mentions"}}
    return g.subgraph(keep).copy()


def thesis(g: nx.MultiDiGraph, match: str | None = None) -> nx.MultiDiGraph:
    """Theses (all, or those whose statement or subject contains ``match``) with their case."""
    theses = [n for n, d in g.nodes(data=True) if d.get("kind") == "Thesis"]
    if match:
        key = match.casefold()
        theses = [
            t for t in theses
            if key in str(g.nodes[t].get("statement", "")).casefold()
            or any(key in str(g.nodes[v].get("label", "")).casefold()
                   for v, rel in _edges(g, t) if rel == "about")
        ]
    if not theses:
        have = sum(1 for _, d in g.nodes(data=True) if d.get("kind") == "Thesis")
        raise QueryError(
            f"no thesis matches {match!r} ({have} in the store)" if match
            else "the store holds no thesis; load a note that states one"
        )
    keep = set(theses)
    claims: set[str] = set()
    for t in theses:
        for m, rel in _edges(g, t):
            keep.add(m)
            if rel in ("supportedBy", "challengedBy"):
                claims.add(m)
    for c in claims:
        for m, rel in _edges(g, c):
            if rel in ("about", "object", "source", "assertedBy", "reportedBy", "conflictsWith"):
                keep.add(m)
            if rel == "conflictsWith":  # where the conflicting figure comes from
                keep |= {x for x, r in _edges(g, m) if r in ("source", "about")}
    return g.subgraph(keep).copy()


def whole(g: nx.MultiDiGraph, limit: int | None = DEFAULT_LIMIT) -> nx.MultiDiGraph:
    """``g`` itself, or above ``limit`` nodes a summary: the most connected entities.

    The summary keeps at most ``SUMMARY_ENTITIES`` entities, their direct
    relations, and one ``coMentioned`` edge per pair of them that appear in
    the same documents (its ``count`` says in how many). It records
    ``summary_of`` (the full node count) in the graph attributes.
    """
    import networkx as nx

    if limit is None or g.number_of_nodes() <= limit:
        return g
    entities = sorted((n for n, d in g.nodes(data=True) if _is_entity(d)),
                      key=lambda n: (-g.degree(n), str(g.nodes[n].get("label"))))
    top = entities[: max(1, min(limit, SUMMARY_ENTITIES))]
    chosen = set(top)
    sub = nx.MultiDiGraph(g.subgraph(chosen))
    for n in sub:
        sub.nodes[n]["weight"] = g.degree(n)
    together: dict[tuple[str, str], int] = {}
    for doc, d in g.nodes(data=True):
        if d.get("kind") != "Document":
            continue
        touched: set[str] = {e for _, e, rel in g.out_edges(doc, data="rel") if rel == "mentions"}
        for c, _, rel in g.in_edges(doc, data="rel"):
            if rel == "source":
                touched |= {e for _, e, r in g.out_edges(c, data="rel") if r in ("about", "object")}
        inside = sorted(touched & chosen)
        for i, a in enumerate(inside):
            for b in inside[i + 1 :]:
                together[(a, b)] = together.get((a, b), 0) + 1
    strongest = sorted(together.items(), key=lambda kv: -kv[1])[: 3 * len(top)]
    for (a, b), count in strongest:
        sub.add_edge(a, b, rel="coMentioned", count=count)
    sub.graph["summary_of"] = g.number_of_nodes()
    return sub
