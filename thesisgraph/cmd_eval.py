"""``thesisgraph eval``: score the extractor on notes that have hand-made gold annotations."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .cli import friendly_errors


@click.command(name="eval")
@click.argument("notes", type=click.Path(exists=True, path_type=Path))
@click.argument("gold", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("-v", "--verbose", is_flag=True, help="Also list each note's misses and false positives.")
@click.option("--gazetteer", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="An extra gazetteer YAML file, as for load.")
@friendly_errors
def command(notes: Path, gold: Path, fmt: str, verbose: bool, gazetteer: Path | None) -> None:
    """Load NOTES (a file or folder) into a fresh in-memory store and score entities and
    metric claims against the gold files in GOLD (<note-stem>.gold.json): precision,
    recall and F1 per note and micro-averaged, and the conflicts the gold expects
    linked. The store is read back through SPARQL, so the score is that of what a
    researcher sees. Exits 0 whatever the scores.

    \b
    Examples:
      thesisgraph eval examples/notes examples/gold
      thesisgraph eval examples/notes/baidu-ai-cloud-2q25.txt examples/gold --verbose
      thesisgraph eval examples/notes examples/gold --format json
    """
    from .evaluate import evaluate

    report = evaluate([notes], gold, gazetteer=gazetteer)
    if fmt == "json":
        click.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(report.table(verbose=verbose), nl=False)
