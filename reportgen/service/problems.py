"""Errors as the API returns them: the command line's file, line, field and message."""

from __future__ import annotations

from typing import Any

from reportgen.errors import Problem

UNPROCESSABLE = 422


def problem_data(problem: Problem) -> dict[str, Any]:
    return {
        "file": problem.file,
        "line": problem.line,
        "field": problem.field,
        "message": problem.message,
        "text": str(problem),  # the line `reportgen` prints
    }


def problems_body(problems: list[Problem]) -> dict[str, Any]:
    return {"errors": [problem_data(p) for p in problems]}
