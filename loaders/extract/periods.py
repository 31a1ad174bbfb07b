"""Reporting periods as written in notes, normalised to labels and dates.

:func:`find_periods` finds period phrases in a span of text and gives each a
*stated label*; :func:`resolve_period` turns a stated label into a
:class:`~thesisgraph.graph.model.Period` with dates, given the fiscal year end
of the entity the figure is about.

Stated labels:

=====================  ==============================================================
``FY2026Q1``           "the first quarter of fiscal year 26", "FY26 Q1", "Q1 FY2026",
                       "fiscal Q1 2026", "1QFY26"
``FY2026H1``           "the first half of fiscal 2026", "1HFY26"
``FY2026``             "fiscal 2026", "FY26", "full year 2026", "fiscal year 2026"
``2024Q4``             "the fourth quarter of 2024", "Q4 2024", "4Q24", "2024Q4", "2024年第四季度"
``2024H1``             "the first half of 2024", "1H24", "H1 2024", "2024年上半年"
``2024``               "calendar 2024", "in 2024", "for 2024" (a calendar year)
``TTM``                "TTM", "trailing twelve months", "LTM"
``Q@2025-03-31``       "the quarter ended March 31, 2025", "three months ended ..."
``H@2024-06-30``       "six months ended June 30, 2024"
``Y@2024-12-31``       "the year ended December 31, 2024"
``9M@2024-09-30``      "nine months ended September 30, 2024"
``Q@?-06-30``          "the quarter ended June 30" (the year is filled in from the context)
``FQ?4``               "its fiscal fourth quarter", "fiscal Q4" (the fiscal year likewise)
``three years from     "over three years" in a sentence dated "February 2025" (the words
February 2025``        of the hand-annotated seed; "three years" when no month is stated)
=====================  ==============================================================

How a stated label becomes a period (one label per period, so that two notes
stating the same quarter the same way meet in conflict detection):

* Fiscal labels keep their form and get dates from the fiscal year end: a
  fiscal year is named after the calendar year it ends in (Alibaba, year end
  ``--03-31``: FY2026 is 2025-04-01 to 2026-03-31, FY2026Q1 is 2025-04-01 to
  2025-06-30). With no known fiscal year end they keep the label, without dates.
  Where the fiscal year is the calendar year (``--12-31``), fiscal quarters and
  halves take the calendar label (FY2024Q4 -> 2024Q4), and a calendar year takes
  the fiscal one (2024 -> FY2024); so does a calendar year of an entity whose
  fiscal year is not known (most companies report on the calendar year).
* Calendar labels keep their form and calendar dates whatever the fiscal year:
  "the fourth quarter of 2024" of Alibaba stays 2024Q4.
* "Quarter ended DATE" takes the fiscal label of the fiscal quarter ending within
  ten days of DATE when the fiscal year end is known (Alibaba's quarter ended
  June 30, 2025 is FY2026Q1; NVIDIA's quarter ended April 27, 2025 is FY2026Q1),
  else the calendar quarter's label (2025Q1), else an ISO interval
  ("2025-01-15/2025-04-14"). Six and twelve months ended work the same way.
* Anything else with known dates is labelled by its ISO 8601 interval.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from ...graph.model import Period

_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_CN_ORD = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_WORD_NUM = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "ten": 10,
}

_ORD_RE = r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)"
_HALF_RE = r"(?P<half>first|second)"
_Y = r"(?P<y>(?:19|20)?\d{2})(?!\d)"
_YB = r"(?P<yb>(?:19|20)?\d{2})(?!\d)"
_Y4 = r"(?P<y>(?:19|20)\d{2})(?!\d)"
_SP = r"[ \u00a0-]"
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = (
    rf"(?:(?P<mon>{_MONTH_RE})\.?[ \u00a0](?P<day>\d{{1,2}})(?!\d)(?:,?[ \u00a0](?P<dy>(?:19|20)\d{{2}}))?"
    rf"|(?P<day2>\d{{1,2}})[ \u00a0](?P<mon2>{_MONTH_RE})\.?,?[ \u00a0](?P<dy2>(?:19|20)\d{{2}})"
    r"|(?P<iy>(?:19|20)\d{2})-(?P<im>\d{2})-(?P<id>\d{2}))"
)

#: (pattern, kind) in priority order; kind decides how the groups make a label.
_PATTERNS: list[tuple[str, str]] = [
    # "the third quarter ended October 26, 2025": the date decides
    (
        rf"\b{_ORD_RE}{_SP}(?:fiscal{_SP})?quarter{_SP}(?:that{_SP}|which{_SP})?(?:ended|ending){_SP}(?:on{_SP})?{_DATE}",
        "q@",
    ),
    # fiscal quarters
    (
        rf"\b{_ORD_RE}{_SP}(?:fiscal{_SP})?quarter{_SP}(?:of{_SP})?(?:the{_SP})?fiscal(?:{_SP}year)?,?{_SP}(?:FY)?'?{_Y}",
        "fq",
    ),
    (rf"\bfiscal(?:{_SP}year)?{_SP}{_Y}{_SP}{_ORD_RE}{_SP}quarter\b", "fq"),
    (rf"\bfiscal{_SP}{_ORD_RE}{_SP}quarter(?:{_SP}(?:of{_SP})?(?:fiscal{_SP})?{_Y})?", "fq"),
    (
        rf"\b{_ORD_RE}{_SP}fiscal{_SP}quarter(?:{_SP}(?:of{_SP})?(?:fiscal{_SP})?(?:year{_SP})?{_Y})?",
        "fq",
    ),
    (rf"\b{_ORD_RE}{_SP}quarter{_SP}(?:of{_SP})?FY{_SP}?'?{_Y}", "fq"),
    (rf"\bFY{_SP}?'?{_Y}{_SP}?(?:Q(?P<q>[1-4])\b|{_ORD_RE}{_SP}quarter\b)", "fq"),
    (
        rf"\b(?:Q(?P<q>[1-4])|(?P<q2>[1-4])Q){_SP}?(?:of{_SP})?(?:FY|fiscal(?:{_SP}year)?{_SP}){_SP}?'?{_Y}",
        "fq",
    ),
    (rf"\bfiscal{_SP}Q(?P<q>[1-4]){_SP}?(?:of{_SP})?'?{_Y}", "fq"),
    (rf"\bfiscal{_SP}Q(?P<q>[1-4])(?![\w'’-])", "fq"),
    # fiscal halves and years
    (
        rf"\b{_HALF_RE}{_SP}half{_SP}(?:of{_SP})?(?:the{_SP})?(?:fiscal(?:{_SP}year)?|FY){_SP}?'?{_Y}",
        "fh",
    ),
    (rf"\b(?:(?P<h>[12])H|H(?P<h2>[12])){_SP}?FY{_SP}?'?{_Y}", "fh"),
    (rf"\bFY{_SP}?'?{_Y}{_SP}?(?:H(?P<h>[12])|(?P<h2>[12])H)\b", "fh"),
    (rf"\b(?:fiscal{_SP}year|fiscal|FY|full{_SP}year|full{_SP}fiscal{_SP}year){_SP}?'?{_Y}", "fy"),
    (rf"\b{_Y4}{_SP}(?:full{_SP}year|fiscal{_SP}year)\b", "fy"),
    # ended dates
    (
        rf"\b(?:the{_SP})?(?:three{_SP}months|quarter|fiscal{_SP}quarter|3{_SP}months){_SP}(?:that{_SP}|which{_SP})?(?:ended|ending|to|through){_SP}(?:on{_SP})?{_DATE}",
        "q@",
    ),
    (
        rf"\b(?:the{_SP})?(?:six{_SP}months|half{_SP}year|6{_SP}months){_SP}(?:ended|ending|to|through){_SP}(?:on{_SP})?{_DATE}",
        "h@",
    ),
    (
        rf"\b(?:the{_SP})?(?:nine{_SP}months|9{_SP}months){_SP}(?:ended|ending|to|through){_SP}(?:on{_SP})?{_DATE}",
        "9m@",
    ),
    (
        (
            rf"\b(?:the{_SP})?(?:fiscal{_SP})?(?:year|twelve{_SP}months|12{_SP}months){_SP}(?:that{_SP}|which{_SP})?"
            rf"(?:ended|ending){_SP}(?:on{_SP})?{_DATE}"
        ),
        "y@",
    ),
    # "the June quarter (of 2024)": the quarter that ends in that month
    (
        (
            rf"\b(?:(?:{_MONTH_RE})(?:[ \u00a0]?-[ \u00a0]?|[ \u00a0]to[ \u00a0]|[ \u00a0]?–[ \u00a0]?))?(?P<qm>{_MONTH_RE})"
            rf"[ \u00a0-]quarter(?:{_SP}(?:of{_SP})?{_Y4})?"
        ),
        "qm",
    ),
    # calendar quarters and halves
    (
        rf"\b{_ORD_RE}{_SP}quarter{_SP}(?:of{_SP})?(?:calendar{_SP}(?:year{_SP})?)?,?{_SP}?{_Y4}",
        "cq",
    ),
    (rf"\b(?:(?P<q2>[1-4])Q{_SP}?'?{_Y}|Q(?P<q>[1-4])(?:{_SP}of{_SP}|{_SP}'?|'){_YB})", "cq"),
    (rf"\b{_Y4}{_SP}?(?:Q(?P<q>[1-4])\b|{_ORD_RE}{_SP}quarter\b)", "cq"),
    (
        rf"\b{_HALF_RE}{_SP}half{_SP}(?:of{_SP})?(?:the{_SP}year{_SP})?(?:calendar{_SP}(?:year{_SP})?)?,?{_SP}?{_Y4}",
        "ch",
    ),
    (rf"\b(?:(?P<h>[12])H{_SP}?'?{_Y}|H(?P<h2>[12])(?:{_SP}of{_SP}|{_SP}'?|'){_YB})", "ch"),
    (rf"\b{_Y4}{_SP}?(?:H(?P<h>[12])\b|{_HALF_RE}{_SP}half\b)", "ch"),
    (rf"\bcalendar(?:{_SP}year)?{_SP}{_Y4}", "cy"),
    (
        rf"(?<![\w-])(?<!starting )(?<!beginning )(?<!started )(?:in|for|during|by){_SP}{_Y4}(?![\w-]|\.\d|[ \u00a0](?:to|and|-)[ \u00a0](?:19|20)\d\d)",
        "cy",
    ),
    # a quarter or half named without its year: "second-quarter revenue"
    (rf"\b{_ORD_RE}{_SP}(?:fiscal{_SP})?quarter(?![\w-])", "q?"),
    (r"\b(?:(?P<q2>[1-4])Q|Q(?P<q>[1-4]))(?![\w'’-])", "q?"),
    # trailing twelve months
    (
        r"\b(?:TTM|LTM|trailing[ -](?:twelve|12)[ -]months?|last[ -](?:twelve|12)[ -]months)\b",
        "ttm",
    ),
    # Chinese
    (r"(?P<y>(?:19|20)?\d{2})财年(?:第(?P<cq>[一二三四1-4])季度|(?P<ch>[上下])半年)?", "cn_f"),
    (r"(?P<y>(?:19|20)\d{2})年(?:第(?P<cq>[一二三四1-4])季度|(?P<ch>[上下])半年|全年)", "cn_c"),
]
#: The first word each pattern of ``_PATTERNS`` can start with (by index, as ``_word_class`` names it).
_STARTS: list[tuple[str, ...]] = [
    ("ord",),
    ("ord",),
    ("fiscal",),
    ("fiscal",),
    ("ord",),
    ("ord",),
    ("fy",),
    ("#qn", "#nq"),
    ("fiscal",),
    ("fiscal",),
    ("ord",),
    ("#nh", "#hn"),
    ("fy",),
    ("fiscal", "fy", "full"),
    ("#num",),
    ("the", "three", "quarter", "fiscal", "#num"),
    ("the", "six", "half", "#num"),
    ("the", "nine", "#num"),
    ("the", "fiscal", "year", "twelve", "#num"),
    ("#month",),
    ("ord",),
    ("#nq", "#qn"),
    ("#num",),
    ("ord",),
    ("#nh", "#hn"),
    ("#num",),
    ("calendar",),
    ("in", "for", "during", "by"),
    ("ord",),
    ("#nq", "#qn"),
    ("ttm", "ltm", "trailing", "last"),
]
_COMPILED = [re.compile(p, re.IGNORECASE) for p, _ in _PATTERNS]
_BY_WORD: dict[str, list[int]] = {}
for _i, _words in enumerate(_STARTS):
    for _w in _words:
        _BY_WORD.setdefault(_w, []).append(_i)
_CJK = [i for i, (_, kind) in enumerate(_PATTERNS) if kind.startswith("cn_")]
_CJK_RE = re.compile(
    "|".join(f"(?P<k{i}>{_PATTERNS[i][0].replace('(?P<', f'(?P<_{i}_')})" for i in _CJK)
)
_WORD_RE = re.compile(r"(?<![A-Za-z0-9_'’-])[A-Za-z0-9]+")
_ORDS = frozenset(_ORD)


@lru_cache(maxsize=8192)
def _word_class(word: str) -> str:
    w = word.lower()
    if w in _ORDS:
        return "ord"
    if w[0] in "1234" and w[1:2] == "q":
        return "#nq"
    if w[0] in "12" and w[1:2] == "h":
        return "#nh"
    if w[0].isdigit():
        return "#num"
    if w[0] == "q" and w[1:2] in ("1", "2", "3", "4"):
        return "#qn"
    if w[0] == "h" and w[1:2] in ("1", "2"):
        return "#hn"
    if w.startswith("fy"):
        return "fy"
    if w in _MONTHS:
        return "#month"
    return w


#: Periods named without a year: they refer back to one stated earlier.
_ANAPHOR_RE = re.compile(
    r"\b(?:(?P<q>(?:this|the|that|same|current|latest|most recent|reporting"
    r"|(?<!from )(?<!than )(?<!over )(?<!with )(?<!versus )last)[ -](?:fiscal[ -])?quarter(?:ly)?"
    r"|(?:this|the|the latest|the reporting) period|single quarter)"
    r"|(?P<y>(?:the|this)[ -](?:fiscal|full|financial)[ -]year|full[ -]year(?![ -]\d)|(?:the|this)[ -]year"
    r"(?![ -](?:ended|ending|that|before|ago|earlier)|[ -]\d)))\b"
    r"|(?P<cq>本季度|当季|单季度?)",
    re.IGNORECASE,
)
_DURATION_RE = re.compile(
    r"\bover[ \u00a0](?:the[ \u00a0])?(?:next[ \u00a0]|coming[ \u00a0]|following[ \u00a0])?"
    r"(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|ten)[ \u00a0-]years?\b"
    r"|\b(?P<n2>\d{1,2}|one|two|three|four|five|six|seven|eight|ten)-year(?![\w-]|[ \u00a0]+(?:high|low|old|ago))"
    r"|未来(?P<cn>[一二三四五])年",
    re.IGNORECASE,
)
_MONTH_YEAR_RE = re.compile(
    rf"\b(?P<mon>{_MONTH_RE})\.?[ \u00a0](?P<y>(?:19|20)\d{{2}})\b|(?P<cy>(?:19|20)\d{{2}})年(?P<cm>\d{{1,2}})月",
    re.IGNORECASE,
)
_CN_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5}


@dataclass(frozen=True, slots=True)
class PeriodMention:
    """A period phrase: ``text[start:end]`` states the period ``label`` (a stated label, see above)."""

    start: int
    end: int
    label: str


def find_periods(text: str, start: int = 0, end: int | None = None) -> list[PeriodMention]:
    """Every explicit period phrase in ``text[start:end]``, in text order.

    Each word start is tried only against the patterns that can begin with that
    word, in priority order, which keeps the scan cheap on long text.
    """
    end = len(text) if end is None else end
    out: list[PeriodMention] = []
    done = start
    for w in _WORD_RE.finditer(text, start, end):
        if w.start() < done:
            continue
        for i in _BY_WORD.get(_word_class(w.group()), ()):
            m = _COMPILED[i].match(text, w.start(), end)
            if m is None:
                continue
            label = _label(
                _PATTERNS[i][1], {k: v for k, v in m.groupdict().items() if v is not None}
            )
            if label:
                out.append(PeriodMention(m.start(), m.end(), label))
                done = m.end()
                break
    if "年" in text[start:end]:
        for m in _CJK_RE.finditer(text, start, end):
            i = int(next(k for k, v in m.groupdict().items() if v is not None and k[0] == "k")[1:])
            g = {
                k.split("_", 2)[2]: v
                for k, v in m.groupdict().items()
                if k.startswith(f"_{i}_") and v
            }
            label = _label(_PATTERNS[i][1], g)
            if label:
                out.append(PeriodMention(m.start(), m.end(), label))
        out.sort(key=lambda p: p.start)
    return out


def find_anaphora(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Spans of "this quarter", "the latest quarter" (kind ``"q"``) and "the fiscal year" (``"y"``)."""
    return [
        (m.start(), m.end(), "y" if m.group("y") else "q")
        for m in _ANAPHOR_RE.finditer(text, start, end)
    ]


