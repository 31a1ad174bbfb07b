"""Every benchmark, one command, one table: thesisgraph beside rdflib's in-memory store.

    python -m benchmarks.run                      # 1,000 and 10,000 notes (about 20 minutes on 2 cores)
    python -m benchmarks.run --sizes 1000         # one size
    python -m benchmarks.run --quick              # 200 notes, fewer repetitions (a smoke run)

For each size it generates the corpus (``benchmarks/corpus.py``, cached in
``--workdir``), then measures:

* ``thesisgraph load`` into the embedded on-disk store, end to end (a fresh
  process: reading, extraction on every core, writing), as notes/s and MB/s,
  with the peak memory of the load process and its workers (RSS summed over
  the process tree, sampled from /proc) and the store's size on disk;
* p50/p95 latency of every saved query with its example parameters (a query whose
  repeated runs would pass ``--query-budget`` is shown with its first run alone, and one
  whose first run passes it as stopped);
* TriG export of the whole store;
* an incremental load of one new note into the loaded store (in process, and
  through the CLI including Python start-up), and the remove of that note (the
  same two ways; no baseline);

* the floors (``benchmarks/floor.py``): the loaded store's quads bulk-loaded again into an
  empty store in pieces of the load's batch size and compacted, reading and extraction in
  one process, and the engine's time per value handed over, times the values of each
  query's answer;

and once, the ``viz`` time of a 5,000-node view (``benchmarks/viz_bench.py``).

Each figure stands beside the same pipeline on rdflib's in-memory Dataset
(``benchmarks/baseline.py``) measured in the same run; the baseline is skipped
above ``--baseline-max`` notes, and any baseline query or export that exceeds
``--budget`` seconds is stopped and shown as such. Results go to the terminal
as a Markdown table and to ``--json`` (default ``benchmarks/results/latest.json``).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:  # `python -m benchmarks.run` from elsewhere, or `python benchmarks/run.py`
    sys.path.insert(0, str(ROOT))
PAGE = os.sysconf("SC_PAGE_SIZE")

#: Notes read and extracted in one process for the extraction floor (the first, by name).
FLOOR_NOTES = 300

TARGETS = {
    "load": "10k notes <= 60 s",
    "query": "p50 <= 100 ms at 10k",
    "memory": "< 1.5 GB",
    "viz": "< 5 s",
    "incremental": "< 200 ms",
}


# ---- measuring -----------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(x) for x in fh.read().split()]
    except OSError:
        return []


def _pss(pid: int) -> int:
    """Proportional set size (resident memory, pages shared with other processes divided among
    them, so that forked workers are not counted twice), in bytes; resident size where the
    kernel has no smaps_rollup."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    with open(f"/proc/{pid}/statm") as fh:
        return int(fh.read().split()[1]) * PAGE


def tree_rss(pid: int) -> int:
    """Memory of a process and all its descendants (summed PSS), in bytes (0 when it is gone)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            total += _pss(p)
        except (OSError, IndexError, ValueError):
            continue
        todo.extend(_children(p))
    return total


def kill_tree(pid: int) -> None:
    """SIGKILL a process and all its descendants (children first found, then killed)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(_children(p))
    for p in found:
        try:
            os.kill(p, signal.SIGKILL)
        except ProcessLookupError:
            pass


