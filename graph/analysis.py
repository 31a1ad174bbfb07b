"""The graph in networkx, and what a researcher asks of its shape.

:func:`project` reads the store through SPARQL (the store, embedded or on a
server, is the source of truth) and returns a ``networkx.MultiDiGraph`` keyed
by IRI:

* entities (``kind`` "Company", "BusinessUnit", "Product", "Person",
  "Organization", "Place"), with ``label``, ``aliases`` and ``tickers``;
* claims (``kind`` "MetricClaim", "EventClaim", "RelationClaim",
  "OutlookClaim", "RiskClaim"), with ``label`` and ``statement``, ``metric``,
  ``value``, ``unit``, ``period``, ``date``, ``relation``, ``documents`` and
  ``evidence``;
* theses (``kind`` "Thesis") and documents (``kind`` "Document", with
  ``title``, ``publisher``, ``date``, ``source``).

Every edge carries ``rel``: ``about``, ``object``, ``source`` (claim or thesis
to its document), ``assertedBy``, ``reportedBy``, ``supportedBy``,
``challengedBy``, ``publisher``, ``mentions``, ``conflictsWith`` and the
entity-to-entity relations of the contract (``partOf``, ``competesWith``, ...).
The viz draws this graph; :func:`analyze` measures it.

The measures look at what the notes are about: they walk ``about``,
``object``, entity relations, thesis links and conflicts, but not the edges to
documents, publishers and the brokers asserting claims, which would make every
broker the centre of everything (:data:`CONTEXT_RELS`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .errors import MissingDependencyError, QueryError
from .namespace import TG, sparql_prologue
from .results import table, to_python

if TYPE_CHECKING:
    import networkx as nx

    from .store import Store

ENTITY_KINDS = ("Company", "BusinessUnit", "Product", "Person", "Organization", "Place")
CLAIM_KINDS = ("MetricClaim", "EventClaim", "RelationClaim", "OutlookClaim", "RiskClaim")
ENTITY_RELATIONS = (
    "partOf", "competesWith", "develops", "supplies", "customerOf", "partnersWith", "invests",
)
#: Edges the measures leave out: they lead to documents, publishers and brokers.
CONTEXT_RELS = frozenset({"source", "mentions", "publisher", "assertedBy", "reportedBy"})
#: Above this many nodes, betweenness is estimated from this many sampled sources.
BETWEENNESS_SAMPLE = 400

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
       ?asserted ?reported ?object ?relation WHERE {{
  ?c a tg:Claim ; a ?k ; tg:about ?about ; tg:statement ?statement ; prov:wasDerivedFrom ?doc .
  FILTER(?k IN ({_in(CLAIM_KINDS)}))
  OPTIONAL {{ ?c tg:metric/rdfs:label ?metric }} OPTIONAL {{ ?c tg:value ?value }}
  OPTIONAL {{ ?c tg:unit ?unit }} OPTIONAL {{ ?c tg:period ?period }}
  OPTIONAL {{ ?c tg:date ?date }} OPTIONAL {{ ?c tg:assertedBy ?asserted }}
  OPTIONAL {{ ?c tg:reportedBy ?reported }} OPTIONAL {{ ?c tg:object ?object }}
  OPTIONAL {{ ?c tg:relation ?relation }}
}}"""
Q_THESES = _P + """SELECT ?t ?statement ?about ?doc ?asserted WHERE {
  ?t a tg:Thesis ; tg:statement ?statement .
  OPTIONAL { ?t tg:about ?about } OPTIONAL { ?t prov:wasDerivedFrom ?doc }
  OPTIONAL { ?t tg:assertedBy ?asserted }
}"""
Q_THESIS_LINKS = _P + """SELECT DISTINCT ?t ?p ?c WHERE {
  ?t a tg:Thesis ; ?p ?c . FILTER(?p IN (tg:supportedBy, tg:challengedBy))
}"""
Q_CONFLICTS = _P + "SELECT DISTINCT ?a ?b WHERE { ?a tg:conflictsWith ?b . FILTER(STR(?a) < STR(?b)) }"


def rows(store: Store, sparql: str) -> list[tuple[Any, ...]]:
    """SELECT rows as tuples of Python values (None where unbound)."""
    result = store.query(sparql)
    return [tuple(None if t is None else to_python(t) for t in row) for row in result.bindings]


