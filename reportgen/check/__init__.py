"""The reviewers' consistency lint: `reportgen check SCENARIO...`.

Beyond schema validation, it reads a scenario as a reviewer would: do the
weights add up, can each rule reach its weight, is every lost point explained
and followed up, does the prose say what the computed values say, are the
names and the numbering consistent. Each finding has a code (RG101…), a
severity, the file and line, and a hint; see `reportgen check --list-codes`.
"""

from reportgen.check.findings import CODES, Finding
from reportgen.check.runner import (
    CheckRun,
    check_scenario,
    check_scenarios,
    has_errors,
    known_codes,
)

__all__ = [
    "CODES",
    "CheckRun",
    "Finding",
    "check_scenario",
    "check_scenarios",
    "has_errors",
    "known_codes",
]
