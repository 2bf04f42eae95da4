"""Worker processes that each run one task at a time under a time and a memory limit.

A batch member may be hostile: a workbook that unpacks to gigabytes, input
that takes hours. Each worker caps its own memory (RLIMIT_AS, where the
system has it) and each task's time (an interval timer raising in the
worker); the parent also keeps a hard deadline and replaces a worker that
died or stopped answering. Either way only that task fails, with a reason,
and the others go on.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")
GRACE_SECONDS = 15.0  # beyond the time limit, before the parent kills a worker
AHEAD = 2  # tasks sent to a worker before its first is done


@dataclass(frozen=True)
class Limits:
    """What one task may use: wall-clock seconds and MiB of address space."""

    seconds: float = 600.0
    memory_mib: int = 4096


class TimeLimitExceeded(BaseException):
    """Raised in a worker when its task runs out of time (a BaseException: no task catches it)."""


@dataclass
class _Worker(Generic[T]):
    """A worker process, the tasks sent to it in order, and when the first must be done."""

    process: Any
    connection: multiprocessing.connection.Connection
    tasks: deque[T] = field(default_factory=deque)
    deadline: float = 0.0


def run_limited(
    tasks: list[T],
    work: Callable[[T], R],
    failed: Callable[[T, str], R],
    *,
    jobs: int,
    limits: Limits,
    start_method: str | None = None,
) -> Iterator[R]:
    """`work(task)` for every task on `jobs` workers, yielding results as they come.

    A task that exceeds its limits, or whose worker dies, yields `failed(task, why)`.
    `work` must be picklable by name where workers are spawned (Windows), or started by a
    fork server (`start_method="forkserver"`, for a parent that runs threads: a fork
    copies only the thread that forks, and any lock another one held).
    """
    method = start_method or ("fork" if hasattr(os, "fork") else "spawn")
    context = multiprocessing.get_context(method)
    queue = list(reversed(tasks))
    workers: list[_Worker[T]] = []
    try:
        while queue or any(w.tasks for w in workers):
            while queue and len(workers) < jobs:
                workers.append(_start(context, work, limits))
            for worker in workers:
                _feed(worker, queue, limits)
            yield from _collect(workers, queue, failed, limits, (context, work))
    finally:
        for worker in workers:
            _stop(worker)


def _feed(worker: _Worker[T], queue: list[T], limits: Limits) -> None:
    """Keep AHEAD tasks with each worker, so it never waits for the parent between tasks."""
    while queue and len(worker.tasks) < AHEAD:
        if not worker.tasks:
            worker.deadline = time.monotonic() + limits.seconds + GRACE_SECONDS
        worker.tasks.append(queue.pop())
        with suppress(OSError):  # a worker that just died is seen when collecting
            worker.connection.send(worker.tasks[-1])


def _collect(
    workers: list[_Worker[T]],
    queue: list[T],
    failed: Callable[[T, str], R],
    limits: Limits,
    starting: tuple[Any, Callable[[T], R]],
) -> Iterator[R]:
    busy = [w for w in workers if w.tasks]
    timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic()) if busy else 0.0
    waitables = [w.connection for w in busy] + [w.process.sentinel for w in busy]
    ready = multiprocessing.connection.wait(waitables, timeout=timeout)
    for index, worker in enumerate(workers):
        if not worker.tasks:
            continue
        if worker.connection in ready:
            try:
                done, payload = worker.connection.recv()
            except (EOFError, OSError):
                pass
            else:
                task = worker.tasks.popleft()
                worker.deadline = time.monotonic() + limits.seconds + GRACE_SECONDS
                yield payload if done else failed(task, payload)
                continue
        died = worker.process.sentinel in ready or not worker.process.is_alive()
        if died or time.monotonic() >= worker.deadline:
            _stop(worker)
            workers[index] = _start(*starting, limits)
            task = worker.tasks.popleft()
            queue.extend(reversed(worker.tasks))  # sent ahead, never started: sent again
            yield failed(task, _why(worker, died, limits))


def _why(worker: _Worker[Any], died: bool, limits: Limits) -> str:
    if not died:
        return f"stopped after {limits.seconds:g} s, the time limit of one scenario"
    code = worker.process.exitcode
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        return f"its worker was ended by {name} (over {limits.memory_mib} MiB of memory?)"
    return f"its worker stopped unexpectedly (exit code {code})"


def _start(context: Any, work: Callable[[Any], Any], limits: Limits) -> _Worker[Any]:
    parent, child = context.Pipe()
    process = context.Process(target=_serve, args=(child, work, limits), daemon=True)
    process.start()
    child.close()
    return _Worker(process, parent)


def _stop(worker: _Worker[Any]) -> None:
    if worker.process.is_alive():
        with suppress(OSError):
            worker.connection.send(None)
        worker.process.join(0.5)
        if worker.process.is_alive():
            worker.process.kill()
    worker.process.join()
    worker.connection.close()


def _serve(
    connection: multiprocessing.connection.Connection, work: Callable[[Any], Any], limits: Limits
) -> None:
    """A worker's life: cap its memory, then run each task it is sent under the time limit."""
    _cap_memory(limits.memory_mib)
    if hasattr(signal, "SIGALRM"):
        signal.signal(signal.SIGALRM, _expire)
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            with _time_limit(limits.seconds):
                message: tuple[bool, Any] = (True, work(task))
        except TimeLimitExceeded:
            message = (False, f"stopped after {limits.seconds:g} s, the time limit of one scenario")
        except MemoryError:
            message = (False, f"stopped: it needs more than {limits.memory_mib} MiB of memory")
        connection.send(message)


def _cap_memory(mib: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: the parent's deadline is the only limit there
        return
    limit = mib * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def lift_memory_cap() -> None:
    """Give this process its whole address space again: for a program a task starts, such as
    LibreOffice or the .NET redline engine, which reserve far more than they use."""
    with suppress(ImportError, ValueError, OSError):  # Windows has no such cap
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))


@contextmanager
def memory_cap_lifted() -> Iterator[None]:
    """The block run without the worker's cap (see `lift_memory_cap`), which then holds again."""
    try:
        import resource
    except ImportError:
        yield
        return
    capped = resource.getrlimit(resource.RLIMIT_AS)
    lift_memory_cap()
    try:
        yield
    finally:
        with suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, capped)


def _expire(signum: int, frame: Any) -> None:
    raise TimeLimitExceeded()


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeLimitExceeded in the block after `seconds` (the worker's own handler)."""
    if not hasattr(signal, "setitimer"):  # Windows: the parent's deadline only
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
