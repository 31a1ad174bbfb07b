"""``thesisgraph viz``: one self-contained, offline HTML picture of the graph."""

from __future__ import annotations

from pathlib import Path

import click

from .cli import _open, friendly_errors, store_option


@click.command(name="viz")
@store_option
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="HTML file to write.")
@click.option("--focus", metavar="ENTITY", help="Show the neighbourhood of this entity (name or alias).")
@click.option("--depth", default=2, show_default=True, type=click.IntRange(min=0),
              help="Steps from the --focus entity.")
@click.option("--thesis", "thesis", is_flag=False, flag_value="", default=None, metavar="[TEXT]",
              help="Show theses with their claims, risks and evidence (all, or those matching TEXT).")
@click.option("--entity-type", "entity_types", multiple=True, metavar="TYPE",
              help="Keep only these entity types (company, business-unit, product, person, organization, place).")
@click.option("--claim-type", "claim_types", multiple=True, metavar="TYPE",
              help="Keep only these claim types (metric, event, relation, outlook, risk).")
@click.option("--metric", "metrics", multiple=True, help="Keep only claims on this metric (e.g. revenue).")
@click.option("--period", "periods", multiple=True, help="Keep only claims for this period (e.g. FY2026Q1).")
@click.option("--publisher", "publishers", multiple=True, help="Keep only documents from this publisher.")
@click.option("--since", metavar="YYYY-MM-DD", help="Keep only documents dated on or after this day.")
@click.option("--until", metavar="YYYY-MM-DD", help="Keep only documents dated on or before this day.")
@click.option("--limit", default=400, show_default=True, type=click.IntRange(min=1),
              help="Above this many nodes the whole-graph view shows the most connected entities.")
@click.option("--all", "draw_all", is_flag=True, help="Draw every node of the whole graph, however many.")
@click.option("--title", help="Page title.")
@click.option("--screenshot", type=click.Path(dir_okay=False, path_type=Path),
              help="Also save a PNG of the page, drawn by the local headless Chromium.")
@friendly_errors
def command(
    store: str | None, output: Path, focus: str | None, depth: int, thesis: str | None,
    entity_types: tuple[str, ...], claim_types: tuple[str, ...], metrics: tuple[str, ...],
    periods: tuple[str, ...], publishers: tuple[str, ...], since: str | None, until: str | None,
    limit: int, draw_all: bool, title: str | None, screenshot: Path | None,
) -> None:
    """Draw the graph as one HTML file that works offline (no network, no folder beside it).

    Nodes are coloured and shaped by kind; conflicting figures are marked in
    red; clicking a claim shows its quote in its sentence, the document and
    the figures it conflicts with.

    \b
    Examples:
      thesisgraph viz -o graph.html
      thesisgraph viz --focus "Alibaba Cloud" --depth 2 -o cloud.html
      thesisgraph viz --thesis -o thesis.html
      thesisgraph viz --claim-type metric --metric revenue --since 2025-01-01 -o revenue.html
    """
    from .viz import render_html

    if focus is not None and thesis is not None:
        raise click.UsageError("choose one view: --focus ENTITY or --thesis")
    view = "focus" if focus is not None else "thesis" if thesis is not None else "graph"
    with _open(store, read_only=True) as st:
        page = render_html(
            st, view, focus=focus, depth=depth, thesis=thesis or None, entity_types=entity_types,
            claim_types=claim_types, metrics=metrics, periods=periods, publishers=publishers,
            since=since, until=until, limit=None if draw_all else limit, title=title,
        )
    output.write_text(page, encoding="utf-8")
    click.echo(f"wrote {output} ({len(page.encode('utf-8')) // 1024} KiB)")
    if screenshot is not None:
        from .viz.browser import Chromium

        with Chromium(width=1400, height=860) as browser:
            report = browser.open(output)
            screenshot.write_bytes(browser.screenshot())
        for err in report.errors:
            click.echo(f"page error: {err}", err=True)
        click.echo(f"wrote {screenshot}")
