"""Small hand-built extractions for store, mapping and query tests."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
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

GROUP = Entity(iri=entity_iri("Alibaba Group"), name="Alibaba Group", kind=EntityKind.COMPANY,
               aliases=frozenset({"Alibaba"}), tickers=("9988.HK",), fiscal_year_end="--03-31")
CLOUD = Entity(iri=entity_iri("Alibaba Cloud"), name="Alibaba Cloud", kind=EntityKind.BUSINESS_UNIT,
               part_of=GROUP.iri)
BROKER = Entity(iri=entity_iri("Example Securities"), name="Example Securities", kind=EntityKind.ORGANIZATION)
FY26Q1 = Period(label="FY2026Q1", start=date(2025, 4, 1), end=date(2025, 6, 30))


def revenue_note(path: str, value: str, scale_word: str = "billion", extra: str = "") -> Extraction:
    """A note stating Alibaba Cloud's FY2026Q1 revenue as ``value`` billion yuan."""
    text = f"Alibaba Cloud revenue was {value} {scale_word} yuan in the quarter.{extra}"
    doc = document_iri(path)
    start = text.index(value)
    end = text.index("yuan") + len("yuan")
    decimals = len(value.split(".")[1]) if "." in value else 0
    claim = Claim(
        iri=child_iri(doc, "claim", "revenue", value),
        kind=ClaimKind.METRIC,
        about=CLOUD.iri,
        statement=f"Alibaba Cloud revenue FY2026Q1: {value} billion CNY",
        evidence=(Evidence.from_text(text, start, end),),
        asserted_by=BROKER.iri,
        metric="revenue",
        value=Decimal(value).scaleb(9),
        unit="CNY",
        resolution=Decimal(1).scaleb(9 - decimals),
        period=FY26Q1,
    )
    mention = Evidence.from_text(text, 0, len("Alibaba Cloud"))
    thesis = Thesis(iri=child_iri(doc, "thesis", "t"), statement="Alibaba Cloud is growing again",
                    about=CLOUD.iri, asserted_by=BROKER.iri, supported_by=(claim.iri,), evidence=(mention,))
    note = Note(path=path, text=text, sha256=sha256_hex(text), format="text", title=f"Note {path}",
                date=date(2025, 8, 30))
    return Extraction(note=note, doc_iri=doc, entities=(GROUP, CLOUD, BROKER),
                      mentions=frozenset({CLOUD.iri}), surface_forms=((CLOUD.iri, "Alibaba Cloud"),),
                      publisher=BROKER.iri, claims=(claim,), theses=(thesis,))


BYTEDANCE = Entity(iri=entity_iri("ByteDance"), name="ByteDance", kind=EntityKind.COMPANY)
VOLCANO = Entity(iri=entity_iri("Volcano Engine"), name="Volcano Engine", kind=EntityKind.BUSINESS_UNIT,
                 part_of=BYTEDANCE.iri, aliases=frozenset({"Volcengine"}))


def also_volcano_engine(ex: Extraction) -> Extraction:
    """``ex`` with Volcano Engine (a part of ByteDance, which the note does not name) mentioned too."""
    from dataclasses import replace

    return replace(ex, entities=ex.entities + (VOLCANO, BYTEDANCE), mentions=ex.mentions | {VOLCANO.iri},
                   surface_forms=ex.surface_forms + ((VOLCANO.iri, "Volcengine"),))


def write_notes(folder: Path, n: int) -> Path:
    """``n`` small Markdown notes, each with one revenue figure (deterministic)."""
    folder.mkdir()
    rng = random.Random(7)
    for i in range(n):
        value = f"{rng.randint(10, 60)}.{rng.randint(0, 999):03d}"
        (folder / f"note-{i:04d}.md").write_text(
            f"---\ntitle: Check {i}\npublisher: Example Securities\ndate: 2025-08-{1 + i % 28:02d}\n---\n"
            f"Alibaba Cloud revenue was RMB {value} billion, and NVIDIA was mentioned.\n"
            + "Filler sentence about the market. " * 40,
            encoding="utf-8",
        )
    return folder
