"""Reading the figures of one sentence: which metric each number is, and whether it is a level or a growth.

:func:`read_figures` ties each amount of a sentence to a metric word of the
vocabulary in ``data/metrics.yaml`` (before it, "revenue of RMB 33.4 billion";
or after it, "RMB 76.8 billion on capex"), to a growth wording ("up 26% year
over year", "a 9% decline", "revenue growth rate of 13%", "grew revenue 26%"),
to the figure it continues ("6% in Q1 FY25 to 7% in Q2 FY25"), restates in a
second currency or pairs with ("GAAP and non-GAAP gross margins were 73.4% and
73.6%, respectively"), or leaves it out. Subject and period are settled by
:mod:`.metrics`, which sees the whole document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from importlib.resources import files

from .numbers import Amount
from .periods import find_anaphora, find_duration, find_periods

_WORD = re.compile(r"(?<![\w-])[A-Za-z]+")
_QUALIFIER = re.compile(
    r"(?<![\w'’-])(?P<q>[A-Za-z][A-Za-z0-9-]+(?:[ \u00a0][A-Za-z][A-Za-z0-9-]+)?)[ \u00a0]\Z"
)
_PERIODISH = re.compile(r"\d+|(?:q[1-4]|[1-4]q|h[12]|[12]h|fy|cy)\w*", re.IGNORECASE)
#: Words before a metric word that do not make a line of business.
_NOT_QUALIFIERS = frozenset(
    [
        "a",
        "an",
        "the",
        "its",
        "their",
        "his",
        "her",
        "our",
        "your",
        "my",
        "this",
        "that",
        "these",
        "those",
        "total",
        "net",
        "gross",
        "quarterly",
        "annual",
        "yearly",
        "monthly",
        "full-year",
        "half-year",
        "group",
        "company",
        "company's",
        "group's",
        "consolidated",
        "overall",
        "combined",
        "record",
        "reported",
        "strong",
        "weak",
        "solid",
        "robust",
        "higher",
        "lower",
        "slower",
        "faster",
        "flat",
        "rising",
        "falling",
        "growing",
        "declining",
        "core",
        "underlying",
        "organic",
        "gaap",
        "non-gaap",
        "ifrs",
        "non-ifrs",
        "same",
        "and",
        "or",
        "of",
        "for",
        "in",
        "on",
        "at",
        "to",
        "with",
        "by",
        "from",
        "as",
        "than",
        "that",
        "which",
        "whose",
        "while",
        "whereas",
        "achieved",
        "posted",
        "reported",
        "recorded",
        "generated",
        "booked",
        "had",
        "saw",
        "delivered",
        "grew",
        "rose",
        "fell",
        "increased",
        "decreased",
        "declined",
        "expects",
        "expected",
        "expect",
        "expecting",
        "forecast",
        "forecasts",
        "forecasting",
        "guided",
        "guides",
        "guiding",
        "targets",
        "targeting",
        "sees",
        "projects",
        "projecting",
        "anticipates",
        "anticipating",
        "reports",
        "reporting",
        "posts",
        "posting",
        "said",
        "says",
        "be",
        "been",
        "is",
        "was",
        "were",
        "has",
        "have",
        "will",
        "would",
        "could",
        "may",
        "might",
        "also",
        "still",
        "only",
        "just",
        "new",
        "current",
        "latest",
        "last",
        "previous",
        "prior",
        "all",
        "both",
        "each",
        "every",
        "such",
        "more",
        "less",
        "most",
        "least",
        "first",
        "second",
        "third",
        "fourth",
        "half",
        "year",
        "quarter",
        "month",
        "fiscal",
        "calendar",
        "million",
        "billion",
        "yuan",
        "dollar",
        "percent",
        "per",
        "share",
        "estimated",
        "projected",
        "total",
        "cumulative",
        "average",
        "mean",
        "weekly",
        "daily",
        "adjusted",
        "diluted",
        "basic",
        "cash",
        "comparable",
        "like-for-like",
        "pro",
        "forma",
        "proforma",
        "implied",
        "approximate",
        "approximately",
        "about",
        "nearly",
        "roughly",
        "around",
        "some",
        "whole",
        "entire",
        "actual",
        "headline",
        "reported",
        "underlying",
        "group-wide",
        "companywide",
        "q1",
        "q2",
        "q3",
        "q4",
        "h1",
        "h2",
        "fy",
        "ttm",
        "ltm",
        "since",
        "until",
        "into",
        "over",
        "under",
        "between",
        "during",
        "after",
        "before",
        "when",
        "where",
        "how",
        "why",
        "what",
        "who",
        "whom",
        "whose",
        "growth",
    ]
)
_TIME_WORD = re.compile(r"quarter|year|half|month|week|fiscal|annual|period")
_PER_SHARE = re.compile(
    r"[ \u00a0]?(?:per|a)[ \u00a0](?:basic[ \u00a0]|diluted[ \u00a0]|fully[ \u00a0]diluted[ \u00a0])?(?:ordinary[ \u00a0])?"
    r"(?:share|ADS|American[ \u00a0]depositary[ \u00a0]share)(?![\w-])",
    re.IGNORECASE,
)
_PROFIT = re.compile(
    r"(?<![\w-])(?:net[ \u00a0](?:income|profit|earnings)|earnings|earned|(?P<loss>net[ \u00a0]loss|loss|lost))(?![\w-])",
    re.IGNORECASE,
)
_NOT_EPS = re.compile(
    r"(?<![\w-])(?:dividends?|paid|pay|pays|price[ds]?|buy\w*|repurchas\w*|offer\w*|valu\w*|target|cash|stock|shares)(?![\w-])",
    re.IGNORECASE,
)
_ADJUSTED = re.compile(r"(?<![\w-])(?:adjusted|non-GAAP|non-IFRS)(?![\w-])", re.IGNORECASE)
_MAYBE_PERIOD = re.compile(r"\d|quarter|half|year|period|TTM|LTM|months", re.IGNORECASE)
_VERSUS = re.compile(
    r"(?<![\w-])(?:against|versus|vs\.?|compared[ \u00a0](?:with|to)|from)[ \u00a0](?:about[ \u00a0]|roughly[ \u00a0])?\Z",
    re.IGNORECASE,
)
_YEAR_AGO = re.compile(
    r"[ \u00a0](?:a[ \u00a0]year[ \u00a0](?:ago|earlier|before)|in[ \u00a0]the[ \u00a0](?:year-earlier|prior-year|year-ago)"
    r"[ \u00a0](?:period|quarter)|in[ \u00a0]the[ \u00a0]same[ \u00a0](?:period|quarter)[ \u00a0](?:of[ \u00a0])?last[ \u00a0]year)(?![\w-])",
    re.IGNORECASE,
)
_SHARE_OF_MARKET = re.compile(
    r"[ \u00a0](?:market[ \u00a0])?share[ \u00a0](?:of|in)[ \u00a0](?:the[ \u00a0])?(?:[\w'’.-]+[ \u00a0]){0,4}?market(?![\w-])",
    re.IGNORECASE,
)
_AND_ONLY = re.compile(r"\A[ \u00a0]?and[ \u00a0]\Z", re.IGNORECASE)
_RESPECTIVELY = re.compile(r",?[ \u00a0]?respectively", re.IGNORECASE)
_GAAP_PAIR = re.compile(r"GAAP[ \u00a0]and[ \u00a0](?:non-GAAP|adjusted)[ \u00a0]\Z", re.IGNORECASE)
_LINE = r"(?:business|segment|unit|division|arm|operations)"
#: "margin of the smartphone business", "revenue from its games segment"
_LINE_AFTER = re.compile(
    rf"[ \u00a0](?:of|from|at|in|for)[ \u00a0](?:the|its|their)[ \u00a0](?P<seg>(?:[\w&-]+[ \u00a0]){{0,3}}?)(?:{_LINE})(?![\w-])",
    re.IGNORECASE,
)
#: "Its smart EV business posted revenue", "the unit's operating profit" (nothing between but a verb)
_LINE_BEFORE = re.compile(
    rf"(?<![\w-])(?:its|the|their)[ \u00a0](?P<seg>(?:[\w&-]+[ \u00a0]){{0,4}}?){_LINE}(?:'s)?"
    r"(?:[ \u00a0](?:posted|reported|booked|had|generated|turned|recorded|saw|delivered|achieved))?[ \u00a0](?:an?[ \u00a0])?\Z",
    re.IGNORECASE,
)
_NOT_TERM_BEFORE = re.compile(
    r"(?<![\w-])(?:costs?|cost[ \u00a0]of[ \u00a0]goods|share|percentage|proportion|portion|fraction|multiple|multiples|times)"
    r"[ \u00a0]of[ \u00a0](?:the[ \u00a0]|its[ \u00a0]|total[ \u00a0])?\Z|%[ \u00a0]of[ \u00a0](?:the[ \u00a0]|its[ \u00a0]|total[ \u00a0])?\Z",
    re.IGNORECASE,
)
_NOT_TERM_AFTER = re.compile(
    r"[ \u00a0-](?:per[ \u00a0](?:user|customer|unit|employee|head|visit|member)|share(?:ing)?\b|multiple|target|estimates?\b|consensus"
    r"|volumes?\b|units?\b|warning|forecasts?\b|expectations?\b|taking)",
    re.IGNORECASE,
)
_HAS_CJK = re.compile(r"[\u3400-\u9fff]")
#: How far (characters) a metric word may stand before its figure.
_TERM_REACH = 90


@dataclass(frozen=True, slots=True)
class _Lexicon:
    by_first: dict[str, re.Pattern[str]]  # first word of a term, lower case -> its terms
    cjk: re.Pattern[str]  # terms in Chinese, which have no word boundaries
    by_surface: dict[str, tuple[str, str]]  # casefolded term -> (metric, "money" | "percent")
    segment_before: re.Pattern[str]
    segment_after: re.Pattern[str]


def _alternation(words: list[str]) -> str:
    parts = []
    for w in sorted(set(words), key=len, reverse=True):
        esc = re.escape(w).replace(r"\ ", r"[ \u00a0-]")
        if re.match(r"\w", w, re.ASCII):
            esc = r"(?<![\w-])" + esc
        if re.search(r"\w$", w, re.ASCII):
            esc += r"(?![\w-])"
        parts.append(esc)
    return "|".join(parts)


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    """The metric vocabulary of ``data/metrics.yaml``, compiled once."""
    import yaml

    raw = yaml.safe_load(
        files("thesisgraph.loaders.data").joinpath("metrics.yaml").read_text("utf-8")
    )
    by_surface: dict[str, tuple[str, str]] = {}
    for name, spec in raw["metrics"].items():
        for term in [name, *spec.get("terms", [])]:
            by_surface[str(term).casefold()] = (str(name), str(spec.get("unit", "money")))
    for term, name in (raw.get("losses") or {}).items():
        by_surface[str(term).casefold()] = (str(name), "loss")
    segments = [str(s) for s in raw.get("segments", [])]
    seg = _alternation(segments)
    groups: dict[str, list[str]] = {}
    cjk = []
    for term in by_surface:
        if re.match(r"[a-z]", term):
            groups.setdefault(re.split(r"[^a-z]", term, maxsplit=1)[0], []).append(term)
        else:
            cjk.append(term)
    return _Lexicon(
        by_first={w: re.compile(_alternation(ts), re.IGNORECASE) for w, ts in groups.items()},
        cjk=re.compile(_alternation(cjk) or r"(?!)", re.IGNORECASE),
        by_surface=by_surface,
        segment_before=re.compile(
            rf"(?P<seg>{seg})(?:[ \u00a0](?:business|segment|unit|division|group))?(?:'s)?[ \u00a0]?\Z",
            re.IGNORECASE,
        ),
        segment_after=re.compile(
            rf"[ \u00a0](?:of|from|at|in|for)[ \u00a0](?:the[ \u00a0]|its[ \u00a0])?(?P<seg>{seg})"
            r"(?:[ \u00a0](?:business|segment|unit|division|group|operations))?(?![\w-])",
            re.IGNORECASE,
        ),
    )


@dataclass(frozen=True, slots=True)
class _Term:
    start: int  # qualifier included
    end: int
    name: str
    unit: str  # "money" | "percent" | "loss" (money with the sign turned)
    segment: str | None


_UP = (
    r"increase[sd]?|increasing|rise[sn]?|rose|rising|grew|grows?|growing|up|gain(?:ed|s)?|jump(?:ed|s)?"
    r"|climb(?:ed|s)?|surge[sd]?|soar(?:ed|s)?|expand(?:ed|s)?|higher|advance[sd]?"
)
_DOWN = (
    r"decrease[sd]?|decreasing|decline[sd]?|declining|fell|fall(?:s|en|ing)?|drop(?:ped|s)?|down"
    r"|shr(?:ank|inks?|unk)|contract(?:ed|s|ion)?|slid|slides?|slump(?:ed|s)?|lower|dip(?:ped|s)?"
    r"|slip(?:ped|s)?|ease[sd]|los[te]|loses|retreat(?:ed|s)?|shed|sheds|tumble[sd]?|plunge[sd]?"
    r"|sank|sinks?|weaken(?:ed|s)?|soften(?:ed|s)?|erode[sd]|eroded"
)
_CUE = re.compile(
    rf"(?<![\w-])(?:(?P<up>{_UP})|(?P<down>{_DOWN}))(?![\w-])|(?P<cjk_up>增长|增加|上升|提升)|(?P<cjk_down>下降|下滑|减少|下跌)",
    re.IGNORECASE,
)
_GROWTH_NOUN = re.compile(
    r"(?<![\w-])(?:growth(?:[ \u00a0]rate)?|rate[ \u00a0]of[ \u00a0]growth)(?![\w-])|增速|增长率",
    re.IGNORECASE,
)
_YOY = (
    r"year[ \u00a0-](?:on|over)[ \u00a0-]year|yoy|y/y|y-o-y|annual(?:ly)?"
    r"|(?:from|than|on|over|versus|vs\.?)[ \u00a0](?:a|the)[ \u00a0]year[ \u00a0](?:earlier|ago|before)"
    r"|(?:from|than|on|over)[ \u00a0]the[ \u00a0]same[ \u00a0](?:period|quarter)(?:[ \u00a0](?:a[ \u00a0]year[ \u00a0](?:earlier|ago)|last[ \u00a0]year|of[ \u00a0]last[ \u00a0]year))?"
)
_QOQ = (
    r"quarter[ \u00a0-](?:on|over)[ \u00a0-]quarter|qoq|q/q|q-o-q|sequential(?:ly)?"
    r"|(?:from|than|on|over|versus|vs\.?|against|compared[ \u00a0](?:with|to)|relative[ \u00a0]to)[ \u00a0]"
    r"(?:the[ \u00a0])?(?:previous|prior|preceding|last|first)[ \u00a0]quarter(?![ \u00a0-](?:of|\d|FY|fiscal))"
    r"|from[ \u00a0](?:the[ \u00a0])?(?:Q[1-4]|(?:first|second|third|fourth)[ \u00a0-]quarter)(?![ \u00a0](?:of|\d|FY|fiscal))"
)
_BASIS = re.compile(
    rf"(?<![\w-])(?:(?P<yoy>{_YOY})|(?P<qoq>{_QOQ}))(?![\w-])|(?P<cjk_yoy>同比)|(?P<cjk_qoq>环比)",
    re.IGNORECASE,
)
_TO = re.compile(
    r"(?<![\w-])(?:to|at|reaching|reached|of|was|were|is|at about|至|到)[ \u00a0]?(?:about[ \u00a0]|approximately[ \u00a0]|around[ \u00a0]|roughly[ \u00a0]|some[ \u00a0]|nearly[ \u00a0]|almost[ \u00a0]|over[ \u00a0])?\Z",
    re.IGNORECASE,
)
_PLUS_MINUS = re.compile(r"plus[ \u00a0]or[ \u00a0]minus[ \u00a0]?\Z|±[ \u00a0]?\Z", re.IGNORECASE)
_LIST_GAP = re.compile(
    r"\A(?:[\s,;:]|(?:in|for|during|and|to|then|versus|vs|against|from|with|while|compared|a|an|the"
    r"|the[ \u00a0]sum[ \u00a0]of|made[ \u00a0]up[ \u00a0]of|comprising|including)(?![\w-]))*\Z",
    re.IGNORECASE,
)
#: Between a metric word and its figure when a period phrase in commas sits there.
_LINK_GAP = re.compile(
    r"\A[\s,]*(?:(?:for|in|during|over)(?:[ \u00a0]the)?(?![\w-]))?[\s,]*(?:(?:was|were|is|came[ \u00a0]to|came[ \u00a0]in[ \u00a0]at|totall?ed|reached|"
    r"stood[ \u00a0]at|amounted[ \u00a0]to|of|at|rose[ \u00a0]to|grew[ \u00a0]to|fell[ \u00a0]to)(?![\w-]))?[\s,]*"
    r"(?:(?:about|approximately|roughly|around|nearly|almost|over|some)(?![\w-]))?\s*\Z",
    re.IGNORECASE,
)
_CUE_BEFORE = re.compile(
    rf"(?<![\w-])(?:(?P<up>{_UP})|(?P<down>{_DOWN}))[ \u00a0]\Z", re.IGNORECASE
)
#: A change named with no metric that is not a company's revenue.
_NOT_REVENUE = re.compile(
    r"(?<![\w-])(?:shares?|stocks?|share[ \u00a0]price|price|prices|valuation|market[ \u00a0](?:value|cap\w*)|index|ADSs?"
    r"|tariffs?|duties|inflation|interest[ \u00a0]rates?|tax[ \u00a0]rate|yields?|users?|volume|shipments?|downloads?|headcount"
    r"|GDP|econom\w*|market|industry|sector|demand|spending|retail|exports?|imports?|CPI|PPI|PMI|population|traffic"
    r"|orders?|deliveries|sales[ \u00a0]volume|subscribers?|customers?|employees?|staff|output|production|capacity)(?![\w-])",
    re.IGNORECASE,
)
#: Verbs that say a money figure is revenue ("brought in RMB 55.5 billion").
_EARNED = re.compile(
    r"(?<![\w-])(?:booked|brought[ \u00a0]in|generated|took[ \u00a0]in|earned)[ \u00a0]"
    r"(?:(?:about|roughly|approximately|around|some|nearly|almost|over|more[ \u00a0]than)[ \u00a0])?\Z",
    re.IGNORECASE,
)
_NOT_EARNED_AFTER = re.compile(
    r"[ \u00a0]?(?:from|to|for|by|of)[ \u00a0](?!the[ \u00a0]quarter|the[ \u00a0]year)",
    re.IGNORECASE,
)
#: "it grew 14%", "the unit grew": the company named before.
_PRONOUN = re.compile(
    r"(?<![\w-])(?:it|its|the[ \u00a0](?:unit|company|group|business|segment|division))(?:[ \u00a0]\w+)?[ \u00a0]\Z",
    re.IGNORECASE,
)
_TOLERANCE = re.compile(
    r"(?:plus[ \u00a0]or[ \u00a0]minus|±)[ \u00a0]?\d{1,4}(?:\.\d{1,3})?[ \u00a0]?(?:%|percent|basis[ \u00a0]points|bps|percentage[ \u00a0]points?|pp)",
    re.IGNORECASE,
)
_RESTATED = re.compile(
    r"\A[\s,]*(?:so|or|i\.e\.|that[ \u00a0]is|meaning|which[ \u00a0]is)[\s,]*\Z", re.IGNORECASE
)
_LEVEL_TO = re.compile(r"(?<![\w-])(?:to|至|到)[ \u00a0]", re.IGNORECASE)
_BY_END = re.compile(
    r"(?<![\w-])by[ \u00a0]?\Z|plus[ \u00a0]or[ \u00a0]minus[ \u00a0]?\Z|±[ \u00a0]?\Z",
    re.IGNORECASE,
)
#: "26% of total revenue", "a 20% stake": a share of something, not a metric of the company.
_OF_AFTER = re.compile(
    r"[ \u00a0]?(?:of|to)[ \u00a0](?:the[ \u00a0])?(?:total|overall|all|its|their|group|company|revenue|sales)\b"
    r"|[ \u00a0]?(?:stake|owned|interest|holding)\b",
    re.IGNORECASE,
)
_AFTER_GROWTH = re.compile(
    rf"[ \u00a0]?(?:(?:{_YOY}|{_QOQ})[ \u00a0]?)?(?P<cue>increase|growth|rise|gain|jump|surge|decline|decrease|drop|fall|dip|contraction|slide|slump|higher|lower|more|less|year[ \u00a0-](?:on|over)[ \u00a0-]year|yoy|y/y|quarter[ \u00a0-](?:on|over)[ \u00a0-]quarter|qoq|sequential(?:ly)?)(?![\w-])",
    re.IGNORECASE,
)
_AFTER_FILLER = re.compile(
    r"\A[ \u00a0]?(?:(?:in|of|for|on)[ \u00a0](?:the[ \u00a0]|its[ \u00a0]|their[ \u00a0])?)?\Z",
    re.IGNORECASE,
)
#: "plans to invest", "would put ... into", "committed in February 2025 to spend".
_INVEST = re.compile(
    r"(?<![\w-])(?:to|will|would|shall)[ \u00a0](?:further[ \u00a0]|also[ \u00a0])?"
    r"(?P<verb>invest|spend|put|pour|deploy|plough|plow)(?![\w-])"
    r"|(?P<verb2>(?:计划|拟)投资)",
    re.IGNORECASE,
)
#: Spending that is not an investment plan: research, marketing, buybacks, dividends.
_NOT_INVESTMENT = re.compile(
    r"[ \u00a0]?(?:on|for|in)[ \u00a0](?:the[ \u00a0])?(?:research|r&d|marketing|advertising|buy-?backs?|share[ \u00a0]"
    r"|repurchas|dividends?|acquisitions?|salaries|wages|subsid)",
    re.IGNORECASE,
)
_PLAN = re.compile(
    r"(?<![\w-])(?:plan\w*|propos\w*|pledg\w*|commit\w*|intend\w*|aim\w*|will|would|announc\w*|said|told|vow\w*|promis\w*)(?![\w-])",
    re.IGNORECASE,
)
#: "RMB 380 billion, three-year plan", "a $10 billion investment plan".
_PLAN_AFTER = re.compile(
    r"[ \u00a0]?,?[ \u00a0]?(?:(?:\w+-year|multi-year|new|capital)[ \u00a0])?(?:investment|spending|capex|capital)?[ \u00a0]?(?:plan|program(?:me)?|pledge|commitment)(?![\w-])",
    re.IGNORECASE,
)
_IN_OF = re.compile(r"[ \u00a0]?(?:in|of)[ \u00a0](?:the[ \u00a0]|its[ \u00a0])?", re.IGNORECASE)
_CLAUSE = re.compile(r"[;；]")
_ARTICLE = re.compile(r"(?<![\w-])(?:an?|the)[ \u00a0]\Z", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure read, before its subject and period are settled."""

    amount: Amount
    metric: str
    unit_kind: str
    segment: str | None
    quote: tuple[int, int]
    value: Decimal
    anchor: int  # where to look back from for the subject (an earlier figure's, when inherited)
    upper: Amount | None = None  # the other end of a range
    years_back: int = 0  # "RMB 12.0 billion a year earlier": the period a year before


