"""The version of what the loaders write, apart from the pipeline so that commands that only
read a store can check it without importing the extractor."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..graph.store import Store
    from .gazetteer import Gazetteer

#: Bump when extraction or the quads written for it change, so that stored documents are read again.
EXTRACTOR_VERSION = "8"

#: How a document's ``tg:pipeline`` names the extractor that wrote it.
EXTRACTOR_MARK = f"extractor {EXTRACTOR_VERSION}"


def pipeline_fingerprint(gazetteer: Gazetteer) -> str:
    """What a document's ``tg:pipeline`` records of the code that read it; the extractor's mark
    stands between ``; `` separators, as :func:`stale_documents` looks for it."""
    from .. import __version__

    return f"thesisgraph {__version__}; {EXTRACTOR_MARK}; gazetteer {gazetteer.fingerprint}"


def stale_documents(store: Store) -> int:
    """How many stored documents an earlier extractor wrote (loading their files again replaces
    them). They may lack what the saved queries now look up, such as entities' name keys (7)
    or metric series (8). Imported RDF (no ``tg:pipeline``) is not counted."""
    # counted per distinct pipeline, compared here: a FILTER would read every document's
    # pipeline string (0.1 to 0.8 s at 10,000 notes), the grouping reads few (3 ms)
    rows = store.query("SELECT ?p (COUNT(?d) AS ?n) WHERE { ?d tg:pipeline ?p } GROUP BY ?p").rows()
    return sum(int(r["n"]) for r in rows if f"; {EXTRACTOR_MARK};" not in str(r.get("p", "")))


def stale_note(store: Store) -> str | None:
    """What to tell a user of ``store`` when an earlier extractor wrote some of its documents."""
    stale = stale_documents(store)
    if not stale:
        return None
    return (
        f"note: {stale} document(s) in {store.location} were written by an earlier version of thesisgraph, "
        "and saved queries may miss what they lack; load their files again (thesisgraph load) to bring "
        "them up to date"
    )
