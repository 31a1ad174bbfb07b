"""Scoring the extractor: what a store holds, against hand-made gold annotations.

Gold files are read by :mod:`thesisgraph.gold`. The store is read back through
SPARQL, so the score is that of what a researcher sees, not of extractor
internals:

- An **entity** of a document is one it ``tg:mentions`` or its
  ``dcterms:publisher``. It matches a gold entity when any of its names
  (``rdfs:label``, ``skos:altLabel``) equals any of the gold entity's names
  (``name``, ``surface``, ``aliases``), ignoring case and spacing; matching is
  one to one. Stored entities named in ``optional_entities`` count neither way;
  those in ``not_entities_of_this_note`` are false positives, listed apart.
- A **metric claim** matches a gold metric when the subject matches as above,
  the metric name is the same (ignoring case), the unit is the same, the value
  lies within the rounding of the gold figure (half a unit in its last stated
  digit), and the period agrees: the same label (ignoring case and spaces), or
  the same start and end dates. A fact stated several times in a note is
  scored once: stored claims are grouped by subject, metric, value, unit and
  period before matching, like the gold, which lists distinct facts.
- A **conflict** listed in a gold file (``subject``, ``metric``, ``period``) is
  found when one of the document's metric claims on that subject, metric and
  period carries a ``tg:conflictsWith`` link; links on other figures are extra.

Scores are precision, recall and F1 per document and micro-averaged over all
documents. A gold file whose note did not load counts as all misses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .gold import (
    Gold,
    GoldEntity,
    GoldMetric,
    fmt_decimal,
    normalize_metric,
    normalize_name,
    normalize_period,
    read_gold,
    read_gold_files,
)
from .graph.errors import LoaderError

if TYPE_CHECKING:
    from .graph.store import Store

__all__ = [
    "DocScore",
    "EvalReport",
    "Gold",
    "GoldEntity",
    "GoldMetric",
    "Score",
    "evaluate",
    "evaluate_store",
    "read_gold",
    "read_gold_files",
    "read_store",
]

# --------------------------------------------------------------------------- store

_PREFIXES = """\
PREFIX tg: <https://w3id.org/thesisgraph/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""

_Q_DOCS = _PREFIXES + """
SELECT ?doc ?source WHERE { GRAPH ?doc { ?doc a tg:Document ; dcterms:source ?source } }
"""

_Q_DOC_ENTITIES = _PREFIXES + """
SELECT DISTINCT ?doc ?e WHERE {
  GRAPH ?doc { ?doc a tg:Document . { ?doc tg:mentions ?e } UNION { ?doc dcterms:publisher ?e } }
}
"""

_Q_NAMES = _PREFIXES + """
SELECT ?e ?label ?alt WHERE { ?e a tg:Entity ; rdfs:label ?label . OPTIONAL { ?e skos:altLabel ?alt } }
"""

_Q_CONFLICTS = _PREFIXES + """
SELECT DISTINCT ?doc ?e ?metric ?period WHERE {
  GRAPH ?doc { ?c a tg:MetricClaim ; prov:wasDerivedFrom ?doc ; tg:about ?e ; tg:metric ?m .
               OPTIONAL { ?c tg:period ?period } }
  ?c tg:conflictsWith ?other .
  ?m rdfs:label ?metric .
}
"""

_Q_METRICS = _PREFIXES + """
SELECT ?doc ?c ?e ?metric ?value ?unit ?period ?start ?end ?quote WHERE {
  GRAPH ?doc {
    ?c a tg:MetricClaim ; prov:wasDerivedFrom ?doc ; tg:about ?e ; tg:metric ?m ;
       tg:value ?value ; tg:unit ?unit .
    OPTIONAL { ?c tg:period ?period }
    OPTIONAL { ?c tg:periodStart ?start }
    OPTIONAL { ?c tg:periodEnd ?end }
    OPTIONAL { ?c tg:evidence/oa:exact ?quote }
  }
  ?m rdfs:label ?metric .
}
"""


