"""A batch of the whole workspace, started from the page or the API, its progress polled.

One batch runs at a time, in a thread of the service (`batch.run_batch`, its
workers started by a fork server, as the service's jobs are), into
`reportgen-served/batch/`: each scenario's documents, summary.xlsx and
summary.json, as `reportgen batch` writes them. A second run skips the
scenarios that have not changed.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.errors import ReportgenError

BATCH = "batch"


@dataclass
class BatchRun:
    """What the page's progress bar and summary show."""

    state: str = "idle"  # idle, running, done, failed
    total: int = 0
    done: int = 0
    failed: list[dict[str, Any]] = field(default_factory=list)
    units: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    started: float = 0.0
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def as_data(self) -> dict[str, Any]:
        with self.lock:
            return {
                "state": self.state,
                "total": self.total,
                "done": self.done,
                "failed": list(self.failed),
                "units": list(self.units),
                "errors": list(self.errors),
                "seconds": round(self.seconds or time.monotonic() - self.started, 1)
                if self.started
                else 0.0,
            }


def start(run: BatchRun, workspace: Path, served: Path, jobs: int) -> bool:
    """Start a batch unless one is running; whether it was started."""
    with run.lock:
        if run.state == "running":
            return False
        run.state, run.done, run.total = "running", 0, 0
        run.failed, run.units, run.errors = [], [], []
        run.started, run.seconds = time.monotonic(), 0.0
    thread = threading.Thread(
        target=_run, args=(run, workspace, served, jobs), name="reportgen-batch", daemon=True
    )
    thread.start()
    return True


def _run(run: BatchRun, workspace: Path, served: Path, jobs: int) -> None:
    from reportgen.batch import find_scenarios, run_batch

    try:
        scenarios = find_scenarios(workspace, excluded=[served])
        with run.lock:
            run.total = len(scenarios)

        def progress(outcome: Any) -> None:
            with run.lock:
                run.done += 1
                if not outcome.ok:
                    run.failed.append({"scenario": outcome.scenario, "errors": outcome.errors})

        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else None
        report = run_batch(
            workspace,
            served / BATCH,
            jobs=jobs,
            progress=progress,
            scenarios=scenarios,
            start_method=method,
        )
        from reportgen.batch_summary import ranked, scheme_title

        rows = [{**unit, "scheme": scheme_title(unit["scheme"])} for unit in ranked(report.units)]
        with run.lock:
            run.units, run.state = rows, "done"
    except ReportgenError as error:
        with run.lock:
            run.errors, run.state = [str(p) for p in error.problems], "failed"
    except Exception as error:  # a bug: the page says so; the service goes on
        with run.lock:
            run.errors, run.state = [f"internal error {type(error).__name__}: {error}"], "failed"
    finally:
        with run.lock:
            run.seconds = time.monotonic() - run.started
