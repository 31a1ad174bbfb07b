"""Extraction: a Note in, entities, claims with evidence and a thesis out.

``extract_note(note, gazetteer)`` is the one entry point; it returns an
:class:`~thesisgraph.graph.model.Extraction` whose every evidence quotes the
note's text exactly. The passes, each a module of its own:

1. :mod:`.chrome`: the body range (page chrome such as "Related Articles"
   left out), stored on the note when the reader did not set one;
2. :mod:`.sentences` and :mod:`.entities`: sentence spans, entity mentions
   (gazetteer and discovery), publisher and main subject, gathered in a
   :class:`~.context.DocContext`;
3. :mod:`.metrics`, :mod:`.claims`, :mod:`.relations`: metric, event,
   outlook, risk and relation claims, with second-hand sources;
4. :mod:`.thesis`: the note's thesis and the claims for and against it.

Extraction only reads inside the body range; offsets always index the whole
stored text.
"""

from __future__ import annotations

import dataclasses

from ...graph.model import Claim, Extraction, Note
from ..gazetteer import Gazetteer
from .chrome import find_body
from .claims import (
    attribute_reporters,
    event_claims,
    outlook_claims,
    reporters,
    risk_claims,
    risk_sections,
)
from .context import DocContext
from .entities import build_context
from .metrics import metric_claims
from .relations import relation_claims
from .thesis import extract_thesis

__all__ = ["build_context", "extract_note", "find_body"]


def extract_note(note: Note, gazetteer: Gazetteer) -> Extraction:
    """Entities, claims and thesis of one note."""
    if note.body is None:
        note = dataclasses.replace(note, body=find_body(note.text))
    ctx = build_context(note, gazetteer)
    claims = extract_claims(ctx)
    theses = extract_thesis(ctx, claims)
    used = {c.about for c in claims} | {c.obj for c in claims if c.obj} | {t.about for t in theses}
    entities = {iri: e for iri, e in ctx.entities.items() if iri not in ctx.latent or iri in used}
    metrics = tuple(sorted({c.metric for c in claims if c.metric}))
    return Extraction(
        note=note,
        doc_iri=ctx.doc_iri,
        entities=tuple(entities.values()),
        mentions=frozenset(m.iri for m in ctx.mentions),
        surface_forms=tuple(sorted({(m.iri, m.surface) for m in ctx.mentions})),
        publisher=ctx.publisher,
        claims=tuple(claims),
        theses=tuple(theses),
        metrics=metrics,
    )


def extract_claims(ctx: DocContext) -> list[Claim]:
    """Every claim of a document: metrics, events, relations, outlooks and risks."""
    reported = reporters(ctx)
    skip = set(reported.values()) | ({ctx.publisher} if ctx.publisher else set())
    risks = risk_claims(ctx)
    claims: list[Claim] = list(metric_claims(ctx))
    claims += event_claims(ctx, reported)
    claims += relation_claims(ctx, skip)
    claims += outlook_claims(ctx, reported, risk_sections(ctx))
    claims += risks
    claims = attribute_reporters(ctx, claims, reported)
    lo, hi = ctx.note.body_range
    seen: set[str] = set()
    out = []
    for c in claims:
        if any(ev.start < lo or ev.end > hi for ev in c.evidence):
            continue  # a quote must come from the body, never from page chrome
        if c.iri not in seen:
            seen.add(c.iri)
            out.append(c)
    return out
