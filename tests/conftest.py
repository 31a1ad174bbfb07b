"""Shared fixtures: the seed note, example notes, stores, and the rule for skips under CI."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED_DIR = SHARED / "seed"
SEED_TEXT = SEED_DIR / "changjiang-alibaba-cloud-2025-08.txt"
SEED_GOLD = SEED_DIR / "changjiang-alibaba-cloud-2025-08.gold.json"
EXAMPLES = ROOT / "examples" / "notes"
DATA = Path(__file__).resolve().parent / "data"
IN_CI = os.environ.get("CI", "").lower() == "true"


def need(condition: bool, reason: str) -> None:
    """Skip unless ``condition``; under CI=true a missing component fails instead of skipping."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI=true and a required component is missing: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The seed note; skips (never under CI) when ../shared is not beside the checkout."""
    if not SEED_TEXT.exists():
        if IN_CI:
            pytest.fail(f"CI=true but the seed note is missing at {SEED_TEXT}")
        pytest.skip(f"the seed note is not here ({SEED_TEXT}): ../shared is not beside this checkout")
    return SEED_TEXT


@pytest.fixture
def seed_copy(seed_path: Path, tmp_path: Path) -> Path:
    """A private copy of the seed note in a folder of its own."""
    folder = tmp_path / "notes"
    folder.mkdir()
    dest = folder / seed_path.name
    shutil.copy(seed_path, dest)
    return dest


@pytest.fixture
def memory_store() -> Iterator[object]:
    from thesisgraph import open_store

    store = open_store(":memory:")
    yield store
    store.close()


@pytest.fixture
def disk_store(tmp_path: Path) -> Iterator[object]:
    from thesisgraph import open_store

    store = open_store(tmp_path / "store")
    yield store
    store.close()


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def virtuoso_path() -> str | None:
    for cand in ("virtuoso-t", "/usr/bin/virtuoso-t"):
        found = shutil.which(cand)
        if found:
            return found
    return None
