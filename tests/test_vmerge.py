"""`{% vmerge KEY %}` in a consultant's own table: group-wise vertical merges, nested by tuples.

The example template of docs/templates.md (docs/examples/vmerge.docx) is a
plain Word table with a `{%tr for %}` row; it is rendered with rows of two
dimensions whose 二级 names repeat across them, and the vMerge runs are read
back cell by cell.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.shared import Cm

from reportgen.render import vmerge as vmerge_module
from reportgen.render.engine import CompiledTemplate
from tests.docx_reading import W, vmerge
from tests.external_tools import describe_errors, require, validate_ooxml, validator_available

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "vmerge.docx"
MOMENT = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
ROWS = [
    ("决策", "项目立项", "立项依据充分性", 3, 3),
    ("决策", "项目立项", "立项程序规范性", 3, 2),
    ("决策", "资金管理", "资金到位率", 4, 4),
    ("过程", "资金管理", "预算执行率", 5, 4.5),  # the same 二级 name, another 一级
    ("过程", "资金管理", "资金使用合规性", 5, 5),
    ("过程", "组织实施", "管理制度健全性", 6, 4),
]

# The vMerge runs those rows give: by 一级, and by (一级, 二级), where 资金管理 restarts
# under 过程 although the name repeats.
BY_DIMENSION = ["restart", "continue", "continue", "restart", "continue", "continue"]
BY_GROUP = ["restart", "continue", "restart", "restart", "continue", "restart"]


def context() -> dict:
    keys = ("dimension", "group", "name", "weight", "score")
    return {"rows": [dict(zip(keys, row, strict=True)) for row in ROWS]}


def render(template: Path, out: Path) -> docx.table.Table:
    out.write_bytes(CompiledTemplate.load(template).render(context(), title="t", moment=MOMENT))
    (table,) = docx.Document(out).tables
    return table


def test_cells_merge_while_their_key_is_unchanged(tmp_path: Path) -> None:
    table = render(EXAMPLE, tmp_path / "out.docx")
    body = slice(1, None)  # the header row stays as it is
    assert vmerge(table, 0)[body] == BY_DIMENSION
    assert vmerge(table, 1)[body] == BY_GROUP
    assert vmerge(table, 2)[body] == [""] * 6
    texts = [[_text(tc) for tc in tr.tc_lst] for tr in table._tbl.tr_lst[1:]]
    assert [row[0] for row in texts] == ["决策", "", "", "过程", "", ""]
    assert [row[1] for row in texts] == ["项目立项", "", "资金管理", "资金管理", "", "组织实施"]
    assert [row[2] for row in texts] == [row[2] for row in ROWS]
    assert [row[4] for row in texts] == ["3.00", "2.00", "4.00", "4.50", "5.00", "4.00"]
    marks = (vmerge_module.OPEN, vmerge_module.PARSED_OPEN)
    assert not any(m in _text(tc) for tc in table._tbl.iter(f"{W}tc") for m in marks)


def _text(tc) -> str:
    return "".join(t.text or "" for t in tc.iter(f"{W}t"))


def test_vmerge_is_written_in_schema_order(tmp_path: Path) -> None:
    table = render(EXAMPLE, tmp_path / "out.docx")
    for tc in table._tbl.iter(f"{W}tc"):
        names = [child.tag.split("}")[1] for child in tc.tcPr] if tc.tcPr is not None else []
        if "vMerge" in names:
            assert names.index("vMerge") == names.index("tcW") + 1, names


def test_a_column_added_in_word_merges_too(tmp_path: Path) -> None:
    """The consultant adds a 一级 得分率 column (its own key) after the 三级 column."""
    document = docx.Document(EXAMPLE)
    (table,) = document.tables
    column = table.add_column(Cm(2))
    column.cells[0].text = "备注"
    column.cells[2].text = "{% vmerge r.dimension %}{{ r.dimension }}组"
    template = tmp_path / "edited.docx"
    document.save(template)
    rendered = render(template, tmp_path / "out.docx")
    assert vmerge(rendered, 5)[1:] == BY_DIMENSION
    assert vmerge(rendered, 0)[1:] == vmerge(rendered, 5)[1:]


def test_the_merged_table_is_valid_open_xml(tmp_path: Path) -> None:
    require(validator_available(), "the Open XML validator (npm ci)")
    out = tmp_path / "out.docx"
    render(EXAMPLE, out)
    errors = validate_ooxml(out)
    assert not errors, describe_errors(errors)


def test_keys_compare_as_values_not_as_text() -> None:
    from reportgen.render.vmerge import marker

    assert marker(Decimal("3")) != marker("3")
    assert marker(("决策", "资金管理")) != marker(("过程", "资金管理"))
    assert marker(("决策", "资金管理")) == marker(("决策", "资金管理"))
    assert marker(Decimal("1.0")) == marker(Decimal("1.00"))  # the same number
    assert marker(1) != marker(True) and marker(1) != marker(1.0)


def test_compiled_cells_compare_keys_as_the_markers_do() -> None:
    from reportgen.render import vmerge_compiled as compiled

    token = compiled.start_part()
    try:
        runs = [compiled.cell(key, 7) for key in (Decimal("1.0"), Decimal("1.00"), 1, True, "1")]
    finally:
        compiled.end_part(token)
    assert runs == [False, True, False, False, False]


def test_the_template_merges_after_a_libreoffice_save(tmp_path: Path) -> None:
    from tests.external_tools import save_as_docx, soffice_available

    require(soffice_available(), "LibreOffice")
    table = render(save_as_docx(EXAMPLE, tmp_path / "lo"), tmp_path / "out.docx")
    assert vmerge(table, 1)[1:] == BY_GROUP


def test_a_table_inside_a_cell_merges_the_same_way(tmp_path: Path) -> None:
    """A table nested in a cell (where columns are found after rendering, not compiled)."""
    import copy

    example = docx.Document(EXAMPLE)
    document = docx.Document(EXAMPLE)
    body = document.element.body
    (inner,) = body.findall(f"{W}tbl")
    outer = document.add_table(rows=1, cols=1)
    cell = outer.cell(0, 0)._tc
    cell.append(copy.deepcopy(inner))
    cell.append(copy.deepcopy(cell.findall(f"{W}p")[0]))  # a cell ends with a paragraph
    body.remove(inner)
    template = tmp_path / "nested.docx"
    document.save(template)
    out = tmp_path / "out.docx"
    out.write_bytes(CompiledTemplate.load(template).render(context(), title="t", moment=MOMENT))
    nested = docx.table.Table(docx.Document(out).tables[0]._tbl.find(f"{W}tr/{W}tc/{W}tbl"), None)
    assert vmerge(nested, 0)[1:] == BY_DIMENSION
    assert vmerge(nested, 1)[1:] == BY_GROUP
    assert len(example.tables) == 1


def test_a_key_that_fails_names_the_cell_text(tmp_path: Path) -> None:
    from reportgen.errors import ReportgenError

    document = docx.Document(EXAMPLE)
    document.tables[0].rows[2].cells[0].paragraphs[0].runs[
        0
    ].text = "{% vmerge r.dimension / 2 %}{{ r.dimension }}"
    template = tmp_path / "bad.docx"
    document.save(template)
    with pytest.raises(ReportgenError, match="template error: TypeError"):
        CompiledTemplate.load(template).render(context(), title="t", moment=MOMENT)


def test_a_row_with_a_column_loop_merges_the_same_way(tmp_path: Path) -> None:
    """A tagged cell in a row whose columns a `{%tc for %}` loop makes (merged after rendering)."""
    document = docx.Document()
    table = document.add_table(rows=4, cols=5)
    cells = [
        ["一级", "二级", "{%tc for c in columns %}", "{{ c }}", "{%tc endfor %}"],
        ["{%tr for r in rows %}", "", "", "", ""],
        [
            "{% vmerge r.dimension %}{{ r.dimension }}",
            "{% vmerge (r.dimension, r.group) %}{{ r.group }}",
            "{%tc for c in columns %}",
            "{{ r[c] }}",
            "{%tc endfor %}",
        ],
        ["{%tr endfor %}", "", "", "", ""],
    ]
    for row, texts in zip(table.rows, cells, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    template = tmp_path / "columns.docx"
    document.save(template)
    data = {**context(), "columns": ["weight", "score"]}
    out = tmp_path / "out.docx"
    out.write_bytes(CompiledTemplate.load(template).render(data, title="t", moment=MOMENT))
    (rendered,) = docx.Document(out).tables
    assert vmerge(rendered, 0)[1:] == BY_DIMENSION
    assert vmerge(rendered, 1)[1:] == BY_GROUP
    assert [cell.text for cell in rendered.rows[0].cells] == ["一级", "二级", "weight", "score"]
