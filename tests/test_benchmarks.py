"""The benchmark command runs end to end at a tiny size and prints every row (no timing is asserted)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from thesisgraph.graph.saved import saved_queries

from benchmarks.corpus import note, universe, write_corpus


def test_corpus_is_deterministic_and_note_i_does_not_depend_on_the_size(tmp_path: Path) -> None:
    small = write_corpus(tmp_path / "a", 5, seed=3)
    large = write_corpus(tmp_path / "b", 12, seed=3)
    names = sorted(p.name for p in small.iterdir())
    assert len(names) == 5
    for name in names:
        assert (small / name).read_bytes() == (large / name).read_bytes()
    other = write_corpus(tmp_path / "c", 5, seed=4)
    assert sorted(p.name for p in other.iterdir()) != names
    assert (tmp_path / "a" / "gazetteer.yaml").read_text("utf-8") == (tmp_path / "b" / "gazetteer.yaml").read_text(
        "utf-8"
    )


def test_notes_look_like_research_notes() -> None:
    u = universe(7)
    assert len(u.companies) >= 300 and len(u.publishers) >= 20
    texts = [note(u, 7, i)[1] for i in range(40)]
    for text in texts:
        assert text.startswith("---\ntitle: ")
        assert 6500 <= len(text.encode("utf-8")) <= 9000
        assert "## Risks" in text and "## Outlook" in text
    joined = "\n".join(texts)
    for form in ("RMB", "US$", "billion", "bn", "year over year", "quarter"):
        assert form in joined, form


@pytest.mark.slow
def test_run_prints_every_row(tmp_path: Path) -> None:
    out = tmp_path / "latest.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.run", "--quick", "--sizes", "30", "--budget", "5",
         "--viz-docs", "8", "--workdir", str(tmp_path / "work"), "--json", str(out)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        table, err = proc.communicate(timeout=900)
    finally:
        if proc.poll() is None:  # stop the run and the loads it started
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    assert proc.returncode == 0, err[-3000:]
    for row in ("corpus", "load, end to end", "load (notes/s)", "load (MB of text/s)", "peak memory of the load",
                "store size on disk", "export trig", "incremental load of one new note", "remove of one note",
                "viz --all", "  CPU time of the load", "  floor: its quads bulk-loaded in 32 MB pieces",
                "  floor: reading and extraction", "  floor: the engine's time per value"):
        assert f"| {row}" in table, row
    for name in saved_queries():
        assert f"| query {name} p50 / p95" in table, name
    data = json.loads(out.read_text("utf-8"))
    size = data["sizes"][0]
    assert size["notes"] == 30
    tg = size["tg"]
    assert tg["load_s"] > 0 and tg["peak_rss"] > 10e6 and tg["store_bytes"] > 0 and tg["quads"] > 30
    assert tg["export_mb"] > 0 and tg["incremental_ms"] > 0 and tg["remove_ms"] > 0 and tg["remove_cli_ms"] > 0
    assert set(tg["queries"]) == set(saved_queries())
    for q in tg["queries"].values():
        assert 2 <= len(q["times"]) <= 3 and all(t > 0 for t in q["times"])
        assert q["rows"] <= q["cells"] <= q["rows"] * 20  # every row hands over at least one value
    # the floors: the same quads bulk-loaded again, the sample's notes extracted, values counted
    assert tg["bulk_floor"]["quads"] == tg["quads"]
    assert not list((tmp_path / "work").glob("floor-*"))  # its dump and store are removed
    assert tg["bulk_floor"]["bulk_s"] > 0 and tg["bulk_floor"]["maxrss"] > 10e6
    assert tg["extraction"]["notes"] == 30 and tg["extraction"]["ms_per_note"] > 0
    assert tg["value_cost"]["values"] > tg["quads"] / 20 and tg["value_cost"]["seconds_per_value"] > 0
    assert tg["load_cpu_s"] > 0.5  # the load's workers are counted (their start-up alone is more)
    base = size["base"]
    assert base["documents"] == 30 and base["load_s"] > 0
    assert base["quads"] == tg["quads"]  # the same quads in both stores
    assert data["viz"]["nodes"] > 100 and data["viz"]["total_s"] > 0


def test_the_load_floor_writes_every_quad_in_pieces_cut_at_line_ends(tmp_path: Path) -> None:
    import thesisgraph as tg
    from benchmarks.floor import bulk_load_floor

    with tg.open_store(str(tmp_path / "store")) as store:
        tg.load(store, [ROOT / "examples" / "notes"])
        quads = len(store)
    # pieces far smaller than the dump: most end inside a line, which must be finished
    floor = bulk_load_floor(tmp_path / "store", tmp_path, piece=4096)
    assert floor["quads"] == quads > 1000
    assert floor["calls"] > 50
    assert floor["bulk_s"] > 0 and floor["bulk_cpu_s"] > 0 and floor["compact_s"] > 0
    assert 10e6 < floor["maxrss"] and 10e6 < floor["dump_maxrss"]


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="the peak is reset through Linux's /proc")
def test_the_load_floor_peak_is_measured_after_the_dump_not_over_it() -> None:
    from benchmarks.floor import _peak, _reset_peak

    block = bytearray(200 << 20)
    block[:: 4096] = b"\1" * len(block[:: 4096])  # touch every page: 200 MB resident
    del block
    before = _peak()
    assert _reset_peak()
    after = _peak()
    assert before > after + (150 << 20)  # the 200 MB freed no longer count
