"""The `scheme:` block of a Hubei 评定表 scenario (seed 001, 建设规范评定).

The seed fixes the weights (自评 40 %, 省级评定 60 %; 县级 60 %, 市州本级 40 %)
and the 约谈 rule (连续两年排名后5位); they are written here with the seed's
values as defaults so a scenario can state them and the documents quote them
from the data. Every unit's findings are keyed by 项次 (1–47).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import Field

from reportgen.fields import Number
from reportgen.safe_names import FileName
from reportgen.scenario.model import Model

POLICY = "《全省医疗保障经办机构管理服务能力提升建设规范（试行）》"

Findings = dict[int, dict[str, Any]]


class Workbook(Model):
    """An office's .xlsx with one row per 项次 (see `workbook` for the columns)."""

    file: str = Field(min_length=1, description="Path of the .xlsx, relative to scenario.yaml.")
    sheet: str | None = Field(None, description="Worksheet; the first one by default.")


class UnitSpec(Model):
    """One 经办机构 rated with the 评定表: a county, or a city's own level (市州本级)."""

    name: FileName = Field(
        "本级",
        description="The unit as tables and file names show it, e.g. 大冶市; a city's "
        "own level defaults to 本级.",
    )
    agency: str = Field("", description="评定单位 on the form, e.g. 大冶市医疗保障局.")
    self_assessment: Findings = Field(
        default_factory=dict,
        description="自评 findings per 项次 1–43 (rule findings, or a recorded `score` "
        "with its `reason`).",
    )
    provincial: Findings = Field(
        default_factory=dict,
        description="省级评定 findings per 项次 1–43; `self_deducted` lists situations "
        "the province also found but the self-assessment had already deducted.",
    )
    special: Findings = Field(
        default_factory=dict,
        description="特殊因素 (项次 44–47) as verified by the province: awards or deductions.",
    )
    claimed: dict[int, Number] = Field(
        default_factory=dict,
        description="特殊因素 points the unit claimed in its self-assessment, per 项次.",
    )
    workbook: Workbook | None = Field(
        None, description="Per-item scores from an office's workbook instead of findings."
    )


class CitySpec(Model):
    """A 市（州）: its own level and its 县（市、区）."""

    name: FileName = Field(description="e.g. 黄石市.")
    agency: str = Field("", description="评定单位 of the city level; default <name>医疗保障局.")
    previous_rank: int | None = Field(
        None, ge=1, description="上一年度全省排名, for the 连续两年后5位 check."
    )
    level: UnitSpec = Field(description="市州本级经办机构.")
    counties: list[UnitSpec] = Field(
        default_factory=list, description="所辖县（市、区）经办机构; none for a city without."
    )


class HubeiParams(Model):
    """What a Hubei 评定表 scenario sets under `scheme:`."""

    issuer: str = Field(min_length=1, description="落款 of the notice, e.g. 湖北省医疗保障局.")
    policy: str = Field(POLICY, description="The 建设规范 the notice rests on.")
    recipients: str = Field(
        "各市、州、直管市、神农架林区医疗保障局", description="主送 of the ranking notice."
    )
    self_weight: Number = Field(Decimal("0.4"), gt=0, lt=1, description="自评 share (40 %).")
    counties_share: Number = Field(
        Decimal("0.6"), gt=0, lt=1, description="Share of the counties in a city's score (60 %)."
    )
    bottom_count: int = Field(5, ge=1, description="排名后N位 (5) for the 约谈 rule.")
    cities: list[CitySpec] = Field(min_length=1, description="The 市（州） rated this year.")
    closing: str = Field("", description="有关要求 closing the notice (Markdown).")

    @property
    def provincial_weight(self) -> Decimal:
        return 1 - self.self_weight