def clause(text: str, s0: int, s1: int, pos: int) -> tuple[int, int]:
    """The ``[start, end)`` of the clause (between semicolons) of ``text[s0:s1]`` that holds ``pos``."""
    start, end = s0, s1
    for m in _CLAUSE.finditer(text, s0, s1):
        if m.start() < pos:
            start = m.end()
        else:
            end = m.start()
            break
    return start, end


def _terms(text: str, s0: int, s1: int, named: list[tuple[int, int]] | None = None) -> list[_Term]:
    """The metric words of ``text[s0:s1]``, with the business line that qualifies each.

    ``named`` are the spans of entity names in the sentence: a business-line word
    inside one ("Alibaba Cloud's revenue") names whose figure it is, not a line.
    """
    lex = lexicon()
    found = []
    done = s0
    for w in _WORD.finditer(text, s0, s1):
        pattern = lex.by_first.get(w.group().lower()) if w.start() >= done else None
        if pattern is not None:
            m = pattern.match(text, w.start(), s1)
            if m is not None:
                found.append(m)
                done = m.end()
    if _HAS_CJK.search(text, s0, s1):
        found += lex.cjk.finditer(text, s0, s1)
        found.sort(key=lambda m: m.start())
    out = []
    for m in found:
        if _NOT_TERM_BEFORE.search(
            text, max(s0, m.start() - 24), m.start()
        ) or _NOT_TERM_AFTER.match(text, m.end()):
            continue  # "cost of revenue", "revenue per user", "share of revenue"
        name, unit = _term_of(m.group(0))
        start, segment = m.start(), None
        seg = lex.segment_before.search(text, max(s0, m.start() - 40), m.start())
        if seg is not None and (
            any(n0 <= seg.start() < n1 for n0, n1 in named)
            if named is not None
            else in_name(text, seg.start())
        ):
            seg = None  # "Alibaba Cloud's revenue": the name says whose, not a business line
        if seg is not None:
            start, segment = seg.start(), seg.group("seg").casefold()
        else:
            after = lex.segment_after.match(text, m.end(), s1) or _LINE_AFTER.match(
                text, m.end(), s1
            )
            if after is None:
                after = _last(_LINE_BEFORE.finditer(text, max(s0, m.start() - 60), m.start()))
            if after is not None:
                segment = _segment_name(after.group("seg"))
            else:
                qualifier = _qualifier(text, max(s0, m.start() - 40), m.start(), named)
                if qualifier is not None:  # "customer management revenue", "subscription revenue"
                    start, segment = qualifier.start(), qualifier.group("q").casefold()
        out.append(_Term(start, m.end(), name, unit, segment))
    return out


