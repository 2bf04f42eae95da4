"""The designation rules file (seed 002): 第八条 conditions, 第十一条 situations, 第九条 materials.

The conditions are an `all_of` gate (reportgen.rules.gates): every one must
hold. The refusal situations are stated conditions (reportgen.rules.conditions)
of which any one that holds refuses the application. Each item may be decided
by a `when` expression over the applicant's facts; `found` then states those
facts in the reason, with {名称} placeholders filled from the same facts.
"""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator

from reportgen.errors import Problem, ReportgenError
from reportgen.expressions import DataEvaluator, ExpressionError, names_in
from reportgen.rules.conditions import StatedCondition, unique_ids
from reportgen.rules.gates import GateCondition, GateParams
from reportgen.scenario.model import Model
from reportgen.scenario.validation import validate
from reportgen.scenario.yaml_source import PathKey, YamlSource, load_yaml
from reportgen.schemes.designation_review.facts import FACT_NAMES, blank_facts

ARTICLE = re.compile(r"^第[一二三四五六七八九十百]+条(第（[一二三四五六七八九十]+）项)?$")


def _article(value: str) -> str:
    """Reasons cite articles, so an article must read as the 办法 writes it: 第八条第（一）项."""
    if not ARTICLE.match(value):
        raise ValueError(f"expected an article such as 第八条 or 第八条第（一）项, got {value!r}")
    return value


Article = Annotated[str, AfterValidator(_article)]


class Requirement(GateCondition):
    """A basic condition of 第八条 and what proves it."""

    article: Article = Field(description="Where the 办法 states it, e.g. 第八条第（一）项.")
    found: str = Field(
        "", description="With `when`: the applicant's facts as the reason states them."
    )
    evidence: str = Field(description="What data or evidence proves the condition.")


class Situation(StatedCondition):
    """A situation of 第十一条 in which the application is not accepted."""

    article: Article = Field(description="Where the 办法 states it, e.g. 第十一条第（五）项.")
    found: str = Field(
        "", description="With `when`: the applicant's facts as the reason states them."
    )


class Material(Model):
    """A material of 第九条 the application must include."""

    id: str = Field(min_length=1, description="Short name used in an applicant's `materials`.")
    article: Article = Field(description="Where the 办法 lists it, e.g. 第九条第（五）项.")
    text: str = Field(min_length=1, description="The material as the 办法 names it.")
    required: bool = Field(True, description="False for 其他相关材料, which nothing requires.")
    when: str | None = Field(
        None, description="Required only when this expression over the facts holds."
    )
    valid_when: str | None = Field(
        None, description="A submitted copy is acceptable only when this expression holds."
    )
    invalid: str = Field("", description="Why a copy failing `valid_when` must be replaced.")


class ConditionRule(Model):
    type: Literal["all_of"] = Field(description="The gate: all_of, every condition must hold.")
    conditions: list[Requirement] = Field(min_length=1, description="第八条 (一)…(七).")

    @field_validator("conditions")
    @classmethod
    def _unique(cls, conditions: list[Requirement]) -> list[Requirement]:
        unique_ids(conditions)
        return conditions

    def gate(self) -> GateParams:
        return GateParams(conditions=list(self.conditions))


class ConditionBlock(Model):
    article: str = Field("第八条", description="The article of the basic conditions.")
    rule: ConditionRule


class RefusalBlock(Model):
    article: str = Field("第十一条", description="The article of the refusal situations.")
    situations: list[Situation] = Field(min_length=1, description="第十一条 (一)…(六).")

    @field_validator("situations")
    @classmethod
    def _unique(cls, situations: list[Situation]) -> list[Situation]:
        unique_ids(situations)
        return situations


