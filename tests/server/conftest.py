"""A real Virtuoso server for the session, and a clean store on it for each test.

The server runs from a folder of its own on two free loopback ports and is
stopped at the end of the session. Without ``virtuoso-t`` the tests skip with
the reason, except under ``CI=true``, where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from server.virtuoso import Virtuoso, start_virtuoso, virtuoso_binary
from thesisgraph.graph.remote import SparqlServerBackend
from thesisgraph.graph.store import Store

IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    binary = virtuoso_binary()
    if binary is None:
        reason = "virtuoso-t is not installed (apt-get install virtuoso-opensource)"
        if IN_CI:
            pytest.fail(f"CI=true and a required component is missing: {reason}")
        pytest.skip(reason)
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"), binary)
    try:
        yield server
    finally:
        server.stop()


def backend(server: Virtuoso, **kwargs: object) -> SparqlServerBackend:
    """A backend writing through the Digest-protected endpoint as ``dba``."""
    return SparqlServerBackend(
        server.sparql_auth, user=server.user, password=server.password, **kwargs  # type: ignore[arg-type]
    )


def wipe(server: Virtuoso) -> None:
    """Drop every graph of the store from the server."""
    b = backend(server)
    for graph in b.graphs():
        b.update(f"DROP SILENT GRAPH <{graph}>")
    assert b.quad_count() == 0


@pytest.fixture
def remote_env(virtuoso: Virtuoso, monkeypatch: pytest.MonkeyPatch) -> Iterator[Virtuoso]:
    """An empty store on the server; the CLI's credentials set in the environment."""
    wipe(virtuoso)
    for name in ("THESISGRAPH_UPDATE_URL", "THESISGRAPH_GSP_URL", "THESISGRAPH_STORE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("THESISGRAPH_USER", virtuoso.user)
    monkeypatch.setenv("THESISGRAPH_PASSWORD", virtuoso.password)
    yield virtuoso
    wipe(virtuoso)


@pytest.fixture
def remote_store(remote_env: Virtuoso) -> Iterator[Store]:
    """A :class:`Store` on the server (empty at the start)."""
    store = Store(backend(remote_env))
    yield store
    store.close()


@pytest.fixture
def seed_notes(seed_path: Path, tmp_path: Path) -> Path:
    """A folder holding a private copy of the seed note."""
    folder = tmp_path / "seed"
    folder.mkdir()
    (folder / seed_path.name).write_bytes(seed_path.read_bytes())
    return folder


#: The row limit of the second server: small, so that a seed-sized store passes it.
CAPPED_ROWS = 40


@pytest.fixture(scope="session")
def capped_virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """A second server whose answers are cut at :data:`CAPPED_ROWS` rows (Virtuoso's
    ``ResultSetMaxRows``), as a shared server may be configured."""
    binary = virtuoso_binary()
    if binary is None:
        reason = "virtuoso-t is not installed (apt-get install virtuoso-opensource)"
        if IN_CI:
            pytest.fail(f"CI=true and a required component is missing: {reason}")
        pytest.skip(reason)
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso-capped"), binary, max_rows=CAPPED_ROWS)
    try:
        yield server
    finally:
        server.stop()
