"""The obvious alternative, measured beside thesisgraph: rdflib's in-memory store.

Same files, same readers, same extractor output, same quads (the ones
:mod:`thesisgraph.graph.mapping` builds), but written triple by triple with
rdflib's ``Graph.add`` into an in-memory ``Dataset`` (one graph per
document, the union as default graph), queried with rdflib's SPARQL engine
and exported with rdflib's TriG serialiser. Conflict links are found with
the same rule as the store, against an in-memory index (cheaper than asking
rdflib's SPARQL engine once per document, so the baseline is if anything
flattered).

Run by ``benchmarks/run.py`` in a process of its own (so that its peak memory
is its own)::

    python -m benchmarks.baseline NOTES --gazetteer G.yaml --new NEW.md --budget 60

prints one JSON object: load time, query latencies (or the budget they
exceeded), export time, incremental one-note time, quad count.
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing as mp
import resource
import sys
import time
from collections.abc import Callable, Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.term import Node
from thesisgraph.graph.conflicts import MetricPoint, conflicting_pairs, metric_point
from thesisgraph.graph.mapping import common_quads, document_quads
from thesisgraph.graph.model import Extraction
from thesisgraph.graph.namespace import CONFLICTS_GRAPH, TG, XSD
from thesisgraph.graph.results import Result
from thesisgraph.graph.saved import saved_queries
from thesisgraph.graph.sparql import bind, with_prefixes
from thesisgraph.loaders.gazetteer import load_gazetteer
from thesisgraph.loaders.pipeline import (
    LoadReport,
    Prepared,
    _Context,
    _prepared,
    iter_files,
)
from thesisgraph.loaders.version import pipeline_fingerprint

_STRING = XSD + "string"


class RdflibGraph:
    """An rdflib Dataset that documents are written to with ``Graph.add``."""

    def __init__(self) -> None:
        self.ds = Dataset(default_union=True)
        self._points: list[MetricPoint] = []
        self._nodes: dict[str, URIRef] = {}

    def _term(self, t: Any) -> Node:
        if isinstance(t, ox.NamedNode):
            node = self._nodes.get(t.value)
            if node is None:
                node = self._nodes[t.value] = URIRef(t.value)
            return node
        if isinstance(t, ox.Literal):
            if t.language:
                return Literal(t.value, lang=t.language)
            dt = t.datatype.value
            return Literal(t.value, datatype=None if dt == _STRING else URIRef(dt))
        return BNode(t.value)

    def add(self, quads: Iterable[ox.Quad]) -> None:
        graphs: dict[str, Any] = {}
        for q in quads:
            name = q.graph_name.value  # type: ignore[union-attr]
            g = graphs.get(name)
            if g is None:
                g = graphs[name] = self.ds.graph(URIRef(name))
            g.add((self._term(q.subject), self._term(q.predicate), self._term(q.object)))

    def write(self, extraction: Extraction, pipeline: str) -> int:
        """Add one new document (its graph, its shared facts, its conflict links)."""
        points = [p for c in extraction.claims if (p := metric_point(c)) is not None]
        keys = {p.key for p in points}
        existing = [p for p in self._points if p.key in keys]
        pairs = list(conflicting_pairs(points, existing))
        self._points.extend(points)
        conflicts = ox.NamedNode(CONFLICTS_GRAPH)
        link = ox.NamedNode(TG + "conflictsWith")
        links = [ox.Quad(ox.NamedNode(a), link, ox.NamedNode(b), conflicts)
                 for x, y in pairs for a, b in ((x, y), (y, x))]
        self.add(document_quads(extraction, pipeline) + common_quads(extraction) + links)
        return len(pairs)

    def query(self, sparql: str) -> Any:
        return list(self.ds.query(sparql))

    def __len__(self) -> int:
        return sum(len(g) for g in self.ds.graphs())


class RdflibBackend:
    """A read-only :class:`~thesisgraph.graph.store.Backend` over an rdflib Dataset, so that
    the viz projection (or any Store reader) runs unchanged on the baseline."""

    read_only = True
    location = "rdflib:memory"
    values_per_variable = False

    def __init__(self, ds: Dataset) -> None:
        self.ds = ds

    def query(self, sparql: str) -> Result:
        r = self.ds.query(sparql)
        if r.type == "ASK":
            return Result(kind="ask", boolean=bool(r.askAnswer))
        names = tuple(str(v) for v in r.vars or ())
        rows = tuple(tuple(_ox(row[i]) if row[i] is not None else None for i in range(len(names))) for row in r)
        return Result(kind="select", variables=names, bindings=rows)

    def quad_count(self) -> int:
        return sum(len(g) for g in self.ds.graphs())

    def close(self) -> None:
        pass


def _ox(t: Any) -> Any:
    if isinstance(t, URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, Literal):
        if t.language:
            return ox.Literal(str(t), language=t.language)
        return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype or _STRING)))
    return ox.BlankNode(str(t))


def from_nquads(data: bytes) -> Dataset:
    """An rdflib Dataset holding the given N-Quads (to compare readers on the same data)."""
    ds = Dataset(default_union=True)
    ds.parse(data=data, format="nquads")
    return ds


def extractions(paths: list[str], gazetteer_files: list[str], workers: int | None = None) -> Iterable[
        tuple[str, Any]]:
    """Read and extract the files exactly as ``thesisgraph load`` does (same worker pool)."""
    gaz = load_gazetteer(gazetteer_files)
    ctx = _Context(gaz, pipeline_fingerprint(gaz), {}, True)
    files = [str(f) for f in iter_files(paths, LoadReport())]
    return _prepared(files, ctx, workers)


def timed_with_budget(fn: Callable[[], Any], runs: int, budget: float) -> dict[str, Any]:
    """Run ``fn`` up to ``runs`` times in a forked child; stop it when it exceeds ``budget`` seconds.

    Returns ``{"times": [...], "rows": n}`` or ``{"timeout": budget}``."""
    recv, send = mp.get_context("fork").Pipe(duplex=False)

    def child() -> None:
        times, rows = [], 0
        start = time.perf_counter()
        for _ in range(runs):
            t = time.perf_counter()
            out = fn()
            times.append(time.perf_counter() - t)
            rows = len(out) if hasattr(out, "__len__") else 0
            if time.perf_counter() - start > budget / 2:
                break
        send.send({"times": times, "rows": rows})

    proc = mp.get_context("fork").Process(target=child)
    proc.start()
    got = recv.poll(budget)
    result = recv.recv() if got else {"timeout": budget}
    if proc.is_alive():
        proc.kill()
    proc.join()
    return result


def example_params(example: str) -> dict[str, str]:
    """The ``--param NAME=VALUE`` pairs of a saved query's example command line."""
    import shlex

    words = shlex.split(example) if example else []
    out = {}
    for i, w in enumerate(words):
        if w in ("--param", "-p") and i + 1 < len(words):
            name, _, value = words[i + 1].partition("=")
            out[name] = value
        elif w.startswith("--param="):
            name, _, value = w[len("--param="):].partition("=")
            out[name] = value
    return out