def _qualifier(
    text: str, lo: int, hi: int, named: list[tuple[int, int]] | None
) -> re.Match[str] | None:
    """One or two words right before a metric word that make it a line of its own, or None
    ("total", "quarterly", "the company's" and the like qualify nothing)."""
    m = _QUALIFIER.search(text, lo, hi)
    if m is None:
        return None
    words = m.group("q").casefold().split()
    while words and words[0] in _NOT_QUALIFIERS:
        words.pop(0)
    if not words or any(
        w in _NOT_QUALIFIERS or _PERIODISH.fullmatch(w) or _TIME_WORD.search(w) for w in words
    ):
        return None
    if named and any(n0 < m.end() and m.start("q") < n1 for n0, n1 in named):
        return None
    start = hi - len(" ".join(words)) - 1
    return _QUALIFIER.search(text, start, hi)


def _last(matches: Iterator[re.Match[str]]) -> re.Match[str] | None:
    found = None
    for found in matches:
        pass
    return found


def _segment_name(words: str) -> str:
    """The business line a phrase names: a known one ("cloud"), else its own words
    ("smartphone"), or ``"*"`` for a unit left unnamed ("the unit")."""
    words = re.sub(r"\s+", " ", words).strip().casefold()
    if words in ("", "its", "the", "their", "own"):
        return "*"
    known = lexicon().segment_before.search(words + " ")
    return known.group("seg").casefold() if known is not None else words


