"""Report tables as WordprocessingML: grid, header rows, merges and schema order."""

from __future__ import annotations

import pytest
from lxml import etree

from reportgen.render import styles
from reportgen.render.tables import Cell, caption, merge_runs, source_line, table, unit_line

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
NS = {"w": W_NS}


def parse(fragment: str) -> etree._Element:
    root = etree.fromstring(f'<root xmlns:w="{W_NS}">{fragment}</root>'.encode())
    return root[0]


def val(element: etree._Element | None) -> str | None:
    assert element is not None
    return element.get(f"{W}val")


def merges(tbl: etree._Element, column: int) -> list[str | None]:
    """The vMerge state of one cell index in each body row: restart, continue or None."""
    states: list[str | None] = []
    for row in tbl.findall("w:tr", NS):
        if row.find("w:trPr/w:tblHeader", NS) is not None:
            continue
        cells = row.findall("w:tc", NS)
        merge = cells[column].find("w:tcPr/w:vMerge", NS) if column < len(cells) else None
        states.append(None if merge is None else (val(merge) or "continue"))
    return states


def cell_texts(tc: etree._Element) -> list[str]:
    return ["".join(p.itertext()) for p in tc.findall("w:p", NS)]


# 一级 / 二级 / 三级 / 分值, as in a performance-evaluation indicator system
INDICATORS = [
    ("决策", "项目立项", "立项依据充分性", "3"),
    ("决策", "项目立项", "立项程序规范性", "2"),
    ("决策", "绩效目标", "绩效目标合理性", "3"),
    ("决策", "绩效目标", "绩效指标明确性", "2"),
    ("决策", "资金投入", "预算编制科学性", "3"),
    ("过程", "采购规范性", "采购程序", "2"),
    ("过程", "采购规范性", "合同签订", "2"),
    ("过程", "采购规范性", "合同履行", "2"),
    ("产出", "资金投入", "资金到位率", "4"),
]


def indicator_table() -> etree._Element:
    rows = [[Cell(text) for text in row] for row in INDICATORS]
    merge_runs(rows, 0)
    merge_runs(rows, 1, within=0)
    rows.append([Cell("合计", bold=True, span=3), Cell("23", bold=True)])
    widths = [1200, 1600, 3000, 900]
    return parse(table([["一级指标", "二级指标", "三级指标", "分值"]], rows, widths))


def test_table_properties_and_grid() -> None:
    tbl = indicator_table()
    assert tbl.tag == f"{W}tbl"
    props = tbl.find("w:tblPr", NS)
    assert props is not None
    assert [etree.QName(c).localname for c in props] == ["tblStyle", "tblW", "jc", "tblLayout"]
    assert val(props.find("w:tblStyle", NS)) == styles.TABLE
    tblw = props.find("w:tblW", NS)
    assert tblw is not None and tblw.get(f"{W}w") == "6700" and tblw.get(f"{W}type") == "dxa"
    assert props.find("w:tblLayout", NS).get(f"{W}type") == "fixed"  # type: ignore[union-attr]
    cols = tbl.findall("w:tblGrid/w:gridCol", NS)
    assert [c.get(f"{W}w") for c in cols] == ["1200", "1600", "3000", "900"]
    assert [etree.QName(c).localname for c in tbl] == ["tblPr", "tblGrid"] + ["tr"] * 11


def test_every_row_cant_split_and_header_repeats() -> None:
    rows = indicator_table().findall("w:tr", NS)
    for row in rows:
        assert row.find("w:trPr/w:cantSplit", NS) is not None
    flags = [row.find("w:trPr/w:tblHeader", NS) is not None for row in rows]
    assert flags == [True] + [False] * 10


def test_header_without_repeat_and_header_style() -> None:
    tbl = parse(
        table(
            [["项目", "金额"]], [["保费收入", "37,767,520.00"]], [2000, 2000], repeat_header=False
        )
    )
    rows = tbl.findall("w:tr", NS)
    assert all(row.find("w:trPr/w:tblHeader", NS) is None for row in rows)
    assert all(row.find("w:trPr/w:cantSplit", NS) is not None for row in rows)
    header_styles = [val(p) for p in rows[0].iterfind(".//w:pStyle", NS)]
    body_styles = [val(p) for p in rows[1].iterfind(".//w:pStyle", NS)]
    assert header_styles == [styles.TABLE_HEADER] * 2
    assert body_styles == [styles.TABLE_TEXT] * 2


