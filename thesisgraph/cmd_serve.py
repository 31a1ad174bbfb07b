"""``thesisgraph serve``: a SPARQL 1.1 endpoint, a query page and the graphs, over HTTP."""

from __future__ import annotations

import os

import click

from .cli import friendly_errors, store_option


@click.command(name="serve")
@store_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback by default; anything else exposes the graph).")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0 picks a free one).")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.01),
              help="Seconds a query may run before it is stopped (503).")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(min=1),
              help="Rows (or triples) a result returns at most; header X-SPARQL-MaxRows when cut.")
@click.option("--max-result-bytes", default=64 * 1_048_576, show_default=True, type=click.IntRange(min=1),
              help="Text an answer carries at most (rows beyond it are cut; header X-SPARQL-MaxBytes).")
@click.option("--max-body", default=1_048_576, show_default=True, type=click.IntRange(min=1),
              help="Largest request body in bytes (413 above it).")
@click.option("--workers", default=max(4, min(8, os.cpu_count() or 4)), show_default=True,
              type=click.IntRange(min=1),
              help="Query worker processes: queries running at once (a query held up to --timeout holds one).")
@click.option("--max-connections", default=256, show_default=True, type=click.IntRange(min=1),
              help="Connections served at once; more get 503 straight away.")
@click.option("--allow-update", is_flag=True, help="Accept SPARQL Update (refused with 403 by default).")
@click.option("--allow-service", is_flag=True,
              help="Accept SERVICE and LOAD, which make the server fetch from the network (refused by default).")
@friendly_errors
def command(store: str | None, host: str, port: int, timeout: float, max_rows: int, max_result_bytes: int,
            max_body: int,
            workers: int, max_connections: int, allow_update: bool, allow_service: bool) -> None:
    """Serve the store over the SPARQL 1.1 Protocol at /sparql, with a query page at /.

    Read-only and bound to 127.0.0.1 by default, so a load can run alongside.
    Any SPARQL client works unchanged (SPARQLWrapper, rdflib's SPARQLStore,
    curl); /saved/NAME?param=value runs a saved query; /viz draws the graph.

    \b
    Example:
      thesisgraph serve --store research.db --port 7878
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT ?name WHERE { ?e a tg:Company ; rdfs:label ?name }' http://127.0.0.1:7878/sparql
    """
    from .graph.store import resolve_location
    from .server import ServeConfig, serve

    serve(ServeConfig(store=resolve_location(store), host=host, port=port, timeout=timeout, max_rows=max_rows,
                      max_result_bytes=max_result_bytes, max_body=max_body, workers=workers,
                      max_connections=max_connections, allow_update=allow_update, allow_service=allow_service))
