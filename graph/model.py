"""The data model: plain frozen dataclasses, no RDF library involved.

A reader turns a file into a :class:`Note`; the extractor turns a Note into an
:class:`Extraction` (entities, claims with their :class:`Evidence`, theses); the
mapping in :mod:`thesisgraph.graph.mapping` turns an Extraction into quads.

Evidence offsets are half-open ``[start, end)`` indexes into ``Note.text``, like
Python slices and the Web Annotation TextPositionSelector. Every object checks
its invariants when it is built and raises :class:`ModelError` when one breaks,
so an invalid claim never reaches the store.
"""

from __future__ import annotations

import enum
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


from .errors import ModelError

#: Characters of context kept on each side of a quote (``oa:prefix``/``oa:suffix``).
CONTEXT_CHARS = 32


class EntityKind(enum.Enum):
    """The one specific class of an entity (its ``rdf:type`` besides ``tg:Entity``)."""

    COMPANY = "Company"
    BUSINESS_UNIT = "BusinessUnit"
    PRODUCT = "Product"
    PERSON = "Person"
    ORGANIZATION = "Organization"
    PLACE = "Place"


class ClaimKind(enum.Enum):
    """The one specific class of a claim (its ``rdf:type`` besides ``tg:Claim``)."""

    METRIC = "MetricClaim"
    EVENT = "EventClaim"
    RELATION = "RelationClaim"
    OUTLOOK = "OutlookClaim"
    RISK = "RiskClaim"


#: Relations a RelationClaim may state (local names of ``tg:`` properties).
RELATIONS = frozenset(
    {"partOf", "competesWith", "develops", "supplies", "customerOf", "partnersWith", "invests"}
)


