"""The one user-facing error class, and the located problems it carries.

Anything that is the user's fault (bad YAML, a wrong type, an unknown rule, a
missing file) is raised as `ReportgenError` and printed without a traceback;
any other exception is a bug and keeps its traceback.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, with the place it was found."""

    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        place = self.file or ""
        if self.file and self.line:
            place = f"{self.file}:{self.line}"
        parts = [p for p in (place, self.field) if p]
        prefix = " ".join(parts)
        return f"{prefix}: {self.message}" if prefix else self.message


class ReportgenError(Exception):
    """Input the user can fix. Carries every problem found, not just the first."""

    exit_code = 2

    def __init__(self, problems: Iterable[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def naming(self, names: Mapping[Path, str]) -> ReportgenError:
        """The same problems, a file read from a copy named as the user knows it."""
        shown = {display_path(path): name for path, name in names.items()}
        return ReportgenError(
            replace(p, file=shown.get(p.file, p.file)) if p.file else p for p in self.problems
        )


def display_path(path: Path | str) -> str:
    """A path as the user would type it: relative to the working directory when possible."""
    # Absolute without following links: a link is named as the user named it. Plain
    # strings: a batch names thousands of paths, and pathlib's relative_to is slow.
    absolute, here = os.path.abspath(path), os.path.abspath(os.getcwd())
    if absolute == here:
        return "."
    prefix = os.path.join(here, "")
    return absolute[len(prefix) :] if absolute.startswith(prefix) else str(path)
