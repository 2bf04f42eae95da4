"""`{% vmerge KEY %}` decided while the rows render, for cells of plain tables.

Where a tagged cell sits in a table with no table inside it and no column
tags in its row, its grid column is known from the template. Its cell is
then rewritten once, at compile time, into two branches chosen by comparing
KEY with the key last seen in that column of that table: the cell as written
with `<w:vMerge w:val="restart"/>`, or an empty cell with `<w:vMerge/>` (in
schema order). A row without a tagged cell in a column ends that column's
run; every table starts afresh. Nothing is left to
fix after rendering. Other cells keep the marker path of `vmerge`.
"""

from __future__ import annotations

import bisect
import contextvars
import re
from typing import Any

SPAN = re.compile(r'<w:gridSpan w:val="(\d+)"/>')
CELL_PROPS = re.compile(r"<w:tcPr>(.*?)</w:tcPr>|<w:tcPr/>", re.S)
OLD_MERGE = re.compile(r"<w:vMerge(?: [^>]*)?/>")
# What may come before w:vMerge in w:tcPr (ECMA-376 §17.4.70).
BEFORE = re.compile(
    r"^(?:<w:cnfStyle[^>]*/>)?(?:<w:tcW[^>]*/>)?(?:<w:gridSpan[^>]*/>)?(?:<w:hMerge[^>]*/>)?"
)
FIRST_PARAGRAPH_PROPS = re.compile(r"<w:p[ >](?:(?!</w:p>).)*?(<w:pPr>.*?</w:pPr>|<w:pPr/>)", re.S)

# Filters, not functions: Jinja calls filters directly, where the sandbox checks every call.
TABLE, ROW, CELL = "_reportgen_vm_table", "_reportgen_vm_row", "_reportgen_vm_cell"
JINJA_BLOCK = re.compile(r"\{%")
CELL_TEXT = re.compile(r"<w:tc[ >](?:(?!</w:tc>).)*</w:tc>", re.S)
RESTART, CONTINUE = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"


class _State:
    """Per part: the key last seen in each column of each table, by slot (`_slot`)."""

    def __init__(self) -> None:
        self.keys: dict[int, object] = {}


_STATE: contextvars.ContextVar[_State] = contextvars.ContextVar("vmerge_state")
_NOTHING = object()
COLUMNS = 4096  # more grid columns than Word allows, so a slot tells its table and column


def _slot(table: int, column: int) -> int:
    return table * COLUMNS + column


def start_part() -> contextvars.Token[_State]:
    return _STATE.set(_State())


def end_part(token: contextvars.Token[_State]) -> None:
    _STATE.reset(token)


def _state() -> _State:
    state = _STATE.get(None)
    if state is None:
        state = _State()
        _STATE.set(state)
    return state


