"""How much work rendering one document may do, counted while it renders.

A template is code: `{{ 9**(9**9) }}` or two nested loops over `range(100000)`
run for minutes, `{{ 'a'*10**9 }}` asks for a gigabyte. The sandbox keeps a
template from reaching outside; the budget keeps it from doing too much
inside. A document render counts its loop steps, its calls and the
characters its parts write, and the values its expressions make are
measured (`value_sizes`); past a limit the render stops, and the engine names
the template, the part and the tag. The counts are the same for the same
template and data, so a template is refused the same way every time; the
clock is only the backstop for work that none of them counts.
"""

from __future__ import annotations

import contextlib
import contextvars
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from typing import Any, cast

import jinja2


@dataclass(frozen=True)
class RenderLimits:
    """The most one document render may do.

    The defaults stop each hostile template of the tests within a second or two, and are
    far above what the largest reports need: `benchmarks/scale.py`'s 3,600 leaves take
    14,801 loop steps, no calls and 17.0 million characters (a quarter of a second); the
    shipped scenarios at most 113 loop steps, 19 calls and values of 18 characters.
    """

    steps: int = 1_000_000
    """Loop iterations (every `{% for %}`, docxtpl's `{%tr %}`, `{%tc %}` and `{%p %}`
    loops, recursive loops), across the document."""

    calls: int = 100_000
    """Calls of macros and methods, across the document (a macro call costs some twenty
    loop iterations)."""

    output_chars: int = 200_000_000
    """Characters the document's templated parts render, together."""

    value_size: int = 1_000_000
    """Characters of a text, or items of a list, that one operator, call or filter makes."""

    integer_bits: int = 4096
    """Bits of an integer that `*` or `**` makes (4,096 bits: 1,234 decimal digits)."""

    seconds: float = 30.0
    """Wall-clock time of the render: the backstop for work the counts miss."""


DEFAULT_LIMITS = RenderLimits()
CLOCK_EVERY = 1024  # steps, or measured operations, between looks at the clock
CLOCK_CHARACTERS = 1_000_000  # characters written between looks at the clock


class OverBudget(Exception):
    """A render past one of its limits; the engine adds the template and the tag."""


class Budget:
    """The counts of one document render against its limits."""

    __slots__ = ("calls", "clock", "deadline", "limits", "next_look", "steps", "ticks", "written")

    def __init__(self, limits: RenderLimits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self.clock = clock
        self.deadline = clock() + limits.seconds
        self.steps = 0
        self.calls = 0
        self.written = 0
        self.ticks = 0
        # The step count at which the limit and the clock are looked at next (`look`).
        self.next_look = min(limits.steps, CLOCK_EVERY)

    def step(self) -> None:
        self.steps += 1
        if self.steps > self.next_look:
            self.look()

    def look(self) -> None:
        """At a step past `next_look`: stop past the limit or the deadline, else go on."""
        if self.steps > self.limits.steps:
            raise OverBudget(f"more than {self.limits.steps:,} loop steps")
        self.check_clock()
        self.next_look = min(self.limits.steps, self.steps + CLOCK_EVERY)

    def call(self) -> None:
        self.calls += 1
        if self.calls > self.limits.calls:
            raise OverBudget(f"more than {self.limits.calls:,} calls")
        self.tick()

    def tick(self) -> None:
        """A measured operation: not a step, but where the clock is looked at now and then."""
        self.ticks += 1
        if not self.ticks % CLOCK_EVERY:
            self.check_clock()

    def check_clock(self) -> None:
        if self.clock() >= self.deadline:
            raise OverBudget(f"still rendering after {self.limits.seconds:g} s")

    def wrote(self, total: int) -> None:
        """The document's parts have written `total` characters so far."""
        self.written = total
        if self.written > self.limits.output_chars:
            raise OverBudget(f"the document would be over {self.limits.output_chars:,} characters")
        self.check_clock()


_CURRENT: contextvars.ContextVar[Budget | None] = contextvars.ContextVar(
    "render_budget", default=None
)


@contextlib.contextmanager
def spending(limits: RenderLimits, clock: Callable[[], float] = time.monotonic) -> Iterator[Budget]:
    """A budget for the document rendered within."""
    budget = Budget(limits, clock)
    token = _CURRENT.set(budget)
    try:
        yield budget
    finally:
        _CURRENT.reset(token)


def current() -> Budget:
    """The budget of the document being rendered. A template run on its own (a benchmark
    runs one) gets a budget of the default limits for each loop or value that asks."""
    return _CURRENT.get() or Budget(DEFAULT_LIMITS)


def rendered(template: jinja2.Template, context: dict[str, Any]) -> str:
    """`template.render(context)`, its output counted as it is written. Past the limit the
    error is raised where the template writes, so that it names the tag."""
    budget = current()
    chunks: list[str] = []
    append = chunks.append
    written = budget.written
    next_look = min(budget.limits.output_chars, written + CLOCK_CHARACTERS)
    output = cast(
        Generator[str, None, None], template.root_render_func(template.new_context(context))
    )
    try:
        # Chunk by chunk: a chunk can be a value of millions of characters, and writing one
        # costs time (it is searched for what to escape), so one past the limit is enough.
        for chunk in output:
            append(chunk)
            written += len(chunk)
            if written > next_look:
                try:
                    budget.wrote(written)
                except OverBudget as error:
                    output.throw(error.with_traceback(None))
                next_look = min(budget.limits.output_chars, written + CLOCK_CHARACTERS)
        budget.wrote(written)
        return "".join(chunks)
    except Exception:
        # As `Template.render`: the traceback rewritten to the template's own lines.
        template.environment.handle_exception()
