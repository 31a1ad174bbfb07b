"""A synthetic research library: deterministic, realistic notes for the benchmarks.

Writes ``OUT/notes/*.md`` (Markdown with YAML front matter, about 7 KB each)
and ``OUT/gazetteer.yaml`` (the coverage universe: the invented companies,
their business units and the publishers, in the gazetteer's own shape, as a
research team would extend the bundled one)::

    python -m benchmarks.corpus OUT --notes 1000 --seed 7

What the notes hold, so that every extraction pass has work to do:

* many companies (the bundled gazetteer's plus a few hundred invented ones),
  their business units and products, twenty-odd publishers (brokers, media);
* metric sentences in varied forms ("revenue of RMB 33.4 billion", "up 26%
  year over year", "US$4.7bn", "HK$1,234 million", margins in percent),
  periods in fiscal and calendar forms ("the first quarter of fiscal year
  2026", "1QFY26", "the June quarter of 2025", "FY2024", "H1 2025");
* events with dates, outlooks and guidance, risk lists, a thesis;
* the same figure reported by several notes, sometimes rounded (they agree)
  and sometimes wrong or restated (they conflict).

Note ``i`` depends only on the seed and ``i``, so the first 1,000 notes of a
10,000-note corpus are the 1,000-note corpus, and ``--start N --notes 1``
writes the next, new note.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

#: Companies of the bundled gazetteer, with business units the notes talk about.
KNOWN = (
    ("Alibaba Group", ("Alibaba Cloud", "Pingtou Ge"), "03-31", ("9988.HK", "BABA.N")),
    ("Tencent", ("Tencent Cloud",), "12-31", ("0700.HK",)),
    ("Baidu", ("Baidu AI Cloud",), "12-31", ("9888.HK", "BIDU.O")),
    ("ByteDance", ("Volcano Engine",), "12-31", ()),
    ("NVIDIA", (), "01-31", ("NVDA.O",)),
)
KNOWN_PUBLISHERS = ("Changjiang Securities", "The Wall Street Journal")

_SYL_A = ("Zhen", "Hua", "Lin", "Kai", "Bo", "Rui", "Xin", "Tian", "Yun", "Ming", "Jia", "Hong", "Sheng",
          "Feng", "Qi", "An", "Da", "Long", "Guo", "Wei", "Nor", "Vel", "Cor", "Tal", "Mer", "Sol", "Ar",
          "Ori", "Lum", "Tessa", "Quan", "Pax", "Ver", "Hel", "Oda", "Kes")
_SYL_B = ("tek", "xun", "bao", "lan", "mei", "da", "yu", "rix", "ion", "ora", "wave", "ly", "gen", "tron",
          "ant", "ica", "is", "ux", "wei", "hai", "shan", "min", "tai", "on", "ex")
_SUFFIX = ("Technology", "Holdings", "Group", "Semiconductor", "Networks", "Motors", "Pharma", "Logistics",
           "Energy", "Robotics", "Software", "Interactive", "Biotech", "Materials", "Foods", "Retail")
_UNITS = ("Cloud", "Advertising", "Games", "Payments", "Logistics", "International Commerce", "Chips",
          "Devices", "Autonomous Driving", "Healthcare", "Fintech", "Media", "Enterprise Software", "Mobility")
_PUBLISHERS = ("Huaxin Securities", "Eastbridge Capital Research", "Northgate Partners", "Meridian Equity",
               "Pacific Crest Research", "Lotus Asset Research", "Harbour Street Analytics", "Kestrel Securities",
               "Jade River Securities", "Silverline Brokerage", "Asia Markets Daily", "Tech Ledger",
               "Orient Wire", "Capital Observer", "Dragon Gate Research", "Summit Research Group",
               "Bluewater Securities", "Red Lantern Research", "Granite Peak Equity", "Cedar Bay Securities")
_CURRENCIES = {"CNY": (("RMB ", ""), ("RMB", ""), ("", " yuan"), ("CNY ", "")),
               "USD": (("US$", ""), ("US$ ", ""), ("$", ""), ("USD ", "")),
               "HKD": (("HK$", ""), ("HKD ", ""))}
_METRICS = ("revenue", "net profit", "adjusted EBITDA", "operating profit", "capital expenditure",
            "free cash flow", "gross merchandise volume")
_MARGINS = ("gross margin", "adjusted EBITA margin", "operating margin", "net margin")
_RISKS = ("intensifying price competition in the core market", "slower than expected enterprise demand",
          "tighter export controls on advanced chips", "regulatory scrutiny of data and platform practices",
          "a weaker consumer recovery", "currency swings against the US dollar",
          "execution risk on the overseas expansion", "rising depreciation from the capex cycle",
          "customer concentration in the top accounts", "delays in new product launches",
          "supply chain disruption for key components", "talent retention in the research teams",
          "higher than expected marketing spend", "a slower ramp of AI monetisation")
_EVENTS = ("announced a share buyback of up to {cur}{n} billion", "completed the spin-off of {unit}",
           "signed a strategic partnership with {other}", "launched a new generation of {product}",
           "opened a data centre region in {place}", "appointed a new chief financial officer",
           "raised its dividend by {pct}%", "agreed to acquire a stake in {other}",
           "received regulatory approval for {product}", "cut prices on {product} by {pct}%")
_PLACES = ("Singapore", "Frankfurt", "Riyadh", "Jakarta", "Sao Paulo", "Tokyo", "Dubai", "Mexico City")
_ANALYSIS = (
    ("We think the market still underestimates how much operating leverage the {unit} business carries once "
    "utilisation passes the current level, and we see room for margins to widen over the next four quarters."),
    ("Management spent much of the call on capital allocation, repeating that investment in computing capacity "
    "will stay elevated while returns to shareholders continue through buybacks and dividends."),
    ("Channel checks suggest that enterprise customers in finance, manufacturing and the public sector are "
    "moving more workloads to {company}, although procurement cycles remain long."),
    ("Competition remains the main debate among investors: peers have cut list prices several times this year, "
    "yet {company} has so far chosen to defend its position through product rather than price."),
    ("Our model assumes a gradual recovery in domestic consumption, with the second half weighted toward new "
    "product launches and a larger contribution from overseas markets."),
    ("The balance sheet is strong, with net cash covering several years of planned investment, which gives "
    "{company} room to keep spending through a slower macro environment."),
    ("We revise our estimates to reflect the latest disclosure and roll the valuation forward by one year; the "
    "sum-of-the-parts approach values {unit} on a multiple of sales in line with global peers."),
    ("Investor sentiment toward the sector has improved since the start of the year, helped by policy support "
    "and by evidence that AI applications are starting to generate paying demand."),
    ("Unit economics improved again in the quarter as the mix shifted toward higher value services and away "
    "from low margin hardware resale."),
    ("Working capital was a small drag on cash flow, reflecting inventory built ahead of the peak season and "
    "longer payment terms granted to large customers."),
    ("On our numbers the stock trades at a discount to its five-year average multiple, which we think leaves "
    "room for a re-rating if growth holds up."),
    ("The research team noted that the pace of model releases across the industry has quickened, which raises "
    "demand for training capacity but also shortens the useful life of each generation of hardware."),
)


@dataclass(frozen=True, slots=True)
class Company:
    name: str
    units: tuple[str, ...]
    fye: str  # MM-DD
    tickers: tuple[str, ...]
    currency: str
    scale: Decimal  # typical quarterly revenue, in units of the currency


@dataclass(frozen=True, slots=True)
class Universe:
    companies: tuple[Company, ...]
    publishers: tuple[str, ...]
    products: dict[str, str]  # product name -> company


def universe(seed: int, n_companies: int = 300) -> Universe:
    """The companies, units, products and publishers of the corpus (deterministic from ``seed``)."""
    rng = random.Random(seed)
    companies = [Company(name, units, fye, tickers, "USD" if name == "NVIDIA" else "CNY",
                         Decimal(rng.randint(20, 400)) * 10**9) for name, units, fye, tickers in KNOWN]
    bases = {c.name.split()[0] for c in companies}
    while len(companies) < n_companies:
        base = rng.choice(_SYL_A) + rng.choice(_SYL_B)
        if base in bases:  # one company per base name: its alias and its units' names stay unambiguous
            continue
        bases.add(base)
        name = f"{base} {rng.choice(_SUFFIX)}"
        units = tuple(f"{base} {u}" for u in rng.sample(_UNITS, rng.randint(0, 3)) if f"{base} {u}" != name)
        code = rng.randint(1000, 9999)
        tickers = rng.choice(((f"{code}.HK",), (f"{code:06d}.SZ",), (f"{base.upper()[:4]}.O",),
                              (f"{code}.HK", f"{base.upper()[:4]}.N")))
        fye = rng.choice(("12-31", "12-31", "12-31", "03-31", "06-30"))
        currency = rng.choice(("CNY", "CNY", "CNY", "USD", "HKD"))
        scale = Decimal(rng.randint(5, 3000)) * 10 ** rng.choice((7, 8))
        companies.append(Company(name, units, fye, tickers, currency, scale))
    products = {}
    for c in companies:
        for _ in range(rng.randint(0, 2)):
            products[f"{c.name.split()[0]} {rng.choice(('One', 'Pro', 'Max', 'Nova', 'Edge', 'Sense', 'Flow'))}"
                     f" {rng.randint(2, 9)}"] = c.name
    return Universe(tuple(companies), (*KNOWN_PUBLISHERS, *_PUBLISHERS), products)


def gazetteer_yaml(u: Universe) -> str:
    """The corpus's entities in the gazetteer's YAML shape (bundled entities left out)."""
    known = {k[0] for k in KNOWN} | set(KNOWN_PUBLISHERS) | {x for k in KNOWN for x in k[1]}
    lines = ["# Entities of the synthetic benchmark corpus (benchmarks/corpus.py).", "entities:"]
    for c in u.companies:
        if c.name in known:
            continue
        base = c.name.split()[0]
        lines += [f"  - name: {c.name}", "    type: Company", f"    aliases: [{base}]",
                  f"    tickers: [{', '.join(c.tickers)}]", f'    fiscal_year_end: "{c.fye}"']
        for unit in c.units:
            lines += [f"  - name: {unit}", "    type: BusinessUnit", f"    parent: {c.name}"]
    for product, owner in u.products.items():
        if owner not in known:
            lines += [f"  - name: {product}", "    type: Product"]
    for p in u.publishers:
        if p not in known:
            lines += [f"  - name: {p}", "    type: Organization"]
    return "\n".join(lines) + "\n"


# ---- figures -------------------------------------------------------------------------------------


def _period(rng: random.Random, c: Company, year: int) -> tuple[str, str]:
    """A period key (stable across notes) and one of its written forms."""
    fiscal = c.fye != "12-31"
    kind = rng.random()
    if kind < 0.65:
        q = rng.randint(1, 4)
        key = f"{'FY' if fiscal else ''}{year}Q{q}"
        ordinal = ("first", "second", "third", "fourth")[q - 1]
        if fiscal:
            forms = (f"the {ordinal} quarter of fiscal year {year}", f"{q}QFY{year % 100:02d}",
                     f"FY{year}Q{q}", f"the {ordinal} quarter of fiscal {year}", f"Q{q} FY{year % 100:02d}")
        else:
            month = ("March", "June", "September", "December")[q - 1]
            forms = (f"the {ordinal} quarter of {year}", f"{q}Q{year % 100:02d}", f"Q{q} {year}",
                     f"the {month} quarter of {year}", f"{year}Q{q}")
        return key, rng.choice(forms)
    if kind < 0.8:
        h = rng.randint(1, 2)
        key = f"{'FY' if fiscal else ''}{year}H{h}"
        forms = (f"H{h} {year}", f"the {'first' if h == 1 else 'second'} half of {'fiscal ' if fiscal else ''}{year}",
                 f"{h}H{year % 100:02d}")
        return key, rng.choice(forms)
    key = f"FY{year}"
    forms = (f"FY{year}", f"fiscal year {year}", f"FY{year % 100:02d}", f"full year {year}") if fiscal else (
        f"FY{year}", f"full year {year}", f"{year}", f"the full year of {year}")
    return key, rng.choice(forms)


def true_value(seed: int, company: str, metric: str, period: str, scale: Decimal) -> Decimal:
    """The figure every note should report for (company, metric, period): same key, same value."""
    r = random.Random(f"{seed}|{company}|{metric}|{period}")
    factor = {"revenue": 1.0, "net profit": 0.12, "adjusted EBITDA": 0.2, "operating profit": 0.15,
              "capital expenditure": 0.18, "free cash flow": 0.08, "gross merchandise volume": 6.0}[metric]
    if period.endswith(("H1", "H2")):
        factor *= 2
    elif "Q" not in period:
        factor *= 4
    v = scale * Decimal(str(round(factor * r.uniform(0.6, 1.6), 6)))
    return v.quantize(Decimal(10) ** (v.adjusted() - 4))  # five significant digits


def _money(rng: random.Random, value: Decimal, currency: str) -> str:
    """``value`` written as people write money: "RMB 33.4 billion", "US$4.7bn", "HK$1,234 million"."""
    pre, post = rng.choice(_CURRENCIES[currency])
    if value >= 10**9 and rng.random() < 0.8:
        num, word = value / Decimal(10**9), rng.choice(("billion", "billion", "bn", " bn"))
    else:
        num, word = value / Decimal(10**6), rng.choice(("million", "mn", "million"))
    digits = rng.choice((1, 1, 2, 3)) if num < 1000 else 0
    text = f"{num:,.{digits}f}"
    sep = "" if word.startswith(" ") or word in ("bn", "mn") else " "
    return f"{pre}{text}{sep}{word.strip() if sep else word}{post}".replace("  ", " ")


def _poss(name: str) -> str:
    return name + ("'" if name.endswith("s") else "'s")


def _keyed(seed: int, *key: str) -> random.Random:
    """A generator fixed by the key: every note states the same growth or margin for it."""
    return random.Random("|".join((str(seed), *key)))


def _pct(r: random.Random, lo: float = -15, hi: float = 60) -> str:
    return f"{r.uniform(lo, hi):.1f}"


def _metric_sentence(rng: random.Random, seed: int, c: Company, subject: str, metric: str,
                     period: tuple[str, str], conflicts: float) -> str:
    value = true_value(seed, subject, metric, period[0], c.scale)
    growth = _pct(_keyed(seed, subject, metric, period[0], "growth"))
    if rng.random() < conflicts:  # a wrong or restated figure somewhere in the library
        value = (value * Decimal(str(rng.choice((0.9, 0.97, 1.03, 1.1, 1.25))))).quantize(
            Decimal(10) ** (value.adjusted() - 4))
    if rng.random() < conflicts:
        growth = _pct(rng)
    money = _money(rng, value, c.currency)
    if rng.random() < 0.3:  # rounded: agrees with the precise figure
        growth = f"{Decimal(growth):.0f}"
    word = "up" if not growth.startswith("-") else "down"
    g = growth.lstrip("-")
    p = period[1]
    forms = (
        f"{subject} reported {metric} of {money} in {p}, {word} {g}% year over year.",
        f"In {p}, {_poss(subject)} {metric} was {money}, {word} {g}% year-on-year.",
        f"{metric[0].upper() + metric[1:]} at {subject} reached {money} for {p}.",
        f"{subject} generated {money} in {metric} during {p} ({word} {g}% YoY).",
        (f"For {p}, {subject} posted {metric} of {money}, a {g}% {'increase' if word == 'up' else 'decline'} "
         "from a year earlier."),
        f"{_poss(subject)} {metric} rose to {money} in {p}." if word == "up" else
        f"{_poss(subject)} {metric} fell to {money} in {p}.",
    )
    return rng.choice(forms)


def _margin_sentence(rng: random.Random, seed: int, subject: str, period: tuple[str, str]) -> str:
    m = rng.choice(_MARGINS)
    keyed = _keyed(seed, subject, m, period[0])
    v = f"{keyed.uniform(2, 45):.1f}%"
    bps = keyed.randint(10, 400)
    return rng.choice((
        f"The {m} of {subject} was {v} in {period[1]}, {keyed.choice(('up', 'down'))} {bps} basis points.",
        f"{_poss(subject)} {m} came in at {v} for {period[1]}, broadly flat on the prior year.",
        f"In {period[1]} the {m} at {subject} expanded to {v}.",
    ))


# ---- a note --------------------------------------------------------------------------------------


def note(u: Universe, seed: int, i: int, *, size: int = 7000, conflicts: float = 0.03) -> tuple[str, str]:
    """The file name and Markdown text of note ``i`` (depends only on ``seed`` and ``i``)."""
    rng = random.Random(seed * 1_000_003 + i)
    # a few companies are covered much more than the rest (rank k about as often as 1/k)
    c = u.companies[min(int(rng.paretovariate(1.0)) - 1, len(u.companies) - 1)] if rng.random() < 0.3 \
        else rng.choice(u.companies)
    peers = [p for p in rng.sample(u.companies, 4) if p is not c][:3]
    publisher = rng.choice(u.publishers)
    day = date(2023, 1, 1) + timedelta(days=rng.randint(0, 3 * 365 + 300))
    year = day.year + (1 if c.fye == "03-31" and day.month > 3 else 0)
    quarter_year = year if rng.random() < 0.7 else year - 1
    unit = rng.choice(c.units) if c.units else c.name
    products = [p for p, owner in u.products.items() if owner == c.name]
    product = rng.choice(products) if products else f"{c.name.split()[0]} platform"
    short = c.name.split()[0]
    thesis = rng.choice((f"{unit} is entering a new growth cycle",
                         f"Margins at {c.name} have bottomed and should recover",
                         f"{c.name} is mispriced relative to its peers",
                         f"Investment at {c.name} will weigh on profits before it pays off"))
    title = rng.choice((f"{publisher}: {thesis}", f"{c.name} results review: {thesis.lower()}",
                        f"{c.name} ({c.tickers[0] if c.tickers else 'unlisted'}): {thesis.lower()}"))
    tickers = ", ".join(c.tickers)
    front = [
        "---",
        f'title: "{title}"',
        f"date: {day.isoformat()}",
        f"publisher: {publisher}",
        f"source: https://research.example.com/{publisher.lower().replace(' ', '-')}/{i}",
    ]
    if tickers:
        front.append(f"tickers: [{tickers}]")
    front += [f'thesis: "{thesis}"', "---", ""]

    period = _period(rng, c, quarter_year)
    parts = [f"# {title}", ""]
    lead = [f"{publisher} published a note on {c.name} ({tickers or 'private'}) after the latest results."]
    for metric in rng.sample(_METRICS, 3):
        lead.append(_metric_sentence(rng, seed, c, c.name if rng.random() < 0.6 else short, metric, period, conflicts))
    lead.append(_margin_sentence(rng, seed, c.name, period))
    parts += [" ".join(lead), ""]

    parts += ["## Segments", ""]
    for seg in (c.units or (c.name,)):
        seg_period = period if rng.random() < 0.7 else _period(rng, c, quarter_year)
        s = [_metric_sentence(rng, seed, c, seg, "revenue", seg_period, conflicts),
             _margin_sentence(rng, seed, seg, seg_period)]
        if rng.random() < 0.5:
            s.append(f"{seg} now accounts for {rng.randint(5, 60)}% of group revenue.")
        parts += [" ".join(s), ""]

    parts += ["## Events", ""]
    for _ in range(rng.randint(1, 3)):
        when = day - timedelta(days=rng.randint(1, 120))
        other = rng.choice(peers).name if peers else "a local partner"
        what = rng.choice(_EVENTS).format(cur=rng.choice(("RMB ", "US$", "HK$")), n=rng.randint(1, 25),
                                          unit=unit, other=other, product=product, place=rng.choice(_PLACES),
                                          pct=rng.randint(3, 40))
        date_text = rng.choice((when.strftime("%B %d, %Y").replace(" 0", " "), when.isoformat(),
                                f"on {when.day} {when.strftime('%B %Y')}"))
        lead_in = f"On {date_text}," if not date_text.startswith("on ") else date_text[0].upper() + date_text[1:] + ","
        reporter = rng.choice((f" according to {rng.choice(u.publishers)}", "", ""))
        parts += [f"{lead_in}{reporter} {c.name} {what}.", ""]

    parts += ["## Outlook", ""]
    nxt = _period(rng, c, quarter_year + 1)
    guide = _keyed(seed, c.name, nxt[0], "guidance")  # the company's guidance: the same in every note
    lo = guide.randint(3, 30)
    house = _keyed(seed, publisher, unit, nxt[0], "forecast")  # each publisher's own forecast
    outlook = [
        f"Management guided {nxt[1]} revenue growth of {lo}% to {lo + guide.randint(2, 8)}%.",
        (f"We expect {unit} revenue to grow {house.randint(5, 45)}% in {nxt[1]}, "
         f"ahead of the consensus of {_keyed(seed, unit, nxt[0], 'consensus').randint(5, 45)}%."),
        (f"The company expects capital expenditure of about {_money(rng, c.scale * Decimal('0.7'), c.currency)} "
        f"over the next twelve months."),
    ]
    parts += [" ".join(rng.sample(outlook, 2)), ""]

    parts += ["## Risks", ""]
    parts += [f"- {r[0].upper() + r[1:]}" for r in rng.sample(_RISKS, rng.randint(3, 5))]
    parts.append("")

    parts += ["## Peers", ""]
    for p in peers:
        pp = _period(rng, p, quarter_year)
        parts += [_metric_sentence(rng, seed, p, p.name, rng.choice(_METRICS[:3]), pp, conflicts) + " "
                  + f"{c.name} competes with {p.name} in {rng.choice(_UNITS).lower()}.", ""]

    parts += ["## Analysis", ""]
    body_len = sum(len(x) + 1 for x in front) + sum(len(x) + 1 for x in parts)
    while body_len < size:
        para = " ".join(rng.choice(_ANALYSIS).format(company=c.name, unit=unit) for _ in range(rng.randint(2, 3)))
        if rng.random() < 0.3:
            para += " " + _metric_sentence(rng, seed, c, c.name, rng.choice(_METRICS), period, conflicts)
        parts += [para, ""]
        body_len += len(para) + 2
    name = f"{day.isoformat()}-{i:06d}.md"
    return name, "\n".join(front + parts)


def write_corpus(out: str | Path, notes: int, seed: int = 7, *, start: int = 0, size: int = 7000) -> Path:
    """Write notes ``start`` .. ``start + notes - 1`` and the gazetteer; returns the notes folder."""
    out = Path(out)
    folder = out / "notes"
    folder.mkdir(parents=True, exist_ok=True)
    u = universe(seed)
    (out / "gazetteer.yaml").write_text(gazetteer_yaml(u), encoding="utf-8")
    for i in range(start, start + notes):
        name, text = note(u, seed, i, size=size)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", help="output folder (notes go to OUT/notes, the gazetteer to OUT/gazetteer.yaml)")
    ap.add_argument("--notes", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--start", type=int, default=0, help="index of the first note (to add new notes later)")
    ap.add_argument("--size", type=int, default=7000, help="approximate size of a note in bytes")
    args = ap.parse_args(argv)
    folder = write_corpus(args.out, args.notes, args.seed, start=args.start, size=args.size)
    total = sum(f.stat().st_size for f in folder.iterdir())
    print(f"{args.notes} notes, {total / 1e6:.1f} MB in {folder}; gazetteer {Path(args.out) / 'gazetteer.yaml'}")


if __name__ == "__main__":
    main()
