"""Binding parameters into SPARQL without ever pasting user text into it.

A parameter becomes an RDF term, serialised by pyoxigraph (which escapes
quotes, backslashes and newlines), and enters the query as a ``VALUES`` block
at the start of the query's outermost WHERE group, so the variable is bound
for every pattern and FILTER of the query. A value such as ``"} UNION {``
is a string literal like any other and can never change the query's shape.
The same bound text goes to the embedded store and to a SPARQL server.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .errors import QueryError
from .namespace import PREFIXES
from .results import to_term

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_FORM = re.compile(r"(?i)\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b")
_VAR = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")


def _code_mask(query: str) -> str:
    """The query with strings, IRIs and comments blanked out (same length)."""
    out = list(query)
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch in "'\"":
            quote = query[i : i + 3] if query[i : i + 3] in ("'''", '"""') else ch
            j = i + len(quote)
            while j < n and not query.startswith(quote, j):
                j += 2 if query[j] == "\\" else 1
            j = min(n, j + len(quote))
            out[i:j] = " " * (j - i)
            i = j
        elif ch == "<":
            m = _IRI.match(query, i)
            if m:
                out[i : m.end()] = " " * (m.end() - i)
                i = m.end()
            else:
                i += 1
        elif ch == "#":
            j = query.find("\n", i)
            j = n if j < 0 else j
            out[i:j] = " " * (j - i)
            i = j
        else:
            i += 1
    return "".join(out)


def query_variables(query: str) -> set[str]:
    """The variable names a query mentions (outside strings, IRIs and comments)."""
    return set(_VAR.findall(_code_mask(query)))


def _where_brace(query: str) -> int:
    """Index of the ``{`` that opens the query's outermost WHERE group."""
    code = _code_mask(query)
    form = _FORM.search(code)
    if not form:
        raise QueryError("the query has no SELECT, ASK, CONSTRUCT or DESCRIBE form")
    i = code.find("{", form.end())
    if form.group(1).upper() == "CONSTRUCT" and i >= 0:
        between = code[form.end() : i]
        if not re.search(r"(?i)\bWHERE\b", between):  # CONSTRUCT { template } WHERE { ... }
            depth = 0
            for j in range(i, len(code)):
                depth += {"{": 1, "}": -1}.get(code[j], 0)
                if depth == 0:
                    i = code.find("{", j + 1)
                    break
    if i < 0:
        raise QueryError("the query has no WHERE group to bind parameters into")
    return i


def bind(query: str, params: Mapping[str, Any] | None, *, per_variable: bool = False) -> str:
    """The query with ``params`` bound as RDF terms (see the module docstring).

    The parameters form one ``VALUES`` row, or with ``per_variable`` one single-variable
    block each: the same one-row table, for servers that cannot compile a row of several
    variables (Virtuoso 7 stops with an internal error, SP031, when two such variables
    meet in one query; Oxigraph plans the single row better)."""
    if not params:
        return query
    known = query_variables(query)
    names = []
    terms = []
    for name, value in params.items():
        if not _NAME.match(name):
            raise QueryError(f"parameter name {name!r} is not a SPARQL variable name")
        if name not in known:
            raise QueryError(
                f"the query has no variable ?{name} to bind; its variables are: "
                + ", ".join(sorted(known))
            )
        try:
            terms.append(str(to_term(value)))
        except TypeError as exc:
            raise QueryError(str(exc)) from None
        names.append(name)
    if per_variable:
        block = "".join(f"VALUES ?{n} {{ {t} }}\n" for n, t in zip(names, terms))
    else:
        block = "VALUES (" + " ".join("?" + n for n in names) + ") { (" + " ".join(terms) + ") }\n"
    at = _where_brace(query) + 1
    return query[:at] + " " + block + query[at:]


def with_prefixes(query: str) -> str:
    """The query with PREFIX lines for the contract's prefixes it uses but does not declare."""
    code = _code_mask(query)
    declared = {m.lower() for m in re.findall(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?:", code)}
    missing = [
        p for p in PREFIXES if p.lower() not in declared and re.search(rf"(?<![\w?$]){p}:", code)
    ]
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in missing) + query
