"""Metric claims: the figures a note states, with metric, subject, value, unit and period.

``metric_claims(ctx)`` reads the sentences of one document and returns one
:class:`~thesisgraph.graph.model.Claim` of kind ``METRIC`` per figure it can pin
to a metric and a subject; a number without a metric word (a year, a date, a
ticker, a page number, a count) gives none.

Metric names (lower case; synonyms in ``data/metrics.yaml``):

* levels in money: ``revenue``, ``net income``, ``adjusted net income``,
  ``operating income``, ``adjusted ebita``, ``ebitda``, ``adjusted ebitda``,
  ``gross profit``, ``free cash flow``, ``operating cash flow``, ``capex``,
  ``eps``, ``adjusted eps``, ``planned investment`` ("plans to invest RMB 380
  billion over three years");
* levels in percent: ``gross margin``, ``operating margin``, ``net margin``,
  ``adjusted profit margin``, ``adjusted ebita margin``, ``ebitda margin``,
  ``market share``;
* growth of a money metric, in percent: ``<metric> growth yoy`` or ``<metric>
  growth qoq`` ("up 26% year over year", "a 9% sequential decline" is -9,
  "revenue growth rate of 13%"; growth with no comparison stated is taken as
  year on year, and a growth rate stated of a company with no metric word is
  revenue growth);
* forward-looking figures get a suffix: ``<metric> guidance`` when a company
  expects or guides, ``<metric> forecast`` when an analyst forecasts or
  estimates;
* a business-line qualifier with no matching business unit stays in the name
  (``data center revenue``).

Changes in percentage points or basis points, shares of a total ("26% of
revenue") and absolute changes ("revenue rose $2 billion") are not read.

Subject: the nearest company or business-unit mention before the figure in its
sentence, else in the sentences before it in the same paragraph, else the
note's subject; a business-line qualifier ("cloud revenue", "margin of the
cloud business") moves it to the company's unit of that name (Alibaba's cloud
revenue is about Alibaba Cloud). Period: the period phrase nearest the figure in
its clause, else in its sentence, else the last one stated earlier in the
paragraph; "this quarter" and "the latest quarter" mean the last quarter the
note stated. Labels and dates follow :mod:`.periods`.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from importlib.resources import files

from ...graph.iri import child_iri
from ...graph.model import Claim, ClaimKind, Entity, EntityKind, Evidence, Period
from .context import DocContext, Mention
from .numbers import Amount, find_amounts
from .periods import PeriodMention, find_anaphora, find_duration, find_periods, resolve_period

_WORD = re.compile(r"(?<![\w-])[A-Za-z]+")
_AT_LEAST = re.compile(
    r"(?<![\w-])(?:more[ \u00a0]than|over|at[ \u00a0]least|exceeding|in[ \u00a0]excess[ \u00a0]of|above|upwards[ \u00a0]of|no[ \u00a0]less[ \u00a0]than)[ \u00a0]?\Z",
    re.IGNORECASE,
)
_AT_MOST = re.compile(
    r"(?<![\w-])(?:less[ \u00a0]than|under|at[ \u00a0]most|up[ \u00a0]to|below|no[ \u00a0]more[ \u00a0]than)[ \u00a0]?\Z",
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
    r"[ \u00a0-](?:per[ \u00a0](?:user|customer|unit|employee|head|visit|member)|share(?:ing)?\b|multiple|target|estimates?\b|consensus)",
    re.IGNORECASE,
)
_HAS_CJK = re.compile(r"[\u3400-\u9fff]")
#: The longest stretch read as one sentence.
_SENTENCE_MAX = 600
#: How far (characters) a metric word may stand before its figure.
_TERM_REACH = 90
_SUBJECT_KINDS = (EntityKind.COMPANY, EntityKind.BUSINESS_UNIT)


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
    r"|shr(?:ank|inks?|unk)|contract(?:ed|s|ion)?|slid|slump(?:ed|s)?|lower|dip(?:ped|s)?"
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
    r"|(?:from|than|on|over|versus|vs\.?)[ \u00a0]the[ \u00a0](?:previous|prior|preceding|last|first)[ \u00a0]quarter"
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
    r"|tariffs?|duties|inflation|interest[ \u00a0]rates?|tax[ \u00a0]rate|yields?|users?|volume|shipments?|downloads?|headcount)(?![\w-])",
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
    rf"[ \u00a0]?(?:(?:{_YOY}|{_QOQ})[ \u00a0]?)?(?P<cue>increase|growth|rise|gain|jump|surge|decline|decrease|drop|fall|higher|lower|more|less|year[ \u00a0-](?:on|over)[ \u00a0-]year|yoy|y/y|quarter[ \u00a0-](?:on|over)[ \u00a0-]quarter|qoq|sequential(?:ly)?)(?![\w-])",
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
#: An analyst's own forecast: its figures are "<metric> forecast".
_FORECAST = re.compile(
    r"(?<![\w-])(?:we|our|analysts?)[ \u00a0](?:now[ \u00a0]|still[ \u00a0]|also[ \u00a0])?"
    r"(?:expect|forecast|project|predict|see|model|anticipate)s?(?![\w-])",
    re.IGNORECASE,
)
#: A company's own outlook: its figures are "<metric> guidance".
_GUIDANCE = re.compile(
    r"(?<![\w-])(?:guidance|outlook|guides?|guided|guiding|forecasts?|projects?|projected|anticipates?"
    r"|(?<!we[ \u00a0])expects?|(?<!we[ \u00a0])expected[ \u00a0]to[ \u00a0]be)(?![\w-])|预计|指引",
    re.IGNORECASE,
)
_COMPARISON = re.compile(
    r"(?<![\w-])(?:from|compared[ \u00a0](?:with|to)|versus|vs\.?|against|than|over|relative[ \u00a0]to|(?:increase|rise|growth|gain|decline|decrease|up|down)[ \u00a0]on)"
    r"[ \u00a0](?:(?:the|same|period|quarter|year|in|of|a)[ \u00a0]){0,4}\Z",
    re.IGNORECASE,
)
#: A period named right after a figure that is itself a base of comparison.
_COMPARED_FIGURE = re.compile(
    r"(?<![\w-])(?:from|compared[ \u00a0](?:with|to)|versus|vs\.?|against|than|over)[ \u00a0][^,;:]{0,40}\d[^,;:]{0,20}\Z",
    re.IGNORECASE,
)
_THAT_IS = re.compile(
    r"[\s\W]{0,3}(?:that|this|it)[ \u00a0](?:is|was|represents|represented|marks|marked|means)(?![\w-])",
    re.IGNORECASE,
)
_IN_OF = re.compile(r"[ \u00a0]?(?:in|of)[ \u00a0](?:the[ \u00a0]|its[ \u00a0])?", re.IGNORECASE)
_LATEST = re.compile(r"latest|most[ \u00a0]recent|本季度|当季", re.IGNORECASE)
#: Figures others expect: not what the note asserts.
_CONSENSUS = re.compile(
    r"(?<![\w-])(?:consensus|analysts?(?:'s?)?[ \u00a0](?:had[ \u00a0])?(?:expect|estimate|forecast|polled)\w*"
    r"|expectations[ \u00a0]of|estimates?[ \u00a0]of|(?:had|have)[ \u00a0](?:expected|forecast|estimated))(?![\w-])",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"[;；]")
_ARTICLE = re.compile(r"(?<![\w-])(?:an?|the)[ \u00a0]\Z", re.IGNORECASE)
#: A sentence when the caller gave none: up to a stop followed by a space, or a line end.
_SENTENCE = re.compile(r"(?:[^.!?。！？\n]|[.!?](?=[^\s.!?]))+(?:[.!?。！？]+|\n|\Z)")


@dataclass
class _State:
    """What carries from sentence to sentence: the periods stated so far."""

    period: str | None = None  # the last period stated, and in which paragraph
    period_para: int = -1
    section: str | None = None  # the last period stated since the last heading
    title: str | None = None  # the period the note's first line states
    first: bool = True
    sections: bool = False  # whether a section heading has been met
    previous: _Figure | None = None  # the last money figure of the previous sentence
    quarters: list[str] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class _Figure:
    """One figure read, before its subject and period are settled."""

    amount: Amount
    metric: str
    unit_kind: str
    segment: str | None
    quote: tuple[int, int]
    value: Decimal
    anchor: int  # where to look back from for the subject (an earlier figure's, when inherited)
    upper: Amount | None = None  # the other end of a range


def metric_claims(ctx: DocContext) -> list[Claim]:
    """Every metric claim of the document, in text order."""
    text = ctx.note.text
    lo, hi = ctx.note.body_range
    sentences = ctx.sentences or tuple(
        (m.start(), m.end()) for m in _SENTENCE.finditer(text, lo, hi) if m.group(0).strip()
    )
    breaks = _paragraph_breaks(text, lo, hi)
    mention_starts = [m.start for m in ctx.mentions]
    state = _State()
    for s0, s1 in _bounded(text, sentences):
        para = bisect_right(breaks, s0)
        para_start = breaks[para - 1] if para else lo
        _read_sentence(ctx, s0, s1, para, para_start, state, mention_starts)
    return state.claims


def _bounded(text: str, sentences: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """Sentences cut into pieces of at most ``_SENTENCE_MAX`` characters (at a comma or space when
    there is one), so that a run of text with no full stop costs no more than ordinary prose."""
    out = []
    for s0, s1 in sentences:
        while s1 - s0 > _SENTENCE_MAX:
            cut = max(text.rfind(c, s0 + _SENTENCE_MAX // 2, s0 + _SENTENCE_MAX) for c in ",; ")
            cut = cut + 1 if cut > s0 else s0 + _SENTENCE_MAX
            out.append((s0, cut))
            s0 = cut
        out.append((s0, s1))
    return out


def _paragraph_breaks(text: str, lo: int, hi: int) -> list[int]:
    """Offsets of newlines that end a paragraph (a blank line, or a line that ends a sentence or is short)."""
    out = []
    i = text.find("\n", lo, hi)
    while i != -1:
        before = text[max(lo, i - 200) : i].rstrip()
        line_start = text.rfind("\n", lo, i) + 1
        if (
            not before
            or before[-1] in '.!?:;。！？：；"”'
            or i - line_start < 60
            or text[i + 1 : i + 2] in ("\n", "#", "-", "*")
        ):
            out.append(i)
        i = text.find("\n", i + 1, hi)
    return out


def _clause(text: str, s0: int, s1: int, pos: int) -> tuple[int, int]:
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
            else _in_name(text, seg.start())
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
        out.append(_Term(start, m.end(), name, unit, segment))
    return out


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


def _in_name(text: str, pos: int) -> bool:
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


def _read_sentence(
    ctx: DocContext,
    s0: int,
    s1: int,
    para: int,
    para_start: int,
    state: _State,
    mention_starts: list[int],
) -> None:
    text = ctx.note.text
    explicit: list[PeriodMention] = []
    compared: list[PeriodMention] = []
    for p in find_periods(text, s0, s1):
        label = _absolute(ctx, p.label, state, explicit)
        if label is None:
            continue
        p = PeriodMention(p.start, p.end, label)
        if _COMPARISON.search(text, max(s0, p.start - 40), p.start):
            continue  # "up 10% on 2Q24", "compared with Q2 FY25": a base, not a figure's period
        if _COMPARED_FIGURE.search(text, max(s0, p.start - 60), p.start):
            compared.append(p)  # "than the $30.0 billion of Q2 FY25": that figure's only
            continue
        explicit.append(p)
    amounts = find_amounts(text, s0, s1)
    others = [m.end() for m in _CONSENSUS.finditer(text, s0, s1)]
    if others:  # figures others expect, not what the note asserts
        amounts = [a for a in amounts if not any(0 <= a.start - e <= 40 for e in others)]
    if any(a.unit not in (None, "pp") for a in amounts):
        names = [(m.start, m.end) for m in ctx.mentions_in(s0, s1) if _is_subject(ctx, m)]
        carried = state.previous if _THAT_IS.match(text, s0) else None
        named = [(m.start, m.end) for m in ctx.mentions_in(s0, s1)]
        figures = _figures(text, s0, s1, amounts, names, carried, named)
        anaphora = find_anaphora(text, s0, s1)
        for fig in figures:
            _emit(
                ctx,
                fig,
                s0,
                s1,
                para,
                para_start,
                explicit,
                compared,
                anaphora,
                state,
                mention_starts,
            )
        money = [f for f in figures if f.unit_kind == "money"]
        state.previous = money[-1] if money else None
    else:
        state.previous = None
    if _is_heading(text, s0, s1):
        if state.first and explicit:
            state.title = explicit[-1].label
        if not state.first:
            state.sections = True
        if not explicit and not any(ch.isdigit() for ch in text[s0:s1]):
            state.section = state.title  # a new section ("Guidance") states its own period
    state.first = False
    for p in explicit:
        state.period, state.period_para, state.section = p.label, para, p.label
        if "Q" in p.label:
            state.quarters.append(p.label)
        elif p.label.startswith(("FY", "Y@")) or p.label.isdigit():
            state.years.append(p.label)


def _is_heading(text: str, s0: int, s1: int) -> bool:
    """Whether a sentence is a line of its own without a full stop (a title or a section heading)."""
    line_start = text.rfind("\n", 0, s0) + 1
    line_end = text.find("\n", s0)
    line_end = len(text) if line_end == -1 else line_end
    line = text[line_start:line_end].strip()
    return (
        bool(line)
        and text[line_start:s0].strip() == ""
        and text[s1:line_end].strip() == ""
        and len(line) <= 100
        and line[-1] not in ".!?。！？"
    )


def _calendar_quarter(ctx: DocContext, quarter: int) -> str | None:
    """ "third-quarter" in a note that names no year: the last such calendar quarter before its date."""
    d = ctx.note.date
    if d is None:
        return None
    year = d.year if (d.month - 1) // 3 + 1 > quarter else d.year - 1
    return f"{year}Q{quarter}"


def _absolute(
    ctx: DocContext, label: str, state: _State, before: list[PeriodMention]
) -> str | None:
    """A stated label with the year filled in where the text left it out ("the June quarter", "Q3")."""
    if label.startswith("QM@"):
        month = int(label[3:])
        year = None
        for p in reversed(before):
            m = re.search(r"(?:19|20)\d{2}", p.label)
            if m:
                year = int(m.group(0))
                break
        if year is None and state.title is not None:
            m = re.search(r"(?:19|20)\d{2}", state.title)
            year = int(m.group(0)) if m else None
        if year is None and ctx.note.date is not None:
            d = ctx.note.date
            year = d.year if d.month >= month else d.year - 1
        if year is None:
            last = state.quarters[-1] if state.quarters else state.period
            m = re.search(r"(?:19|20)\d{2}", last or "")
            year = int(m.group(0)) if m else None
        if year is None:
            return None
        return f"Q@{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
    if label.startswith("Q?"):
        last = next((p.label for p in reversed(before) if "Q" in p.label), None)
        last = last or (state.quarters[-1] if state.quarters else None)
        if last is None:
            return _calendar_quarter(ctx, int(label[2:]))
        if last.startswith("Q@"):
            subject = ctx.entities.get(ctx.subject) if ctx.subject else None
            last = resolve_period(last, _fiscal_year_end(ctx, subject) if subject else None).label
        m = re.fullmatch(r"(FY)?(\d{4})Q[1-4]", last)
        return f"{m.group(1) or ''}{m.group(2)}Q{label[2:]}" if m else None
    return label


def _figures(
    text: str,
    s0: int,
    s1: int,
    amounts: list[Amount],
    names: list[tuple[int, int]],
    carried: _Figure | None = None,
    named: list[tuple[int, int]] | None = None,
) -> list[_Figure]:
    """The figures of one sentence: each amount tied to a metric, or left out.

    ``names`` are the spans of company and unit names in the sentence, ``named``
    those of every entity name; ``carried`` is the last money figure of the
    sentence before, for a sentence that begins "That is ...".
    """
    terms = _terms(text, s0, s1, named)
    out: list[_Figure] = []
    by_amount: dict[int, _Figure] = {}
    prior: _Figure | None = (
        None  # the last money figure of the clause, which a growth rate may refer to
    )
    latest: _Figure | None = None  # the last figure of the clause, which a list may continue
    clause = _clause(text, s0, s1, s0)
    prior = carried  # "That is 56% more than ...": the figure of the sentence before
    for i, a in enumerate(amounts):
        if a.unit is None or a.unit == "pp" or a.bound == "upper":
            continue
        upper = amounts[i + 1] if a.bound == "lower" and i + 1 < len(amounts) else None
        last = upper or a
        c0, c1 = _clause(text, s0, s1, a.start)
        if (c0, c1) != clause:
            clause, prior, latest = (c0, c1), None, None
        fig: _Figure | None = None
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
        by_amount[i] = fig
        if fig.unit_kind == "money":
            prior = fig
        latest = fig
        out.append(fig)
    return out


def _respectively(text: str, latest: _Figure, a: Amount, last: Amount) -> _Figure | None:
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


def _continues(text: str, latest: _Figure, a: Amount, last: Amount) -> bool:
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
    stripped = _TOLERANCE.sub(" ", _strip_periods(text, prev.end, a.start))
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
    prior: _Figure | None,
    names: list[tuple[int, int]],
) -> _Figure | None:
    """A percent figure: a level of a percent metric (a margin) or the growth of a money metric."""
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
            return _Figure(a, tb.name, tb.unit, tb.segment, (tb.start, last.end), a.value, a.start)
        if ta is not None and ta.unit == "percent":
            return _Figure(a, ta.name, ta.unit, ta.segment, (a.start, ta.end), a.value, a.start)
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
        if _NOT_REVENUE.search(text, c0, a.start):
            return None
        named = any(0 <= at - e <= 30 for _, e in names) or _PRONOUN.search(
            text, max(c0, at - 30), at
        )
        if noun is None and not named:
            return None
        if noun is not None:
            seg = lexicon().segment_before.search(text, max(c0, noun.start() - 40), noun.start())
            if seg is not None and not _in_name(text, seg.start()):
                segment = seg.group("seg").casefold()
    kind = "qoq" if basis is not None and (basis.group("qoq") or basis.group("cjk_qoq")) else "yoy"
    value = a.value
    down = cue is not None and bool(cue.group("down") or cue.groupdict().get("cjk_down"))
    if after is not None and re.match(
        r"decline|decrease|drop|fall|lower|less", after.group("cue"), re.IGNORECASE
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
    return _Figure(a, f"{name} growth {kind}", "percent", segment, (q0, q1), value, anchor)


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
) -> _Figure | None:
    """A money figure: a level of a money metric, or a planned investment."""
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
        return _Figure(a, "planned investment", "money", None, (v0, q1), a.value, a.start)
    plan = _PLAN_AFTER.match(text, last.end)
    if plan is not None:
        return _Figure(
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
        stripped = _strip_periods(text, tb.end, a.start)
        if "," in stripped and not between and not _LINK_GAP.match(stripped):
            return None  # "revenue, which ..., was": too far to be sure
        if len(gap) > _TERM_REACH:
            return None
        if tb.unit == "loss":
            return _Figure(a, tb.name, "loss", tb.segment, (tb.start, last.end), -a.value, a.start)
        return _Figure(a, tb.name, "money", tb.segment, (tb.start, last.end), a.value, a.start)
    if ta is not None and ta.unit in ("money", "loss"):
        value = -a.value if ta.unit == "loss" else a.value
        return _Figure(a, ta.name, ta.unit, ta.segment, (a.start, ta.end), value, a.start)
    verb = _EARNED.search(text, max(c0, a.start - 40), a.start)
    if (
        verb is not None
        and not _NOT_EARNED_AFTER.match(text, last.end)
        and (
            any(0 <= verb.start() - e <= 30 for _, e in names)
            or _PRONOUN.search(text, max(c0, verb.start() - 30), verb.start())
        )
    ):
        return _Figure(a, "revenue", "money", None, (verb.start(), last.end), a.value, a.start)
    return None


def _strip_periods(text: str, lo: int, hi: int) -> str:
    """``text[lo:hi]`` with period phrases (which may hold commas: "June 30, 2025") blanked."""
    gap = list(text[lo:hi])
    spans = [(p.start, p.end) for p in find_periods(text, lo, hi)]
    spans += [(x0, x1) for x0, x1, _ in find_anaphora(text, lo, hi)]
    for x0, x1 in spans:
        for k in range(x0 - lo, x1 - lo):
            gap[k] = " "
    return "".join(gap)


def _emit(
    ctx: DocContext,
    fig: _Figure,
    s0: int,
    s1: int,
    para: int,
    para_start: int,
    explicit: list[PeriodMention],
    compared: list[PeriodMention],
    anaphora: list[tuple[int, int, str]],
    state: _State,
    mention_starts: list[int],
) -> None:
    text = ctx.note.text
    a = fig.amount
    pos = fig.anchor
    if pos < a.start:
        lo, hi = bisect_right(mention_starts, pos), bisect_right(mention_starts, a.start)
        if any(_is_subject(ctx, m) for m in ctx.mentions[lo:hi]):
            pos = a.start  # a company named since the figure this one refers to
    subject = _subject(ctx, pos, para_start, mention_starts)
    if subject is None:
        return
    metric = fig.metric
    if fig.segment == "*":
        if ctx.entities[subject].kind is not EntityKind.BUSINESS_UNIT:
            return  # "the unit's revenue" and no unit named: whose, we cannot tell
    elif fig.segment:
        unit_iri = _unit_for(ctx, subject, fig.segment)
        if unit_iri is not None:
            subject = unit_iri
        elif not _names_segment(ctx.entities[subject], fig.segment):
            metric = f"{fig.segment} {metric}"
    c0, _ = _clause(text, s0, s1, a.start)
    if fig.metric == "planned investment":
        pass
    elif _FORECAST.search(text, max(s0, c0 - 80), a.start):
        metric += " forecast"
    elif _GUIDANCE.search(text, max(s0, c0 - 80), a.start):
        metric += " guidance"
    entity = ctx.entities[subject]
    fye = _fiscal_year_end(ctx, entity)
    label = _period_label(text, fig, s0, s1, para, explicit, compared, anaphora, state, fye)
    period = resolve_period(label, fye) if label else None
    q0, q1 = fig.quote
    while q1 > q0 and text[q1 - 1].isspace():
        q1 -= 1
    if fig.upper is not None:
        ends: list[tuple[Amount, str | None]] = [(a, "lower"), (fig.upper, "upper")]
    elif _AT_LEAST.search(text, max(s0, a.start - 24), a.start):
        ends = [(a, "lower" if fig.value >= 0 else "upper")]  # "more than RMB 380 billion"
    elif _AT_MOST.search(text, max(s0, a.start - 24), a.start):
        ends = [(a, "upper" if fig.value >= 0 else "lower")]  # "up to 5%"
    else:
        ends = [(a, None)]
    for amount, bound in ends:
        value = (
            fig.value
            if amount is a
            else (-amount.value if fig.value < 0 < amount.value else amount.value)
        )
        unit = amount.unit or ""
        iri = child_iri(
            ctx.doc_iri, "claim", "metric", str(q0), str(q1), metric, unit, bound or "", str(value)
        )
        if iri in state.seen:
            continue
        state.seen.add(iri)
        shown = amount.display() if value == amount.value else f"-{amount.display()}"
        statement = f"{entity.name} {metric}{' ' + period.label if period else ''}: {shown}"
        if bound:
            statement += f" ({bound} bound)"
        state.claims.append(
            Claim(
                iri=iri,
                kind=ClaimKind.METRIC,
                about=subject,
                statement=statement,
                evidence=(Evidence.from_text(text, q0, q1),),
                asserted_by=ctx.publisher,
                metric=metric,
                value=value,
                unit=unit,
                resolution=amount.resolution,
                bound=bound,
                period=period,
            )
        )


def _period_label(
    text: str,
    fig: _Figure,
    s0: int,
    s1: int,
    para: int,
    explicit: list[PeriodMention],
    compared: list[PeriodMention],
    anaphora: list[tuple[int, int, str]],
    state: _State,
    fye: str | None,
) -> str | None:
    """The stated label of the figure's period: in its clause, its sentence, or carried."""
    a = fig.amount
    last = fig.upper or a
    c0, c1 = _clause(text, s0, s1, a.start)
    marks: list[tuple[int, int, str]] = [(p.start, p.end, p.label) for p in explicit]
    for x0, x1, kind in anaphora:
        if any(p.start <= x0 < p.end for p in explicit + compared):
            continue
        if kind == "q" and state.quarters:
            marks.append((x0, x1, _latest(state.quarters, fye)))
        elif kind == "y" and state.years:
            marks.append((x0, x1, state.years[-1]))
        elif state.section is not None:
            marks.append((x0, x1, state.section))

    def right_after(m: tuple[int, int, str]) -> bool:
        """A period right after the figure ("RMB 5.1 billion in 2Q24") is its own."""
        return 0 <= m[0] - last.end <= 24 and not find_amounts(text, last.end, m[0])

    own = [m for m in marks + [(p.start, p.end, p.label) for p in compared] if right_after(m)]
    if own:
        return min(own)[2]
    for lo, hi in ((c0, c1), (s0, s1)):
        near = [m for m in marks if lo <= m[0] < hi]
        if not near:
            continue
        prior = [m for m in near if m[1] <= a.start]
        return max(prior)[2] if prior else min(near)[2]
    if fig.metric == "planned investment" or fig.metric.startswith("planned"):
        dur = find_duration(text, s0, s1)
        if dur is not None:
            return dur.label
    if state.period is not None and state.period_para == para:
        return state.period
    if state.sections:
        return state.section or state.title
    return state.title or state.section  # no sections: the period of the note's title


