"""Sentences the schemes' notices share."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from reportgen.formatting import score2
from reportgen.numbers import round_half_up
from reportgen.scoring.units import mean


def spread(units: str, measure: str, ranked: Sequence[tuple[str, Decimal]]) -> str:
    """ "5家委托经办机构平均考核得分83.87分。最高分96.90分（…），最低分69.75分（…）。"

    `ranked` is (name, score), best first; the average is of the unrounded scores.
    """
    average = round_half_up(mean([score for _, score in ranked]), 2)
    (best, top), (worst, bottom) = ranked[0], ranked[-1]
    return (
        f"{len(ranked)}{units}平均{measure}{score2(average)}分。"
        f"最高分{score2(top)}分（{best}），最低分{score2(bottom)}分（{worst}）。"
    )
