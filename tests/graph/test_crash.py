"""A load killed at any moment leaves a store that opens, validates and holds only whole
documents; loading again completes it, quad for quad, as a clean load would."""

from __future__ import annotations

import io
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from factories import write_notes
from thesisgraph import open_store
from thesisgraph.graph.validate import check_evidence, check_vocabulary

N_NOTES = 2000


def _quads_by_graph(store_path: Path) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    with open_store(store_path, read_only=True) as st:
        buf = io.BytesIO()
        st.export("nquads", buf)
    for line in buf.getvalue().decode("utf-8").splitlines():
        graph = line.rsplit(" ", 2)[-2]
        out.setdefault(graph, set()).add(line)
    return out


def _load(notes: Path, store: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "thesisgraph", "load", str(notes), "--store", str(store), "-q"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def _alive(pid: int) -> bool:
    """Whether a process exists and is not a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.slow
def test_sigkill_at_random_moments_then_resume_equals_a_clean_load(tmp_path: Path) -> None:
    notes = write_notes(tmp_path / "notes", N_NOTES)
    clean = tmp_path / "clean"
    began = time.monotonic()
    proc = _load(notes, clean)
    assert proc.wait(timeout=300) == 0, proc.stderr.read() if proc.stderr else ""
    # kill moments scale with how long a whole load takes on this machine, so that
    # each killed load has done some work and left some undone
    whole = time.monotonic() - began
    reference = _quads_by_graph(clean)
    doc_graphs = {g for g in reference if "/id/doc/" in g}
    assert len(doc_graphs) == N_NOTES

    crashed = tmp_path / "crashed"
    rng = random.Random(2024)
    kills = 0
    for _ in range(5):
        proc = _load(notes, crashed)
        time.sleep(rng.uniform(0.15, 0.3) * whole)
        if proc.poll() is None:
            workers = _children(proc.pid)
            proc.send_signal(signal.SIGKILL)
            kills += 1
            proc.wait(timeout=60)
            # the load's worker processes do not outlive it
            deadline = time.monotonic() + 30
            while any(_alive(w) for w in workers) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert not [w for w in workers if _alive(w)], "worker processes outlived the killed load"
        proc.wait(timeout=60)
        if not crashed.exists():
            continue
        state = _quads_by_graph(crashed)
        # only whole documents: each stored document graph equals its clean twin exactly
        for graph, quads in state.items():
            if graph in doc_graphs:
                assert quads == reference[graph], f"document graph {graph} is partial after SIGKILL"
        with open_store(crashed, read_only=True) as st:
            assert check_evidence(st) == []
            assert check_vocabulary(st) == []
    assert kills >= 2, "loads were not running when killed: the test proved nothing"
    proc = _load(notes, crashed)
    assert proc.wait(timeout=300) == 0
    assert _quads_by_graph(crashed) == reference