@dataclass
class Run:
    seconds: float
    peak_rss: int
    started: float  # wall clock (time.time()) when the process was started
    returncode: int
    stdout: str
    stderr: str
    cpu: float = 0.0  # CPU seconds of the process and every descendant it waited for


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_measured(cmd: list[str], *, timeout: float | None = None, env: dict[str, str] | None = None) -> Run:
    """Run a command; wall time and the peak memory of its process tree (sampled every 50 ms)."""
    peak = 0
    started = time.time()
    cpu = _children_cpu()
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            env=env)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(proc.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    except BaseException:  # a timeout, or this run interrupted: stop the command and its workers
        kill_tree(proc.pid)
        out, err = proc.communicate()
        if not isinstance(sys.exc_info()[1], subprocess.TimeoutExpired):
            raise
    seconds = time.perf_counter() - t
    done.set()
    sampler.join()
    return Run(seconds, peak, started, proc.returncode, out, err, _children_cpu() - cpu)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation."""
    s = sorted(values)
    if len(s) == 1:
        return s[0]
    pos = (len(s) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def folder_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


# ---- one size ------------------------------------------------------------------------------------


@dataclass
class Options:
    runs: int
    budget: float
    baseline_max: int
    workdir: Path
    seed: int
    load_timeout: float = 3600.0
    query_budget: float = 60.0


@dataclass
class SizeResult:
    notes: int
    corpus_mb: float
    tg: dict[str, Any] = field(default_factory=dict)
    base: dict[str, Any] = field(default_factory=dict)


def corpus(n: int, opts: Options) -> tuple[Path, Path, list[Path]]:
    """The notes folder, gazetteer and two new notes of an ``n``-note corpus (generated once)."""
    from benchmarks.corpus import note, universe, write_corpus

    out = opts.workdir / f"corpus-{n}-seed{opts.seed}"
    marker = out / ".complete"
    version = hashlib.sha256((HERE / "corpus.py").read_bytes()).hexdigest()  # regenerate when it changes
    if not marker.exists() or marker.read_text() != version:
        shutil.rmtree(out, ignore_errors=True)
        write_corpus(out, n, opts.seed)
        marker.write_text(version)
    u = universe(opts.seed)
    new = []
    for k in range(2):
        d = out / f"new-{k}"
        d.mkdir(exist_ok=True)
        name, text = note(u, opts.seed, n + k)
        f = d / name
        f.write_text(text, encoding="utf-8")
        new.append(f)
    return out / "notes", out / "gazetteer.yaml", new


def _query_child(store: str, name: str, runs: int, send: Any) -> None:
    from thesisgraph.graph.saved import saved_query
    from thesisgraph.graph.store import open_store

    from benchmarks.baseline import example_params

    sq = saved_query(name)
    params = sq.convert(example_params(sq.example))
    with open_store(store, read_only=True) as st:
        t = time.perf_counter()
        answer = st.query(sq.text, params)  # warm-up
        first = time.perf_counter() - t
        rows = len(answer)
        cells = sum(v is not None for row in answer.bindings for v in row)  # the values it hands over
        del answer
        send.send({"rows": rows, "cells": cells, "first": first})  # what is known if the runs outlast the budget
        times = []
        for _ in range(min(runs, max(2, int(10 / max(first, 1e-3))))):  # about 10 s per query at most
            t = time.perf_counter()
            st.query(sq.text, params)
            times.append(time.perf_counter() - t)
    send.send({"times": times, "rows": rows, "cells": cells, "first": first})


def time_query(store: Path, name: str, runs: int, budget: float) -> dict[str, Any]:
    """p50/p95 material for one saved query (its example parameters) on the store, in a fresh
    process that is stopped after ``budget`` seconds (a query cannot be interrupted otherwise)."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_query_child, args=(str(store), name, runs, send))
    proc.start()
    deadline = time.monotonic() + budget
    if not recv.poll(budget):
        result: dict[str, Any] = {"timeout": budget, "rows": "?"}
    else:
        warm = recv.recv()
        if recv.poll(max(0.0, deadline - time.monotonic())):
            result = recv.recv()
        else:  # the first run finished within the budget, the repeated ones would not: report it alone
            result = {"times": [warm["first"]], "rows": warm["rows"], "cells": warm["cells"], "first": warm["first"],
                      "one_run": True}
    if proc.is_alive():
        proc.kill()
    proc.join()
    return result


def measure_size(n: int, opts: Options, log: Any) -> SizeResult:
    notes, gaz, new = corpus(n, opts)
    size = folder_bytes(notes)
    res = SizeResult(n, size / 1e6)
    store = opts.workdir / f"store-{n}"
    shutil.rmtree(store, ignore_errors=True)

    log(f"[{n}] thesisgraph load ...")
    r = run_measured([sys.executable, "-m", "thesisgraph", "load", str(notes), "--store", str(store),
                      "--gazetteer", str(gaz), "--quiet"], timeout=opts.load_timeout)
    if r.returncode != 0:
        raise SystemExit(f"thesisgraph load failed ({r.returncode}):\n{r.stderr[-2000:]}")
    res.tg.update(load_s=r.seconds, load_cpu_s=r.cpu, peak_rss=r.peak_rss, store_bytes=folder_bytes(store))
    log(f"[{n}] loaded in {r.seconds:.1f} s, peak {r.peak_rss / 1e6:.0f} MB")

    from thesisgraph.graph.saved import saved_queries
    from thesisgraph.graph.store import open_store


    res.tg["queries"] = {name: time_query(store, name, opts.runs, opts.query_budget)
                         for name in saved_queries()}
    log(f"[{n}] queries done")
    with open_store(str(store), read_only=True) as st:
        res.tg["quads"] = len(st)
        export_times = []
        for _ in range(3 if opts.runs >= 10 else 1):
            buf = io.BytesIO()
            t = time.perf_counter()
            st.export("trig", buf)
            export_times.append(time.perf_counter() - t)
        res.tg["export_s"] = statistics.median(export_times)
        res.tg["export_mb"] = len(buf.getvalue()) / 1e6
        del buf

    from thesisgraph.loaders.extract import extract_note
    from thesisgraph.loaders.gazetteer import load_gazetteer
    from thesisgraph.loaders.pipeline import load_paths
    from thesisgraph.loaders.readers import read_note

    g = load_gazetteer([str(gaz)])
    extract_note(read_note(new[1]), g)  # warm-up (compiled patterns), as a long-running process would be
    with open_store(str(store)) as st:
        t = time.perf_counter()
        report = load_paths(st, [new[0]], gazetteer=g)
        res.tg["incremental_ms"] = (time.perf_counter() - t) * 1000
        if len(report.added) != 1:
            raise SystemExit(f"incremental load did not add the note: {report}")
    r = run_measured([sys.executable, "-m", "thesisgraph", "load", str(new[1]), "--store", str(store),
                      "--gazetteer", str(gaz), "--quiet"])
    res.tg["incremental_cli_ms"] = r.seconds * 1000
    log(f"[{n}] incremental {res.tg['incremental_ms']:.0f} ms (CLI {r.seconds * 1000:.0f} ms)")
    # and out again: the store is as loaded, and a remove's cost is measured the same two ways
    with open_store(str(store)) as st:
        t = time.perf_counter()
        st.remove(str(new[0]))
        res.tg["remove_ms"] = (time.perf_counter() - t) * 1000
    r = run_measured([sys.executable, "-m", "thesisgraph", "remove", str(new[1]), "--store", str(store)])
    if r.returncode != 0:
        raise SystemExit(f"thesisgraph remove failed ({r.returncode}):\n{r.stderr[-2000:]}")
    res.tg["remove_cli_ms"] = r.seconds * 1000
    log(f"[{n}] remove {res.tg['remove_ms']:.0f} ms (CLI {r.seconds * 1000:.0f} ms)")

    # the floors: the engine alone writing the same quads its cheapest way, the extractor
    # alone, and the engine's cost per value handed over (benchmarks/floor.py)
    from benchmarks.floor import extraction_floor, value_cost

    log(f"[{n}] floors ...")
    res.tg["value_cost"] = value_cost(store)
    sample = sorted(notes.iterdir())[:FLOOR_NOTES]
    res.tg["extraction"] = extraction_floor(sample, g)  # the gazetteer warmed up above
    f = run_measured([sys.executable, "-m", "benchmarks.floor", str(store), str(opts.workdir)],
                     timeout=opts.load_timeout)
    if f.returncode != 0:
        raise SystemExit(f"the bulk-load floor failed ({f.returncode}):\n{f.stderr[-2000:]}")
    res.tg["bulk_floor"] = json.loads(f.stdout)
    log(f"[{n}] floors done")

    if n <= opts.baseline_max:
        log(f"[{n}] rdflib baseline ...")
        b = run_measured([sys.executable, "-m", "benchmarks.baseline", str(notes), "--gazetteer", str(gaz),
                          "--new", str(new[0]), str(new[1]), "--runs", str(min(opts.runs, 5)), "--budget", str(opts.budget)], timeout=opts.load_timeout)
        if b.returncode != 0:
            res.base["error"] = b.stderr.strip().splitlines()[-1] if b.stderr.strip() else f"exit {b.returncode}"
        else:
            res.base.update(json.loads(b.stdout))
            res.base["peak_rss"] = res.base.get("load_maxrss", b.peak_rss)
            res.base["load_e2e_s"] = res.base["load_done_at"] - b.started
        log(f"[{n}] baseline done")
    else:
        res.base["skipped"] = f"baseline skipped above {opts.baseline_max} notes"
    return res


def measure_viz(docs: int, budget: float, log: Any) -> dict[str, Any]:
    """The `viz --all` time of a synthetic store of ``docs`` documents (5,000 nodes at 200)."""
    from thesisgraph.graph.store import Store, open_store
    from thesisgraph.viz.project import project_store
    from thesisgraph.viz.render import render_graph

    from benchmarks.baseline import RdflibBackend, from_nquads, timed_with_budget
    from benchmarks.viz_bench import build

    log("viz ...")
    store = open_store(":memory:")
    build(store, docs, 21, 2 * docs)
    t = time.perf_counter()
    graph = project_store(store)
    proj = time.perf_counter() - t
    t = time.perf_counter()
    render_graph(graph)
    page = time.perf_counter() - t
    out: dict[str, Any] = {"nodes": graph.number_of_nodes(), "project_s": proj, "render_s": page,
                           "total_s": proj + page}
    buf = io.BytesIO()
    store.export("nquads", buf)
    base = Store(RdflibBackend(from_nquads(buf.getvalue())))  # type: ignore[arg-type]
    timing = timed_with_budget(lambda: project_store(base), 1, budget)
    out["base_project_s"] = timing["times"][0] if "times" in timing else None
    out["base_total_s"] = out["base_project_s"] + page if out["base_project_s"] is not None else None
    log("viz done")
    return out


# ---- the table -----------------------------------------------------------------------------------


def _ms(x: float) -> str:
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"


def _mb(x: float) -> str:
    return f"{x / 1e6:,.0f} MB" if x < 1e9 else f"{x / 1e9:.2f} GB"


def _ratio(ours: float | None, theirs: float | None) -> str:
    if not ours or not theirs:
        return ""
    r = theirs / ours
    return f"x{r:,.0f}" if r >= 10 else f"x{r:.1f}"


def _query_cells(q: dict[str, Any], budget: float) -> tuple[str, float | None]:
    if "timeout" in q:
        return f"> {q['timeout']:.0f} s (stopped)", None
    p50 = percentile(q["times"], 50)
    if q.get("one_run"):
        return f"{_ms(p50)} (one run)", p50
    p95 = percentile(q["times"], 95)
    return f"{_ms(p50)} / {_ms(p95)}", p50


def table(results: list[SizeResult], viz: dict[str, Any] | None, budget: float) -> str:
    from thesisgraph.graph.store import BATCH_BYTES

    rows: list[tuple[str, str, str, str, str, str, str]] = []
    cores = os.cpu_count() or 1

    def add(what: str, n: str, ours: str, theirs: str, ratio: str = "", target: str = "", floor: str = "") -> None:
        rows.append((what, n, ours, theirs, ratio, floor, target))

    for r in results:
        n = f"{r.notes:,}"
        b = r.base
        skipped = b.get("skipped") or b.get("error")
        na = "skipped" if skipped else ""
        add("corpus", n, f"{r.corpus_mb:.1f} MB text, {r.tg['quads']:,} quads",
            f"{b['quads']:,} quads" if "quads" in b else na)
        t, bt = r.tg["load_s"], b.get("load_e2e_s")
        bulk, ext = r.tg.get("bulk_floor"), r.tg.get("extraction")
        floor = ""
        if bulk and ext:
            engine_cpu = bulk["bulk_cpu_s"] + bulk["compact_cpu_s"]
            ext_cpu = ext["ms_per_note"] / 1000 * r.notes
            floor = f"{max(bulk['bulk_s'] + bulk['compact_s'], (engine_cpu + ext_cpu) / cores):.1f} s"
        add("load, end to end (s)", n, f"{t:.1f} s", f"{bt:.1f} s" if bt else na, _ratio(t, bt),
            TARGETS["load"] if r.notes >= 10000 else "", floor)
        if "load_cpu_s" in r.tg:
            add("  CPU time of the load, all its processes", n, f"{r.tg['load_cpu_s']:.1f} s on {cores} cores", "")
        if bulk and ext:
            add(f"  floor: its quads bulk-loaded in {BATCH_BYTES >> 20} MB pieces, then compacted", n,
                f"{bulk['bulk_s']:.1f} s + {bulk['compact_s']:.1f} s ({bulk['calls']} calls), "
                f"{engine_cpu:.1f} s CPU, peak {_mb(bulk['maxrss'])}"
                + (f" (the dump before it {_mb(bulk['dump_maxrss'])})" if "dump_maxrss" in bulk
                   else " (the dump before it included)"), "")
            add("  floor: reading and extraction, one process", n,
                f"{ext['ms_per_note']:.1f} ms a note: {ext_cpu:.1f} s CPU", "")
        add("load (notes/s)", n, f"{r.notes / t:,.0f}", f"{r.notes / bt:,.0f}" if bt else na)
        add("load (MB of text/s)", n, f"{r.corpus_mb / t:.2f}", f"{r.corpus_mb / bt:.2f}" if bt else na)
        add("peak memory of the load", n, _mb(r.tg["peak_rss"]),
            _mb(b["peak_rss"]) if "peak_rss" in b else na, "", TARGETS["memory"])
        add("store size on disk", n, _mb(r.tg["store_bytes"]), "in memory only" if not skipped else na)
        per = r.tg.get("value_cost", {}).get("seconds_per_value")
        if per:
            add("  floor: the engine's time per value handed over", n,
                f"{per * 1e6:.2f} µs (index scans, {r.tg['value_cost']['values']:,} values)", "")
        for name, q in r.tg["queries"].items():
            ours, p50 = _query_cells(q, budget)  # p50 None: stopped
            bq = b.get("queries", {}).get(name)
            theirs, bp50 = _query_cells(bq, budget) if bq else (na, None)
            ratio = _ratio(p50, bp50) if bp50 else (f"> x{budget / p50:,.0f}" if bq and p50 else "")
            floor = f"{_ms(q['cells'] * per)} ({q['cells']:,} values)" if per and "cells" in q else ""
            add(f"query {name} p50 / p95 ({q['rows']} rows)", n, ours, theirs, ratio,
                TARGETS["query"] if r.notes >= 10000 else "", floor)
        ex = b.get("export", {})
        bex = ex["times"][0] if "times" in ex else None
        add("export trig", n, f"{_ms(r.tg['export_s'])} ({r.tg['export_mb']:.0f} MB)",
            _ms(bex) if bex else (f"> {ex['timeout']:.0f} s (stopped)" if "timeout" in ex else na),
            _ratio(r.tg["export_s"], bex))
        inc = r.tg["incremental_ms"] / 1000
        binc = b.get("incremental_ms")
        add("incremental load of one new note", n, _ms(inc), _ms(binc / 1000) if binc else na,
            "", TARGETS["incremental"])
        add("  the same through the CLI (with start-up)", n, _ms(r.tg["incremental_cli_ms"] / 1000), "")
        if "remove_ms" in r.tg:  # (results from before removes were measured have none)
            add("remove of one note (no baseline)", n, _ms(r.tg["remove_ms"] / 1000), "")
            add("  the same through the CLI (with start-up)", n, _ms(r.tg["remove_cli_ms"] / 1000), "")
        if skipped:
            add("  (baseline)", n, "", str(skipped))
    if len(results) >= 2:
        a, z = results[0], results[-1]
        span = f"{a.notes:,} -> {z.notes:,}"
        factor = z.notes / a.notes
        add(f"growth of load time (notes x{factor:.0f})", span, f"x{z.tg['load_s'] / a.tg['load_s']:.1f}", "")
        for name in z.tg["queries"]:
            qa, qz = a.tg["queries"].get(name), z.tg["queries"][name]
            if qa and "times" in qa and "times" in qz:
                g = percentile(qz["times"], 50) / percentile(qa["times"], 50)
                add(f"growth of query {name} p50", span, f"x{g:.1f}", "")
        add("growth of store size", span, f"x{z.tg['store_bytes'] / a.tg['store_bytes']:.1f}", "")
    if viz:
        bt = viz.get("base_total_s")
        add(f"viz --all, {viz['nodes']:,}-node view (SPARQL projection + page)", "", _ms(viz["total_s"]),
            _ms(bt) if bt else f"> {budget:.0f} s (stopped)", _ratio(viz["total_s"], bt), TARGETS["viz"])
    head = ("benchmark", "notes", "thesisgraph (Oxigraph on disk)", "rdflib in memory", "ratio", "floor (same run)",
            "target")
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(head)]
    line = "| " + " | ".join(f"{{:<{w}}}" for w in widths) + " |"
    out = [line.format(*head), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line.format(*row) for row in rows]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", help="corpus sizes, comma-separated (default 1000,10000; --quick: 200)")
    ap.add_argument("--quick", action="store_true", help="small sizes, few repetitions, short budgets")
    ap.add_argument("--runs", type=int, help="repetitions per query (default 20; --quick: 3)")
    ap.add_argument("--budget", type=float, help="seconds allowed per baseline query (default 60; --quick: 10)")
    ap.add_argument("--query-budget", type=float, default=None,
                    help="seconds after which a thesisgraph query is stopped (default 60; --quick: 30)")
    ap.add_argument("--baseline-max", type=int, default=2000,
                    help="largest corpus the rdflib baseline runs on (default 2000: at 10,000 notes it "
                    "would need several GB and tens of minutes)")
    ap.add_argument("--viz-docs", type=int, help="documents of the viz store (200 = 5,000 nodes; --quick: 20)")
    ap.add_argument("--no-viz", action="store_true")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workdir", type=Path, default=HERE / ".work", help="where corpora and stores go")
    ap.add_argument("--json", type=Path, default=HERE / "results" / "latest.json")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in (args.sizes or ("200" if args.quick else "1000,10000")).split(",")]
    opts = Options(runs=args.runs or (3 if args.quick else 20), budget=args.budget or (10 if args.quick else 60),
                   baseline_max=args.baseline_max, workdir=args.workdir, seed=args.seed,
                   query_budget=args.query_budget or (30 if args.quick else 60))
    opts.workdir.mkdir(parents=True, exist_ok=True)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    started = time.time()
    results = [measure_size(n, opts, log) for n in sizes]
    viz = None if args.no_viz else measure_viz(args.viz_docs or (20 if args.quick else 200), opts.budget, log)
    text = table(results, viz, opts.budget)
    print(text)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({
        "command": "python -m benchmarks.run " + " ".join(argv if argv is not None else sys.argv[1:]),
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.platform()},
        "sizes": [r.__dict__ for r in results],
        "viz": viz,
        "table": text,
    }, indent=1, default=str) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