@dataclass(frozen=True, slots=True)
class StoredEntity:
    """An entity as the store names it."""

    iri: str
    label: str
    names: frozenset[str]


@dataclass(frozen=True, slots=True)
class StoredMetric:
    """One distinct metric fact in a stored document (claims stating it grouped together)."""

    subject: StoredEntity
    metric: str
    value: Decimal
    unit: str
    period: str | None
    period_start: date | None
    period_end: date | None
    quotes: tuple[str, ...]
    #: Every label the period was stated with (one fact may carry a fiscal and a calendar label).
    period_labels: tuple[str, ...] = ()

    def describe(self) -> str:
        period = " = ".join(self.period_labels) or self.period or "no period"
        return f"{self.subject.label} | {self.metric} | {fmt_decimal(self.value)} {self.unit} | {period}"


@dataclass(frozen=True, slots=True)
class StoredDoc:
    """What the store holds for one document."""

    iri: str
    source: str
    stem: str
    entities: tuple[StoredEntity, ...]
    metrics: tuple[StoredMetric, ...]
    #: (subject, metric, period) of this document's metric claims linked by ``tg:conflictsWith``.
    conflicts: tuple[tuple[StoredEntity, str, str | None], ...] = ()


def _stem(source: str) -> str:
    return Path(source).stem


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def read_store(store: Store) -> dict[str, StoredDoc]:
    """Every document in ``store`` with its entities and distinct metric facts, by file stem.

    A LoaderError names two documents that share a stem: gold files could not tell them apart.
    """
    names: dict[str, tuple[str, set[str]]] = {}
    for row in store.query(_Q_NAMES).rows():
        label, alts = names.setdefault(str(row["e"]), (str(row["label"]), set()))
        alts.add(normalize_name(label))
        if "alt" in row:
            alts.add(normalize_name(str(row["alt"])))
    entities = {iri: StoredEntity(iri=iri, label=label, names=frozenset(ns)) for iri, (label, ns) in names.items()}

    def entity(iri: str) -> StoredEntity:
        return entities.get(iri) or StoredEntity(iri=iri, label=iri, names=frozenset())

    doc_entities: dict[str, list[StoredEntity]] = {}
    for row in store.query(_Q_DOC_ENTITIES).rows():
        doc_entities.setdefault(str(row["doc"]), []).append(entity(str(row["e"])))
    # One fact: same subject, metric, value and unit, and the same period: the same dates where
    # they are known (FY2026Q1 and 2025Q2 of Alibaba are one quarter), else the same label.
    facts: dict[str, dict[tuple[Any, ...], tuple[set[str], list[str]]]] = {}
    for row in store.query(_Q_METRICS).rows():
        period_label = None if row.get("period") is None else str(row["period"])
        start, end = _as_date(row.get("start")), _as_date(row.get("end"))
        span: tuple[Any, ...] = ("dates", start, end) if start and end else ("label", period_label)
        key = (str(row["e"]), str(row["metric"]), Decimal(str(row["value"])), str(row["unit"]), span)
        labels, quotes = facts.setdefault(str(row["doc"]), {}).setdefault(key, (set(), []))
        if period_label is not None:
            labels.add(period_label)
        if "quote" in row and row["quote"] not in quotes:
            quotes.append(str(row["quote"]))
    conflicts: dict[str, list[tuple[StoredEntity, str, str | None]]] = {}
    for row in store.query(_Q_CONFLICTS).rows():
        period = row.get("period")
        conflicts.setdefault(str(row["doc"]), []).append(
            (entity(str(row["e"])), str(row["metric"]), None if period is None else str(period))
        )
    docs: dict[str, StoredDoc] = {}
    for row in store.query(_Q_DOCS).rows():
        iri, source = str(row["doc"]), str(row["source"])
        metrics = tuple(
            StoredMetric(
                subject=entity(k[0]), metric=k[1], value=k[2], unit=k[3],
                period=min(labels) if labels else None,
                period_start=k[4][1] if k[4][0] == "dates" else None,
                period_end=k[4][2] if k[4][0] == "dates" else None,
                quotes=tuple(quotes), period_labels=tuple(sorted(labels)),
            )
            for k, (labels, quotes) in sorted(facts.get(iri, {}).items(), key=lambda kv: [str(x) for x in kv[0]])
        )
        ents = tuple(sorted(set(doc_entities.get(iri, [])), key=lambda e: e.label.casefold()))
        if _stem(source) in docs:
            raise LoaderError(
                source, f"another document has the same file stem ({docs[_stem(source)].source}), "
                "so gold files (<stem>.gold.json) cannot tell them apart; rename one",
            )
        docs[_stem(source)] = StoredDoc(
            iri=iri, source=source, stem=_stem(source), entities=ents, metrics=metrics,
            conflicts=tuple(sorted(conflicts.get(iri, []), key=lambda c: (c[0].label, c[1], c[2] or ""))),
        )
    return docs


