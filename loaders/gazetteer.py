"""The entity gazetteer: what thesisgraph knows of entities by name, as data.

The bundled ``data/gazetteer.yaml`` is read first, then any user files (their
entries add aliases to a known entity of the same name, or add new ones).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from ..graph.errors import LoaderError
from ..graph.iri import entity_iri, entity_key
from ..graph.model import Entity, EntityKind

#: Environment variable with extra gazetteer files (separated by the OS path separator).
GAZETTEER_ENV = "THESISGRAPH_GAZETTEER"


@dataclass(frozen=True, slots=True)
class Gazetteer:
    entities: dict[str, Entity]  # IRI -> Entity
    by_alias: dict[str, str]  # entity_key(alias) -> IRI
    fingerprint: str

    def lookup(self, name: str) -> Entity | None:
        iri = self.by_alias.get(entity_key(name))
        return self.entities[iri] if iri else None

    def aliases(self) -> Iterable[tuple[str, str]]:
        """(surface form, IRI) for every name and alias."""
        for e in self.entities.values():
            yield e.name, e.iri
            for a in e.aliases:
                yield a, e.iri


def _entry(source: str, raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict) or not raw.get("name"):
        raise LoaderError(source, f"gazetteer entry {raw!r} needs at least a name")
    kind = str(raw.get("type", "Company"))
    if kind not in {k.value for k in EntityKind}:
        raise LoaderError(
            source, f"entity {raw['name']!r}: type {kind!r} is not one of {[k.value for k in EntityKind]}"
        )
    return raw


def load_gazetteer(extra: Iterable[str | Path] = ()) -> Gazetteer:
    """The bundled gazetteer plus ``extra`` files and those named in $THESISGRAPH_GAZETTEER."""
    import yaml

    sources: list[tuple[str, str]] = [
        ("gazetteer.yaml", files("thesisgraph.loaders.data").joinpath("gazetteer.yaml").read_text("utf-8"))
    ]
    paths = [Path(p) for p in extra]
    env = os.environ.get(GAZETTEER_ENV)
    if env:
        paths += [Path(p) for p in env.split(os.pathsep) if p]
    for p in paths:
        try:
            sources.append((str(p), p.read_text("utf-8")))
        except OSError as exc:
            raise LoaderError(str(p), f"cannot read gazetteer: {exc.strerror or exc}") from None
    raw_entries: dict[str, dict[str, Any]] = {}
    digest = hashlib.sha256()
    for name, text in sources:
        digest.update(text.encode("utf-8"))
        try:
            doc = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise LoaderError(name, f"gazetteer is not valid YAML: {exc}") from None
        for raw in doc.get("entities", []) if isinstance(doc, dict) else []:
            entry = _entry(name, raw)
            key = entity_key(str(entry["name"]))
            merged = raw_entries.setdefault(key, {"aliases": []})
            aliases = list(merged.get("aliases", [])) + [str(a) for a in entry.get("aliases", [])]
            merged.update(entry)
            merged["aliases"] = aliases
    entities: dict[str, Entity] = {}
    for entry in raw_entries.values():
        fye = entry.get("fiscal_year_end")
        parent = entry.get("parent")
        e = Entity(
            iri=entity_iri(str(entry["name"])),
            name=str(entry["name"]),
            kind=EntityKind(str(entry.get("type", "Company"))),
            aliases=frozenset(str(a) for a in entry.get("aliases", [])),
            tickers=tuple(str(t) for t in entry.get("tickers", [])),
            fiscal_year_end=f"--{fye}" if fye and not str(fye).startswith("--") else fye,
            part_of=entity_iri(str(parent)) if parent else None,
        )
        entities[e.iri] = e
    by_alias: dict[str, str] = {}
    for e in entities.values():
        for alias in (e.name, *e.aliases, *e.tickers):
            by_alias.setdefault(entity_key(alias), e.iri)
        by_alias[entity_key(e.name)] = e.iri
    return Gazetteer(entities, by_alias, digest.hexdigest()[:12])


def alias_pattern(gazetteer: Gazetteer) -> re.Pattern[str]:
    """One regex matching every alias, longest first, on word boundaries for Latin names."""
    names = sorted({a for a, _ in gazetteer.aliases() if a.strip()}, key=len, reverse=True)
    parts = []
    for a in names:
        esc = re.escape(a)
        if re.match(r"\w", a, re.ASCII):
            esc = r"(?<![\w-])" + esc
        if re.search(r"\w$", a, re.ASCII):
            esc = esc + r"(?![\w-])"
        parts.append(esc)
    return re.compile("|".join(parts))