def in_name(text: str, pos: int) -> bool:
    """Whether a capitalised word at ``pos`` continues a capitalised name ("Alibaba Cloud")."""
    if not text[pos : pos + 1].isupper():
        return False
    m = re.search(r"([A-Z][\w&.-]*)[ \u00a0]\Z", text[max(0, pos - 40) : pos])
    return m is not None


def _term_of(surface: str) -> tuple[str, str]:
    by = lexicon().by_surface
    key = surface.casefold()
    if key in by:
        return by[key]
    key = re.sub(r"[ \u00a0-]", " ", key)
    for k, v in by.items():
        if re.sub(r"[ \u00a0-]", " ", k) == key:
            return v
    raise KeyError(surface)


def read_figures(
    text: str,
    s0: int,
    s1: int,
    amounts: list[Amount],
    names: list[tuple[int, int]],
    carried: Figure | None = None,
    named: list[tuple[int, int]] | None = None,
) -> list[Figure]:
    """The figures of one sentence: each amount tied to a metric, or left out.

    ``names`` are the spans of company and unit names in the sentence, ``named``
    those of every entity name; ``carried`` is the last money figure of the
    sentence before, for a sentence that begins "That is ...".
    """
    terms = _terms(text, s0, s1, named)
    out: list[Figure] = []
    by_amount: dict[int, Figure] = {}
    prior: Figure | None = (
        None  # the last money figure of the clause, which a growth rate may refer to
    )
    latest: Figure | None = None  # the last figure of the clause, which a list may continue
    current = clause(text, s0, s1, s0)
    prior = carried  # "That is 56% more than ...": the figure of the sentence before
    for i, a in enumerate(amounts):
        if a.unit is None or a.unit == "pp" or a.bound == "upper":
            continue
        upper = amounts[i + 1] if a.bound == "lower" and i + 1 < len(amounts) else None
        last = upper or a
        c0, c1 = clause(text, s0, s1, a.start)
        if (c0, c1) != current:
            current, prior, latest = (c0, c1), None, None
        fig: Figure | None = None
        skip = _BY_END if a.is_money else _PLUS_MINUS
        ta = next(
            (
                t
                for t in terms
                if last.end <= t.start <= last.end + 12
                and _AFTER_FILLER.match(text[last.end : t.start])
            ),
            None,
        )
        if a.converts is not None:
            base = by_amount.get(a.converts)
            if base is not None:
                end = a.end + (1 if text[a.end : a.end + 1] in (")", "）") else 0)
                fig = replace(base, amount=a, quote=(base.quote[0], end), value=a.value, upper=None)
        elif skip.search(text, max(c0, a.start - 16), a.start):
            pass
        elif (
            a.is_money
            and prior is not None
            and prior.amount.unit == a.unit
            and _VERSUS.search(text, max(c0, a.start - 24), a.start)
            and _YEAR_AGO.match(text, last.end)
        ):
            # "revenue was $41.1 billion, up 56%, against $26.3 billion a year ago"
            fig = replace(prior, amount=a, quote=(a.start, last.end), value=a.value, upper=None)
        elif a.is_money and _PER_SHARE.match(text, last.end):
            near = [
                t for t in terms if c0 <= t.start and t.end <= a.start and a.start - t.end <= 30
            ]
            fig = _money(text, c0, a, last, near[-1] if near else None, None, [], names)
        elif latest is not None and (pair := _respectively(text, latest, a, last)) is not None:
            fig = pair
        elif latest is not None and ta is None and _continues(text, latest, a, last):
            value = -a.value if latest.value < 0 < a.value else a.value
            fig = replace(latest, amount=a, quote=(a.start, last.end), value=value, upper=None)
            if fig.metric.endswith((" growth yoy", " growth qoq")):
                basis = _basis(text, (latest.upper or latest.amount).end, a, last)
                if basis is not None:  # "up 12% from Q3 and up 78% from a year ago"
                    kind = "qoq" if basis.group("qoq") or basis.group("cjk_qoq") else "yoy"
                    fig = replace(fig, metric=f"{fig.metric.rsplit(' ', 1)[0]} {kind}")
        else:
            before = [
                t
                for t in terms
                if c0 <= t.start and t.end <= a.start and a.start - t.end <= _TERM_REACH
            ]
            tb = before[-1] if before else None
            between = [
                b
                for b in amounts[:i]
                if tb is not None and b.start >= tb.end and b.unit not in (None, "pp")
            ]
            if a.unit == "percent":
                fig = _percent(text, c0, a, last, tb, ta, between, prior, names)
            else:
                fig = _money(text, c0, a, last, tb, ta, between, names)
        if fig is None:
            continue
        fig = replace(fig, upper=upper)
        ago = _YEAR_AGO.match(text, last.end)
        if ago is not None and not fig.metric.endswith((" growth yoy", " growth qoq")):
            fig = replace(fig, years_back=1, quote=(fig.quote[0], max(fig.quote[1], ago.end())))
        by_amount[i] = fig
        if fig.unit_kind == "money":
            prior = fig
        latest = fig
        out.append(fig)
    return out