# --------------------------------------------------------------------------- scoring


@dataclass(slots=True)
class Score:
    """True positives, false positives and misses, with precision, recall and F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        """tp / (tp + fp); None when nothing was found (and so nothing is wrong or right)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """tp / (tp + fn); None when there was nothing to find."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        """Harmonic mean of precision and recall; None when both are undefined."""
        p, r = self.precision, self.recall
        if p is None and r is None:
            return None
        p, r = p or 0.0, r or 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_json(self) -> dict[str, Any]:
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": _round(self.precision), "recall": _round(self.recall), "f1": _round(self.f1),
        }


@dataclass(slots=True)
class DocScore:
    """The score of one note, with what was missed and what was found in excess."""

    stem: str
    loaded: bool
    entities: Score = field(default_factory=Score)
    metrics: Score = field(default_factory=Score)
    missed_entities: list[str] = field(default_factory=list)
    extra_entities: list[str] = field(default_factory=list)
    excluded_found: list[str] = field(default_factory=list)
    missed_metrics: list[str] = field(default_factory=list)
    extra_metrics: list[str] = field(default_factory=list)
    conflicts: Score = field(default_factory=Score)
    missed_conflicts: list[str] = field(default_factory=list)
    extra_conflicts: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "document": self.stem,
            "loaded": self.loaded,
            "entities": self.entities.to_json(),
            "metrics": self.metrics.to_json(),
            "missed_entities": self.missed_entities,
            "extra_entities": self.extra_entities,
            "not_entities_found": self.excluded_found,
            "missed_metrics": self.missed_metrics,
            "extra_metrics": self.extra_metrics,
            "conflicts": self.conflicts.to_json(),
            "missed_conflicts": self.missed_conflicts,
            "extra_conflicts": self.extra_conflicts,
        }


@dataclass(slots=True)
class EvalReport:
    """Per-document scores, their micro-average, and the notes that had no gold file."""

    documents: list[DocScore] = field(default_factory=list)
    without_gold: list[str] = field(default_factory=list)
    load_failures: list[str] = field(default_factory=list)

    @property
    def entities(self) -> Score:
        total = Score()
        for d in self.documents:
            total.add(d.entities)
        return total

    @property
    def metrics(self) -> Score:
        total = Score()
        for d in self.documents:
            total.add(d.metrics)
        return total

    @property
    def conflicts(self) -> Score:
        total = Score()
        for d in self.documents:
            total.add(d.conflicts)
        return total

    def to_json(self) -> dict[str, Any]:
        return {
            "overall": {
                "entities": self.entities.to_json(),
                "metrics": self.metrics.to_json(),
                "conflicts": self.conflicts.to_json(),
            },
            "documents": [d.to_json() for d in self.documents],
            "without_gold": self.without_gold,
            "load_failures": self.load_failures,
        }

    def table(self, *, verbose: bool = False) -> str:
        """A plain text table (one row per note and the micro-average), and with ``verbose``
        the misses and false positives of each note."""
        from .graph.results import table

        def cells(s: Score) -> list[str]:
            return [_pct(s.precision), _pct(s.recall), _pct(s.f1), f"{s.tp}/{s.tp + s.fn}"]

        def linked(s: Score) -> str:
            return f"{s.tp}/{s.tp + s.fn}" + (f" +{s.fp}" if s.fp else "")

        head = ["document", "ent P", "ent R", "ent F1", "ent found", "met P", "met R", "met F1", "met found",
                "conflicts"]
        rows = [
            [d.stem + ("" if d.loaded else " (not loaded)"), *cells(d.entities), *cells(d.metrics),
             linked(d.conflicts)]
            for d in self.documents
        ]
        rows.append(["overall (micro)", *cells(self.entities), *cells(self.metrics), linked(self.conflicts)])
        out: str = table(head, rows)
        if self.without_gold:
            out += "notes without a gold file (not scored): " + ", ".join(self.without_gold) + "\n"
        if self.load_failures:
            out += "notes that failed to load:\n" + "".join(f"  {f}\n" for f in self.load_failures)
        if verbose:
            for d in self.documents:
                lines = (
                    [f"  missed entity: {x}" for x in d.missed_entities]
                    + [f"  extra entity: {x}" for x in d.extra_entities]
                    + [f"  entity that is not the note's: {x}" for x in d.excluded_found]
                    + [f"  missed metric: {x}" for x in d.missed_metrics]
                    + [f"  extra metric: {x}" for x in d.extra_metrics]
                    + [f"  missed conflict: {x}" for x in d.missed_conflicts]
                    + [f"  extra conflict: {x}" for x in d.extra_conflicts]
                )
                if lines:
                    out += f"\n{d.stem}\n" + "\n".join(lines) + "\n"
        return out


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"




def _metric_matches(gold: GoldMetric, got: StoredMetric) -> bool:
    if not gold.subject_names & got.subject.names:
        return False
    if normalize_metric(gold.metric) != normalize_metric(got.metric):
        return False
    if gold.unit.casefold() != got.unit.casefold():
        return False
    if abs(got.value - gold.value) > gold.tolerance:
        return False
    return _period_matches(gold, got)


def _period_matches(gold: GoldMetric, got: StoredMetric) -> bool:
    if gold.period is None and gold.period_start is None:
        return got.period is None
    labels = got.period_labels or ((got.period,) if got.period is not None else ())
    if gold.period is not None and any(normalize_period(gold.period) == normalize_period(x) for x in labels):
        return True
    return (
        gold.period_start is not None
        and gold.period_end is not None
        and (gold.period_start, gold.period_end) == (got.period_start, got.period_end)
    )


def _near_miss(gold: GoldMetric, candidates: Sequence[StoredMetric]) -> str:
    """For a missed gold metric: the stored claim with the same value, and what differs."""
    for got in candidates:
        if abs(got.value - gold.value) > gold.tolerance or gold.unit.casefold() != got.unit.casefold():
            continue
        diffs = []
        if not gold.subject_names & got.subject.names:
            diffs.append(f"subject {got.subject.label!r}")
        if normalize_metric(gold.metric) != normalize_metric(got.metric):
            diffs.append(f"metric {got.metric!r}")
        if not _period_matches(gold, got):
            diffs.append(f"period {got.period!r}")
        return f" (stored with {', '.join(diffs)})" if diffs else ""
    return ""


def score_document(gold: Gold, doc: StoredDoc | None) -> DocScore:
    """Match one note's stored entities and metric facts against its gold annotation."""
    result = DocScore(stem=gold.stem, loaded=doc is not None)
    stored_entities = list(doc.entities) if doc else []
    stored_metrics = list(doc.metrics) if doc else []
    used: set[int] = set()
    for ge in gold.entities:
        hit = next((i for i, e in enumerate(stored_entities) if i not in used and ge.names & e.names), None)
        if hit is None:
            result.entities.fn += 1
            result.missed_entities.append(f"{ge.name} ({ge.kind})" if ge.kind else ge.name)
        else:
            used.add(hit)
            result.entities.tp += 1
    excluded = {normalize_name(n) for n in gold.not_entities}
    optional = {normalize_name(n) for n in gold.optional_entities}
    for i, e in enumerate(stored_entities):
        if i not in used and not optional & e.names:
            result.entities.fp += 1
            result.extra_entities.append(e.label)
            if excluded & e.names:
                result.excluded_found.append(e.label)
    taken: set[int] = set()
    for gm in gold.metrics:
        hit = next(
            (i for i, m in enumerate(stored_metrics) if i not in taken and _metric_matches(gm, m)), None
        )
        if hit is None:
            result.metrics.fn += 1
            result.missed_metrics.append(gm.describe() + _near_miss(gm, stored_metrics))
        else:
            taken.add(hit)
            result.metrics.tp += 1
    for i, m in enumerate(stored_metrics):
        if i not in taken:
            result.metrics.fp += 1
            quote = f"  <- {m.quotes[0]!r}" if m.quotes else ""
            result.extra_metrics.append(m.describe() + quote)
    _score_conflicts(gold, list(doc.conflicts) if doc else [], result)
    return result


