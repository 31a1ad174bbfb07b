"""Gold files: the hand annotation of a note, as the scoring harness reads it.

``<note-stem>.gold.json`` holds what a careful analyst reads out of one note
(the shape of ``examples/gold/*.gold.json``): ``entities`` (``name``, ``type``,
the ``surface`` forms met in the text, other ``aliases``),
``not_entities_of_this_note``, ``optional_entities``, ``metrics`` (``subject``,
``metric``, ``value`` and ``scale``, ``unit``, ``period`` with
``period_start``/``period_end``, ``quote``) and ``conflicts`` (``subject``,
``metric``, ``period``). Other keys (events, relations, risks, notes) are kept
in the file for people and other checks; scoring does not read them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .graph.errors import LoaderError

GOLD_SUFFIX = ".gold.json"

_SCALES = {
    "unit": 0, "one": 0, "ones": 0, "": 0, "thousand": 3, "k": 3, "million": 6, "mn": 6, "m": 6,
    "billion": 9, "bn": 9, "b": 9, "trillion": 12, "tn": 12,
}


def normalize_name(name: str) -> str:
    """A name as matching sees it: case-folded, inner spacing collapsed."""
    return " ".join(name.casefold().split())


def normalize_metric(name: str) -> str:
    """A metric name as matching sees it: "Revenue_Growth-YoY" is "revenue growth yoy"."""
    return " ".join(re.sub(r"[_\-]+", " ", name.casefold()).split())


def normalize_period(label: str) -> str:
    """A period label as matching sees it: "FY2026 Q1" is "fy2026q1"."""
    return re.sub(r"[\s_\-]+", "", label.casefold())




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
        return f"{self.subject} | {self.metric} | {fmt_decimal(self.value)} {self.unit} | {period}"


@dataclass(frozen=True, slots=True)
class GoldConflict:
    """A figure the note states that disagrees with another statement of it (here or elsewhere)."""

    subject: str
    subject_names: frozenset[str]
    metric: str
    period: str | None

    def describe(self) -> str:
        return f"{self.subject} | {self.metric} | {self.period or 'no period'}"


@dataclass(frozen=True, slots=True)
class Gold:
    """The gold annotation of one note, keyed by the note's file stem."""

    stem: str
    path: str
    entities: tuple[GoldEntity, ...]
    not_entities: tuple[str, ...]
    metrics: tuple[GoldMetric, ...]
    optional_entities: tuple[str, ...] = ()
    conflicts: tuple[GoldConflict, ...] = ()


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
    conflicts = []
    for i, item in enumerate(data.get("conflicts") or []):
        if not isinstance(item, dict) or not item.get("subject") or not item.get("metric"):
            raise _problem(p, f"conflicts[{i}] needs a subject and a metric")
        subject = str(item["subject"])
        conflicts.append(
            GoldConflict(
                subject=subject,
                subject_names=by_name.get(normalize_name(subject), frozenset({normalize_name(subject)})),
                metric=str(item["metric"]),
                period=str(item["period"]) if item.get("period") else None,
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
        conflicts=tuple(conflicts),
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


def fmt_decimal(value: Decimal) -> str:
    """A decimal without exponent or trailing zeros: 33398000000, 8.8."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
