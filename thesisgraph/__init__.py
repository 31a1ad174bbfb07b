"""thesisgraph: investment research notes in, a knowledge graph of claims and evidence out.

The same operations as the command line, for notebooks and scripts::

    import thesisgraph as tg
    store = tg.open_store(":memory:")          # or a folder, or a SPARQL endpoint URL
    report = tg.load(store, ["examples/notes"])
    rows = tg.query(store, saved="claims-about", params={"entity": "Alibaba Cloud"}).rows()
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "open_store",
    "load",
    "query",
    "export",
    "validate",
    "ThesisGraphError",
]

from .graph.errors import ThesisGraphError
from .graph.store import open_store

if TYPE_CHECKING:
    import os
    from collections.abc import Iterable, Mapping

    from .graph.results import Result
    from .graph.store import Store
    from .graph.validate import ValidationReport
    from .loaders.pipeline import LoadReport


def load(store: Store, paths: Iterable[str | os.PathLike[str]], **options: Any) -> LoadReport:
    """Load files and folders of notes into ``store`` (see ``loaders.pipeline.load_paths``)."""
    from .loaders.pipeline import load_paths

    return load_paths(store, paths, **options)


def query(
    store: Store,
    sparql: str | None = None,
    *,
    saved: str | None = None,
    params: Mapping[str, Any] | None = None,
) -> Result:
    """Run a SPARQL query, or a saved query by name, with parameters bound as RDF terms."""
    from .graph.errors import QueryError
    from .graph.saved import saved_query

    if (sparql is None) == (saved is None):
        raise QueryError("give either a SPARQL query or the name of a saved query")
    if saved is not None:
        sq = saved_query(saved)
        return store.query(sq.text, sq.convert(dict(params or {})))
    return store.query(sparql or "", params)


def export(store: Store, fmt: str = "trig", path: str | os.PathLike[str] | None = None) -> bytes:
    """The whole graph as ``fmt`` (turtle, trig, nquads, ntriples, jsonld); also written to ``path``."""
    import io

    buf = io.BytesIO()
    store.export(fmt, buf)
    data = buf.getvalue()
    if path is not None:
        from pathlib import Path

        Path(path).write_bytes(data)
    return data


def validate(store: Store, *, shacl: bool = True) -> ValidationReport:
    """Check the graph against the contract: SHACL, evidence integrity, vocabulary."""
    from .graph.validate import validate_store

    return validate_store(store, shacl=shacl)