def _score_conflicts(
    gold: Gold, stored: list[tuple[StoredEntity, str, str | None]], result: DocScore
) -> None:
    """Gold conflicts found linked (subject, metric and period label agree), and links the gold lacks."""
    linked: set[int] = set()
    for gc in gold.conflicts:
        hit = next(
            (
                i for i, (e, metric, period) in enumerate(stored)
                if gc.subject_names & e.names
                and normalize_metric(gc.metric) == normalize_metric(metric)
                and (gc.period is None or (period is not None and normalize_period(gc.period) == normalize_period(period)))
            ),
            None,
        )
        if hit is None:
            result.conflicts.fn += 1
            result.missed_conflicts.append(gc.describe())
        else:
            result.conflicts.tp += 1
            linked.add(hit)
    for i, (e, metric, period) in enumerate(stored):
        if i not in linked:
            result.conflicts.fp += 1
            result.extra_conflicts.append(f"{e.label} | {metric} | {period or 'no period'}")


def evaluate_store(store: Store, golds: Mapping[str, Gold]) -> EvalReport:
    """Score every gold note against what ``store`` holds for the note of the same stem."""
    docs = read_store(store)
    report = EvalReport()
    for stem in sorted(golds):
        report.documents.append(score_document(golds[stem], docs.get(stem)))
    report.without_gold = sorted(stem for stem in docs if stem not in golds)
    return report


