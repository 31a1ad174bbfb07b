"""The saved queries: headers, answers on small notes and on the seed, the CLI, and
parameters that are matched literally however hostile they look."""

from __future__ import annotations

import json
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from query_notes import HOSTILE_ALIAS, HOSTILE_LABEL, fill, make_store_dir
from thesisgraph.graph.errors import QueryError
from thesisgraph.graph.saved import saved_queries, saved_query
from thesisgraph.graph.sparql import query_variables

import thesisgraph as tg
from thesisgraph.cli import cli

EXPECTED = {"claims-about", "time-series", "conflicts", "conflicts-about", "thesis-tree", "publisher-claims",
            "entities", "changed-since"}

#: One set of parameters for each saved query, good on the small notes and on the seed.
PARAMS: dict[str, dict[str, str]] = {
    "claims-about": {"entity": "Alibaba Cloud"},
    "time-series": {"entity": "Alibaba Cloud", "metric": "revenue growth yoy"},
    "conflicts": {},
    "conflicts-about": {"entity": "Alibaba Cloud"},
    "thesis-tree": {},
    "publisher-claims": {"publisher": "Example Securities"},
    "entities": {},
    "changed-since": {"since": "2025-01-01"},
}

HOSTILE_VALUES = [
    'Alibaba Cloud" } UNION { ?claim ?p ?o } #',
    "Alibaba Cloud' } UNION { ?claim ?p ?o } #",
    '"""} UNION { ?e ?p ?o } """',
    "} UNION {",
    "x\" . ?e ?p ?o . FILTER(\"a\"=\"a",
    "Alibaba Cloud\\\" }",
    "<https://w3id.org/thesisgraph/id/entity/alibaba-cloud>",
    "?e",
    "Alibaba Cloud\n} UNION { ?claim ?p ?o }",
]


@pytest.fixture
def store() -> Any:
    st = fill(tg.open_store(":memory:"))
    yield st
    st.close()


