"""The template context of the 绩效评价报告: plain values and generated XML blocks.

Every variable listed here is documented in docs/template-context.md and
checked by `reportgen templates check`. Blocks (tables, prose) are XML built by
reportgen from escaped text and marked safe; everything else is plain text
that the template's autoescaping keeps literal.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from reportgen.narrative.model import Cell, IndicatorText, NumberedItem, ReportModel, Table
from reportgen.render import styles, tables, xml
from reportgen.render.markdown import markdown_to_wordml
from reportgen.render.package_parts import LANDSCAPE_TEXT_WIDTH, TEXT_WIDTH


def report_context(model: ReportModel) -> dict[str, Any]:
    return {
        "project": model.project,
        "document_title": model.document_title,
        "report_date": model.report_date,
        "sample_data": model.sample_data,
        "toc": Markup(toc_entries(model.toc)),
        "md": {key: Markup(markdown_to_wordml(text)) for key, text in model.prose.items()},
        "funds_tables": Markup("".join(word_table(t) for t in model.funds_tables)),
        "system": {
            "sentence": model.system_sentence,
            "table": Markup(word_table(model.system_table)),
        },
        "grading": Markup(
            "".join(xml.paragraph(xml.run(line), styles.BODY) for line in model.grading)
        ),
        "conclusion": {
            "sentence": model.conclusion_sentence,
            "table": Markup(word_table(model.summary_table)),
            "shortcomings": Markup(
                xml.paragraph(xml.run(model.shortcomings), styles.BODY)
                if model.shortcomings
                else ""
            ),
        },
        "dimensions": [
            {
                "heading": d.heading,
                "summary": d.summary,
                "table": Markup(word_table(d.table)),
                "analysis": Markup(_analysis(d.groups)),
            }
            for d in model.dimensions
        ],
        "chapter_five": {"title": model.chapter_five.title, "body": Markup(_chapter_five(model))},
        "recommendations": Markup(numbered_items(model.recommendations, styles.HEADING_2)),
        "appendix": {
            "title": model.appendix_title,
            "table": Markup(word_table(model.appendix_table, LANDSCAPE_TEXT_WIDTH)),
        },
    }


def toc_entries(entries: list[tuple[int, str]]) -> str:
    return "".join(xml.paragraph(xml.run(text), f"TOC{level}") for level, text in entries)


def word_table(table: Table, width: int = TEXT_WIDTH) -> str:
    """Caption above, 单位 line, the table, 数据来源 below."""
    total = sum(table.widths)
    widths = [w * width // total for w in table.widths]
    header = [[_cell(c, styles.TABLE_HEADER) for c in row] for row in table.header]
    rows = [
        [_cell(c, styles.TABLE_TEXT_LEFT if c.left else styles.TABLE_TEXT) for c in row]
        for row in table.rows
    ]
    parts = [tables.caption(table.caption)] if table.caption else []
    if table.unit:
        parts.append(tables.unit_line(table.unit))
    parts.append(tables.table(header, rows, widths))
    if table.source:
        parts.append(tables.source_line(table.source))
    return "".join(parts)


def _cell(cell: Cell, style: str) -> tables.Cell:
    return tables.Cell(
        text=cell.text, style=style, bold=cell.bold, span=cell.span, merge_up=cell.merge_up
    )


def indicator_paragraphs(item: IndicatorText) -> str:
    """The indicator's name in bold, the consultant's remark, then the score sentence."""
    head = xml.run(f"{item.name}。", bold=True)
    tail = xml.run(item.score_sentence + item.reason_sentence)
    body = markdown_to_wordml(item.remark)
    if not body.startswith("<w:p>"):
        return xml.paragraph(head, styles.BODY) + body + xml.paragraph(tail, styles.BODY)
    first_end = body.index("</w:pPr>") + len("</w:pPr>")
    body = body[:first_end] + head + body[first_end:]
    if body.endswith("</w:p>"):
        return body[: -len("</w:p>")] + tail + "</w:p>"
    return body + xml.paragraph(tail, styles.BODY)


def _analysis(groups: list[Any]) -> str:
    out = []
    for group in groups:
        out.append(xml.paragraph(xml.run(group.heading), styles.HEADING_3, keep_next=False))
        out += [indicator_paragraphs(item) for item in group.indicators]
    return "".join(out)


def numbered_items(items: list[NumberedItem], heading_style: str) -> str:
    return "".join(
        xml.paragraph(xml.run(i.heading), heading_style) + markdown_to_wordml(i.text) for i in items
    )


def _chapter_five(model: ReportModel) -> str:
    out = []
    for heading, items in model.chapter_five.sections:
        if heading:
            out.append(xml.paragraph(xml.run(heading), styles.HEADING_2))
            out.append(numbered_items(items, styles.HEADING_3))
        else:
            out.append(numbered_items(items, styles.HEADING_2))
    return "".join(out)
