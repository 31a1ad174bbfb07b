"""From a projected graph to one self-contained HTML page.

The page is our own template (``page.html``, ``page.css``, ``page.js`` beside
this module) with the vis-network build that pyvis ships inlined into it: no
remote script or stylesheet, nothing written beside the file, and it works
opened from disk with no network.

Everything that came from a note reaches the page only as JSON data inside a
``<script type="application/json">`` element, with ``<``, ``>`` and ``&``
written as ``\\u003c``, ``\\u003e`` and ``\\u0026`` so that no quote or name can
close the element or open a comment. The page's script builds the side panel
and the tooltips with ``textContent``, never with HTML strings.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..graph.errors import MissingDependencyError
from .layout import force_layout

if TYPE_CHECKING:
    import networkx as nx

#: Above this many nodes positions are computed in Python and physics stays off.
PHYSICS_LIMIT = 300

#: How each kind of node looks: vis-network shape, fill colour, and legend name.
STYLES: dict[str, dict[str, str]] = {
    "Company": {"shape": "dot", "color": "#2563eb", "name": "Company"},
    "BusinessUnit": {"shape": "hexagon", "color": "#0891b2", "name": "Business unit"},
    "Product": {"shape": "diamond", "color": "#0d9488", "name": "Product"},
    "Person": {"shape": "triangle", "color": "#9333ea", "name": "Person"},
    "Organization": {"shape": "square", "color": "#64748b", "name": "Organisation"},
    "Place": {"shape": "triangleDown", "color": "#65a30d", "name": "Place"},
    "MetricClaim": {"shape": "dot", "color": "#f59e0b", "name": "Metric claim"},
    "EventClaim": {"shape": "diamond", "color": "#db2777", "name": "Event"},
    "RelationClaim": {"shape": "dot", "color": "#a8a29e", "name": "Relation claim"},
    "OutlookClaim": {"shape": "triangle", "color": "#16a34a", "name": "Outlook"},
    "RiskClaim": {"shape": "triangleDown", "color": "#dc2626", "name": "Risk"},
    "Thesis": {"shape": "star", "color": "#eab308", "name": "Thesis"},
    "Document": {"shape": "box", "color": "#e2e8f0", "name": "Document"},
}
CONFLICT_COLOR = "#dc2626"

#: How each relation is written on its edge.
REL_LABELS = {
    "about": "about", "object": "object", "source": "from", "assertedBy": "asserted by",
    "reportedBy": "reported by", "supportedBy": "supported by", "challengedBy": "challenged by",
    "publisher": "published by", "mentions": "", "conflictsWith": "conflicts with",
    "partOf": "part of", "competesWith": "competes with", "develops": "develops",
    "supplies": "supplies", "customerOf": "customer of", "partnersWith": "partners with",
    "invests": "invests in",
}

_ASSETS = ("page.html", "page.css", "page.js")
_SLOT = re.compile(r"/\*@([A-Z_]+)@\*/")


def _asset(name: str) -> str:
    return files("thesisgraph.viz").joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and CSS, from inside the installed pyvis package."""
    try:
        import pyvis
    except ImportError:
        raise MissingDependencyError("pyvis", "all") from None
    lib = Path(pyvis.__file__).parent / "templates" / "lib"
    found = sorted(lib.glob("vis-*/vis-network.min.js"))
    if not found:
        raise MissingDependencyError("pyvis (its vis-network build is missing)", "all")
    js = found[-1].read_text(encoding="utf-8")
    css = (found[-1].parent / "vis-network.css").read_text(encoding="utf-8")
    return _script_safe(js), css.replace("</style", "<\\/style")


