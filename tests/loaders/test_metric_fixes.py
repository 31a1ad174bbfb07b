"""Metric extraction on wordings that once went wrong: fiscal quarters named without a year,
falling figures, ratings and acronyms taken for names, guidance and sequential growth.

Every sentence here is written for these tests; the companies come from the gazetteer.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from thesisgraph.graph.model import Note, sha256_hex
from thesisgraph.loaders.extract import extract_note
from thesisgraph.loaders.gazetteer import Gazetteer, load_gazetteer

Row = tuple[str, str, Decimal, str | None]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def metrics(gazetteer: Gazetteer, text: str, when: date | None = date(2025, 8, 29)) -> list[Row]:
    """(subject name, metric, value, period label) of every metric claim of a note."""
    note = Note(
        path="/notes/fixes.txt", text=text, sha256=sha256_hex(text), format="txt", date=when
    )
    x = extract_note(note, gazetteer)
    names = {e.iri: e.name for e in x.entities}
    return [
        (
            names[c.about],
            c.metric or "",
            c.value or Decimal(0),
            c.period.label if c.period else None,
        )
        for c in x.claims
        if c.metric
    ]


# --- 1. fiscal quarters named without a year ------------------------------------------


@pytest.mark.parametrize(
    ("text", "period"),
    [
        # NVIDIA's fiscal year ends in late January: its Q2 of FY2026 ended in July 2025
        ("NVIDIA booked revenue of $46.7 billion in its fiscal second quarter.", "FY2026Q2"),
        # Alibaba's fiscal year ends March 31: the last fiscal first quarter before the date
        ("Alibaba made RMB 247.7 billion of revenue in the fiscal first quarter.", "FY2026Q1"),
        ("In fiscal Q4, Alibaba's revenue came to RMB 236.5 billion.", "FY2025Q4"),
    ],
)
def test_fiscal_quarter_takes_its_year_from_the_note_date(
    gazetteer: Gazetteer, text: str, period: str
) -> None:
    got = metrics(gazetteer, text)
    assert [g[3] for g in got] == [period]


def test_fiscal_quarter_takes_the_stated_fiscal_year(gazetteer: Gazetteer) -> None:
    text = (
        "Alibaba's revenue came to RMB 996.3 billion in fiscal 2025. "
        "Its fiscal fourth quarter revenue was RMB 236.5 billion."
    )
    got = metrics(gazetteer, text, when=None)
    assert [g[3] for g in got] == ["FY2025", "FY2025Q4"]


def test_fiscal_quarter_with_no_year_to_be_had_has_no_period(gazetteer: Gazetteer) -> None:
    got = metrics(
        gazetteer,
        "Alibaba's revenue was RMB 236.5 billion in its fiscal fourth quarter.",
        when=None,
    )
    assert got and all(g[3] is None for g in got)
    assert not any(g[3] and "FY0" in g[3] for g in got)


def test_quarter_after_a_year_is_not_that_year(gazetteer: Gazetteer) -> None:
    text = (
        "NVIDIA's revenue for fiscal 2025 was $130.5 billion. Revenue in the quarter was $39.3 billion. "
        "Fourth-quarter data center revenue was $35.6 billion."
    )
    got = metrics(gazetteer, text)
    assert [g[3] for g in got] == ["FY2025", None, "FY2025Q4"]


# --- 2. falling figures are negative ----------------------------------------------------


@pytest.mark.parametrize(
    "verb",
    [
        "fell",
        "slipped",
        "dipped",
        "dropped",
        "declined",
        "decreased",
        "shrank",
        "contracted",
        "eased",
        "lost",
        "retreated",
        "sank",
        "was down",
    ],
)
def test_falling_verbs_give_negative_growth(gazetteer: Gazetteer, verb: str) -> None:
    got = metrics(gazetteer, f"Over the period Tencent's revenue {verb} 2.1% from a year earlier.")
    assert [(g[1], g[2]) for g in got] == [("revenue growth yoy", Decimal("-2.1"))]


@pytest.mark.parametrize("noun", ["decline", "decrease", "drop", "dip", "contraction"])
def test_falling_nouns_give_negative_growth(gazetteer: Gazetteer, noun: str) -> None:
    got = metrics(gazetteer, f"Tencent's revenue came to RMB 150 billion, a 4% {noun}.")
    assert ("revenue growth yoy", Decimal(-4)) in [(g[1], g[2]) for g in got]


def test_fall_then_level(gazetteer: Gazetteer) -> None:
    got = metrics(gazetteer, "Tencent's net income slipped 2.1% to RMB 40 billion.")
    assert [(g[1], g[2]) for g in got] == [
        ("net income growth yoy", Decimal("-2.1")),
        ("net income", Decimal(40000000000)),
    ]


def test_rises_stay_positive(gazetteer: Gazetteer) -> None:
    got = metrics(gazetteer, "Tencent's revenue climbed 6% year on year.")
    assert [(g[1], g[2]) for g in got] == [("revenue growth yoy", Decimal(6))]


# --- 3. ratings and abbreviations are never entities ------------------------------------


def entity_names(gazetteer: Gazetteer, text: str) -> set[str]:
    """Names of every entity the note's extraction keeps."""
    note = Note(path="/notes/fixes.txt", text=text, sha256=sha256_hex(text), format="txt")
    return {e.name for e in extract_note(note, gazetteer).entities}


