"""A small SpreadsheetML writer for report tables: text, numbers, formulas, borders, merges.

Score tables need nothing more, and writing the XML directly takes a fraction
of a general spreadsheet library's time and memory, which matters when an
office builds a province's reports in one batch (`benchmarks/xlsx.py` measures
it against XlsxWriter).

A cell is given as the text the documents show; a number-like text is stored as
a number shown the same way: 95.00 with two decimals, 37,767,520.00 grouped in
thousands, 95.00% as the rate 0.95 in percent. A total is a `Formula` with the
value it shows cached, so the sheet reads right before Excel recalculates it.
Any other text is an inline string, never a formula: one that Excel would take
for a formula when the cell is edited (=, +, -, @, a tab; `formula_text`)
carries the quotePrefix of a cell typed with a leading apostrophe.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from reportgen.formula_text import reads_as_formula
from reportgen.render.archive import iso, write_zip
from reportgen.render.xml import text

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Numbers as reportgen writes them: no leading zeros, so that 007 typed as a name stays 007.
NUMBER = re.compile(r"-?(0|[1-9]\d*)(\.\d+)?")
GROUPED = re.compile(r"-?[1-9]\d{0,2}(,\d{3})+(\.\d+)?")
PERCENT = re.compile(r"-?(0|[1-9]\d*)(\.\d+)?%")
NUMBER_STARTS = frozenset("-0123456789")  # how a text any of the three matches begins
SHEET_NAME_REFUSED = re.compile(r"[\[\]:*?/\\]")

# Cell formats in styles.xml, by index.
TITLE, HEADER, BODY, BODY_LEFT, BODY_BOLD = 1, 2, 3, 4, 5


@dataclass(frozen=True)
class Formula:
    """A formula (without its =) and the value it comes to, as the documents show it."""

    expression: str
    shown: str


CellValue = str | Formula


@dataclass
class Sheet:
    """Rows of (value, format) cells; a number-like text is stored as a number."""

    name: str
    widths: list[float]
    rows: list[Sequence[tuple[CellValue, int]]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(
        default_factory=list
    )  # first/last row, first/last column (1-based)
    frozen_rows: int = 0


def column_total(sheet: Sheet, column: int, rows: range, shown: str) -> CellValue:
    """A total of `column` over `rows` (1-based) as a SUM formula caching `shown`, when the
    numbers the rows show add up to it; else `shown` as typed (a total of unrounded parts)."""
    parts = []
    for row in rows:
        value = sheet.rows[row - 1][column - 1][0] if column <= len(sheet.rows[row - 1]) else ""
        text_shown = value.shown if isinstance(value, Formula) else value
        number = _number(text_shown) if text_shown else None
        if text_shown and number is None:
            return shown  # a text among the parts: no sum to check it by
        parts.append(Decimal(number[0]) if number else Decimal(0))
    total = _number(shown)
    if total is None or not rows or sum(parts, Decimal(0)) != Decimal(total[0]):
        return shown
    letter = column_name(column)
    return Formula(f"SUM({letter}{rows.start}:{letter}{rows.stop - 1})", shown)


def column_name(index: int) -> str:
    """1 → A, 27 → AA."""
    name = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name


def _cell(ref: str, value: CellValue, style: int) -> str:
    """The cell at `ref` (A1) holding `value` in `style`."""
    if isinstance(value, Formula):
        number = _number(value.shown)
        if number is None:
            return f'<c r="{ref}" s="{style}" t="str"><f>{text(value.expression)}</f><v>{text(value.shown)}</v></c>'
        stored, shown_as = number
        return f'<c r="{ref}" s="{_numbered(style, shown_as)}"><f>{text(value.expression)}</f><v>{stored}</v></c>'
    if value == "":
        return f'<c r="{ref}" s="{style}"/>'
    number = _number(value)
    if number is not None:
        stored, shown_as = number
        return f'<c r="{ref}" s="{_numbered(style, shown_as)}"><v>{stored}</v></c>'
    if reads_as_formula(value):
        style = QUOTED_STYLES[style]
    # A carriage return as a reference: a parser reads a bare one as a line feed.
    written = text(value).replace("\r", "&#13;")
    return (
        f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{written}</t></is></c>'
    )


def _number(value: str) -> tuple[str, tuple[str, int]] | None:
    """The number a text shows (as stored) and how it is shown (format kind, decimals)."""
    if value[:1] not in NUMBER_STARTS:  # most text: none of the patterns can match
        return None
    if NUMBER.fullmatch(value):
        return value, ("decimal", _places(value))
    if GROUPED.fullmatch(value):
        return value.replace(",", ""), ("grouped", _places(value))
    if PERCENT.fullmatch(value):
        rate = Decimal(value[:-1]) / 100
        return f"{rate:f}", ("percent", _places(value[:-1]))
    return None


def _places(value: str) -> int:
    return min(len(value.partition(".")[2]), MAX_PLACES)


LINE_HEIGHT = 16.0  # points per line of 11-point 宋体, with room for its leading


def _spans(sheet: Sheet) -> dict[int, dict[int, float]]:
    """By row, the width of each merged range's first cell: the columns it spans."""
    spans: dict[int, dict[int, float]] = {}
    for r1, _, c1, c2 in sheet.merges:
        spans.setdefault(r1, {})[c1] = sum(sheet.widths[c1 - 1 : c2])
    return spans


