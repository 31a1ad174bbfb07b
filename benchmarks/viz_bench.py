"""How long the viz takes on a 5,000-node graph (not a test: prints timings).

Builds a synthetic store of 200 documents (400 entities, 4,200 claims with
evidence, 200 theses: 5,000 nodes), then times each step of
``thesisgraph viz --all``: the SPARQL projection, the layout, and the page.

    python benchmarks/viz_bench.py [--docs 200] [--claims 21] [--entities 400]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date
from decimal import Decimal

from thesisgraph.graph.iri import child_iri, document_iri, entity_iri
from thesisgraph.graph.model import (
    Claim,
    ClaimKind,
    Entity,
    EntityKind,
    Evidence,
    Extraction,
    Note,
    Period,
    Thesis,
    sha256_hex,
)
from thesisgraph.graph.store import Store
from thesisgraph.viz.layout import force_layout
from thesisgraph.viz.project import project_store
from thesisgraph.viz.render import render_graph
from thesisgraph.viz.views import whole

from thesisgraph import open_store

KINDS = (EntityKind.COMPANY, EntityKind.BUSINESS_UNIT, EntityKind.PRODUCT, EntityKind.PERSON)
METRICS = ("revenue", "capex", "adjusted profit margin", "revenue growth yoy")


def build(store: Store, docs: int, claims: int, n_entities: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    entities = [Entity(iri=entity_iri(f"Entity {i}"), name=f"Entity {i}", kind=KINDS[i % len(KINDS)])
                for i in range(n_entities)]
    broker = Entity(iri=entity_iri("Bench Securities"), name="Bench Securities", kind=EntityKind.ORGANIZATION)
    for d in range(docs):
        lines = []
        for c in range(claims):
            lines.append(f"Figure {c} of note {d}: the metric came in at {rng.randint(1, 999)}.{c} "
                         "billion yuan over the period, well ahead of what the market had expected.")
        text = " ".join(lines)
        path = f"/bench/note-{d}.txt"
        doc = document_iri(path)
        chosen = rng.sample(entities, 5)
        built = []
        pos = 0
        for c, line in enumerate(lines):
            start = text.index(line, pos)
            pos = start + len(line)
            built.append(Claim(
                iri=child_iri(doc, "claim", str(c)), kind=ClaimKind.METRIC, about=chosen[c % 5].iri,
                statement=line[:80], evidence=(Evidence.from_text(text, start, start + 60),),
                asserted_by=broker.iri, metric=METRICS[c % 4], value=Decimal(rng.randint(1, 999)) * 10**9,
                unit="CNY", period=Period(label=f"FY{2020 + c % 6}"),
            ))
        thesis = Thesis(iri=child_iri(doc, "thesis", "t"), statement=f"Thesis of note {d}",
                        about=chosen[0].iri, asserted_by=broker.iri,
                        supported_by=tuple(x.iri for x in built[:3]))
        note = Note(path=path, text=text, sha256=sha256_hex(text), format="text", title=f"Note {d}",
                    date=date(2025, 1 + d % 12, 1 + d % 28))
        store.write(Extraction(note=note, doc_iri=doc, entities=(*chosen, broker),
                               mentions=frozenset(e.iri for e in chosen), publisher=broker.iri,
                               claims=tuple(built), theses=(thesis,)))


def timed(fn, runs: int = 3):  # type: ignore[no-untyped-def]
    times, out = [], None
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--claims", type=int, default=21)
    ap.add_argument("--entities", type=int, default=400)
    args = ap.parse_args()
    store = open_store(":memory:")
    t = time.perf_counter()
    build(store, args.docs, args.claims, args.entities)
    print(f"built store: {len(store)} quads in {time.perf_counter() - t:.1f} s")
    t_proj, g = timed(lambda: project_store(store))
    print(f"projection (SPARQL -> networkx): {g.number_of_nodes()} nodes, {g.number_of_edges()} edges, "
          f"{t_proj:.2f} s")
    t_lay, _ = timed(lambda: force_layout(g))
    print(f"layout (grid force-directed, pure Python): {t_lay:.2f} s")
    t_page, page = timed(lambda: render_graph(g))
    print(f"page (layout + JSON + template): {len(page) // 1024} KiB, {t_page:.2f} s")
    t_sum, summary = timed(lambda: render_graph(whole(g)))
    print(f"default whole view (summary of {g.number_of_nodes()} nodes): {len(summary) // 1024} KiB, "
          f"{t_sum:.2f} s")
    print(f"total for `viz --all` on {g.number_of_nodes()} nodes: {t_proj + t_page:.2f} s")


if __name__ == "__main__":
    main()
