"""When two metric claims disagree: same entity, metric, period and unit, values apart
by more than the rounding of the less precise one.

"33.4 billion" and "33.398 billion" agree (33.398 rounds to 33.4); "33.98 billion"
and "33.398 billion" conflict. A claim's ``resolution`` is the place of its last
stated digit with the scale applied (33.4 billion has a resolution of 0.1
billion); without one, values must be equal to agree.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from .iri import metric_iri
from .model import Claim, ClaimKind


@dataclass(frozen=True, slots=True)
class MetricPoint:
    """What conflict detection needs to know about one metric claim."""

    claim: str
    key: Hashable  # (entity, metric, period, unit)
    value: Decimal
    resolution: Decimal | None = None
    bound: str | None = None


def conflict_key(claim: Claim) -> str | None:
    """The key under which a metric claim is compared with others, or None when it has none.

    Two claims are compared when they are about the same entity and metric, in the same
    unit, for the same period: the same calendar dates where they are known ("2024Q4" and
    Alibaba's "FY2025Q3" are the same three months), else the same period label. The key
    is stored with the claim (``tg:conflictKey``), so that finding the stored claims a new
    document must be compared with is one index lookup per key, however large the store.
    """
    if claim.kind is not ClaimKind.METRIC or claim.period is None or claim.value is None or claim.metric is None:
        return None
    p = claim.period
    period = f"{p.start.isoformat()}/{p.end.isoformat()}" if p.start and p.end else p.label
    raw = "\x1f".join((claim.about, metric_iri(claim.metric), period, claim.unit or ""))
    return hashlib.blake2b(raw.encode("utf-8"), digest_size=16).hexdigest()


def metric_point(claim: Claim) -> MetricPoint | None:
    """What conflict detection needs of a claim, or None for a claim it does not compare."""
    key = conflict_key(claim)
    if key is None or claim.value is None:
        return None
    return MetricPoint(claim.iri, key, claim.value, claim.resolution, claim.bound)


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
