"""Query results: one shape for every store, and the W3C formats for output.

A :class:`Result` holds the variables and rows of a SELECT (rows of
pyoxigraph terms), the boolean of an ASK, or the triples of a
CONSTRUCT/DESCRIBE. It writes the SPARQL 1.1 Query Results JSON, CSV and TSV
formats, and a plain text table for people.
"""

from __future__ import annotations

import csv
import gc
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Union

import pyoxigraph as ox

from .namespace import XSD

Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple]


@dataclass(frozen=True, slots=True)
class Result:
    """What a query returned: ``kind`` is "select", "ask" or "graph"."""

    kind: str
    variables: tuple[str, ...] = ()
    bindings: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = field(default=())

    @classmethod
    def from_pyoxigraph(cls, raw: Any) -> Result:
        """Wrap what ``pyoxigraph.Store.query`` (or ``parse_query_results``) returned."""
        if isinstance(raw, ox.QueryBoolean):
            return cls(kind="ask", boolean=bool(raw))
        if isinstance(raw, ox.QuerySolutions):
            names = tuple(v.value for v in raw.variables)
            # The rows are tuples of terms, which hold no cycles: the collector's passes over
            # every row made so far are pure cost while a large answer is built (thesis-tree at
            # 10,000 notes: 30.8 -> 27.4 s, 305,706 rows), so it pauses until the rows are made.
            collecting = gc.isenabled()
            gc.disable()
            try:
                rows = tuple(tuple(sol[i] for i in range(len(names))) for sol in raw)
            finally:
                if collecting:
                    gc.enable()
            return cls(kind="select", variables=names, bindings=rows)
        return cls(kind="graph", triples=tuple(raw))

    def __len__(self) -> int:
        return len(self.bindings) if self.kind == "select" else len(self.triples)

    def rows(self) -> list[dict[str, Any]]:
        """SELECT rows as dicts of Python values (str, int, Decimal, float, bool, date)."""
        return [
            {v: to_python(t) for v, t in zip(self.variables, row) if t is not None}
            for row in self.bindings
        ]

    def column(self, name: str) -> list[Any]:
        """One variable's values, as Python values (None where unbound)."""
        i = self.variables.index(name)
        return [None if (t := row[i]) is None else to_python(t) for row in self.bindings]

    def to_json(self) -> dict[str, Any]:
        """The SPARQL 1.1 Query Results JSON document."""
        if self.kind == "ask":
            return {"head": {}, "boolean": bool(self.boolean)}
        return {
            "head": {"vars": list(self.variables)},
            "results": {
                "bindings": [
                    {v: term_json(t) for v, t in zip(self.variables, row) if t is not None}
                    for row in self.bindings
                ]
            },
        }

    def serialize(self, fmt: str) -> str:
        """``json``, ``csv``, ``tsv`` or ``table`` text of a SELECT/ASK; Turtle for a graph."""
        if self.kind == "graph":
            data = ox.serialize(self.triples, format=ox.RdfFormat.TURTLE) or b""
            return data.decode("utf-8")
        if fmt == "json":
            return json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n"
        if self.kind == "ask":
            return ("true" if self.boolean else "false") + "\n"
        if fmt == "csv":
            return _csv(self.variables, self.bindings)
        if fmt == "tsv":
            return _tsv(self.variables, self.bindings)
        if fmt == "table":
            return table(self.variables, [[lexical(t) for t in row] for row in self.bindings])
        raise ValueError(f"unknown result format {fmt!r}; choose json, csv, tsv or table")


def term_json(term: Term) -> dict[str, str]:
    """One RDF term in the SPARQL JSON results format."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def lexical(term: Term | None) -> str:
    """The plain text of a term: an IRI, a literal's lexical form, ``_:id``; "" when unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def _csv(variables: Sequence[str], rows: Iterable[Sequence[Term | None]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(variables)
    for row in rows:
        w.writerow([lexical(t) for t in row])
    return buf.getvalue()


def _tsv(variables: Sequence[str], rows: Iterable[Sequence[Term | None]]) -> str:
    lines = ["\t".join("?" + v for v in variables)]
    for row in rows:
        lines.append("\t".join("" if t is None else str(t) for t in row))
    return "\n".join(lines) + "\n"


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], width: int = 60) -> str:
    """A plain text table; long cells are cut with an ellipsis, newlines shown as spaces."""

    def cell(v: Any) -> str:
        s = " ".join(str(v).split())
        return s if len(s) <= width else s[: width - 1] + "…"

    cells = [[cell(v) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row)]
    fmt = "  ".join("{:<%d}" % w for w in widths)
    out = [fmt.format(*headers), fmt.format(*("-" * w for w in widths))]
    out.extend(fmt.format(*row) for row in cells)
    return "\n".join(line.rstrip() for line in out) + "\n"


_INTS = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}


def to_python(term: Term) -> Any:
    """A Python value for an RDF term: IRIs and strings as str, numbers, booleans, dates."""
    if not isinstance(term, ox.Literal):
        return term.value if isinstance(term, (ox.NamedNode, ox.BlankNode)) else str(term)
    dt = term.datatype.value
    try:
        if dt in _INTS:
            return int(term.value)
        if dt == XSD + "decimal":
            return Decimal(term.value)
        if dt in (XSD + "double", XSD + "float"):
            return float(term.value)
        if dt == XSD + "boolean":
            return term.value in ("true", "1")
        if dt == XSD + "date":
            return date.fromisoformat(term.value)
    except ValueError:
        return term.value
    return term.value


def to_term(value: Any) -> Term:
    """An RDF term for a Python value or term given as a query parameter."""
    if isinstance(value, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return value
    # rdflib terms, without importing rdflib
    kind = type(value).__name__
    if kind == "URIRef":
        return ox.NamedNode(str(value))
    if kind == "Literal" and hasattr(value, "datatype"):
        if value.language:
            return ox.Literal(str(value), language=value.language)
        if value.datatype:
            return ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype)))
        return ox.Literal(str(value))
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, Decimal):
        return ox.Literal(format(value, "f"), datatype=ox.NamedNode(XSD + "decimal"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(XSD + "double"))
    if isinstance(value, date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    if isinstance(value, str):
        return ox.Literal(value)
    raise TypeError(f"cannot use {value!r} ({type(value).__name__}) as a query parameter")