class MaterialBlock(Model):
    article: str = Field("第九条", description="The article listing the materials.")
    items: list[Material] = Field(min_length=1, description="第九条 (一)…(七).")
    stamp: str = Field("", description="The sentence on stamped copies, quoted in the notice.")

    @field_validator("items")
    @classmethod
    def _unique(cls, items: list[Material]) -> list[Material]:
        ids = [m.id for m in items]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"material ids used twice: {', '.join(repeated)}")
        return items


class Period(Model):
    working_days: int = Field(gt=0, description="Length of the publicity in working days.")
    article: str = Field(description="The article that sets it.")


class Signing(Model):
    months: int = Field(gt=0, description="Months after the publicity to sign the agreement.")
    article: str = Field(description="The article that sets it.")


class DesignationFramework(Model):
    """The rules file a designation scenario names as its `framework`."""

    name: str = Field(min_length=1, description="The 办法's name.")
    policy: str = Field(min_length=1, description="The 办法 as documents cite it, in 《》.")
    short: str = Field("《实施办法》", description="Its short form in running text.")
    form_title: str = Field(min_length=1, description="The title of the 附件 application form.")
    publicity: Period | None = Field(None, description="第十二条 publicity period.")
    signing: Signing | None = Field(None, description="第十三条 deadline for the agreement.")
    conditions: ConditionBlock
    refusals: RefusalBlock
    materials: MaterialBlock
    templates: str | None = Field(
        None,
        description="A folder of house templates (relative to this file), named like the "
        "shipped ones, each replacing its kind; `--templates` on the command line wins.",
    )


def load_framework(path: Path) -> tuple[DesignationFramework, YamlSource]:
    """The rules file, validated, with every expression and placeholder checked."""
    source = load_yaml(path)
    framework, problems = validate(DesignationFramework, source.data, source)
    if framework is None:
        raise ReportgenError(problems)
    problems = _reference_problems(framework, source)
    if problems:
        raise ReportgenError(problems)
    return framework, source


def _reference_problems(framework: DesignationFramework, source: YamlSource) -> list[Problem]:
    """Expressions and {placeholders} may only name the applicant's facts."""
    places: list[tuple[PathKey, str | None, str]] = []
    for index, req in enumerate(framework.conditions.rule.conditions):
        places.append((("conditions", "rule", "conditions", index), req.when, req.found))
    for index, sit in enumerate(framework.refusals.situations):
        places.append((("refusals", "situations", index), sit.when, sit.found))
    for index, mat in enumerate(framework.materials.items):
        at: PathKey = ("materials", "items", index)
        places += [(at, mat.when, ""), ((*at, "valid_when"), mat.valid_when, mat.invalid)]
    problems = []
    for at, expression, template in places:
        key = "valid_when" if at[-1] == "valid_when" else "when"
        where = at if key == "valid_when" else (*at, "when")
        if expression is not None:
            problems += _expression_problems(expression, source, where)
        problems += _placeholder_problems(template, source, at)
    return problems


def _expression_problems(expression: str, source: YamlSource, at: PathKey) -> list[Problem]:
    try:
        unknown = sorted(names_in(expression) - set(FACT_NAMES))
    except ExpressionError as error:
        return [source.problem(at, str(error))]
    if unknown:
        return [source.problem(at, _unknown_names(unknown))]
    try:
        result = DataEvaluator(blank_facts())(expression)
    except ExpressionError as error:
        return [source.problem(at, str(error))]
    if not isinstance(result, bool):
        return [
            source.problem(at, f"{expression!r} gives a {type(result).__name__}, not true or false")
        ]
    return []


def _placeholder_problems(template: str, source: YamlSource, at: PathKey) -> list[Problem]:
    if not template:
        return []
    names = [name for _, name, _, _ in string.Formatter().parse(template) if name]
    unknown = sorted(set(names) - set(FACT_NAMES))
    if unknown:
        return [source.problem(at, _unknown_names(unknown))]
    return []


def _unknown_names(names: list[str]) -> str:
    return f"unknown fact {', '.join(names)}; the applicant's facts are {', '.join(FACT_NAMES)}"
