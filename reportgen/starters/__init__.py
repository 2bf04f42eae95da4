"""The scenarios `reportgen new` writes: one per scheme, that builds as it is.

The performance report and the 自评表 start from the small scenarios here,
every placeholder marked （示例） (the report's indicator system read from the
评分标准 where it states a rule). The other schemes start from their shipped
example (marked 示例数据 on every document), with its framework or rules file
copied beside it, so the new folder stands on its own.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from reportgen.errors import ReportgenError, display_path
from reportgen.output import write_atomically
from reportgen.safe_names import name_problem
from reportgen.scenario.loader import SCENARIO_FILE
from reportgen.schemes.catalogue import known_kinds, unknown_kind

FRAMEWORK_FILE = "framework.yaml"
EXAMPLES = {
    "hubei_rating": "hubei-2025",
    "assessment_form": "minhang-streets-2024",
    "settlement": "tianjin-2024",
    "designation_review": "neimenggu-designation-2025",
}
_FRAMEWORK_LINE = re.compile(r"^framework:\s*(\S.*?)\s*$", re.MULTILINE)


def starter_files(kind: str) -> dict[str, bytes]:
    """The files of a new scenario of `kind`, by name."""
    why = unknown_kind(kind)
    if why is not None:
        raise ReportgenError(why)
    if kind not in EXAMPLES:
        folder = Path(str(resources.files("reportgen.starters") / kind))
        return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix == ".yaml"}
    examples = Path(str(resources.files("reportgen.scenarios")))
    folder = examples / EXAMPLES[kind]
    text = (folder / SCENARIO_FILE).read_text(encoding="utf-8")
    reference = _FRAMEWORK_LINE.search(text)
    files = {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name != SCENARIO_FILE and not p.name.startswith(".")
    }
    if reference is not None:
        files[FRAMEWORK_FILE] = (folder / reference.group(1)).resolve().read_bytes()
        text = _FRAMEWORK_LINE.sub(f"framework: {FRAMEWORK_FILE}", text, count=1)
    files[SCENARIO_FILE] = text.encode("utf-8")
    return files


def write_starter(destination: Path, kind: str, *, as_workbook: bool = False) -> Path:
    """A new scenario of `kind` in `destination` (absent or empty); its scenario file."""
    why = name_problem(destination.resolve().name)
    if why is not None:
        raise ReportgenError(f"{display_path(destination)}: the folder's name {why}")
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise ReportgenError(f"{display_path(destination)}: exists and is not empty")
    files = starter_files(kind)
    if not as_workbook:
        write_atomically({destination / name: data for name, data in files.items()})
        return destination / SCENARIO_FILE
    import tempfile

    from reportgen.workbook.convert import folder_to_workbook

    with tempfile.TemporaryDirectory(prefix=".reportgen-new-") as staging:
        folder = Path(staging) / destination.resolve().name
        write_atomically({folder / name: data for name, data in files.items()})
        return folder_to_workbook(folder, destination)


__all__ = ["known_kinds", "starter_files", "write_starter"]
