"""occurrences: deductions counted per occurrence, class by class."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field, field_validator

from reportgen.fields import Number
from reportgen.rules.base import (
    Refusal,
    Rule,
    RuleContext,
    RuleResult,
    Strict,
    lead_in,
    register,
    unique,
    unknown_names,
)
from reportgen.rules.deduct_per_item import limited


class OccurrenceClass(Strict):
    id: str = Field(description="Short name of the class, used in findings (e.g. 有责投诉).")
    text: str = Field(description="What occurs, as the report names it (e.g. 有责投诉).")
    first: Number = Field(gt=0, description="Points deducted for the first occurrence.")
    then: Number | None = Field(
        None, ge=0, description="Points deducted for each further occurrence; none means `first`."
    )

    def deduction(self, count: int) -> Decimal:
        """What `count` occurrences cost: first, then `then` for each further one."""
        if count < 1:
            return Decimal(0)
        then = self.first if self.then is None else self.then
        return self.first + then * (count - 1)


class OccurrencesParams(Strict):
    classes: list[OccurrenceClass] = Field(
        min_length=1, description="The classes of occurrence in order."
    )
    max_deduction: Number | None = Field(
        None, gt=0, description="Most points all classes may cost together; none means the weight."
    )

    @field_validator("classes")
    @classmethod
    def _unique_ids(cls, classes: list[OccurrenceClass]) -> list[OccurrenceClass]:
        unique([c.id for c in classes], "class ids")
        return classes


class OccurrencesFindings(Strict):
    counts: dict[str, Annotated[int, Field(ge=0)]] = Field(
        default_factory=dict,
        description="How many times each class occurred, by id; a class not listed never did.",
    )
    notes: dict[str, str] = Field(
        default_factory=dict,
        description="What was found, in the consultant's words, by class id.",
    )


@register
class Occurrences(Rule):
    """Full marks less a deduction for every occurrence, the first possibly costing more.

    Seed 001 被约谈: "被省级以上部门约谈一次扣2分，每增加1次扣1分。" (at most 5)
    Seed 003 矛盾化解: "发生并查实医疗保障工作有责举报和投诉的，每有1次扣1分；处置
    不当激化矛盾的，每有1次扣2分。"

    Params: `classes` — a list of {id, text, first, then}, where `first` is
    the deduction for the first occurrence and `then` for each further one
    (default: `first`) — and optionally `max_deduction`, the cap over all
    classes. Findings: `counts` — occurrences by class id — and `notes`.
    """

    name = "occurrences"
    Params = OccurrencesParams
    Findings = OccurrencesFindings
    reasons = {
        "class": "{note}{text}{count}次，扣{points}分",
        "capped": "累计扣分{total}分，按上限扣{cap}分",
        "exhausted": "累计扣分{total}分，扣完为止",
    }

    def check(
        self, params: OccurrencesParams, findings: OccurrencesFindings, context: RuleContext
    ) -> list[Refusal]:
        given = [*((("counts", i), i) for i in findings.counts)]
        given += [(("notes", i), i) for i in findings.notes]
        return unknown_names("class", given, (c.id for c in params.classes))

    def score(
        self, params: OccurrencesParams, findings: OccurrencesFindings, context: RuleContext
    ) -> RuleResult:
        reasons = []
        total = Decimal(0)
        for occurrence in params.classes:
            count = findings.counts.get(occurrence.id, 0)
            if count > 0:
                points = occurrence.deduction(count)
                total += points
                note = lead_in(findings.notes.get(occurrence.id, ""))
                reasons.append(
                    self.reason(
                        "class", note=note, text=occurrence.text, count=count, points=points
                    )
                )
        deduction, limits = limited(type(self), total, params.max_deduction, context.weight)
        return RuleResult(context.weight - deduction, (*reasons, *limits))
