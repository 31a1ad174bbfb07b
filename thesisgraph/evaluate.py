"""Scoring the extractor: what a store holds, against hand-made gold annotations.

A gold file (``<note-stem>.gold.json``) lists what a careful analyst reads out
of one note: its ``entities`` (``name``, ``type``, the ``surface`` forms met in
the text, other ``aliases``), ``not_entities_of_this_note`` (names that appear
on the page but do not belong to the note, such as a related-articles list),
``optional_entities`` (names an extractor may or may not report, such as a
capital city standing for a government: neither a hit nor a false positive) and
its ``metrics`` (``subject``, ``metric``, ``value`` with a ``scale`` such as
"billion", ``unit``, ``period`` with ``period_start``/``period_end`` where the
calendar is known, and the ``quote`` it rests on, verbatim in the note).

The store is read back through SPARQL, so the score is that of what a
researcher sees, not of extractor internals:

- An **entity** of a document is one it ``tg:mentions`` or its
  ``dcterms:publisher``. It matches a gold entity when any of its names
  (``rdfs:label``, ``skos:altLabel``) equals any of the gold entity's names
  (``name``, ``surface``, ``aliases``), ignoring case and spacing; matching is
  one to one.
- A **metric claim** matches a gold metric when the subject matches as above,
  the metric name is the same (ignoring case), the unit is the same, the value
  lies within the rounding of the gold figure (half a unit in its last stated
  digit), and the period agrees: the same label (ignoring case and spaces), or
  the same start and end dates. A claim stated several times in a note is
  scored once: stored claims are grouped by subject, metric, value, unit and
  period before matching, like the gold, which lists distinct facts.

Scores are precision, recall and F1 per document and micro-averaged over all
documents. A gold file whose note did not load counts as all misses.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

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

GOLD_SUFFIX = ".gold.json"

_SCALES = {
    "unit": 0, "one": 0, "ones": 0, "": 0, "thousand": 3, "k": 3, "million": 6, "mn": 6, "m": 6,
    "billion": 9, "bn": 9, "b": 9, "trillion": 12, "tn": 12,
}


def normalize_name(name: str) -> str:
    """A name as matching sees it: case-folded, inner spacing collapsed."""
    return " ".join(name.casefold().split())


def _normalize_metric(name: str) -> str:
    return " ".join(re.sub(r"[_\-]+", " ", name.casefold()).split())


def _normalize_period(label: str) -> str:
    return re.sub(r"[\s_\-]+", "", label.casefold())


# --------------------------------------------------------------------------- gold


@dataclass(frozen=True, slots=True)
class GoldEntity:
    """An entity the note names, with every name it may be stored under."""

    name: str
    kind: str
    names: frozenset[str]


@dataclass(frozen=True, slots=True)
class GoldMetric:
    """One distinct metric fact the note states."""

    subject: str
    subject_names: frozenset[str]
    metric: str
    value: Decimal
    tolerance: Decimal
    unit: str
    period: str | None
    period_start: date | None
    period_end: date | None
    quote: str

    def describe(self) -> str:
        period = self.period or "no period"
        return f"{self.subject} | {self.metric} | {_fmt(self.value)} {self.unit} | {period}"


@dataclass(frozen=True, slots=True)
class Gold:
    """The gold annotation of one note, keyed by the note's file stem."""

    stem: str
    path: str
    entities: tuple[GoldEntity, ...]
    not_entities: tuple[str, ...]
    metrics: tuple[GoldMetric, ...]
    optional_entities: tuple[str, ...] = ()


def _problem(path: Path, what: str) -> LoaderError:
    return LoaderError(str(path), f"gold file: {what}")


def _decimal(path: Path, value: Any, where: str) -> Decimal:
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        return Decimal(str(value))
    except InvalidOperation:
        raise _problem(path, f"{where}: value {value!r} is not a number") from None


