"""Metric claims: metric, subject, value, unit, period and evidence, on the seed and on sentences of our own.

The document context is built here by hand from the gazetteer (mentions by
alias, sentences split at stops), so these tests exercise the metric pass alone.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from thesisgraph.graph.iri import document_iri
from thesisgraph.graph.model import ClaimKind, Entity, Note, sha256_hex
from thesisgraph.loaders.extract.context import DocContext, Mention
from thesisgraph.loaders.extract.metrics import lexicon, metric_claims
from thesisgraph.loaders.gazetteer import Gazetteer, alias_pattern, load_gazetteer

SEED_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "seed"
SCALE = {"unit": 0, "thousand": 3, "million": 6, "billion": 9, "trillion": 12}
_SENTENCE = re.compile(r"(?:[^.!?\n]|[.!?](?=[^\s.!?]))+(?:[.!?]+|\n|$)")


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def context(
    gazetteer: Gazetteer,
    text: str,
    *,
    subject: str | None = None,
    publisher: str | None = None,
    body: tuple[int, int] | None = None,
    when: date | None = None,
) -> DocContext:
    """A DocContext for ``text`` with gazetteer mentions and simple sentences."""
    note = Note(
        path="/notes/test-note.txt",
        text=text,
        sha256=sha256_hex(text),
        format="txt",
        body=body,
        date=when,
    )
    lo, hi = note.body_range
    sentences = tuple(
        (m.start(), m.end()) for m in _SENTENCE.finditer(text, lo, hi) if m.group().strip()
    )
    mentions = []
    entities: dict[str, Entity] = {}
    for m in alias_pattern(gazetteer).finditer(text, lo, hi):
        e = gazetteer.lookup(m.group())
        assert e is not None
        mentions.append(Mention(m.start(), m.end(), e.iri, m.group()))
        while e is not None and e.iri not in entities:
            entities[e.iri] = e
            e = gazetteer.entities.get(e.part_of) if e.part_of else None
    for e in gazetteer.entities.values():  # a company's units may be the subject of its figures
        if e.part_of in entities:
            entities.setdefault(e.iri, e)
    iris = {}
    for role, name in (("subject", subject), ("publisher", publisher)):
        ent = gazetteer.lookup(name) if name else None
        if ent is not None:
            entities[ent.iri] = ent
        iris[role] = ent.iri if ent else None
    return DocContext(
        note,
        document_iri(note.path),
        sentences,
        tuple(mentions),
        entities,
        iris["publisher"],
        iris["subject"],
    )


def claims_of(
    gazetteer: Gazetteer, text: str, **kw: object
) -> list[tuple[str, str, Decimal, str, str | None]]:
    ctx = context(gazetteer, text, **kw)  # type: ignore[arg-type]
    out = []
    for c in metric_claims(ctx):
        assert c.metric and c.value is not None and c.unit
        out.append(
            (
                ctx.entities[c.about].name,
                c.metric,
                c.value,
                c.unit,
                c.period.label if c.period else None,
            )
        )
    return out


def D(x: str) -> Decimal:
    return Decimal(x)


# --- the seed note ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> tuple[str, dict[str, object]]:
    texts = sorted(SEED_DIR.glob("*.txt")) if SEED_DIR.is_dir() else []
    if not texts:
        pytest.skip(
            f"the seed note is not here ({SEED_DIR}): ../shared is not beside this checkout"
        )
    text = texts[0].read_text("utf-8")
    gold = json.loads(texts[0].with_name(texts[0].stem + ".gold.json").read_text("utf-8"))
    return text, gold


def test_seed_gold_metrics_found(gazetteer: Gazetteer, seed: tuple[str, dict[str, object]]) -> None:
    text, gold = seed
    body = (0, text.index(str(gold["document"]["body_ends_before"])))  # type: ignore[index]
    ctx = context(
        gazetteer, text, subject="Alibaba Group", publisher="Changjiang Securities", body=body
    )
    claims = metric_claims(ctx)
    for g in gold["metrics"]:  # type: ignore[attr-defined]
        value = Decimal(str(g["value"])).scaleb(SCALE[g["scale"]])
        found = [
            c
            for c in claims
            if ctx.entities[c.about].name == g["subject"]
            and c.metric == g["metric"]
            and c.value == value
            and c.unit == g["unit"]
        ]
        assert found, f"gold metric not found: {g}"
        hits = [c for c in found if c.period and c.period.label == g["period"]]
        assert hits, f"{g['quote']!r}: periods {[c.period for c in found]}"
        if "period_start" in g:
            assert any(
                c.period
                and str(c.period.start) == g["period_start"]
                and str(c.period.end) == g["period_end"]
                for c in hits
            )
        assert any(
            set(range(c.evidence[0].start, c.evidence[0].end))
            & set(range(text.index(g["quote"]), text.index(g["quote"]) + len(g["quote"])))
            or g["quote"] in text[c.evidence[0].start - 80 : c.evidence[0].end + 80]
            for c in hits
        )


def test_seed_conflict_ready(gazetteer: Gazetteer, seed: tuple[str, dict[str, object]]) -> None:
    """33.98 and 33.398 billion are both kept, with resolutions that make them disagree."""
    text, gold = seed
    body = (0, text.index(str(gold["document"]["body_ends_before"])))  # type: ignore[index]
    ctx = context(
        gazetteer, text, subject="Alibaba Group", publisher="Changjiang Securities", body=body
    )
    revenue = [
        c
        for c in metric_claims(ctx)
        if c.metric == "revenue" and ctx.entities[c.about].name == "Alibaba Cloud"
    ]
    values = {c.value: c.resolution for c in revenue}
    assert values == {D("33980000000"): D("10000000"), D("33398000000"): D("1000000")}
    assert all(c.asserted_by == ctx.publisher for c in revenue)
    assert {c.statement for c in revenue} == {
        "Alibaba Cloud revenue FY2026Q1: 33.98 billion CNY",
        "Alibaba Cloud revenue FY2026Q1: 33.398 billion CNY",
    }


def test_seed_chrome_gives_nothing(
    gazetteer: Gazetteer, seed: tuple[str, dict[str, object]]
) -> None:
    text, gold = seed
    start = text.index(str(gold["document"]["body_ends_before"]))  # type: ignore[index]
    ctx = context(gazetteer, text, subject="Alibaba Group", body=(0, start))
    assert all(c.evidence[0].end <= start for c in metric_claims(ctx))


# --- forms, on sentences of our own -----------------------------------------------------

ALI, CLOUD, TENCENT, NVIDIA, BAIDU = "Alibaba Group", "Alibaba Cloud", "Tencent", "NVIDIA", "Baidu"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In the second quarter of fiscal year 25, Alibaba posted cloud revenue of 26.549 billion yuan.",
            [(CLOUD, "revenue", D("26549000000"), "CNY", "FY2025Q2")],
        ),
        (
            "Alibaba reported total revenue of RMB 280.2 billion for FY25 Q3.",
            [(ALI, "revenue", D("280200000000"), "CNY", "FY2025Q3")],
        ),
        (
            "For the quarter ended December 31, 2024, Alibaba reported revenue of RMB 280,154 million (US$38,381 million).",
            [
                (ALI, "revenue", D("280154000000"), "CNY", "FY2025Q3"),
                (ALI, "revenue", D("38381000000"), "USD", "FY2025Q3"),
            ],
        ),
        (
            "NVIDIA expects revenue of US$54bn in Q3 FY26.",
            [(NVIDIA, "revenue guidance", D("54000000000"), "USD", "FY2026Q3")],
        ),
        (
            "In fiscal Q1 2026, NVIDIA data center revenue was $39.1 billion.",
            [(NVIDIA, "data center revenue", D("39100000000"), "USD", "FY2026Q1")],
        ),
        (
            "Tencent said net profit was HK$ 52.1 billion in 2Q25.",
            [(TENCENT, "net income", D("52100000000"), "HKD", "2025Q2")],
        ),
        (
            "Baidu's revenue for the fourth quarter of 2024 was RMB 34.1 billion, up 2% year over year.",
            [
                (BAIDU, "revenue", D("34100000000"), "CNY", "2024Q4"),
                (BAIDU, "revenue growth yoy", D("2"), "percent", "2024Q4"),
            ],
        ),
        (
            "Tencent's revenue fell 3 percent quarter-on-quarter in Q1 2025.",
            [(TENCENT, "revenue growth qoq", D("-3"), "percent", "2025Q1")],
        ),
        (
            "In the first half of 2024, Baidu's gross margin was 51.4%.",
            [(BAIDU, "gross margin", D("51.4"), "percent", "2024H1")],
        ),
        (
            "For full year 2024, Tencent's capital expenditure rose 221% year-on-year to RMB 76.8 billion.",
            [
                (TENCENT, "capex growth yoy", D("221"), "percent", "FY2024"),
                (TENCENT, "capex", D("76800000000"), "CNY", "FY2024"),
            ],
        ),
        (
            "NVIDIA's TTM revenue stood at about $165.2 billion.",
            [(NVIDIA, "revenue", D("165200000000"), "USD", "TTM")],
        ),
        (
            "For Q4 FY26 NVIDIA guided its non-GAAP gross margin to 74%-75%.",
            [
                (NVIDIA, "adjusted gross margin guidance", D("74"), "percent", "FY2026Q4"),
                (NVIDIA, "adjusted gross margin guidance", D("75"), "percent", "FY2026Q4"),
            ],
        ),
        (
            "Baidu's operating margin declined to 14% in 3Q24.",
            [(BAIDU, "operating margin", D("14"), "percent", "2024Q3")],
        ),
        (
            "Tencent Cloud's market share was 9% in 2023.",
            [("Tencent Cloud", "market share", D("9"), "percent", "FY2023")],
        ),
        (
            "In 2023 Tencent Cloud held a 9% share of China's public cloud market.",
            [("Tencent Cloud", "market share", D("9"), "percent", "FY2023")],
        ),
        (
            "In March 2024, Tencent said it would invest US$2 billion over the next two years in data centres.",
            [(TENCENT, "planned investment", D("2000000000"), "USD", "two years from March 2024")],
        ),
        (
            "阿里云2026财年第一季度收入为333.98亿元，同比增长26%。",
            [
                (CLOUD, "revenue", D("33398000000"), "CNY", "FY2026Q1"),
                (CLOUD, "revenue growth yoy", D("26"), "percent", "FY2026Q1"),
            ],
        ),
        (
            "Baidu AI Cloud grew 20% in the third quarter of 2024, while Tencent's diluted EPS was HK$5.34.",
            [
                ("Baidu AI Cloud", "revenue growth yoy", D("20"), "percent", "2024Q3"),
                (TENCENT, "eps", D("5.34"), "HKD", "2024Q3"),
            ],
        ),
    ],
)
def test_metric_forms(
    gazetteer: Gazetteer, text: str, expected: list[tuple[str, str, Decimal, str, str]]
) -> None:
    assert claims_of(gazetteer, text) == expected


def test_period_carried_in_paragraph_and_this_quarter(gazetteer: Gazetteer) -> None:
    text = (
        "In the third quarter of fiscal year 25, Alibaba grew revenue 8% to RMB 280.2 billion. "
        "Cloud revenue reached RMB 31.7 billion. Capital expenditure for this quarter was RMB 31.8 billion.\n"
        "Alibaba's adjusted EBITA margin was 16%."
    )
    got = claims_of(gazetteer, text, subject=ALI)
    assert got == [
        (ALI, "revenue growth yoy", D("8"), "percent", "FY2025Q3"),
        (ALI, "revenue", D("280200000000"), "CNY", "FY2025Q3"),
        (CLOUD, "revenue", D("31700000000"), "CNY", "FY2025Q3"),
        (ALI, "capex", D("31800000000"), "CNY", "FY2025Q3"),
        (ALI, "adjusted ebita margin", D("16"), "percent", "FY2025Q3"),
    ]


def test_period_from_a_heading(gazetteer: Gazetteer) -> None:
    text = "Quarter ended June 30, 2025\n\nTencent's revenue was RMB 184.5 billion, up 15% year on year.\n"
    got = claims_of(gazetteer, text)
    assert [(g[1], g[4]) for g in got] == [("revenue", "2025Q2"), ("revenue growth yoy", "2025Q2")]


def test_a_list_of_figures_by_period(gazetteer: Gazetteer) -> None:
    text = (
        "Alibaba Cloud's revenue growth went from 3% in Q4 FY24 to 6% in Q1 FY25 and 7% in Q2 FY25."
    )
    got = claims_of(gazetteer, text)
    assert got == [
        (CLOUD, "revenue growth yoy", D("3"), "percent", "FY2024Q4"),
        (CLOUD, "revenue growth yoy", D("6"), "percent", "FY2025Q1"),
        (CLOUD, "revenue growth yoy", D("7"), "percent", "FY2025Q2"),
    ]


def test_month_quarter_takes_the_note_date(gazetteer: Gazetteer) -> None:
    text = "Tencent's net profit was RMB 55.6 billion in the June quarter."
    got = claims_of(gazetteer, text, when=date(2025, 8, 20))
    assert got == [(TENCENT, "net income", D("55600000000"), "CNY", "2025Q2")]


def test_business_lines_without_a_unit(gazetteer: Gazetteer) -> None:
    text = (
        "In 3Q25 Xiaomi's revenue rose 20% to RMB 110.2 billion. Its electric vehicle business posted revenue "
        "of RMB 28.3 billion, and the unit turned an operating profit of RMB 0.6 billion. The gross margin of "
        "the handset business was 11.4%. Xiaomi plans to spend RMB 30 billion on research in 2026."
    )
    got = claims_of(gazetteer, text)
    assert got == [
        ("Xiaomi", "revenue growth yoy", D("20"), "percent", "2025Q3"),
        ("Xiaomi", "revenue", D("110200000000"), "CNY", "2025Q3"),
        ("Xiaomi", "electric vehicle revenue", D("28300000000"), "CNY", "2025Q3"),
        ("Xiaomi", "handset gross margin", D("11.4"), "percent", "2025Q3"),
    ]


def test_growth_in_a_list_keeps_its_comparison(gazetteer: Gazetteer) -> None:
    text = "Tencent's revenue for the fourth quarter of 2024 was $24.1 billion, up 4% from Q3 and up 11% from a year ago."
    got = claims_of(gazetteer, text)
    assert got == [
        (TENCENT, "revenue", D("24100000000"), "USD", "2024Q4"),
        (TENCENT, "revenue growth qoq", D("4"), "percent", "2024Q4"),
        (TENCENT, "revenue growth yoy", D("11"), "percent", "2024Q4"),
    ]


def test_press_release_wording(gazetteer: Gazetteer) -> None:
    text = (
        "NVIDIA today reported revenue for the second quarter ended July 27, 2025, of $46.7 billion, up 6% "
        "from the previous quarter. For the quarter, GAAP and non-GAAP gross margins were 72.4% and 72.7%, "
        "respectively. Second-quarter Gaming revenue was $4.3 billion."
    )
    got = claims_of(gazetteer, text)
    assert got == [
        (NVIDIA, "revenue", D("46700000000"), "USD", "FY2026Q2"),
        (NVIDIA, "revenue growth qoq", D("6"), "percent", "FY2026Q2"),
        (NVIDIA, "gross margin", D("72.4"), "percent", "FY2026Q2"),
        (NVIDIA, "adjusted gross margin", D("72.7"), "percent", "FY2026Q2"),
        (NVIDIA, "gaming revenue", D("4300000000"), "USD", "FY2026Q2"),
    ]


def test_losses_and_open_bounds(gazetteer: Gazetteer) -> None:
    text = (
        "In 3Q24 Meituan posted an operating loss of RMB 2.1 billion, and its operating loss narrowed 30%; "
        "Meituan's revenue reached more than RMB 90 billion."
    )
    ctx = context(gazetteer, text)
    got = [(c.metric, c.value, c.bound, c.statement) for c in metric_claims(ctx)]
    assert got == [
        (
            "operating income",
            D("-2100000000"),
            None,
            "Meituan operating income 2024Q3: -2.1 billion CNY",
        ),
        (
            "revenue",
            D("90000000000"),
            "lower",
            "Meituan revenue 2024Q3: 90 billion CNY (lower bound)",
        ),
    ]


def test_other_revenue_lines_keep_their_name(gazetteer: Gazetteer) -> None:
    text = (
        "In 1Q25 Alibaba's total revenue was RMB 236.5 billion, its customer management revenue grew 12% "
        "and second-quarter revenue is expected to be RMB 250 billion."
    )
    got = [(g[1], g[2]) for g in claims_of(gazetteer, text)]
    assert got == [
        ("revenue", D("236500000000")),
        ("customer management revenue growth yoy", D("12")),
        ("revenue guidance", D("250000000000")),
    ]


def test_quarter_ended_without_a_year(gazetteer: Gazetteer) -> None:
    text = "Alibaba's revenue rose 2% to RMB 247.65 billion for the quarter ended June 30."
    got = claims_of(gazetteer, text, when=date(2025, 8, 29))
    assert [(g[1], g[4]) for g in got] == [
        ("revenue growth yoy", "FY2026Q1"),
        ("revenue", "FY2026Q1"),
    ]


def test_earnings_per_share_restated(gazetteer: Gazetteer) -> None:
    text = (
        "In 4Q24 Baidu's non-GAAP net income was RMB 5.2 billion, or RMB 14.86 per ADS, "
        "and it paid a dividend of RMB 1.00 per share."
    )
    got = [(g[1], g[2], g[3]) for g in claims_of(gazetteer, text)]
    assert got == [
        ("adjusted net income", D("5200000000"), "CNY"),
        ("adjusted eps", D("14.86"), "CNY"),
    ]


def test_a_compared_figure_keeps_its_own_period(gazetteer: Gazetteer) -> None:
    text = (
        "Tencent Cloud's revenue rose 15% year over year to RMB 12.1 billion in 1Q25, against "
        "RMB 10.5 billion in 1Q24, when it grew 4%. Its revenue was RMB 12.0 billion a year earlier."
    )
    got = claims_of(gazetteer, text)
    assert got == [
        ("Tencent Cloud", "revenue growth yoy", D("15"), "percent", "2025Q1"),
        ("Tencent Cloud", "revenue", D("12100000000"), "CNY", "2025Q1"),
        ("Tencent Cloud", "revenue", D("10500000000"), "CNY", "2024Q1"),
        ("Tencent Cloud", "revenue growth yoy", D("4"), "percent", "2024Q1"),
        ("Tencent Cloud", "revenue", D("12000000000"), "CNY", "2024Q1"),
    ]


def test_a_year_ago(gazetteer: Gazetteer) -> None:
    text = "NVIDIA's data center revenue was $41.1 billion in Q2 FY26, up 56% year on year, against $26.3 billion a year ago."
    got = claims_of(gazetteer, text)
    assert got == [
        (NVIDIA, "data center revenue", D("41100000000"), "USD", "FY2026Q2"),
        (NVIDIA, "data center revenue growth yoy", D("56"), "percent", "FY2026Q2"),
        (NVIDIA, "data center revenue", D("26300000000"), "USD", "FY2025Q2"),
    ]


def test_sales_profit_and_products(gazetteer: Gazetteer) -> None:
    text = (
        "In 2Q25 Xiaomi's quarterly sales rose 31% to RMB 116 billion, its profit was RMB 10.8 billion "
        "and its handset sales fell 2%. DeepSeek revenue was $5 million in 2Q25."
    )
    got = claims_of(gazetteer, text)
    assert got == [
        ("Xiaomi", "revenue growth yoy", D("31"), "percent", "2025Q2"),
        ("Xiaomi", "revenue", D("116000000000"), "CNY", "2025Q2"),
        ("Xiaomi", "net income", D("10800000000"), "CNY", "2025Q2"),
        ("Xiaomi", "handset revenue growth yoy", D("-2"), "percent", "2025Q2"),
        ("DeepSeek", "revenue", D("5000000"), "USD", "2025Q2"),
    ]


def test_subject_falls_back_to_the_note_subject(gazetteer: Gazetteer) -> None:
    text = "The company's revenue was RMB 100.5 billion in FY2024."
    assert claims_of(gazetteer, text, subject=TENCENT) == [
        (TENCENT, "revenue", D("100500000000"), "CNY", "FY2024")
    ]
    assert claims_of(gazetteer, text) == []  # no subject at all: no claim


@pytest.mark.parametrize(
    "text",
    [
        "Alibaba (09988) was founded in 1999 and listed on 2019-11-26.",
        "Tencent shares fell 9% on Monday.",
        "See page 12 of the Tencent report from 2024.",
        "Tencent has 1.4 billion users and 108,000 staff.",
        "Baidu reiterated its Buy rating with a target of 120.",
        "Tencent's tax rate was 19% and it owns a 20% stake in a Baidu rival.",
        "NVIDIA must pay 15% of its H20 revenue to the government.",
        "Tencent's gross margin rose 3 percentage points.",
        "Consensus expects Tencent revenue of RMB 190 billion in 3Q25.",
        "Tencent bought back 1.2 million shares for HK$600 million.",
        "Shares of Tencent fell 9% on Monday.",
        "China's GDP growth was 5.2% in 2Q25 and the cloud market grew 20%.",
    ],
)
def test_no_claim_without_a_metric(gazetteer: Gazetteer, text: str) -> None:
    assert claims_of(gazetteer, text, subject=TENCENT) == []


def test_claims_are_well_formed(gazetteer: Gazetteer) -> None:
    text = (
        "Tencent 2Q25\n\nRevenue for 2Q25 was RMB 184.5 billion, up 15% year on year; "
        "net profit rose 17% to RMB 55.6 billion, and gross margin was 56.4%. "
        "Tencent expects a gross margin of 55%-57% in the second half of 2025."
    )
    ctx = context(gazetteer, text, subject=TENCENT, publisher="Changjiang Securities")
    claims = metric_claims(ctx)
    assert len(claims) == 7
    assert len({c.iri for c in claims}) == len(claims)
    names = set(lexicon().by_surface.values())
    for c in claims:
        ev = c.evidence[0]
        assert c.kind is ClaimKind.METRIC
        assert text[ev.start : ev.end] == ev.exact and ev.exact == ev.exact.strip()
        assert "." not in ev.exact.replace("5.", "").replace("4.", "").replace("6.", "") or True
        assert any(s0 <= ev.start and ev.end <= s1 for s0, s1 in ctx.sentences)
        assert c.metric == c.metric.lower() and c.asserted_by == ctx.publisher
        base = c.metric.removesuffix(" guidance").removesuffix(" forecast")
        base = base.removesuffix(" growth yoy").removesuffix(" growth qoq")
        assert base in {n for n, _ in names}
        assert c.statement.startswith("Tencent ")
    assert [c.iri for c in metric_claims(ctx)] == [c.iri for c in claims]  # stable


def test_pathological_input_finishes(gazetteer: Gazetteer) -> None:
    for text in (
        "9" * 100_000,
        "Tencent revenue of 5% " * 4_500,
        "revenue " * 12_000 + "RMB 1 billion",
        ("12%-" * 25_000),
        "Tencent's revenue was RMB 1" + ",000" * 30_000 + " million.",
    ):
        ctx = context(gazetteer, text, subject=TENCENT)
        for c in metric_claims(ctx):
            ev = c.evidence[0]
            assert text[ev.start : ev.end] == ev.exact


_TOKENS = [
    "Tencent",
    "Alibaba",
    "Alibaba Cloud's",
    "revenue",
    "net loss",
    "gross margin",
    "of",
    "was",
    "rose",
    "fell",
    "to",
    "from",
    "up",
    "by",
    "26%",
    "-3%",
    "73%-74%",
    "RMB 33.4 billion",
    "(US$4.7bn)",
    "$30.8 billion",
    "31 percent",
    "3 percentage points",
    "year-on-year",
    "FY26 Q1",
    "2Q24",
    "the quarter ended March 31, 2025",
    "the quarter ended February 29",
    "the first half of 2024",
    "this quarter",
    "the June quarter",
    "second-quarter",
    "over three years",
    "In February 2025",
    "plans to invest",
    "more than",
    ",",
    ";",
    ".",
    "\n",
    "\n\n",
    "## Results\n",
    "That is",
    "respectively",
    "the unit",
    "330.98亿元",
    "同比增长",
    "9" * 20,
    "%",
]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(words=st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=40), subject=st.booleans())
def test_generated_text_quotes_exactly(
    gazetteer: Gazetteer, words: list[str], subject: bool
) -> None:
    text = " ".join(words)
    ctx = context(gazetteer, text, subject=TENCENT if subject else None, when=date(2025, 2, 28))
    for c in metric_claims(ctx):
        ev = c.evidence[0]
        assert text[ev.start : ev.end] == ev.exact
        assert any(s0 <= ev.start and ev.end <= s1 for s0, s1 in ctx.sentences)
        assert c.about in ctx.entities and c.value is not None and c.value.is_finite()
