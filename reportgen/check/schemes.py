"""Scenarios of the other schemes (评定表, 考核评分表, 考核清算, 定点评估), checked by their scheme.

Each scheme validates how its values fit together when it evaluates a
scenario: weights that add up, ratio bands that cover every score once,
自评 and 评定 columns within their items, the settlement's arithmetic,
applicants' materials against the rules file, notice dates. Its problems
are raised, each at the place to fix (`check` exits 2, as for unreadable
input); what it could not decide is a finding.

- RG001 (warning): something the scheme could not check (a measure for two
  weak years running without last year's result, say).
- RG011 (error): a 自评表's stated 得分 differs from the one its values give.
- RG012 (error): a 自评表's stated 总分 is not the sum of its own stated items (a county
  form lists items summing to 93 and states 94), or not the computed total.
- RG013 (error): a 自评表's stated 得分 its values cannot give at all: above its 分值,
  or outside the band of its degree of achievement.
"""

from __future__ import annotations

from reportgen.check.context import CheckInput
from reportgen.check.findings import Finding, define

UNDECIDED = define("RG001", "warning", "something the scheme could not check", __name__)
CLAIMED_ITEM = define(
    "RG011", "error", "a stated 得分 differs from the one its values give", __name__
)
CLAIMED_TOTAL = define(
    "RG012", "error", "a stated 总分 differs from its items or the computation", __name__
)
IMPOSSIBLE_CLAIM = define("RG013", "error", "a stated 得分 its values cannot give", __name__)


def check(target: CheckInput) -> list[Finding]:
    from reportgen.schemes.catalogue import scheme_for

    evaluation = scheme_for(target.kind).evaluate(target.directory, target.source)
    target.units = len(evaluation.units)
    return [
        Finding(UNDECIDED.code, UNDECIDED.severity, target.source.name, None, "", note)
        for note in evaluation.warnings
    ] + list(evaluation.findings)
