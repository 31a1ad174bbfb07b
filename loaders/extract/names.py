"""Names of entities: the canonical form a discovered name is filed under, gazetteer lookups
that see through corporate suffixes, and whether a name reads as a person's."""

from __future__ import annotations

import re

from ...graph.model import Entity
from ..gazetteer import Gazetteer
from . import lexicon

#: Legal forms after a company's name ("Co., Ltd.", "Inc."), dropped from its canonical name.
LEGAL_TAIL = re.compile(
    r"\.?,?\s+(?:Co\.,?\s*Ltd|Co\.?,?\s+Limited|Co|Inc|Ltd|Corp|Corporation|Company|LLC|PLC|plc|Limited|S\.A|N\.V|AG)"
    r"\.?(?![\w-])"
)


def canonical_name(surface: str) -> str:
    """The name a discovered entity is filed under: spacing folded, legal suffixes dropped."""
    name = " ".join(surface.split())
    stripped = LEGAL_TAIL.sub("", name).rstrip(" ,.")
    while stripped != name:
        name = stripped
        stripped = LEGAL_TAIL.sub("", name).rstrip(" ,.")
    if name.lower().startswith("the ") and len(name) > 4:
        name = name[4:]
    return name or " ".join(surface.split())


def known_entity(gaz: Gazetteer, surface: str) -> Entity | None:
    """A gazetteer entity for a name, also once legal and generic corporate suffixes are dropped."""
    ent = gaz.lookup(surface) or gaz.lookup(canonical_name(surface))
    if ent is not None:
        return ent
    words = canonical_name(surface).split()
    while len(words) > 1 and words[-1] in lexicon.GENERIC_SUFFIXES:
        words.pop()
        ent = gaz.lookup(" ".join(words))
        if ent is not None:
            return ent
    return None


def looks_like_person(words: list[str]) -> bool:
    """Two or three capitalised alphabetic words with no company suffix."""
    return (
        1 <= len(words) <= 3
        and all(w[:1].isupper() and w.replace("-", "").replace("'", "").isalpha() for w in words)
        and lexicon.suffix_kind(words) is None
        and not any(w.isupper() and len(w) > 1 for w in words)
        and not any(w in lexicon.PLACE_WORDS for w in words)
    )
