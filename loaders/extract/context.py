"""What the extraction passes share about one document.

The entity pass builds a :class:`DocContext` (sentences, entity mentions, the
entities they resolve to, the publisher and the note's main subject); the
metric and claim passes read it. Offsets are absolute indexes into
``note.text`` and always lie inside the note's body range.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass

from ...graph.model import Entity, Note


@dataclass(frozen=True, slots=True)
class Mention:
    """One place where the text names an entity: ``text[start:end] == surface``."""

    start: int
    end: int
    iri: str
    surface: str


@dataclass(frozen=True, slots=True)
class DocContext:
    """One document as the claim passes see it."""

    note: Note
    doc_iri: str
    #: ``[start, end)`` spans of the body's sentences, in text order.
    sentences: tuple[tuple[int, int], ...]
    #: Entity mentions in the body, sorted by start.
    mentions: tuple[Mention, ...]
    #: Every entity a claim may refer to, by IRI (mentioned ones, their parents, the publisher).
    entities: Mapping[str, Entity]
    #: IRI of the organisation that wrote the note, when known.
    publisher: str | None = None
    #: IRI of the entity the note is mainly about, when one stands out.
    subject: str | None = None
    #: IRIs in ``entities`` that the note does not name: the known business units of the
    #: companies it names, offered so that "its cloud revenue" can be about the cloud unit.
    #: They reach the graph only when a claim is about one of them.
    latent: frozenset[str] = frozenset()
    #: Starts of ``mentions`` and of ``sentences``, kept for bisection (filled in when built).
    mention_starts: tuple[int, ...] = ()
    sentence_starts: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if len(self.mention_starts) != len(self.mentions):
            object.__setattr__(self, "mention_starts", tuple(m.start for m in self.mentions))
        if len(self.sentence_starts) != len(self.sentences):
            object.__setattr__(self, "sentence_starts", tuple(a for a, _ in self.sentences))

    def sentence_at(self, pos: int) -> int:
        """Index of the sentence that starts at or before ``pos`` (-1 before the first)."""
        return bisect_right(self.sentence_starts, pos) - 1

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """Mentions that lie wholly inside ``[start, end)``."""
        i = bisect_left(self.mention_starts, start)
        out = []
        for m in self.mentions[i:]:
            if m.start >= end:
                break
            if m.end <= end:
                out.append(m)
        return out
