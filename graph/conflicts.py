"""When two metric claims disagree: same entity, metric, period and unit, values apart
by more than the rounding of the less precise one.

"33.4 billion" and "33.398 billion" agree (33.398 rounds to 33.4); "33.98 billion"
and "33.398 billion" conflict. A claim's ``resolution`` is the place of its last
stated digit with the scale applied (33.4 billion has a resolution of 0.1
billion); without one, values must be equal to agree.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations


@dataclass(frozen=True, slots=True)
class MetricPoint:
    """What conflict detection needs to know about one metric claim."""

    claim: str
    key: Hashable  # (entity, metric, period, unit)
    value: Decimal
    resolution: Decimal | None = None
    bound: str | None = None


def disagree(a: MetricPoint, b: MetricPoint) -> bool:
    """Whether two values for the same key differ beyond rounding."""
    if a.bound != b.bound:
        return False  # one end of a range says little about a single value
    tolerance = max(a.resolution or Decimal(0), b.resolution or Decimal(0)) / 2
    return abs(a.value - b.value) > tolerance


def conflicting_pairs(
    new: Iterable[MetricPoint], existing: Iterable[MetricPoint] = ()
) -> Iterator[tuple[str, str]]:
    """Pairs of claims that conflict: among ``new``, and between ``new`` and ``existing``."""
    new = list(new)
    by_key: dict[Hashable, list[MetricPoint]] = {}
    for p in existing:
        by_key.setdefault(p.key, []).append(p)
    for a, b in combinations(new, 2):
        if a.key == b.key and a.claim != b.claim and disagree(a, b):
            yield a.claim, b.claim
    for a in new:
        for b in by_key.get(a.key, ()):
            if a.claim != b.claim and disagree(a, b):
                yield a.claim, b.claim
