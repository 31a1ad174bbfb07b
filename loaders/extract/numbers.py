"""Amounts as written in notes: "33.398 billion yuan", "RMB 212,140 million", "US$4.7bn", "26%".

:func:`find_amounts` scans a span of text and returns every number that carries a
unit (a currency or a percent sign) or a scale, with the scale applied, the unit
normalised (ISO 4217 code, ``"percent"``, or ``"pp"`` for percentage points and
basis points, which are changes rather than levels) and the *resolution*: the
place of the last digit written, scale applied, so that "33.4 billion" (0.1
billion) and "33.398 billion" (0.001 billion) can be told apart from a real
disagreement. Bare numbers (years, dates, tickers, page numbers, counts) come
back with ``unit=None``; the metric pass never turns those into claims.

Ranges ("73%-74%", "73-74%", "between $1 billion and $1.2 billion") come back as
two amounts marked ``bound="lower"`` and ``bound="upper"``; a value restated in a
second currency in brackets ("RMB 212,140 million (US$29,650 million)") comes
back as two amounts, the second with ``converts`` set to the index of the first.

Chinese forms are read too: 亿 (1e8), 万 (1e4), 万亿 (1e12), 元/人民币 (CNY),
美元 (USD), 港元 (HKD).

All patterns use bounded quantifiers without nesting, so any input is scanned in
linear time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

#: Currency written before the number, longest first.
_PREFIX = {
    "rmb": "CNY",
    "cny": "CNY",
    "¥": "CNY",
    "￥": "CNY",
    "人民币": "CNY",
    "us$": "USD",
    "usd": "USD",
    "$": "USD",
    "us $": "USD",
    "hk$": "HKD",
    "hkd": "HKD",
    "nt$": "TWD",
    "s$": "SGD",
    "a$": "AUD",
    "c$": "CAD",
    "eur": "EUR",
    "€": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "jpy": "JPY",
    "₩": "KRW",
    "krw": "KRW",
}
#: Currency written after the number (and its scale).
_SUFFIX = {
    "yuan": "CNY",
    "rmb": "CNY",
    "renminbi": "CNY",
    "cny": "CNY",
    "元": "CNY",
    "人民币": "CNY",
    "usd": "USD",
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "dollars": "USD",
    "美元": "USD",
    "hkd": "HKD",
    "hk dollars": "HKD",
    "hong kong dollars": "HKD",
    "港元": "HKD",
    "港币": "HKD",
    "won": "KRW",
    "krw": "KRW",
    "euros": "EUR",
    "eur": "EUR",
    "yen": "JPY",
    "jpy": "JPY",
    "日元": "JPY",
}
_SCALE = {
    "thousand": 3,
    "k": 3,
    "million": 6,
    "mn": 6,
    "mln": 6,
    "bln": 9,
    "mil": 6,
    "mio": 6,
    "m": 6,
    "billion": 9,
    "bn": 9,
    "b": 9,
    "trillion": 12,
    "tn": 12,
    "万": 4,
    "亿": 8,
    "万亿": 12,
    "千": 3,
    "百万": 6,
}
_PERCENT = {
    "%": "percent",
    "％": "percent",
    "percent": "percent",
    "per cent": "percent",
    "pct": "percent",
}
_POINTS = {
    "percentage points": 0,
    "percentage point": 0,
    "pp": 0,
    "ppt": 0,
    "ppts": 0,
    "bps": -2,
    "bp": -2,
    "basis points": -2,
    "basis point": -2,
    "% points": 0,
    "% point": 0,
    "percent points": 0,
    "per cent points": 0,
    "pct points": 0,
    "pct pts": 0,
    "percentage pts": 0,
}


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_LATIN_END = r"(?![A-Za-z])"
AMOUNT_RE = re.compile(
    rf"(?<![A-Za-z0-9_.,$¥￥€£])(?P<pre>(?:{_alt(_PREFIX)}))?[ \u00a0]?"
    r"(?P<sign>(?<![\w%)])[-−–+])?"
    r"(?P<num>\d{1,3}(?:,\d{3}){1,5}(?:\.\d{1,6})?(?![\d,]\d)|\d{1,15}(?:\.\d{1,6})?)(?![\d.]\d)"
    rf"(?:[ \u00a0]?(?P<scale>{_alt(_SCALE)}){_LATIN_END})?"
    rf"(?:[ \u00a0]?(?P<suf>{_alt(_POINTS)}|{_alt(_PERCENT)}|{_alt(_SUFFIX)}){_LATIN_END})?",
    re.IGNORECASE,
)
#: What may stand between the two ends of a range.
_RANGE_SEP = re.compile(r"[ \u00a0]?(?:-|–|—|~|～|to)[ \u00a0]?\Z", re.IGNORECASE)
_FROM = re.compile(r"\bfrom[ \u00a0]?\Z", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween[ \u00a0]\Z", re.IGNORECASE)
_AND = re.compile(r"[ \u00a0]and[ \u00a0]\Z", re.IGNORECASE)
#: "(US$29,650 million)", "or US$29,650 million": the same value in another currency.
_CONVERT_SEP = re.compile(r"[ \u00a0]?(?:\(|（|, or |or |/)[ \u00a0]?\Z", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Amount:
    """One number as written: ``text[start:end]`` is the whole form ("RMB 33.4 billion")."""

    start: int
    end: int
    value: Decimal  # scale applied, sign included
    unit: str | None  # ISO 4217 code, "percent", "pp", or None for a bare number
    resolution: Decimal  # place of the last written digit, scale applied
    digits: str  # the number as written, without separators ("33.398")
    scale: int = 0  # power of ten applied
    scale_word: str = ""  # "billion", "亿" ... as written
    bound: str | None = None  # "lower" / "upper" for one end of a range
    converts: int | None = None  # index of the amount this one restates in another currency

    @property
    def is_money(self) -> bool:
        return self.unit is not None and len(self.unit) == 3 and self.unit.isupper()

    def display(self) -> str:
        """A short readable form: "33.398 billion CNY", "26%", "-9%"."""
        sign = "-" if self.value < 0 else ""
        if self.unit == "percent":
            return f"{sign}{self.digits}%"
        if self.unit == "pp":
            return f"{sign}{self.digits} pp"
        word = {3: "thousand", 6: "million", 9: "billion", 12: "trillion"}
        scale = f" {word[self.scale]}" if self.scale in word else self.scale_word
        return f"{sign}{self.digits}{scale} {self.unit or ''}".rstrip()


def parse_number(digits: str, scale: int = 0) -> tuple[Decimal, Decimal]:
    """``(value, resolution)`` of a written number: ("33.398", 9) -> (33398000000, 1000000)."""
    plain = digits.replace(",", "")
    try:
        value = Decimal(plain)
    except InvalidOperation:
        raise ValueError(f"not a number: {digits!r}") from None
    decimals = len(plain.split(".", 1)[1]) if "." in plain else 0
    return value.scaleb(scale), Decimal(1).scaleb(scale - decimals)


def find_amounts(text: str, start: int = 0, end: int | None = None) -> list[Amount]:
    """Every number in ``text[start:end]``, in text order, ranges and conversions marked."""
    end = len(text) if end is None else end
    out: list[Amount] = []
    for m in AMOUNT_RE.finditer(text, start, end):
        amount = _amount(m)
        if amount is not None:
            out.append(amount)
    return _link(text, out)


def _amount(m: re.Match[str]) -> Amount | None:
    pre, suf, scale_word = m.group("pre"), m.group("suf"), m.group("scale") or ""
    unit: str | None = _PREFIX[pre.lower()] if pre else None
    shift = 0
    if suf:
        key = suf.lower()
        if key in _PERCENT or key in _POINTS:
            if unit is not None:
                return None  # "$5%" is no amount we can read
            unit, shift = ("percent", 0) if key in _PERCENT else ("pp", _POINTS[key])
        else:
            unit = unit or _SUFFIX[key]
    scale = _SCALE[scale_word.lower()] if scale_word else 0
    end = m.end()
    if scale_word.lower() in ("m", "b", "k") and unit is None:
        scale, scale_word, end = 0, "", m.end("num")  # "5 m" is a length, not five million
    digits = m.group("num")
    if unit is None and not scale:
        end = m.end("num")
    value, resolution = parse_number(digits, scale + shift)
    if m.group("sign") in ("-", "−", "–"):
        value = -value
    start = m.start("pre") if pre else m.start("sign") if m.group("sign") else m.start("num")
    while end > start and m.string[end - 1].isspace():
        end -= 1
    return Amount(start, end, value, unit, resolution, digits.replace(",", ""), scale, scale_word)


def _link(text: str, amounts: list[Amount]) -> list[Amount]:
    """Mark ranges ("73%-74%", "between X and Y") and bracketed restatements in a second currency."""
    out = list(amounts)
    for i in range(1, len(out)):
        a, b = out[i - 1], out[i]
        gap = text[a.end : b.start]
        if a.bound is None and _is_range(text, a, b, gap):
            lo, hi = a, b
            if a.unit is None:
                lo = _rescale(a, b)  # "73-74%", "1.2-1.5 billion yuan"
            elif b.unit is None:
                lo, hi = _rescale(a, b, a.unit), replace(b, unit=a.unit)  # "RMB 1.2-1.5 billion"
            if lo.value < 0 and gap.strip() in ("-", "–"):
                continue
            out[i - 1] = replace(lo, bound="lower")
            out[i] = replace(hi, bound="upper")
            continue
        if (
            a.is_money
            and b.is_money
            and a.unit != b.unit
            and len(gap) <= 8
            and _CONVERT_SEP.match(gap)
        ):
            out[i] = replace(b, converts=i - 1)
    return out


def _is_range(text: str, a: Amount, b: Amount, gap: str) -> bool:
    if len(gap) > 6 or "pp" in (a.unit, b.unit) or (a.unit is None and b.unit is None):
        return False
    if a.unit is not None and b.unit is not None and a.unit != b.unit:
        return False
    if b.unit is None and not (a.is_money and b.scale and not a.scale):
        return False
    between = _BETWEEN.search(text, max(0, a.start - 9), a.start) is not None
    dash = _RANGE_SEP.match(gap) is not None and gap.strip() in ("-", "–", "—", "~", "～", "to")
    if not (dash or (between and _AND.match(gap))):
        return False
    return not _FROM.search(text, max(0, a.start - 6), a.start)


def _rescale(a: Amount, b: Amount, unit: str | None = None) -> Amount:
    """The lower end of "73-74%" or "1.2-1.5 billion yuan": it takes the upper end's unit and scale."""
    value, resolution = parse_number(a.digits, b.scale)
    if a.value < 0:
        value = -value
    return replace(
        a,
        value=value,
        unit=unit or b.unit,
        resolution=resolution,
        scale=b.scale,
        scale_word=b.scale_word,
    )
