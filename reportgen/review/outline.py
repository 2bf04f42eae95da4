"""A Word document as a reviewer reads it: sections, paragraphs and table cells, in order.

Headings are the paragraphs whose style carries an outline level (Word's
own "heading N" styles and the templates' Heading1…4 do), so every block
knows the chapter it sits in. A table takes its name from the caption just
above it (its number 表4-2 when it has one), else its position. Text inside tracked insertions counts,
deleted text does not: a draft with open revisions reads as it would print.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from reportgen.review.untrusted import UntrustedDocx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCUMENT = "word/document.xml"
STYLES = "word/styles.xml"
CAPTION_STYLES = {"TableCaption", "Caption"}
CAPTION_TEXT = re.compile(r"^表\s*[0-9一二三四五六七八九十]+([-－.][0-9]+)?")
HEADING_NAME = re.compile(r"^(heading|标题)\s*(\d)$", re.IGNORECASE)
SECTION_JOIN = " › "


@dataclass(frozen=True)
class Table:
    label: str
    rows: tuple[tuple[str, ...], ...]
    title: str = ""  # its caption without the number (表3-1 …): what it is, wherever it moved

    @property
    def header(self) -> tuple[str, ...]:
        return self.rows[0] if self.rows else ()


@dataclass(frozen=True)
class Block:
    """A paragraph (text) or a table, with the headings above it."""

    section: str
    text: str = ""
    table: Table | None = None

    @property
    def key(self) -> tuple[str, object]:
        return ("table", self.table) if self.table else ("p", self.text)


@dataclass
class Outline:
    blocks: list[Block] = field(default_factory=list)


def read_outline(path: Path) -> Outline:
    docx = UntrustedDocx.open(path)
    try:
        levels = heading_levels(docx.xml(STYLES)) if docx.has(STYLES) else {}
        body = docx.xml(DOCUMENT).find(f"{W}body")
    finally:
        docx.close()
    return _Reader(levels).read(body) if body is not None else Outline()


def heading_levels(styles: etree._Element) -> dict[str, int]:
    """Style id → outline level (0 for 一、), following basedOn where a style inherits it."""
    own: dict[str, int | None] = {}
    based: dict[str, str] = {}
    for style in styles.iter(f"{W}style"):
        sid = style.get(f"{W}styleId") or ""
        level = style.find(f"{W}pPr/{W}outlineLvl")
        name = style.find(f"{W}name")
        match = HEADING_NAME.match(name.get(f"{W}val") or "") if name is not None else None
        own[sid] = _level(level.get(f"{W}val") or "0") if level is not None else None
        if own[sid] is None and match:
            own[sid] = int(match.group(2)) - 1
        parent = style.find(f"{W}basedOn")
        if parent is not None:
            based[sid] = parent.get(f"{W}val") or ""
    levels = {}
    for sid in own:
        seen, current = set(), sid
        while own.get(current) is None and current in based and current not in seen:
            seen.add(current)
            current = based[current]
        level = own.get(current)
        if level is not None and level < 9:
            levels[sid] = level
    return levels


class _Reader:
    def __init__(self, levels: dict[str, int]):
        self.levels = levels
        self.headings: list[tuple[int, str]] = []
        self.outline = Outline()
        self.caption = ""
        self.tables = 0

    def read(self, body: etree._Element) -> Outline:
        for element in _content(body):
            if element.tag == f"{W}p":
                self._paragraph(element)
            elif element.tag == f"{W}tbl":
                self._table(element)
        return self.outline

    @property
    def section(self) -> str:
        return SECTION_JOIN.join(text for _, text in self.headings)

    def _paragraph(self, p: etree._Element) -> None:
        text = paragraph_text(p)
        style = _style(p)
        level = _own_level(p)
        if level is None:
            level = self.levels.get(style)
        if level is not None and text.strip():
            self.headings = [h for h in self.headings if h[0] < level] + [(level, text.strip())]
            return
        if style in CAPTION_STYLES or CAPTION_TEXT.match(text.strip()):
            self.caption = text.strip()
        if text.strip():
            self.outline.blocks.append(Block(self.section, text))

    def _table(self, tbl: etree._Element) -> None:
        self.tables += 1
        rows = tuple(_row_cells(tr) for tr in tbl.findall(f"{W}tr"))
        number = CAPTION_TEXT.match(self.caption)
        label = number.group(0) if number else self.caption or f"第{self.tables}个表格"
        title = self.caption[number.end() :].strip() if number else self.caption
        self.caption = ""
        self.outline.blocks.append(Block(self.section, table=Table(label, rows, title)))


def _content(body: etree._Element) -> list[etree._Element]:
    """Paragraphs and tables at the top level, content controls (a TOC) opened up."""
    found = []
    for child in body:
        if child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            found += _content(content) if content is not None else []
        elif child.tag in (f"{W}p", f"{W}tbl"):
            found.append(child)
    return found


def _style(p: etree._Element) -> str:
    style = p.find(f"{W}pPr/{W}pStyle")
    return (style.get(f"{W}val") or "") if style is not None else ""


def _own_level(p: etree._Element) -> int | None:
    level = p.find(f"{W}pPr/{W}outlineLvl")
    if level is None:
        return None
    value = _level(level.get(f"{W}val") or "9")
    return value if value is not None and value < 9 else None


def _level(value: str) -> int | None:
    """An outline level as written (0–9); anything else, which Word never writes, is none."""
    return int(value) if value.isascii() and value.isdigit() and len(value) < 3 else None


def paragraph_text(p: etree._Element) -> str:
    """The text a reader sees: runs, tabs and breaks; deleted text left out."""
    parts = []
    for node in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}noBreakHyphen":
            parts.append("-")
        else:
            parts.append("\t" if node.tag == f"{W}tab" else "\n")
    return "".join(parts)


def _row_cells(tr: etree._Element) -> tuple[str, ...]:
    """One text per grid column: a cell spanning columns fills the rest with "" so that
    every cell lines up with the heading above it (spans are numbers within the table's
    grid: `untrusted` refuses a part whose spans are not)."""
    cells: list[str] = []
    for tc in tr.findall(f"{W}tc"):
        span = tc.find(f"{W}tcPr/{W}gridSpan")
        width = int(span.get(f"{W}val") or 1) if span is not None else 1
        cells += [_cell_text(tc)] + [""] * (max(width, 1) - 1)
    return tuple(cells)


def _cell_text(tc: etree._Element) -> str:
    return "\n".join(paragraph_text(p) for p in tc.iter(f"{W}p"))
