"""Building hostile and broken inputs for the bad-input suite: files, workbooks, archives.

Each helper makes one kind of damage the way it arrives from the field: a file
saved in GBK, a workbook cut off in a mail, an archive with an encrypted or
oddly compressed member, a YAML file of a kilobyte that expands to billions.
"""

from __future__ import annotations

import io
import random
import string
import struct
import zipfile
from pathlib import Path

import docx
from click.testing import CliRunner
from openpyxl import Workbook

from reportgen.cli import main

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"

DATA_HEADER = ("key", "label", "value", "expr", "unit")


def word_document(*paragraphs: str) -> bytes:
    """A .docx of plain paragraphs, as a user types text and tags into Word."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def snapshot(root: Path, skip: Path | None = None) -> dict[str, bytes]:
    """Every file under `root` but those under `skip` (the damaged tree) and the locks."""
    found = {}
    for path in sorted(root.rglob("*")):
        if (
            path.is_file()
            and not (skip is not None and path.is_relative_to(skip))
            and ".reportgen-locks" not in path.parts
        ):
            found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, result.output


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, marker: str) -> int:
    """The line of the first occurrence of `marker` in `path` (read as bytes, any encoding)."""
    data = path.read_bytes()
    index = data.find(marker.encode("utf-8"))
    assert index >= 0, f"{marker!r} not in {path}"
    return data.count(b"\n", 0, index) + 1


def billion_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        refs = ",".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


def nested_flow(depth: int) -> str:
    return "[" * depth + "]" * depth


def mapping_laughs(levels: int) -> str:
    """Like billion_laughs, in mappings (so they can be merged with `<<`)."""
    lines = ["a0: &a0 {" + ", ".join(f"k{i}: lol" for i in range(9)) + "}"]
    for level in range(1, levels):
        refs = ", ".join(f"k{i}: *a{level - 1}" for i in range(9))
        lines.append(f"a{level}: &a{level} {{{refs}}}")
    return "\n".join(lines) + "\n"


def nested_block(depth: int, indent: int = 0) -> str:
    lines = ["  " * (indent + level) + f"k{level}:\n" for level in range(depth)]
    return "".join(lines) + "  " * (indent + depth) + "x\n"


def workbook(rows: list[tuple[object, ...]], header: tuple[str, ...] = DATA_HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def csv_text(rows: list[tuple[object, ...]], header: tuple[str, ...] = DATA_HEADER) -> str:
    lines = [",".join(header)] + [",".join("" if v is None else str(v) for v in r) for r in rows]
    return "\n".join(lines) + "\n"


def read_member(archive: bytes, name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(archive)).read(name)


def replace_member(archive: bytes, name: str, data: bytes) -> bytes:
    """The archive with one member's content replaced (the others copied as they are)."""
    source = zipfile.ZipFile(io.BytesIO(archive))
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, data if info.filename == name else source.read(info))
    return stream.getvalue()


def with_member(archive: bytes, name: str, data: bytes) -> bytes:
    """The archive with one more member."""
    stream = io.BytesIO(archive)
    with zipfile.ZipFile(stream, "a", zipfile.ZIP_DEFLATED) as target:
        target.writestr(name, data)
    return stream.getvalue()


def with_flag(archive: bytes, flag: int) -> bytes:
    """Every member marked with `flag` in its headers (1: encrypted)."""
    return _patch_headers(archive, lambda header, kind: _set(header, 8 if kind else 6, flag))


def with_method(archive: bytes, method: int) -> bytes:
    """Every member claiming compression `method` (9: Deflate64, 99: AES) in its headers."""
    return _patch_headers(archive, lambda header, kind: _put(header, 10 if kind else 8, method))


def with_declared_size(archive: bytes, size: int) -> bytes:
    """Every member declaring `size` unpacked bytes in the central directory."""
    return _patch_headers(
        archive, lambda header, kind: _put32(header, 24, size) if kind else header
    )


def _patch_headers(archive: bytes, patch) -> bytes:
    data = bytearray(archive)
    for signature, central in ((b"PK\x03\x04", False), (b"PK\x01\x02", True)):
        start = 0
        while (index := data.find(signature, start)) >= 0:
            header = bytes(data[index : index + 46])
            data[index : index + 46] = patch(header, central)
            start = index + 4
    return bytes(data)


