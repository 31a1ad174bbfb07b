"""Does the graph keep the contract? SHACL shapes, evidence integrity and vocabulary.

Three checks, each giving readable problems that name the node at fault:

* every evidence quote is exactly the document text at its offsets (SPARQL on
  the store itself, fast on any size);
* every ``tg:`` term the data uses is defined in the ontology;
* the SHACL shapes of ``ontology/shapes.ttl`` (pyshacl, over the union of all
  graphs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .errors import MissingDependencyError
from .namespace import TG, sparql_prologue

if TYPE_CHECKING:
    from .store import Store

_P = sparql_prologue()


@dataclass(frozen=True, slots=True)
class Problem:
    focus: str
    message: str
    check: str


@dataclass(frozen=True, slots=True)
class ValidationReport:
    problems: tuple[Problem, ...] = field(default=())
    checked: tuple[str, ...] = ()

    @property
    def conforms(self) -> bool:
        return not self.problems

    def text(self, limit: int = 50) -> str:
        if self.conforms:
            return f"conforms ({', '.join(self.checked)})\n"
        lines = [f"does not conform: {len(self.problems)} problem(s)"]
        for p in self.problems[:limit]:
            lines.append(f"- [{p.check}] {p.focus}: {p.message}")
        if len(self.problems) > limit:
            lines.append(f"... and {len(self.problems) - limit} more")
        return "\n".join(lines) + "\n"


def check_evidence(store: Store) -> list[Problem]:
    """Evidence whose quote is not the document text at its offsets."""
    r = store.query(
        _P
        + """SELECT ?ev ?s ?e ?x WHERE {
  ?ev a tg:Evidence ; oa:start ?s ; oa:end ?e ; oa:exact ?x .
  OPTIONAL { ?ev oa:hasSource ?doc . ?doc tg:text ?text }
  FILTER(!BOUND(?text) || ?s < 0 || ?e <= ?s || ?e > STRLEN(?text)
         || SUBSTR(?text, ?s + 1, ?e - ?s) != STR(?x))
}"""
    )
    return [
        Problem(row["ev"], f"quote {str(row['x'])[:60]!r} is not the text at [{row['s']}, {row['e']})", "evidence")
        for row in r.rows()
    ]


def defined_terms() -> set[str]:
    """Every ``tg:`` term the ontology defines."""
    import pyoxigraph as ox

    from ..ontology import ontology_path

    with ontology_path().open("rb") as fh:
        triples = list(ox.parse(fh, ox.RdfFormat.TURTLE))
    return {
        t.subject.value
        for t in triples
        if isinstance(t.subject, ox.NamedNode)
        and t.subject.value.startswith(TG)
        and t.predicate.value.endswith("#type")
    }


def check_vocabulary(store: Store) -> list[Problem]:
    """``tg:`` predicates and classes used in the data that the ontology does not define."""
    used = store.query(
        _P
        + f"""SELECT DISTINCT ?t WHERE {{
  {{ ?s ?t ?o }} UNION {{ ?s a ?t }} UNION {{ ?s tg:relation ?t }}
  FILTER(STRSTARTS(STR(?t), "{TG}"))
}}"""
    ).column("t")
    known = defined_terms()
    return [
        Problem(t, "this tg: term is used in the data but not defined in the ontology", "vocabulary")
        for t in sorted(set(used) - known)
    ]


def check_shacl(store: Store) -> list[Problem]:
    """Violations of the SHACL shapes, over the union of all graphs."""
    try:
        import pyshacl
    except ImportError:
        raise MissingDependencyError("pyshacl", "validate") from None
    import io

    from rdflib import Graph, Namespace

    from ..ontology import shapes_path

    buf = io.BytesIO()
    store.export("ntriples", buf)
    data = Graph()
    data.parse(data=buf.getvalue().decode("utf-8"), format="nt")
    shapes = Graph().parse(shapes_path(), format="turtle")
    _conforms, results, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    sh = Namespace("http://www.w3.org/ns/shacl#")
    problems = []
    for result in results.subjects(sh.resultSeverity, sh.Violation):
        focus = results.value(result, sh.focusNode)
        msg = results.value(result, sh.resultMessage)
        path = results.value(result, sh.resultPath)
        text = str(msg) if msg is not None else "violates a shape"
        if path is not None and str(path) not in text:
            text += f" (path {data.namespace_manager.normalizeUri(path)})"
        problems.append(Problem(str(focus), text, "shacl"))
    problems.sort(key=lambda p: (p.focus, p.message))
    return problems


def validate_store(store: Store, *, shacl: bool = True) -> ValidationReport:
    """Run every check; the report lists each problem with the node at fault."""
    problems = check_evidence(store) + check_vocabulary(store)
    checked = ["evidence", "vocabulary"]
    if shacl:
        problems += check_shacl(store)
        checked.append("shacl")
    return ValidationReport(tuple(problems), tuple(checked))
