"""From the data model to RDF: an :class:`Extraction` becomes quads.

A document's own statements go into the named graph whose name is the
document IRI; the facts about entities and metrics that every document shares
(type, label, aliases, tickers, parent) go into :data:`COMMON_GRAPH`, so a
label is stored once however many notes mention the entity. Quads are built as
pyoxigraph terms: that is the fast path into the store.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import pyoxigraph as ox

from .conflicts import conflict_key
from .iri import child_iri, metric_iri, series_iri
from .model import Claim, ClaimKind, Entity, Evidence, Extraction, Note, Thesis
from .namespace import COMMON_GRAPH, DCTERMS, OA, PROV, RDF, RDFS, SKOS, TG, XSD

_TYPE = ox.NamedNode(RDF + "type")
_LABEL = ox.NamedNode(RDFS + "label")
_ALT = ox.NamedNode(SKOS + "altLabel")
_DEC = ox.NamedNode(XSD + "decimal")
_INT = ox.NamedNode(XSD + "integer")
_DATE = ox.NamedNode(XSD + "date")
_GYM = ox.NamedNode(XSD + "gYearMonth")
_GMD = ox.NamedNode(XSD + "gMonthDay")
_COMMON = ox.NamedNode(COMMON_GRAPH)
_NAME_KEY = ox.NamedNode(TG + "nameKey")
_ENTITY = ox.NamedNode(TG + "Entity")
_METRIC_CLAIM = ox.NamedNode(TG + "MetricClaim")
_ABOUT = ox.NamedNode(TG + "about")
_METRIC = ox.NamedNode(TG + "metric")
_IN_SERIES = ox.NamedNode(TG + "inSeries")


@lru_cache(maxsize=1024)
def _tg(local: str) -> ox.NamedNode:
    return ox.NamedNode(TG + local)  # the vocabulary's terms: made once, not once per quad


@lru_cache(maxsize=64)
def _vocab(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _s(text: str) -> ox.Literal:
    return ox.Literal(text)


def name_key(name: str) -> str:
    """The form in which a name is matched in any case: lower case, runs of white space as one
    space. Stored as ``tg:nameKey`` for an entity's label and every alias, and applied to a
    saved query's ``name`` parameter, so that finding an entity by any of its names is one
    index lookup instead of a scan of every label."""
    return " ".join(name.split()).lower()


def name_key_quads(quads: list[ox.Quad]) -> list[ox.Quad]:
    """The ``tg:nameKey`` of every label and alias of the entities typed among ``quads``, each in
    the graph of its name: for a document's shared facts, and for imported RDF written without
    them (by an earlier version, or another tool)."""
    entities = {q.subject for q in quads if q.predicate == _TYPE and q.object == _ENTITY}
    return [
        ox.Quad(q.subject, _NAME_KEY, _s(name_key(q.object.value)), q.graph_name)
        for q in quads
        if q.predicate in (_LABEL, _ALT) and q.subject in entities and isinstance(q.object, ox.Literal)
    ]


def series_quads(quads: list[ox.Quad]) -> list[ox.Quad]:
    """The time series of the metric claims among ``quads`` that have none: each claim's
    ``tg:inSeries`` link (in the claim's graph) and the ``tg:MetricSeries`` node of its entity
    and metric (in the common graph), for imported RDF written without them (by an earlier
    version, or another tool). A document's own come from :func:`document_quads` and
    :func:`common_quads`."""
    claims = {(q.subject, q.graph_name) for q in quads if q.predicate == _TYPE and q.object == _METRIC_CLAIM}
    claims -= {(q.subject, q.graph_name) for q in quads if q.predicate == _IN_SERIES}
    metric = {(q.subject, q.graph_name): q.object for q in quads if q.predicate == _METRIC}
    out: list[ox.Quad] = []
    for q in quads:
        if q.predicate == _ABOUT and (q.subject, q.graph_name) in claims and isinstance(q.object, ox.NamedNode):
            m = metric.get((q.subject, q.graph_name))
            if isinstance(m, ox.NamedNode):
                s = _n(series_iri(q.object.value, m.value))
                out.append(ox.Quad(q.subject, _IN_SERIES, s, q.graph_name))
                out += _series_node_quads(s, q.object, m)
    return _unique(out)


def _series(claim: Claim) -> tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode] | None:
    """The series node, entity and metric of a metric claim (None for other claims)."""
    if claim.kind is not ClaimKind.METRIC or claim.metric is None:
        return None
    return _series_terms(claim.about, claim.metric)


@lru_cache(maxsize=1 << 15)
def _series_terms(about: str, metric: str) -> tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode]:
    # remembered: a note repeats its (entity, metric) pairs, and so do the notes of a library
    e, m = _n(about), _n(metric_iri(metric))
    return _n(series_iri(e.value, m.value)), e, m


def _series_node_quads(s: ox.NamedNode, e: ox.NamedNode, m: ox.NamedNode) -> list[ox.Quad]:
    return [ox.Quad(s, _TYPE, _tg("MetricSeries"), _COMMON), ox.Quad(s, _tg("seriesEntity"), e, _COMMON),
            ox.Quad(s, _tg("seriesMetric"), m, _COMMON)]


def entity_quads(entity: Entity, graph: ox.NamedNode = _COMMON) -> Iterator[ox.Quad]:
    """The shared facts about an entity."""
    e = _n(entity.iri)
    yield ox.Quad(e, _TYPE, _ENTITY, graph)
    yield ox.Quad(e, _TYPE, _tg(entity.kind.value), graph)
    yield ox.Quad(e, _LABEL, _s(entity.name), graph)
    for alias in sorted(entity.aliases - {entity.name}):
        yield ox.Quad(e, _ALT, _s(alias), graph)
    for ticker in entity.tickers:
        yield ox.Quad(e, _tg("ticker"), _s(ticker), graph)
    if entity.fiscal_year_end:
        yield ox.Quad(e, _tg("fiscalYearEnd"), ox.Literal(entity.fiscal_year_end, datatype=_GMD), graph)
    if entity.part_of:
        yield ox.Quad(e, _tg("partOf"), _n(entity.part_of), graph)


def metric_quads(metric: str, graph: ox.NamedNode = _COMMON) -> Iterator[ox.Quad]:
    """The node of a metric ("revenue"), with its lower-case label."""
    m = _n(metric_iri(metric))
    yield ox.Quad(m, _TYPE, _tg("Metric"), graph)
    yield ox.Quad(m, _LABEL, _s(metric), graph)


def evidence_iri(doc_iri: str, ev: Evidence) -> str:
    """The IRI of an evidence span: one per document and offsets."""
    return child_iri(doc_iri, "evidence", str(ev.start), str(ev.end))


def _evidence_quads(
    doc: ox.NamedNode, ev: Evidence, g: ox.NamedNode, owner: ox.NamedNode
) -> Iterator[ox.Quad]:
    """The ``tg:evidence`` link from the claim or thesis ``owner``, then the span's own quads."""
    node = _n(evidence_iri(doc.value, ev))
    yield ox.Quad(owner, _tg("evidence"), node, g)
    yield ox.Quad(node, _TYPE, _tg("Evidence"), g)
    yield ox.Quad(node, _vocab(OA + "hasSource"), doc, g)
    yield ox.Quad(node, _vocab(OA + "exact"), _s(ev.exact), g)
    yield ox.Quad(node, _vocab(OA + "prefix"), _s(ev.prefix), g)
    yield ox.Quad(node, _vocab(OA + "suffix"), _s(ev.suffix), g)
    yield ox.Quad(node, _vocab(OA + "start"), ox.Literal(str(ev.start), datatype=_INT), g)
    yield ox.Quad(node, _vocab(OA + "end"), ox.Literal(str(ev.end), datatype=_INT), g)


def _claim_quads(doc: ox.NamedNode, claim: Claim, g: ox.NamedNode) -> Iterator[ox.Quad]:
    c = _n(claim.iri)
    yield ox.Quad(c, _TYPE, _tg("Claim"), g)
    yield ox.Quad(c, _TYPE, _tg(claim.kind.value), g)
    yield ox.Quad(c, _tg("about"), _n(claim.about), g)
    yield ox.Quad(c, _tg("statement"), _s(claim.statement), g)
    yield ox.Quad(c, _vocab(PROV + "wasDerivedFrom"), doc, g)
    if claim.asserted_by:
        yield ox.Quad(c, _tg("assertedBy"), _n(claim.asserted_by), g)
    if claim.reported_by:
        yield ox.Quad(c, _tg("reportedBy"), _n(claim.reported_by), g)
    for ev in claim.evidence:
        yield from _evidence_quads(doc, ev, g, c)
    if claim.metric is not None:
        yield ox.Quad(c, _tg("metric"), _n(metric_iri(claim.metric)), g)
    if claim.value is not None:
        yield ox.Quad(c, _tg("value"), ox.Literal(_decimal(claim.value), datatype=_DEC), g)
    if claim.unit is not None:
        yield ox.Quad(c, _tg("unit"), _s(claim.unit), g)
    if claim.resolution is not None:
        yield ox.Quad(c, _tg("resolution"), ox.Literal(_decimal(claim.resolution), datatype=_DEC), g)
    if claim.bound:
        yield ox.Quad(c, _tg("bound"), _s(claim.bound), g)
    if claim.period is not None:
        yield ox.Quad(c, _tg("period"), _s(claim.period.label), g)
        if claim.period.start:
            yield ox.Quad(c, _tg("periodStart"), ox.Literal(claim.period.start.isoformat(), datatype=_DATE), g)
        if claim.period.end:
            yield ox.Quad(c, _tg("periodEnd"), ox.Literal(claim.period.end.isoformat(), datatype=_DATE), g)
    key = conflict_key(claim)
    if key is not None:
        yield ox.Quad(c, _tg("conflictKey"), _s(key), g)
    if (series := _series(claim)) is not None:
        yield ox.Quad(c, _IN_SERIES, series[0], g)
    if claim.kind is ClaimKind.RELATION and claim.relation and claim.obj:
        yield ox.Quad(c, _tg("relation"), _tg(claim.relation), g)
        yield ox.Quad(c, _tg("object"), _n(claim.obj), g)
        yield ox.Quad(_n(claim.about), _tg(claim.relation), _n(claim.obj), g)
    if claim.date:
        dt = _DATE if len(claim.date) == 10 else _GYM
        yield ox.Quad(c, _tg("date"), ox.Literal(claim.date, datatype=dt), g)


def _thesis_quads(doc: ox.NamedNode, thesis: Thesis, g: ox.NamedNode) -> Iterator[ox.Quad]:
    t = _n(thesis.iri)
    yield ox.Quad(t, _TYPE, _tg("Thesis"), g)
    yield ox.Quad(t, _tg("statement"), _s(thesis.statement), g)
    yield ox.Quad(t, _tg("about"), _n(thesis.about), g)
    yield ox.Quad(t, _vocab(PROV + "wasDerivedFrom"), doc, g)
    if thesis.asserted_by:
        yield ox.Quad(t, _tg("assertedBy"), _n(thesis.asserted_by), g)
    for claim in thesis.supported_by:
        yield ox.Quad(t, _tg("supportedBy"), _n(claim), g)
    for claim in thesis.challenged_by:
        yield ox.Quad(t, _tg("challengedBy"), _n(claim), g)
    for ev in thesis.evidence:
        yield from _evidence_quads(doc, ev, g, t)


def document_quads(extraction: Extraction, pipeline: str = "") -> list[ox.Quad]:
    """The quads of a document's own named graph (its name is the document IRI)."""
    note = extraction.note
    doc = _n(extraction.doc_iri)
    g = doc
    out = [
        ox.Quad(doc, _TYPE, _tg("Document"), g),
        ox.Quad(doc, _vocab(DCTERMS + "source"), _s(note.path), g),
        ox.Quad(doc, _tg("sha256"), _s(note.sha256), g),
        ox.Quad(doc, _tg("text"), _s(note.text), g),
        ox.Quad(doc, _tg("format"), _s(note.format), g),
    ]
    if pipeline:
        out.append(ox.Quad(doc, _tg("pipeline"), _s(pipeline), g))
    out.append(ox.Quad(doc, _vocab(DCTERMS + "title"), _s(note.title or _fallback_title(note)), g))
    if note.date:
        out.append(ox.Quad(doc, _vocab(DCTERMS + "date"), ox.Literal(note.date.isoformat(), datatype=_DATE), g))
    if extraction.publisher:
        out.append(ox.Quad(doc, _vocab(DCTERMS + "publisher"), _n(extraction.publisher), g))
    if note.source_url:
        out.append(ox.Quad(doc, _tg("sourceUrl"), _s(note.source_url), g))
    if note.body is not None:
        out.append(ox.Quad(doc, _tg("bodyStart"), ox.Literal(str(note.body[0]), datatype=_INT), g))
        out.append(ox.Quad(doc, _tg("bodyEnd"), ox.Literal(str(note.body[1]), datatype=_INT), g))
    for e in sorted(extraction.mentions):
        out.append(ox.Quad(doc, _tg("mentions"), _n(e), g))
    for claim in extraction.claims:
        out.extend(_claim_quads(doc, claim, g))
    for thesis in extraction.theses:
        out.extend(_thesis_quads(doc, thesis, g))
    return _unique(out)


def common_quads(extraction: Extraction) -> list[ox.Quad]:
    """The shared facts the document brings: its entities, their surface forms, its metrics."""
    out: list[ox.Quad] = []
    for entity in extraction.entities:
        out.extend(entity_quads(entity))
    labels = {e.iri: e.name for e in extraction.entities}
    for iri, surface in extraction.surface_forms:
        if labels.get(iri) != surface:
            out.append(ox.Quad(_n(iri), _ALT, _s(surface), _COMMON))
    out.extend(name_key_quads(out))  # the entities' names, as lookups in any case find them
    metrics = set(extraction.metrics) | {c.metric for c in extraction.claims if c.metric}
    for metric in sorted(metrics):
        out.extend(metric_quads(metric))
    for claim in extraction.claims:
        if (series := _series(claim)) is not None:
            out.extend(_series_node_quads(*series))
    return _unique(out)


def _fallback_title(note: Note) -> str:
    first = note.text.strip().splitlines()[0] if note.text.strip() else note.path
    return first[:200]


def _decimal(value: object) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".") or "0"
    return text


def _unique(quads: list[ox.Quad]) -> list[ox.Quad]:
    seen: set[ox.Quad] = set()
    out = []
    for q in quads:
        if q not in seen:
            seen.add(q)
            out.append(q)
    return out


def to_nquads(quads: list[ox.Quad]) -> str:
    """N-Quads text of a list of quads (the library's own serialisation)."""
    return "".join(f"{q} .\n" for q in quads)


def encode_document(extraction: Extraction, pipeline: str = "") -> bytes:
    """The document's own quads (:func:`document_quads`) as N-Quads, by pyoxigraph's serialiser."""
    return ox.serialize(document_quads(extraction, pipeline), format=ox.RdfFormat.N_QUADS) or b""