def find_duration(text: str, start: int, end: int) -> PeriodMention | None:
    """ "over three years" (from the month and year stated in the same span, when there is one)."""
    m = _DURATION_RE.search(text, start, end)
    if m is None:
        return None
    raw = m.group("n") or m.group("n2") or ""
    years = (
        int(raw)
        if raw.isdigit()
        else _WORD_NUM.get(raw.lower(), 0) or _CN_NUM.get(m.group("cn") or "", 0)
    )
    if not years:
        return None
    anchor = _MONTH_YEAR_RE.search(text, start, end)
    if anchor is None:
        return PeriodMention(m.start(), m.end(), _years_words(years))
    if anchor.group("mon"):
        y, mo = int(anchor.group("y")), _MONTHS[anchor.group("mon").lower()]
    else:
        y, mo = int(anchor.group("cy")), int(anchor.group("cm"))
    if not 1 <= mo <= 12:
        return PeriodMention(m.start(), m.end(), _years_words(years))
    return PeriodMention(
        m.start(), m.end(), f"{_years_words(years)} from {_MONTH_NAMES[mo - 1]} {y:04d}"
    )


_MONTH_NAMES = [calendar.month_name[i] for i in range(1, 13)]
_NUMBER_WORDS = {v: k for k, v in _WORD_NUM.items()}


