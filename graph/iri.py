"""Minting IRIs for documents, entities, claims and evidence.

Every IRI is built from a slug of ASCII letters, digits and dashes plus, where
needed, a short hash, so it is always a valid IRI whatever the name it comes
from (spaces, quotes, angle brackets, any script, any length), and the same
input always gives the same IRI.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from .namespace import ID

_SLUG_MAX = 60


def _digest(*parts: str, size: int = 12) -> str:
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8"))
    return h.hexdigest()[:size]


def slug(name: str) -> str:
    """A lower-case ASCII slug of ``name`` ("Alibaba Cloud" -> "alibaba-cloud").

    Names with no ASCII letters or digits (e.g. "阿里云") give an empty slug;
    callers add a hash so the IRI stays unique.
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return s[:_SLUG_MAX].rstrip("-")


def entity_key(name: str) -> str:
    """The key that decides whether two names are the same entity when nothing else does."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", name)).strip().casefold()


def entity_iri(name: str) -> str:
    """The IRI of an entity from its canonical name."""
    s = slug(name)
    key = entity_key(name)
    if s and s.replace("-", " ") == key:
        return f"{ID}entity/{s}"
    return f"{ID}entity/{s + '-' if s else ''}{_digest(key, size=10)}"


def metric_iri(metric: str) -> str:
    """The IRI of a ``tg:Metric`` from its lower-case name ("revenue growth yoy")."""
    s = slug(metric)
    return f"{ID}metric/{s}" if s and s.replace("-", " ") == metric else (
        f"{ID}metric/{s + '-' if s else ''}{_digest(metric, size=10)}"
    )


def series_iri(entity: str, metric: str) -> str:
    """The IRI of the ``tg:MetricSeries`` of an entity's metric, from the two IRIs."""
    return f"{ID}series/{entity.rsplit('/', 1)[-1]}-{_digest(entity, metric, size=16)}"


def document_iri(source: str) -> str:
    """The IRI of a document from where it was read (an absolute path or a URL)."""
    tail = source.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    stem = tail.rsplit(".", 1)[0] if "." in tail else tail
    s = slug(stem)
    return f"{ID}doc/{s + '-' if s else ''}{_digest(source)}"


#: Hex digits of the digest that ends a child IRI (see :func:`child_iri`).
CHILD_DIGEST = 16


def child_iri(parent: str, kind: str, *parts: str) -> str:
    """A deterministic IRI for something inside a document (claim, evidence, thesis):
    ``{ID}{kind}/{the document IRI's last segment}-{16 hex digits}``, so that the document a
    child comes from can be read back from its IRI (:func:`parent_pattern`)."""
    doc_part = parent.rsplit("/", 1)[-1]
    return f"{ID}{kind}/{doc_part}-{_digest(parent, *parts, size=CHILD_DIGEST)}"


def parent_pattern(kind: str) -> str:
    """A regular expression (Python's ``re``) matching the IRIs :func:`child_iri` makes for
    ``kind``; its one group is the last segment of the document's IRI, which is ``{ID}doc/``
    followed by that group."""
    return f"^{re.escape(ID + kind)}/(.+)-[0-9a-f]{{{CHILD_DIGEST}}}$"
