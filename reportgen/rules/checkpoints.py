"""checkpoints: points for each satisfied point."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field, field_validator, model_validator

from reportgen.fields import Number
from reportgen.rules.base import (
    Refusal,
    Rule,
    RuleContext,
    RuleResult,
    Strict,
    lead_in,
    register,
    repeated,
    subset_sums,
    unique,
    unknown_names,
)


class Checkpoint(Strict):
    id: str = Field(
        description="Short name of the point, used in findings (e.g. ① or 考核管理制度)."
    )
    text: str = Field(description="The point as the scoring standard states it.")
    points: Number = Field(gt=0, description="Points earned when the point is satisfied.")


class Failed(Strict):
    point: str = Field(description="The id of the checkpoint not satisfied.")
    note: str = Field("", description="What was found, in the consultant's words.")


class CheckpointsParams(Strict):
    points: list[Checkpoint] = Field(min_length=1, description="The checkpoints in order.")

    @field_validator("points")
    @classmethod
    def _unique_ids(cls, points: list[Checkpoint]) -> list[Checkpoint]:
        unique([p.id for p in points], "checkpoint ids")
        return points


class CheckpointsFindings(Strict):
    failed: list[Failed] = Field(
        default_factory=list, description="Checkpoints not satisfied; all others count as met."
    )

    @model_validator(mode="after")
    def _once_each(self) -> CheckpointsFindings:
        if repeated(f.point for f in self.failed):
            raise ValueError("a checkpoint is listed as failed more than once")
        return self


@register
class Checkpoints(Rule):
    """Points for each satisfied checkpoint: the score is the sum of the points met.

    Seed 004 服务费用规范性: "符合要点①，得2分；符合要点②，得3分。"
    Seed 004 管理制度健全性: "部门已制定或具有相应的业务管理制度，得2分；……资金管理
    制度，得2分；……考核管理制度，得2分。"
    Seed 001 队伍建设: "制定培训工作计划……得2分；定期开展廉政警示教育……得1分。"

    Params: `points` — a list of {id, text, points}. Findings: `failed` — the
    points not met, each {point, note}. Every point not listed counts as met.
    """

    name = "checkpoints"
    Params = CheckpointsParams
    Findings = CheckpointsFindings
    reasons = {
        "failed": "{note}未达到“{text}”，少得{points}分",
    }

    def achievable(self, params: CheckpointsParams, weight: Decimal) -> frozenset[Decimal]:
        return subset_sums(weight, [p.points for p in params.points], earned=True)

    def check(
        self, params: CheckpointsParams, findings: CheckpointsFindings, context: RuleContext
    ) -> list[Refusal]:
        given = [(("failed", i, "point"), f.point) for i, f in enumerate(findings.failed)]
        return unknown_names("checkpoint", given, (p.id for p in params.points))

    def score(
        self, params: CheckpointsParams, findings: CheckpointsFindings, context: RuleContext
    ) -> RuleResult:
        failed = {f.point: f for f in findings.failed}
        total = sum((p.points for p in params.points if p.id not in failed), Decimal(0))
        reasons = tuple(
            self.reason(
                "failed",
                note=lead_in(failed[p.id].note),
                text=p.text,
                points=p.points,
            )
            for p in params.points
            if p.id in failed
        )
        return RuleResult(total, reasons)