def _years_words(years: int) -> str:
    word = _NUMBER_WORDS.get(years, str(years))
    return f"{word} year" if years == 1 else f"{word} years"


def _year(raw: str) -> int:
    y = int(raw)
    return y + 2000 if y < 100 else y


def _label(kind: str, g: dict[str, str]) -> str | None:
    raw = g.get("y") or g.get("yb")
    y = _year(raw) if raw else 0
    if kind in ("fq", "cq"):
        q = int(g.get("q") or g.get("q2") or 0) or _ORD[g["ord"].lower()]
        if kind == "fq" and not y:
            return f"FQ?{q}"  # "its fiscal fourth quarter": the year comes from the context
        return f"FY{y}Q{q}" if kind == "fq" else f"{y}Q{q}"
    if kind in ("fh", "ch"):
        h = int(g.get("h") or g.get("h2") or 0) or _ORD[g["half"].lower()]
        return f"FY{y}H{h}" if kind == "fh" else f"{y}H{h}"
    if kind == "fy":
        return f"FY{y}"
    if kind == "cy":
        return str(y)
    if kind == "q?":
        q = int(g.get("q") or g.get("q2") or 0) or _ORD[g["ord"].lower()]
        return f"Q?{q}"
    if kind == "ttm":
        return "TTM"
    if kind == "qm":
        month = _MONTHS[g["qm"].lower()]
        if not y:
            return f"QM@{month:02d}"
        return f"Q@{date(y, month, calendar.monthrange(y, month)[1]).isoformat()}"
    if kind.endswith("@"):
        if g.get("mon") and not g.get(
            "dy"
        ):  # "the quarter ended June 30": the year is told elsewhere
            month, day = _MONTHS[g["mon"].lower()], int(g["day"])
            ok = 1 <= day <= calendar.monthrange(2024, month)[1]
            return f"{kind[:-1].upper()}@?-{month:02d}-{day:02d}" if ok else None
        d = _date(g)
        return f"{kind[:-1].upper()}@{d.isoformat()}" if d else None
    if kind == "cn_f":
        if g.get("cq"):
            return f"FY{y}Q{_CN_ORD[g['cq']]}"
        if g.get("ch"):
            return f"FY{y}H{1 if g['ch'] == '上' else 2}"
        return f"FY{y}"
    if kind == "cn_c":
        if g.get("cq"):
            return f"{y}Q{_CN_ORD[g['cq']]}"
        if g.get("ch"):
            return f"{y}H{1 if g['ch'] == '上' else 2}"
        return str(y)
    return None