def test_several_header_rows_all_repeat() -> None:
    header = [
        [Cell("指标", span=2), Cell("分值")],
        [Cell("一级"), Cell("二级"), Cell("分值", merge_up=True)],
    ]
    tbl = parse(table(header, [["决策", "项目立项", "5"]], [1000, 1000, 800]))
    rows = tbl.findall("w:tr", NS)
    assert [row.find("w:trPr/w:tblHeader", NS) is not None for row in rows] == [True, True, False]
    assert merges(tbl, 2) == [None]
    first = rows[0].findall("w:tc", NS)
    assert val(first[0].find("w:tcPr/w:gridSpan", NS)) == "2"
    assert val(first[1].find("w:tcPr/w:vMerge", NS)) == "restart"
    assert rows[1].findall("w:tc", NS)[2].find("w:tcPr/w:vMerge", NS) is not None


def test_first_level_indicators_merge() -> None:
    assert merges(indicator_table(), 0) == [
        "restart", "continue", "continue", "continue", "continue",
        "restart", "continue", "continue",
        None, None,
    ]  # fmt: skip


def test_second_level_groups_stay_inside_their_first_level_group() -> None:
    # 资金投入 ends the 决策 group and starts the 产出 group: two separate cells
    assert merges(indicator_table(), 1) == [
        "restart", "continue",
        "restart", "continue",
        None,
        "restart", "continue", "continue",
        None, None,
    ]  # fmt: skip


def test_without_within_equal_names_merge_across_groups() -> None:
    rows = [[Cell(a), Cell(b)] for a, b in (("决策", "资金投入"), ("产出", "资金投入"))]
    merge_runs(rows, 1)
    assert [row[1].merge_up for row in rows] == [False, True]


def test_third_level_and_scores_do_not_merge() -> None:
    tbl = indicator_table()
    assert merges(tbl, 2) == [None] * 10
    assert merges(tbl, 3) == [None] * 10


def test_empty_and_spanned_cells_never_merge() -> None:
    rows = [[Cell(""), Cell("a")], [Cell(""), Cell("a")], [Cell("a", span=2)], [Cell("a", span=2)]]
    merge_runs(rows, 0)
    merge_runs(rows, 1)
    assert [[c.merge_up for c in row] for row in rows] == [
        [False, False],
        [False, True],
        [False],
        [True],
    ]


def test_continuation_cells_hold_one_empty_paragraph() -> None:
    tbl = indicator_table()
    continuation = tbl.findall("w:tr", NS)[2].findall("w:tc", NS)[0]
    paragraphs = continuation.findall("w:p", NS)
    assert len(paragraphs) == 1
    assert (
        etree.tostring(paragraphs[0])
        .decode()
        .endswith(f'<w:pPr><w:pStyle w:val="{styles.TABLE_TEXT}"/></w:pPr></w:p>')
    )
    assert paragraphs[0].find("w:r", NS) is None
    first = tbl.findall("w:tr", NS)[1].findall("w:tc", NS)[0]
    assert cell_texts(first) == ["决策"]


def test_total_row_spans_the_grid() -> None:
    total = indicator_table().findall("w:tr", NS)[-1]
    cells = total.findall("w:tc", NS)
    assert len(cells) == 2
    assert val(cells[0].find("w:tcPr/w:gridSpan", NS)) == "3"
    assert cells[0].find("w:tcPr/w:tcW", NS).get(f"{W}w") == "5800"  # type: ignore[union-attr]
    assert cells[1].find("w:tcPr/w:gridSpan", NS) is None
    assert cells[0].find(".//w:rPr/w:b", NS) is not None
    assert cells[0].find(".//w:rPr/w:bCs", NS) is not None
    assert cell_texts(cells[0]) == ["合计"]


