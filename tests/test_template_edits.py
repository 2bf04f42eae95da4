"""The shipped report template edited as a consultant edits it, and the report following each edit.

Each edit is made with python-docx on a copy of templates/docx/performance_report.docx
(the way Word changes the XML: widths on the grid and every cell, a column's
cells removed or copied, paragraphs moved), and once more after the edited
file went through a LibreOffice save. The Benxi report built with it is read
back: widths, headers, the new column's values, 表 numbers and the sentences
that mention them, the order of the contents, the body font.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table

from reportgen.cli import main
from reportgen.shipped import kinds
from tests.conftest import BENXI
from tests.docx_reading import W, full_text, open_document, rows
from tests.external_tools import require, save_as_docx, soffice_available

REPORT = "绩效评价报告.docx"
ROUND_TRIPS = ["python-docx", "libreoffice"]


def header(table: Table) -> list[str]:
    return [cell.text for cell in table.rows[0].cells]


def table_with(document: Document, first: str, columns: int) -> Table:
    [table] = [t for t in document.tables if header(t)[0] == first and len(t.columns) == columns]
    return table


def grid(table: Table) -> list[int]:
    return [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]


def cells_at(table: Table, column: int) -> list:
    """Per row, the w:tc covering grid column `column` and the column it starts at."""
    found = []
    for tr in table._tbl.tr_lst:
        position = 0
        for tc in tr.tc_lst:
            if position <= column < position + tc.grid_span:
                found.append((tc, position))
                break
            position += tc.grid_span
    return found


def set_cell_text(tc, text: str) -> None:
    """The cell's first run holds `text`, the others go: its paragraph style stays."""
    paragraph = tc.findall(qn("w:p"))[0]
    runs = paragraph.findall(qn("w:r"))
    for run in runs[1:]:
        paragraph.remove(run)
    for extra in tc.findall(qn("w:p"))[1:]:
        tc.remove(extra)
    texts = runs[0].findall(qn("w:t"))
    texts[0].text = text
    for node in list(runs[0]):
        if node.tag in (qn("w:br"), qn("w:t")) and node is not texts[0]:
            runs[0].remove(node)


def set_width(table: Table, column: int, twips: int) -> None:
    """As Word does when a column's border is dragged: the grid, the cells and the table width."""
    gridcol = table._tbl.tblGrid.findall(qn("w:gridCol"))[column]
    grown = twips - int(gridcol.get(qn("w:w")))
    gridcol.set(qn("w:w"), str(twips))
    width = table._tbl.tblPr.find(qn("w:tblW"))
    width.set(qn("w:w"), str(int(width.get(qn("w:w"))) + grown))
    for tc, start in cells_at(table, column):
        if tc.grid_span == 1 and start == column:
            tc.get_or_add_tcPr().get_or_add_tcW().set(qn("w:w"), str(twips))


def delete_column(table: Table, column: int) -> None:
    for tc, _ in cells_at(table, column):
        if tc.grid_span > 1:
            tc.grid_span -= 1
        else:
            tc.getparent().remove(tc)
    gridcol = table._tbl.tblGrid.findall(qn("w:gridCol"))[column]
    gridcol.getparent().remove(gridcol)


def add_column_after(table: Table, column: int, texts: dict[int, str]) -> None:
    """A copy of `column`'s cells beside it; row index → text for the rows that get one."""
    for index, (tc, _) in enumerate(cells_at(table, column)):
        if tc.grid_span > 1:
            tc.grid_span += 1
            continue
        twin = copy.deepcopy(tc)
        tc.addnext(twin)
        set_cell_text(twin, texts.get(index, ""))
    gridcol = table._tbl.tblGrid.findall(qn("w:gridCol"))[column]
    gridcol.addnext(copy.deepcopy(gridcol))


def edited_template(tmp_path: Path, round_trip: str, edit: Callable[[Document], None]) -> Path:
    """A house folder holding the shipped report template with `edit` applied."""
    if round_trip == "libreoffice":
        require(soffice_available(), "LibreOffice (soffice)")
    document = docx.Document(kinds()["performance_report"])
    edit(document)
    house = tmp_path / "house"
    house.mkdir()
    edited = tmp_path / "performance_report.docx"
    document.save(edited)
    if round_trip == "libreoffice":
        edited = save_as_docx(edited, tmp_path / "saved")
    shutil.copy(edited, house / "performance_report.docx")
    return house


def build(tmp_path: Path, house: Path) -> Document:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", str(BENXI), "-o", str(out), "--templates", str(house)]
    )
    assert result.exit_code == 0, result.output
    return open_document(out / "benxi-2022" / REPORT)


def appendix_of(document: Document) -> Table:
    return table_with(document, "序号", 9)


@pytest.mark.parametrize("round_trip", ROUND_TRIPS)
def test_a_column_width_and_header_text_changed_in_the_appendix(
    round_trip: str, tmp_path: Path
) -> None:
    def edit(document: Document) -> None:
        table = appendix_of(document)
        set_width(table, 8, 3300)
        set_cell_text(table.rows[0].cells[8]._tc, "扣分说明")

    report = build(tmp_path, edited_template(tmp_path, round_trip, edit))
    appendix = [t for t in report.tables if header(t)[-1] == "扣分说明"]
    assert len(appendix) == 1, [header(t) for t in report.tables]
    table = appendix[0]
    assert abs(grid(table)[8] - 3300) <= 20, grid(table)
    widths = {int(tc.tcPr.tcW.get(qn("w:w"))) for tc, start in cells_at(table, 8) if start == 8}
    assert all(abs(w - 3300) <= 20 for w in widths), widths
    assert "扣分原因" not in header(table)
    body = {r[3]: r[8] for r in rows(table)[1:-1]}
    assert body["成本控制"] == "居民大病保险年度结算出现亏损，扣3分"


