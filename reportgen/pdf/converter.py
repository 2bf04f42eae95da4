"""A warm LibreOffice kept for as many documents as there are: the cost of starting it is
paid once per converter (once per batch worker), not once per PDF.

The converter runs `office_helper.py` under LibreOffice's Python, in a session of
its own, and talks to it over a pipe. A document that takes longer than the time
limit, or a LibreOffice that crashes, ends the helper and everything it started;
the next document starts a new one.
"""

from __future__ import annotations

import json
import os
import queue
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from reportgen.errors import Problem, ReportgenError, display_path
from reportgen.pdf.fonts import fontconfig_file
from reportgen.pdf.office import Office, find_office
from reportgen.workers import lift_memory_cap

HELPER = Path(__file__).with_name("office_helper.py")
START_SECONDS = 90.0
DOCUMENT_SECONDS = 120.0
MAX_ANSWER = 1024 * 1024  # bytes of one answer line


@dataclass(frozen=True)
class Converted:
    """What LibreOffice laid out: the contents' lines with their page numbers, the pages,
    and the page each row of the tables asked for starts on (by the table's place)."""

    contents: list[tuple[str, str]]
    pages: int
    rows: dict[int, list[int]]


class ConversionFailed(ReportgenError):
    """LibreOffice could not make this PDF."""


class PdfConverter:
    """Documents to PDFs through one LibreOffice, started at the first document."""

    def __init__(self, office: Office | None = None, seconds: float = DOCUMENT_SECONDS):
        self._office = office
        self._seconds = seconds
        self._helper: subprocess.Popen[bytes] | None = None
        self._folder: Path | None = None
        self._lines: queue.Queue[bytes | None] | None = None

    def __enter__(self) -> PdfConverter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def office(self) -> Office:
        if self._office is None:
            self._office = find_office()
        return self._office

    def convert(
        self,
        docx: Path,
        pdf: Path | None,
        tables: list[int] | None = None,
        *,
        contents: bool = True,
    ) -> Converted:
        """Write `pdf` from `docx` (both on disk), its contents brought up to date; with no
        `pdf`, only lay it out. `tables`: those whose rows' pages to measure; `contents`:
        whether to update the contents (and give their lines)."""
        request = {
            "docx": str(Path(docx).resolve()),
            "pdf": str(Path(pdf).resolve()) if pdf is not None else "",
            "tables": list(tables or []),
            "contents": contents,
        }
        for attempt in (1, 2):  # a LibreOffice that died since the last document: once more
            helper = self._started()
            try:
                assert helper.stdin is not None
                helper.stdin.write(json.dumps(request).encode("utf-8") + b"\n")
                helper.stdin.flush()
                answer = self._answer(helper, self._seconds, docx)
            except BrokenPipeError:
                answer = None
            except BaseException:
                # A time limit of the caller's, an interrupt: nothing is left running.
                self._end(force=True)
                raise
            if answer is None:
                self._end()
                if attempt == 2:
                    raise _failed(docx, "LibreOffice stopped while converting it")
                continue
            if not answer.get("ok"):
                raise _failed(docx, str(answer.get("error", "LibreOffice could not convert it")))
            lines = [(str(text), str(page)) for text, page in answer.get("contents", [])]
            rows = {int(k): [int(p) for p in v] for k, v in (answer.get("rows") or {}).items()}
            return Converted(lines, int(answer.get("pages") or 0), rows)
        raise AssertionError("unreachable")

    def close(self) -> None:
        self._end()

    def _started(self) -> subprocess.Popen[bytes]:
        if self._helper is not None and self._helper.poll() is None:
            return self._helper
        self._end()
        office = self.office
        folder = self._folder = Path(tempfile.mkdtemp(prefix="reportgen-office-"))
        environment = dict(os.environ)
        fonts = fontconfig_file(folder)
        if fonts is not None:
            environment["FONTCONFIG_FILE"] = str(fonts)
        environment.pop("PYTHONPATH", None)  # LibreOffice's Python has its own
        self._helper = subprocess.Popen(
            [
                str(office.python),
                str(HELPER),
                str(office.soffice),
                str(folder / "profile"),
                f"reportgen-{os.getpid()}-{secrets.token_hex(4)}",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=environment,
            start_new_session=True,  # ended as a group: the helper and its LibreOffice
            # LibreOffice reserves more address space than a batch worker's cap allows.
            preexec_fn=lift_memory_cap if hasattr(os, "fork") else None,
        )
        # A thread reads the helper's answers: waiting on a pipe with a time limit works so
        # on every system (Windows cannot select on pipes).
        self._lines = queue.Queue()
        threading.Thread(
            target=_read_lines, args=(self._helper.stdout, self._lines), daemon=True
        ).start()
        ready = self._answer(self._helper, START_SECONDS, None)
        if not ready or not ready.get("ready"):
            self._end()
            raise ConversionFailed(
                [Problem(f"LibreOffice ({office.soffice}) did not start: {_INSTALL_HINT}")]
            )
        return self._helper

    def _answer(
        self, helper: subprocess.Popen[bytes], seconds: float, docx: Path | None
    ) -> dict[str, Any] | None:
        """The helper's next line as JSON; None if it ended; ConversionFailed after `seconds`."""
        assert self._lines is not None
        try:
            line = self._lines.get(timeout=max(0.0, seconds))
        except queue.Empty:
            self._end(force=True)
            what = f"it took more than {seconds:g} s"
            if docx is None:
                raise ConversionFailed([Problem(f"LibreOffice did not start: {what}")]) from None
            raise _failed(docx, what) from None
        if line is None:
            return None
        try:
            answer = json.loads(line)
        except ValueError:
            return None
        return answer if isinstance(answer, dict) else None

    def _end(self, force: bool = False) -> None:
        """The helper and its LibreOffice ended (asked to by closing the pipe, unless
        `force`d or slow to go), their folder removed."""
        helper, self._helper = self._helper, None
        if helper is not None:
            with suppress(OSError):
                assert helper.stdin is not None
                helper.stdin.close()
            try:
                helper.wait(0 if force else 10)
            except subprocess.TimeoutExpired:
                _kill_group(helper.pid)
                helper.wait()
            _kill_group(helper.pid)  # LibreOffice itself, should the helper have left it
            if helper.stdout is not None:
                helper.stdout.close()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None


_INSTALL_HINT = "is it installed whole (with its Writer)?"


def _failed(docx: Path, why: str) -> ConversionFailed:
    return ConversionFailed([Problem(f"no PDF made: {why}", display_path(docx))])


def _read_lines(stream: IO[bytes] | None, lines: queue.Queue[bytes | None]) -> None:
    """Each line the helper writes, then None when it ends (a line too long ends it too)."""
    try:
        while stream is not None:
            line = stream.readline(MAX_ANSWER + 1)
            if not line or len(line) > MAX_ANSWER or not line.endswith(b"\n"):
                break
            lines.put(line)
    except (OSError, ValueError):  # the pipe closed under it
        pass
    lines.put(None)


def _kill_group(group: int) -> None:
    with suppress(OSError, AttributeError):  # gone already; Windows has no groups
        os.killpg(group, signal.SIGKILL)
