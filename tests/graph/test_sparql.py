from __future__ import annotations

from datetime import date

import pytest

from factories import revenue_note
from thesisgraph.graph.errors import QueryError
from thesisgraph.graph.sparql import bind, query_variables, with_prefixes
from thesisgraph.graph.store import Store

HOSTILE = [
    '"} UNION { ?s ?p ?o }',
    "x' . } DELETE WHERE { ?s ?p ?o } #",
    "a\\\"b\nc",
    "} } } {{ <http://evil> ",
    "'''\"\"\"",
]


def test_values_block_goes_into_the_outer_where_group_past_strings_iris_and_comments() -> None:
    q = ('# a { comment\nSELECT ?x WHERE { ?x <http://ex.org/p{> "a { b" . FILTER(?x = ?want) }')
    bound = bind(q, {"want": "v"})
    assert bound.startswith('# a { comment\nSELECT ?x WHERE { VALUES (?want) { ("v") }')


def test_construct_template_is_skipped() -> None:
    bound = bind("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": "x"})
    assert bound == 'CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?s) { ("x") }\n ?s ?p ?o }'
    bound = bind("CONSTRUCT WHERE { ?s ?p ?o }", {"s": "x"})
    assert bound.startswith('CONSTRUCT WHERE { VALUES (?s)')


def test_typed_values() -> None:
    bound = bind("SELECT * { ?a ?b ?c }", {"a": 3, "b": date(2025, 1, 2)})
    assert '"3"^^<http://www.w3.org/2001/XMLSchema#integer>' in bound
    assert '"2025-01-02"^^<http://www.w3.org/2001/XMLSchema#date>' in bound


def test_per_variable_blocks_are_the_same_table(memory_store: Store) -> None:
    """One single-variable VALUES block per parameter (for servers that cannot compile a row
    of several) gives the same answers as the one row."""
    q = "SELECT ?a ?b WHERE { ?a ?b ?c }"
    bound = bind(q, {"a": "x", "b": 2}, per_variable=True)
    assert bound.startswith('SELECT ?a ?b WHERE { VALUES ?a { "x" }\nVALUES ?b { "2"^^<')
    memory_store.write(revenue_note("/notes/v.txt", "33.4"))
    q = ("SELECT ?claim ?value WHERE { ?claim tg:value ?value ; tg:unit ?unit ; tg:metric/rdfs:label ?m }")
    params = {"unit": "CNY", "m": "revenue"}
    one_row = memory_store.backend.query(bind(with_prefixes(q), params))
    blocks = memory_store.backend.query(bind(with_prefixes(q), params, per_variable=True))
    assert len(one_row) == 1 and blocks.bindings == one_row.bindings


def test_unknown_or_malformed_parameter_names_are_refused() -> None:
    with pytest.raises(QueryError, match="no variable \\?nope"):
        bind("SELECT ?x { ?x ?p ?o }", {"nope": "1"})
    with pytest.raises(QueryError, match="not a SPARQL variable name"):
        bind("SELECT ?x { ?x ?p ?o }", {"x }": "1"})
    assert query_variables('SELECT ?x { ?x ?p "?notavar" }') == {"x", "p"}


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_match_literally_and_never_change_the_query(memory_store: Store, value: str) -> None:
    ex = revenue_note("/n/a.txt", "1.5")
    memory_store.write(ex)
    n = len(memory_store)
    q = "SELECT ?c WHERE { ?c tg:statement ?s }"
    assert memory_store.query(q, {"s": value}).bindings == ()
    assert len(memory_store) == n
    # the same value stored as a statement is found, exactly
    r = memory_store.query("SELECT ?name WHERE { ?e rdfs:label ?name }", {"name": ex.entities[0].name})
    assert r.column("name") == [ex.entities[0].name]


def test_contract_prefixes_are_added_only_when_missing() -> None:
    assert with_prefixes("SELECT * { ?x a tg:Claim }").startswith("PREFIX tg: <https://w3id.org/thesisgraph/ns#>\n")
    own = "PREFIX tg: <http://other/> SELECT * { ?x a tg:Claim }"
    assert with_prefixes(own) == own


def test_a_query_leaves_the_garbage_collector_as_it_found_it(memory_store: Store) -> None:
    """Building the rows pauses the cycle collector (see Result.from_pyoxigraph): it must come
    back on after the query, and stay off for a caller that had switched it off."""
    import gc

    memory_store.backend.update("INSERT DATA { " + " ".join(f"<urn:x:s{i}> <urn:x:p> {i} ." for i in range(50)) + " }")
    query = "SELECT ?s ?o WHERE { ?s <urn:x:p> ?o } ORDER BY ?o"
    assert gc.isenabled()
    rows = memory_store.query(query).column("o")
    assert rows == list(range(50))
    assert gc.isenabled()
    gc.disable()
    try:
        assert memory_store.query(query).column("o") == rows
        assert not gc.isenabled()
    finally:
        gc.enable()