def _respectively(text: str, latest: Figure, a: Amount, last: Amount) -> Figure | None:
    """The second of "GAAP and non-GAAP gross margins were 73.4% and 73.6%, respectively"."""
    prev = latest.upper or latest.amount
    if prev.unit != a.unit or not _AND_ONLY.match(text[prev.end : a.start]):
        return None
    if not _RESPECTIVELY.match(text, last.end) or not _GAAP_PAIR.search(
        text, max(0, latest.quote[0] - 24), latest.quote[0]
    ):
        return None
    adjusted = f"adjusted {latest.metric}"
    if adjusted not in {name for name, _ in lexicon().by_surface.values()}:
        return None
    return replace(
        latest,
        metric=adjusted,
        amount=a,
        quote=(latest.quote[0], last.end),
        value=a.value,
        upper=None,
    )


def _continues(text: str, latest: Figure, a: Amount, last: Amount) -> bool:
    """Whether ``a`` continues a list after ``latest`` ("6% in Q1 FY25 to 7% in Q2 FY25").

    The two must share a unit, only connectives and periods may stand between
    them, and a period must be named between or right after, since a list of
    figures for one metric differs by period.
    """
    prev = latest.upper or latest.amount
    if (prev.unit == "percent") != (a.unit == "percent"):
        return False
    if prev.unit != a.unit:
        return False
    gap = text[prev.end : a.start]
    if len(gap) > 60:
        return False
    stripped = _TOLERANCE.sub(" ", strip_periods(text, prev.end, a.start))
    if _RESTATED.match(stripped):
        return True  # "guided at 73.5%, plus or minus 50 basis points, so 73%-74%"
    if not _LIST_GAP.match(stripped):
        return False
    if stripped != gap:
        return True
    return any(
        p.start - last.end <= 12
        for p in find_periods(text, last.end, min(len(text), last.end + 40))
    )


