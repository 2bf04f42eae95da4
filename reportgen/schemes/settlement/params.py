"""The `scheme:` block of a 考核清算 scenario (seed 000, Tianjin 长护险委托经办机构).

The 办法 leaves the weights of the three assessors (第十四条), the score-linked
settlement ratios (第十八条) and the thresholds of the measures (第二十条) to
each year's 考核清算工作方案, so the scenario states them here, next to the
agencies with every assessor's findings, their service fee and fund losses.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Self

from pydantic import AfterValidator, Field, model_validator

from reportgen.fields import Number
from reportgen.safe_names import FileName, check_name
from reportgen.scenario.model import Model

POLICY = "《天津市长期护理保险委托经办机构考核清算办法》（津医保规字〔2024〕4号）"


def _cents(value: Decimal) -> Decimal:
    """Money is kept to the 分: more than two decimals is a typing slip, not a fraction of a 分."""
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(f"an amount in 元 has at most two decimals, got {value}")
    return value


Money = Annotated[Number, Field(ge=0), AfterValidator(_cents)]
"""An amount in 元: a number, not negative, to the 分."""


class AssessorSpec(Model):
    """One of the three assessors of 第十四条 and its weight in the total."""

    id: str = Field(
        min_length=1, description="Key of this assessor's findings under each agency, e.g. 市级."
    )
    name: str = Field(min_length=1, description="As the documents name it, e.g. 市级综合服务中心.")
    short: str = Field(
        "",
        description="Column heading in the tables, e.g. 市级中心 (four characters fit on a "
        "line); defaults to the name.",
    )
    weight: Number = Field(gt=0, le=1, description="Share of the total, e.g. 0.5; all add up to 1.")

    @property
    def heading(self) -> str:
        return self.short or self.name


class Band(Model):
    """A score range and the share of the service fee it pays (第十八条)."""

    min: Number = Field(ge=0, description="Lowest 考核得分 of the band (included).")
    max: Number | None = Field(
        None,
        description="Upper end of the band (excluded); left out for the top band only, "
        "which has no upper end.",
    )
    ratio: Number = Field(ge=0, le=1, description="结算比例: share of the fee paid, e.g. 0.95.")


class MeasureSpec(Model):
    """A measure for a weak result (第二十条), triggered below a score."""

    name: str = Field(min_length=1, description="The measure as the outcome names it, e.g. 约谈.")
    below: Number = Field(gt=0, description="Applies when the 考核得分 is below this.")
    repeat_below: Number | None = Field(
        None,
        gt=0,
        description="Also applies when this year's and the previous year's 考核得分 are both "
        "below this (连续两年); needs the agency's previous_total.",
    )
    action: str = Field(
        min_length=1,
        description="What is done, as the notice says it, e.g. 由市医保中心约谈其主要负责人.",
    )
    article: str = Field("第二十条", description="The article of the 办法 the measure rests on.")


class FundLoss(Model):
    """A fund loss caused by a serious violation, deducted from the fee (第十九条)."""

    text: str = Field(min_length=1, description="The violation and who established the loss.")
    amount: Money = Field(description="The loss in 元.")


class Agency(Model):
    """One 委托经办机构: its fee, every assessor's findings and its fund losses."""

    name: str = Field(
        min_length=1, description="Full name, e.g. 中国人寿保险股份有限公司天津市分公司."
    )
    short_name: FileName | None = Field(
        None, description="Short name used in file names (考核评分表-<short_name>.docx)."
    )
    region: str = Field("", description="经办区域, e.g. 和平区、河西区.")
    fee: Money = Field(description="应付服务费 for the year under the service agreement, in 元.")
    previous_total: Number | None = Field(
        None, ge=0, description="上一年度考核得分, for measures that apply two years running."
    )
    assessments: dict[str, dict[str, dict[str, Any]]] = Field(
        description="Per assessor id: findings per indicator key, as a scenario's `findings` "
        "(rule findings, or a recorded `score` with its `reason`)."
    )
    adjustments: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="Findings of the bonus and penalty items (e.g. 重大违规违法事件), "
        "scored once, outside the assessors' weights.",
    )
    fund_losses: list[FundLoss] = Field(
        default_factory=list, description="Fund losses deducted from the fee (第十九条)."
    )

    @model_validator(mode="after")
    def _label_names_files(self) -> Self:
        if self.short_name is None:
            check_name(self.name)  # the name is the file name then
        return self

    @property
    def label(self) -> str:
        return self.short_name or self.name


class SettlementParams(Model):
    """What a 考核清算 scenario sets under `scheme:`."""

    issuer: str = Field(
        min_length=1, description="落款 of the notice, e.g. 天津市医疗保障基金管理中心."
    )
    policy: str = Field(POLICY, description="The 办法 the notice rests on, with its 文号.")
    plan: str = Field(
        "", description="The year's 考核清算工作方案 that sets the weights and ratios (第十五条)."
    )
    recipients: str = Field("", description="主送; by default the agencies' names.")
    report_to: list[str] = Field(
        default_factory=list,
        description="Who else is told the results (第十八条), e.g. 各委托经办机构总公司.",
    )
    assessors: list[AssessorSpec] = Field(
        min_length=2, description="The assessors of 第十四条 with their weights."
    )
    bands: list[Band] = Field(
        min_length=1, description="结算比例 by score, covering every score from 0 without gaps."
    )
    measures: list[MeasureSpec] = Field(
        default_factory=list, description="第二十条 measures, mildest first (highest `below`)."
    )
    agencies: list[Agency] = Field(min_length=1, description="The 委托经办机构 assessed.")
    closing: str = Field("", description="有关要求 closing the notice (Markdown).")
