"""The `scheme:` block of a 考核评分表 scenario (seed 003, Minhang 考核标准).

One standard (the framework) is applied to several institutions: streets and
towns, designated medical institutions, or LTC home-care institutions. Some
items of a standard apply to one type of institution only (the 社区卫生服务中心
items that make their scale 120), which `type_items` states.
"""

from __future__ import annotations

from typing import Any, Self

from pydantic import Field, model_validator

from reportgen.safe_names import FileName, check_name
from reportgen.scenario.model import Model


class Columns(Model):
    """The headings of the form's three text columns, as the standard names them."""

    category: str = Field("考核项目", min_length=1, description="一级指标 column, e.g. 考核类别.")
    item: str = Field("考核内容", min_length=1, description="二级指标 column, e.g. 考核项目.")
    content: str = Field(
        "评分标准", min_length=1, description="The item's text and 评分细则, e.g. 考核内容."
    )


class Institution(Model):
    """One assessed institution and what the assessors found."""

    name: str = Field(min_length=1, description="Full name, e.g. 闵行区莘庄镇人民政府.")
    short_name: FileName | None = Field(
        None, description="Short name used in file names (考核评分表-<short_name>.docx)."
    )
    type: str = Field(
        "",
        description="机构类型, e.g. 社区卫生服务中心; selects the `type_items` it is assessed on.",
    )
    region: str = Field("", description="所属街镇, shown on the form.")
    findings: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="Findings per indicator key, as a scenario's `findings` (rule findings, "
        "or a recorded `score` with its `reason`), bonus and deduction items included.",
    )

    @model_validator(mode="after")
    def _label_names_files(self) -> Self:
        if self.short_name is None:
            check_name(self.name)  # the name is the file name then
        return self

    @property
    def label(self) -> str:
        return self.short_name or self.name


class AssessmentParams(Model):
    """What a 考核评分表 scenario sets under `scheme:`."""

    assessor: str = Field(min_length=1, description="考核单位, e.g. 闵行区医疗保障局.")
    title: str = Field(
        "", description="The form's title; by default the standard's name with 考核评分表."
    )
    columns: Columns = Field(default_factory=Columns, description="The form's column headings.")
    type_items: dict[str, list[str]] = Field(
        default_factory=dict,
        description="一级指标 key → the institution types assessed on it (e.g. "
        "长护险评估和慢病用药管理: [社区卫生服务中心]); other institutions are scored "
        "without it, on a scale smaller by its weight.",
    )
    institutions: list[Institution] = Field(
        min_length=1, description="The institutions assessed against the standard."
    )