RATED = (
    "BUY (maintained)\n"
    "Nexora Robotics posted revenue of RMB 2 billion, up 12% YoY, and the CEO said orders grew. "
    "NEUTRAL reiterated on the peer group. HOLD rated for the supplier. UNDERPERFORM said nothing new. "
    "Maintain OUTPERFORM, TP raised to HK$80. EPS reported a rebound. QoQ reported a dip. "
    "OVERWEIGHT kept; UNDERWEIGHT stays for rivals. SELL signals faded."
)


def test_ratings_and_abbreviations_are_not_entities(gazetteer: Gazetteer) -> None:
    names = entity_names(gazetteer, RATED)
    assert "Nexora Robotics" in names
    banned = {"BUY", "SELL", "HOLD", "NEUTRAL", "OUTPERFORM", "UNDERPERFORM", "OVERWEIGHT"}
    banned |= {"UNDERWEIGHT", "TP", "EPS", "CEO", "YoY", "QoQ"}
    assert not {n for n in names if n in banned or n.split()[-1] in banned}
    assert not any(n.startswith("Maintain") for n in names)


def test_ratings_are_not_subjects(gazetteer: Gazetteer) -> None:
    text = "Maintain BUY. NEUTRAL reiterated. Nexora Robotics posted revenue of RMB 2 billion."
    got = metrics(gazetteer, text, when=None)
    assert [g[0] for g in got] == ["Nexora Robotics"]


def test_a_name_ending_in_capitals_keeps_them(gazetteer: Gazetteer) -> None:
    assert "Zhipu AI" in entity_names(gazetteer, "Zhipu AI said its revenue rose sharply.")


# --- 4. guidance and sequential growth ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "For the fourth quarter of 2025, Baidu sees revenue between RMB 30 billion and RMB 32 billion.",
        "Baidu expects revenue of RMB 31 billion in the fourth quarter of 2025.",
        "Baidu guided revenue for the fourth quarter of 2025 to RMB 31 billion.",
        "Baidu's guidance for the fourth quarter of 2025 is revenue of RMB 31 billion.",
        "Baidu's outlook for the fourth quarter of 2025 points to revenue of RMB 31 billion.",
        "Baidu anticipates revenue of RMB 31 billion in the fourth quarter of 2025.",
        "Baidu projects revenue of RMB 31 billion for the fourth quarter of 2025.",
        "Baidu forecasts revenue of RMB 31 billion for the fourth quarter of 2025.",
        "Revenue of RMB 31 billion is what Baidu guided for the fourth quarter of 2025.",
    ],
)
def test_company_outlook_is_guidance(gazetteer: Gazetteer, text: str) -> None:
    got = metrics(gazetteer, text)
    assert got
    assert {(g[0], g[1], g[3]) for g in got} == {("Baidu", "revenue guidance", "2025Q4")}


def test_actuals_beside_guidance_stay_actuals(gazetteer: Gazetteer) -> None:
    text = "Baidu's revenue of RMB 34 billion in the second quarter of 2025 was above its guidance."
    assert [g[1] for g in metrics(gazetteer, text)] == ["revenue"]


def test_guided_quarter_without_a_year_is_the_next_one(gazetteer: Gazetteer) -> None:
    got = metrics(gazetteer, "Tencent expects third-quarter revenue of RMB 190 billion.")
    assert [(g[1], g[3]) for g in got] == [("revenue guidance", "2025Q3")]
    got = metrics(gazetteer, "Tencent's second-quarter revenue was RMB 184.5 billion.")
    assert [(g[1], g[3]) for g in got] == [("revenue", "2025Q2")]
    got = metrics(gazetteer, "NVIDIA expects revenue of $54 billion in its fiscal third quarter.")
    assert [(g[1], g[3]) for g in got] == [("revenue guidance", "FY2026Q3")]


@pytest.mark.parametrize(
    "tail",
    [
        "quarter-on-quarter",
        "quarter over quarter",
        "sequentially",
        "from the previous quarter",
        "measured against the first quarter",
        "compared with the prior quarter",
    ],
)
def test_sequential_growth_is_qoq(gazetteer: Gazetteer, tail: str) -> None:
    got = metrics(gazetteer, f"Baidu's revenue rose 5% {tail}.")
    assert [(g[1], g[2]) for g in got] == [("revenue growth qoq", Decimal(5))]


def test_against_a_quarter_of_last_year_is_yoy(gazetteer: Gazetteer) -> None:
    got = metrics(gazetteer, "Baidu's revenue rose 5% compared with the first quarter of 2024.")
    assert [g[1] for g in got] == ["revenue growth yoy"]


def test_quarterly_figure_after_a_year_is_not_that_year(gazetteer: Gazetteer) -> None:
    text = (
        "Tencent's revenue was RMB 660 billion in 2024. Quarterly revenue reached RMB 172 billion."
    )
    got = metrics(gazetteer, text)
    assert [g[3] for g in got] == ["FY2024", None]


def test_an_outlook_verb_is_not_a_business_line(gazetteer: Gazetteer) -> None:
    got = metrics(gazetteer, "Baidu is targeting revenue of RMB 40 billion in 2026.")
    assert [(g[1], g[3]) for g in got] == [("revenue guidance", "FY2026")]
    got = metrics(gazetteer, "Baidu's advertising revenue was RMB 16 billion in 2024.")
    assert [g[1] for g in got] == ["advertising revenue"]