def _date(g: dict[str, str]) -> date | None:
    try:
        if g.get("mon"):
            return date(int(g["dy"]), _MONTHS[g["mon"].lower()], int(g["day"]))
        if g.get("mon2"):
            return date(int(g["dy2"]), _MONTHS[g["mon2"].lower()], int(g["day2"]))
        if g.get("iy"):
            return date(int(g["iy"]), int(g["im"]), int(g["id"]))
    except ValueError:
        return None
    return None


# --- resolution -----------------------------------------------------------------------

_FQ = re.compile(r"FY(\d{4})(?:Q([1-4])|H([12]))?")
_CQ = re.compile(r"(\d{4})(?:Q([1-4])|H([12]))?")
_ENDED = re.compile(r"(Q|H|9M|Y)@(\d{4})-(\d{2})-(\d{2})")
_SPAN = re.compile(r"(\w+) years? from ([A-Z][a-z]+) (\d{4})")


def _add_months(d: date, months: int, month_end: bool) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    y, m = d.year + y, m + 1
    last = calendar.monthrange(y, m)[1]
    return date(y, m, last if month_end else min(d.day, last))


def _fye(fiscal_year_end: str | None) -> tuple[int, int] | None:
    if not fiscal_year_end:
        return None
    m = re.fullmatch(r"--(\d{2})-(\d{2})", fiscal_year_end)
    return (int(m.group(1)), int(m.group(2))) if m else None


