"""The command line, through click's runner, on the seed note and on small notes."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from thesisgraph import open_store
from thesisgraph.cli import cli

P = "PREFIX tg: <https://w3id.org/thesisgraph/ns#>\nPREFIX oa: <http://www.w3.org/ns/oa#>\n"


def run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == code, f"exit {result.exit_code}\n{result.output}"
    return result.output


@pytest.fixture
def store_dir(tmp_path: Path) -> str:
    return str(tmp_path / "store")


def test_every_command_has_help_with_an_example() -> None:
    for name, command in cli.commands.items():
        out = run(name, "--help")
        assert "Example" in out, f"{name} --help has no example"
        assert command.help


def test_seed_loads_validates_and_evidence_offsets_hold_in_sparql(seed_copy: Path, store_dir: str) -> None:
    out = run("load", str(seed_copy.parent), "--store", store_dir)
    assert re.search(r"1 added", out)
    assert re.search(r"1 documents, \d+ entities, [1-9]\d* claims, [1-9]\d* evidence", out)
    assert "conforms" in run("validate", "--store", store_dir)
    # the contract's integrity rule, stated in SPARQL
    res = json.loads(run("query", "--store", store_dir, "--format", "json", P + """
        SELECT (COUNT(?ev) AS ?all) (SUM(IF(SUBSTR(?text, ?s + 1, ?e - ?s) = ?x, 1, 0)) AS ?ok) WHERE {
          ?ev a tg:Evidence ; oa:hasSource ?doc ; oa:start ?s ; oa:end ?e ; oa:exact ?x .
          ?doc tg:text ?text }"""))
    row = res["results"]["bindings"][0]
    assert int(row["all"]["value"]) > 0
    assert row["all"]["value"] == row["ok"]["value"]


def test_every_tg_term_in_the_data_is_defined_in_the_ontology(seed_copy: Path, store_dir: str) -> None:
    from thesisgraph.graph.validate import check_vocabulary, defined_terms

    run("load", str(seed_copy), "--store", store_dir)
    with open_store(store_dir) as st:
        assert check_vocabulary(st) == []
        used = st.query("SELECT DISTINCT ?p WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?p), 'https://w3id.org/thesisgraph/ns#')) }").column("p")
    assert used and set(used) <= defined_terms()


def test_loading_twice_is_a_no_op_and_a_changed_file_replaces_only_its_graph(seed_copy: Path, tmp_path: Path, store_dir: str) -> None:
    other = seed_copy.parent / "mine.md"
    other.write_text("---\ntitle: Cloud check\npublisher: Example Securities\n---\nAlibaba Cloud revenue was RMB 33.4 billion.\n")
    run("load", str(seed_copy.parent), "--store", store_dir)
    quads = json.loads(run("stats", "--store", store_dir, "--format", "json"))["quads"]
    out = run("load", str(seed_copy.parent), "--store", store_dir)
    assert "0 added, 0 replaced, 2 unchanged" in out
    assert json.loads(run("stats", "--store", store_dir, "--format", "json"))["quads"] == quads

    def seed_graph() -> str:
        return run("query", "--store", store_dir, "--format", "csv",
                   "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } ?g <http://purl.org/dc/terms/source> ?src "
                   "FILTER(CONTAINS(?src, 'changjiang')) } ORDER BY ?s ?p ?o")

    before = seed_graph()
    other.write_text(other.read_text().replace("33.4", "35.2"))
    out = run("load", str(seed_copy.parent), "--store", store_dir)
    assert "0 added, 1 replaced, 1 unchanged" in out
    assert seed_graph() == before
    run("remove", str(other), "--store", store_dir)
    docs = run("documents", "--store", store_dir, "--format", "csv")
    assert "mine.md" not in docs and "changjiang" in docs


def test_a_claim_stripped_of_its_evidence_fails_validate_naming_the_claim(seed_copy: Path, store_dir: str) -> None:
    run("load", str(seed_copy), "--store", store_dir)
    with open_store(store_dir) as st:
        claim = st.query(P + "SELECT ?c WHERE { ?c a tg:MetricClaim } ORDER BY ?c LIMIT 1").column("c")[0]
        st.backend.update(P + f"DELETE WHERE {{ GRAPH ?g {{ <{claim}> tg:evidence ?ev }} }}")
    out = run("validate", "--store", store_dir, code=1)
    assert "does not conform" in out
    assert claim in out and "evidence" in out


def test_validate_exits_2_on_error(tmp_path: Path) -> None:
    out = CliRunner().invoke(cli, ["validate", "--store", str(tmp_path / "nothing-here")])
    assert out.exit_code == 2
    assert "no store at" in out.output


def test_query_formats_params_and_saved_queries(seed_copy: Path, store_dir: str) -> None:
    run("load", str(seed_copy), "--store", store_dir)
    q = ("SELECT ?name WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?name "
         "FILTER(?name = ?want) }")
    data = json.loads(run("query", "--store", store_dir, "--format", "json", q, "--param", "want=Alibaba Cloud"))
    assert data["head"]["vars"] == ["name"]
    assert [b["name"]["value"] for b in data["results"]["bindings"]] == ["Alibaba Cloud"]
    rows = list(csv.reader(io.StringIO(run("query", "--store", store_dir, "--format", "csv", q, "--param", "want=Alibaba Cloud"))))
    assert rows == [["name"], ["Alibaba Cloud"]]
    # a hostile value is a literal like any other: it matches nothing and changes nothing
    hostile = 'x" } UNION { ?e ?p ?name } #'
    data = json.loads(run("query", "--store", store_dir, "--format", "json", q, "--param", f"want={hostile}"))
    assert data["results"]["bindings"] == []
    listing = run("query", "--list")
    assert "claims-about" in listing and "--param entity" in listing
    with open_store(store_dir, read_only=True) as st:
        name, statement = st.query(P + "SELECT ?n ?s WHERE { ?c a tg:MetricClaim ; tg:statement ?s ; "
                                   "tg:about/<http://www.w3.org/2000/01/rdf-schema#label> ?n } LIMIT 1").bindings[0]
    out = run("query", "--store", store_dir, "--saved", "claims-about", "--param", f"entity={name.value}",
              "--format", "json")
    statements = [b["statement"]["value"] for b in json.loads(out)["results"]["bindings"]]
    assert statement.value in statements
    err = CliRunner().invoke(cli, ["query", "--store", store_dir, "--saved", "claims-about"])
    assert err.exit_code == 2 and "needs --param entity" in err.output
    err = CliRunner().invoke(cli, ["query", "--store", store_dir, "--saved", "nope"])
    assert err.exit_code == 2 and "no saved query 'nope'" in err.output


def test_export_and_import(seed_copy: Path, store_dir: str, tmp_path: Path) -> None:
    run("load", str(seed_copy), "--store", store_dir)
    quads = json.loads(run("stats", "--store", store_dir, "--format", "json"))["quads"]
    out_file = tmp_path / "all.trig"
    run("export", "--store", store_dir, "--format", "trig", "-o", str(out_file))
    other = str(tmp_path / "other")
    assert f"imported {quads} statement(s)" in run("import", str(out_file), "--store", other)
    assert json.loads(run("stats", "--store", other, "--format", "json"))["quads"] == quads
    assert "conforms" in run("validate", "--store", other)
    ttl = run("export", "--store", store_dir, "--format", "turtle")
    assert "@prefix tg: <https://w3id.org/thesisgraph/ns#>" in ttl


def test_store_location_from_the_environment(seed_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THESISGRAPH_STORE", str(tmp_path / "env-store"))
    run("load", str(seed_copy))
    assert (tmp_path / "env-store").is_dir()
    assert "1" in run("stats")


def test_default_store_is_a_folder_in_the_working_directory(seed_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("THESISGRAPH_STORE", raising=False)
    monkeypatch.chdir(tmp_path)
    run("load", str(seed_copy))
    assert (tmp_path / ".thesisgraph").is_dir()


def test_readme_mentions_every_command() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    for name in cli.commands:
        assert f"thesisgraph {name}" in readme, f"README does not show `thesisgraph {name}`"


def test_saved_queries_say_when_documents_need_loading_again(seed_copy: Path, store_dir: str) -> None:
    """A store written by an earlier extractor lacks what the saved queries now look up (name
    keys, metric series): the query says so on stderr, and loading the files again clears it."""
    run("load", str(seed_copy.parent), "--store", store_dir)
    args = ["query", "--store", store_dir, "--saved", "time-series", "--param", "entity=Alibaba Cloud",
            "--param", "metric=revenue growth yoy", "--format", "json"]
    fresh = CliRunner().invoke(cli, args)
    assert fresh.exit_code == 0 and fresh.stderr == ""
    assert json.loads(fresh.stdout)["results"]["bindings"]
    with open_store(store_dir) as st:
        st.backend.update(P + """DELETE { GRAPH ?d { ?d tg:pipeline ?p } } INSERT { GRAPH ?d { ?d tg:pipeline ?old } }
            WHERE { GRAPH ?d { ?d tg:pipeline ?p } BIND(REPLACE(?p, "extractor [0-9]+", "extractor 1") AS ?old) }""")
    stale = CliRunner().invoke(cli, args)
    assert stale.exit_code == 0 and "1 document(s)" in stale.stderr and "load their files again" in stale.stderr
    assert json.loads(stale.stdout) == json.loads(fresh.stdout)  # the answer itself is unchanged
    assert "1 replaced" in run("load", str(seed_copy.parent), "--store", store_dir)
    assert CliRunner().invoke(cli, args).stderr == ""
