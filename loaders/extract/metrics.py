"""Metric claims: the figures a note states, with metric, subject, value, unit and period.

``metric_claims(ctx)`` reads the sentences of one document and returns one
:class:`~thesisgraph.graph.model.Claim` of kind ``METRIC`` per figure it can pin
to a metric and a subject; a number without a metric word (a year, a date, a
ticker, a page number, a count) gives none.

Metric names (lower case; synonyms in ``data/metrics.yaml``):

* levels in money: ``revenue``, ``net income``, ``adjusted net income``,
  ``operating income``, ``adjusted operating income``, ``adjusted ebita``,
  ``ebitda``, ``adjusted ebitda``, ``gross profit``, ``free cash flow``,
  ``operating cash flow``, ``capex``, ``eps``, ``adjusted eps``, ``planned
  investment`` ("plans to invest RMB 380 billion over three years"); a loss
  is the profit with the sign turned ("a net loss of RMB 1.2 billion" is net
  income of -1.2 billion);
* levels in percent: ``gross margin``, ``adjusted gross margin``, ``operating
  margin``, ``adjusted operating margin``, ``net margin``, ``adjusted profit
  margin``, ``adjusted ebita margin``, ``ebitda margin``, ``market share``;
* growth of a money metric, in percent: ``<metric> growth yoy`` or ``<metric>
  growth qoq`` ("up 26% year over year", "down 1% from the previous quarter" is
  -1, "revenue growth rate of 13%"); growth with no comparison stated is taken
  as year on year, and a company's growth rate with no metric word ("Baidu AI
  Cloud grew 27%") as revenue growth;
* forward-looking figures get a suffix: ``<metric> guidance`` when a company
  expects, guides, sees, targets or gives an outlook (before the figure, or
  after it when its period ends after the note's date), ``<metric> forecast``
  when the note's author does ("we expect");
* a business line with no business unit of that name stays in the name
  (``data center revenue``, ``smartphone gross margin``), so that it never
  meets the company's own figure in conflict detection.

Not read: changes in percentage points or basis points, shares of a total
("26% of revenue"), absolute changes ("revenue rose $2 billion"), figures of
others ("analysts had expected", "consensus"), prices, valuations, counts, and
figures of a unit that is not named ("the unit's operating profit" when no unit
is known). "More than"/"up to" make a figure a lower/upper ``bound``.

Subject: the nearest company or business-unit mention before the figure in its
paragraph, else the note's subject; a business line ("cloud revenue", "margin
of the cloud business") moves it to the company's unit of that name when the
context knows one (Alibaba's cloud revenue is about Alibaba Cloud); a growth
rate takes the subject of the figure it refers to. A figure with no subject
gives no claim.

Period: the period phrase right after the figure ("RMB 5.1 billion in 2Q24"),
else the nearest before it in its clause, then its sentence; else the last one
stated earlier in the paragraph, then in the section (since the last heading),
then the note's title. "This quarter", "the quarter" and "the latest quarter"
mean the latest quarter stated so far; "the fiscal year" the last year stated;
"the June quarter" and "second-quarter" take their year from the sentence, the
title or the note's date (the next such quarter when the sentence looks ahead); "its
fiscal fourth quarter" takes the fiscal year stated before it, else the last such
fiscal quarter ended by the note's date, else no period at all. A quarterly figure
never takes a whole year's period. Periods that are the base of a comparison ("up 10% on
2Q24", "than the $30.0 billion of Q2 FY25") are never carried. Labels and dates
follow :mod:`.periods`; the sentence grammar is in :mod:`.figures`.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from ...graph.iri import child_iri
from ...graph.model import Claim, ClaimKind, Entity, EntityKind, Evidence, Period
from .context import DocContext, Mention
from .figures import Figure, clause, lexicon, read_figures
from .numbers import Amount, find_amounts
from .periods import (
    PeriodMention,
    find_anaphora,
    find_duration,
    find_periods,
    fiscal_dates,
    resolve_period,
)

_AT_LEAST = re.compile(
    r"(?<![\w-])(?:more[ \u00a0]than|over|at[ \u00a0]least|exceeding|in[ \u00a0]excess[ \u00a0]of|above|upwards[ \u00a0]of|no[ \u00a0]less[ \u00a0]than)[ \u00a0]?\Z",
    re.IGNORECASE,
)
_AT_MOST = re.compile(
    r"(?<![\w-])(?:less[ \u00a0]than|under|at[ \u00a0]most|up[ \u00a0]to|below|no[ \u00a0]more[ \u00a0]than)[ \u00a0]?\Z",
    re.IGNORECASE,
)
#: The longest stretch read as one sentence.
_WHEN = re.compile(
    r",?[ \u00a0](?:when|where|in[ \u00a0]which|during[ \u00a0]which)[ \u00a0][^,;]{0,40}",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"(FY)?((?:19|20)\d{2})")
_WHOLE_YEAR = re.compile(r"(?:FY)?(?:19|20)\d{2}|Y@.*")
_QUARTERLY = re.compile(
    r"(?<![\w-])(?:quarterly|single-quarter|per[ \u00a0]quarter)(?![\w-])", re.IGNORECASE
)
_SENTENCE_MAX = 600
_SUBJECT_KINDS = (EntityKind.COMPANY, EntityKind.BUSINESS_UNIT)
#: An analyst's own forecast: its figures are "<metric> forecast".
_FORECAST = re.compile(
    r"(?<![\w-])(?:we|our|analysts?)[ \u00a0](?:now[ \u00a0]|still[ \u00a0]|also[ \u00a0])?"
    r"(?:expect|forecast|project|predict|see|model|anticipate)s?(?![\w-])",
    re.IGNORECASE,
)
#: A company's own outlook: its figures are "<metric> guidance".
_GUIDANCE = re.compile(
    r"(?<![\w-])(?:guidance|outlook|guides?|guided|guiding|forecasts?|projects?|projected|anticipates?"
    r"|sees|targets|targeting|(?<!we[ \u00a0])expects?|(?<!we[ \u00a0])(?<!than[ \u00a0])expected[ \u00a0]to)"
    r"(?![\w-])|预计|指引",
    re.IGNORECASE,
)
_COMPARISON = re.compile(
    r"(?<![\w-])(?:from|compared[ \u00a0](?:with|to)|versus|vs\.?|against|than|(?<!year[ -])(?<!quarter[ -])over"
    r"|relative[ \u00a0]to|(?:increase|rise|growth|gain|decline|decrease|up|down)[ \u00a0]on)"
    r"[ \u00a0](?:(?:the|same|period|quarter|year|in|of|a)[ \u00a0]){0,4}\Z",
    re.IGNORECASE,
)
#: A period named right after a figure that is itself a base of comparison.
_COMPARED_FIGURE = re.compile(
    r"(?<![\w-])(?:from|compared[ \u00a0](?:with|to)|versus|vs\.?|against|than|(?<!year[ -])(?<!quarter[ -])over)"
    r"[ \u00a0][^,;:]{0,40}\d[^,;:]{0,20}\Z",
    re.IGNORECASE,
)
_THAT_IS = re.compile(
    r"[\s\W]{0,3}(?:that|this|it)[ \u00a0](?:is|was|represents|represented|marks|marked|means)(?![\w-])",
    re.IGNORECASE,
)
#: Figures others expect: not what the note asserts.
_CONSENSUS = re.compile(
    r"(?<![\w-])(?:consensus|analysts?(?:'s?)?[ \u00a0](?:had[ \u00a0])?(?:expect|estimate|forecast|polled)\w*"
    r"|expectations[ \u00a0]of|estimates?[ \u00a0]of|(?:had|have)[ \u00a0](?:expected|forecast|estimated))(?![\w-])",
    re.IGNORECASE,
)
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
    previous: Figure | None = None  # the last money figure of the previous sentence
    quarters: list[str] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)


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
    forward: bool | None = None  # whether the sentence speaks of the future (read when needed)
    for p in find_periods(text, s0, s1):
        if p.label.startswith(("FQ?", "Q?")) and forward is None:
            forward = bool(_FORECAST.search(text, s0, s1) or _GUIDANCE.search(text, s0, s1))
        if p.label.startswith("FQ?"):
            fye = _fye_near(ctx, s0, p.start)
            q = int(p.label[3:])
            label: str | None = _fiscal_quarter(ctx, q, state, explicit, fye, bool(forward)) or ""
        else:
            label = _absolute(ctx, p.label, state, explicit, bool(forward))
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
        figures = read_figures(text, s0, s1, amounts, names, carried, named)
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
        if not p.label:
            continue  # a period whose year could not be told: it holds its own figures only
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


def _calendar_quarter(ctx: DocContext, quarter: int, forward: bool = False) -> str | None:
    """ "third-quarter" in a note that names no year: the last such calendar quarter before its
    date, or the next one not yet ended when the sentence looks ahead ("guided third-quarter")."""
    d = ctx.note.date
    if d is None:
        return None
    current = (d.month - 1) // 3 + 1
    if forward:
        return f"{d.year if current <= quarter else d.year + 1}Q{quarter}"
    year = d.year if current > quarter else d.year - 1
    return f"{year}Q{quarter}"


def _year_for(
    ctx: DocContext, month: int, state: _State, before: list[PeriodMention]
) -> int | None:
    """The year of a month named without one: from the sentence, the title, the note's date
    (the last such month before it), or the last period stated."""
    for p in reversed(before):
        m = re.search(r"(?:19|20)\d{2}", p.label)
        if m:
            return int(m.group(0))
    if state.title is not None:
        m = re.search(r"(?:19|20)\d{2}", state.title)
        if m:
            return int(m.group(0))
    if ctx.note.date is not None:
        d = ctx.note.date
        return d.year if d.month >= month else d.year - 1
    last = state.quarters[-1] if state.quarters else state.period
    m = re.search(r"(?:19|20)\d{2}", last or "")
    return int(m.group(0)) if m else None


def _fye_near(ctx: DocContext, s0: int, pos: int) -> str | None:
    """The fiscal year end of the last company named in the sentence before ``pos``, else of the
    note's subject."""
    named = [m for m in ctx.mentions_in(s0, pos) if _is_subject(ctx, m)]
    iri = named[-1].iri if named else ctx.subject
    entity = ctx.entities.get(iri) if iri else None
    return _fiscal_year_end(ctx, entity) if entity is not None else None


