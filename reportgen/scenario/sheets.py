"""Rows of a data file anyone may have sent: an .xlsx worksheet or a .csv, every cell addressed.

A workbook is looked at before openpyxl reads it: an empty file, one that is
not a zip archive, an encrypted workbook (Excel stores those in an OLE
container), a truncated archive, absurd sizes, and sheet XML that does not
parse are each a plain problem naming the file. Every row keeps the address
of its cells — `data/资金.xlsx!Sheet1!C7` for a workbook, `data/资金.csv:7`
for a csv — so a problem in a value points at the cell. A csv row must fit its
header cell for cell, and a value in a column without a header is refused in
both: neither is dropped or shifted into another column without a word.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from xml.etree.ElementTree import ParseError

from lxml import etree

from reportgen.errors import Problem, ReportgenError, display_path
from reportgen.text_files import read_text

T = TypeVar("T")

MAX_ENTRIES = 500
MAX_UNPACKED = 64 * 1024 * 1024  # what the archive's parts declare, in bytes
MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_SHOWN_CELLS = 8  # of a row that does not fit its header, in the message
HEADLESS = "a value in a column without a header: give the column a header, or clear it"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class Sheet:
    """A worksheet's header and rows as stripped text, with where each cell is."""

    where: str  # data/资金.xlsx!Sheet1, or data/资金.csv
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (row number, cells)
    is_csv: bool = False

    def cell(self, row: int, column: str) -> str:
        """The address of `column` in row `row`: data/资金.xlsx!Sheet1!C7, or data/资金.csv:7."""
        if self.is_csv:
            return f"{self.where}:{row}"
        from openpyxl.utils import get_column_letter

        index = self.columns.index(column) + 1 if column in self.columns else 1
        return f"{self.where}!{get_column_letter(index)}{row}"

    def problem(self, row: int, column: str, message: str) -> Problem:
        """A problem at that cell, naming the column as its field."""
        if self.is_csv:
            return Problem(message, self.where, row, column)
        return Problem(message, self.cell(row, column), field=column)


