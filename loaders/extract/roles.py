"""Who wrote a note and what it is mainly about.

The publisher is the front matter's ``publisher``, else the organisation on a
"Source:"/"By" line, else one named alone on a short line at the top, else
the broker that opens the headline ("Changjiang: ...") or "released a
report". The subject is the company the front matter's tickers name, else
the company named most (a business unit counts for its parent; the headline
counts more), never the publisher.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from ...graph.iri import entity_iri
from ...graph.model import Entity, EntityKind, Note
from ..gazetteer import Gazetteer
from . import lexicon
from .context import Mention
from .names import canonical_name, known_entity, looks_like_person

_SOURCE_LINE = re.compile(
    r"(?im)^[ \t]*(?:source|sources|by|from|author|authors|publisher|published\s+by|research\s+by|作者|来源|出处)"
    r"(?:[ \t]*[:：]|[ \t]+)[ \t]*(?P<who>[^\n]{2,120})$"
)
_BYLINE_PART = re.compile(r"[A-Z][\w&'’.-]*(?:[ \t]+(?:of[ \t]+|&[ \t]+)?[A-Z][\w&'’.-]*){0,5}")
_REPORT_BY = re.compile(
    r"[ \t]*(?:released|issued|published)\s+(?:a|an|its)\s+(?:\w+\s+){0,2}(?:report|note)"
    r"|['’]s\s+(?:main|key)\s+(?:points|views|conclusions)|\s+(?:maintains|reiterates|initiates|upgrades|downgrades)\b"
)


def find_publisher(
    note: Note,
    gaz: Gazetteer,
    add_entity: Callable[[dict[str, Entity], str], None],
    mentions: list[Mention],
    entities: dict[str, Entity],
    lo: int,
    hi: int,
) -> str | None:
    """Who wrote the note: front matter, a "Source:"/"By" line, a "Broker:" headline, "Broker released a report"."""
    if note.publisher:
        ent = gaz.lookup(note.publisher) or known_entity(gaz, note.publisher) or _new_org(note.publisher)
        if ent.iri in gaz.entities:
            add_entity(entities, ent.iri)
        else:
            entities.setdefault(ent.iri, ent)
        return ent.iri

    def org(m: Mention) -> bool:
        return entities[m.iri].kind not in (EntityKind.PERSON, EntityKind.PLACE, EntityKind.PRODUCT)

    text = note.text
    for line in _SOURCE_LINE.finditer(text, lo, hi):
        inside = [m for m in mentions if line.start("who") <= m.start < line.end() and org(m)]
        if inside:
            return inside[0].iri
        named = _byline_org(line.group("who"))
        if named is not None:
            ent = known_entity(gaz, named) or _new_org(named)
            if ent.iri in gaz.entities:
                add_entity(entities, ent.iri)
            else:
                entities.setdefault(ent.iri, ent)
            return ent.iri
    # A short line at the top naming one organisation ("Morning notes, Example Securities").
    for line in re.finditer(r"[^\n]+", text[lo : min(hi, lo + 400)]):
        a, b = lo + line.start(), lo + line.end()
        on_line = {m.iri for m in mentions if a <= m.start < b}
        if a > lo and b - a <= 80 and len(on_line) == 1:
            only = next(iter(on_line))
            if entities[only].kind is EntityKind.ORGANIZATION:
                return only
    votes: Counter[str] = Counter()
    for m in mentions:
        if not org(m):
            continue
        if m.start == lo and text.startswith((":", "："), m.end):
            votes[m.iri] += 2
        elif _REPORT_BY.match(text, m.end, hi):
            votes[m.iri] += 1
    for voted, _ in votes.most_common():
        if entities[voted].kind is EntityKind.ORGANIZATION:
            return voted
    return votes.most_common(1)[0][0] if votes else None


def _new_org(name: str) -> Entity:
    """A publisher the gazetteer does not know, filed like a discovered name (same IRI, same kind
    when its last word decides), else an organisation."""
    canonical = canonical_name(name)
    words = canonical.split()
    kind = lexicon.name_kind(words) if lexicon.suffix_kind(words) else EntityKind.ORGANIZATION
    return Entity(iri=entity_iri(canonical), name=canonical, kind=kind)


def _byline_org(who: str) -> str | None:
    """The organisation a byline names ("the Cloud Desk, Example Wire, 20 June 2025" -> "Example Wire")."""
    for part in re.split(r"[,;|/·]| - | – | and ", who):
        part = part.strip()
        m = _BYLINE_PART.fullmatch(part)
        if m is None:
            continue
        words = part.split()
        if re.search(r"\d", part) or words[0].lower() in lexicon.STOPWORDS:
            continue
        single = (
            len(words) == 1 and len(part) > 3 and part not in lexicon.PLACE_WORDS and not part.endswith(".")
        )
        pair = len(words) == 2 and not looks_like_person(words)
        if lexicon.suffix_kind(words) or len(words) >= 3 or pair or single:
            return part
    return None


def find_subject(
    note: Note,
    gaz: Gazetteer,
    mentions: list[Mention],
    entities: dict[str, Entity],
    publisher: str | None,
    sentences: tuple[tuple[int, int], ...],
) -> str | None:
    """The entity the note is mainly about: its ticker, else the most named company (units count for their parent)."""
    for t in note.tickers:
        code, _, ex = t.partition(".")
        ent = gaz.lookup_ticker(code, ex or None)
        if ent is not None and ent.iri in entities:
            return ent.iri
    first_end = sentences[0][1] if sentences else 0
    scores: Counter[str] = Counter()
    for m in mentions:
        ent = entities[m.iri]
        if m.iri == publisher or ent.kind not in (EntityKind.COMPANY, EntityKind.BUSINESS_UNIT):
            continue
        weight = 3 if m.start < first_end else 1
        while ent.part_of and ent.part_of in entities:
            ent = entities[ent.part_of]
        if ent.iri != publisher:
            scores[ent.iri] += weight
    if not scores:
        for m in mentions:
            if m.iri != publisher and entities[m.iri].kind is not EntityKind.PERSON:
                scores[m.iri] += 1
    return scores.most_common(1)[0][0] if scores else None