def run_cli(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == code, f"exit {result.exit_code}\n{result.output}"
    return result.output


# ---- headers ---------------------------------------------------------------


def test_every_saved_query_has_a_header_and_binds_only_its_own_variables() -> None:
    queries = saved_queries()
    assert EXPECTED <= set(queries)
    for name, sq in queries.items():
        assert sq.title and sq.answers, f"{name}: header lacks title or answers"
        assert sq.example.startswith(f"thesisgraph query --saved {name}"), f"{name}: example {sq.example!r}"
        variables = query_variables(sq.text)
        for p in sq.params:
            assert p.name in variables, f"{name}: parameter {p.name} is not a variable of the query"
            assert f"--param {p.name}=" in sq.example, f"{name}: example does not set {p.name}"
            assert p.help
        assert set(PARAMS[name]) == {p.name for p in sq.params}


def test_list_shows_every_saved_query_with_its_parameters() -> None:
    out = run_cli("query", "--list")
    for name, sq in saved_queries().items():
        assert f"{name}: {sq.title}" in out
        for p in sq.params:
            assert f"--param {p.name}=<{p.type}>" in out


def test_missing_unknown_and_badly_typed_parameters_are_one_clear_error(store: Any) -> None:
    with pytest.raises(QueryError, match="needs --param entity"):
        tg.query(store, saved="claims-about")
    with pytest.raises(QueryError, match="has no parameter colour"):
        tg.query(store, saved="claims-about", params={"entity": "x", "colour": "red"})
    with pytest.raises(QueryError, match="not a valid date"):
        tg.query(store, saved="changed-since", params={"since": "last tuesday"})
    with pytest.raises(QueryError, match="no saved query 'nope'"):
        saved_query("nope")


# ---- answers on the small notes ---------------------------------------------


def test_claims_about_matches_name_or_alias_in_any_case(store: Any) -> None:
    by_name = tg.query(store, saved="claims-about", params={"entity": "Alibaba Cloud"}).rows()
    assert {r["kind"] for r in by_name} == {"MetricClaim", "OutlookClaim", "RiskClaim"}
    assert {r["quote"] for r in by_name} >= {"revenue of 33.398 billion yuan", "revenue came to 33.98 billion yuan"}
    assert {r["publisher"] for r in by_name} == {"Example Securities", "Daily Herald"}
    assert {str(r["date"]) for r in by_name} == {"2025-08-30", "2025-09-02"}
    for other in ("alibaba cloud", "ALIYUN", "Aliyun", "  Alibaba \n  CLOUD "):
        rows = tg.query(store, saved="claims-about", params={"entity": other}).rows()
        assert rows == by_name
    group = tg.query(store, saved="claims-about", params={"entity": "alibaba (09988)"}).rows()
    assert [r["statement"] for r in group] == ["Alibaba is testing a new inference chip"]
    assert group[0]["claimDate"] == group[0]["claimDate"] and str(group[0]["claimDate"]) == "2025-08-29"
    assert tg.query(store, saved="claims-about", params={"entity": "Alibaba Clou"}).rows() == []


def test_time_series_gives_every_period_and_source_side_by_side(store: Any) -> None:
    rows = tg.query(store, saved="time-series",
                    params={"entity": "aliyun", "metric": "Revenue Growth YoY"}).rows()
    assert [(r["period"], r["value"], r["unit"]) for r in rows] == [
        ("2024Q4", Decimal(13), "percent"), ("FY2026Q1", Decimal(26), "percent")]
    assert rows[0]["quote"] == "growth had been 13% in the last quarter of 2024"
    assert str(rows[0]["periodStart"]) == "2024-10-01"
    revenue = tg.query(store, saved="time-series", params={"entity": "Alibaba Cloud", "metric": "revenue"}).rows()
    spaced = tg.query(store, saved="time-series", params={"entity": "Alibaba Cloud", "metric": "  REVENUE "}).rows()
    assert spaced == revenue
    assert sorted((r["value"], r["publisher"]) for r in revenue) == [
        (Decimal(33398000000), "Example Securities"), (Decimal(33980000000), "Daily Herald")]
    assert {r["period"] for r in revenue} == {"FY2026Q1"}
    assert {r["document"] for r in revenue} == {"Example Securities on Alibaba Cloud", "Daily Herald: cloud revenue"}


def test_conflicts_about_an_entity_are_the_conflicts_rows_of_that_entity(store: Any) -> None:
    everything = tg.query(store, saved="conflicts").rows()
    about = tg.query(store, saved="conflicts-about", params={"entity": "alibaba CLOUD"}).rows()
    for r in about:
        r["entity"] = r.pop("name")
    assert about == [r for r in everything if r["entity"] == "Alibaba Cloud"] and len(about) == 1
    assert tg.query(store, saved="conflicts-about", params={"entity": "Alibaba Group"}).rows() == []


def test_conflicts_give_both_values_the_spread_and_both_quotes(store: Any) -> None:
    rows = tg.query(store, saved="conflicts").rows()
    assert len(rows) == 1
    r = rows[0]
    assert (r["entity"], r["metric"], r["period"], r["unit"]) == ("Alibaba Cloud", "revenue", "FY2026Q1", "CNY")
    assert {r["value_a"], r["value_b"]} == {Decimal(33398000000), Decimal(33980000000)}
    assert r["spread"] == Decimal(582000000)
    assert r["spread_pct"] == Decimal("1.74")
    assert {r["quote_a"], r["quote_b"]} == {"revenue of 33.398 billion yuan", "revenue came to 33.98 billion yuan"}
    assert {r["publisher_a"], r["publisher_b"]} == {"Example Securities", "Daily Herald"}


def test_thesis_tree_has_supports_challenges_and_evidence(store: Any) -> None:
    rows = tg.query(store, saved="thesis-tree").rows()
    assert {r["thesis"] for r in rows} == {"Alibaba Cloud has turned the corner"}
    assert {r["assertedBy"] for r in rows} == {"Example Securities"}
    branches = sorted((r["role"], r.get("statement", ""), r["quote"]) for r in rows)
    assert branches == [
        ("challenges", "Price competition could squeeze Alibaba Cloud's margins", "could squeeze margins"),
        ("evidence", "", "keep gaining share"),
        ("supports", "Alibaba Cloud revenue FY2026Q1: 33.398 billion CNY", "revenue of 33.398 billion yuan"),
        ("supports", "Alibaba Cloud revenue growth yoy FY2026Q1: 26 percent", "26% more than a year before"),
    ]


def test_publisher_claims_by_name_or_alias(store: Any) -> None:
    rows = tg.query(store, saved="publisher-claims", params={"publisher": "exsec"}).rows()
    kinds = sorted(r["kind"] for r in rows)
    assert kinds == ["EventClaim", "EventClaim", "MetricClaim", "MetricClaim", "MetricClaim", "OutlookClaim",
                     "RelationClaim", "RiskClaim", "Thesis"]
    assert all(r["title"] == "Example Securities on Alibaba Cloud" for r in rows)
    herald = tg.query(store, saved="publisher-claims", params={"publisher": "DAILY HERALD"}).rows()
    assert [r["quote"] for r in herald] == ["revenue came to 33.98 billion yuan"]


def test_entities_with_aliases_tickers_and_counts(store: Any) -> None:
    rows = {r["name"]: r for r in tg.query(store, saved="entities").rows()}
    group = rows["Alibaba Group"]
    assert group["type"] == "Company"
    assert set(group["aliases"].split(" | ")) == {"Alibaba", "Alibaba (09988)"}
    assert set(group["tickers"].split()) == {"9988.HK", "BABA.N"}
    cloud = rows["Alibaba Cloud"]
    assert (cloud["partOf"], cloud["aliases"], cloud["documents"], cloud["claims"]) == ("Alibaba Group", "Aliyun", 2, 6)
    assert rows[HOSTILE_LABEL]["aliases"] == HOSTILE_ALIAS


def test_changed_since_lists_documents_and_claims_dated_on_or_after(store: Any) -> None:
    rows = tg.query(store, saved="changed-since", params={"since": "2025-08-30"}).rows()
    assert [(r["what"], str(r["when"])) for r in rows] == [("document", "2025-09-02"), ("document", "2025-08-30")]
    rows = tg.query(store, saved="changed-since", params={"since": "2025-04-01"}).rows()
    claims = {(r["text"], str(r["when"])) for r in rows if r["what"] == "claim"}
    assert ("Alibaba is testing a new inference chip", "2025-08-29") in claims
    assert ("Alibaba Cloud revenue FY2026Q1: 33.98 billion CNY", "2025-04-01") in claims
    assert not any(r["text"].endswith("2024Q4: 13 percent") for r in rows)
    assert tg.query(store, saved="changed-since", params={"since": "2030-01-01"}).rows() == []


# ---- parameters are terms, never query text ---------------------------------


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_injection_attempts_return_nothing(store: Any, value: str) -> None:
    for name, params in PARAMS.items():
        for key in params:
            if key == "since":
                with pytest.raises(QueryError, match="not a valid date"):
                    tg.query(store, saved=name, params={**params, key: value})
                continue
            rows = tg.query(store, saved=name, params={**params, key: value}).rows()
            assert rows == [], f"{name} with {key}={value!r} returned {rows[:2]}"


def test_a_hostile_alias_is_matched_literally(store: Any) -> None:
    rows = tg.query(store, saved="claims-about", params={"entity": HOSTILE_ALIAS}).rows()
    assert [r["statement"] for r in rows] == ["Brace Co shipped its first order"]
    rows = tg.query(store, saved="claims-about", params={"entity": HOSTILE_LABEL.upper()}).rows()
    assert [r["statement"] for r in rows] == ["Brace Co shipped its first order"]


# ---- the CLI -----------------------------------------------------------------


def test_every_saved_query_through_the_cli(tmp_path: Path) -> None:
    store_dir = str(make_store_dir(tmp_path / "store"))
    for name, params in PARAMS.items():
        args = ["query", "--store", store_dir, "--saved", name, "--format", "json"]
        for key, value in params.items():
            args += ["--param", f"{key}={value}"]
        out = json.loads(run_cli(*args))
        assert out["results"]["bindings"], f"{name} returned nothing"
    out = run_cli("query", "--store", store_dir, "--saved", "claims-about", "--param", f"entity={HOSTILE_ALIAS}",
                  "--format", "csv")
    assert "Brace Co shipped its first order" in out
    out = run_cli("query", "--store", store_dir, "--saved", "time-series", "--param", "entity=Alibaba Cloud",
                  "--param", "metric=revenue", "--format", "csv")
    assert "33398000000" in out and "33980000000" in out
    err = CliRunner().invoke(cli, ["query", "--store", store_dir, "--saved", "time-series", "--param",
                                   "entity=Alibaba Cloud"])
    assert err.exit_code == 2 and "needs --param metric=..." in err.output


# ---- the seed ------------------------------------------------------------------


@pytest.fixture
def seed_store(seed_copy: Path, tmp_path: Path) -> Any:
    run_cli("load", str(seed_copy), "--store", str(tmp_path / "seed"))
    st = tg.open_store(tmp_path / "seed", read_only=True)
    yield st
    st.close()


SEED_PARAMS = {**PARAMS, "publisher-claims": {"publisher": "Changjiang Securities"}}


def test_every_saved_query_runs_on_the_seed(seed_store: Any) -> None:
    for name, params in SEED_PARAMS.items():
        result = tg.query(seed_store, saved=name, params=params)
        assert result.kind == "select"
    assert tg.query(seed_store, saved="entities").rows(), "the seed has no entities"
    assert tg.query(seed_store, saved="claims-about", params={"entity": "alibaba group"}).rows()


def test_seed_conflicts_alibaba_cloud_revenue_with_both_quotes(seed_store: Any) -> None:
    rows = [r for r in tg.query(seed_store, saved="conflicts").rows()
            if r["entity"] == "Alibaba Cloud" and r["metric"] == "revenue" and r.get("period") == "FY2026Q1"]
    assert rows, "no conflict on Alibaba Cloud revenue FY2026Q1 in the seed"
    values = {v for r in rows for v in (r["value_a"], r["value_b"])}
    assert {Decimal(33980000000), Decimal(33398000000)} <= values
    pair = [r for r in rows if {r["value_a"], r["value_b"]} == {Decimal(33980000000), Decimal(33398000000)}]
    assert pair and all(r["unit"] == "CNY" for r in pair)
    assert pair[0]["spread"] == Decimal(582000000)
    quotes = {pair[0]["quote_a"], pair[0]["quote_b"]}
    assert any("33.98 billion" in q for q in quotes) and any("33.398 billion" in q for q in quotes)


def test_seed_time_series_of_alibaba_cloud_revenue_growth(seed_store: Any) -> None:
    rows = tg.query(seed_store, saved="time-series",
                    params={"entity": "Alibaba Cloud", "metric": "revenue growth yoy"}).rows()
    by_period = {r.get("period"): r for r in rows}
    assert {"2024Q4", "FY2026Q1"} <= set(by_period), f"periods found: {sorted(map(str, by_period))}"
    assert by_period["2024Q4"]["value"] == Decimal(13) and by_period["2024Q4"]["unit"] == "percent"
    assert by_period["FY2026Q1"]["value"] == Decimal(26) and by_period["FY2026Q1"]["unit"] == "percent"


# ---- the order each query promises -----------------------------------------------


def _in_order(rows: list[dict[str, Any]], keys: list[tuple[str, bool]]) -> None:
    """Each row comes after the one before by the first key that tells them apart: keys are
    (variable, descending), an unbound value sorts first, strings by code point as in SPARQL."""

    def value(row: dict[str, Any], name: str) -> tuple[int, Any]:
        v = row.get(name)
        return (0, "") if v is None else (1, v)

    for i, (a, b) in enumerate(pairwise(rows)):
        for name, descending in keys:
            va, vb = value(a, name), value(b, name)
            if va != vb:
                assert (va > vb) if descending else (va < vb), f"rows {i} and {i + 1} out of order on ?{name}: {va!r}, {vb!r}"
                break


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """80 notes of the benchmark corpus: theses that begin alike, many entities and publishers."""
    from thesisgraph.loaders.gazetteer import load_gazetteer

    from benchmarks.corpus import write_corpus

    out = tmp_path_factory.mktemp("corpus")
    notes = write_corpus(out, 80, seed=11)
    st = tg.open_store(":memory:")
    report = tg.load(st, [notes], gazetteer=load_gazetteer([str(out / "gazetteer.yaml")]), workers=1)
    assert len(report.added) == 80, report
    yield st
    st.close()


def test_the_sorted_queries_keep_their_order_on_many_notes(corpus_store: Any) -> None:
    """The text keys of these sorts are computed strings (see the queries' comments); the rows
    must still come in the order of the texts themselves."""
    role = {"supports": 1, "challenges": 2, "evidence": 3}
    tree = tg.query(corpus_store, saved="thesis-tree").rows()
    for r in tree:
        r["order"] = role[r["role"]]
    assert len({r["thesis"] for r in tree}) > 5
    _in_order(tree, [("thesis", False), ("order", False), ("statement", False), ("quote", False)])

    entities = tg.query(corpus_store, saved="entities").rows()
    assert len({r["documents"] for r in entities}) > 3
    _in_order(entities, [("documents", True), ("name", False)])

    changed = tg.query(corpus_store, saved="changed-since", params={"since": "2024-06-01"}).rows()
    for r in changed:
        r["day"] = str(r["when"])
    assert {r["what"] for r in changed} == {"document", "claim"}
    _in_order(changed, [("day", True), ("what", False), ("text", False), ("item", False)])

    publishers = tg.query(corpus_store, "SELECT ?name (COUNT(?doc) AS ?n) WHERE { ?doc dcterms:publisher/rdfs:label ?name }"
                          " GROUP BY ?name ORDER BY DESC(?n) LIMIT 1").rows()
    claims = tg.query(corpus_store, saved="publisher-claims", params={"publisher": publishers[0]["name"]}).rows()
    assert len({r["date"] for r in claims}) > 1 and len({r["about"] for r in claims}) > 3
    _in_order(claims, [("date", False), ("kind", False), ("about", False), ("statement", False)])

    conflicts = tg.query(corpus_store, saved="conflicts-about", params={"entity": "Alibaba Group"}).rows()
    assert len({(r["metric"], r["period"]) for r in conflicts}) > 1
    _in_order(conflicts, [("metric", False), ("period", False), ("spread", True), ("claim_a", False), ("claim_b", False)])

    pairs = tg.query(corpus_store, saved="conflicts").rows()
    assert len({r["entity"] for r in pairs}) > 1
    _in_order(pairs, [("entity", False), ("metric", False), ("period", False), ("spread", True), ("claim_a", False),
                      ("claim_b", False)])