def sha256_hex(data: bytes | str) -> str:
    """Hex SHA-256 of bytes, or of a string's UTF-8 encoding."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True, kw_only=True)
class Note:
    """A document as a reader yields it: its text and what is known about it.

    ``text`` is what evidence offsets index into (and what is stored as
    ``tg:text``). ``body`` is the ``[start, end)`` range of ``text`` that is the
    note itself, page chrome (related-article lists, share buttons) left out;
    extraction only looks inside it.
    """

    path: str
    text: str
    sha256: str
    format: str
    title: str | None = None
    date: date | None = None
    publisher: str | None = None
    source_url: str | None = None
    tickers: tuple[str, ...] = ()
    thesis: str | None = None
    links: tuple[str, ...] = ()
    body: tuple[int, int] | None = None
    extra: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if self.body is not None:
            start, end = self.body
            if not 0 <= start <= end <= len(self.text):
                raise ModelError(f"{self.path}: body range {self.body} is outside the text")

    @property
    def body_range(self) -> tuple[int, int]:
        """The body range, the whole text when no chrome was found."""
        return self.body if self.body is not None else (0, len(self.text))


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """The exact span of a document's text that a claim rests on."""

    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.start, int) or not isinstance(self.end, int):
            raise ModelError(f"evidence offsets must be integers, got {self.start!r}, {self.end!r}")
        if not 0 <= self.start < self.end:
            raise ModelError(f"evidence offsets [{self.start}, {self.end}) are not a span")
        if len(self.exact) != self.end - self.start:
            raise ModelError(
                f"evidence quote {self.exact[:40]!r} has {len(self.exact)} characters "
                f"but its offsets span {self.end - self.start}"
            )

    @classmethod
    def from_text(cls, text: str, start: int, end: int) -> Evidence:
        """Evidence for ``text[start:end]``, with its prefix and suffix: never an invented quote."""
        if not 0 <= start < end <= len(text):
            raise ModelError(f"span [{start}, {end}) is outside a text of {len(text)} characters")
        return cls(
            start=start,
            end=end,
            exact=text[start:end],
            prefix=text[max(0, start - CONTEXT_CHARS) : start],
            suffix=text[end : end + CONTEXT_CHARS],
        )

    def check(self, text: str) -> None:
        """Raise ModelError unless this evidence is exactly ``text[start:end]``."""
        if text[self.start : self.end] != self.exact:
            raise ModelError(
                f"evidence [{self.start}, {self.end}) quotes {self.exact[:40]!r} "
                f"but the text there is {text[self.start:self.end][:40]!r}"
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity:
    """A real-world thing: company, business unit, product, person, organisation, place."""

    iri: str
    name: str
    kind: EntityKind
    aliases: frozenset[str] = frozenset()
    tickers: tuple[str, ...] = ()
    fiscal_year_end: str | None = None  # "--MM-DD" (xsd:gMonthDay)
    part_of: str | None = None  # IRI of the parent entity

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ModelError(f"entity {self.iri} has an empty name")
        if self.fiscal_year_end is not None and not re.fullmatch(
            r"--(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", self.fiscal_year_end
        ):
            raise ModelError(
                f"entity {self.name!r}: fiscal year end {self.fiscal_year_end!r} is not --MM-DD"
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class Period:
    """A reporting period: a normalised label and, where the calendar is known, its dates."""

    label: str  # "FY2026Q1", "2024Q4", "FY2025", "2025H1", "TTM"
    start: date | None = None
    end: date | None = None

    def __post_init__(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise ModelError(f"period {self.label}: start {self.start} is after end {self.end}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """Something a document asserts, pinned to the text it rests on.

    The fields a kind needs are checked: a metric claim needs ``metric``,
    ``value`` and ``unit``; a relation claim needs ``relation`` and ``obj``.
    """

    iri: str
    kind: ClaimKind
    about: str  # entity IRI
    statement: str
    evidence: tuple[Evidence, ...]
    asserted_by: str | None = None  # entity IRI
    reported_by: str | None = None  # entity IRI
    # metric claims
    metric: str | None = None  # lower-case metric name, e.g. "revenue growth yoy"
    value: Decimal | None = None
    unit: str | None = None  # ISO 4217 code or "percent"
    resolution: Decimal | None = None  # the place of the last stated digit, scale applied
    bound: str | None = None  # "lower" / "upper" for one end of a stated range
    period: Period | None = None
    # relation claims
    relation: str | None = None  # local name of a tg: property, see RELATIONS
    obj: str | None = None  # entity IRI
    # event claims
    date: str | None = None  # "YYYY-MM-DD" or "YYYY-MM"

    def __post_init__(self) -> None:
        if not self.evidence:
            raise ModelError(f"claim {self.iri} ({self.statement[:60]!r}) has no evidence")
        if not self.statement.strip():
            raise ModelError(f"claim {self.iri} has an empty statement")
        if self.kind is ClaimKind.METRIC:
            if self.metric is None or self.value is None or self.unit is None:
                raise ModelError(f"metric claim {self.iri} needs a metric, a value and a unit")
            if not isinstance(self.value, Decimal) or not self.value.is_finite():
                raise ModelError(f"metric claim {self.iri}: value {self.value!r} is not finite")
        if self.kind is ClaimKind.RELATION:
            if self.relation not in RELATIONS or self.obj is None:
                raise ModelError(
                    f"relation claim {self.iri} needs a relation (one of {sorted(RELATIONS)}) "
                    f"and an object, got {self.relation!r}"
                )
        if self.bound not in (None, "lower", "upper"):
            raise ModelError(f"claim {self.iri}: bound must be 'lower' or 'upper'")
        if self.date is not None and not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", self.date):
            raise ModelError(f"claim {self.iri}: date {self.date!r} is not YYYY-MM[-DD]")


@dataclass(frozen=True, slots=True, kw_only=True)
class Thesis:
    """A note's thesis: what it argues, who argues it, and the claims for and against."""

    iri: str
    statement: str
    about: str
    asserted_by: str | None = None
    supported_by: tuple[str, ...] = ()
    challenged_by: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Extraction:
    """Everything read out of one note, ready to be mapped to its named graph."""

    note: Note
    doc_iri: str
    entities: tuple[Entity, ...] = ()
    mentions: frozenset[str] = frozenset()  # IRIs of entities the note mentions
    surface_forms: tuple[tuple[str, str], ...] = ()  # (entity IRI, name as written)
    publisher: str | None = None  # entity IRI
    claims: tuple[Claim, ...] = ()
    theses: tuple[Thesis, ...] = ()
    metrics: tuple[str, ...] = field(default=())  # metric names used, for their nodes

    def check(self) -> None:
        """Raise ModelError unless every evidence quotes the note and every link resolves."""
        known = {e.iri for e in self.entities}
        for claim in self.claims:
            for ev in claim.evidence:
                ev.check(self.note.text)
            for ref in (claim.about, claim.asserted_by, claim.reported_by, claim.obj):
                if ref is not None and ref not in known:
                    raise ModelError(f"claim {claim.iri} refers to unknown entity {ref}")
        claim_iris = {c.iri for c in self.claims}
        for thesis in self.theses:
            for ev in thesis.evidence:
                ev.check(self.note.text)
            for ref in thesis.supported_by + thesis.challenged_by:
                if ref not in claim_iris:
                    raise ModelError(f"thesis {thesis.iri} refers to unknown claim {ref}")


