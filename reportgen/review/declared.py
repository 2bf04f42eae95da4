"""What a Word part declares about itself, bounded before anything reads it.

The archive's limits (`untrusted`) bound the bytes; these bound what the XML
says it holds. A cell may claim to span a billion columns in a part of a few
bytes, and a reader that lines cells up under their headings (a draft's
outline, a template's merges and grids) would make room for every one. So a
part is refused, naming its table and row, when a cell spans more columns
than its table's grid declares or than Word allows (63), when a table has
more columns or rows than a report could hold, when tables sit inside tables
deeper than anyone nests them, or when the part is larger than any report.

The limits stand far above what reportgen itself writes: the 3,600-leaf
report of `benchmarks/scale.py` has a document part of 17 MiB with 0.8
million elements, 3,602 rows in its largest table and 10,829 in all, nine
columns and no nested table.
"""

from __future__ import annotations

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TABLE, ROW, CELL, GRID_SPAN = f"{W}tbl", f"{W}tr", f"{W}tc", f"{W}gridSpan"
GRID_COLUMN, VALUE = f"{W}tblGrid/{W}gridCol", f"{W}val"

MAX_COLUMNS = 63  # Word's own limit on a table's columns
MAX_TABLE_ROWS = 20_000
MAX_TABLES = 10_000  # in one part
MAX_ROWS = 100_000  # in every table of every part read, together
MAX_NESTING = 8  # tables within tables: one is common, a second rare
MAX_PART = 32 * 1024 * 1024  # one XML part, in bytes
MAX_ELEMENTS = 2_000_000  # in one XML part
MAX_DEPTH = 256  # elements within elements: libxml2's own limit without XML_PARSE_HUGE
AT_MOST_COLUMNS = f"(a table has at most {MAX_COLUMNS})"


def size_problem(data: bytes) -> str | None:
    """Too many elements for a part, counted before it is parsed (an empty element and a
    start tag each open one; comments and instructions are counted too, which only errs
    on the safe side)."""
    elements = data.count(b"<") - data.count(b"</")
    if elements > MAX_ELEMENTS:
        return f"it holds more than {MAX_ELEMENTS:,} elements"
    return None


def depth_problem(error: etree.XMLSyntaxError) -> str | None:
    """The parser's refusal of a part nested too deep, said plainly."""
    if "Excessive depth" in str(error):
        return f"its elements nest more than {MAX_DEPTH} deep"
    return None


def table_problem(root: etree._Element, rows_before: int = 0) -> tuple[int, str | None]:
    """The rows the part's tables hold (to add to `rows_before`, those of the parts read
    before it) and what is wrong with its tables, if anything. The part is walked once;
    the counts are checked first, so that no later step works through more than they
    allow, and nothing costs more than a look at each table, row and span."""
    tables, spans, rows = [], [], rows_before
    for element in root.iter(TABLE, ROW, GRID_SPAN):
        if element.tag == ROW:
            rows += 1
        elif element.tag == TABLE:
            tables.append(element)
        else:
            spans.append(element)
    if len(tables) > MAX_TABLES:
        return rows, f"it holds {len(tables):,} tables (at most {MAX_TABLES:,})"
    if rows > MAX_ROWS:
        return rows, f"its tables have more than {MAX_ROWS:,} rows in all"
    grids: dict[etree._Element, int] = {}  # table → the columns its grid declares
    for number, table in enumerate(tables, start=1):
        if sum(1 for _ in table.iterancestors(TABLE)) >= MAX_NESTING:
            return rows, f"table {number}: tables sit more than {MAX_NESTING} deep, one in another"
        grids[table] = len(table.findall(GRID_COLUMN))
        if grids[table] > MAX_COLUMNS:
            return rows, f"table {number} has {grids[table]} columns {AT_MOST_COLUMNS}"
    beyond: dict[etree._Element, int] = {}  # row → the columns its cells span beyond one each
    for span in spans:  # those in no table's own row too: any a reader may come upon
        why = _span_problem(span, grids, beyond)
        if why:
            return rows, f"{_place(tables, span)}{why}"
    for number, table in enumerate(tables, start=1):
        why = _rows_problem(table, beyond)
        if why:
            return rows, f"table {number}{why}"
    return rows, None


def _span_problem(
    span: etree._Element, grids: dict[etree._Element, int], beyond: dict[etree._Element, int]
) -> str | None:
    """A span that is no number, or wider than Word's tables or its own table's grid; one
    that is neither adds to its row's width in `beyond`."""
    value = span.get(VALUE) or "1"
    shown = value if len(value) <= 20 else value[:20] + "…"
    if not (value.isascii() and value.isdigit()):
        return f"a cell spans {shown!r} columns, which is not a number"
    if len(value) > 9 or int(value) > MAX_COLUMNS:
        return f"a cell spans {shown} columns {AT_MOST_COLUMNS}"
    properties = span.getparent()
    cell = properties.getparent() if properties is not None else None
    row = cell.getparent() if cell is not None and cell.tag == CELL else None
    if row is None or row.tag != ROW:
        return None  # not a cell of a row (one in a content control): no reader lines it up
    columns, table = max(int(value), 1), row.getparent()
    grid = grids.get(table, 0) if table is not None else 0
    if grid and columns > grid:
        return f"a cell spans {columns} columns, but its table's grid has {grid}"
    beyond[row] = beyond.get(row, 0) + columns - 1
    return None


def _rows_problem(table: etree._Element, beyond: dict[etree._Element, int]) -> str | None:
    rows = table.findall(ROW)
    if len(rows) > MAX_TABLE_ROWS:
        return f" has {len(rows):,} rows (a table has at most {MAX_TABLE_ROWS:,})"
    for number, row in enumerate(rows, start=1):
        width = len(row.findall(CELL)) + beyond.get(row, 0)
        if width > MAX_COLUMNS:
            return f", row {number}: its cells span {width} columns {AT_MOST_COLUMNS}"
    return None


def _place(tables: list[etree._Element], element: etree._Element) -> str:
    """`table 3, row 2: ` for an element, as far as it is in a table's own row."""
    table = next(element.iterancestors(TABLE), None)
    if table is None:
        return ""
    row = next(element.iterancestors(ROW), None)
    rows = table.findall(ROW)
    number = f"table {tables.index(table) + 1}"
    return f"{number}, row {rows.index(row) + 1}: " if row in rows else f"{number}: "