def read_sheet(path: Path, sheet: str | None = None) -> Sheet:
    """The rows of `path` (.csv, or an .xlsx worksheet, the first by default)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return _workbook(path, sheet)
    raise _unreadable(path, "expected a .csv or .xlsx file")


def _unreadable(path: Path, why: str) -> ReportgenError:
    return ReportgenError([Problem(why, display_path(path))])


def _csv(path: Path) -> Sheet:
    """The rows of a .csv, each of them fitting its header (see `_misfit`); every row that
    does not is a problem at its line, all of them reported at once."""
    reader = csv.reader(io.StringIO(read_text(path), newline=""))
    problems: list[Problem] = []
    try:
        header = next(reader, [])
        sheet = Sheet(display_path(path), [c.strip() for c in header], is_csv=True)
        headless: set[int] = set()  # columns without a header already reported
        for cells in reader:
            if len(sheet.rows) >= MAX_ROWS:
                raise _unreadable(path, f"more than {MAX_ROWS:,} rows")
            if not any(c.strip() for c in cells):
                continue  # a blank line, or one of commas only
            why = _misfit(sheet.columns, cells)
            unheaded = [i for i in headless_columns(sheet.columns, cells) if i not in headless]
            if why is None and unheaded:  # said once a column, at its first value
                headless.update(unheaded)
                why = f"cell {unheaded[0] + 1}: {HEADLESS}"
            if why:
                problems.append(Problem(why, sheet.where, reader.line_num))
                continue
            sheet.rows.append((reader.line_num, _cells(sheet.columns, cells)))
    except csv.Error as error:
        where = display_path(path)
        raise ReportgenError(
            [Problem(f"not a valid csv: {error}", where, reader.line_num)]
        ) from None
    if problems:
        raise ReportgenError(problems)
    return sheet


def _misfit(columns: list[str], cells: list[str]) -> str | None:
    """Why a row does not fit the header, said as a consultant would check it.

    Excel pads every row of its csv to the widest (`a,b,,`), header included, so empty
    cells past the last named column mean nothing, on either side. A row with a value
    past it was split by a comma inside a value (1,200 unquoted), and is refused. So is a
    row with fewer cells than the named columns, even where the missing cells would have
    been empty: a cell left out in the middle (收入,100 under key,label,value) moves the
    rest into the wrong columns, and the two cannot be told apart.
    """
    named = max((i + 1 for i, c in enumerate(columns) if c), default=0)
    filled = max((i + 1 for i, c in enumerate(cells) if c.strip()), default=0)
    if filled <= named <= len(cells):
        return None
    listed = ", ".join(c or "(no header)" for c in columns[:named])
    read = " | ".join(_short(c.strip()) for c in cells[: max(filled, 1)][:MAX_SHOWN_CELLS])
    if filled > named:
        return (
            f"row has {filled} cells, the header has {named} ({listed}); read as: {read}. "
            'A value with a comma in it must be in quotes, as "1,200", or written 1200'
        )
    return (
        f"row has {len(cells)} cells, the header has {named} ({listed}); read as: {read}. "
        "An empty value still needs its comma, as in 收入,,100"
    )


def _short(text: str) -> str:
    return text if len(text) <= 20 else text[:19] + "…"


def headless_columns(columns: Sequence[str], values: Sequence[Any]) -> list[int]:
    """The places (0-based) of the values in columns whose header is empty, or past it."""
    return [
        index
        for index, value in enumerate(values)
        if (index >= len(columns) or not columns[index])
        and value is not None
        and str(value).strip()
    ]


def _cells(columns: list[str], values: list[Any]) -> dict[str, str]:
    text = ["" if v is None else str(v).strip() for v in values]
    return {c: text[i] if i < len(text) else "" for i, c in enumerate(columns) if c}


def _workbook(path: Path, sheet: str | None) -> Sheet:
    return read_workbook(path, lambda book: _worksheet(path, book, sheet))


def read_workbook(path: Path, read: Callable[[Any], T], *, formulas: bool = False) -> T:
    """`read(book)` over the workbook at `path`, opened read-only with the values Excel
    cached (or, with `formulas`, the formulas as written); whatever a damaged file makes
    openpyxl raise is a problem naming the file."""
    _check_archive(path)
    from openpyxl import load_workbook  # imported here: most scenarios have no workbook
    from openpyxl.utils.exceptions import InvalidFileException

    # What openpyxl raises on a damaged workbook: the file's fault, not reportgen's.
    broken = (
        etree.LxmlError,
        zipfile.BadZipFile,
        zlib.error,
        ParseError,
        KeyError,
        ValueError,
        TypeError,
        IndexError,
        EOFError,
        OSError,
        NotImplementedError,  # a compression method zipfile lacks
        RuntimeError,
        InvalidFileException,
    )
    try:
        book = load_workbook(path, read_only=True, data_only=not formulas)
        try:
            return read(book)
        finally:
            book.close()
    except ReportgenError:
        raise
    except broken as error:
        raise _unreadable(path, f"a damaged workbook ({type(error).__name__}: {error})") from None


def _worksheet(path: Path, book: Any, sheet: str | None) -> Sheet:
    names = list(book.sheetnames)
    if sheet is not None and sheet not in names:
        raise _unreadable(path, f"has no sheet {sheet!r}; its sheets: {', '.join(names)}")
    if not names:
        raise _unreadable(path, "has no worksheet")
    name = sheet or names[0]
    rows = book[name].iter_rows(values_only=True, max_col=MAX_COLUMNS)
    header = next(rows, ())
    result = Sheet(
        f"{display_path(path)}!{name}", ["" if c is None else str(c).strip() for c in header]
    )
    problems, headless = [], set()  # columns without a header: said once, at the first value
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS:
            raise _unreadable(path, f"sheet {name} has more than {MAX_ROWS:,} rows")
        for index in headless_columns(result.columns, values):
            if index not in headless:
                headless.add(index)
                problems.append(Problem(HEADLESS, f"{result.where}!{_letter(index)}{number}"))
        result.rows.append((number, _cells(result.columns, list(values))))
    if problems:
        raise ReportgenError(problems)
    return result


def _letter(index: int) -> str:
    """The column letter of a 0-based place: 0 → A."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _check_archive(path: Path) -> None:
    """Refuse what is no .xlsx before openpyxl sees it: empty, OLE, not a zip, encrypted, huge."""
    try:
        with path.open("rb") as stream:
            head = stream.read(8)
    except OSError as error:
        raise _unreadable(path, f"cannot be read: {error.strerror}") from None
    if not head:
        raise _unreadable(path, "is empty, not a workbook")
    if head.startswith(OLE_MAGIC):
        raise _unreadable(
            path, "is an encrypted workbook or an old .xls; save it as .xlsx without a password"
        )
    if not head.startswith(ZIP_MAGIC):
        raise _unreadable(path, "is not an .xlsx workbook (not a zip archive)")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise _unreadable(path, f"is truncated or damaged ({error})") from None
    if len(entries) > MAX_ENTRIES:
        raise _unreadable(path, f"has {len(entries)} parts (at most {MAX_ENTRIES})")
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise _unreadable(path, "is encrypted; save it without a password")
    methods = sorted(
        {e.compress_type for e in entries} - {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
    )
    if methods:
        raise _unreadable(path, f"uses compression method {methods[0]}, which .xlsx files never do")
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED:
        raise _unreadable(path, f"unpacks to more than {MAX_UNPACKED // (1024 * 1024)} MiB")
