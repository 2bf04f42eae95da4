"""A small SpreadsheetML writer for report tables: text, numbers, borders and merges.

Score tables need nothing more, and writing the XML directly takes a fraction
of a general spreadsheet library's time and memory, which matters when an
office builds a province's reports in one batch.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from reportgen.render.archive import iso, write_zip
from reportgen.render.xml import text

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
NUMBER = re.compile(r"-?\d+(\.\d+)?")

# Cell formats in styles.xml, by index.
TITLE, HEADER, BODY, BODY_LEFT, BODY_BOLD = 1, 2, 3, 4, 5


@dataclass
class Sheet:
    """Rows of (text, format) cells; a number-like text is stored as a number."""

    name: str
    widths: list[float]
    rows: list[list[tuple[str, int]]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(
        default_factory=list
    )  # first/last row, first/last column (1-based)
    frozen_rows: int = 0


def column_name(index: int) -> str:
    """1 → A, 27 → AA."""
    name = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name


def _cell(row: int, column: int, value: str, style: int) -> str:
    ref = f"{column_name(column)}{row}"
    if value == "":
        return f'<c r="{ref}" s="{style}"/>'
    if NUMBER.fullmatch(value):
        return f'<c r="{ref}" s="{_with_decimals(style, value)}"><v>{value}</v></c>'
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{text(value)}</t></is></c>'


LINE_HEIGHT = 16.0  # points per line of 11-point 宋体, with room for its leading


def _spans(sheet: Sheet) -> dict[tuple[int, int], float]:
    """The width of each merged range's first cell: the columns it spans."""
    spans = {}
    for r1, _, c1, c2 in sheet.merges:
        spans[(r1, c1)] = sum(sheet.widths[c1 - 1 : c2])
    return spans


