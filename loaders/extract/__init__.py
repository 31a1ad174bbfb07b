"""Extraction: a Note in, entities, claims with evidence and a thesis out.

``extract_note(note, gazetteer)`` is the one entry point; it returns an
:class:`~thesisgraph.graph.model.Extraction` whose every evidence quotes the
note's text exactly. Extraction only reads inside ``note.body_range``.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ...graph.iri import child_iri, document_iri
from ...graph.model import Claim, ClaimKind, Entity, EntityKind, Evidence, Extraction, Note, Thesis
from ..gazetteer import Gazetteer, alias_pattern

_SCALES = {"thousand": 3, "million": 6, "mn": 6, "m": 6, "billion": 9, "bn": 9, "b": 9, "trillion": 12}
_CURRENCY = {"yuan": "CNY", "rmb": "CNY", "cny": "CNY", "us$": "USD", "usd": "USD", "$": "USD", "hk$": "HKD", "hkd": "HKD"}
_METRIC = re.compile(
    r"(?P<metric>revenue|capital expenditure|capex)\s+(?:of|was|were|reached|at)\s+"
    r"(?P<cur1>RMB|US\$|HK\$|\$)?\s?(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)\s*"
    r"(?P<scale>thousand|million|billion|trillion|bn|mn)?\s*(?P<cur2>yuan|RMB|USD|CNY)?",
    re.I,
)


def extract_note(note: Note, gazetteer: Gazetteer) -> Extraction:
    """Entities, claims and thesis of one note (a simple baseline extractor)."""
    doc = document_iri(note.path)
    lo, hi = note.body_range
    body = note.text[lo:hi]
    pattern = alias_pattern(gazetteer)
    mentions: list[tuple[int, str, str]] = []
    for m in pattern.finditer(body):
        ent = gazetteer.lookup(m.group(0))
        if ent is not None:
            mentions.append((lo + m.start(), ent.iri, m.group(0)))
    entities: dict[str, Entity] = {}
    for _, iri, _ in mentions:
        _add_with_parents(entities, gazetteer, gazetteer.entities[iri])
    publisher = None
    if note.publisher:
        pub = gazetteer.lookup(note.publisher) or Entity(
            iri=_iri_for(note.publisher), name=note.publisher, kind=EntityKind.ORGANIZATION
        )
        _add_with_parents(entities, gazetteer, pub)
        publisher = pub.iri
    subject = _main_subject(mentions, gazetteer)
    claims: list[Claim] = []
    for m in _METRIC.finditer(body):
        cur = (m.group("cur1") or m.group("cur2") or "").lower()
        unit = _CURRENCY.get(cur)
        if unit is None:
            continue
        start, end = lo + m.start(), lo + m.end()
        while note.text[end - 1].isspace():
            end -= 1
        about = _nearest_before(mentions, start) or subject
        if about is None:
            continue
        scale = _SCALES.get((m.group("scale") or "").lower(), 0)
        num = m.group("num").replace(",", "")
        value = Decimal(num).scaleb(scale)
        decimals = len(num.split(".")[1]) if "." in num else 0
        metric = "capex" if m.group("metric").lower() in ("capex", "capital expenditure") else "revenue"
        ev = Evidence.from_text(note.text, start, end)
        claims.append(
            Claim(
                iri=child_iri(doc, "claim", "metric", str(start), str(end)),
                kind=ClaimKind.METRIC,
                about=about,
                statement=f"{gazetteer.entities[about].name} {metric}: {m.group('num')} "
                f"{m.group('scale') or ''} {unit}".replace("  ", " "),
                evidence=(ev,),
                asserted_by=publisher,
                metric=metric,
                value=value,
                unit=unit,
                resolution=Decimal(1).scaleb(scale - decimals),
            )
        )
    theses: list[Thesis] = []
    statement = note.thesis or note.title
    if statement and subject:
        theses.append(
            Thesis(
                iri=child_iri(doc, "thesis", statement),
                statement=statement,
                about=subject,
                asserted_by=publisher,
                supported_by=tuple(c.iri for c in claims),
            )
        )
    return Extraction(
        note=note,
        doc_iri=doc,
        entities=tuple(entities.values()),
        mentions=frozenset(iri for _, iri, _ in mentions),
        surface_forms=tuple(sorted({(iri, s) for _, iri, s in mentions})),
        publisher=publisher,
        claims=tuple(claims),
        theses=tuple(theses),
    )


def _iri_for(name: str) -> str:
    from ...graph.iri import entity_iri

    return entity_iri(name)


def _add_with_parents(out: dict[str, Entity], gazetteer: Gazetteer, entity: Entity) -> None:
    while entity is not None and entity.iri not in out:
        out[entity.iri] = entity
        parent = entity.part_of
        entity = gazetteer.entities.get(parent) if parent else None  # type: ignore[assignment]


def _main_subject(mentions: list[tuple[int, str, str]], gazetteer: Gazetteer) -> str | None:
    counts: dict[str, int] = {}
    for _, iri, _ in mentions:
        if gazetteer.entities[iri].kind in (EntityKind.COMPANY, EntityKind.BUSINESS_UNIT):
            counts[iri] = counts.get(iri, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None


def _nearest_before(mentions: list[tuple[int, str, str]], pos: int) -> str | None:
    best = None
    for at, iri, _ in mentions:
        if at < pos and pos - at < 300:
            best = iri
    return best
