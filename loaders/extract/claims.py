"""Claims that are not metrics: events, outlooks and risks, and who reported them.

- **Events**: a clause with an event verb ("announced", "launched",
  "proposed to invest", "is developing") and an entity, dated when the text
  gives a date ("On August 29, 2025", "In February 2025", "yesterday").
- **Outlooks**: forecasts and opinions ("is expected to", "we believe",
  "may indicate", a rating such as Buy or Outperform, a target price).
- **Risks**: each item of a "Risk Warning" / "Risks" list is one risk claim.
- **Second-hand sources**: "according to the Wall Street Journal", "Reuters
  reported", "citing Bloomberg" make that organisation ``reported_by`` of
  every claim of the sentence (metric claims included, see
  :func:`attribute_reporters`).

Every claim quotes the note exactly: its evidence is a span of the sentence
it comes from, trimmed of list markers and closing punctuation.
"""

from __future__ import annotations

import dataclasses
import re

from ...graph.iri import child_iri
from ...graph.model import Claim, ClaimKind, EntityKind, Evidence
from .context import DocContext, Mention
from .dates import find_dates

_EVENT_VERB = re.compile(
    r"\b(?:announc(?:ed|es)|launch(?:ed|es)|unveil(?:ed|s)|releas(?:ed|es)|introduc(?:ed|es)|propos(?:ed|es)"
    r"|sign(?:ed|s)|acquir(?:ed|es)|agreed|complet(?:ed|es)|open(?:ed|s)|fil(?:ed|es)|invest(?:ed|s)"
    r"|debut(?:ed|s)|list(?:ed|s)|began|start(?:ed|s)|(?:is|are|was|were)\s+developing|develop(?:ed|s)"
    r"|plans?\s+to|planned\s+to|partner(?:ed|s)|entered|won|hired|appointed|approved|banned|restricted"
    r"|shipp(?:ed|s)|deliver(?:ed|s)|rais(?:ed|es)|cut|completed|closed|spun\s+off|merged|bought|sold"
    r"|received|secured|obtained|introduced|rolled\s+out|held|hosted|reported|posted)\b"
    r"|推出|发布|宣布|签署|收购|投资|上线|研发|开发|计划|提出|完成|启动|获得"
)
_STRONG_EVENT = re.compile(
    r"\s+(?:has\s+|have\s+|had\s+|on\s+\w+day\s+)?(?:announced|launched|unveiled|acquired|signed|completed"
    r"|agreed\s+to|released|introduced|rolled\s+out|filed|debuted|opened|partnered|raised|spun\s+off)\b"
)
_PERIOD_DATE = re.compile(r"(?:ended|ending|ends|end(?:ed)?\s+of|as\s+of|through|until|by|before|from)\s*$", re.IGNORECASE)
_OUTLOOK = re.compile(
    r"\b(?:is|are|was|were|remains?)\s+(?:expected|projected|forecast|likely|poised|set|on\s+track|unlikely)\s+to\b"
    r"|\b[Ww]e\s+(?:believe|expect|think|forecast|estimate|project|anticipate|maintain|reiterate|see|remain"
    r"|are\s+(?:positive|optimistic|bullish|cautious|confident))\b"
    r"|\b(?:may|might|could|should|will\s+likely|is\s+set\s+to)\s+(?:indicate|drive|benefit|undergo|boost|improve"
    r"|accelerate|reach|continue|lead|support|usher|rise|grow|recover|rebound|face|remain)\b"
    r"|\b(?:expects?|anticipates?|forecasts?|projects?|guides?|guided)\s+(?:that\s+)?(?:its\s+|the\s+|a\s+)?\w+"
    r"|\b(?:target\s+price|price\s+target|fair\s+value|guidance|outlook)\b"
    r"|预计|预期|我们认为|有望|目标价|维持[^。；\n]{0,8}评级|(?:买入|增持|推荐|中性|减持)评级"
    r"|\bTP\b|\b(?:rating|rate[sd]?|maintain\w*|reiterat\w*|initiat\w*|upgrad\w*|downgrad\w*|kept|keeps|stays"
    r"|remains|cut|cuts|raised|lifted)\b[^.;\n]{0,40}?"
    r"\b(?:Buy|Strong\s+Buy|Outperform|Overweight|Accumulate|Add|Neutral|Hold|Market\s+Perform|Equal[- ]weight"
    r"|Underperform|Underweight|Reduce|Sell)\b"
)
_RISK_HEADING = re.compile(
    r"(?im)^[ \t#*]*(?:main\s+|key\s+|major\s+|investment\s+)?"
    r"(?:risk\s+warnings?|risk\s+factors|risk\s+disclosures?|risk\s+reminders?|risk\s+tips?|risks?"
    r"|风险提示|风险因素)[ \t*]*(?:[:：][ \t*]*(?P<rest>[^\n]*))?$"
)
_ITEM = re.compile(r"[ \t]*(?:[-*•·▪●]|\(?\d{1,2}[.)、]|\(?[a-z][.)]|[①-⑳])[ \t]*")
_ITEM_SPLIT = re.compile(r"[;；]")
_REPORTER = re.compile(
    r"(?:according\s+to|citing|cited\s+by|as\s+reported\s+by|reported\s+by|a\s+report\s+(?:by|from|in))"
    r"\s+(?:a\s+report\s+(?:by|from|in)\s+|the\s+|an?\s+)?$|据\s*$",
    re.IGNORECASE,
)
_REPORTER_AFTER = re.compile(r"\s+(?:first\s+)?(?:reported|reports)\b|['’]s?\s+report(?:ed|s)?\b|\s*(?:报道|消息称)")
#: Nothing but a cited source between a date and the actor ("On May 2, according to Reuters, X ...").
_ONLY_SOURCE = re.compile(r"[\s,，]*(?:(?:according\s+to|citing|per)\b[^,，\n]{0,80}[,，])?[\s,，]*", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[;；]")


def _sentence_index(ctx: DocContext, pos: int) -> int:
    return ctx.sentence_at(pos)


def _clauses(ctx: DocContext, a: int, b: int) -> list[tuple[int, int]]:
    """The clauses of a sentence: split at semicolons, trimmed."""
    text = ctx.note.text
    out = []
    start = a
    for m in _CLAUSE_BREAK.finditer(text, a, b):
        out.append(_trim(text, start, m.start()))
        start = m.end()
    out.append(_trim(text, start, b))
    return [(s, e) for s, e in out if e > s]


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] in ",，"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ".,;；:：。"):
        b -= 1
    return a, b