def _height(cells: Sequence[tuple[CellValue, int]], usable: Sequence[int]) -> str:
    """A row tall enough for its wrapped text, as Excel would not compute it itself.

    `usable`: the characters each column's cell holds in a line (its merged span's, for
    the first cell of a merged range); a row's cells beyond the columns are not counted."""
    lines = 1
    for (given, _), room in zip(cells, usable, strict=False):
        value = given.shown if isinstance(given, Formula) else given
        if not value:
            continue
        if "\n" in value:
            needed = sum(max(1, -(-_display_width(part) // room)) for part in value.split("\n"))
        else:
            needed = -(-_display_width(value) // room)
        lines = max(lines, needed)
    return f' ht="{lines * LINE_HEIGHT:.1f}" customHeight="1"' if lines > 1 else ""


def _room(width: float) -> int:
    return int(max(width - 2.0, 1.0))


def _display_width(text: str) -> int:
    """Columns of text: a CJK character takes two. Counted from its UTF-8 length (a wide
    character takes three bytes, a Latin one, one), which is far faster than by character;
    the few symbols of three bytes below CJK (①, ×) are as wide in a Chinese font."""
    return (len(text.encode("utf-8")) + len(text)) // 2


def _numbered(style: int, shown_as: tuple[str, int]) -> int:
    """The style showing the number as its text does (95.00 stays 95.00, 95.00% a rate)."""
    if style not in NUMBER_STYLES or shown_as == ("decimal", 0):
        return style
    return NUMBERED_STYLES[(style, *shown_as)]


def _sheet_xml(sheet: Sheet) -> str:
    """One worksheet: its columns, rows, merges and page setup."""
    view = ""
    if sheet.frozen_rows:
        top = f"A{sheet.frozen_rows + 1}"
        view = f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="{sheet.frozen_rows}" topLeftCell="{top}" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w:.1f}" customWidth="1"/>'
        for i, w in enumerate(sheet.widths, start=1)
    )
    spans = _spans(sheet)
    rooms = [_room(w) for w in sheet.widths]
    names = [column_name(c) for c in range(1, max(map(len, sheet.rows), default=0) + 1)]
    rows = []
    for r, cells in enumerate(sheet.rows, start=1):
        merged = spans.get(r)
        usable = rooms
        if merged:
            usable = [_room(merged[c]) if c in merged else room for c, room in enumerate(rooms, 1)]
        rows.append(
            f'<row r="{r}"{_height(cells, usable)}>'
            + "".join(
                _cell(f"{names[c]}{r}", value, style) for c, (value, style) in enumerate(cells)
            )
            + "</row>"
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
        f"{view}<cols>{cols}</cols><sheetData>{''.join(rows)}</sheetData>{merge_xml}{page}</worksheet>"
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
NUMBER_STYLES = (HEADER, BODY, BODY_LEFT, BODY_BOLD)  # each also in every number format
MAX_PLACES = 4


def _format_code(kind: str, places: int) -> str:
    decimals = "." + "0" * places if places else ""
    return (
        {"decimal": "0", "grouped": "#,##0", "percent": "0"}[kind]
        + decimals
        + ("%" if kind == "percent" else "")
    )


# (kind, decimals) of every number format but the plain integer, with its id in styles.xml.
NUMBER_FORMATS = {
    (kind, places): 164 + index
    for index, (kind, places) in enumerate(
        (kind, places)
        for kind in ("decimal", "grouped", "percent")
        for places in range(MAX_PLACES + 1)
        if (kind, places) != ("decimal", 0)
    )
}
# (base style, kind, decimals) → the index of its cell format.
NUMBERED_STYLES = {
    (style, kind, places): BASE_STYLES + position
    for position, (style, (kind, places)) in enumerate(
        (style, shown) for style in NUMBER_STYLES for shown in NUMBER_FORMATS
    )
}
# Base style → the index of the same format with quotePrefix, for text read as a formula.
QUOTED_STYLES = {style: BASE_STYLES + len(NUMBERED_STYLES) + style for style in range(BASE_STYLES)}
PORTRAIT_WIDTH = 100  # columns wider than this in all print landscape


def _xf(
    font: int, border: int, horizontal: str, number_format: int = 0, quoted: bool = False
) -> str:
    applied = ' applyFont="1"' if font else ""
    applied += ' applyBorder="1"' if border else ""
    applied += ' applyNumberFormat="1"' if number_format else ""
    applied += ' quotePrefix="1"' if quoted else ""
    if not horizontal:
        return f'<xf numFmtId="{number_format}" fontId="{font}" fillId="0" borderId="{border}" xfId="0"{applied}/>'
    return (
        f'<xf numFmtId="{number_format}" fontId="{font}" fillId="0" borderId="{border}" xfId="0"'
        f'{applied} applyAlignment="1"><alignment horizontal="{horizontal}" vertical="center" '
        'wrapText="1"/></xf>'
    )


def _styles() -> str:
    formats = "".join(
        f'<numFmt numFmtId="{number}" formatCode="{_format_code(*shown)}"/>'
        for shown, number in NUMBER_FORMATS.items()
    )
    xfs = [_xf(*xf) for xf in _XFS]
    xfs += [
        _xf(*_XFS[style], NUMBER_FORMATS[(kind, places)]) for style, kind, places in NUMBERED_STYLES
    ]
    xfs += [_xf(*_XFS[style], quoted=True) for style in QUOTED_STYLES]
    return (
        DECLARATION + f'<styleSheet xmlns="{MAIN}">'
        f'<numFmts count="{len(NUMBER_FORMATS)}">{formats}</numFmts>'
        + _FONTS
        + f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


STYLES = _styles()


def _package(sheets: list[Sheet], title: str, moment: dt.datetime) -> list[tuple[str, str]]:
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    numbers = range(1, len(sheets) + 1)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{sheet_type}.worksheet+xml"/>'
        for n in numbers
    )
    entries = "".join(
        f'<sheet name="{text(sheet.name)}" sheetId="{n}" r:id="rId{n}"/>'
        for n, sheet in zip(numbers, sheets, strict=True)
    )
    relations = "".join(
        f'<Relationship Id="rId{n}" Type="{REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in numbers
    )
    return [
        (
            "[Content_Types].xml",
            DECLARATION
            + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{sheet_type}.sheet.main+xml"/>'
            f"{overrides}"
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
            DECLARATION + f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{entries}</sheets>'
            f"{_print_titles(sheets)}</workbook>",
        ),
        (
            "xl/_rels/workbook.xml.rels",
            DECLARATION
            + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{relations}"
            f'<Relationship Id="rId{len(sheets) + 1}" Type="{REL}/styles" Target="styles.xml"/>'
            "</Relationships>",
        ),
        ("xl/styles.xml", STYLES),
        *(
            (f"xl/worksheets/sheet{n}.xml", _sheet_xml(sheet))
            for n, sheet in zip(numbers, sheets, strict=True)
        ),
    ]


def _print_titles(sheets: list[Sheet]) -> str:
    """Each sheet's frozen header rows repeat at the top of every printed page."""
    names = "".join(
        f'<definedName name="_xlnm.Print_Titles" localSheetId="{index}">'
        f"{_quoted(sheet.name)}!$1:${sheet.frozen_rows}</definedName>"
        for index, sheet in enumerate(sheets)
        if sheet.frozen_rows
    )
    return f"<definedNames>{names}</definedNames>" if names else ""


def _quoted(name: str) -> str:
    """A sheet's name as a formula refers to it: in quotes, its own quotes doubled."""
    doubled = name.replace("'", "''")
    return f"'{text(doubled)}'"


def sheet_name(name: str, taken: set[str]) -> str:
    """A name Excel accepts for a sheet (31 characters, none of []:*?/\\), unique in `taken`."""
    base = SHEET_NAME_REFUSED.sub("_", name).strip("'") or "Sheet"
    candidate, number = base[:31], 1
    while candidate.casefold() in {t.casefold() for t in taken}:
        number += 1
        suffix = f"({number})"
        candidate = base[: 31 - len(suffix)] + suffix
    taken.add(candidate)
    return candidate


def workbook_bytes(sheets: Sheet | list[Sheet], title: str, moment: dt.datetime) -> bytes:
    """An .xlsx of the sheets in order, every entry stamped `moment`."""
    listed = [sheets] if isinstance(sheets, Sheet) else sheets
    return write_zip(
        [(name, xml.encode("utf-8")) for name, xml in _package(listed, title, moment)], moment
    )
