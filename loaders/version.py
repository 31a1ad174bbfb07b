"""The version of what the loaders write, apart from the pipeline so that commands that only
read a store can check it without importing the extractor."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..graph.store import Store

#: Bump when extraction or the quads written for it change, so that stored documents are read again.
EXTRACTOR_VERSION = "8"

#: How a document's ``tg:pipeline`` names the extractor that wrote it.
EXTRACTOR_MARK = f"extractor {EXTRACTOR_VERSION}"


def stale_documents(store: Store) -> int:
    """How many stored documents an earlier extractor wrote (loading their files again replaces
    them). They may lack what the saved queries now look up, such as entities' name keys (7)
    or metric series (8). Imported RDF (no ``tg:pipeline``) is not counted."""
    r = store.query(
        "SELECT (COUNT(?d) AS ?n) WHERE { ?d a tg:Document ; tg:pipeline ?p FILTER(!CONTAINS(?p, ?mark)) }",
        {"mark": f"; {EXTRACTOR_MARK};"},
    )
    return int(r.column("n")[0] or 0)