def _growth_cue(text: str, lo: int, a: Amount) -> re.Match[str] | None:
    """The last growth or decline word in ``text[lo:a.start]`` not followed by "to" (which gives a level)."""
    cue = None
    for m in _CUE.finditer(text, lo, a.start):
        cue = m
    if cue is None:
        return None
    gap = text[cue.end() : a.start]
    if _LEVEL_TO.search(gap) or len(gap) > 40:
        return None
    return cue


def _percent(
    text: str,
    c0: int,
    a: Amount,
    last: Amount,
    tb: _Term | None,
    ta: _Term | None,
    between: list[Amount],
    prior: Figure | None,
    names: list[tuple[int, int]],
) -> Figure | None:
    """A percent figure: a level of a percent metric (a margin) or the growth of a money metric."""
    share = _SHARE_OF_MARKET.match(text, last.end)
    if share is not None:  # "a 33% share of China's public cloud market"
        q0 = a.start - 2 if text[max(0, a.start - 2) : a.start].lower() == "a " else a.start
        return Figure(a, "market share", "percent", None, (q0, share.end()), a.value, a.start)
    if _OF_AFTER.match(text, last.end):
        return None
    if prior is not None and tb is not None and prior.amount.start < tb.start:
        prior = None  # a metric word named since the last figure
    lo = max(c0, a.start - 45, prior.amount.end if prior else c0, tb.end if tb else c0)
    cue = _growth_cue(text, lo, a)
    if cue is None and tb is not None and not between:
        verb = _CUE_BEFORE.search(text, max(c0, tb.start - 14), tb.start)  # "grew revenue 26%"
        if verb is not None and len(text[tb.end : a.start]) <= 3:
            cue = verb
    after = _AFTER_GROWTH.match(text, last.end)
    noun = None
    for m in _GROWTH_NOUN.finditer(text, max(c0, a.start - 60, tb.start if tb else c0), a.start):
        noun = m
    basis = _basis(text, c0, a, last)
    trailing_basis = basis is not None and basis.start() >= last.end
    if cue is None and after is None and noun is None and not trailing_basis:
        if tb is not None and tb.unit == "percent" and not between:
            return Figure(a, tb.name, tb.unit, tb.segment, (tb.start, last.end), a.value, a.start)
        if ta is not None and ta.unit == "percent":
            return Figure(a, ta.name, ta.unit, ta.segment, (a.start, ta.end), a.value, a.start)
        return None
    if tb is not None and tb.unit == "loss" and (prior is None or prior.amount.start < tb.start):
        return None  # "net loss narrowed 20%": a change of a loss, not read
    # growth of which metric: the figure before it, a money metric named before it,
    # or one named after it ("a 26% rise in revenue")
    name, segment, anchor = "revenue", None, a.start
    direct: _Term | None = None
    if prior is not None:
        name, segment, anchor = prior.metric, prior.segment, prior.anchor
    elif tb is not None and tb.unit == "money" and not between:
        direct = tb
    elif tb is not None and tb.unit == "percent" and (noun is None or noun.start() < tb.start):
        return None  # "margin rose 2%": a change of a ratio, not read
    else:
        nxt = _next_term_after(text, after.end()) if after is not None else None
        if nxt is not None and nxt.unit == "money":
            direct = nxt
        elif ta is not None and ta.unit == "money":
            direct = ta
        elif noun is None and cue is None:
            return None
    if direct is not None:
        name, segment = direct.name, direct.segment
    elif prior is None:
        # no metric named: a company's growth rate is its revenue growth ("Baidu AI Cloud grew 27%"),
        # but only when the company is named right before and nothing says it is a share price
        at = noun.start() if noun is not None else cue.start() if cue is not None else a.start
        near = [(b, e) for b, e in names if 0 <= at - e <= 30]
        ends = [e for _, e in near]
        lo = max(c0, max(b for b, _ in near) - 12) if near else max(c0, at - 30)
        if _NOT_REVENUE.search(text, lo, a.start):
            return None  # "shares fell 9%", "the market grew 20%"
        named = bool(ends) or _PRONOUN.search(text, max(c0, at - 30), at) is not None
        if noun is not None:
            seg = lexicon().segment_before.search(text, max(c0, noun.start() - 40), noun.start())
            if seg is not None and not in_name(text, seg.start()):
                segment = seg.group("seg").casefold()
        if not named and segment is None:
            return None  # "growth of 5%" of nothing named: the market's, the economy's?
    kind = "qoq" if basis is not None and (basis.group("qoq") or basis.group("cjk_qoq")) else "yoy"
    value = a.value
    down = cue is not None and bool(cue.group("down") or cue.groupdict().get("cjk_down"))
    if after is not None and re.match(
        r"decline|decrease|drop|fall|dip|contraction|slide|slump|lower|less",
        after.group("cue"),
        re.IGNORECASE,
    ):
        down = True
    if down and value > 0:
        value = -value
    starts = [m.start() for m in (cue, noun) if m is not None]
    if direct is not None and direct.end <= a.start:
        starts.append(direct.start)
    if (
        basis is not None
        and basis.end() <= a.start
        and starts
        and 0 <= min(starts) - basis.end() <= 2
    ):
        starts.append(basis.start())
    q0 = min(starts) if starts else a.start
    art = _ARTICLE.search(text, max(c0, q0 - 4), q0)
    if art is not None:
        q0 = art.start()
    q1 = max(last.end, after.end() if after is not None else 0)
    if basis is not None and basis.start() >= last.end and basis.start() - q1 <= 2:
        q1 = max(q1, basis.end())
    if direct is not None and direct.start >= last.end:
        q1 = max(q1, direct.end)
    return Figure(a, f"{name} growth {kind}", "percent", segment, (q0, q1), value, anchor)