def _fiscal_quarter(
    ctx: DocContext,
    quarter: int,
    state: _State,
    before: list[PeriodMention],
    fye: str | None,
    forward: bool = False,
) -> str | None:
    """ "its fiscal fourth quarter": in the fiscal year stated nearest before it (in the
    sentence, then in the note), else the last such quarter ended by the note's date (the next
    one not yet ended when the sentence looks ahead); None when neither tells the year (never a
    year 0)."""
    stated = [p.label for p in reversed(before) if p.label]
    stated += [state.period] if state.period else []
    stated += state.quarters[-1:] + state.years[-1:]
    calendar_ok = fye is None or fye == "--12-31"
    for label in stated:
        if "@" in label:
            label = resolve_period(label, fye).label
        m = re.fullmatch(r"(FY)?((?:19|20)\d{2})(?:Q[1-4]|H[12])?", label)
        if m and (m.group(1) or calendar_ok):
            return f"FY{m.group(2)}Q{quarter}"
    d = ctx.note.date
    if d is None or fye is None:
        return None
    years = (d.year, d.year + 1, d.year + 2) if forward else (d.year + 1, d.year, d.year - 1)
    for fy in years:
        try:
            _, end = fiscal_dates(fy, fye, 3, quarter)
        except ValueError:
            return None
        if (end > d) if forward else (end <= d):
            return f"FY{fy}Q{quarter}"
    return None


