"""The scenario as an Excel workbook: its layout, reading, writing and conversion."""

from __future__ import annotations

from pathlib import Path

from reportgen.errors import ReportgenError, display_path
from reportgen.workbook.layout import WORKBOOK_NAMES

MAX_CANDIDATES = 20


def scenario_workbook_in(folder: Path) -> Path | None:
    """The scenario workbook of a folder without scenario.yaml: scenario.xlsx or 评价.xlsx, or
    the one workbook there with a 项目信息 sheet."""
    for name in WORKBOOK_NAMES:
        if (folder / name).is_file():
            return folder / name
    candidates = sorted(p for p in folder.glob("*.xlsx") if not p.name.startswith("~$"))
    if not candidates or len(candidates) > MAX_CANDIDATES:
        return None
    from reportgen.workbook.reading import is_scenario_workbook

    marked = [p for p in candidates if is_scenario_workbook(p)]
    if len(marked) > 1:
        names = ", ".join(p.name for p in marked)
        raise ReportgenError(
            f"{display_path(folder)}: several scenario workbooks ({names}); name one"
        )
    return marked[0] if marked else None
