"""The note's thesis: what it argues, about whom, on which claims.

The statement is the front matter's ``thesis:`` when there is one, else the
headline (without a leading "Broker:" and with bracketed tickers dropped),
else the broker's first stated conclusion ("we believe ...", "is expected
to ..."). The thesis is supported by the note's metric, event, relation and
outlook claims about its subject (or the subject's units and parent) and
challenged by its risk claims. When its words occur in the body, they are its
evidence.
"""

from __future__ import annotations

import re

from ...graph.iri import child_iri
from ...graph.model import Claim, ClaimKind, Evidence, Thesis
from .context import DocContext

_TICKER = re.compile(r"\s*[(（][^()（）\n]{1,24}[)）]")
_CONCLUSION = re.compile(r"\b[Ww]e\s+(?:believe|expect|think|maintain|reiterate|see)\b|\bis\s+expected\s+to\b")
_MIN_TITLE = 12
_BYLINE = re.compile(r"(?:by|from|source|sources|author|published|updated|posted)\b|[\d\s:/.,-]+$", re.IGNORECASE)


def extract_thesis(ctx: DocContext, claims: list[Claim]) -> list[Thesis]:
    """The note's one thesis, or none when it has no statement or no subject."""
    subject = ctx.subject
    if subject is None:
        return []
    text = ctx.note.text
    lo, hi = ctx.note.body_range
    statement, span = _statement(ctx)
    if statement is None:
        return []
    family = _family(ctx, subject)
    supported = tuple(
        c.iri for c in claims
        if c.kind is not ClaimKind.RISK and (c.about in family or c.obj in family)
    )
    challenged = tuple(c.iri for c in claims if c.kind is ClaimKind.RISK)
    evidence: tuple[Evidence, ...] = ()
    if span is not None:
        evidence = (Evidence.from_text(text, *span),)
    else:
        at = text.find(statement, lo, hi)
        if at >= 0 and statement:
            evidence = (Evidence.from_text(text, at, at + len(statement)),)
    return [
        Thesis(
            iri=child_iri(ctx.doc_iri, "thesis", statement),
            statement=statement,
            about=subject,
            asserted_by=ctx.publisher,
            supported_by=supported,
            challenged_by=challenged,
            evidence=evidence,
        )
    ]


def _statement(ctx: DocContext) -> tuple[str | None, tuple[int, int] | None]:
    """The thesis text and, when it is quoted from the body, its span."""
    note = ctx.note
    text = note.text
    if note.thesis and note.thesis.strip():
        return " ".join(note.thesis.split()), None
    lo, hi = note.body_range
    title = (note.title or "").strip()
    if _BYLINE.match(title):
        title = ""  # a byline or a source line is no headline
    if len(title) >= _MIN_TITLE:
        at = text.find(title, lo, hi)
        if at >= 0:
            a, b = at, at + len(title)
            if ctx.publisher:
                for m in ctx.mentions_in(a, b):
                    if m.iri == ctx.publisher and m.start == a and text[m.end : m.end + 1] in (":", "："):
                        a = m.end + 1
            while a < b and text[a] in " \t#*":
                a += 1
            while b > a and text[b - 1] in " .。!！":
                b -= 1
            if b - a >= _MIN_TITLE:
                return _clean(text[a:b]), (a, b)
        return _clean(title), None
    for sa, sb in ctx.sentences:
        if _CONCLUSION.search(text, sa, sb):
            b = sb
            while b > sa and text[b - 1] in " .。":
                b -= 1
            return _clean(text[sa:b]), (sa, b)
    return None, None


def _clean(statement: str) -> str:
    return " ".join(_TICKER.sub("", statement).split())


def _family(ctx: DocContext, subject: str) -> set[str]:
    """The subject, its ancestors, and the entities that are part of it."""
    out = {subject}
    iri: str | None = subject
    while iri and iri in ctx.entities:
        iri = ctx.entities[iri].part_of
        if iri:
            out.add(iri)
    for e in ctx.entities.values():
        parent = e.part_of
        while parent:
            if parent == subject:
                out.add(e.iri)
                break
            parent = ctx.entities[parent].part_of if parent in ctx.entities else None
    return out
