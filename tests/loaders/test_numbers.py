"""Amount parsing: forms, scale, unit, resolution, ranges, restated currencies, bare numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from thesisgraph.loaders.extract.numbers import find_amounts, parse_number


def one(text: str) -> tuple[str, Decimal, str | None, Decimal]:
    amounts = [a for a in find_amounts(text) if a.unit is not None]
    assert len(amounts) == 1, amounts
    a = amounts[0]
    return text[a.start : a.end], a.value, a.unit, a.resolution


@pytest.mark.parametrize(
    ("text", "quote", "value", "unit", "resolution"),
    [
        (
            "sales reached 41.27 billion yuan",
            "41.27 billion yuan",
            "41270000000",
            "CNY",
            "10000000",
        ),
        ("sales of RMB 41.3 billion", "RMB 41.3 billion", "41300000000", "CNY", "100000000"),
        ("a bill of US$2.9bn", "US$2.9bn", "2900000000", "USD", "100000000"),
        ("orders worth $12.5 billion", "$12.5 billion", "12500000000", "USD", "100000000"),
        ("a loan of HK$750 million", "HK$750 million", "750000000", "HKD", "1000000"),
        ("costs of 8,415 million yuan", "8,415 million yuan", "8415000000", "CNY", "1000000"),
        ("a margin of 17%", "17%", "17", "percent", "1"),
        ("a margin of 17.25 percent", "17.25 percent", "17.25", "percent", "0.01"),
        ("a margin of 17 per cent", "17 per cent", "17", "percent", "1"),
        ("收入为412.7亿元", "412.7亿元", "41270000000", "CNY", "10000000"),
        ("同比增长19%", "19%", "19", "percent", "1"),
        ("€3.1bn of bonds", "€3.1bn", "3100000000", "EUR", "100000000"),
        ("a EUR 40m order", "EUR 40m", "40000000", "EUR", "1000000"),
    ],
)
def test_amount_forms(text: str, quote: str, value: str, unit: str, resolution: str) -> None:
    got = one(text)
    assert got == (quote, Decimal(value), unit, Decimal(resolution))


def test_resolution_tells_rounding_from_disagreement() -> None:
    _, v1, _, r1 = one("RMB 52.43 billion")
    _, v2, _, r2 = one("RMB 52.4 billion")
    _, v3, _, _ = one("RMB 54.23 billion")
    tolerance = max(r1, r2) / 2
    assert abs(v1 - v2) <= tolerance
    assert abs(v1 - v3) > tolerance


def test_parse_number() -> None:
    assert parse_number("1,234.50", 6) == (Decimal(1234500000), Decimal(10000))
    with pytest.raises(ValueError):
        parse_number("1..2")


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("a gross margin of 61%-63%", [("61", "lower"), ("63", "upper")]),
        ("a gross margin of 61-63%", [("61", "lower"), ("63", "upper")]),
        ("between 4% and 6%", [("4", "lower"), ("6", "upper")]),
        ("RMB 1.2-1.5 billion", [("1200000000", "lower"), ("1500000000", "upper")]),
        ("rose from 4% to 6%", [("4", None), ("6", None)]),
    ],
)
def test_ranges(text: str, values: list[tuple[str, str | None]]) -> None:
    got = [(a.value, a.bound) for a in find_amounts(text) if a.unit is not None]
    assert got == [(Decimal(v), b) for v, b in values]


def test_range_end_takes_unit_and_scale() -> None:
    lo, hi = [a for a in find_amounts("RMB 1.2-1.5 billion")]
    assert lo.unit == hi.unit == "CNY"
    assert lo.resolution == hi.resolution == Decimal(100000000)


def test_second_currency_in_brackets() -> None:
    text = "sales of RMB 145,210 million (US$20,010 million) in the period"
    cny, usd = find_amounts(text)
    assert (cny.unit, usd.unit) == ("CNY", "USD")
    assert usd.value == Decimal(20010000000)
    assert usd.converts == 0 and cny.converts is None


def test_signs_and_points() -> None:
    (neg,) = find_amounts("margin moved -2.5% overnight")
    assert neg.value == Decimal("-2.5")
    pp, bps = find_amounts("up 3 percentage points and 40 bps")
    assert (pp.unit, pp.value) == ("pp", Decimal(3))
    assert (bps.unit, bps.value) == ("pp", Decimal("0.40"))


@pytest.mark.parametrize("text", ["3.5 pct points", "2 % points", "31 percent points", "50 bp"])
def test_points_are_not_percent(text: str) -> None:
    (a,) = find_amounts(text)
    assert a.unit == "pp"


def test_bare_numbers_have_no_unit() -> None:
    text = "In 2024, ticker 00700 (page 12), 3,000 staff and 15 m of cable on 2025-03-31."
    assert all(a.unit is None for a in find_amounts(text))


def test_display() -> None:
    amounts = find_amounts("RMB 41.27 billion, 17%, 412.7亿元")
    assert [a.display() for a in amounts] == ["41.27 billion CNY", "17%", "412.7亿 CNY"]


@pytest.mark.parametrize(
    "text",
    [
        "9" * 100_000,
        "9%" * 50_000,
        ("1," * 50_000) + "5",
        "RMB " * 25_000,
        ("12.5-" * 20_000) + "%",
        "$" + "1.1." * 25_000,
    ],
)
def test_pathological_input_finishes(text: str) -> None:
    amounts = find_amounts(text)
    for a in amounts:
        assert 0 <= a.start < a.end <= len(text)
