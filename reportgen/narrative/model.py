"""Table cells as content, for the Excel workbook of the 指标得分表."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    """A table cell as content: its text, and how it joins its neighbours."""

    text: str = ""
    span: int = 1
    merge_up: bool = False  # continues the cell above (a vertically merged group)
    bold: bool = False
    left: bool = False  # long text, aligned left
    total: bool = False  # the sum of the rows' cells above it in its column


Row = list[Cell]


@dataclass
class Table:
    """A numbered table with its caption, unit line and source line."""

    number: str
    title: str
    header: list[Row]
    rows: list[Row]
    widths: list[int]  # relative column widths
    unit: str = ""
    source: str = ""

    @property
    def caption(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title
