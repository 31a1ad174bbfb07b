"""``thesisgraph analyze``: the shape of the graph, measured with networkx."""

from __future__ import annotations

import json

import click

from .cli import _open, friendly_errors, store_option


@click.command(name="analyze")
@store_option
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=0),
              help="Rows per list (0 for all).")
@click.option("--path", "path", nargs=2, metavar="A B", default=None,
              help="Also show the shortest paths linking entity A to entity B (names or aliases).")
@click.option("--paths", "paths", default=5, show_default=True, type=click.IntRange(min=1),
              help="Shortest paths to show at most with --path.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@friendly_errors
def command(store: str | None, top: int, path: tuple[str, str] | None, paths: int, fmt: str) -> None:
    """Measure the graph: most connected and most central entities, paths between two
    entities through claims, clusters of entities sharing documents, claims on a single source.

    Centrality and paths follow what the notes say (claims, relations, theses,
    conflicts), not the links to documents, publishers and brokers. A claim rests
    on a single source when no other publisher (or, without one, no other
    document) states the same fact without conflicting with it.

    \b
    Examples:
      thesisgraph analyze --top 5
      thesisgraph analyze --path "Alibaba Cloud" "Volcano Engine"
      thesisgraph analyze --format json > shape.json
    """
    from .graph.analysis import analyze

    with _open(store, read_only=True) as st:
        result = analyze(st, top=top, path=path, paths=paths)
    if fmt == "json":
        click.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(result.text(), nl=False)
