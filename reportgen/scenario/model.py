"""The typed shape of a scenario and of an indicator system (framework).

Every field is documented: the descriptions become the JSON Schema that
`reportgen schema` prints for editors. Keys are English, content Chinese.
Rule parameters and findings depend on the rule type, so they are kept as
mappings here and validated against the rule's own models by the loader.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from reportgen.fields import Number, Weight
from reportgen.safe_names import FileName


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Indicator(Model):
    """A node of the indicator tree: a group with children, or a leaf with a rule."""

    name: str = Field(min_length=1, description="指标名称, e.g. 管理制度健全性.")
    id: str | None = Field(
        None, description="Short unique key (e.g. 项次 6); defaults to the name."
    )
    weight: Weight = Field(description="分值: full marks, or the cap of a bonus/penalty item.")
    explanation: str = Field("", description="指标解释及评价要点 (may hold ① ② points).")
    standard: str = Field("", description="评分标准 as the scheme states it.")
    basis: str = Field("", description="考核依据 (e.g. 文件资料 平台系统).")
    rule: dict[str, Any] | None = Field(
        None,
        description="Leaf only: {type: <rule type>, ...its parameters}. See `reportgen rules`.",
    )
    findings: dict[str, Any] | None = Field(
        None, description="Leaf only: findings written inline instead of in the scenario."
    )
    children: list[Indicator] = Field(default_factory=list, description="Sub-indicators.")

    @property
    def key(self) -> str:
        return self.id or self.name

    @property
    def is_leaf(self) -> bool:
        return not self.children


class GradeBand(Model):
    name: str = Field(description="等级, e.g. 优.")
    min: Number = Field(description="Lowest 得分率 (percent of full marks) of this grade.")


NATIONAL_GRADES = (
    GradeBand(name="优", min=Decimal(90)),
    GradeBand(name="良", min=Decimal(80)),
    GradeBand(name="中", min=Decimal(60)),
    GradeBand(name="差", min=Decimal(0)),
)


class Framework(Model):
    """A reusable indicator system, shared by every scenario that evaluates with it."""

    name: str = Field(description="Name of the indicator system.")
    scale: Weight = Field(Decimal(100), description="Full marks of the scored items (100, 120…).")
    total_cap: Number | None = Field(
        None, description="The total never exceeds this, bonus included (总分不突破100分)."
    )
    grades: list[GradeBand] | None = Field(
        None, description="Grade bands, highest first; default 优≥90 良≥80 中≥60 差."
    )
    score_decimals: int | None = Field(
        None,
        ge=0,
        le=4,
        description="Decimals of every score shown (tables, sentences, workbooks, messages); "
        "default 2 (95.00).",
    )
    indicators: list[Indicator] = Field(min_length=1, description="一级指标 with their children.")
    templates: str | None = Field(
        None,
        description="A folder of house templates (relative to this file), named like the "
        "shipped ones, each replacing its kind; `--templates` on the command line wins.",
    )


class Project(Model):
    name: str = Field(min_length=1, description="项目名称, the canonical name used everywhere.")
    short_name: str = Field("", description="Short form used in running text.")
    year: int | None = Field(None, description="评价年度.")
    commissioner: str = Field("", description="委托单位.")
    evaluated_unit: str = Field("", description="被评价单位 / 项目实施单位.")
    evaluator: str = Field("", description="评价机构.")
    report_date: dt.date | str | None = Field(None, description="报告日期.")


class DataItem(Model):
    """One named value of a data table, given or derived."""

    key: str = Field(min_length=1, description="Name used in expressions (table.key).")
    label: str = Field("", description="How the row is captioned in the document.")
    value: Number | None = Field(None, description="The value, when given.")
    expr: str | None = Field(None, description="Safe expression computing the value (derived).")
    unit: str = Field("", description="Unit of this value when it differs from the table's.")

    @model_validator(mode="after")
    def _value_or_expr(self) -> DataItem:
        if (self.value is None) == (self.expr is None):
            raise ValueError("give either `value` or `expr`, exactly one")
        return self


class DataTable(Model):
    """A data table: named values (items), given inline or read from .xlsx/.csv."""

    title: str = Field("", description="Caption, e.g. 居民大病资金使用情况表.")
    unit: str = Field("", description="Unit of the values, e.g. 元.")
    source: str = Field("", description="数据来源, printed under the table.")
    file: str | None = Field(
        None, description="An .xlsx/.csv with columns key, label, value, unit (relative path)."
    )
    sheet: str | None = Field(None, description="Worksheet of an .xlsx file.")
    items: list[DataItem] = Field(default_factory=list, description="Inline items.")
    show_in_report: bool = Field(
        True, description="Shown as a table under 资金使用情况; false for background data."
    )


class Assessor(Model):
    """One assessor's findings when several score the same items (自评 40%, 省级 60%)."""

    name: str = Field(description="e.g. 自评, 省级评定, 辖区分中心.")
    weight: Number = Field(gt=0, le=1, description="Share of the total, e.g. 0.4.")
    findings: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="Findings per indicator key, as `findings`."
    )


