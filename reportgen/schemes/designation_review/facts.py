"""An applicant's facts as the rules file's expressions and {placeholders} name them.

第八条 and 第九条 are decided on figures the application states: how long the
institution has operated, how many of its assessors passed training or have a
bad record, how long its office may still be used. They are computed here from
the applicant's data, so the `when` expressions compare numbers, not dates.
"""

from __future__ import annotations

from decimal import Decimal

from reportgen.schemes.designation_review.calendar import full_months
from reportgen.schemes.designation_review.params import Applicant

FACT_NAMES = (
    "运营月数",
    "评估人员人数",
    "培训考核合格人数",
    "不良记录人数",
    "办公场所自有",
    "办公场所使用月数",
    "上年度评估人次",
)


def applicant_facts(applicant: Applicant) -> dict[str, Decimal | bool]:
    """The facts by name; every name of FACT_NAMES is there."""
    start = applicant.operating_since or applicant.form.founded
    office = applicant.office
    lease_months = (
        full_months(applicant.applied, office.lease_end) if office.lease_end is not None else 0
    )
    facts: dict[str, Decimal | bool] = {
        "运营月数": Decimal(full_months(start, applicant.applied)),
        "评估人员人数": Decimal(applicant.staff.assessors),
        "培训考核合格人数": Decimal(applicant.trained),
        "不良记录人数": Decimal(applicant.with_records),
        "办公场所自有": office.tenure == "自有",
        "办公场所使用月数": Decimal(lease_months),
        "上年度评估人次": Decimal(applicant.last_year),
    }
    assert tuple(facts) == FACT_NAMES
    return facts


def blank_facts() -> dict[str, Decimal | bool]:
    """Facts of the right kinds (0, false) to try an expression on before any applicant."""
    return {name: False if name == "办公场所自有" else Decimal(0) for name in FACT_NAMES}


def fill(template: str, facts: dict[str, Decimal | bool]) -> str:
    """A `found` or `invalid` text with its {placeholders} replaced by the facts."""
    shown = {name: _shown(value) for name, value in facts.items()}
    return template.format_map(shown)


def _shown(value: Decimal | bool) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    return format(value.normalize(), "f")
