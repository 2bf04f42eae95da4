"""The service's work, each job in a worker process of its own, off the event loop.

A job reads input, scores and renders: CPU-heavy, and as hostile as its upload.
It runs under the batch's limits (`workers.run_limited`: a time limit, an
address-space cap, a worker replaced when it dies), started by a fork server
that has imported the build once, because the service's own process runs
threads and must not fork. The worker works in the job's folder, so every path
a message names is relative to what the client sent or to the workspace.
At most `capacity` jobs run at once; the others wait for a place.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
from anyio import to_thread

from reportgen.errors import Problem, ReportgenError
from reportgen.workers import Limits, run_limited

# What the fork server imports before its first fork, so each job starts with the build.
PRELOADED = ["reportgen.build", "reportgen.check", "reportgen.service.actions"]


class JobFailed(Exception):
    """A job's input is unusable (`problems`), or it broke (`bug`)."""

    def __init__(self, problems: list[Problem], bug: bool = False):
        super().__init__("; ".join(map(str, problems)))
        self.problems, self.bug = problems, bug


@dataclass(frozen=True)
class _Task:
    folder: str
    action: Callable[..., Any]
    arguments: tuple[Any, ...]


class JobRunner:
    """Runs jobs with at most `capacity` at once, each under `limits`."""

    def __init__(self, capacity: int, limits: Limits):
        self.limits = limits
        self.capacity = capacity
        self._limiter: anyio.CapacityLimiter | None = None
        if "forkserver" in multiprocessing.get_all_start_methods():
            multiprocessing.set_forkserver_preload(PRELOADED)

    async def run(self, folder: Path, action: Callable[..., Any], *arguments: Any) -> Any:
        """`action(*arguments)` in a worker working in `folder`; its result, or JobFailed."""
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self.capacity)
        task = _Task(str(folder), action, arguments)
        kind, value = await to_thread.run_sync(self._run, task, limiter=self._limiter)
        if kind == "ok":
            return value
        if kind == "bug":
            print(value, file=sys.stderr)  # the traceback, for whoever runs the service
            message = "internal error: the job broke (its traceback is in the service's log)"
            raise JobFailed([Problem(message)], bug=True)
        raise JobFailed(value)

    def _run(self, task: _Task) -> tuple[str, Any]:
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else None
        results = run_limited(
            [task], _perform, _failed, jobs=1, limits=self.limits, start_method=method
        )
        return next(iter(results))


def _perform(task: _Task) -> tuple[str, Any]:
    os.chdir(task.folder)
    try:
        return "ok", task.action(*task.arguments)
    except ReportgenError as error:
        return "problems", error.problems
    except MemoryError:
        raise  # the worker reports the memory limit
    except Exception:
        return "bug", traceback.format_exc()


def _failed(task: _Task, why: str) -> tuple[str, Any]:
    return "problems", [Problem(why)]
