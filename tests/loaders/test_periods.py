"""Period phrases to stated labels, and stated labels to periods with a company's fiscal calendar."""

from __future__ import annotations

from datetime import date

import pytest
from thesisgraph.loaders.extract.periods import (
    find_anaphora,
    find_duration,
    find_periods,
    fiscal_dates,
    resolve_period,
)


@pytest.mark.parametrize(
    ("text", "phrase", "label"),
    [
        (
            "sales in the third quarter of fiscal year 25 rose",
            "third quarter of fiscal year 25",
            "FY2025Q3",
        ),
        ("results for FY27 Q2 were", "FY27 Q2", "FY2027Q2"),
        ("results for Q4 FY2024 were", "Q4 FY2024", "FY2024Q4"),
        ("in fiscal Q2 2026 the firm", "fiscal Q2 2026", "FY2026Q2"),
        ("its Q3 FY24 print", "Q3 FY24", "FY2024Q3"),
        ("a weak 1Q23 for", "1Q23", "2023Q1"),
        ("the 4QFY25 numbers", "4QFY25", "FY2025Q4"),
        ("the fiscal 2027 second quarter", "fiscal 2027 second quarter", "FY2027Q2"),
        ("in the second quarter of 2023, sales", "second quarter of 2023", "2023Q2"),
        ("third-quarter 2022 sales", "third-quarter 2022", "2022Q3"),
        ("Q1 2026 and", "Q1 2026", "2026Q1"),
        ("in the second half of 2023", "second half of 2023", "2023H2"),
        ("the first half of fiscal 2025", "first half of fiscal 2025", "FY2025H1"),
        ("a soft H2 2022", "H2 2022", "2022H2"),
        ("full year 2023 sales", "full year 2023", "FY2023"),
        ("FY2022 sales", "FY2022", "FY2022"),
        ("sales for fiscal 2021 were", "fiscal 2021", "FY2021"),
        ("TTM sales", "TTM", "TTM"),
        ("trailing twelve months", "trailing twelve months", "TTM"),
        (
            "for the quarter ended September 30, 2024",
            "the quarter ended September 30, 2024",
            "Q@2024-09-30",
        ),
        (
            "for the three months ended 30 June 2023",
            "the three months ended 30 June 2023",
            "Q@2023-06-30",
        ),
        (
            "the six months ended June 30, 2022",
            "the six months ended June 30, 2022",
            "H@2022-06-30",
        ),
        ("the year ended December 31, 2021", "the year ended December 31, 2021", "Y@2021-12-31"),
        ("in the September quarter of 2023", "September quarter of 2023", "Q@2023-09-30"),
        ("for the quarter ended June 30, revenue", "the quarter ended June 30", "Q@?-06-30"),
        ("the July-September quarter", "July-September quarter", "QM@09"),
        (
            "the third quarter ended October 26, 2025",
            "third quarter ended October 26, 2025",
            "Q@2025-10-26",
        ),
        ("sales in 2021 were", "in 2021", "2021"),
        ("2023财年第二季度收入", "2023财年第二季度", "FY2023Q2"),
        ("2022年第三季度收入", "2022年第三季度", "2022Q3"),
    ],
)
def test_period_phrases(text: str, phrase: str, label: str) -> None:
    found = find_periods(text)
    assert [(text[p.start : p.end], p.label) for p in found] == [(phrase, label)]


@pytest.mark.parametrize(
    "text",
    [
        "Starting in 2024 demand rose",
        "the H200 and H100 chips",
        "ticker 09988 and page 12",
        "founded in 1999-2000 era",
    ],
)
def test_not_periods(text: str) -> None:
    assert find_periods(text) == []


def test_fiscal_calendar_march_year_end() -> None:
    p = resolve_period("FY2026Q1", "--03-31")
    assert (p.label, p.start, p.end) == ("FY2026Q1", date(2025, 4, 1), date(2025, 6, 30))
    p = resolve_period("FY2025Q3", "--03-31")
    assert (p.start, p.end) == (date(2024, 10, 1), date(2024, 12, 31))
    p = resolve_period("FY2026", "--03-31")
    assert (p.start, p.end) == (date(2025, 4, 1), date(2026, 3, 31))
    p = resolve_period("FY2026H2", "--03-31")
    assert (p.start, p.end) == (date(2025, 10, 1), date(2026, 3, 31))


def test_fiscal_calendar_january_year_end() -> None:
    p = resolve_period("FY2026Q2", "--01-31")
    assert (p.label, p.start, p.end) == ("FY2026Q2", date(2025, 5, 1), date(2025, 7, 31))
    assert fiscal_dates(2025, "--01-31") == (date(2024, 2, 1), date(2025, 1, 31))


def test_calendar_fiscal_year_takes_calendar_labels() -> None:
    assert resolve_period("FY2023Q2", "--12-31").label == "2023Q2"
    assert resolve_period("2023", "--12-31").label == "FY2023"
    assert resolve_period("2023", None).label == "FY2023"
    p = resolve_period("2022Q4", "--03-31")  # a calendar quarter stays calendar
    assert (p.label, p.start, p.end) == ("2022Q4", date(2022, 10, 1), date(2022, 12, 31))


def test_unknown_fiscal_year_keeps_label_without_dates() -> None:
    p = resolve_period("FY2024Q3", None)
    assert (p.label, p.start, p.end) == ("FY2024Q3", None, None)


def test_quarter_ended() -> None:
    p = resolve_period("Q@2024-12-31", "--03-31")
    assert (p.label, p.start, p.end) == ("FY2025Q3", date(2024, 10, 1), date(2024, 12, 31))
    p = resolve_period("Q@2024-10-27", "--01-31")  # a 52/53-week year ends near the month end
    assert p.label == "FY2025Q3"
    p = resolve_period("Q@2023-06-30", None)
    assert (p.label, p.start, p.end) == ("2023Q2", date(2023, 4, 1), date(2023, 6, 30))
    p = resolve_period("Q@2023-06-15", None)
    assert (p.label, p.start, p.end) == (
        "2023-03-16/2023-06-15",
        date(2023, 3, 16),
        date(2023, 6, 15),
    )
    assert resolve_period("H@2022-06-30", "--12-31").label == "2022H1"
    assert resolve_period("Y@2021-12-31", None).label == "FY2021"


def test_duration_from_a_month() -> None:
    text = "In May 2024 the group pledged to spend $9 billion over the next five years."
    d = find_duration(text, 0, len(text))
    assert d is not None and d.label == "five years from May 2024"
    p = resolve_period(d.label, None)
    assert (p.start, p.end) == (date(2024, 5, 1), date(2029, 4, 30))
    text = "a two-year plan"
    d = find_duration(text, 0, len(text))
    assert d is not None and d.label == "two years"


def test_anaphora() -> None:
    text = "Margins held this quarter; for the fiscal year they fell. The quarter ended well."
    kinds = [(text[a:b], k) for a, b, k in find_anaphora(text, 0, len(text))]
    assert kinds == [("this quarter", "q"), ("the fiscal year", "y"), ("The quarter", "q")]


def test_pathological_input_finishes() -> None:
    for text in ("Q" * 100_000, "Q1 FY" * 20_000, "first quarter of " * 6_000, "2024" * 25_000):
        for p in find_periods(text):
            assert 0 <= p.start < p.end <= len(text)