def _latest(labels: list[str], fye: str | None) -> str:
    """Of the quarters stated so far, the one that ends last."""
    best, best_end = labels[-1], None
    for label in labels:
        end = resolve_period(label, fye).end
        if end is not None and (best_end is None or end > best_end):
            best, best_end = label, end
    return best


def _subject(ctx: DocContext, pos: int, para_start: int, mention_starts: list[int]) -> str | None:
    """The nearest company or unit named before ``pos`` in its paragraph, else the note's subject,
    else the nearest one named anywhere before."""
    i = bisect_right(mention_starts, pos)
    fallback = None
    for m in reversed(ctx.mentions[:i]):
        if m.end > pos or not _is_subject(ctx, m):
            continue
        if m.start >= para_start:
            return m.iri
        fallback = m.iri
        break
    if ctx.subject in ctx.entities:
        return ctx.subject
    return fallback


def _is_subject(ctx: DocContext, m: Mention) -> bool:
    e = ctx.entities.get(m.iri)
    return e is not None and e.kind in _SUBJECT_KINDS and m.iri != ctx.publisher


def _names_segment(entity: Entity, segment: str) -> bool:
    names = [entity.name, *entity.aliases]
    return any(segment in n.casefold() for n in names)


def _unit_for(ctx: DocContext, subject: str, segment: str) -> str | None:
    """The business unit of ``subject``'s company that the segment word names ("cloud" -> Alibaba Cloud)."""
    entity = ctx.entities[subject]
    if _names_segment(entity, segment) and entity.kind is EntityKind.BUSINESS_UNIT:
        return subject
    company = (
        entity.part_of if entity.kind is EntityKind.BUSINESS_UNIT and entity.part_of else subject
    )
    for e in ctx.entities.values():
        if (
            e.part_of == company
            and e.kind is EntityKind.BUSINESS_UNIT
            and _names_segment(e, segment)
        ):
            return e.iri
    return None


def _fiscal_year_end(ctx: DocContext, entity: Entity) -> str | None:
    seen = set()
    e: Entity | None = entity
    while e is not None and e.iri not in seen:
        if e.fiscal_year_end:
            return e.fiscal_year_end
        seen.add(e.iri)
        e = ctx.entities.get(e.part_of) if e.part_of else None
    return None


__all__ = ["Period", "lexicon", "metric_claims"]