def _script_safe(code: str) -> str:
    """JavaScript that cannot end its ``<script>`` element early."""
    return code.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def json_for_script(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` element whatever strings it holds."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _short(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def format_value(value: float | None, unit: str | None) -> str:
    """``33398000000, "CNY"`` -> ``"33.398bn CNY"`` (every stated digit kept, so close figures stay apart); ``26, "percent"`` -> ``"26%"``."""
    if value is None:
        return ""
    if unit == "percent":
        return f"{value:.6g}%"
    for size, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "m")):
        if abs(value) >= size:
            return f"{value / size:.6g}{suffix} {unit or ''}".rstrip()
    return f"{value:,.6g} {unit or ''}".rstrip()


def node_label(data: dict[str, Any]) -> str:
    """What a node says about itself: "Alibaba Cloud", "Revenue FY2026Q1: 33.4bn CNY"."""
    kind = data.get("kind")
    if kind == "MetricClaim" and data.get("metric"):
        head = str(data["metric"])
        head = head[:1].upper() + head[1:]
        if data.get("period"):
            head += f" {data['period']}"
        return _short(f"{head}: {format_value(data.get('value'), data.get('unit'))}", 60)
    if kind == "Thesis":
        return "Thesis: " + _short(data.get("statement") or data.get("label") or "", 48)
    if kind == "Document":
        return _short(data.get("title") or data.get("label") or "", 40)
    if kind in ("EventClaim", "OutlookClaim", "RiskClaim", "RelationClaim"):
        return _short(data.get("statement") or data.get("label") or "", 44)
    return _short(data.get("label") or "", 48)


def _details(g: nx.MultiDiGraph, n: str, data: dict[str, Any]) -> dict[str, Any]:
    """What the side panel shows for a node: plain strings only."""
    kind = data.get("kind", "")
    out: dict[str, Any] = {
        "kind": STYLES.get(kind, {}).get("name", kind), "label": data.get("label", ""), "iri": n,
    }
    for key in ("statement", "metric", "period", "unit", "date", "title", "publisher", "source"):
        if data.get(key):
            out[key] = str(data[key])
    if data.get("value") is not None:
        out["value"] = format_value(data["value"], data.get("unit"))
    for key in ("aliases", "tickers"):
        if data.get(key):
            out[key] = sorted(str(x) for x in data[key])
    docs = {d: g.nodes[d] for d in data.get("documents", []) if d in g}
    evidence = []
    for ev in data.get("evidence", []):
        doc = docs.get(ev.get("document") or "") or {}
        evidence.append({
            "before": ev.get("before", ""), "exact": ev.get("exact", ""), "after": ev.get("after", ""),
            "title": doc.get("title", ""), "publisher": doc.get("publisher") or "",
            "date": doc.get("date") or "",
        })
    if evidence:
        out["evidence"] = evidence
    if data.get("conflicts"):
        out["conflicts"] = [
            {"statement": c.get("statement", ""), "value": format_value(c.get("value"), c.get("unit")),
             "sources": c.get("sources", [])}
            for c in data["conflicts"]
        ]
    return out


def _tip(data: dict[str, Any], label: str) -> str:
    name = STYLES.get(data.get("kind", ""), {}).get("name", data.get("kind", ""))
    text = data.get("statement") or data.get("title") or data.get("label") or label
    tip = f"{name}: {_short(text, 200)}"
    if data.get("conflicts"):
        tip += f"\nConflicts with {len(data['conflicts'])} other figure(s)"
    return tip


def page_data(g: nx.MultiDiGraph, *, title: str, positions: dict[str, tuple[float, float]] | None,
              physics: bool) -> dict[str, Any]:
    """The JSON the page is drawn from: vis nodes and edges, panel details, legend."""
    ids = {n: i for i, n in enumerate(g)}
    nodes = []
    details = {}
    kinds_seen = []
    for n, data in g.nodes(data=True):
        kind = data.get("kind", "")
        style = STYLES.get(kind, {"shape": "dot", "color": "#94a3b8", "name": kind})
        if kind not in kinds_seen:
            kinds_seen.append(kind)
        label = node_label(data)
        node: dict[str, Any] = {
            "id": ids[n], "label": label, "shape": style["shape"], "kind": kind,
            "color": {"background": style["color"], "border": "#1e293b"},
            "tip": _tip(data, label),
        }
        if kind == "Document":
            node["font"] = {"color": "#0f172a", "size": 12}
        elif kind in STYLES and kind.endswith("Claim"):
            node["value"] = max(1, len(data.get("evidence", [])) + len(data.get("documents", [])))
        elif kind == "Thesis":
            node["value"] = 12
        else:
            node["value"] = max(1, int(data.get("weight") or g.degree(n)))
        if data.get("conflicts"):
            node["conflict"] = True
            node["label"] = "⚠ " + label
            node["borderWidth"] = 4
            node["color"] = {"background": style["color"], "border": CONFLICT_COLOR}
            node["font"] = {"color": CONFLICT_COLOR, "bold": True}
            node["shadow"] = {"enabled": True, "color": "rgba(220,38,38,0.7)", "size": 16, "x": 0, "y": 0}
        if positions is not None and n in positions:
            node["x"], node["y"] = positions[n]
        nodes.append(node)
        details[str(ids[n])] = _details(g, n, data)
    edges = []
    for u, v, edata in g.edges(data=True):
        rel = edata.get("rel")
        edge: dict[str, Any] = {"from": ids[u], "to": ids[v], "label": REL_LABELS.get(rel, rel or ""),
                                "rel": rel or ""}
        if rel == "coMentioned":
            count = int(edata.get("count", 1))
            edge.update(label=f"{count} note{'s' if count != 1 else ''}", arrows="",
                        color={"color": "#cbd5e1"}, value=count)
        elif rel == "conflictsWith":
            edge.update(color={"color": CONFLICT_COLOR}, width=3, dashes=True, arrows="")
        elif rel == "mentions":
            edge.update(color={"color": "#e2e8f0"}, arrows="")
        elif rel in ("source", "publisher", "assertedBy", "reportedBy"):
            edge.update(color={"color": "#cbd5e1"})
        edges.append(edge)
    legend = [{"kind": k, "name": STYLES[k]["name"], "color": STYLES[k]["color"],
               "shape": STYLES[k]["shape"]} for k in STYLES if k in kinds_seen]
    summary = g.graph.get("summary_of")
    return {
        "title": title, "nodes": nodes, "edges": edges, "details": details, "legend": legend,
        "physics": physics, "conflictColor": CONFLICT_COLOR,
        "note": (f"Summary: the {g.number_of_nodes()} most connected of {summary} nodes. "
                 "Use --focus ENTITY or filters to see the rest.") if summary else "",
    }


def render_graph(g: nx.MultiDiGraph, *, title: str = "thesisgraph") -> str:
    """One self-contained HTML page drawing ``g``."""
    big = g.number_of_nodes() > PHYSICS_LIMIT
    positions = force_layout(g) if g.number_of_nodes() else {}
    data = page_data(g, title=title, positions=positions, physics=not big)
    vis_js, vis_css = _vis_assets()
    slots = {
        "TITLE": html.escape(title, quote=True),
        "VIS_CSS": vis_css,
        "PAGE_CSS": _asset("page.css"),
        "VIS_JS": vis_js,
        "DATA": json_for_script(data),
        "PAGE_JS": _script_safe(_asset("page.js")),
    }
    return _SLOT.sub(lambda m: slots[m.group(1)], _asset("page.html"))
