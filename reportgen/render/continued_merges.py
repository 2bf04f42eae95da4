"""A merged cell's label repeated on the page where its merge goes on.

A table's 一级指标 or 二级指标 is written once and merged down over its rows
(vMerge). When a page break falls inside such a merge, the rows on the next
page show an empty cell with no name. Given the page each row starts on (as
LibreOffice laid the document out), the merge is split at the break: the first
row on the new page starts a merge of its own holding the same label, so every
page names its groups, in the .docx as in its PDF.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping
from io import BytesIO

from reportgen.render.archive import with_member
from reportgen.render.xml import outer_tables

DOCUMENT = "word/document.xml"
ROW = re.compile(rb"<w:tr[ >].*?</w:tr>", re.S)
CELL = re.compile(rb"<w:tc>.*?</w:tc>", re.S)
SPAN = re.compile(rb'<w:gridSpan w:val="(\d+)"/>')
CONTINUED = re.compile(rb'<w:vMerge(?: w:val="continue")?/>')
RESTARTED = b'<w:vMerge w:val="restart"/>'
PROPERTIES_END = b"</w:tcPr>"


def merged_tables(docx: bytes) -> list[int]:
    """The places (among the body's tables, in order) of the tables with vertical merges."""
    xml = _document(docx)
    return [i for i, (start, end) in enumerate(outer_tables(xml)) if b"<w:vMerge" in xml[start:end]]


def with_labels_repeated(docx: bytes, row_pages: Mapping[int, list[int]]) -> bytes | None:
    """The document with each merge that a page break cuts started again on the new page
    with its label; None when no merge is cut (or the rows do not match the layout's)."""
    xml = _document(docx)
    out, position, changed = [], 0, False
    for index, (start, end) in enumerate(outer_tables(xml)):
        pages = row_pages.get(index)
        table = xml[start:end]
        if not pages or b"<w:vMerge" not in table or table.count(b"<w:tbl>") > 1:
            continue  # no merge, or a table inside a cell: its cells are not read here
        rows = list(ROW.finditer(table))
        if len(rows) != len(pages):
            continue
        repeated = _repeated(table, rows, pages)
        if repeated is not None:
            out += [xml[position:start], repeated]
            position, changed = end, True
    if not changed:
        return None
    out.append(xml[position:])
    return with_member(docx, DOCUMENT, b"".join(out))


def _repeated(table: bytes, rows: list[re.Match[bytes]], pages: list[int]) -> bytes | None:
    """The table with the merges cut by a page break restarted, or None."""
    labels: dict[int, bytes] = {}  # grid column → the content of the merge's first cell
    new_rows, changed = [], False
    for number, row in enumerate(rows):
        broken = number > 0 and pages[number] != pages[number - 1]
        cells, column, parts, position = list(CELL.finditer(row.group(0))), 0, [], 0
        for cell in cells:
            xml = cell.group(0)
            span = int(found.group(1)) if (found := SPAN.search(xml)) else 1
            properties = xml[: xml.find(PROPERTIES_END)] if PROPERTIES_END in xml else b""
            if CONTINUED.search(properties):
                if broken and column in labels:
                    xml = _restarted(xml, labels[column])
                    changed = True
            elif b"<w:vMerge" in properties:
                labels[column] = _content(xml)
            else:
                labels.pop(column, None)
            parts += [row.group(0)[position : cell.start()], xml]
            position = cell.end()
            column += span
        parts.append(row.group(0)[position:])
        new_rows.append((row, b"".join(parts)))
    if not changed:
        return None
    out, position = [], 0
    for row, written in new_rows:
        out += [table[position : row.start()], written]
        position = row.end()
    out.append(table[position:])
    return b"".join(out)


def _content(cell: bytes) -> bytes:
    """The paragraphs of a cell (what follows its properties)."""
    end = cell.find(PROPERTIES_END)
    start = end + len(PROPERTIES_END) if end >= 0 else cell.index(b">") + 1
    return cell[start : cell.rindex(b"</w:tc>")]


def _restarted(cell: bytes, content: bytes) -> bytes:
    end = cell.find(PROPERTIES_END) + len(PROPERTIES_END)
    properties = CONTINUED.sub(RESTARTED, cell[:end], count=1)
    return properties + content + b"</w:tc>"


def _document(docx: bytes) -> bytes:
    with zipfile.ZipFile(BytesIO(docx)) as archive:
        return archive.read(DOCUMENT)
