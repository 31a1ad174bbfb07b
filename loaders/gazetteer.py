"""The entity gazetteer: what thesisgraph knows of entities by name, as data.

The bundled ``data/gazetteer.yaml`` is read first, then any user files (their
entries add aliases to a known entity of the same name, or add new ones).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
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
    """Known entities by IRI, the IRI of every alias, and a fingerprint of the source files."""

    entities: dict[str, Entity]  # IRI -> Entity
    by_alias: dict[str, str]  # entity_key(alias) -> IRI
    fingerprint: str
    #: ticker_key(ticker) -> IRI, for every stated ticker and its bare code ("9988.HK", "9988").
    by_ticker: dict[str, str] = field(default_factory=dict)
    #: parent IRI -> {IRI: entity} of its known units.
    children: dict[str, dict[str, Entity]] = field(default_factory=dict, repr=False, compare=False)

    def lookup(self, name: str) -> Entity | None:
        """The entity one of whose names is ``name`` (case and spacing ignored), else None."""
        iri = self.by_alias.get(entity_key(name))
        return self.entities[iri] if iri else None

    def lookup_ticker(self, code: str, exchange: str | None = None) -> Entity | None:
        """The entity listed under ``code`` ("09988", "BABA", "9988.HK"), else None."""
        for key in ticker_keys(code, exchange):
            iri = self.by_ticker.get(key)
            if iri:
                return self.entities[iri]
        return None

    def units_of(self, parent: str) -> dict[str, Entity]:
        """The known entities that are part of ``parent`` (an IRI), by IRI."""
        return self.children.get(parent, {})

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
            doc = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
        except yaml.YAMLError as exc:
            raise LoaderError(name, f"gazetteer is not valid YAML: {exc}") from None
        for raw in doc.get("entities", []) if isinstance(doc, dict) else []:
            entry = _entry(name, raw)
            key = entity_key(str(entry["name"]))
            merged = raw_entries.setdefault(key, {"aliases": []})
            aliases = list(merged.get("aliases", [])) + [str(a) for a in entry.get("aliases", [])]
            merged.update(entry)
            merged["aliases"] = aliases
            if entry.get("parent"):
                merged["_parent_from"] = name
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
    _check_parents(entities, {entity_iri(str(r["name"])): r.get("_parent_from", "") for r in raw_entries.values()})
    by_alias: dict[str, str] = {}
    by_ticker: dict[str, str] = {}
    for e in entities.values():
        for alias in (e.name, *e.aliases, *e.tickers):
            by_alias.setdefault(entity_key(alias), e.iri)
        for ticker in e.tickers:
            code, _, suffix = ticker.partition(".")
            for key in ticker_keys(code, suffix or None):
                by_ticker.setdefault(key, e.iri)
    for e in entities.values():
        by_alias[entity_key(e.name)] = e.iri
    children: dict[str, dict[str, Entity]] = {}
    for e in entities.values():
        if e.part_of:
            children.setdefault(e.part_of, {})[e.iri] = e
    return Gazetteer(entities, by_alias, digest.hexdigest()[:12], by_ticker, children)


def _check_parents(entities: dict[str, Entity], sources: dict[str, str]) -> None:
    """Refuse a chain of parents that comes back on itself (A part of B part of A)."""
    for e in entities.values():
        seen = [e.iri]
        parent = e.part_of
        while parent is not None and parent in entities:
            if parent in seen:
                names = " -> ".join(entities[i].name for i in seen[seen.index(parent):] + [parent])
                raise LoaderError(sources.get(e.iri) or "gazetteer", f"gazetteer parents form a cycle: {names}")
            seen.append(parent)
            parent = entities[parent].part_of


#: Exchange names and ticker suffixes, folded to the suffix used in exchange-qualified tickers.
EXCHANGES = {
    "HK": "HK", "HKEX": "HK", "HKSE": "HK", "SEHK": "HK",
    "SZ": "SZ", "SZSE": "SZ", "SHE": "SZ",
    "SH": "SS", "SS": "SS", "SSE": "SS", "SHA": "SS",
    "N": "N", "NYSE": "N",
    "O": "O", "OQ": "O", "NASDAQ": "O", "NASDAQGS": "O",
    "T": "T", "TSE": "T", "TYO": "T",
    "L": "L", "LSE": "L",
    "KS": "KS", "KRX": "KS", "TW": "TW", "TWSE": "TW",
}


def ticker_keys(code: str, exchange: str | None = None) -> list[str]:
    """Lookup keys for a listing: qualified first ("9988.HK"), then the bare code ("9988").

    Numeric codes lose their leading zeros, so "09988" and "9988.HK" meet.
    """
    c = code.strip().upper()
    if c.isdigit():
        c = c.lstrip("0") or "0"
    ex = EXCHANGES.get(exchange.strip().upper()) if exchange else None
    return [f"{c}.{ex}", c] if ex else [c]


def qualified_ticker(code: str, exchange: str | None = None) -> str | None:
    """An exchange-qualified ticker ("002463.SZ", "BABA.N", "9988.HK"), or None when the exchange is unknown."""
    c = code.strip().upper()
    ex = EXCHANGES.get(exchange.strip().upper()) if exchange else None
    if ex is None and c.isdigit() and len(c) == 5:
        ex = "HK"
    if ex is None:
        return None
    if ex == "HK" and c.isdigit():
        c = c.lstrip("0").rjust(4, "0")
    return f"{c}.{ex}"


_PATTERNS: dict[tuple[str, int, int], re.Pattern[str]] = {}


def alias_pattern(gazetteer: Gazetteer) -> re.Pattern[str]:
    """One regex matching every alias, longest first, on word boundaries for Latin names.

    The aliases are folded into a trie so that the regex tries one branch per
    next character instead of one per alias: matching stays linear in the text
    however large the gazetteer grows. Compiled once per gazetteer.
    """
    key = (gazetteer.fingerprint, len(gazetteer.entities), len(gazetteer.by_alias))
    cached = _PATTERNS.get(key)
    if cached is not None:
        return cached
    names = {a for a, _ in gazetteer.aliases() if a.strip()}
    latin_names = sorted(a for a in names if re.match(r"\w", a, re.ASCII))
    other_names = sorted(a for a in names if not re.match(r"\w", a, re.ASCII))
    parts = []
    # A class of first characters up front lets the regex reject most positions in one test.
    if latin_names:
        parts.append(_first_chars(latin_names) + r"(?<![\w-])" + trie_regex(latin_names))
    if other_names:
        parts.append(_first_chars(other_names) + trie_regex(other_names))
    pattern = re.compile("|".join(parts) or r"(?!x)x")
    _PATTERNS[key] = pattern
    return pattern


def _first_chars(words: list[str]) -> str:
    chars = sorted({w[0] for w in words})
    return "(?=[" + "".join(re.escape(c) for c in chars) + "])"


#: After a word that ends in an ASCII word character, the text must not go on with a letter,
#: digit, underscore or dash ("Kuaishou-W", "Xiaomi-SW": Hong Kong share-class marks do not
#: hide the name). One test after the whole trie, where the regex backtracks into the trie
#: for the next longest word when it fails: the same matches as a test at every word's end,
#: and a pattern a quarter the size (the benchmark's 2,578 aliases: 89,827 -> 22,629
#: characters, compiled in 0.032 s instead of 0.154 s, once per process; the same matches in
#: all 10,000 benchmark notes, the examples and the seed).
_WORD_END = r"(?!(?<=[A-Za-z0-9_])(?:[A-Za-z0-9_]|-(?!(?:W|SW|S|B)\b)))"


def trie_regex(words: list[str]) -> str:
    """A regex for ``words`` built from their trie, preferring the longest match.

    A word that ends in an ASCII word character only matches when the text
    does not go on with a letter, digit, underscore or dash.
    """
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = w
    return f"(?:{_node_regex(trie)}){_WORD_END}" if trie else ""


def _node_regex(node: dict[str, Any]) -> str:
    branches = [re.escape(ch) + _node_regex(child) for ch, child in sorted(node.items()) if ch]
    if "" in node:
        branches.append("")  # a word ends here: tried after the longer ones
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"