def _date(path: Path, value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise _problem(path, f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def _names(item: Mapping[str, Any]) -> frozenset[str]:
    out = {str(item["name"])}
    for key in ("surface", "aliases"):
        values = item.get(key) or []
        if isinstance(values, str):
            values = [values]
        out.update(str(v) for v in values)
    return frozenset(normalize_name(n) for n in out if n.strip())


def read_gold(path: str | Path) -> Gold:
    """Read one ``<stem>.gold.json`` file; a LoaderError names the file and the bad field."""
    p = Path(path)
    try:
        data = json.loads(p.read_text("utf-8"))
    except OSError as exc:
        raise LoaderError(str(p), f"cannot read gold file: {exc.strerror or exc}") from None
    except json.JSONDecodeError as exc:
        raise _problem(p, f"not JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict):
        raise _problem(p, "the top level must be a JSON object")
    entities: list[GoldEntity] = []
    by_name: dict[str, frozenset[str]] = {}
    for i, item in enumerate(data.get("entities") or []):
        if not isinstance(item, dict) or not item.get("name"):
            raise _problem(p, f"entities[{i}] needs a name")
        names = _names(item)
        entities.append(GoldEntity(name=str(item["name"]), kind=str(item.get("type", "")), names=names))
        by_name[normalize_name(str(item["name"]))] = names
    metrics: list[GoldMetric] = []
    for i, item in enumerate(data.get("metrics") or []):
        where = f"metrics[{i}]"
        if not isinstance(item, dict):
            raise _problem(p, f"{where} must be an object")
        missing = [k for k in ("subject", "metric", "value", "unit") if item.get(k) in (None, "")]
        if missing:
            raise _problem(p, f"{where} lacks {', '.join(missing)}")
        scale_name = str(item.get("scale") or "unit").casefold()
        if scale_name not in _SCALES:
            raise _problem(p, f"{where}: scale {scale_name!r} is not one of {', '.join(sorted(k for k in _SCALES if k))}")
        stated = _decimal(p, item["value"], where)
        exp = stated.as_tuple().exponent
        last_digit = exp if isinstance(exp, int) else 0
        scale = _SCALES[scale_name]
        subject = str(item["subject"])
        metrics.append(
            GoldMetric(
                subject=subject,
                subject_names=by_name.get(normalize_name(subject), frozenset({normalize_name(subject)})),
                metric=str(item["metric"]),
                value=stated.scaleb(scale),
                tolerance=Decimal(5).scaleb(last_digit - 1 + scale),
                unit=str(item["unit"]),
                period=str(item["period"]) if item.get("period") not in (None, "") else None,
                period_start=_date(p, item.get("period_start"), where),
                period_end=_date(p, item.get("period_end"), where),
                quote=str(item.get("quote") or ""),
            )
        )
    stem = p.name[: -len(GOLD_SUFFIX)] if p.name.endswith(GOLD_SUFFIX) else p.stem
    return Gold(
        stem=stem,
        path=str(p),
        entities=tuple(entities),
        not_entities=tuple(str(n) for n in data.get("not_entities_of_this_note") or []),
        metrics=tuple(metrics),
        optional_entities=tuple(str(n) for n in data.get("optional_entities") or []),
    )


def read_gold_files(path: str | Path) -> dict[str, Gold]:
    """Gold files by note stem: one file, or every ``*.gold.json`` in a folder (recursively)."""
    p = Path(path)
    if p.is_dir():
        files = sorted(p.rglob("*" + GOLD_SUFFIX))
        if not files:
            raise LoaderError(str(p), f"no *{GOLD_SUFFIX} files in this folder")
    elif p.is_file():
        files = [p]
    else:
        raise LoaderError(str(p), "no such gold file or folder")
    golds: dict[str, Gold] = {}
    for f in files:
        gold = read_gold(f)
        if gold.stem in golds:
            raise LoaderError(str(f), f"a second gold file for note {gold.stem!r} ({golds[gold.stem].path})")
        golds[gold.stem] = gold
    return golds


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

    def describe(self) -> str:
        period = self.period or "no period"
        return f"{self.subject.label} | {self.metric} | {_fmt(self.value)} {self.unit} | {period}"


@dataclass(frozen=True, slots=True)
class StoredDoc:
    """What the store holds for one document."""

    iri: str
    source: str
    stem: str
    entities: tuple[StoredEntity, ...]
    metrics: tuple[StoredMetric, ...]


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
    """Every document in ``store`` with its entities and distinct metric facts, by file stem."""
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
    facts: dict[str, dict[tuple[Any, ...], list[str]]] = {}
    for row in store.query(_Q_METRICS).rows():
        key = (
            str(row["e"]), str(row["metric"]), Decimal(str(row["value"])), str(row["unit"]),
            row.get("period"), _as_date(row.get("start")), _as_date(row.get("end")),
        )
        quotes = facts.setdefault(str(row["doc"]), {}).setdefault(key, [])
        if "quote" in row and row["quote"] not in quotes:
            quotes.append(str(row["quote"]))
    docs: dict[str, StoredDoc] = {}
    for row in store.query(_Q_DOCS).rows():
        iri, source = str(row["doc"]), str(row["source"])
        metrics = tuple(
            StoredMetric(
                subject=entity(k[0]), metric=k[1], value=k[2], unit=k[3],
                period=None if k[4] is None else str(k[4]), period_start=k[5], period_end=k[6],
                quotes=tuple(q),
            )
            for k, q in sorted(facts.get(iri, {}).items(), key=lambda kv: [str(x) for x in kv[0]])
        )
        ents = tuple(sorted(set(doc_entities.get(iri, [])), key=lambda e: e.label.casefold()))
        docs[_stem(source)] = StoredDoc(iri=iri, source=source, stem=_stem(source), entities=ents, metrics=metrics)
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

    def to_json(self) -> dict[str, Any]:
        return {
            "overall": {"entities": self.entities.to_json(), "metrics": self.metrics.to_json()},
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

        head = ["document", "ent P", "ent R", "ent F1", "ent found", "met P", "met R", "met F1", "met found"]
        rows = [
            [d.stem + ("" if d.loaded else " (not loaded)"), *cells(d.entities), *cells(d.metrics)]
            for d in self.documents
        ]
        rows.append(["overall (micro)", *cells(self.entities), *cells(self.metrics)])
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
                )
                if lines:
                    out += f"\n{d.stem}\n" + "\n".join(lines) + "\n"
        return out


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def _fmt(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _metric_matches(gold: GoldMetric, got: StoredMetric) -> bool:
    if not gold.subject_names & got.subject.names:
        return False
    if _normalize_metric(gold.metric) != _normalize_metric(got.metric):
        return False
    if gold.unit.casefold() != got.unit.casefold():
        return False
    if abs(got.value - gold.value) > gold.tolerance:
        return False
    return _period_matches(gold, got)


def _period_matches(gold: GoldMetric, got: StoredMetric) -> bool:
    if gold.period is None and gold.period_start is None:
        return got.period is None
    if (
        gold.period is not None
        and got.period is not None
        and _normalize_period(gold.period) == _normalize_period(got.period)
    ):
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
        if _normalize_metric(gold.metric) != _normalize_metric(got.metric):
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
    return result


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