def test_cell_property_order_follows_the_schema() -> None:
    order = ["tcW", "gridSpan", "vMerge", "vAlign"]
    seen = set()
    for tc in indicator_table().iter(f"{W}tc"):
        tcpr = tc.find("w:tcPr", NS)
        assert tcpr is not None and tc[0] is tcpr
        names = [etree.QName(c).localname for c in tcpr]
        assert names == [n for n in order if n in names]
        assert names[0] == "tcW" and names[-1] == "vAlign"
        assert val(tcpr.find("w:vAlign", NS)) == "center"
        seen.add(tuple(names))
    assert ("tcW", "gridSpan", "vAlign") in seen
    assert ("tcW", "vMerge", "vAlign") in seen


def test_span_and_vmerge_together_keep_order() -> None:
    rows = [[Cell("合计", span=2), Cell("1")], [Cell("合计", span=2, merge_up=True), Cell("2")]]
    tbl = parse(table([], rows, [100, 100, 100]))
    for tc in tbl.iter(f"{W}tc"):
        tcpr = tc.find("w:tcPr", NS)
        assert tcpr is not None
        names = [etree.QName(c).localname for c in tcpr]
        if "gridSpan" in names:
            assert names == ["tcW", "gridSpan", "vMerge", "vAlign"]


def test_text_is_escaped_and_control_characters_dropped() -> None:
    fragment = table([["名称<&>"]], [[Cell("{{ a }} & <b>\x01尾")]], [3000])
    assert "\x01" not in fragment
    tbl = parse(fragment)
    texts = [cell_texts(tc) for tc in tbl.iter(f"{W}tc")]
    assert texts == [["名称<&>"], ["{{ a }} & <b>尾"]]
    assert tbl.find(".//w:t", NS).get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"  # type: ignore[union-attr]


def test_multi_paragraph_cells() -> None:
    rows = [
        [Cell("评价要点：\n①资金到位；\n②资金使用合规\n", style=styles.TABLE_TEXT_LEFT)],
        [Cell(paragraphs=["评分标准：", "每发现一处扣0.5分\r\n扣完为止"])],
        [Cell()],
    ]
    tbl = parse(table([], rows, [4000]))
    cells = list(tbl.iter(f"{W}tc"))
    assert cell_texts(cells[0]) == ["评价要点：", "①资金到位；", "②资金使用合规"]
    assert cell_texts(cells[1]) == ["评分标准：", "每发现一处扣0.5分", "扣完为止"]
    assert cell_texts(cells[2]) == [""]
    assert cells[2].find(".//w:r", NS) is None
    assert {val(p) for p in cells[0].iterfind(".//w:pStyle", NS)} == {styles.TABLE_TEXT_LEFT}


def test_rows_must_cover_the_grid() -> None:
    with pytest.raises(ValueError, match="grid"):
        table([["a", "b"]], [[Cell("合计", span=2), Cell("1")]], [100, 100])
    with pytest.raises(ValueError, match="grid"):
        table([], [[Cell("a")]], [100, 100])
    with pytest.raises(ValueError):
        Cell("a", span=0)
    with pytest.raises(ValueError):
        Cell("a", style="Heading9")


def test_merge_up_needs_a_cell_of_the_same_width_above() -> None:
    with pytest.raises(ValueError, match="merges up"):
        table([["a"]], [[Cell("x", merge_up=True)]], [100])
    with pytest.raises(ValueError, match="merges up"):
        table([], [[Cell("x", span=2)], [Cell("x", merge_up=True), Cell("y")]], [100, 100])


def test_caption_unit_and_source_lines() -> None:
    cap = parse(caption("表4-2 <指标>得分情况"))
    assert val(cap.find("w:pPr/w:pStyle", NS)) == styles.TABLE_CAPTION
    assert cap.find("w:pPr/w:keepNext", NS) is not None
    assert "".join(cap.itertext()) == "表4-2 <指标>得分情况"
    unit = parse(unit_line("元"))
    assert "".join(unit.itertext()) == "单位：元"
    assert val(unit.find("w:pPr/w:pStyle", NS)) == styles.TABLE_UNIT
    assert unit.find("w:pPr/w:keepNext", NS) is not None
    assert "".join(parse(unit_line("单位：万元")).itertext()) == "单位：万元"
    source = parse(source_line("本溪市医疗保障局"))
    assert "".join(source.itertext()) == "数据来源：本溪市医疗保障局"
    assert val(source.find("w:pPr/w:pStyle", NS)) == styles.TABLE_SOURCE
    assert source.find("w:pPr/w:keepNext", NS) is None
