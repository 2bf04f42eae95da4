"""Markdown prose must become paragraphs and tables that only name the template's styles."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from reportgen.render import numbering, styles
from reportgen.render.markdown import inline_runs, markdown_to_wordml

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def body(source: str, **kwargs: str) -> etree._Element:
    """The generated XML parsed inside a w:body, as the rendered part holds it once its
    headings' marks (for the table numbers and the contents) are taken out."""
    xml = markdown_to_wordml(source, **kwargs).replace(numbering.HEADING + numbering.READ, "")
    return etree.fromstring(f'<w:body xmlns:w="{W}">{xml}</w:body>')


def paragraphs(root: etree._Element) -> list[tuple[str, str]]:
    """(style, text) of each top-level paragraph."""
    result = []
    for p in root.findall("w:p", NS):
        style = p.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val")
        result.append((style, "".join(p.xpath(".//w:t/text()", namespaces=NS))))
    return result


def _runs(xml: str) -> list[tuple[str, bool, bool]]:
    """(text, bold, italic) of every run."""
    root = etree.fromstring(f'<w:body xmlns:w="{W}">{xml}</w:body>')
    return [
        (
            "".join(r.xpath("w:t/text()", namespaces=NS)),
            r.find("w:rPr/w:b", NS) is not None,
            r.find("w:rPr/w:i", NS) is not None,
        )
        for r in root.findall(".//w:r", NS)
    ]


def texts(source: str) -> list[str]:
    return [text for _, text in paragraphs(body(source))]


def test_blank_source_gives_nothing() -> None:
    assert markdown_to_wordml("") == ""
    assert markdown_to_wordml("  \n\t\n") == ""
    assert inline_runs("   ") == ""


def test_paragraphs_use_body_style() -> None:
    assert paragraphs(body("第一段。\n\n第二段。")) == [
        (styles.BODY, "第一段。"),
        (styles.BODY, "第二段。"),
    ]


def test_body_style_can_be_chosen() -> None:
    assert paragraphs(body("说明", body_style=styles.BODY_NO_INDENT)) == [
        (styles.BODY_NO_INDENT, "说明")
    ]


def test_bold_italic_and_nested() -> None:
    root = body("普通**加粗**与*倾斜*及***二者***")
    runs = root.findall(".//w:r", NS)
    flags = [
        (
            "".join(r.xpath("w:t/text()", namespaces=NS)),
            r.find("w:rPr/w:b", NS) is not None,
            r.find("w:rPr/w:i", NS) is not None,
        )
        for r in runs
    ]
    assert flags == [
        ("普通", False, False),
        ("加粗", True, False),
        ("与", False, False),
        ("倾斜", False, True),
        ("及", False, False),
        ("二者", True, True),
    ]


def test_run_properties_in_schema_order() -> None:
    root = body("***二者***")
    rpr = root.find(".//w:rPr", NS)
    assert [etree.QName(child).localname for child in rpr] == ["b", "bCs", "i", "iCs"]


def test_cjk_soft_break_joins_without_space() -> None:
    assert texts("第一行\n第二行") == ["第一行第二行"]
    assert texts("资金**到位**\n率较高") == ["资金到位率较高"]


def test_western_soft_break_joins_with_space() -> None:
    assert texts("word\nnext") == ["word next"]
    assert texts("共计 100\n万元") == ["共计 100万元"]


def test_hard_break_starts_new_paragraph() -> None:
    assert paragraphs(body("## 标题\n\n上一行\\\n下一行")) == [
        (styles.HEADING_2, "标题"),
        (styles.BODY, "上一行"),
        (styles.BODY, "下一行"),
    ]


def test_headings_map_to_template_levels() -> None:
    source = "# 一、总体\n\n## （一）背景\n\n### 1.依据\n\n#### （1）细则\n\n##### 更深"
    assert paragraphs(body(source)) == [
        (styles.HEADING_1, "一、总体"),
        (styles.HEADING_2, "（一）背景"),
        (styles.HEADING_3, "1.依据"),
        (styles.HEADING_4, "（1）细则"),
        (styles.HEADING_4, "更深"),
    ]


def test_headings_are_marked_for_the_contents_and_table_numbers() -> None:
    xml = markdown_to_wordml("## 背景\n\n正文\n\n### 依据")
    assert xml.count(f"<w:p>{numbering.HEADING}{numbering.READ}<w:pPr>") == 2
    assert xml.count(numbering.HEADING) == 2


def test_ordered_list_numbering() -> None:
    assert paragraphs(body("1. 甲\n2. 乙")) == [
        (styles.BODY, "（1）甲"),
        (styles.BODY, "（2）乙"),
    ]


def test_ordered_list_start_is_kept() -> None:
    assert texts("3. 丙\n4. 丁") == ["（3）丙", "（4）丁"]


def test_nested_ordered_list_uses_circled_numbers() -> None:
    source = "1. 甲\n   1. 子一\n   2. 子二\n2. 乙"
    assert texts(source) == ["（1）甲", "①子一", "②子二", "（2）乙"]


def test_circled_numbers_stop_at_twenty() -> None:
    source = "1. 甲\n\n   19. 子\n   20. 子\n   21. 子"
    assert texts(source) == ["（1）甲", "⑲子", "⑳子", "（21）子"]


def test_marker_only_on_first_paragraph_of_item() -> None:
    assert texts("1. 第一段\n\n   第二段\n2. 下一项") == ["（1）第一段", "第二段", "（2）下一项"]