def _one_line(text: str, limit: int = 240) -> str:
    s = " ".join(text.replace("[[", "").replace("]]", "").split())
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def reporters(ctx: DocContext) -> dict[int, str]:
    """Second-hand sources by sentence index: "according to X", "citing X", "X reported"."""
    text = ctx.note.text
    out: dict[int, str] = {}
    for m in ctx.mentions:
        ent = ctx.entities[m.iri]
        if ent.kind not in (EntityKind.ORGANIZATION, EntityKind.COMPANY) or m.iri == ctx.publisher:
            continue
        i = _sentence_index(ctx, m.start)
        if i < 0:
            continue
        s0 = ctx.sentences[i][0]
        if _REPORTER.search(text, max(s0, m.start - 40), m.start) or (
            ent.kind is EntityKind.ORGANIZATION and _REPORTER_AFTER.match(text, m.end, ctx.sentences[i][1])
        ):
            out.setdefault(i, m.iri)
    return out


def _actors(ctx: DocContext, a: int, b: int, skip: set[str]) -> list[Mention]:
    return [
        m for m in ctx.mentions_in(a, b)
        if m.iri not in skip and ctx.entities[m.iri].kind is not EntityKind.PLACE
    ]


def event_claims(ctx: DocContext, reported: dict[int, str]) -> list[Claim]:
    """Dated events, and undated ones announced by a named entity."""
    text = ctx.note.text
    today = ctx.note.date
    found: dict[tuple[str, str | None, str], Claim] = {}
    for i, (sa, sb) in enumerate(ctx.sentences):
        reporter = reported.get(i)
        skip = {x for x in (reporter, ctx.publisher) if x}
        for ca, cb in _clauses(ctx, sa, sb):
            verb = _EVENT_VERB.search(text, ca, cb)
            if verb is None:
                continue
            dates = [
                d for d in find_dates(text, ca, cb, today)
                if d.start < verb.start() and not _PERIOD_DATE.search(text, max(ca, d.start - 12), d.start)
            ]
            date = dates[-1] if dates else None
            start = date.start if date else ca
            actors = _actors(ctx, start, verb.start(), skip) or _actors(ctx, ca, verb.start(), skip)
            if date is None:
                actors = [m for m in actors if _STRONG_EVENT.match(text, m.end, cb)]
                if not actors:
                    continue
            elif not actors:
                continue
            actor = actors[-1] if date is None else actors[0]
            if date is None:
                start = actor.start
            # What happened: the words after the date (or after the actor when undated).
            frm = actor.end
            if date is not None and not _ONLY_SOURCE.fullmatch(text, date.end, actor.start):
                frm = date.end
            what = _one_line(text[frm:cb].lstrip(" ,，"))
            if not what:
                continue
            name = ctx.entities[actor.iri].name
            when = f" ({date.value})" if date else ""
            key = (actor.iri, date.value if date else None, " ".join(what.lower().split()[:6]))
            ev = Evidence.from_text(text, start, cb)
            if key in found:
                old = found[key]
                if all(e.start != ev.start for e in old.evidence):
                    found[key] = dataclasses.replace(old, evidence=(*old.evidence, ev))
                continue
            found[key] = Claim(
                iri=child_iri(ctx.doc_iri, "claim", "event", str(start), str(cb)),
                kind=ClaimKind.EVENT,
                about=actor.iri,
                statement=f"{name}{when}: {what}",
                evidence=(ev,),
                asserted_by=ctx.publisher,
                reported_by=reporter,
                date=date.value if date else None,
            )
    return list(found.values())