def run(notes: str, gazetteers: list[str], new: list[str], runs: int, budget: float) -> dict[str, Any]:
    out: dict[str, Any] = {}
    graph = RdflibGraph()
    gaz = load_gazetteer(gazetteers)
    pipeline = pipeline_fingerprint(gaz)
    t = time.perf_counter()
    n = 0
    for _, prepared in extractions([notes], gazetteers):
        if isinstance(prepared, Prepared):
            graph.write(prepared.extraction, pipeline)
            n += 1
    out["load_s"] = time.perf_counter() - t
    out["load_done_at"] = time.time()  # run.py turns this into an end-to-end time, start-up included
    out["documents"] = n
    out["load_maxrss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # peak of the load
    out["quads"] = len(graph)
    if new:
        from thesisgraph.loaders.extract import extract_note
        from thesisgraph.loaders.readers import read_note

        extract_note(read_note(new[1]), gaz)  # warm-up, as for thesisgraph (see run.py)
        t = time.perf_counter()
        graph.write(extract_note(read_note(new[0]), gaz), pipeline)
        out["incremental_ms"] = (time.perf_counter() - t) * 1000
    queries: dict[str, Any] = {}
    for name, sq in saved_queries().items():
        text = bind(with_prefixes(sq.text), sq.convert(example_params(sq.example)))
        queries[name] = timed_with_budget(lambda text=text: graph.query(text), runs, budget)  # type: ignore[misc]
    out["queries"] = queries

    def export() -> bytes:
        buf = io.BytesIO()
        graph.ds.serialize(buf, format="trig")
        return buf.getvalue()

    out["export"] = timed_with_budget(export, 1, budget)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.baseline", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("notes")
    ap.add_argument("--gazetteer", action="append", default=[])
    ap.add_argument("--new", nargs=2, default=[], metavar=("NOTE", "WARMUP"),
                    help="a new note to time an incremental load (read, extract, write), and one to warm up with")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--budget", type=float, default=60.0, help="seconds allowed per query and for export")
    args = ap.parse_args(argv)
    json.dump(run(args.notes, args.gazetteer, args.new, args.runs, args.budget), sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
