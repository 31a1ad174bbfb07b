"""Relation claims: who competes with, develops, supplies, partners with or invests in whom.

Two entities named close together in one sentence are related when the
words between them say how ("Alibaba is developing a chip ... to fill the
gap left by NVIDIA" -> competes with; "Alibaba has models such as Qwen" ->
develops; "T-Head, a unit of Alibaba" -> part of). A sentence about
competition links the entity named next to the word with the nearest other,
unrelated company. Each relation is stated once per note, with every
sentence that states it as evidence; the mapping also asserts the direct
entity-to-entity edge.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from ...graph.iri import child_iri
from ...graph.model import Claim, ClaimKind, Entity, EntityKind, Evidence
from .context import DocContext, Mention

_ORGS = (EntityKind.COMPANY, EntityKind.BUSINESS_UNIT, EntityKind.ORGANIZATION)
_PRODUCTS = (EntityKind.PRODUCT,)
_ANY = (EntityKind.COMPANY, EntityKind.BUSINESS_UNIT, EntityKind.ORGANIZATION, EntityKind.PRODUCT)

#: (relation, words between subject and object, reversed?, kinds of the object).
_BETWEEN: list[tuple[str, re.Pattern[str], bool, tuple[EntityKind, ...]]] = [
    ("partOf", re.compile(
        r"^,?\s+(?:a|an|the|its)\s+(?:[\w-]+\s+){0,3}?(?:unit|arm|division|subsidiary|affiliate|business)\s+of\s+(?:the\s+)?$"
        r"|^\s+(?:is|was)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:unit|arm|division|subsidiary|affiliate)\s+of\s+$"
        r"|^,?\s+(?:(?:which|that)\s+is\s+)?(?:wholly\s+|majority[- ])?owned\s+by\s+$"), False, _ORGS),
    ("partOf", re.compile(
        r"^['’]s?\s+(?:[\w-]+\s+){0,3}?(?:unit|arm|division|subsidiary|affiliate|business)\s*,?\s*$"), True, _ORGS),
    ("competesWith", re.compile(
        r"\b(?:compet(?:es|ed|ing|itor|itors|ition)|rival(?:s|ed|ing)?|versus|vs\.?|against|challeng(?:e|es|ed|ing)"
        r"|tak(?:e|es|ing)\s+on|replac(?:e|es|ed|ing)|alternative\s+to|substitute\s+for|market\s+share\s+from"
        r"|catch(?:ing)?\s+up\s+with|overtak(?:e|es|en|ing)|gap\b[^.;]{0,60}\bleft\s+by|instead\s+of)\b"), False, _ORGS),
    ("develops", re.compile(
        r"\b(?:develop(?:s|ed|ing)?|buil[dt]s?|building|launch(?:es|ed|ing)?|unveil(?:s|ed|ing)?|releas(?:es|ed|ing)"
        r"|design(?:s|ed|ing)?|creat(?:es|ed|ing)|train(?:s|ed|ing)|open-sourc(?:es|ed|ing)|introduc(?:es|ed|ing)"
        r"|(?:makes|made)(?!\s+(?:after|before|when|while|as|by|in|on|at|it|its|the|a|an|up)\b)|maker\s+of|developer\s+of|creator\s+of)\b"
        r"|\b(?:models?|chips?|products?|platforms?|brands?|apps?|services?|assistants?|processors?)\s+(?:such\s+as"
        r"|including|like|called|named)\b|['’]s\s+(?:own\s+)?(?:[\w-]+\s+){0,2}$"), False, _PRODUCTS),
    ("supplies", re.compile(
        r"\b(?:suppl(?:ies|ied|ying)|supply\s+(?:[\w-]+\s+){0,3}?to|supplier\s+(?:of|to)|provid(?:es|ed|ing)\s+(?:[\w-]+\s+){0,5}?to"
        r"|sell(?:s|ing)?\s+(?:[\w-]+\s+){0,5}?to|sold\s+(?:[\w-]+\s+){0,5}?to|ship(?:s|ped|ping)\s+(?:[\w-]+\s+){0,5}?to)\b"),
        False, _ORGS),
    ("supplies", re.compile(
        r"\b(?:buy(?:s|ing)?|bought|sourc(?:es|ed|ing)|procur(?:es|ed|ing)|order(?:s|ed)|purchas(?:es|ed|ing))"
        r"\s+(?:[\w-]+\s+){0,5}?from\s+$|\b(?:relies|rely|relied|depends?)\s+on\s+(?:[\w-]+\s+){0,4}?from\s+$"), True, _ORGS),
    ("customerOf", re.compile(r"\b(?:customer|client)s?\s+of\b"), False, _ORGS),
    ("customerOf", re.compile(r"\b(?:customers|clients)\s+(?:include|including|such\s+as|like)\b"), True, _ORGS),
    ("partnersWith", re.compile(
        r"\b(?:partner(?:s|ed|ing|ship)?|team(?:s|ed)?\s+up|collaborat(?:es|ed|ing|ion)|alliance|joint\s+venture"
        r"|cooperat(?:es|ed|ing|ion))\b"), False, _ORGS),
    ("invests", re.compile(
        r"\b(?:invest(?:s|ed|ing)?\s+(?:[\w$.,-]+\s+){0,4}?in|stake\s+in|back(?:s|ed|ing)|fund(?:s|ed|ing)\s+round"
        r"|acquir(?:e|es|ed|ing)|bought|takeover\s+of|investment\s+in|led\s+(?:a|an|the)\s+(?:[\w$.,-]+\s+){0,3}?"
        r"(?:round|investment))\b"), False, _ORGS),
    ("invests", re.compile(r"\b(?:backed|funded|acquired|bought)\s+by\s+$"), True, _ORGS),
]
_COMPETITION = re.compile(r"\b(?:competition|competitors?|compet(?:es|ing|e)|rival(?:s|ry)?)\b")
_VERB_TEXT = {
    "partOf": "is part of", "competesWith": "competes with", "develops": "develops", "supplies": "supplies",
    "customerOf": "is a customer of", "partnersWith": "partners with", "invests": "invests in",
}
_MAX_GAP = 160
#: After a name, what makes the name before it its unit: "T-Head, Alibaba's chip unit".
_POSS_UNIT = re.compile(r"['’]s?\s+(?:[a-z][\w-]*\s+){0,3}?(?:unit|arm|division|subsidiary|affiliate)\b")
#: The main clause going on after a relative or appositive clause.
_CLAUSE_RESUME = re.compile(r",\s+(?:is|are|was|were|has|have|had|will|remains|also)\b")
_LIST_JOIN = re.compile(r"\s*(?:,|、|，)?\s*(?:(?:and|or|as\s+well\s+as|&)\s+)?(?:its\s+|the\s+)?")
_Add = Callable[[str, Mention, Mention, int, int], None]


def _related(entities: dict[str, Entity], a: str, b: str) -> bool:
    """Whether one entity is the other or one of its ancestors."""
    for x, y in ((a, b), (b, a)):
        seen = x
        while seen:
            if seen == y:
                return True
            seen = entities[seen].part_of if seen in entities else None  # type: ignore[assignment]
    return False


def relation_claims(ctx: DocContext, skip: set[str]) -> list[Claim]:
    """Relations stated in the body, one claim per (subject, relation, object)."""
    text = ctx.note.text
    ents = dict(ctx.entities)
    found: dict[tuple[str, str, str], Claim] = {}

    def add(rel: str, subj: Mention, obj: Mention, a: int, b: int) -> None:
        s, o = subj.iri, obj.iri
        if s == o or (rel != "partOf" and _related(ents, s, o)):
            return
        if rel == "competesWith" and (o, rel, s) in found:
            s, o = o, s
        key = (s, rel, o)
        ev = Evidence.from_text(text, a, b)
        if key in found:
            old = found[key]
            if all(e.start != a for e in old.evidence):
                found[key] = dataclasses.replace(old, evidence=(*old.evidence, ev))
            return
        found[key] = Claim(
            iri=child_iri(ctx.doc_iri, "claim", "relation", s, rel, o),
            kind=ClaimKind.RELATION,
            about=s,
            statement=f"{ents[s].name} {_VERB_TEXT[rel]} {ents[o].name}",
            evidence=(ev,),
            asserted_by=ctx.publisher,
            relation=rel,
            obj=o,
        )

    for sa, sb in ctx.sentences:
        ms = [m for m in ctx.mentions_in(sa, sb) if m.iri not in skip and ents[m.iri].kind in _ANY]
        if len(ms) < 2:
            continue
        for i in range(len(ms) - 1):
            _pair(text, ms, i, ents, add)
        _competition(ctx, ms, sa, sb, ents, add)
    return list(found.values())


def _pair(text: str, ms: list[Mention], i: int, ents: dict[str, Entity], add: _Add) -> None:
    """Relate a mention to the next one by the words between them; a list that follows
    ("such as Qwen, Kimi and Doubao") shares the relation."""
    x, y = ms[i], ms[i + 1]
    if y.start - x.end > _MAX_GAP or x.iri == y.iri:
        return
    between = text[x.end : y.start]
    if ";" in between or "；" in between:
        return
    if between.strip() == "," and _POSS_UNIT.match(text, y.end):
        add("partOf", x, y, x.start, _POSS_UNIT.match(text, y.end).end())  # type: ignore[union-attr]
        return
    if _CLAUSE_RESUME.search(between) and ms[0].iri not in (x.iri, y.iri):
        x = ms[0]  # "A, which deals with B, is trying to catch up with C": A is the subject
    for rel, pattern, flip, kinds in _BETWEEN:
        if (rel == "develops" and len(between) > 60) or not pattern.search(between):
            continue
        group = [y]
        for z in ms[i + 2 :]:
            if not _LIST_JOIN.fullmatch(text, group[-1].end, z.start):
                break
            group.append(z)
        matched = False
        for obj_m in group:
            subj, obj = (obj_m, x) if flip else (x, obj_m)
            if ents[obj.iri].kind in kinds and ents[subj.iri].kind is not EntityKind.PRODUCT:
                add(rel, subj, obj, x.start, obj_m.end)
                matched = True
        if matched:
            return


def _competition(
    ctx: DocContext, ms: list[Mention], sa: int, sb: int, ents: dict[str, Entity], add: _Add
) -> None:
    """A sentence about competition: the entity next to the word competes with the nearest other company."""
    text = ctx.note.text
    orgs = [m for m in ms if ents[m.iri].kind in (EntityKind.COMPANY, EntityKind.BUSINESS_UNIT)]
    if len({m.iri for m in orgs}) < 2:
        return
    k = _COMPETITION.search(text, sa, sb)
    if k is None:
        return
    after = [m for m in orgs if k.end() <= m.start <= k.end() + 120]
    before = [m for m in orgs if m.end <= k.start()]
    x = after[0] if after else (before[-1] if before else None)
    if x is None:
        return
    others = sorted(
        (m for m in orgs if m.iri != x.iri and not _related(ents, m.iri, x.iri)),
        key=lambda m: abs(m.start - x.start),
    )
    if not others:
        return
    y = others[0]
    a = min(k.start(), x.start, y.start)
    b = max(k.end(), x.end, y.end)
    add("competesWith", x, y, a, b)