class Problem(Model):
    title: str = Field(min_length=1, description="The problem as a heading, e.g. 成本控制有待提升.")
    text: str = Field("", description="Markdown describing it.")
    indicators: list[str] = Field(
        default_factory=list, description="Keys of the indicators whose lost points it explains."
    )


class Recommendation(Model):
    title: str = Field(min_length=1, description="The recommendation as a heading.")
    text: str = Field("", description="Markdown.")
    problems: list[str] = Field(
        default_factory=list, description="Titles of the problems it answers."
    )


class Scenario(Model):
    """One evaluation: the project, its data, the indicator system and what was found."""

    id: FileName | None = Field(
        None, description="Names the output folder; defaults to the scenario folder's name."
    )
    kind: str = Field("performance_report", description="The document set to produce.")
    sample_data: bool = Field(False, description="Marks documents 示例数据.")
    project: Project
    framework: str | None = Field(
        None, description="Path of a framework file (relative), instead of inline `indicators`."
    )
    indicators: list[Indicator] | None = Field(None, description="Inline indicator tree.")
    framework_name: str = Field(
        "", description="Name of the inline indicator system; default: the project's name."
    )
    scale: Weight | None = Field(None, description="Overrides the framework's scale.")
    total_cap: Number | None = Field(None, description="Overrides the framework's total cap.")
    grades: list[GradeBand] | None = Field(None, description="Overrides the grade bands.")
    score_decimals: int | None = Field(
        None,
        ge=0,
        le=4,
        description="Decimals of every score shown (tables, sentences, workbooks, messages); "
        "default: the framework's, else 2 (95.00).",
    )

    data: dict[str, DataTable] = Field(default_factory=dict, description="Data tables by name.")
    findings: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="Per indicator key: evidence, remark, reason, and the rule's own findings.",
    )
    assessors: list[Assessor] = Field(
        default_factory=list, description="Several assessors' findings with their weights."
    )
    narrative: dict[str, str] = Field(
        default_factory=dict, description="Consultant's prose (Markdown) per report section."
    )
    problems: list[Problem] = Field(default_factory=list, description="存在的问题.")
    recommendations: list[Recommendation] = Field(default_factory=list, description="有关建议.")
    experiences: list[Problem] = Field(default_factory=list, description="主要经验及做法.")
    scheme: dict[str, Any] | None = Field(
        None, description="Parameters of the scenario's kind (its own schema; see the scheme)."
    )
    templates: str | None = Field(
        None,
        description="A folder of house templates (relative to scenario.yaml), named like the "
        "shipped ones, each replacing its kind; default: the framework's `templates`; "
        "`--templates` on the command line wins.",
    )

    def output_id(self, directory: Path) -> str:
        """The name of the output folder: `id`, or the scenario folder's own name."""
        return self.id or directory.resolve().name
