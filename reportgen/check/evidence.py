"""Full marks kept while the remark says the evidence is missing.

- RG601 (warning): an indicator kept full marks, but its remark says the
  evidence is missing or not yet available (暂按满分处理, 缺乏佐证资料, 尚未结束…).
  The national rule: without 佐证资料 the indicator scores nothing; record it
  with `evidence: false`, or say why full marks stand.
"""

from __future__ import annotations

import re

from reportgen.check.context import CheckInput, at, text_line
from reportgen.check.findings import Finding, define

FULL_WITHOUT_EVIDENCE = define(
    "RG601", "warning", "full marks kept while the evidence is missing", __name__
)

MISSING = re.compile(
    r"暂按满分|暂给满分|暂不扣分|暂未扣分|缺乏佐证|缺少佐证|无佐证|未提供[^，。；]{0,6}(佐证|资料|材料)"
    r"|尚未结束|尚未完成验收|无法核实|未能核实"
)


def check(target: CheckInput) -> list[Finding]:
    scenario = target.scenario
    if scenario is None:
        return []
    findings = []
    for key, given in scenario.findings.items():
        node = target.scored.get(key)
        remark = given.get("remark") if isinstance(given, dict) else None
        if node is None or not isinstance(remark, str) or node.score < node.weight:
            continue
        match = MISSING.search(remark)
        if match:
            path = ("findings", key, "remark")
            findings.append(
                at(
                    FULL_WITHOUT_EVIDENCE,
                    target.source,
                    path,
                    f"{node.name} keeps full marks, but its remark says “{match.group(0)}”",
                    "without 佐证资料 an indicator scores nothing: set `evidence: false`",
                    line=text_line(target.source, path, remark, match.start()),
                )
            )
    return findings
