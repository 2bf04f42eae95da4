"""The core (scenarios, rules, scoring, narrative) never imports the outside."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "reportgen"
CORE = (
    "scenario",
    "rules",
    "scoring",
    "narrative",
    "expressions",
    "numbers.py",
    "fields.py",
    "formatting.py",
    "errors.py",
)
OUTSIDE = (
    "reportgen.render",
    "reportgen.cli",
    "reportgen.build",
    "reportgen.output",
    "reportgen.terminal",
    "docx",
    "docxtpl",
    "click",
    "openpyxl",
)
# The loader reads input workbooks, and this one module is where it opens them.
READERS = {("scenario/sheets.py", "openpyxl")}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def core_files() -> list[Path]:
    files = []
    for entry in CORE:
        path = PACKAGE / entry
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return files


def test_core_modules_do_not_import_rendering_or_the_cli() -> None:
    offenders = {
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in core_files()
        for name in imports_of(path)
        if any(name == o or name.startswith(o + ".") for o in OUTSIDE)
        and (path.relative_to(PACKAGE).as_posix(), name.split(".")[0]) not in READERS
    }
    assert not offenders, sorted(offenders)


def test_the_check_sees_every_core_module() -> None:
    assert len(core_files()) > 20
