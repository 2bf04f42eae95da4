"""Grade bands: the national ones by default (优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from reportgen.scenario.model import NATIONAL_GRADES, GradeBand


def grade_for(rate: Decimal, bands: Sequence[GradeBand] = NATIONAL_GRADES) -> str:
    """The grade of a 得分率 (percent): the highest band whose minimum it reaches."""
    for band in sorted(bands, key=lambda b: b.min, reverse=True):
        if rate >= band.min:
            return band.name
    return sorted(bands, key=lambda b: b.min)[0].name