def _absolute(
    ctx: DocContext,
    label: str,
    state: _State,
    before: list[PeriodMention],
    forward: bool = False,
) -> str | None:
    """A stated label with the year filled in where the text left it out ("the June quarter", "Q3")."""
    if label.startswith("QM@"):
        label = f"Q@?-{int(label[3:]):02d}-00"  # the month's last day, once the year is known
    if "@?-" in label:
        kind, month_day = label.split("@?-")
        month, day = int(month_day[:2]), int(month_day[3:])
        year = _year_for(ctx, month, state, before)
        if year is None:
            return None
        day = (
            min(day, calendar.monthrange(year, month)[1])
            if day
            else calendar.monthrange(year, month)[1]
        )
        return f"{kind}@{year:04d}-{month:02d}-{day:02d}"
    if label.startswith("Q?"):
        last = next((p.label for p in reversed(before) if "Q" in p.label), None)
        last = last or (state.quarters[-1] if state.quarters else None)
        if last is None:
            stated = next((p.label for p in reversed(before) if _YEAR.fullmatch(p.label)), None)
            stated = stated or (state.years[-1] if state.years else None)
            ym = _YEAR.fullmatch(stated or "")
            if ym:  # "fourth-quarter revenue" after "fiscal 2025": that year's
                return f"{ym.group(1) or ''}{ym.group(2)}Q{label[2:]}"
            return _calendar_quarter(ctx, int(label[2:]), forward)
        if last.startswith("Q@"):
            subject = ctx.entities.get(ctx.subject) if ctx.subject else None
            last = resolve_period(last, _fiscal_year_end(ctx, subject) if subject else None).label
        m = re.fullmatch(r"(FY)?(\d{4})Q[1-4]", last)
        return f"{m.group(1) or ''}{m.group(2)}Q{label[2:]}" if m else None
    return label


