"""Reading a text file anyone may have written: bounded, UTF-8, no stray control characters.

JSON (a draft's scores.json, data for `reportgen render`) is read on top of
that, its nesting bounded, numbers with a point as Decimal.

Consultants save files from many editors. A file in another encoding is
named as what it looks like (GBK as Chinese Windows editors save it, UTF-16)
with the line of the first byte that is not UTF-8; a UTF-8 byte-order mark is
simply accepted; a control character is reported with its line, not an offset.
"""

from __future__ import annotations

import codecs
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportgen.errors import Problem, ReportgenError, display_path

MAX_TEXT_BYTES = 16 * 1024 * 1024
MAX_JSON_DEPTH = 64
# What YAML accepts as printable (YAML 1.1, §5.1): tab, line breaks and the rest.
_UNPRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_UTF16_MARKS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def read_text(path: Path) -> str:
    """The text of `path`, or a ReportgenError naming the file and the line at fault."""
    name = display_path(path)
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_TEXT_BYTES + 1)
    except FileNotFoundError:
        raise ReportgenError([Problem("file not found", name)]) from None
    except IsADirectoryError:
        raise ReportgenError([Problem("is a folder, not a file", name)]) from None
    except OSError as error:
        raise ReportgenError([Problem(f"cannot be read: {error.strerror}", name)]) from None
    if len(data) > MAX_TEXT_BYTES:
        limit = MAX_TEXT_BYTES // (1024 * 1024)
        raise ReportgenError([Problem(f"larger than {limit} MiB, too large to read", name)])
    text = decode(data, name)
    bad = _UNPRINTABLE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        code = f"U+{ord(bad.group()):04X}"
        raise ReportgenError(
            [Problem(f"holds the control character {code}, which text cannot hold", name, line)]
        )
    return text


def decode(data: bytes, name: str) -> str:
    """UTF-8 (a byte-order mark allowed), or an error saying what the bytes look like."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith(_UTF16_MARKS):
        width = "32" if data.startswith(_UTF16_MARKS[:2]) else "16"
        raise ReportgenError(
            [Problem(f"is UTF-{width} text; save it as UTF-8", name, 1, field="encoding")]
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        looks = _looks_like(data, error.start)
        byte = f"0x{data[error.start]:02X}"
        raise ReportgenError(
            [
                Problem(
                    f"is not UTF-8 (byte {byte}){looks}; save it as UTF-8",
                    name,
                    line,
                    field="encoding",
                )
            ]
        ) from None


def _looks_like(data: bytes, bad: int) -> str:
    """What the bytes seem to be: UTF-16 without a mark, or GBK (the whole file, or the
    line of the first byte that is not UTF-8, as when a GBK line is pasted into UTF-8)."""
    sample = data[:65536]
    # YAML and csv hold ASCII (keys, colons, line breaks): in UTF-16 each has a zero byte.
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if max(odd, even) > len(sample) // 40 and min(odd, even) < max(odd, even) // 10:
        order = "little" if odd > even else "big"
        return f": it looks like UTF-16 ({order}-endian) without a byte-order mark"
    start, end = data.rfind(b"\n", 0, bad) + 1, data.find(b"\n", bad)
    for part in (sample, data[start : end if end >= 0 else len(data)]):
        try:  # an incremental decoder: the sample may end inside a character
            codecs.getincrementaldecoder("gb18030")().decode(part, final=False)
        except UnicodeDecodeError:
            continue
        return ": it looks like GBK (GB18030), as Chinese Windows editors save it"
    return ""


def read_json(path: Path, *, decimals: bool = True) -> Any:
    """The JSON value in `path`, or a ReportgenError naming the file (and the line).

    Numbers with a point are Decimal (95.10 stays 95.10), or float with `decimals=False`.
    """
    name = display_path(path)
    too_deep = ReportgenError([Problem(f"nested more than {MAX_JSON_DEPTH} levels deep", name)])
    text = read_text(path)
    try:
        data = json.loads(text, parse_float=Decimal if decimals else float)
    except json.JSONDecodeError as error:
        raise ReportgenError(
            [Problem(f"not valid JSON: {error.msg}", name, error.lineno)]
        ) from None
    except RecursionError:
        raise too_deep from None
    if _deeper_than(data, MAX_JSON_DEPTH):
        raise too_deep
    return data


def _deeper_than(data: Any, limit: int) -> bool:
    """Whether objects and lists nest more than `limit` deep, found without recursion."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(value, dict):
            stack.extend((child, depth + 1) for child in value.values())
        elif isinstance(value, list):
            stack.extend((child, depth + 1) for child in value)
    return False
