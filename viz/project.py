"""From the store to a networkx graph: the nodes and edges the pictures are drawn from.

:func:`project_store` is the projection of :mod:`thesisgraph.graph.analysis`
(the one the analyses measure) with each claim's and thesis's evidence spans
set in their sentences for the evidence panel. Its ``networkx.MultiDiGraph``
has nodes keyed by IRI:

* entities (``kind`` "Company", "BusinessUnit", "Product", "Person",
  "Organization", "Place"), with ``label``, ``aliases`` and ``tickers``;
* claims (``kind`` "MetricClaim", "EventClaim", "RelationClaim",
  "OutlookClaim", "RiskClaim"), with ``statement``, ``metric``, ``value``,
  ``unit``, ``period``, ``date``, ``documents`` and ``evidence`` (each span
  with its quote, the sentence around it, and its document);
* theses (``kind`` "Thesis") and documents (``kind`` "Document", with
  ``title``, ``publisher``, ``date``, ``source``).

Every edge carries ``rel``: ``about``, ``object``, ``source`` (claim or thesis
to its document), ``assertedBy``, ``reportedBy``, ``supportedBy``,
``challengedBy``, ``publisher``, ``mentions``, ``conflictsWith`` and the
entity-to-entity relations of the contract (``partOf``, ``competesWith``, ...).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..graph.analysis import (
    CLAIM_KINDS,
    ENTITY_KINDS,
    ENTITY_RELATIONS,
    plain,
    project,
)
from ..graph.analysis import rows as _rows
from ..graph.mapping import name_key
from ..graph.namespace import sparql_prologue
from ..graph.results import to_python

if TYPE_CHECKING:
    import networkx as nx

    from ..graph.store import Store

__all__ = [
    "CLAIM_KINDS", "ENTITY_KINDS", "ENTITY_RELATIONS", "Span", "entity_names", "find_entities",
    "plain", "project_store", "sentence_around",
]

#: Characters of document text kept on each side of a quote when its sentence is long.
SENTENCE_WINDOW = 240

_P = sparql_prologue()

Q_EVIDENCE = _P + """SELECT DISTINCT ?x ?ev ?doc ?exact ?prefix ?suffix ?start ?end WHERE {
  ?x tg:evidence ?ev . ?ev oa:exact ?exact .
  OPTIONAL { ?ev oa:hasSource ?doc } OPTIONAL { ?ev oa:prefix ?prefix }
  OPTIONAL { ?ev oa:suffix ?suffix } OPTIONAL { ?ev oa:start ?start } OPTIONAL { ?ev oa:end ?end }
}"""


@dataclass(frozen=True, slots=True)
class Span:
    """One evidence span, with the sentence it sits in."""

    exact: str
    before: str  # text of the sentence before the quote
    after: str  # text of the sentence after the quote
    document: str | None
    start: int | None

    def as_dict(self) -> dict[str, Any]:
        return {"exact": self.exact, "before": self.before, "after": self.after,
                "document": self.document}


def sentence_around(text: str, start: int, end: int, window: int = SENTENCE_WINDOW) -> tuple[str, str]:
    """The parts of the sentence holding ``text[start:end]`` before and after it.

    A sentence ends at ". ", "! ", "? ", a line break or their CJK forms; the
    context is cut at ``window`` characters on each side, where "…" marks the cut.
    """
    lo = max(0, start - window)
    cut = lo
    for i in range(start - 1, lo - 1, -1):
        ch = text[i]
        if ch in "\n。！？" or (ch in ".!?" and i + 1 < len(text) and text[i + 1] in " \n"):
            cut = i + 1
            break
    hi = min(len(text), end + window)
    stop = hi
    for i in range(end, hi):
        ch = text[i]
        if ch == "\n":
            stop = i
            break
        if ch in "。！？" or (ch in ".!?" and (i + 1 >= len(text) or text[i + 1] in " \n")):
            stop = i + 1
            break
    before, after = text[cut:start].lstrip(), text[end:stop].rstrip()
    if cut == lo and lo > 0:
        before = "…" + before
    if stop == hi and hi < len(text):
        after += "…"
    return before, after


def _document_texts(store: Store, docs: Iterable[str]) -> dict[str, str]:
    """``tg:text`` of the given documents (IRIs serialised by pyoxigraph, never pasted text)."""
    wanted = sorted(set(docs))
    out: dict[str, str] = {}
    for i in range(0, len(wanted), 200):
        values = " ".join(str(ox.NamedNode(d)) for d in wanted[i : i + 200])
        q = _P + f"SELECT ?doc ?text WHERE {{ VALUES ?doc {{ {values} }} ?doc tg:text ?text }}"
        for doc, text in _rows(store, q):
            out[doc] = text
    return out


def _evidence(store: Store, *, with_text: bool) -> dict[str, list[Span]]:
    rows = _rows(store, Q_EVIDENCE)
    texts = _document_texts(store, {r[2] for r in rows if r[2]}) if with_text else {}
    by_owner: dict[str, list[Span]] = {}
    for owner, _ev, doc, exact, prefix, suffix, start, end in rows:
        text = texts.get(doc) if doc else None
        if text is not None and isinstance(start, int) and isinstance(end, int) \
                and text[start:end] == exact:
            before, after = sentence_around(text, start, end)
        else:
            before, after = prefix or "", suffix or ""
        by_owner.setdefault(owner, []).append(
            Span(exact, before, after, doc, start if isinstance(start, int) else None)
        )
    for spans in by_owner.values():
        spans.sort(key=lambda s: (s.document or "", s.start if s.start is not None else -1))
    return by_owner


def project_store(store: Store, *, evidence_text: bool = True) -> nx.MultiDiGraph:
    """The whole store as a ``networkx.MultiDiGraph`` (:func:`thesisgraph.graph.analysis.project`),
    each claim and thesis with its evidence spans and the sentences around them."""
    spans = _evidence(store, with_text=evidence_text)
    return project(store, evidence={k: [s.as_dict() for s in v] for k, v in spans.items()})


def find_entities(store: Store, name: str) -> list[str]:
    """IRIs of the entities whose label or alias is ``name`` (case-insensitive), bound as a parameter.

    Found through the entities' name keys (one index lookup); a store written before entities
    had them is searched through its labels instead."""
    q = _P + "SELECT DISTINCT ?e WHERE { ?e tg:nameKey ?key }"
    r = store.query(q, {"key": name_key(name)})
    if not r.bindings:
        q = _P + """SELECT DISTINCT ?e WHERE {
  ?e a tg:Entity . { ?e rdfs:label ?l } UNION { ?e skos:altLabel ?l }
  FILTER(LCASE(STR(?l)) = LCASE(STR(?name)))
}"""
        r = store.query(q, {"name": name.strip()})
    return sorted(str(to_python(row[0])) for row in r.bindings if row[0] is not None)


def entity_names(store: Store) -> list[str]:
    """Every entity label, for suggestions when a name is not found."""
    q = _P + "SELECT DISTINCT ?l WHERE { ?e a tg:Entity ; rdfs:label ?l } ORDER BY ?l"
    return [str(v) for v in store.query(q).column("l") if v is not None]
