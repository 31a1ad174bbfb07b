"""The pages ``thesisgraph serve`` shows people: the query page and the service description.

Every value that reaches HTML (names, quotes, parameters, the query text)
goes through :func:`html.escape`; the page carries no script.
"""

from __future__ import annotations

import html
from typing import Any

from .graph.saved import SavedQuery

_STYLE = """body{font:14px system-ui,sans-serif;margin:1.5em;max-width:80em;color:#222}
h1{font-size:1.4em}fieldset{margin:.5em 0;border:1px solid #ccc}legend{font-weight:600}
.help{color:#555;font-size:.9em}table{border-collapse:collapse;margin-top:1em}
td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top;text-align:left;max-width:40em}
th{background:#f3f3f3}textarea{width:100%;font-family:monospace}.err{color:#a00;white-space:pre-wrap}
nav a{margin-right:1em}"""


def escape(value: Any) -> str:
    """Text made safe for HTML content and attribute values."""
    return html.escape(str(value), quote=True)


def _saved_form(sq: SavedQuery, chosen: str, params: dict[str, list[str]]) -> str:
    """A form running one saved query, an input per parameter (the values sent, refilled)."""
    inputs = []
    for p in sq.params:
        value = (params.get(p.name) or [""])[0] if sq.name == chosen else ""
        kind = "date" if p.type == "date" else "text"
        inputs.append(f'<label>{escape(p.name)} <input type="{kind}" name="{escape(p.name)}" value="{escape(value)}" '
                      f'required></label> <span class="help">{escape(p.help)}</span><br>')
    return (f'<form method="get" action="/"><fieldset><legend>{escape(sq.title)}</legend>'
            f'<div class="help">{escape(sq.answers)}</div>{"".join(inputs)}'
            f'<input type="hidden" name="saved" value="{escape(sq.name)}">'
            f'<button type="submit">Run {escape(sq.name)}</button></fieldset></form>')


def page_html(queries: dict[str, SavedQuery], chosen: str, text: str, params: dict[str, list[str]],
               result_html: str) -> str:
    """The query page: results (if any) on top, a SPARQL box, a form per saved query."""
    forms = "".join(_saved_form(sq, chosen, params) for sq in queries.values())
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>thesisgraph SPARQL</title>
<style>{_STYLE}</style></head><body><h1>thesisgraph</h1>
<nav><a href="/viz?view=graph">graph</a><a href="/viz?view=thesis">theses</a>
<a href="/sparql">endpoint: /sparql</a></nav>
<section id="results">{result_html}</section>
<h2>SPARQL</h2><form method="get" action="/"><textarea name="query" rows="8">{escape(text)}</textarea>
<button type="submit">Run</button> <span class="help">the contract's prefixes (tg:, rdfs:, oa: ...) need
no declaration; the default graph is the union of all documents</span></form>
<h2>Saved queries</h2>{forms}</body></html>"""


def _cell(term: dict[str, str] | None) -> str:
    if term is None:
        return "<td></td>"
    return f"<td>{escape(term.get('value', ''))}</td>"


def results_html(doc: dict[str, Any], truncated: bool) -> str:
    """A SPARQL JSON result as an HTML table (or the ASK answer)."""
    if "boolean" in doc:
        return f"<p>Answer: <b>{escape(str(doc['boolean']).lower())}</b></p>"
    variables = doc["head"]["vars"]
    rows = doc["results"]["bindings"]
    head = "".join(f"<th>{escape(v)}</th>" for v in variables)
    body = "".join("<tr>" + "".join(_cell(r.get(v)) for v in variables) + "</tr>" for r in rows)
    note = f"{len(rows)} row(s)" + (" (cut at the server's row limit)" if truncated else "")
    return f'<p class="help">{escape(note)}</p><table><tr>{head}</tr>{body}</table>'


def error_html(message: str) -> str:
    """An error message, escaped."""
    return f'<p class="err">{escape(message)}</p>'


def service_description(base: str) -> str:
    """A SPARQL 1.1 Service Description of the endpoint, in Turtle."""
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix fmt: <http://www.w3.org/ns/formats/> .
<{base}/sparql> a sd:Service ;
  sd:endpoint <{base}/sparql> ;
  sd:supportedLanguage sd:SPARQL11Query ;
  sd:feature sd:UnionDefaultGraph ;
  sd:resultFormat fmt:SPARQL_Results_JSON, fmt:SPARQL_Results_XML, fmt:SPARQL_Results_CSV,
    fmt:SPARQL_Results_TSV, fmt:Turtle, fmt:N-Triples, fmt:JSON-LD, fmt:RDF_XML .
"""
