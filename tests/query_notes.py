"""Two small hand-built notes that exercise every saved query, and a store holding them.

A broker note and a newspaper note disagree on Alibaba Cloud's FY2026Q1
revenue (33.398 vs 33.98 billion CNY); the broker note also gives revenue
growth for 2024Q4 and FY2026Q1, an event, a relation, a risk and a thesis.
One entity carries a hostile alias (quotes, braces, ``} UNION {``) and a
hostile label, so tests can check they are matched literally and escaped.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

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

from thesisgraph import open_store

HOSTILE_ALIAS = 'Brace "Co" } UNION { ?s ?p ?o } #'
HOSTILE_LABEL = "<script>alert('x')</script> & Co"

GROUP = Entity(iri=entity_iri("Alibaba Group"), name="Alibaba Group", kind=EntityKind.COMPANY,
               aliases=frozenset({"Alibaba", "Alibaba (09988)"}), tickers=("9988.HK", "BABA.N"),
               fiscal_year_end="--03-31")
CLOUD = Entity(iri=entity_iri("Alibaba Cloud"), name="Alibaba Cloud", kind=EntityKind.BUSINESS_UNIT,
               aliases=frozenset({"Aliyun"}), part_of=GROUP.iri)
VOLCANO = Entity(iri=entity_iri("Volcano Engine"), name="Volcano Engine", kind=EntityKind.BUSINESS_UNIT)
BROKER = Entity(iri=entity_iri("Example Securities"), name="Example Securities",
                kind=EntityKind.ORGANIZATION, aliases=frozenset({"ExSec"}))
PAPER = Entity(iri=entity_iri("Daily Herald"), name="Daily Herald", kind=EntityKind.ORGANIZATION)
BRACE = Entity(iri=entity_iri(HOSTILE_LABEL), name=HOSTILE_LABEL, kind=EntityKind.COMPANY,
               aliases=frozenset({HOSTILE_ALIAS}))

FY26Q1 = Period(label="FY2026Q1", start=date(2025, 4, 1), end=date(2025, 6, 30))
Q4_2024 = Period(label="2024Q4", start=date(2024, 10, 1), end=date(2024, 12, 31))

BROKER_TEXT = (
    "Example Securities, 30 August 2025. Alibaba Cloud booked revenue of 33.398 billion yuan in the "
    "June quarter, 26% more than a year before; growth had been 13% in the last quarter of 2024. "
    "We expect the cloud unit to keep gaining share. Volcano Engine competes hard on price, which "
    "could squeeze margins. On 29 August 2025 Alibaba was reported to be testing a new inference chip. "
    "Brace Co shipped its first order."
)
PAPER_TEXT = "Daily Herald, 2 September 2025. Alibaba Cloud revenue came to 33.98 billion yuan last quarter."


def _ev(text: str, quote: str) -> Evidence:
    start = text.index(quote)
    return Evidence.from_text(text, start, start + len(quote))


def broker_note(path: str) -> Extraction:
    doc = document_iri(path)
    t = BROKER_TEXT

    def cid(*parts: str) -> str:
        return child_iri(doc, "claim", *parts)

    revenue = Claim(iri=cid("revenue"), kind=ClaimKind.METRIC, about=CLOUD.iri,
                    statement="Alibaba Cloud revenue FY2026Q1: 33.398 billion CNY",
                    evidence=(_ev(t, "revenue of 33.398 billion yuan"),), asserted_by=BROKER.iri,
                    metric="revenue", value=Decimal(33398000000), unit="CNY",
                    resolution=Decimal(1000000), period=FY26Q1)
    growth = Claim(iri=cid("growth", "q1"), kind=ClaimKind.METRIC, about=CLOUD.iri,
                   statement="Alibaba Cloud revenue growth yoy FY2026Q1: 26 percent",
                   evidence=(_ev(t, "26% more than a year before"),), asserted_by=BROKER.iri,
                   metric="revenue growth yoy", value=Decimal(26), unit="percent",
                   resolution=Decimal(1), period=FY26Q1)
    growth_q4 = Claim(iri=cid("growth", "q4"), kind=ClaimKind.METRIC, about=CLOUD.iri,
                      statement="Alibaba Cloud revenue growth yoy 2024Q4: 13 percent",
                      evidence=(_ev(t, "growth had been 13% in the last quarter of 2024"),),
                      asserted_by=BROKER.iri, metric="revenue growth yoy", value=Decimal(13),
                      unit="percent", resolution=Decimal(1), period=Q4_2024)
    outlook = Claim(iri=cid("outlook"), kind=ClaimKind.OUTLOOK, about=CLOUD.iri,
                    statement="Alibaba Cloud is expected to keep gaining share",
                    evidence=(_ev(t, "We expect the cloud unit to keep gaining share"),),
                    asserted_by=BROKER.iri)
    competes = Claim(iri=cid("competes"), kind=ClaimKind.RELATION, about=VOLCANO.iri,
                     statement="Volcano Engine competes with Alibaba Cloud",
                     evidence=(_ev(t, "Volcano Engine competes hard on price"),), asserted_by=BROKER.iri,
                     relation="competesWith", obj=CLOUD.iri)
    risk = Claim(iri=cid("risk"), kind=ClaimKind.RISK, about=CLOUD.iri,
                 statement="Price competition could squeeze Alibaba Cloud's margins",
                 evidence=(_ev(t, "could squeeze margins"),), asserted_by=BROKER.iri)
    chip = Claim(iri=cid("chip"), kind=ClaimKind.EVENT, about=GROUP.iri,
                 statement="Alibaba is testing a new inference chip",
                 evidence=(_ev(t, "Alibaba was reported to be testing a new inference chip"),),
                 asserted_by=BROKER.iri, reported_by=PAPER.iri, date="2025-08-29")
    brace = Claim(iri=cid("brace"), kind=ClaimKind.EVENT, about=BRACE.iri,
                  statement="Brace Co shipped its first order",
                  evidence=(_ev(t, "Brace Co shipped its first order"),), asserted_by=BROKER.iri)
    thesis = Thesis(iri=child_iri(doc, "thesis", "t"), statement="Alibaba Cloud has turned the corner",
                    about=CLOUD.iri, asserted_by=BROKER.iri, supported_by=(revenue.iri, growth.iri),
                    challenged_by=(risk.iri,), evidence=(_ev(t, "keep gaining share"),))
    note = Note(path=path, text=t, sha256=sha256_hex(t), format="text",
                title="Example Securities on Alibaba Cloud", date=date(2025, 8, 30))
    entities = (GROUP, CLOUD, VOLCANO, BROKER, PAPER, BRACE)
    return Extraction(note=note, doc_iri=doc, entities=entities,
                      mentions=frozenset(e.iri for e in entities if e is not PAPER),
                      publisher=BROKER.iri,
                      claims=(revenue, growth, growth_q4, outlook, competes, risk, chip, brace),
                      theses=(thesis,))


def paper_note(path: str) -> Extraction:
    doc = document_iri(path)
    t = PAPER_TEXT
    revenue = Claim(iri=child_iri(doc, "claim", "revenue"), kind=ClaimKind.METRIC, about=CLOUD.iri,
                    statement="Alibaba Cloud revenue FY2026Q1: 33.98 billion CNY",
                    evidence=(_ev(t, "revenue came to 33.98 billion yuan"),), asserted_by=PAPER.iri,
                    metric="revenue", value=Decimal(33980000000), unit="CNY",
                    resolution=Decimal(10000000), period=FY26Q1)
    note = Note(path=path, text=t, sha256=sha256_hex(t), format="text",
                title="Daily Herald: cloud revenue", date=date(2025, 9, 2))
    return Extraction(note=note, doc_iri=doc, entities=(GROUP, CLOUD, PAPER),
                      mentions=frozenset({CLOUD.iri}), publisher=PAPER.iri, claims=(revenue,))


def fill(store: Store) -> Store:
    """Write both notes into ``store`` (the paper note second, so the conflict is linked)."""
    store.write(broker_note("/notes/example-securities.md"))
    store.write(paper_note("/notes/daily-herald.md"))
    return store


def make_store_dir(path: Path) -> Path:
    """An on-disk store holding both notes, closed again so others may open it."""
    with open_store(path) as st:
        fill(st)
    return path