def _emit(
    ctx: DocContext,
    fig: Figure,
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
    product = _product_before(ctx, fig.quote[0], mention_starts) if not fig.segment else None
    subject = product or _subject(ctx, pos, para_start, mention_starts)
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
    c0, c1 = clause(text, s0, s1, a.start)
    entity = ctx.entities[subject]
    fye = _fiscal_year_end(ctx, entity)
    label = _period_label(text, fig, s0, s1, para, explicit, compared, anaphora, state, fye)
    if label and fig.years_back:
        label = _years_before(label, fig.years_back)
    if label and _WHOLE_YEAR.fullmatch(label) and _QUARTERLY.search(text, c0, a.start):
        label = None  # "quarterly revenue of ..." after a year was named: not that year's
    period = resolve_period(label, fye) if label else None
    if fig.metric == "planned investment":
        pass
    elif _FORECAST.search(text, max(s0, c0 - 80), a.start):
        metric += " forecast"
    elif _GUIDANCE.search(text, max(s0, c0 - 80), a.start) or (
        _future(ctx, period) and _GUIDANCE.search(text, (fig.upper or a).end, c1)
    ):  # "revenue of $54 billion is guided for the next quarter"
        metric += " guidance"
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


def _future(ctx: DocContext, period: Period | None) -> bool:
    """Whether a period ends after the note's date (a figure for it cannot be an actual)."""
    d = ctx.note.date
    return d is not None and period is not None and period.end is not None and period.end > d


def _period_label(
    text: str,
    fig: Figure,
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
    c0, c1 = clause(text, s0, s1, a.start)
    marks: list[tuple[int, int, str]] = [(p.start, p.end, p.label) for p in explicit]
    for x0, x1, kind in anaphora:
        if any(p.start <= x0 < p.end for p in explicit + compared):
            continue
        if kind == "q" and state.quarters:
            marks.append((x0, x1, _latest(state.quarters, fye)))
        elif kind == "y" and state.years:
            marks.append((x0, x1, state.years[-1]))
        elif kind == "q" and state.section is not None and "Q" not in state.section:
            marks.append((x0, x1, ""))  # "in the quarter" after a year: not that year
        elif state.section is not None:
            marks.append((x0, x1, state.section))

    def right_after(m: tuple[int, int, str]) -> bool:
        """A period right after the figure ("RMB 5.1 billion in 2Q24") is its own."""
        return 0 <= m[0] - last.end <= 24 and not _DIGIT.search(text, last.end, m[0])

    own = [m for m in marks + [(p.start, p.end, p.label) for p in compared] if right_after(m)]
    if own:
        return min(own)[2]
    for p in compared:  # "against RMB 5.1 billion in 2Q24, when it grew 14%"
        when = _WHEN.match(text, p.end)
        if (
            when is not None
            and p.end <= a.start <= when.end()
            and not _DIGIT.search(text, p.end, a.start)
        ):
            return p.label
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


def _years_before(label: str, years: int) -> str | None:
    """The same period ``years`` earlier ("FY2026Q1" -> "FY2025Q1"); None for "TTM" and the like."""
    if not re.search(r"(?:19|20)\d{2}", label):
        return None
    return re.sub(r"(?:19|20)\d{2}", lambda m: str(int(m.group(0)) - years), label)


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


def _product_before(ctx: DocContext, pos: int, mention_starts: list[int]) -> str | None:
    """A product named right before the metric word ("H20 sales", "Qwen's revenue") is the subject."""
    i = bisect_right(mention_starts, pos)
    for m in reversed(ctx.mentions[max(0, i - 3) : i]):
        e = ctx.entities.get(m.iri)
        if m.end <= pos and pos - m.end <= 3 and e is not None and e.kind is EntityKind.PRODUCT:
            return m.iri
    return None


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
    """The entity's fiscal year end, else its parent's; a product with neither keeps the
    calendar of the company the note is about."""
    seen = set()
    e: Entity | None = entity
    while e is not None and e.iri not in seen:
        if e.fiscal_year_end:
            return e.fiscal_year_end
        seen.add(e.iri)
        e = ctx.entities.get(e.part_of) if e.part_of else None
    if entity.kind is EntityKind.PRODUCT and ctx.subject and ctx.subject != entity.iri:
        main = ctx.entities.get(ctx.subject)
        return _fiscal_year_end(ctx, main) if main is not None else None
    return None


__all__ = ["Period", "lexicon", "metric_claims"]
