"""IRIs of the graph contract, as plain strings (no rdflib import here)."""

from __future__ import annotations

from typing import Final

TG: Final = "https://w3id.org/thesisgraph/ns#"
ID: Final = "https://w3id.org/thesisgraph/id/"
RDF: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS: Final = "http://www.w3.org/2000/01/rdf-schema#"
SKOS: Final = "http://www.w3.org/2004/02/skos/core#"
DCTERMS: Final = "http://purl.org/dc/terms/"
PROV: Final = "http://www.w3.org/ns/prov#"
OA: Final = "http://www.w3.org/ns/oa#"
XSD: Final = "http://www.w3.org/2001/XMLSchema#"
OWL: Final = "http://www.w3.org/2002/07/owl#"
SH: Final = "http://www.w3.org/ns/shacl#"

#: Graph holding the facts about entities and metrics shared by all documents.
COMMON_GRAPH: Final = ID + "graph/common"
#: Graph holding the derived ``tg:conflictsWith`` links, kept up to date on every write.
CONFLICTS_GRAPH: Final = ID + "graph/conflicts"
#: Graph naming the documents of a batch being bulk-loaded; empty once the batch has landed.
PENDING_GRAPH: Final = ID + "graph/pending"

PREFIXES: Final[dict[str, str]] = {
    "tg": TG,
    "rdf": RDF,
    "rdfs": RDFS,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "oa": OA,
    "xsd": XSD,
    "owl": OWL,
}


def sparql_prologue() -> str:
    """The PREFIX lines of the contract, for queries written in code."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def tg(local: str) -> str:
    """The IRI of a ``tg:`` term."""
    return TG + local