def outlook_claims(ctx: DocContext, reported: dict[int, str], exclude: list[tuple[int, int]]) -> list[Claim]:
    """Forecasts, opinions, ratings and targets, one claim per distinct clause."""
    text = ctx.note.text
    found: dict[str, Claim] = {}
    for i, (sa, sb) in enumerate(ctx.sentences):
        if any(a <= sa < b for a, b in exclude):
            continue
        reporter = reported.get(i)
        skip = {x for x in (reporter, ctx.publisher) if x}
        for ca, cb in _clauses(ctx, sa, sb):
            hit = _OUTLOOK.search(text, ca, cb)
            if hit is None:
                continue
            actors = [
                m for m in _actors(ctx, ca, cb, skip)
                if ctx.entities[m.iri].kind in (EntityKind.COMPANY, EntityKind.BUSINESS_UNIT, EntityKind.PRODUCT)
            ]
            before = [m for m in actors if m.start < hit.start()]
            about = (before[-1] if before else actors[0]).iri if actors else ctx.subject
            if about is None:
                continue
            # A broker named in the clause ("Goldman Sachs cut X to Neutral") is who holds the view.
            brokers = [
                m.iri for m in ctx.mentions_in(ca, cb)
                if ctx.entities[m.iri].kind is EntityKind.ORGANIZATION and m.iri != reporter
            ]
            holder = brokers[0] if brokers else ctx.publisher
            statement = _one_line(text[ca:cb])
            key = " ".join(statement.lower().split())
            ev = Evidence.from_text(text, ca, cb)
            if key in found:
                old = found[key]
                found[key] = dataclasses.replace(old, evidence=(*old.evidence, ev))
                continue
            found[key] = Claim(
                iri=child_iri(ctx.doc_iri, "claim", "outlook", str(ca), str(cb)),
                kind=ClaimKind.OUTLOOK,
                about=about,
                statement=statement,
                evidence=(ev,),
                asserted_by=holder,
                reported_by=reporter,
            )
    return list(found.values())


def risk_sections(ctx: DocContext) -> list[tuple[int, int]]:
    """``[start, end)`` of each risk list in the body (heading included)."""
    return [(a, b) for a, b, _ in _risk_items(ctx)]


def _risk_items(ctx: DocContext) -> list[tuple[int, int, list[tuple[int, int]]]]:
    text = ctx.note.text
    lo, hi = ctx.note.body_range
    out = []
    for h in _RISK_HEADING.finditer(text, lo, hi):
        items: list[tuple[int, int]] = []
        if (h.group("rest") or "").strip():
            items = _split_items(text, h.start("rest"), h.end("rest"))
            out.append((h.start(), h.end(), items))
            continue
        pos = h.end() + 1
        end = pos
        blank = False
        while pos < hi:
            nl = text.find("\n", pos, hi)
            line_end = hi if nl < 0 else nl
            line = text[pos:line_end]
            if not line.strip():
                blank = True
            else:
                marker = _ITEM.match(text, pos, line_end)
                if marker is not None and marker.end() < line_end:
                    items.append(_trim(text, marker.end(), line_end))
                elif not items and not blank:
                    items.extend(_split_items(text, pos, line_end))
                else:
                    break
                end = line_end
            pos = line_end + 1
        if items:
            out.append((h.start(), end, [(a, b) for a, b in items if b > a]))
    return out


def _split_items(text: str, a: int, b: int) -> list[tuple[int, int]]:
    out = []
    start = a
    for m in _ITEM_SPLIT.finditer(text, a, b):
        out.append(_trim(text, start, m.start()))
        start = m.end()
    out.append(_trim(text, start, b))
    return [(s, e) for s, e in out if e - s >= 3]


def risk_claims(ctx: DocContext) -> list[Claim]:
    """One risk claim per item of each risk list."""
    text = ctx.note.text
    about = ctx.subject
    if about is None:
        return []
    out = []
    for _, _, items in _risk_items(ctx):
        for a, b in items:
            marker = _ITEM.match(text, a, b)
            if marker is not None and marker.end() < b:
                a = marker.end()
            out.append(
                Claim(
                    iri=child_iri(ctx.doc_iri, "claim", "risk", str(a), str(b)),
                    kind=ClaimKind.RISK,
                    about=about,
                    statement=_one_line(text[a:b]),
                    evidence=(Evidence.from_text(text, a, b),),
                    asserted_by=ctx.publisher,
                )
            )
    return out


def attribute_reporters(ctx: DocContext, claims: list[Claim], reported: dict[int, str]) -> list[Claim]:
    """Give claims from a sentence that cites a second-hand source that source as ``reported_by``."""
    out = []
    for c in claims:
        if c.reported_by is None and c.evidence:
            i = _sentence_index(ctx, c.evidence[0].start)
            if i in reported and reported[i] != c.about:
                c = dataclasses.replace(c, reported_by=reported[i])
        out.append(c)
    return out
