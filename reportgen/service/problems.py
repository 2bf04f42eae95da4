"""Errors as the API returns them: the command line's file, line, field and message, naming
nothing of the server's own: a path inside the folder a request's work runs in is given from
that folder, as the client knows it (`upload/benxi-2022/scenario.yaml`)."""

from __future__ import annotations

import re
from typing import Any

from reportgen.errors import Problem

UNPROCESSABLE = 422
JOB_FOLDER_PREFIX = "reportgen-job-"  # a request's temporary folder
UPLOAD_KEY_BYTES = 12  # an upload the pages keep, in uploads/<key>/
# The server's part of a path: up to a job's folder, or a kept upload's folder.
SERVER_PART = re.compile(
    rf"[^\s'\"]*?(?:{JOB_FOLDER_PREFIX}[^/\s'\"]+|/uploads/[0-9a-f]{{{2 * UPLOAD_KEY_BYTES}}})/"
)


def as_shown(problem: Problem) -> Problem:
    """The problem with any server folder left out of its file and message."""
    file = SERVER_PART.sub("", problem.file) if problem.file else problem.file
    return Problem(SERVER_PART.sub("", problem.message), file, problem.line, problem.field)


def problem_data(problem: Problem) -> dict[str, Any]:
    problem = as_shown(problem)
    return {
        "file": problem.file,
        "line": problem.line,
        "field": problem.field,
        "message": problem.message,
        "text": str(problem),  # the line `reportgen` prints
    }


def problems_body(problems: list[Problem]) -> dict[str, Any]:
    return {"errors": [problem_data(p) for p in problems]}
