"""Names that become file or folder names: one harmless path component, or the reason why not.

A scenario id names its output folder, and a unit's name is part of its
documents' file names, so both come from input anyone may have written. A
name must stay one component on every system the documents travel to:
no separators, no `.`/`..`, no drive or absolute form, no character Windows
refuses, no control character, no reserved device name, and short enough for
every file system once a prefix and `.docx` are added.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator

MAX_NAME_CHARS = 64
FORBIDDEN_CHARS = frozenset('\\/:*?"<>|')
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{device}{n}" for device in ("COM", "LPT") for n in "123456789¹²³"]
)


def name_problem(name: str) -> str | None:
    """Why `name` cannot be a file or folder name, or None when it can."""
    if not name.strip():
        return "is empty"
    if name in (".", ".."):
        return f"{name!r} is not a name"
    control = _CONTROL.search(name)
    if control:
        return f"contains the control character U+{ord(control.group()):04X}"
    bad = sorted(set(name) & FORBIDDEN_CHARS)
    if bad:
        return f"contains {' '.join(bad)}, which a file name cannot hold"
    if name.startswith("."):
        return "starts with '.', which hides a file"
    if name != name.strip() or name.endswith("."):
        return "starts or ends with a space, or ends with '.'"
    if name.split(".")[0].upper() in _RESERVED:
        return f"{name.split('.')[0]!r} is a reserved device name on Windows"
    if len(name) > MAX_NAME_CHARS:
        return f"has {len(name)} characters, more than {MAX_NAME_CHARS}"
    return None


def check_name(name: str) -> str:
    """`name` unchanged, or ValueError saying why it cannot name a file (for pydantic)."""
    why = name_problem(name)
    if why:
        raise ValueError(f"{name!r} becomes a file or folder name and {why}")
    return name


FileName = Annotated[str, AfterValidator(check_name)]
"""Text that becomes (part of) a file or folder name; checked where it is read."""