def table_started(table: int) -> str:
    """A new instance of a table: every column starts afresh."""
    keys = _state().keys
    for slot in [s for s in keys if s // COLUMNS == table]:
        del keys[slot]
    return ""


def row_started(row: tuple[int, tuple[int, ...]]) -> str:
    """A new row: the runs of columns it has no tagged cell in are over."""
    table, marked = row
    keys = _state().keys
    for slot in [s for s in keys if s // COLUMNS == table and s % COLUMNS not in marked]:
        del keys[slot]
    return ""


def cell(key: Any, slot: int) -> bool:
    """Whether the cell in this slot (table and column) with this key continues the run above.

    A run goes on while the key is equal and of the same type (1, 1.0 and True differ).
    """
    keys = (_STATE.get(None) or _state()).keys
    last = keys.get(slot, _NOTHING)
    keys[slot] = key
    return last is not _NOTHING and type(last) is type(key) and bool(last == key)


FILTERS = {TABLE: table_started, ROW: row_started, CELL: cell}


class _Layout:
    """Where the source's cells, rows and tables start, and whether each table is plain:
    found once per source, so that placing each of a template's tags costs a lookup, not a
    search back through the part (a template may hold thousands of tags)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.starts = {
            kind: [m.start() for m in re.finditer(rf"<w:{kind}[ >]", source)]
            for kind in ("tc", "tr", "tbl")
        }
        self.plain: dict[int, bool] = {}

    def before(self, kind: str, position: int) -> int:
        """Where the last `<w:KIND>` opened before `position` starts, or -1."""
        starts = self.starts[kind]
        index = bisect.bisect_left(starts, position)
        return starts[index - 1] if index else -1

    def is_plain(self, table: int) -> bool:
        """Whether the table holds no table and no text box (the marker path handles those)."""
        if table not in self.plain:
            inner = self.source[table + 1 : self.source.find("</w:tbl>", table)]
            nested = "<w:tbl>" in inner or "<w:tbl " in inner or "<w:txbxContent" in inner
            self.plain[table] = not nested
        return self.plain[table]


def rewrite(source: str, tag: re.Pattern[str]) -> str:
    """The source with every tag in a plain table's cell compiled; other tags left as they are."""
    cells: list[tuple[int, int, int, int, str]] = []  # tc start, tc end, table, column, key
    layout, placed_cells = _Layout(source), set()
    for found in tag.finditer(source):
        placed = _locate(source, found.start(), layout)
        if placed is not None and placed[0] not in placed_cells:
            placed_cells.add(placed[0])
            cells.append((*placed, found.group(1)))
    if not cells:
        return source
    tables = sorted({c[2] for c in cells})
    marked: dict[int, dict[int, set[int]]] = {}  # table → row start → columns
    for start, _, table, column, _ in cells:
        row_start = layout.before("tr", start)
        marked.setdefault(table, {}).setdefault(row_start, set()).add(column)
    edits: list[tuple[int, int, str]] = []
    for table in tables:
        end = source.index("</w:tbl>", table)
        opening = source.index(">", table) + 1
        edits.append((opening, opening, f"{{{{ {table}|{TABLE} }}}}"))
        every = tuple(sorted(set().union(*marked[table].values())))
        for row in re.finditer(r"<w:tr[ >]", source[table:end]):
            at = table + row.start()  # a row of this table (it holds no other table)
            columns = tuple(sorted(marked[table].get(at, ())))
            if columns != every:  # a row marking every column ends no run
                row_open = source.index(">", at) + 1
                call = f"{{{{ ({table}, {columns!r})|{ROW} }}}}"
                edits.append((row_open, row_open, call))
    for start, end, table, column, key in cells:
        edits.append((start, end, _compiled_cell(source[start:end], table, column, key, tag)))
    out, position = [], 0
    for start, end, text in sorted(edits):
        out += [source[position:start], text]
        position = end
    out.append(source[position:])
    return "".join(out)


def _locate(source: str, position: int, layout: _Layout) -> tuple[int, int, int, int] | None:
    """(cell start, cell end, table start, grid column) of a tag in a plain table's cell."""
    start = layout.before("tc", position)
    if start < 0 or source.rfind("</w:tc>", start, position) >= 0:
        return None
    end = source.find("</w:tc>", position)
    row = layout.before("tr", start)
    table = layout.before("tbl", row)
    if end < 0 or row < 0 or table < 0 or not layout.is_plain(table):
        return None  # a table in a cell or a text box: the marker path handles it
    row_end = source.find("</w:tr>", row)
    cells_before = source[row:start]
    outside_cells = CELL_TEXT.sub("", cells_before + source[end + len("</w:tc>") : row_end])
    if JINJA_BLOCK.search(outside_cells):
        return None  # column loops or conditions move columns at render time
    column = 0
    for other in CELL_TEXT.finditer(cells_before):
        span = SPAN.search(other.group(0))
        column += int(span.group(1)) if span else 1
    return start, end + len("</w:tc>"), table, column


def _compiled_cell(text: str, table: int, column: int, key: str, tag: re.Pattern[str]) -> str:
    """The cell as two branches: a run's first cell as written, or an empty continuation."""
    text = tag.sub("", text)
    props = CELL_PROPS.search(text)
    if props is None:
        opened = text.index(">") + 1
        text = f"{text[:opened]}<w:tcPr></w:tcPr>{text[opened:]}"
        props = CELL_PROPS.search(text)
        assert props is not None
    inner = OLD_MERGE.sub("", props.group(1) or "")
    cut = BEFORE.match(inner)
    at = cut.end() if cut else 0
    body = text[props.end() : -len("</w:tc>")]
    paragraph = FIRST_PARAGRAPH_PROPS.search(body)
    empty = f"<w:p>{paragraph.group(1) if paragraph else ''}</w:p>"
    head, tail = f"{text[: props.start()]}<w:tcPr>{inner[:at]}", f"{inner[at:]}</w:tcPr>"
    test = f"({key})|{CELL}({_slot(table, column)})"
    return (
        f"{head}{{% if {test} %}}{CONTINUE}{tail}{empty}"
        f"{{% else %}}{RESTART}{tail}{body}{{% endif %}}</w:tc>"
    )
