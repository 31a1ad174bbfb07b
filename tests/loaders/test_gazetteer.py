"""The gazetteer: bundled data, user files, alias regex, tickers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from thesisgraph.graph.errors import LoaderError
from thesisgraph.graph.iri import entity_key
from thesisgraph.graph.model import EntityKind
from thesisgraph.loaders.gazetteer import (
    alias_pattern,
    load_gazetteer,
    qualified_ticker,
    ticker_keys,
    trie_regex,
)


def test_bundled_entities_resolve_by_every_name_in_any_script() -> None:
    g = load_gazetteer()
    for alias, name in [("阿里云", "Alibaba Cloud"), ("T-Head", "Pingtou Ge"), ("平头哥", "Pingtou Ge"),
                        ("火山引擎", "Volcano Engine"), ("英伟达", "NVIDIA"), ("Alibaba (09988)", "Alibaba Group"),
                        ("中金公司", "CICC"), ("Citic Securities", "CITIC Securities"), ("大摩", "Morgan Stanley"),
                        ("SCMP", "South China Morning Post"), ("财新", "Caixin"), ("jefferies", "Jefferies")]:
        ent = g.lookup(alias)
        assert ent is not None and ent.name == name, alias
    assert g.lookup("Nobody Holdings") is None
    volcano = g.lookup("Volcano Engine")
    assert volcano is not None and volcano.kind is EntityKind.BUSINESS_UNIT
    assert volcano.part_of == g.lookup("ByteDance").iri  # type: ignore[union-attr]
    assert g.lookup("Alibaba").fiscal_year_end == "--03-31"  # type: ignore[union-attr]
    assert g.lookup("Morgan Stanley").kind is EntityKind.ORGANIZATION  # type: ignore[union-attr]


def test_bundled_data_is_consistent() -> None:
    g = load_gazetteer()
    owners: dict[str, str] = {}
    for e in g.entities.values():
        if e.part_of is not None:
            assert e.part_of in g.entities, f"{e.name}: unknown parent"
        for alias in (e.name, *e.aliases):
            key = entity_key(alias)
            assert owners.setdefault(key, e.iri) == e.iri, f"{alias!r} names two entities"
        for t in e.tickers:
            assert "." in t, f"{e.name}: ticker {t} is not exchange-qualified"
    assert len(g.entities) >= 150


def test_tickers_resolve_with_or_without_exchange_and_zeros() -> None:
    g = load_gazetteer()
    alibaba = g.lookup("Alibaba Group")
    assert g.lookup_ticker("09988") == alibaba
    assert g.lookup_ticker("9988", "HK") == alibaba
    assert g.lookup_ticker("BABA", "NYSE") == alibaba
    assert g.lookup_ticker("0700", "HKEX") == g.lookup("Tencent")
    assert g.lookup_ticker("999999", "SZ") is None
    assert qualified_ticker("09988") == "9988.HK"
    assert qualified_ticker("BABA", "NYSE") == "BABA.N"
    assert qualified_ticker("002463", "SZ") == "002463.SZ"
    assert qualified_ticker("KSTL", "Nasdaq") == "KSTL.O"
    assert qualified_ticker("KSTL") is None
    assert ticker_keys("00700", "HK") == ["700.HK", "700"]


def test_alias_regex_prefers_the_longest_name_on_word_boundaries() -> None:
    g = load_gazetteer()
    p = alias_pattern(g)
    text = "Alibaba Cloud and Alibaba (09988) beat Alibabas; 阿里云增长, T-Head chips, NVIDIA-based, Tencent Cloud."
    assert [m.group() for m in p.finditer(text)] == [
        "Alibaba Cloud", "Alibaba (09988)", "阿里云", "T-Head", "Tencent Cloud"
    ]
    assert alias_pattern(g) is p  # compiled once


def test_a_longer_word_that_runs_on_gives_way_to_a_shorter_one() -> None:
    """The word-end test comes once after the whole trie: when the longest word fails it, the
    next longest that passes is taken, and a word ending in punctuation needs no test."""
    p = re.compile(trie_regex(["Ali", "Alibaba", "Co.", "Tencent", "Tencent Cloud"]))
    text = "Tencent Cloudy, Alibabas, Alibaba-SW, Ali-W, Ali-Wx, Ali_x, Alibaba2, Co.X, Tencent Cloud-B."
    assert [(m.group(), m.start()) for m in p.finditer(text)] == [
        ("Tencent", 0), ("Alibaba", 26), ("Ali", 38), ("Co.", 70), ("Tencent Cloud", 76)
    ]


def test_user_file_adds_entities_and_aliases(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "entities:\n"
        "  - name: Alibaba Cloud\n    type: BusinessUnit\n    aliases: [ACloud]\n    parent: Alibaba Group\n"
        "  - name: Lumen Silicon\n    type: Company\n    tickers: [688999.SS]\n",
        encoding="utf-8",
    )
    g = load_gazetteer([mine])
    assert g.lookup("ACloud") == g.lookup("阿里云")
    assert g.lookup_ticker("688999", "SH") == g.lookup("Lumen Silicon")
    assert [m.group() for m in alias_pattern(g).finditer("Lumen Silicon and ACloud")] == ["Lumen Silicon", "ACloud"]
    assert g.fingerprint != load_gazetteer().fingerprint


def test_bad_user_files_name_the_file_and_the_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("entities:\n  - name: X\n    type: Spaceship\n", encoding="utf-8")
    with pytest.raises(LoaderError, match="bad.yaml.*Spaceship"):
        load_gazetteer([bad])
    with pytest.raises(LoaderError, match="missing.yaml"):
        load_gazetteer([tmp_path / "missing.yaml"])
    broken = tmp_path / "broken.yaml"
    broken.write_text("entities: [\n", encoding="utf-8")
    with pytest.raises(LoaderError, match="not valid YAML"):
        load_gazetteer([broken])


def test_a_cycle_of_parents_in_a_user_gazetteer_is_refused_naming_the_file(tmp_path: Path) -> None:
    """A part of B part of A would send every walk up the parents round for ever."""
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "entities:\n"
        "  - {name: Orbit Labs, type: Company, parent: Orbit Holdings}\n"
        "  - {name: Orbit Holdings, type: Company, parent: Orbit Labs}\n",
        encoding="utf-8",
    )
    with pytest.raises(LoaderError) as err:
        load_gazetteer([mine])
    assert str(mine) in str(err.value) and "cycle" in str(err.value)
    assert "Orbit Labs" in str(err.value) and "Orbit Holdings" in str(err.value)
