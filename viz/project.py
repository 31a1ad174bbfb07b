"""From the store to a networkx graph: the nodes and edges the pictures are drawn from.

:func:`project_store` reads the graph through SPARQL (the store is the source
of truth) and returns a ``networkx.MultiDiGraph`` whose nodes are keyed by IRI:

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
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..graph.namespace import TG, sparql_prologue
from ..graph.results import to_python

if TYPE_CHECKING:
    import networkx as nx

    from ..graph.store import Store

ENTITY_KINDS = ("Company", "BusinessUnit", "Product", "Person", "Organization", "Place")
CLAIM_KINDS = ("MetricClaim", "EventClaim", "RelationClaim", "OutlookClaim", "RiskClaim")
ENTITY_RELATIONS = (
    "partOf", "competesWith", "develops", "supplies", "customerOf", "partnersWith", "invests",
)
#: Characters of document text kept on each side of a quote when its sentence is long.
SENTENCE_WINDOW = 240

_P = sparql_prologue()


def _in(kinds: Iterable[str]) -> str:
    return ", ".join(f"tg:{k}" for k in kinds)


Q_ENTITIES = _P + f"""SELECT DISTINCT ?e ?k ?label WHERE {{
  ?e a tg:Entity ; a ?k ; rdfs:label ?label . FILTER(?k IN ({_in(ENTITY_KINDS)}))
}}"""
Q_ALIASES = _P + "SELECT DISTINCT ?e ?alias WHERE { ?e a tg:Entity ; skos:altLabel ?alias }"
Q_TICKERS = _P + "SELECT DISTINCT ?e ?ticker WHERE { ?e a tg:Entity ; tg:ticker ?ticker }"
Q_RELATIONS = _P + f"""SELECT DISTINCT ?s ?p ?o WHERE {{
  ?s ?p ?o . FILTER(?p IN ({_in(ENTITY_RELATIONS)})) ?s a tg:Entity . ?o a tg:Entity .
}}"""
Q_DOCUMENTS = _P + """SELECT ?doc ?title ?date ?source ?publisher WHERE {
  ?doc a tg:Document .
  OPTIONAL { ?doc dcterms:title ?title } OPTIONAL { ?doc dcterms:date ?date }
  OPTIONAL { ?doc dcterms:source ?source } OPTIONAL { ?doc dcterms:publisher ?publisher }
}"""
Q_MENTIONS = _P + "SELECT DISTINCT ?doc ?e WHERE { ?doc a tg:Document ; tg:mentions ?e }"
Q_CLAIMS = _P + f"""SELECT ?c ?k ?about ?statement ?doc ?metric ?value ?unit ?period ?date
       ?asserted ?reported ?object WHERE {{
  ?c a tg:Claim ; a ?k ; tg:about ?about ; tg:statement ?statement ; prov:wasDerivedFrom ?doc .
  FILTER(?k IN ({_in(CLAIM_KINDS)}))
  OPTIONAL {{ ?c tg:metric/rdfs:label ?metric }} OPTIONAL {{ ?c tg:value ?value }}
  OPTIONAL {{ ?c tg:unit ?unit }} OPTIONAL {{ ?c tg:period ?period }}
  OPTIONAL {{ ?c tg:date ?date }} OPTIONAL {{ ?c tg:assertedBy ?asserted }}
  OPTIONAL {{ ?c tg:reportedBy ?reported }} OPTIONAL {{ ?c tg:object ?object }}
}}"""
Q_THESES = _P + """SELECT ?t ?statement ?about ?doc ?asserted WHERE {
  ?t a tg:Thesis ; tg:statement ?statement .
  OPTIONAL { ?t tg:about ?about } OPTIONAL { ?t prov:wasDerivedFrom ?doc }
  OPTIONAL { ?t tg:assertedBy ?asserted }
}"""
Q_THESIS_LINKS = _P + """SELECT DISTINCT ?t ?p ?c WHERE {
  ?t a tg:Thesis ; ?p ?c . FILTER(?p IN (tg:supportedBy, tg:challengedBy))
}"""
Q_EVIDENCE = _P + """SELECT DISTINCT ?x ?ev ?doc ?exact ?prefix ?suffix ?start ?end WHERE {
  ?x tg:evidence ?ev . ?ev oa:exact ?exact .
  OPTIONAL { ?ev oa:hasSource ?doc } OPTIONAL { ?ev oa:prefix ?prefix }
  OPTIONAL { ?ev oa:suffix ?suffix } OPTIONAL { ?ev oa:start ?start } OPTIONAL { ?ev oa:end ?end }
}"""
Q_CONFLICTS = _P + "SELECT DISTINCT ?a ?b WHERE { ?a tg:conflictsWith ?b . FILTER(STR(?a) < STR(?b)) }"


def _rows(store: Store, sparql: str) -> list[tuple[Any, ...]]:
    """SELECT rows as tuples of Python values (None where unbound)."""
    result = store.query(sparql)
    return [tuple(None if t is None else to_python(t) for t in row) for row in result.bindings]


def _local(iri: str) -> str:
    return iri[len(TG):] if iri.startswith(TG) else iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


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


def _plain(value: Any) -> Any:
    """JSON-friendly values: decimals as numbers, dates as ISO text."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def project_store(store: Store, *, evidence_text: bool = True) -> nx.MultiDiGraph:
    """The whole store as a ``networkx.MultiDiGraph`` (see the module docstring)."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for e, k, label in _rows(store, Q_ENTITIES):
        g.add_node(e, kind=_local(k), label=label, aliases=[], tickers=[])
    for e, alias in _rows(store, Q_ALIASES):
        if e in g and alias != g.nodes[e]["label"]:
            g.nodes[e]["aliases"].append(alias)
    for e, ticker in _rows(store, Q_TICKERS):
        if e in g:
            g.nodes[e]["tickers"].append(ticker)
    for s, p, o in _rows(store, Q_RELATIONS):
        g.add_edge(s, o, rel=_local(p))

    for doc, title, day, source, publisher in _rows(store, Q_DOCUMENTS):
        g.add_node(doc, kind="Document", label=title or source or doc, title=title or "",
                   date=_plain(day), source=source or "", publisher=None)
        if publisher and publisher in g:
            g.nodes[doc]["publisher"] = g.nodes[publisher]["label"]
            g.add_edge(doc, publisher, rel="publisher")
    for doc, e in _rows(store, Q_MENTIONS):
        if doc in g and e in g:
            g.add_edge(doc, e, rel="mentions")

    spans = _evidence(store, with_text=evidence_text)
    for row in _rows(store, Q_CLAIMS):
        c, k, about, statement, doc, metric, value, unit, period, day, asserted, reported, obj = row
        if c not in g:
            g.add_node(c, kind=_local(k), label=statement, statement=statement, metric=metric,
                       value=_plain(value), unit=unit, period=period, date=_plain(day),
                       documents=[], evidence=[s.as_dict() for s in spans.get(c, [])])
            for rel, target in (("about", about), ("assertedBy", asserted),
                                ("reportedBy", reported), ("object", obj)):
                if target and target in g:
                    g.add_edge(c, target, rel=rel)
        if doc and doc in g and doc not in g.nodes[c]["documents"]:
            g.nodes[c]["documents"].append(doc)
            g.add_edge(c, doc, rel="source")
    for a, b in _rows(store, Q_CONFLICTS):
        if a in g and b in g:
            g.add_edge(a, b, rel="conflictsWith")
            for x, y in ((a, b), (b, a)):
                g.nodes[x].setdefault("conflicts", []).append(_conflict_entry(g, y))

    for t, statement, about, doc, asserted in _rows(store, Q_THESES):
        if t not in g:
            g.add_node(t, kind="Thesis", label=statement, statement=statement, documents=[],
                       evidence=[s.as_dict() for s in spans.get(t, [])])
            for rel, target in (("about", about), ("assertedBy", asserted)):
                if target and target in g:
                    g.add_edge(t, target, rel=rel)
        if doc and doc in g and doc not in g.nodes[t]["documents"]:
            g.nodes[t]["documents"].append(doc)
            g.add_edge(t, doc, rel="source")
    for t, p, c in _rows(store, Q_THESIS_LINKS):
        if t in g and c in g:
            g.add_edge(t, c, rel=_local(p))
    return g


def _conflict_entry(g: nx.MultiDiGraph, claim: str) -> dict[str, Any]:
    """What the evidence panel shows of a conflicting claim: statement and sources."""
    data = g.nodes[claim]
    docs = [g.nodes[d] for d in data.get("documents", []) if d in g]
    return {
        "id": claim,
        "statement": data.get("statement", ""),
        "value": data.get("value"),
        "unit": data.get("unit"),
        "sources": [
            " · ".join(x for x in (d.get("title"), d.get("publisher"), d.get("date")) if x)
            for d in docs
        ],
    }


def find_entities(store: Store, name: str) -> list[str]:
    """IRIs of the entities whose label or alias is ``name`` (case-insensitive), bound as a parameter."""
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