def _set(header: bytes, offset: int, flag: int) -> bytes:
    (value,) = struct.unpack_from("<H", header, offset)
    return _put(header, offset, value | flag)


def _put(header: bytes, offset: int, value: int) -> bytes:
    patched = bytearray(header)
    struct.pack_into("<H", patched, offset, value)
    return bytes(patched)


def _put32(header: bytes, offset: int, value: int) -> bytes:
    patched = bytearray(header)
    struct.pack_into("<I", patched, offset, value)
    return bytes(patched)


OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


# — what a Word part declares: spans, columns, rows, nesting, depth, size ————————————

DOCUMENT_PART = "word/document.xml"


def _table(rows: str, grid: int = 2) -> str:
    columns = '<w:gridCol w:w="1000"/>' * grid
    return f"<w:tbl><w:tblGrid>{columns}</w:tblGrid>{rows}</w:tbl>"


def _cell(properties: str = "", content: str = "<w:p/>") -> str:
    return f"<w:tc><w:tcPr>{properties}</w:tcPr>{content}</w:tc>"


def _span(value: str) -> str:
    """A table of two grid columns whose one cell spans `value` columns."""
    cell = _cell(f'<w:gridSpan w:val="{value}"/>')
    return _table(f"<w:tr>{cell}</w:tr>")


def _incompressible(size: int) -> str:
    """A paragraph of `size` characters that deflate barely shrinks, so that a large part
    is refused for what it declares rather than for unpacking beyond its size."""
    letters = string.ascii_letters + string.digits + "+/"
    chosen = random.Random(0).choices(letters, k=size)
    return f"<w:p><w:r><w:t>{''.join(chosen)}</w:t></w:r></w:p>"


def _nested(depth: int) -> str:
    """Tables one inside the other, `depth` in all."""
    opened = "<w:tbl><w:tr><w:tc>" * depth
    return opened + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * depth


# Inserted first in the body of a document part: a table (or elements) beyond one bound
# of `review/declared.py`, and what the refusal says after the part's name.
BEYOND_BOUNDS: dict[str, tuple[str, str]] = {
    "a huge gridSpan": (
        _span("999999999"),
        "table 1, row 1: a cell spans 999999999 columns (a table has at most 63)",
    ),
    "a gridSpan that is no number": (
        _span("x"),
        "table 1, row 1: a cell spans 'x' columns, which is not a number",
    ),
    "a gridSpan beyond its grid": (
        _span("3"),
        "table 1, row 1: a cell spans 3 columns, but its table's grid has 2",
    ),
    "64 grid columns": (
        _table("<w:tr/>", grid=64),
        "table 1 has 64 columns (a table has at most 63)",
    ),
    "a row of 64 cells": (
        _table(f"<w:tr>{_cell() * 64}</w:tr>", grid=0),
        "table 1, row 1: its cells span 64 columns (a table has at most 63)",
    ),
    "20,001 rows in a table": (
        _table("<w:tr/>" * 20_001),
        "table 1 has 20,001 rows (a table has at most 20,000)",
    ),
    "100,001 rows in all": (
        _table("<w:tr/>" * 10_001) * 10 + _incompressible(200_000),
        "its tables have more than 100,000 rows in all",
    ),
    "tables nested 9 deep": (
        _nested(9),
        "table 9: tables sit more than 8 deep, one in another",
    ),
    "elements nested 257 deep": (
        "<w:customXml>" * 257 + "</w:customXml>" * 257,
        "its elements nest more than 256 deep",
    ),
    "2,000,001 elements": (
        "<w:p/>" * 2_000_001 + _incompressible(200_000),
        "it holds more than 2,000,000 elements",
    ),
}


def beyond_bounds(archive: bytes, kind: str) -> bytes:
    """The .docx with the content of BEYOND_BOUNDS[kind] first in its document's body."""
    inserted, _ = BEYOND_BOUNDS[kind]
    xml = read_member(archive, DOCUMENT_PART).decode("utf-8")
    assert "<w:body>" in xml
    damaged = xml.replace("<w:body>", "<w:body>" + inserted, 1)
    return replace_member(archive, DOCUMENT_PART, damaged.encode("utf-8"))
