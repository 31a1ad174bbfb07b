"""The thesisgraph ontology (OWL/RDFS) and its SHACL shapes, as Turtle files."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

ONTOLOGY_FILE = "thesisgraph.ttl"
SHAPES_FILE = "shapes.ttl"


def ontology_path() -> Path:
    """Path of the ontology Turtle file."""
    return Path(str(files(__name__).joinpath(ONTOLOGY_FILE)))


def shapes_path() -> Path:
    """Path of the SHACL shapes Turtle file."""
    return Path(str(files(__name__).joinpath(SHAPES_FILE)))
