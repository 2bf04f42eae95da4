"""What a check reports: a Finding with its code, and the registry of codes.

Every code is declared once, by the module of its family, with its severity
and a one-line summary; `reportgen check --list-codes` prints the registry,
and a test holds that each family module's docstring documents its codes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Code:
    """A kind of finding: its code (RG101), default severity and what it means."""

    code: str
    severity: Severity
    summary: str
    module: str


CODES: dict[str, Code] = {}


def define(code: str, severity: Severity, summary: str, module: str) -> Code:
    """Declare a code; a code declared twice is a bug."""
    if code in CODES:
        raise ValueError(f"check code {code} is declared twice")
    CODES[code] = Code(code, severity, summary, module)
    return CODES[code]


@dataclass(frozen=True)
class Finding:
    """One inconsistency, with the place it was written and a hint to fix it."""

    code: str
    severity: Severity
    file: str
    line: int | None
    field: str
    message: str
    hint: str = ""

    def promoted(self) -> Finding:
        """The same finding as an error (`--strict`)."""
        return replace(self, severity="error")

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        hint = f" ({self.hint})" if self.hint else ""
        return f"{place}: {self.code} {self.severity} {self.message}{hint}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def sort_key(finding: Finding) -> tuple[str, int, str]:
    return (finding.file, finding.line or 0, finding.code)
