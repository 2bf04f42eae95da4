"""The decision on one application (第十条, 第十一条, 第八条, 第九条), with every reason cited.

The order follows what each step needs. A situation of 第十一条 refuses the
application whatever was handed in, so it is checked first (不予受理); asking
for more materials would serve no purpose. Otherwise incomplete or unusable
materials of 第九条 are asked for all at once (一次性告知, 第十条), because the
conditions of 第八条 are checked on those materials. With complete materials,
a condition of 第八条 not met refuses the application (不予受理); when all hold
it is accepted (受理), and the publicity period of 第十二条 is counted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from reportgen.expressions import DataEvaluator
from reportgen.rules.gates import GateFindings, evaluate_gate
from reportgen.rules.gates import Unmet as GateUnmet
from reportgen.schemes.designation_review.calendar import WorkingCalendar, add_months
from reportgen.schemes.designation_review.facts import applicant_facts, fill
from reportgen.schemes.designation_review.framework import (
    DesignationFramework,
    Material,
    Requirement,
)
from reportgen.schemes.designation_review.params import Applicant, DesignationParams

ACCEPTED, REFUSED, INCOMPLETE = "受理", "不予受理", "一次性告知"
NOT_HANDED_IN = "未提交"


@dataclass(frozen=True)
class Reason:
    """Why the application fails: the article, its words, and what was found."""

    article: str
    text: str
    found: str


@dataclass(frozen=True)
class Shortfall:
    """A material of 第九条 to hand in or replace, and why."""

    material: Material
    problem: str


@dataclass(frozen=True)
class Decision:
    applicant: Applicant
    outcome: str
    date: dt.date
    refusals: list[Reason]
    unmet: list[Reason]
    shortfalls: list[Shortfall]
    deadline: dt.date | None = None  # 一次性告知: last day to hand in the materials
    publicity: tuple[dt.date, dt.date] | None = None  # 受理: first and last day of 公示
    signing_by: dt.date | None = None  # 受理: last day to sign the agreement (第十三条)

    @property
    def reasons(self) -> list[Reason]:
        """The reasons a 不予受理决定书 gives: refusal situations, then unmet conditions."""
        return [*self.refusals, *self.unmet]


def decide_all(
    framework: DesignationFramework, params: DesignationParams, default_date: dt.date
) -> list[Decision]:
    days = WorkingCalendar(frozenset(params.holidays), frozenset(params.workdays))
    return [
        decide(framework, params, a, a.decided or default_date, days) for a in params.applicants
    ]


def decide(
    framework: DesignationFramework,
    params: DesignationParams,
    applicant: Applicant,
    date: dt.date,
    days: WorkingCalendar,
) -> Decision:
    facts = applicant_facts(applicant)
    refusals = _refusals(framework, applicant, facts)
    shortfalls = _shortfalls(framework, applicant, facts)
    unmet = _unmet(framework, applicant, facts)
    if refusals:
        return Decision(applicant, REFUSED, date, refusals, unmet, [])
    if shortfalls:
        deadline = days.after(date, params.supplement_days)
        return Decision(applicant, INCOMPLETE, date, [], [], shortfalls, deadline=deadline)
    if unmet:
        return Decision(applicant, REFUSED, date, [], unmet, [])
    publicity, signing_by = _publicity(framework, params, days)
    return Decision(applicant, ACCEPTED, date, [], [], [], None, publicity, signing_by)


def _refusals(
    framework: DesignationFramework, applicant: Applicant, facts: dict[str, Decimal | bool]
) -> list[Reason]:
    """Each 第十一条 situation that applies, by its expression or as the review found."""
    notes = {r.situation: r.note for r in applicant.refusals}
    evaluate = DataEvaluator(facts)
    return [
        Reason(s.article, s.text, notes.get(s.id) or fill(s.found, facts))
        for s in framework.refusals.situations
        if s.is_held(evaluate, s.id in notes)
    ]


def _unmet(
    framework: DesignationFramework, applicant: Applicant, facts: dict[str, Decimal | bool]
) -> list[Reason]:
    """The 第八条 conditions the all_of gate finds failed."""
    rule = framework.conditions.rule
    findings = GateFindings(
        failed=[GateUnmet(condition=u.condition, note=u.note) for u in applicant.unmet]
    )
    outcome = evaluate_gate(rule.gate(), findings, require="all", evaluate=DataEvaluator(facts))
    reasons = []
    for condition, note in outcome.failed:
        assert isinstance(condition, Requirement)
        reasons.append(
            Reason(condition.article, condition.text, note or fill(condition.found, facts))
        )
    return reasons


def _shortfalls(
    framework: DesignationFramework, applicant: Applicant, facts: dict[str, Decimal | bool]
) -> list[Shortfall]:
    """Materials required but not handed in, or handed in but to be replaced."""
    evaluate = DataEvaluator(facts)
    handed_in = set(applicant.materials)
    found = []
    for material in framework.materials.items:
        needed = material.required and (material.when is None or evaluate(material.when) is True)
        if material.id not in handed_in:
            if needed:
                found.append(Shortfall(material, NOT_HANDED_IN))
            continue
        problem = applicant.defects.get(material.id, "")
        if not problem and material.valid_when and evaluate(material.valid_when) is not True:
            problem = fill(material.invalid, facts) or f"不符合“{material.text}”的要求"
        if problem:
            found.append(Shortfall(material, problem))
    return found


def _publicity(
    framework: DesignationFramework, params: DesignationParams, days: WorkingCalendar
) -> tuple[tuple[dt.date, dt.date] | None, dt.date | None]:
    """The 第十二条 publicity period and the 第十三条 signing deadline, when the scenario dates it."""
    if framework.publicity is None or params.publicity_start is None:
        return None, None
    period = days.period(params.publicity_start, framework.publicity.working_days)
    signing = framework.signing
    return period, add_months(period[1], signing.months) if signing else None
