"""While a load runs, readers keep answering and a second writer is told the store is busy."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from factories import write_notes


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "thesisgraph", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_readers_answer_and_a_second_loader_is_refused_during_a_load(tmp_path: Path) -> None:
    notes = write_notes(tmp_path / "notes", 3000)
    store = tmp_path / "store"
    first = _cli("load", str(notes / "note-0000.md"), "--store", str(store))
    assert first.returncode == 0, first.stderr
    loader = subprocess.Popen([sys.executable, "-m", "thesisgraph", "load", str(notes), "--store", str(store), "-q"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    counts = []
    busy_seen = False
    try:
        time.sleep(0.8)
        while loader.poll() is None and len(counts) < 20:
            r = _cli("stats", "--store", str(store), "--format", "json")
            assert r.returncode == 0, r.stderr
            counts.append(json.loads(r.stdout)["documents"])
            if not busy_seen and loader.poll() is None:
                second = _cli("load", str(notes), "--store", str(store))
                if loader.poll() is None:
                    assert second.returncode == 2, second.stdout + second.stderr
                    assert "busy" in second.stderr
                    busy_seen = True
    finally:
        assert loader.wait(timeout=300) == 0, loader.stderr.read() if loader.stderr else ""
    assert counts, "the load finished before any reader ran: the test proved nothing"
    assert counts == sorted(counts) and counts[0] >= 1
    assert busy_seen
    final = json.loads(_cli("stats", "--store", str(store), "--format", "json").stdout)
    assert final["documents"] == len(list(notes.iterdir()))
