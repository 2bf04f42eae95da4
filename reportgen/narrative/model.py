"""The report model: everything a document says, before any template sees it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    """A table cell as content: its text, and how it joins its neighbours."""

    text: str = ""
    span: int = 1
    merge_up: bool = False  # continues the cell above (a vertically merged group)
    bold: bool = False
    left: bool = False  # long text, aligned left


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


@dataclass
class IndicatorText:
    """One third-level indicator's paragraph in chapter 4."""

    name: str
    remark: str  # the consultant's Markdown
    score_sentence: str  # 该项指标满分6分，实际得分4分。
    reason_sentence: str = ""  # 扣分原因：…。


@dataclass
class GroupText:
    heading: str  # 1.项目立项
    indicators: list[IndicatorText]


@dataclass
class DimensionSection:
    heading: str  # （一）项目决策情况
    summary: str  # 决策指标分值为25分，得分25分，……
    table: Table
    groups: list[GroupText]


@dataclass
class NumberedItem:
    heading: str  # （一）管理制度有待进一步完善
    text: str  # Markdown


@dataclass
class ChapterFive:
    title: str  # 五、存在的问题 / 五、主要经验及做法、存在的问题
    sections: list[tuple[str, list[NumberedItem]]]  # (sub-heading or "", items)


@dataclass
class ReportModel:
    """The whole 绩效评价报告 as data."""

    project_name: str
    document_title: str
    report_date: str
    sample_data: bool
    project: dict[str, str]
    prose: dict[str, str]  # the consultant's Markdown per section key
    funds_tables: list[Table]
    system_sentence: str
    system_table: Table
    grading: list[str]
    conclusion_sentence: str
    summary_table: Table
    shortcomings: str
    dimensions: list[DimensionSection]
    chapter_five: ChapterFive
    recommendations: list[NumberedItem]
    appendix_title: str
    appendix_table: Table
    toc: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
