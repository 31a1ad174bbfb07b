"""Concurrent clients against ``thesisgraph serve`` (not a test: prints figures).

Starts ``thesisgraph serve`` on 127.0.0.1 over a store, then runs ``--clients``
threads for ``--seconds``, each sending saved queries (``/saved/NAME``) and
the same queries bound into SPARQL text (POST ``/sparql``), in JSON and XML,
and checking every answer against what the Python API returns for the same
query. One more client sends a query that runs past the time limit, over and
over, and expects it to be stopped (503). Prints requests/s, p50/p95
latency, errors (must be 0), wrong answers (must be 0), stopped slow
queries, and the server's peak resident memory (server process plus its
query workers, sampled every 0.2 s).

    python benchmarks/serve_load.py [--clients 50] [--seconds 30] [--store DIR] [--timeout 5]

Without ``--store`` it loads ``examples/notes`` (and the seed note beside the
checkout, when there) into a scratch store first.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from thesisgraph.graph.results import term_json
from thesisgraph.graph.saved import saved_query
from thesisgraph.graph.sparql import bind

import thesisgraph as tg

ROOT = Path(__file__).resolve().parent.parent
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


@dataclass
class Report:
    requests: int = 0
    wrong: int = 0
    stopped: int = 0
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    peak_rss: int = 0  # bytes, server process plus workers

    def summary(self) -> str:
        lat = sorted(self.latencies) or [0.0]
        q = statistics.quantiles(lat, n=100) if len(lat) > 1 else [lat[0]] * 99
        return (
            f"requests {self.requests} in {self.seconds:.1f} s: {self.requests / max(self.seconds, 1e-9):.0f} req/s; "
            f"latency p50 {q[49] * 1000:.1f} ms, p95 {q[94] * 1000:.1f} ms, max {lat[-1] * 1000:.0f} ms; "
            f"errors {len(self.errors)}; wrong answers {self.wrong}; over-time queries stopped {self.stopped}; "
            f"server peak RSS {self.peak_rss / 2**20:.0f} MiB (server + workers)"
        )


@dataclass(frozen=True)
class Case:
    """One request and the answer it must get (rows as a sorted list, to ignore order)."""

    method: str
    path: str
    body: bytes | None
    headers: dict[str, str]
    expected: list[str]
    xml: bool = False


def _canon(bindings: list[dict[str, Any]]) -> list[str]:
    return sorted(json.dumps(b, sort_keys=True, ensure_ascii=False) for b in bindings)


def _pick(store: Any, sparql: str) -> str | None:
    r = store.query(sparql)
    return str(r.rows()[0]["x"]) if r.bindings else None


def plan(store_dir: Path) -> list[Case]:
    """The requests the clients cycle through, with answers from the Python API."""
    with tg.open_store(store_dir, read_only=True) as st:
        entity = _pick(st, "SELECT ?x WHERE { ?e rdfs:label ?x . ?c tg:about ?e } "
                           "GROUP BY ?x ORDER BY DESC(COUNT(?c)) ?x LIMIT 1")
        metric = None
        if entity:
            r = st.query("SELECT ?x WHERE { ?e rdfs:label ?n . ?c tg:about ?e ; tg:metric/rdfs:label ?x } "
                         "GROUP BY ?x ORDER BY DESC(COUNT(?c)) ?x LIMIT 1", {"n": entity})
            metric = str(r.rows()[0]["x"]) if r.bindings else None
        publisher = _pick(st, "SELECT ?x WHERE { ?d dcterms:publisher/rdfs:label ?x } "
                              "GROUP BY ?x ORDER BY DESC(COUNT(?d)) ?x LIMIT 1")
        wanted = {
            "claims-about": {"entity": entity}, "time-series": {"entity": entity, "metric": metric},
            "conflicts": {}, "thesis-tree": {}, "publisher-claims": {"publisher": publisher},
            "entities": {}, "changed-since": {"since": "2000-01-01"},
        }
        cases = []
        for name, params in wanted.items():
            if any(v is None for v in params.values()):
                continue
            sq = saved_query(name)
            typed = sq.convert(dict(params))
            expected = _canon(tg.query(st, saved=name, params=params).to_json()["results"]["bindings"])
            qs = urllib.parse.urlencode(params)
            cases.append(Case("GET", f"/saved/{name}?{qs}", None, {}, expected))
            text = bind(sq.text, typed).encode("utf-8")
            cases.append(Case("POST", "/sparql", text, {"Content-Type": "application/sparql-query",
                                                         "Accept": "application/sparql-results+json"}, expected))
            cases.append(Case("POST", "/sparql", text, {"Content-Type": "application/sparql-query",
                                                         "Accept": "application/sparql-results+xml"},
                              expected, xml=True))
        count = "SELECT (COUNT(*) AS ?n) WHERE { ?c a tg:Claim }"
        expected = _canon(st.query(count).to_json()["results"]["bindings"])
        form = urllib.parse.urlencode({"query": count}).encode()
        cases.append(Case("POST", "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"}, expected))
    return cases


_CHECKED: set[tuple[int, bytes]] = set()  # (case, body) pairs already found right: the client spends its CPU once


def _check(case: Case, status: int, body: bytes) -> str | None:
    """None when the answer is right, else what was wrong."""
    if status != 200:
        return f"{case.method} {case.path}: HTTP {status}: {body[:200]!r}"
    key = (id(case), body)
    if key in _CHECKED:
        return None
    if case.xml:
        got = _canon([{v: term_json(t) for v in sol_vars if (t := sol[v]) is not None}
                      for sol_vars, sol in _xml_rows(body)])
    else:
        got = _canon(json.loads(body)["results"]["bindings"])
    if got != case.expected:
        return "wrong"
    _CHECKED.add(key)
    return None


def _xml_rows(body: bytes) -> list[tuple[list[str], Any]]:
    sols = ox.parse_query_results(body, ox.QueryResultsFormat.XML)
    names = [v.value for v in sols.variables]  # type: ignore[union-attr]
    return [(names, sol) for sol in sols]


def _client(host: str, port: int, cases: list[Case], start: int, until: float, report: Report,
            lock: threading.Lock) -> None:
    conn = http.client.HTTPConnection(host, port, timeout=120)
    i = start
    while time.monotonic() < until:
        case = cases[i % len(cases)]
        i += 1
        began = time.monotonic()
        try:
            conn.request(case.method, case.path, body=case.body, headers=case.headers)
            resp = conn.getresponse()
            body = resp.read()
            problem = _check(case, resp.status, body)
        except (OSError, http.client.HTTPException) as exc:
            problem = f"{case.method} {case.path}: {type(exc).__name__}: {exc}"
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=120)
        elapsed = time.monotonic() - began
        with lock:
            report.requests += 1
            report.latencies.append(elapsed)
            if problem == "wrong":
                report.wrong += 1
            elif problem:
                report.errors.append(problem)
    conn.close()


def _slow_client(host: str, port: int, until: float, report: Report, lock: threading.Lock) -> None:
    while time.monotonic() < until:
        conn = http.client.HTTPConnection(host, port, timeout=300)
        try:
            conn.request("POST", "/sparql", body=SLOW.encode(), headers={"Content-Type": "application/sparql-query"})
            resp = conn.getresponse()
            body = resp.read()
            ok = resp.status == 503 and b"time limit" in body
            problem = None if ok else f"slow query: HTTP {resp.status}: {body[:200]!r}"
        except (OSError, http.client.HTTPException) as exc:
            problem = f"slow query: {type(exc).__name__}: {exc}"
        finally:
            conn.close()
        with lock:
            if problem:
                report.errors.append(problem)
            else:
                report.stopped += 1


def _rss_tree(pid: int) -> int:
    """Resident bytes of a process and all its descendants (Linux /proc)."""
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            m = re.search(r"VmRSS:\s+(\d+) kB", status)
            total += int(m.group(1)) * 1024 if m else 0
            for task in Path(f"/proc/{p}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return total


def run_load(base: str, store_dir: Path, *, clients: int = 50, seconds: float = 30.0, slow: bool = True,
             server_pid: int | None = None) -> Report:
    """Run the clients against the server at ``base`` (``http://127.0.0.1:PORT``)."""
    url = urllib.parse.urlsplit(base)
    host, port = url.hostname or "127.0.0.1", url.port or 80
    cases = plan(store_dir)
    report = Report()
    lock = threading.Lock()
    began = time.monotonic()
    until = began + seconds
    threads = [threading.Thread(target=_client, args=(host, port, cases, i * 3, until, report, lock))
               for i in range(clients)]
    if slow:
        threads.append(threading.Thread(target=_slow_client, args=(host, port, until, report, lock)))
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        if server_pid:
            report.peak_rss = max(report.peak_rss, _rss_tree(server_pid))
        time.sleep(0.2)
    report.seconds = time.monotonic() - began
    return report


def _default_store(folder: Path) -> Path:
    store = folder / "store"
    paths = [ROOT / "examples" / "notes"]
    seed = ROOT.parent / "shared" / "seed" / "changjiang-alibaba-cloud-2025-08.txt"
    if seed.exists():
        paths.append(seed)
    with tg.open_store(store) as st:
        report = tg.load(st, paths)
    print(f"loaded {len(report.added)} notes into {store}", flush=True)
    return store


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--store", type=Path, help="store folder (default: a scratch store of examples/notes)")
    ap.add_argument("--timeout", type=float, default=5.0, help="the server's query time limit")
    ap.add_argument("--workers", type=int, default=None, help="the server's query workers")
    ap.add_argument("--no-slow", action="store_true", help="leave out the over-time query")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store or _default_store(Path(tmp))
        cmd = [sys.executable, "-m", "thesisgraph", "serve", "--store", str(store), "--port", "0",
               "--timeout", str(args.timeout)]
        if args.workers:
            cmd += ["--workers", str(args.workers)]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        try:
            line = proc.stdout.readline() if proc.stdout else ""
            m = re.search(r"serving (http://[^/\s]+)/sparql", line)
            if not m:
                raise SystemExit(f"the server did not start: {line!r}")
            print(f"{line.strip()}; {args.clients} clients for {args.seconds:g} s, "
                  f"over-time query {'off' if args.no_slow else 'on'} (limit {args.timeout:g} s), "
                  f"{os.cpu_count()} CPUs", flush=True)
            report = run_load(m.group(1), store, clients=args.clients, seconds=args.seconds,
                              slow=not args.no_slow, server_pid=proc.pid)
        finally:
            proc.terminate()
            proc.wait(30)
    print(report.summary())
    for err in report.errors[:10]:
        print("error:", err)
    if report.errors or report.wrong:
        sys.exit(1)


if __name__ == "__main__":
    main()
