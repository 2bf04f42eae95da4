"""Markup other office suites save that Word's schema refuses, put right when a template loads.

LibreOffice writes `w:val="true"` on a table row's `cantSplit` and
`tblHeader`, whose schema type only knows on/off, puts a section break
first in a paragraph's properties, where the schema wants it last (before
any record of a change), and writes a document grid's negative character
spacing as an unsigned number (4294966271 for -1025), which is no Int32. Word opens such files, but a strict reader or
validator does not; every row and paragraph a loop repeats would carry the
fault into the document, so the template's source is corrected once.
"""

from __future__ import annotations

import re

ROW_FLAG = re.compile(r'<w:(cantSplit|tblHeader) w:val="(true|on|1|false|off|0)"\s*/>')
SECTION_FIRST = re.compile(
    r"<w:pPr>(<w:sectPr\b(?:(?!</w:pPr>).)*?</w:sectPr>)((?:(?!</w:pPr>).)*?)</w:pPr>", re.S
)


UNSIGNED_SPACING = re.compile(r'(<w:docGrid\b[^>]*\bw:charSpace=")(\d{10})"')


def _signed(match: re.Match[str]) -> str:
    value = int(match.group(2))
    return f'{match.group(1)}{value - 2**32 if value >= 2**31 else value}"'


def _row_flag(match: re.Match[str]) -> str:
    on = match.group(2) in ("true", "on", "1")
    return f"<w:{match.group(1)}/>" if on else f'<w:{match.group(1)} w:val="off"/>'


def _section_last(match: re.Match[str]) -> str:
    section, rest = match.group(1), match.group(2)
    change = rest.find("<w:pPrChange")
    if change >= 0:
        return f"<w:pPr>{rest[:change]}{section}{rest[change:]}</w:pPr>"
    return f"<w:pPr>{rest}{section}</w:pPr>"


def corrected(source: str) -> str:
    """The part with row flags, section breaks and grids written as the schema has them."""
    if "w:val=" in source and ("cantSplit" in source or "tblHeader" in source):
        source = ROW_FLAG.sub(_row_flag, source)
    if "<w:pPr><w:sectPr" in source:
        source = SECTION_FIRST.sub(_section_last, source)
    if "w:charSpace=" in source:
        source = UNSIGNED_SPACING.sub(_signed, source)
    return source
