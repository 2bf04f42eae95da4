"""A progress line for batches on stderr, with failures printed above it as they happen."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import TextIO

from reportgen.batch import Outcome


class Progress:
    """`[#####-----] 12/40` redrawn in place on a terminal; failures as lines of their own."""

    width = 30

    def __init__(self, total: int, stream: TextIO | None = None):
        self.total, self.done = total, 0
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()

    def __enter__(self) -> Progress:
        self._draw()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.live:
            self.stream.write("\n")
            self.stream.flush()

    def update(self, outcome: Outcome) -> None:
        self.done += 1
        self._clear()
        for message in outcome.errors:
            self.stream.write(f"error: {outcome.scenario}: {message}\n")
        for message in outcome.warnings if not outcome.skipped else []:
            self.stream.write(f"warning: {outcome.scenario}: {message}\n")
        self._draw()

    def _clear(self) -> None:
        if self.live:
            self.stream.write("\r\033[K")

    def _draw(self) -> None:
        if not self.live:
            return
        filled = self.width * self.done // max(self.total, 1)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"[{bar}] {self.done}/{self.total} scenarios")
        self.stream.flush()
