"""Saved queries: the ready questions in ``graph/queries/*.rq``.

Each file starts with a header of ``#`` comments::

    # title: Claims about an entity, with their evidence
    # answers: every claim about the entity, with quote, document, publisher and date
    # param: entity (string) the entity's name or any of its aliases
    # example: thesisgraph query --saved claims-about --param entity="Alibaba Cloud"

Parameters are bound as RDF terms (see :mod:`thesisgraph.graph.sparql`), typed
as the header says: ``string`` (default), ``date``, ``integer``, ``decimal``, ``iri``
``metric`` (a metric name, lower-cased with its spaces collapsed as the graph
contract stores metric labels, so the query can match it exactly: an index
lookup instead of a scan) or ``name`` (an entity's name or alias in any case,
brought to the form stored as ``tg:nameKey``, for the same reason).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from importlib.resources import files
from typing import Any

import pyoxigraph as ox

from .errors import QueryError
from .mapping import name_key

_PARAM = re.compile(r"#\s*param:\s*([A-Za-z_]\w*)\s*(?:\((\w+)\))?\s*(.*)")
_FIELD = re.compile(r"#\s*(title|answers|example):\s*(.*)")
TYPES = ("string", "date", "integer", "decimal", "iri", "metric", "name")


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    type: str
    help: str


@dataclass(frozen=True, slots=True)
class SavedQuery:
    name: str
    title: str
    answers: str
    params: tuple[Param, ...]
    example: str
    text: str

    def convert(self, raw: dict[str, Any]) -> dict[str, Any]:
        """Parameter values as typed terms; a QueryError names a missing or unknown one."""
        declared = {p.name: p for p in self.params}
        unknown = set(raw) - set(declared)
        if unknown:
            raise QueryError(
                f"saved query {self.name!r} has no parameter {', '.join(sorted(unknown))}; "
                f"its parameters: {', '.join(declared) or 'none'}"
            )
        missing = set(declared) - set(raw)
        if missing:
            raise QueryError(
                f"saved query {self.name!r} needs --param {' '.join(n + '=...' for n in sorted(missing))}"
            )
        return {name: _typed(self.name, declared[name], value) for name, value in raw.items()}


def _typed(query: str, param: Param, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        if param.type == "date":
            return date.fromisoformat(value)
        if param.type == "integer":
            return int(value)
        if param.type == "decimal":
            return Decimal(value)
        if param.type == "iri":
            return ox.NamedNode(value)
        if param.type in ("metric", "name"):
            return name_key(value)
    except (ValueError, InvalidOperation) as exc:
        raise QueryError(f"{query}: parameter {param.name}={value!r} is not a valid {param.type}: {exc}") from None
    return value


def parse_saved(name: str, text: str) -> SavedQuery:
    title = answers = example = ""
    params = []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        if m := _PARAM.match(line):
            ptype = m.group(2) or "string"
            if ptype not in TYPES:
                raise QueryError(f"saved query {name}: parameter type {ptype!r} is not one of {TYPES}")
            params.append(Param(m.group(1), ptype, m.group(3).strip()))
        elif m := _FIELD.match(line):
            if m.group(1) == "title":
                title = m.group(2).strip()
            elif m.group(1) == "answers":
                answers = m.group(2).strip()
            else:
                example = m.group(2).strip()
    return SavedQuery(name, title, answers, tuple(params), example, text)


def saved_queries() -> dict[str, SavedQuery]:
    """Every saved query by name (the file name without ``.rq``)."""
    out = {}
    for entry in sorted(files("thesisgraph.graph").joinpath("queries").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            out[name] = parse_saved(name, entry.read_text("utf-8"))
    return out


def saved_query(name: str) -> SavedQuery:
    queries = saved_queries()
    if name not in queries:
        raise QueryError(f"no saved query {name!r}; saved queries: {', '.join(queries)}")
    return queries[name]
