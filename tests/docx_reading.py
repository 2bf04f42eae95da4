"""Reading generated .docx files back, as a reviewer would look at them."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.document import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def open_document(path: Path) -> Document:
    return docx.Document(str(path))


def blocks(document: Document) -> list[Paragraph | Table]:
    """Paragraphs and tables of the body in document order."""
    found: list[Paragraph | Table] = []
    for child in document.element.body.iterchildren():
        if child.tag == f"{W}p":
            found.append(Paragraph(child, document))
        elif child.tag == f"{W}tbl":
            found.append(Table(child, document))
    return found


def style_id(paragraph: Paragraph) -> str:
    ppr = paragraph._p.pPr
    return ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else "Normal"


def texts_with_style(document: Document, style: str) -> list[str]:
    return [b.text for b in blocks(document) if isinstance(b, Paragraph) and style_id(b) == style]


def tables_by_caption(document: Document) -> dict[str, Table]:
    """Each table under the caption paragraph (表4-2 …) that precedes it."""
    tables: dict[str, Table] = {}
    caption = ""
    for block in blocks(document):
        if isinstance(block, Paragraph) and style_id(block) == "TableCaption":
            caption = block.text
        elif isinstance(block, Table) and caption:
            tables[caption] = block
            caption = ""
    return tables


def rows(table: Table) -> list[list[str]]:
    """Cell texts row by row; a merged cell repeats its text in every row it covers."""
    return [[cell.text for cell in row.cells] for row in table.rows]


def vmerge(table: Table, column: int) -> list[str]:
    """Per row: 'restart', 'continue' or '' for the cell in grid column `column`."""
    marks = []
    for tr in table._tbl.tr_lst:
        position = 0
        mark = ""
        for tc in tr.tc_lst:
            if position == column:
                vm = tc.tcPr.find(f"{W}vMerge") if tc.tcPr is not None else None
                mark = "" if vm is None else (vm.get(f"{W}val") or "continue")
                break
            position += tc.grid_span
        marks.append(mark)
    return marks


def full_text(document: Document) -> str:
    parts = [b.text for b in blocks(document) if isinstance(b, Paragraph)]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)