@pytest.mark.parametrize("round_trip", ROUND_TRIPS)
def test_a_column_deleted_from_the_summary_table(round_trip: str, tmp_path: Path) -> None:
    def edit(document: Document) -> None:
        delete_column(table_with(document, "一级指标", 4), 3)

    report = build(tmp_path, edited_template(tmp_path, round_trip, edit))
    [summary] = [t for t in report.tables if header(t)[:3] == ["一级指标", "指标分值", "最终得分"]]
    assert header(summary) == ["一级指标", "指标分值", "最终得分"]
    assert len(grid(summary)) == 3
    assert [r[0] for r in rows(summary)[1:]] == ["决策", "过程", "产出", "效益", "总计"]
    assert rows(summary)[-1] == ["总计", "100", "95.00"]
    assert "%" not in "".join(c for r in rows(summary) for c in r)


@pytest.mark.parametrize("round_trip", ROUND_TRIPS)
def test_a_column_added_with_a_documented_row_field(round_trip: str, tmp_path: Path) -> None:
    def edit(document: Document) -> None:
        for table in [t for t in document.tables if header(t)[-1] == "指标得分"]:
            # header, the {%tr for %} row, the repeated row, {%tr endfor %}, 合计
            add_column_after(table, 4, {0: "扣分", 2: "{{ r.lost|score }}"})

    report = build(tmp_path, edited_template(tmp_path, round_trip, edit))
    dimension_tables = [t for t in report.tables if header(t)[-1] == "扣分"]
    assert len(dimension_tables) == 4
    lost = {r[2]: r[5] for t in dimension_tables for r in rows(t)[1:-1]}
    assert lost["管理制度健全性"] == "2.00" and lost["成本控制"] == "3.00"
    assert sum(v == "0.00" for v in lost.values()) == 16
    assert all(len(grid(t)) == 6 for t in dimension_tables)


def chapter(document: Document, start: str, end: str) -> list:
    """The body elements from the heading `start` up to the heading `end`."""
    body = list(document.element.body.iterchildren())
    texts = ["".join(t.text or "" for t in e.iter(qn("w:t"))) for e in body]
    first, last = texts.index(start), texts.index(end)
    return body[first:last]


@pytest.mark.parametrize("round_trip", ROUND_TRIPS)
def test_a_chapter_moved_renumbers_its_tables_their_mentions_and_the_contents(
    round_trip: str, tmp_path: Path
) -> None:
    def edit(document: Document) -> None:
        moved = chapter(document, "三、综合评价情况及评价结论", "四、绩效评价指标分析")
        first = chapter(document, "一、基本情况", "二、绩效评价工作开展情况")[0]
        for element in moved:
            first.addprevious(element)

    report = build(tmp_path, edited_template(tmp_path, round_trip, edit))
    text = full_text(report)
    # A long caption is broken between words; its text reads the same without the break.
    captions = [p.text.replace("\n", "") for p in report.paragraphs if p.text.startswith("表")]
    assert captions[:4] == [
        "表1-1 本溪市城乡居民大病保险及职工大额医疗费用补助保险承办权项目绩效评价总体得分情况",
        "表2-1 居民大病资金使用情况表",
        "表2-2 职工大额医疗补助资金使用情况表",
        "表3-1 本溪市城乡居民大病保险及职工大额医疗费用补助保险承办权项目绩效评价指标体系",
    ]
    assert "见表3-1（详见附件）" in text and "见表2-1（详见附件）" not in text
    assert "表4-1 决策指标得分情况表" in captions
    contents = [
        p.text
        for p in report.element.body.iter(qn("w:p"))
        if (style := p.find(f"{W}pPr/{W}pStyle")) is not None
        and report.styles.get_by_id(style.get(qn("w:val")), 1).name.lower().startswith("toc 1")
    ]
    assert contents[:3] == [
        "三、综合评价情况及评价结论",
        "一、基本情况",
        "二、绩效评价工作开展情况",
    ]


@pytest.mark.parametrize("round_trip", ROUND_TRIPS)
def test_the_body_font_changed(round_trip: str, tmp_path: Path) -> None:
    def edit(document: Document) -> None:
        fonts = document.styles["Normal"].element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), "华文中宋")

    report = build(tmp_path, edited_template(tmp_path, round_trip, edit))
    normal = report.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "华文中宋"
    body = [p for p in report.paragraphs if p.text.startswith("综合分析，本次绩效评价的综合得分")]
    assert body and body[0].style.name == "Normal"


def test_a_misspelt_field_is_named_with_the_text_around_it(tmp_path: Path) -> None:
    def edit(document: Document) -> None:
        appendix = appendix_of(document)
        run = appendix.rows[2].cells[3].paragraphs[0].runs[0]
        assert run.text == "{{ r.name }}"
        run.text = "{{ r.nam }}"

    house = edited_template(tmp_path, "python-docx", edit)
    result = CliRunner().invoke(
        main, ["build", str(BENXI), "-o", str(tmp_path / "out"), "--templates", str(house)]
    )
    assert result.exit_code == 2
    assert "undefined variable: 'dict object' has no attribute 'nam'" in result.output
    assert "near '" in result.output and "{{ r.nam }}" in result.output
    assert "Traceback" not in result.output
    checked = CliRunner().invoke(
        main, ["templates", "check", str(house / "performance_report.docx")]
    )
    assert checked.exit_code == 2
    assert "'appendix.rows[].nam'" in checked.output
    assert "did you mean appendix.rows[].name?" in checked.output