def local_name(iri: str) -> str:
    """``tg:partOf`` -> "partOf"; other IRIs to their last segment."""
    return iri[len(TG):] if iri.startswith(TG) else iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def plain(value: Any) -> Any:
    """JSON-friendly values: decimals as numbers, dates as ISO text."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _networkx() -> Any:
    try:
        import networkx
    except ImportError:
        raise MissingDependencyError("networkx", "all") from None
    return networkx


def project(
    store: Store, *, evidence: Mapping[str, list[dict[str, Any]]] | None = None
) -> nx.MultiDiGraph:
    """The whole store as a ``networkx.MultiDiGraph`` (see the module docstring).

    ``evidence`` gives each claim's and thesis's evidence spans (the viz reads
    them with their sentences); without it, those lists are empty."""
    g = _networkx().MultiDiGraph()
    spans = evidence or {}
    for e, k, label in rows(store, Q_ENTITIES):
        g.add_node(e, kind=local_name(k), label=label, aliases=[], tickers=[])
    for e, alias in rows(store, Q_ALIASES):
        if e in g and alias != g.nodes[e]["label"]:
            g.nodes[e]["aliases"].append(alias)
    for e, ticker in rows(store, Q_TICKERS):
        if e in g:
            g.nodes[e]["tickers"].append(ticker)
    for s, p, o in rows(store, Q_RELATIONS):
        g.add_edge(s, o, rel=local_name(p))

    for doc, title, day, source, publisher in rows(store, Q_DOCUMENTS):
        g.add_node(doc, kind="Document", label=title or source or doc, title=title or "",
                   date=plain(day), source=source or "", publisher=None)
        if publisher and publisher in g:
            g.nodes[doc]["publisher"] = g.nodes[publisher]["label"]
            g.add_edge(doc, publisher, rel="publisher")
    for doc, e in rows(store, Q_MENTIONS):
        if doc in g and e in g:
            g.add_edge(doc, e, rel="mentions")

    for row in rows(store, Q_CLAIMS):
        c, k, about, statement, doc, metric, value, unit, period, day, asserted, reported, obj, rel = row
        if c not in g:
            g.add_node(c, kind=local_name(k), label=statement, statement=statement, metric=metric,
                       value=plain(value), unit=unit, period=period, date=plain(day),
                       relation=local_name(rel) if rel else None, documents=[],
                       evidence=list(spans.get(c, [])))
            for name, target in (("about", about), ("assertedBy", asserted),
                                 ("reportedBy", reported), ("object", obj)):
                if target and target in g:
                    g.add_edge(c, target, rel=name)
        if doc and doc in g and doc not in g.nodes[c]["documents"]:
            g.nodes[c]["documents"].append(doc)
            g.add_edge(c, doc, rel="source")
    for a, b in rows(store, Q_CONFLICTS):
        if a in g and b in g:
            g.add_edge(a, b, rel="conflictsWith")
            for x, y in ((a, b), (b, a)):
                g.nodes[x].setdefault("conflicts", []).append(_conflict_entry(g, y))

    for t, statement, about, doc, asserted in rows(store, Q_THESES):
        if t not in g:
            g.add_node(t, kind="Thesis", label=statement, statement=statement, documents=[],
                       evidence=list(spans.get(t, [])))
            for name, target in (("about", about), ("assertedBy", asserted)):
                if target and target in g:
                    g.add_edge(t, target, rel=name)
        if doc and doc in g and doc not in g.nodes[t]["documents"]:
            g.nodes[t]["documents"].append(doc)
            g.add_edge(t, doc, rel="source")
    for t, p, c in rows(store, Q_THESIS_LINKS):
        if t in g and c in g:
            g.add_edge(t, c, rel=local_name(p))
    return g


def _conflict_entry(g: nx.MultiDiGraph, claim: str) -> dict[str, Any]:
    """What is shown of a conflicting claim: statement, value and sources."""
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


# ---- measures ------------------------------------------------------------------------


def subject_graph(g: nx.MultiDiGraph) -> nx.Graph:
    """Entities, claims and theses, linked by what the notes say (no context edges):
    a simple undirected graph whose edges keep one ``rel`` each.

    A direct entity-to-entity edge that a relation claim states is left out, so
    that a path through it shows the claim (the entity, the claim, the other one)."""
    h = _networkx().Graph()
    for n, data in g.nodes(data=True):
        if data.get("kind") != "Document":
            h.add_node(n)
    stated = set()
    for c, data in g.nodes(data=True):
        if data.get("kind") == "RelationClaim" and data.get("relation"):
            ends = {rel: b for _, b, rel in g.out_edges(c, data="rel") if rel in ("about", "object")}
            if len(ends) == 2:
                stated.add((ends["about"], data["relation"], ends["object"]))
    for a, b, rel in g.edges(data="rel"):
        if rel in CONTEXT_RELS or a not in h or b not in h or a == b or (a, rel, b) in stated:
            continue
        h.add_edge(a, b, rel=rel)
    return h


def is_entity(data: Mapping[str, Any]) -> bool:
    return data.get("kind") in ENTITY_KINDS


@dataclass(frozen=True, slots=True)
class EntityScore:
    entity: str
    label: str
    kind: str
    degree: int  # claims, theses and entities it is linked to
    claims: int  # claims about it or naming it as the object
    documents: int  # documents that mention it or hold a claim about it
    betweenness: float


@dataclass(frozen=True, slots=True)
class Step:
    """One node of a path, with the relation that leads to the next one."""

    node: str
    kind: str
    label: str
    rel: str = ""  # how this node links to the next ("about", "partOf", ...)
    forward: bool = True  # the edge points from this node to the next


@dataclass(frozen=True, slots=True)
class Cluster:
    entities: tuple[str, ...]  # labels
    documents: int  # documents that hold any of them
    shared: int  # documents holding at least two of them


@dataclass(frozen=True, slots=True)
class SingleSource:
    claim: str
    statement: str
    about: str
    kind: str
    documents: tuple[str, ...]  # titles
    publishers: tuple[str, ...]


@dataclass
class Analysis:
    """What :func:`analyze` found; ``text()`` for people, ``to_json()`` for programs."""

    nodes: int
    edges: int
    connected: list[EntityScore] = field(default_factory=list)
    central: list[EntityScore] = field(default_factory=list)
    paths: list[list[Step]] = field(default_factory=list)
    path_ends: tuple[str, str] | None = None
    clusters: list[Cluster] = field(default_factory=list)
    single_source: list[SingleSource] = field(default_factory=list)
    single_source_total: int = 0
    claims_total: int = 0

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["path_ends"] = list(self.path_ends) if self.path_ends else None
        return out

    def text(self) -> str:
        parts = [f"graph: {self.nodes} nodes, {self.edges} edges\n"]
        score_cols = ["entity", "kind", "degree", "claims", "documents", "betweenness"]

        def scores(items: list[EntityScore]) -> list[list[Any]]:
            return [[s.label, s.kind, s.degree, s.claims, s.documents, f"{s.betweenness:.3f}"]
                    for s in items]

        parts.append("\nMost connected entities\n" + table(score_cols, scores(self.connected)))
        parts.append("\nMost central entities (betweenness)\n" + table(score_cols, scores(self.central)))
        if self.path_ends:
            a, b = self.path_ends
            parts.append(f"\nPaths from {a} to {b}\n")
            if not self.paths:
                parts.append("no path: nothing the notes say links them\n")
            for i, path in enumerate(self.paths, 1):
                parts.append(f"{i}. " + format_path(path) + "\n")
        parts.append("\nClusters of entities sharing documents\n" + table(
            ["entities", "documents", "shared"],
            [[", ".join(c.entities), c.documents, c.shared] for c in self.clusters],
            width=100,
        ))
        parts.append(
            f"\nClaims resting on a single source ({self.single_source_total} of "
            f"{self.claims_total} claims)\n"
            + table(["about", "kind", "statement", "source", "documents"],
                    [[s.about, s.kind, s.statement, "; ".join(s.publishers or s.documents),
                      len(s.documents)] for s in self.single_source])
        )
        return "".join(parts)


def format_path(path: list[Step]) -> str:
    """``Alibaba Cloud <-about- [claim statement] -object-> Volcano Engine``."""
    out = []
    for step in path:
        label = step.label if is_entity({"kind": step.kind}) else f"[{step.label}]"
        out.append(label)
        if step.rel:
            out.append(f"-{step.rel}->" if step.forward else f"<-{step.rel}-")
    return " ".join(out)


def entity_scores(g: nx.MultiDiGraph, h: nx.Graph | None = None) -> list[EntityScore]:
    """Degree, claims, documents and betweenness of every entity."""
    nx = _networkx()
    h = subject_graph(g) if h is None else h
    k = BETWEENNESS_SAMPLE if h.number_of_nodes() > BETWEENNESS_SAMPLE else None
    between = nx.betweenness_centrality(h, k=k, seed=0 if k else None, normalized=True)
    docs = entity_documents(g)
    out = []
    for n, data in g.nodes(data=True):
        if not is_entity(data):
            continue
        claims = sum(
            1 for c, _, rel in g.in_edges(n, data="rel")
            if rel in ("about", "object") and g.nodes[c].get("kind") in CLAIM_KINDS
        )
        out.append(EntityScore(n, data["label"], data["kind"], h.degree(n) if n in h else 0,
                               claims, len(docs.get(n, ())), round(between.get(n, 0.0), 6)))
    return out


def entity_documents(g: nx.MultiDiGraph) -> dict[str, set[str]]:
    """For each entity, the documents that mention it or hold a claim or thesis about it."""
    docs: dict[str, set[str]] = {}
    for a, b, rel in g.edges(data="rel"):
        if rel == "mentions" and is_entity(g.nodes[b]):
            docs.setdefault(b, set()).add(a)
        elif rel in ("about", "object") and is_entity(g.nodes[b]):
            docs.setdefault(b, set()).update(g.nodes[a].get("documents", ()))
    return docs


def find_entity(g: nx.MultiDiGraph, name: str) -> str:
    """The entity whose label or alias is ``name`` (any case); QueryError naming close ones."""
    key = name.strip().casefold()
    found = sorted(
        n for n, d in g.nodes(data=True)
        if is_entity(d) and key in {d["label"].casefold(), *(a.casefold() for a in d["aliases"])}
    )
    if found:
        return str(found[0])
    import difflib

    names = sorted({d["label"] for _, d in g.nodes(data=True) if is_entity(d)})
    near = difflib.get_close_matches(name, names, n=5, cutoff=0.5)
    hint = f"; did you mean: {', '.join(near)}?" if near else ""
    raise QueryError(f"no entity named {name!r} in the graph{hint}")


def paths_between(g: nx.MultiDiGraph, a: str, b: str, limit: int = 5,
                  h: nx.Graph | None = None) -> list[list[Step]]:
    """Up to ``limit`` shortest paths linking two entities through claims, theses and relations."""
    nx = _networkx()
    h = subject_graph(g) if h is None else h
    if a not in h or b not in h:
        return []
    out: list[list[Step]] = []
    try:
        for nodes in nx.all_shortest_paths(h, a, b):
            out.append(_steps(g, nodes))
            if len(out) >= limit:
                break
    except nx.NetworkXNoPath:
        return []
    return out


def _steps(g: nx.MultiDiGraph, nodes: list[str]) -> list[Step]:
    steps = []
    for i, n in enumerate(nodes):
        data = g.nodes[n]
        rel, forward = "", True
        if i + 1 < len(nodes):
            nxt = nodes[i + 1]
            rels = [r for r in (g.get_edge_data(n, nxt) or {}).values() if r["rel"] not in CONTEXT_RELS]
            if rels:
                rel = rels[0]["rel"]
            else:
                back = [r for r in (g.get_edge_data(nxt, n) or {}).values()
                        if r["rel"] not in CONTEXT_RELS]
                rel, forward = (back[0]["rel"] if back else ""), False
        steps.append(Step(n, data.get("kind", ""), data.get("label", n), rel, forward))
    return steps


def clusters(g: nx.MultiDiGraph, min_size: int = 2) -> list[Cluster]:
    """Groups of entities that the same documents talk about (Louvain communities on a
    graph of entities weighted by the documents they share), largest first."""
    nx = _networkx()
    docs = entity_documents(g)
    w = nx.Graph()
    w.add_nodes_from(docs)
    by_doc: dict[str, list[str]] = {}
    for e, ds in docs.items():
        for d in ds:
            by_doc.setdefault(d, []).append(e)
    for members in by_doc.values():
        members.sort()
        for i, x in enumerate(members):
            for y in members[i + 1:]:
                weight = w.get_edge_data(x, y, {"weight": 0})["weight"] + 1
                w.add_edge(x, y, weight=weight)
    out = []
    for community in nx.community.louvain_communities(w, weight="weight", seed=0):
        if len(community) < min_size:
            continue
        members = sorted(community, key=lambda e: g.nodes[e]["label"])
        held = Counter(d for e in members for d in docs.get(e, ()))
        shared = sum(1 for n in held.values() if n > 1)
        out.append(Cluster(tuple(g.nodes[e]["label"] for e in members), len(held), shared))
    out.sort(key=lambda c: (-len(c.entities), -c.shared, c.entities))
    return out


def _fact_key(g: nx.MultiDiGraph, c: str) -> tuple[Any, ...]:
    """What two claims must share to state the same fact."""
    d = g.nodes[c]
    about = sorted(b for _, b, rel in g.out_edges(c, data="rel") if rel == "about")
    obj = sorted(b for _, b, rel in g.out_edges(c, data="rel") if rel == "object")
    if d["kind"] == "MetricClaim":
        return ("metric", tuple(about), d.get("metric"), d.get("period"), d.get("unit"))
    if d["kind"] == "RelationClaim":
        return ("relation", tuple(about), d.get("relation"), tuple(obj))
    return (d["kind"], tuple(about), " ".join(str(d.get("statement", "")).casefold().split()))


def single_source_claims(g: nx.MultiDiGraph) -> tuple[list[SingleSource], int]:
    """Claims that rest on one source, and how many claims there are.

    A claim's sources are its own document and those of the claims stating the
    same fact (same entity, metric, period and unit with no conflict between
    them; same relation and object; or the same statement). A source is a
    publisher, or a document when its publisher is not known: two notes of one
    broker are one source."""
    groups: dict[tuple[Any, ...], list[str]] = {}
    claims = [n for n, d in g.nodes(data=True) if d.get("kind") in CLAIM_KINDS]
    for c in claims:
        groups.setdefault(_fact_key(g, c), []).append(c)
    out = []
    for c in claims:
        conflicting = {b for _, b, rel in g.out_edges(c, data="rel") if rel == "conflictsWith"}
        conflicting |= {a for a, _, rel in g.in_edges(c, data="rel") if rel == "conflictsWith"}
        same = [x for x in groups[_fact_key(g, c)] if x not in conflicting]
        docs = sorted({d for x in same for d in g.nodes[x].get("documents", ())})
        sources = {g.nodes[d].get("publisher") or d for d in docs}
        if len(sources) <= 1:
            data = g.nodes[c]
            about = [g.nodes[b]["label"] for _, b, rel in g.out_edges(c, data="rel") if rel == "about"]
            out.append(SingleSource(
                claim=c, statement=data.get("statement", ""), about=", ".join(sorted(about)),
                kind=data["kind"],
                documents=tuple(g.nodes[d].get("title") or d for d in docs),
                publishers=tuple(sorted({p for d in docs if (p := g.nodes[d].get("publisher"))})),
            ))
    out.sort(key=lambda s: (s.about, s.kind, s.statement, s.claim))
    return out, len(claims)


def analyze(store: Store, *, top: int = 10, path: tuple[str, str] | None = None,
            paths: int = 5) -> Analysis:
    """Measure the store's graph: most connected and most central entities, up to
    ``paths`` shortest paths between two named entities, clusters of entities
    sharing documents, claims on a single source. ``top`` rows per list (0: all)."""
    g = project(store)
    h = subject_graph(g)
    cap = top if top > 0 else None
    scores = entity_scores(g, h)
    result = Analysis(nodes=g.number_of_nodes(), edges=g.number_of_edges())
    result.connected = sorted(scores, key=lambda s: (-s.degree, -s.claims, s.label))[:cap]
    central = [s for s in scores if s.betweenness > 0]
    result.central = sorted(central, key=lambda s: (-s.betweenness, -s.degree, s.label))[:cap]
    if path is not None:
        a, b = find_entity(g, path[0]), find_entity(g, path[1])
        result.path_ends = (g.nodes[a]["label"], g.nodes[b]["label"])
        result.paths = paths_between(g, a, b, limit=paths, h=h)
    result.clusters = clusters(g)[:cap]
    single, total = single_source_claims(g)
    result.single_source, result.single_source_total, result.claims_total = single[:cap], len(single), total
    return result