def _height(
    sheet: Sheet, row: int, cells: list[tuple[str, int]], spans: dict[tuple[int, int], float]
) -> str:
    """A row tall enough for its wrapped text, as Excel would not compute it itself."""
    lines = 1
    for column, (value, _) in enumerate(cells, start=1):
        if not value or column > len(sheet.widths):
            continue
        width = spans.get((row, column), sheet.widths[column - 1])
        usable = max(width - 2.0, 1.0)
        lines = max(
            lines,
            sum(max(1, -(-_display_width(part) // int(usable))) for part in value.split("\n")),
        )
    return f' ht="{lines * LINE_HEIGHT:.1f}" customHeight="1"' if lines > 1 else ""


def _display_width(text: str) -> int:
    """Columns of text: a CJK character takes two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _with_decimals(style: int, value: str) -> int:
    """The style showing the number with the decimals its text has (95.00 stays 95.00)."""
    places = min(len(value.partition(".")[2]), MAX_PLACES)
    if not places or style not in NUMBER_STYLES:
        return style
    return BASE_STYLES + NUMBER_STYLES.index(style) * MAX_PLACES + places - 1


def _sheet_xml(sheet: Sheet) -> str:
    view = ""
    if sheet.frozen_rows:
        top = f"A{sheet.frozen_rows + 1}"
        view = f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="{sheet.frozen_rows}" topLeftCell="{top}" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w:.1f}" customWidth="1"/>'
        for i, w in enumerate(sheet.widths, start=1)
    )
    spans = _spans(sheet)
    rows = "".join(
        f'<row r="{r}"{_height(sheet, r, cells, spans)}>'
        + "".join(_cell(r, c, value, style) for c, (value, style) in enumerate(cells, start=1))
        + "</row>"
        for r, cells in enumerate(sheet.rows, start=1)
    )
    merges = "".join(
        f'<mergeCell ref="{column_name(c1)}{r1}:{column_name(c2)}{r2}"/>'
        for r1, r2, c1, c2 in sheet.merges
    )
    merge_xml = (
        f'<mergeCells count="{len(sheet.merges)}">{merges}</mergeCells>' if sheet.merges else ""
    )
    # Printed, a sheet is one page wide, centred, landscape when it is wide.
    orientation = "landscape" if sum(sheet.widths) > PORTRAIT_WIDTH else "portrait"
    page = (
        '<printOptions horizontalCentered="1"/>'
        '<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        f'<pageSetup paperSize="9" orientation="{orientation}" fitToWidth="1" fitToHeight="0"/>'
    )
    return (
        DECLARATION
        + f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        f"{view}<cols>{cols}</cols><sheetData>{rows}</sheetData>{merge_xml}{page}</worksheet>"
    )


_FONTS = (
    '<fonts count="3"><font><sz val="11"/><name val="宋体"/><charset val="134"/></font>'
    '<font><b/><sz val="11"/><name val="宋体"/><charset val="134"/></font>'
    '<font><b/><sz val="14"/><name val="宋体"/><charset val="134"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
)
# The cell formats by index (TITLE … BODY_BOLD), each as (font, border, horizontal alignment).
_XFS = (
    (0, 0, ""),
    (2, 0, "center"),
    (1, 1, "center"),
    (0, 1, "center"),
    (0, 1, "left"),
    (1, 1, "center"),
)
BASE_STYLES = len(_XFS)
NUMBER_STYLES = (HEADER, BODY, BODY_LEFT, BODY_BOLD)  # each also with 1 to MAX_PLACES decimals
MAX_PLACES = 4
PORTRAIT_WIDTH = 100  # columns wider than this in all print landscape


def _xf(font: int, border: int, horizontal: str, number_format: int = 0) -> str:
    applied = ' applyFont="1"' if font else ""
    applied += ' applyBorder="1"' if border else ""
    applied += ' applyNumberFormat="1"' if number_format else ""
    if not horizontal:
        return f'<xf numFmtId="{number_format}" fontId="{font}" fillId="0" borderId="{border}" xfId="0"{applied}/>'
    return (
        f'<xf numFmtId="{number_format}" fontId="{font}" fillId="0" borderId="{border}" xfId="0"'
        f'{applied} applyAlignment="1"><alignment horizontal="{horizontal}" vertical="center" '
        'wrapText="1"/></xf>'
    )


def _styles() -> str:
    formats = "".join(
        f'<numFmt numFmtId="{163 + places}" formatCode="0.{"0" * places}"/>'
        for places in range(1, MAX_PLACES + 1)
    )
    xfs = [_xf(*xf) for xf in _XFS]
    for style in NUMBER_STYLES:
        xfs += [_xf(*_XFS[style], 163 + places) for places in range(1, MAX_PLACES + 1)]
    return (
        DECLARATION + f'<styleSheet xmlns="{MAIN}">'
        f'<numFmts count="{MAX_PLACES}">{formats}</numFmts>'
        + _FONTS
        + f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


STYLES = _styles()


def _package(sheet: Sheet, title: str, moment: dt.datetime) -> list[tuple[str, str]]:
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    return [
        (
            "[Content_Types].xml",
            DECLARATION
            + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{sheet_type}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{sheet_type}.worksheet+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{sheet_type}.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            "</Types>",
        ),
        (
            "_rels/.rels",
            DECLARATION
            + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            "</Relationships>",
        ),
        (
            "docProps/core.xml",
            DECLARATION
            + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{text(title)}</dc:title><dc:creator>reportgen</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{iso(moment)}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{iso(moment)}</dcterms:modified></cp:coreProperties>',
        ),
        (
            "xl/workbook.xml",
            DECLARATION + f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
            f'<sheet name="{text(sheet.name)}" sheetId="1" r:id="rId1"/></sheets>'
            f"{_print_titles(sheet)}</workbook>",
        ),
        (
            "xl/_rels/workbook.xml.rels",
            DECLARATION
            + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{REL}/styles" Target="styles.xml"/></Relationships>',
        ),
        ("xl/styles.xml", STYLES),
        ("xl/worksheets/sheet1.xml", _sheet_xml(sheet)),
    ]


def _print_titles(sheet: Sheet) -> str:
    """The frozen header rows repeat at the top of every printed page."""
    if not sheet.frozen_rows:
        return ""
    name = text(sheet.name.replace("'", "''"))
    rows = f"'{name}'!$1:${sheet.frozen_rows}"
    return f'<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">{rows}</definedName></definedNames>'


def workbook_bytes(sheet: Sheet, title: str, moment: dt.datetime) -> bytes:
    """An .xlsx with one sheet, every entry stamped `moment`."""
    return write_zip(
        [(name, xml.encode("utf-8")) for name, xml in _package(sheet, title, moment)], moment
    )