def _next_term_after(text: str, pos: int) -> _Term | None:
    m = _IN_OF.match(text, pos)
    if m is None:
        return None
    for t in _terms(text, m.end(), min(len(text), m.end() + 60)):
        return t if t.start <= m.end() + 25 else None
    return None


def _basis(text: str, c0: int, a: Amount, last: Amount) -> re.Match[str] | None:
    """ "year on year" / "sequentially" stated just before the figure or right after it."""
    near = None
    for m in _BASIS.finditer(text, max(c0, a.start - 40), min(len(text), last.end + 70)):
        if m.start() >= last.end:
            gap = text[last.end : m.start()]
            if len(gap) <= 16 and not any(ch in gap for ch in ",;:0123456789"):
                return m
            break
        near = m
    return near


def _money(
    text: str,
    c0: int,
    a: Amount,
    last: Amount,
    tb: _Term | None,
    ta: _Term | None,
    between: list[Amount],
    names: list[tuple[int, int]],
) -> Figure | None:
    """A money figure: a level of a money metric, or a planned investment."""
    per_share = _PER_SHARE.match(text, last.end)
    if per_share is not None:
        # "net income was $1.2 billion, or $0.45 per diluted share": earnings per share
        profit = _last(_PROFIT.finditer(text, max(c0, a.start - 70), a.start))
        if profit is not None and _NOT_EPS.search(text, profit.end(), a.start):
            profit = None  # "... and paid a dividend of $0.10 per share"
        if profit is None or (tb is not None and tb.name in ("eps", "adjusted eps")):
            if tb is not None and tb.name in ("eps", "adjusted eps"):
                return Figure(
                    a, tb.name, "money", tb.segment, (tb.start, per_share.end()), a.value, a.start
                )
            return None  # a dividend or a price per share
        adjusted = _ADJUSTED.search(text, max(c0, profit.start() - 30), profit.end()) is not None
        name = "adjusted eps" if adjusted else "eps"
        value = -a.value if profit.group("loss") else a.value
        return Figure(a, name, "money", None, (a.start, per_share.end()), value, a.start)
    inv = None
    for m in _INVEST.finditer(text, max(c0, a.start - 50), a.start):
        inv = m
    if (
        inv is not None
        and (inv.group("verb2") or _PLAN.search(text, c0, inv.end()))
        and not _NOT_INVESTMENT.match(text, last.end)
    ):
        v0 = inv.start("verb") if inv.group("verb") else inv.start("verb2")
        q1 = last.end
        dur = find_duration(text, last.end, min(len(text), last.end + 40))
        if dur is not None and dur.start - last.end <= 2:
            q1 = dur.end
        return Figure(a, "planned investment", "money", None, (v0, q1), a.value, a.start)
    plan = _PLAN_AFTER.match(text, last.end)
    if plan is not None:
        return Figure(
            a, "planned investment", "money", None, (a.start, plan.end()), a.value, a.start
        )
    if tb is not None and tb.unit in ("money", "loss"):
        gap_from = between[-1].end if between else tb.end
        if between and not (
            all(b.unit == "percent" for b in between) and _TO.search(text, gap_from, a.start)
        ):
            return None
        gap = text[tb.end : a.start]
        cue = _growth_cue(text, tb.end, a)
        if cue is not None and not between:
            return None  # "revenue rose $2 billion": an absolute change
        stripped = strip_periods(text, tb.end, a.start)
        if "," in stripped and not between and not _LINK_GAP.match(stripped):
            return None  # "revenue, which ..., was": too far to be sure
        if len(gap) > _TERM_REACH:
            return None
        if tb.unit == "loss":
            return Figure(a, tb.name, "loss", tb.segment, (tb.start, last.end), -a.value, a.start)
        return Figure(a, tb.name, "money", tb.segment, (tb.start, last.end), a.value, a.start)
    if ta is not None and ta.unit in ("money", "loss"):
        value = -a.value if ta.unit == "loss" else a.value
        return Figure(a, ta.name, ta.unit, ta.segment, (a.start, ta.end), value, a.start)
    verb = _EARNED.search(text, max(c0, a.start - 40), a.start)
    if (
        verb is not None
        and not _NOT_EARNED_AFTER.match(text, last.end)
        and (
            any(0 <= verb.start() - e <= 30 for _, e in names)
            or _PRONOUN.search(text, max(c0, verb.start() - 30), verb.start())
        )
    ):
        return Figure(a, "revenue", "money", None, (verb.start(), last.end), a.value, a.start)
    return None


def strip_periods(text: str, lo: int, hi: int) -> str:
    """``text[lo:hi]`` with period phrases (which may hold commas: "June 30, 2025") blanked."""
    if not _MAYBE_PERIOD.search(text, lo, hi):
        return text[lo:hi]
    gap = list(text[lo:hi])
    spans = [(p.start, p.end) for p in find_periods(text, lo, hi)]
    spans += [(x0, x1) for x0, x1, _ in find_anaphora(text, lo, hi)]
    for x0, x1 in spans:
        for k in range(x0 - lo, x1 - lo):
            gap[k] = " "
    return "".join(gap)
