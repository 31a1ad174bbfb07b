"""Property tests: on any text the extractor raises nothing but the project's errors and never
invents a quote; pathological notes (long lines, repeated patterns, 200k characters) finish."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from thesisgraph.graph.errors import ThesisGraphError
from thesisgraph.graph.model import Extraction, Note, sha256_hex
from thesisgraph.loaders.extract import extract_note
from thesisgraph.loaders.gazetteer import load_gazetteer

GAZ = load_gazetteer()

PIECES = [
    "Alibaba Cloud", "Alibaba (09988)", "阿里云", "Changjiang:", "Volcano Engine", "NVIDIA's chip unit, ",
    "Kestrel Automation Inc. (NASDAQ: KSTL)", "(002463.SZ)", "Co., Ltd.", "Mr. ", "CEO ", "said ",
    " revenue of 33.398 billion yuan", "RMB 212,140 million (US$29,650 million)", " up 26% year over year",
    "fell 9%", "73%-74%", " in the first quarter of fiscal year 26", "Q2 FY25", "On August 29, 2025, ",
    "according to the Wall Street Journal, ", " is expected to ", "We believe ", " competes with ",
    " has models such as ", "Risk Warning:\n", "1. ", "- ", "; ", ". ", "。", "\n", "\n\n", "Related Articles\n",
    "RECOMMEND\n", "Share | Tweet\n", "29/08/2025\n", "[[Pearl River]]", "U.S. ", "e.g. ", "The ", "In March ",
    " ", ",", "(", ")", "'s ", "’s ", "\u200b", "\t", "\r", "#", "**",
]


def _note(text: str, **meta: object) -> Note:
    return Note(path="/notes/p.txt", text=text, sha256=sha256_hex(text), format="text", **meta)  # type: ignore[arg-type]


def _check(x: Extraction) -> None:
    x.check()
    text = x.note.text
    for c in x.claims:
        for ev in c.evidence:
            assert text[ev.start : ev.end] == ev.exact
    for t in x.theses:
        for ev in t.evidence:
            assert text[ev.start : ev.end] == ev.exact
    lo, hi = x.note.body_range
    assert 0 <= lo <= hi <= len(text)


texts = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=60).map("".join),
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=40).map("".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, title=st.one_of(st.none(), st.text(max_size=40)), date=st.one_of(st.none(), st.dates()))
def test_any_text_gives_exact_quotes_or_a_project_error(text: str, title: str | None, date: dt.date | None) -> None:
    try:
        x = extract_note(_note(text, title=title, date=date), GAZ)
    except ThesisGraphError:
        return
    _check(x)


@settings(max_examples=100, deadline=None)
@given(text=st.lists(st.sampled_from(PIECES), min_size=1, max_size=80).map("".join), cut=st.integers(0, 50))
def test_a_given_body_range_is_respected(text: str, cut: int) -> None:
    hi = max(0, len(text) - cut)
    x = extract_note(Note(path="/p.txt", text=text, sha256="0" * 64, format="text", body=(0, hi)), GAZ)
    _check(x)
    for c in x.claims:
        assert all(ev.end <= hi for ev in c.evidence)


def test_pathological_notes_finish() -> None:
    cases = [
        "A" * 200_000,
        ("Alibaba Cloud " * 15_000)[:200_000],
        "Foo " * 50_000,
        ("Big Name " * 8 + "Holdings (") * 3_000,
        "1. " * 60_000,
        ("x" * 5_000 + "\n") * 40,
        "(" * 100_000 + ")" * 100_000,
        ("On August 29, 2025, according to Reuters, " * 4_000),
        ("Risk Warning:\n" + "- item;\n" * 20_000),
        ("Related Articles\n" + "Some Headline Here\n" * 10_000),
        "." * 200_000,
        ("Mr. " * 50_000),
        ("33.398 billion yuan, up 26%; " * 6_000),
        ("Co., Ltd. " * 20_000),
        ("Foo Group, " * 18_000),
        ("Aaa Bbb's chip unit, " * 9_000),
        ("Ccc Ddd Eee Fff Ggg Hhh Iii Jjj " * 6_000),
        ("said Mr. Abc Def, CEO of Ghi Jkl Corp. " * 5_000),
        ("Alibaba said its V3 model and its X5 chips ship. " * 4_000),
    ]
    for text in cases:
        x = extract_note(_note(text), GAZ)
        _check(x)
