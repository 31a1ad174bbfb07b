"""What the engine and the extractor need at the least, measured in the benchmark's own run.

Two floors put the load and query figures of ``benchmarks/run.py`` beside what the
engine (and, for the load, the extractor as it is) needs at the least on the same
machine at the same moment, whatever the code around them does:

* **load**: the loaded store's own quads bulk-loaded into an empty store in pieces
  of the load's batch size (``BATCH_BYTES``), in the store's own order (by graph, as a
  dump writes them), then compacted: the cheapest of the engine's ways to write them
  that were measured (benchmarks/README.md items 10, 26, 29 and 36), and one that keeps
  within the memory target; and the notes read and extracted in one process. On
  ``cores`` cores a load can take no less than the larger of the bulk load's wall time
  and (both CPU times) / cores.
* **queries**: handing over a value costs the engine some microseconds even in a
  plain scan of one index; an answer holds ``cells`` values, so it takes at least
  about ``cells`` times that cost, however the query is written.

    python -m benchmarks.floor STORE [SCRATCH]   # the load floor of a loaded store, as JSON

The bulk load runs in this separate process (``run.py`` starts it) so that its
CPU time and peak memory are its own. Its files (the N-Quads and the new store, about
twice the store's size) go to a temporary folder in SCRATCH (``run.py`` gives its
``--workdir``; by default the system's temporary folder) and are removed after.
"""

from __future__ import annotations

import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from thesisgraph.graph.store import BATCH_BYTES

if TYPE_CHECKING:
    from thesisgraph.loaders.gazetteer import Gazetteer

#: One-pattern scans whose every value is a stored term: long strings (the quotes), pairs
#: of IRIs (the conflict links), an IRI and a number (the metric values).
SCANS = (
    "SELECT ?q WHERE { ?e <http://www.w3.org/ns/oa#exact> ?q }",
    "SELECT ?a ?b WHERE { ?a <https://w3id.org/thesisgraph/ns#conflictsWith> ?b }",
    "SELECT ?c ?v WHERE { ?c <https://w3id.org/thesisgraph/ns#value> ?v }",
)


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)  # every thread of this process
    return r.ru_utime + r.ru_stime


def _peak() -> int:
    """This process's peak resident memory in bytes so far: Linux's ``VmHWM``, which
    :func:`_reset_peak` can start again, else ``ru_maxrss``."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _reset_peak() -> bool:
    """Start this process's peak resident memory again from its current size (Linux), so
    that :func:`_peak` then gives the peak of what follows; False where that cannot be."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def bulk_load_floor(store: Path, scratch: Path, piece: int = BATCH_BYTES) -> dict[str, Any]:
    """Dump ``store`` as N-Quads into ``scratch`` (not timed), bulk-load the file into a new
    store there in pieces of about ``piece`` bytes (whole lines; the file is read piece by
    piece, not held whole) and compact it: wall and CPU time of each step, peak memory of
    the bulk load and compaction (and, apart, of the dump before them)."""
    import pyoxigraph as ox

    nq = scratch / "all.nq"
    src = ox.Store.read_only(str(store))
    with nq.open("wb") as fh:
        src.dump(fh, format=ox.RdfFormat.N_QUADS)
    quads = len(src)
    del src
    dump_peak = _peak()
    apart = _reset_peak()  # the dump's peak is not the load's
    dest = ox.Store(str(scratch / "store"))
    cpu, t, calls = _cpu(), time.perf_counter(), 0
    with nq.open("rb") as fh:
        while data := fh.read(piece):
            data += fh.readline()  # up to the end of the line the piece cut
            dest.bulk_load(data, format=ox.RdfFormat.N_QUADS, lenient=True)
            calls += 1
    bulk_s, bulk_cpu = time.perf_counter() - t, _cpu() - cpu
    cpu, t = _cpu(), time.perf_counter()
    dest.optimize()
    compact_s, compact_cpu = time.perf_counter() - t, _cpu() - cpu
    if len(dest) != quads:
        raise SystemExit(f"the bulk load gave {len(dest):,} quads, not the {quads:,} of {store}")
    result = {
        "quads": quads,
        "calls": calls,
        "bulk_s": bulk_s,
        "bulk_cpu_s": bulk_cpu,
        "compact_s": compact_s,
        "compact_cpu_s": compact_cpu,
        "maxrss": _peak(),  # the dump's too where the peak could not be started again
    }
    if apart:
        result["dump_maxrss"] = dump_peak
    return result


def extraction_floor(notes: list[Path], gazetteer: Gazetteer) -> dict[str, Any]:
    """CPU time to read and extract ``notes`` in this process, with a gazetteer already used
    once (its patterns compiled, as in a load's workers)."""
    from thesisgraph.loaders.extract import extract_note
    from thesisgraph.loaders.readers import read_note

    t = time.process_time()
    for path in notes:
        extract_note(read_note(path), gazetteer)
    cpu = time.process_time() - t
    return {"notes": len(notes), "cpu_s": cpu, "ms_per_note": cpu / len(notes) * 1000}


def value_cost(store: Path, runs: int = 3) -> dict[str, Any]:
    """Seconds per value the engine hands over in the one-pattern scans of ``SCANS``
    (pyoxigraph's own terms, no conversion of ours): the median of ``runs`` passes."""
    import pyoxigraph as ox

    st = ox.Store.read_only(str(store))
    times, values = [], 0
    for _ in range(runs):
        t, values = time.perf_counter(), 0
        for q in SCANS:
            rows = st.query(q, use_default_graph_as_union=True)
            assert isinstance(rows, ox.QuerySolutions)
            for row in rows:
                values += len(tuple(row))
        times.append(time.perf_counter() - t)
    per = statistics.median(times) / max(values, 1)
    return {"values": values, "seconds_per_value": per}


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if len(args) not in (1, 2):
        raise SystemExit("usage: python -m benchmarks.floor STORE [SCRATCH]")
    scratch = Path(tempfile.mkdtemp(prefix="floor-", dir=args[1] if len(args) == 2 else None))
    try:
        print(json.dumps(bulk_load_floor(Path(args[0]), scratch)))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