def fiscal_dates(
    year: int, fiscal_year_end: str, months: int = 12, part: int = 1
) -> tuple[date, date]:
    """Dates of part ``part`` (1-based) of ``months`` months in fiscal year ``year``."""
    fye = _fye(fiscal_year_end)
    if fye is None:
        raise ValueError(f"fiscal year end {fiscal_year_end!r} is not --MM-DD")
    mo, day = fye
    last = calendar.monthrange(year - 1, mo)[1]
    month_end = day >= last or (mo == 2 and day >= 28)
    prev_end = date(year - 1, mo, min(day, last))
    start = _add_months(prev_end, months * (part - 1), month_end) + timedelta(days=1)
    end = _add_months(prev_end, months * part, month_end)
    return start, end


def _calendar(year: int, months: int, part: int) -> tuple[date, date]:
    start = date(year, 1 + months * (part - 1), 1)
    end_month = months * part
    return start, date(year, end_month, calendar.monthrange(year, end_month)[1])


@lru_cache(maxsize=4096)
def resolve_period(label: str, fiscal_year_end: str | None) -> Period:
    """The :class:`Period` a stated label means for an entity with this fiscal year end ("--MM-DD")."""
    fye = _fye(fiscal_year_end)
    calendar_fy = fye == (12, 31)
    if m := _FQ.fullmatch(label):
        y, q, h = int(m.group(1)), m.group(2), m.group(3)
        months, part = (3, int(q)) if q else (6, int(h)) if h else (12, 1)
        if fye is None:
            return Period(label=label)
        start, end = fiscal_dates(y, fiscal_year_end or "", months, part)
        if calendar_fy and months < 12:
            label = f"{y}{'Q' if q else 'H'}{part}"
        return Period(label=label, start=start, end=end)
    if m := _CQ.fullmatch(label):
        y, q, h = int(m.group(1)), m.group(2), m.group(3)
        months, part = (3, int(q)) if q else (6, int(h)) if h else (12, 1)
        start, end = _calendar(y, months, part)
        if months == 12 and (calendar_fy or fye is None):
            label = f"FY{y}"
        return Period(label=label, start=start, end=end)
    if m := _ENDED.fullmatch(label):
        return _ended(
            m.group(1), date(int(m.group(2)), int(m.group(3)), int(m.group(4))), fiscal_year_end
        )
    if (m := _SPAN.fullmatch(label)) and m.group(2).lower() in _MONTHS:
        raw = m.group(1).lower()
        years = int(raw) if raw.isdigit() else _WORD_NUM.get(raw, 0)
        if years:
            start = date(int(m.group(3)), _MONTHS[m.group(2).lower()], 1)
            end = _add_months(start, 12 * years, False) - timedelta(days=1)
            return Period(label=label, start=start, end=end)
    return Period(label=label)


def _ended(kind: str, end: date, fiscal_year_end: str | None) -> Period:
    months = {"Q": 3, "H": 6, "9M": 9, "Y": 12}[kind]
    fye = _fye(fiscal_year_end)
    if kind != "9M" and fye is not None and fye != (12, 31):
        for fy in (end.year, end.year + 1):
            for part in range(1, 12 // months + 1):
                s, e = fiscal_dates(fy, fiscal_year_end or "", months, part)
                if abs((e - end).days) <= 10:
                    suffix = {3: f"Q{part}", 6: f"H{part}", 12: ""}[months]
                    return Period(label=f"FY{fy}{suffix}", start=s, end=e)
    if (
        kind != "9M"
        and end.month % months == 0
        and end.day == calendar.monthrange(end.year, end.month)[1]
    ):
        part = end.month // months
        s, e = _calendar(end.year, months, part)
        label = {3: f"{end.year}Q{part}", 6: f"{end.year}H{part}", 12: f"FY{end.year}"}[months]
        return Period(label=label, start=s, end=e)
    start = _add_months(end, -months, False) + timedelta(days=1)
    return Period(label=f"{start.isoformat()}/{end.isoformat()}", start=start, end=end)