def test_unordered_list_items_are_plain_paragraphs() -> None:
    assert paragraphs(body("- 甲\n- 乙\n  - 丙")) == [
        (styles.BODY, "甲"),
        (styles.BODY, "乙"),
        (styles.BODY, "丙"),
    ]


def test_quote_code_and_rule() -> None:
    source = "> 引用内容\n\n---\n\n```\n{{ x }}\n  <b>\n```"
    assert paragraphs(body(source)) == [
        (styles.BODY, "引用内容"),
        (styles.BODY_NO_INDENT, "{{ x }}"),
        (styles.BODY_NO_INDENT, "  <b>"),
    ]


def test_links_images_and_code_keep_text_only() -> None:
    assert texts("见[文件](http://x.cn)与![图一](a.png)及`代码`") == ["见文件与图一及代码"]


def test_special_text_appears_literally() -> None:
    source = "{{ x }} {% if %} <b>粗</b> A & B &lt;"
    assert texts(source) == ["{{ x }} {% if %} <b>粗</b> A & B <"]
    assert "<b>" not in markdown_to_wordml(source)


def test_control_characters_are_dropped() -> None:
    assert texts("前\x01\x0b后\x00") == ["前后"]


def test_table_structure() -> None:
    root = body("| 指标 | 得分 |\n|---|--:|\n| 资金到位率 | **10** |\n| 合计 |")
    table = root.find("w:tbl", NS)
    assert table.find("w:tblPr/w:tblStyle", NS).get(f"{{{W}}}val") == styles.TABLE
    assert [etree.QName(c).localname for c in table.find("w:tblPr", NS)] == [
        "tblStyle",
        "tblW",
        "jc",
    ]
    assert len(table.findall("w:tblGrid/w:gridCol", NS)) == 2
    rows = table.findall("w:tr", NS)
    assert len(rows) == 3
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert rows[1].find("w:trPr", NS) is None
    cells = [
        [
            (
                tc.find("w:p/w:pPr/w:pStyle", NS).get(f"{{{W}}}val"),
                "".join(tc.xpath(".//w:t/text()", namespaces=NS)),
            )
            for tc in row.findall("w:tc", NS)
        ]
        for row in rows
    ]
    assert cells == [
        [(styles.TABLE_HEADER, "指标"), (styles.TABLE_HEADER, "得分")],
        [(styles.TABLE_TEXT, "资金到位率"), (styles.TABLE_TEXT, "10")],
        [(styles.TABLE_TEXT, "合计"), (styles.TABLE_TEXT, "")],
    ]
    assert all(tc.find("w:p", NS) is not None for tc in table.iter(f"{{{W}}}tc"))


def test_no_direct_formatting_or_foreign_styles() -> None:
    source = (
        "# 标题\n\n正文**粗***斜*\n\n1. 项\n   - 子\n\n> 引\n\n```\ncode\n```\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |"
    )
    root = body(source)
    allowed = {
        "p", "pPr", "pStyle", "r", "rPr", "b", "bCs", "i", "iCs", "t",
        "tbl", "tblPr", "tblStyle", "tblW", "jc", "tblGrid", "gridCol",
        "tr", "trPr", "tblHeader", "tc", "tcPr", "tcW",
    }  # fmt: skip
    assert {etree.QName(e).localname for e in root.iter()} - {"body"} <= allowed
    used = {e.get(f"{{{W}}}val") for e in root.iter(f"{{{W}}}pStyle")}
    assert used <= set(styles.PARAGRAPH_STYLES)


def test_output_is_deterministic() -> None:
    source = "# 题\n\n1. 甲\n\n| a |\n|---|\n| 1 |"
    assert markdown_to_wordml(source) == markdown_to_wordml(source)


def test_inline_runs_has_no_paragraph() -> None:
    xml = inline_runs("**2024年度**\n绩效评价 # 报告")
    root = etree.fromstring(f'<w:p xmlns:w="{W}">{xml}</w:p>')
    assert root.find(".//w:p", NS) is None
    assert "".join(root.xpath(".//w:t/text()", namespaces=NS)) == "2024年度绩效评价 # 报告"
    assert root.find("w:r/w:rPr/w:b", NS) is not None


def test_bold_closing_after_chinese_punctuation() -> None:
    runs = _runs(markdown_to_wordml("1. **客观公正。**基于项目实际情况"))
    assert ("客观公正", True) in [(t, b) for t, b, _ in runs]
    assert "**" not in "".join(t for t, _, _ in runs)


def test_bold_opening_before_chinese_quote() -> None:
    runs = _runs(markdown_to_wordml("他说**“好”**了"))
    assert ("好", True) in [(t, b) for t, b, _ in runs]
    assert "**" not in "".join(t for t, _, _ in runs)


@given(
    st.text(
        alphabet=st.sampled_from(
            list("医保局未制定考核制度。，、；：（）“”ab1 2.-+#*_|<>&`[]!~\\=\n")
        ),
        max_size=30,
    )
)
def test_the_plain_text_shortcut_gives_what_the_parser_gives(source: str) -> None:
    from reportgen.render import markdown

    shortcut = markdown_to_wordml(source)
    writer = markdown._Writer(styles.BODY)
    cleaned = markdown.xml.clean(source)
    if not cleaned.strip():
        assert shortcut == ""
        return
    writer.write(markdown._parser().parse(markdown._cjk_emphasis(cleaned)))
    assert shortcut == "".join(writer.out)
