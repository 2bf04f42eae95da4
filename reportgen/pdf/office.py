"""Finding LibreOffice and a Python that can drive it (one with its `uno` bridge).

`REPORTGEN_SOFFICE` names the soffice to use; otherwise it is looked for on the
PATH and where LibreOffice installs itself. The Python is LibreOffice's own
where it ships one (Windows, macOS, the builds from libreoffice.org), else one
of the system's with python3-uno.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import Problem, ReportgenError

INSTALL = (
    "install it (Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui python3-uno;"
    " Windows and macOS: https://www.libreoffice.org/download/), or set REPORTGEN_SOFFICE to"
    " its soffice"
)
PLACES = (
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)
PROBE_SECONDS = 30.0


@dataclass(frozen=True)
class Office:
    soffice: Path
    python: Path


class OfficeMissing(ReportgenError):
    """No LibreOffice to make PDFs with; what was built without PDFs is kept."""


def find_office() -> Office:
    """The LibreOffice to make PDFs with, or OfficeMissing saying how to install it."""
    return _found(os.environ.get("REPORTGEN_SOFFICE", ""))


@functools.cache
def _found(chosen: str) -> Office:
    soffice = _soffice(chosen)
    if soffice is None:
        where = f"REPORTGEN_SOFFICE={chosen} is not a program" if chosen else "soffice not found"
        raise OfficeMissing([Problem(f"PDF output needs LibreOffice ({where}): {INSTALL}")])
    python = next((p for p in _pythons(soffice) if _has_uno(p)), None)
    if python is None:
        raise OfficeMissing(
            [
                Problem(
                    f"PDF output needs LibreOffice's Python bridge, and no Python beside"
                    f" {soffice} has `uno`: {INSTALL}"
                )
            ]
        )
    return Office(soffice, python)


def _soffice(chosen: str) -> Path | None:
    candidates = [chosen] if chosen else [shutil.which("soffice"), shutil.which("libreoffice")]
    candidates += [] if chosen else list(PLACES)
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return Path(candidate).resolve()
    return None


def _pythons(soffice: Path) -> list[Path]:
    program = soffice.parent
    bundled = [
        program / "python",
        program / "python.exe",
        program.parent / "Resources" / "python",  # macOS
    ]
    system = [Path(sys.executable), Path("/usr/bin/python3")]
    found = shutil.which("python3")
    return [p for p in [*bundled, *system, *([Path(found)] if found else [])] if p.is_file()]


def _has_uno(python: Path) -> bool:
    try:
        return (
            subprocess.run(
                [str(python), "-c", "import uno"],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=PROBE_SECONDS,
            ).returncode
            == 0
        )
    except (OSError, subprocess.SubprocessError):
        return False
