"""The ``thesisgraph`` command line: a thin wrapper over the Python API.

Every command takes ``--store`` (a folder, ``:memory:`` or a SPARQL endpoint
URL; default ``$THESISGRAPH_STORE`` or ``./.thesisgraph``). Our own errors
become one line on stderr and exit code 2; a load in which some files failed
exits 1 after loading the others.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .graph.errors import ThesisGraphError

F = TypeVar("F", bound=Callable[..., Any])

STORE_HELP = "Store folder, ':memory:' or SPARQL endpoint URL [env THESISGRAPH_STORE; default ./.thesisgraph]"


def store_option(f: F) -> F:
    return click.option("--store", "store", envvar="THESISGRAPH_STORE", default=None, help=STORE_HELP)(f)


def friendly_errors(f: F) -> F:
    """Turn our own errors into one clear line and exit code 2."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except ThesisGraphError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


def _open(store: str | None, *, read_only: bool = False) -> Any:
    """Open the store; commands that only read open it read-only, so they never block a load
    running in another process (they see what it has committed so far)."""
    from .graph.store import open_store

    return open_store(store, read_only=read_only)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="thesisgraph")
def cli() -> None:
    """thesisgraph: research notes in, a knowledge graph of claims and evidence out.

    \b
    Example:
      thesisgraph load examples/notes
      thesisgraph query --saved conflicts
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option("--gazetteer", "gazetteers", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra gazetteer YAML file(s) of your own entities.")
@click.option("--force", is_flag=True, help="Read every file again even when unchanged.")
@click.option("--quiet", "-q", is_flag=True, help="Print only failures.")
@friendly_errors
def load(paths: tuple[Path, ...], store: str | None, gazetteers: tuple[str, ...], force: bool, quiet: bool) -> None:
    """Load notes (files or folders, recursively) into the store.

    Unchanged files are skipped; a changed file replaces its document's graph.
    Files that cannot be read are reported, the others still load; the exit
    code is 1 when any file failed.

    \b
    Example:
      thesisgraph load examples/notes --store research.db
    """
    from .loaders.gazetteer import load_gazetteer
    from .loaders.pipeline import load_paths

    gaz = load_gazetteer(gazetteers)
    with _open(store) as st:
        progress_cb, finish = _progress(quiet)
        try:
            report = load_paths(st, paths, gazetteer=gaz, force=force, on_file=progress_cb)
        finally:
            finish()
        for failure in report.failed:
            click.echo(f"failed: {failure}", err=True)
        if not quiet:
            stats = st.stats(quads=False)  # the summary shows no quad count, the slowest of them
            click.echo(
                f"{report.seen} file(s): {len(report.added)} added, {len(report.replaced)} replaced, "
                f"{len(report.unchanged)} unchanged, {len(report.failed)} failed"
                + (f", {len(report.skipped)} skipped (no reader, or a symlinked folder)" if report.skipped else "")
            )
            click.echo(
                f"store {st.location}: {stats['documents']} documents, {stats['entities']} entities, "
                f"{stats['claims']} claims, {stats['evidence']} evidence, {stats['conflicts']} conflicts"
            )
    if report.failed:
        sys.exit(1)


def _progress(quiet: bool) -> tuple[Callable[[Path, str], None] | None, Callable[[], None]]:
    if quiet or not sys.stderr.isatty():
        return None, lambda: None
    from rich.progress import Progress, SpinnerColumn, TextColumn

    progress = Progress(SpinnerColumn(), TextColumn("{task.completed} file(s) {task.description}"),
                        transient=True, console=None)
    progress.start()
    task = progress.add_task("", total=None)

    def on_file(path: Path, status: str) -> None:
        progress.update(task, advance=1, description=f"{status}: {path.name}")

    return on_file, progress.stop


def _parse_params(raw: tuple[str, ...]) -> dict[str, str]:
    from .graph.errors import QueryError

    out = {}
    for item in raw:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise QueryError(f"--param takes NAME=VALUE, got {item!r}")
        out[name.strip()] = value
    return out


@cli.command()
@click.argument("sparql", required=False)
@store_option
@click.option("--file", "-f", "file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the query from a .rq file.")
@click.option("--saved", "-s", help="Run a saved query by name (see --list).")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query variable to a value (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="Output format (json and csv are the W3C SPARQL results formats).")
@click.option("--list", "list_", is_flag=True, help="List the saved queries and their parameters.")
@friendly_errors
def query(sparql: str | None, store: str | None, file: Path | None, saved: str | None,
          params: tuple[str, ...], fmt: str, list_: bool) -> None:
    """Run a SPARQL query (text, a file, or a saved query) over all documents.

    Parameters are bound as RDF terms, never pasted into the query text.

    \b
    Examples:
      thesisgraph query 'SELECT ?name WHERE { ?e a tg:Company ; rdfs:label ?name }'
      thesisgraph query --saved claims-about --param entity="Alibaba Cloud" --format csv
      thesisgraph query --file my.rq --format json
    """
    from .graph.errors import QueryError
    from .graph.saved import saved_queries

    if list_:
        for name, sq in saved_queries().items():
            click.echo(f"{name}: {sq.title}")
            if sq.answers:
                click.echo(f"    answers: {sq.answers}")
            for p in sq.params:
                click.echo(f"    --param {p.name}=<{p.type}>  {p.help}")
        return
    given = [x for x in (sparql, file, saved) if x is not None]
    if len(given) != 1:
        raise QueryError("give exactly one of: a SPARQL query, --file F.rq, --saved NAME (or --list)")
    from . import query as run_query

    with _open(store, read_only=True) as st:
        if saved is not None:
            result = run_query(st, saved=saved, params=_parse_params(params))
        else:
            text = file.read_text("utf-8") if file is not None else (sparql or "")
            result = run_query(st, text, params=_parse_params(params))
        click.echo(result.serialize(fmt), nl=False)
        if saved is not None:
            from .loaders.version import stale_note

            if note := stale_note(st):
                click.echo(note, err=True)


@cli.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["turtle", "trig", "nquads", "ntriples", "jsonld"]),
              default="trig", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file (default: stdout).")
@friendly_errors
def export(store: str | None, fmt: str, output: Path | None) -> None:
    """Export the graph as RDF (trig and nquads keep each document's named graph).

    \b
    Example:
      thesisgraph export --format trig -o research.trig
    """
    with _open(store, read_only=True) as st:
        if output is None:
            st.export(fmt, sys.stdout.buffer)
        else:
            with output.open("wb") as fh:
                st.export(fmt, fh)


@cli.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@store_option
@click.option("--format", "fmt", type=click.Choice(["turtle", "trig", "nquads", "ntriples", "jsonld"]),
              default=None, help="RDF format (default: from the suffix).")
@friendly_errors
def import_(file: Path, store: str | None, fmt: str | None) -> None:
    """Import RDF you already have (Turtle, TriG, N-Quads, N-Triples, RDF/XML, JSON-LD).

    Triples go into a graph named after the file; importing it again replaces it.

    \b
    Example:
      thesisgraph import my-coverage.ttl
    """
    with _open(store) as st:
        n = st.import_rdf(file, fmt)
        click.echo(f"imported {n} statement(s) from {file} into {st.location}")


@cli.command()
@store_option
@click.option("--no-shacl", is_flag=True, help="Skip the SHACL shapes (evidence and vocabulary only).")
@click.option("--limit", default=50, show_default=True, help="Problems to print at most.")
def validate(store: str | None, no_shacl: bool, limit: int) -> None:
    """Check the graph against the contract: SHACL shapes, evidence offsets, vocabulary.

    Exit code 0 when it conforms, 1 with a report when it does not, 2 on error.

    \b
    Example:
      thesisgraph validate --store research.db
    """
    from . import validate as run_validate

    try:
        with _open(store, read_only=True) as st:
            report = run_validate(st, shacl=not no_shacl)
    except ThesisGraphError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo(report.text(limit), nl=False)
    sys.exit(0 if report.conforms else 1)


@cli.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@friendly_errors
def stats(store: str | None, fmt: str) -> None:
    """Counts: documents, entities, claims by kind, evidence, conflicts, quads.

    \b
    Example:
      thesisgraph stats --format json
    """
    import json

    from .graph.results import table

    with _open(store, read_only=True) as st:
        counts = st.stats()
    if fmt == "json":
        click.echo(json.dumps(counts, indent=2))
    else:
        click.echo(table(["what", "count"], list(counts.items())), nl=False)


@cli.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@friendly_errors
def documents(store: str | None, fmt: str) -> None:
    """List the documents in the store.

    \b
    Example:
      thesisgraph documents --format csv
    """
    import csv
    import io
    import json

    from .graph.results import table

    with _open(store, read_only=True) as st:
        docs = st.documents()
    cols = ["source", "title", "date", "publisher", "claims", "doc"]
    rows = [[d.get(c, "") for c in cols] for d in docs]
    if fmt == "json":
        click.echo(json.dumps([dict(zip(cols, map(str, r))) for r in rows], indent=2, ensure_ascii=False))
    elif fmt == "csv":
        buf = io.StringIO()
        csv.writer(buf).writerows([cols, *rows])
        click.echo(buf.getvalue(), nl=False)
    else:
        click.echo(table(cols[:5], [r[:5] for r in rows]), nl=False)


@cli.command()
@click.argument("document")
@store_option
@friendly_errors
def remove(document: str, store: str | None) -> None:
    """Remove a document (by the path it was loaded from, or its IRI) and its graph.

    \b
    Example:
      thesisgraph remove examples/notes/volcano-engine.md
    """
    with _open(store) as st:
        iri = st.remove(document)
        click.echo(f"removed {iri}")


#: Commands that live in modules of their own (``thesisgraph/cmd_<name>.py``, each with a
#: click command named ``command``), imported only when the CLI starts.
OPTIONAL_COMMANDS = ("viz", "serve", "analyze", "eval")


def _register_commands() -> None:
    import importlib

    for name in OPTIONAL_COMMANDS:
        module = f"thesisgraph.cmd_{name}"
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name == module:
                continue
            raise
        cli.add_command(mod.command)


_register_commands()


def main() -> None:
    cli(prog_name="thesisgraph")


if __name__ == "__main__":
    main()