def note_stems(paths: Iterable[str | Path]) -> set[str]:
    """Stems of the files that ``paths`` name or hold (folders walked, hidden entries skipped)."""
    stems: set[str] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in p.rglob("*"):
                rel = f.relative_to(p).parts
                if f.is_file() and not any(part.startswith(".") for part in rel):
                    stems.add(f.stem)
        else:
            stems.add(p.stem)
    return stems


def evaluate(
    notes: Iterable[str | Path], gold: str | Path, *, gazetteer: str | Path | None = None
) -> EvalReport:
    """Load ``notes`` into a fresh in-memory store and score it against the gold files in ``gold``.

    A gold file is scored when ``notes`` holds a file of the same stem; when that
    file did not load, all of its gold counts as missed. Gold files without a
    note among ``notes`` are left out, so one note can be scored against a
    folder of gold files.
    """
    from . import load, open_store

    paths = [Path(n) for n in notes]
    stems = note_stems(paths)
    golds = {stem: g for stem, g in read_gold_files(gold).items() if stem in stems}
    options: dict[str, Any] = {"workers": 1}
    if gazetteer is not None:
        from .loaders.gazetteer import load_gazetteer

        options["gazetteer"] = load_gazetteer([gazetteer])
    store = open_store(":memory:")
    try:
        loaded = load(store, paths, **options)
        report = evaluate_store(store, golds)
    finally:
        store.close()
    report.load_failures = [str(f) for f in loaded.failed]
    return report
