"""Text a spreadsheet would take for a formula, and so must be told is text.

A cell typed `=HYPERLINK(…)` or `=cmd|' /C calc'!A0` runs as a formula when it
is opened, or when its cell is edited, in Excel and its kin. OWASP's guidance
on CSV and formula injection names the characters such a text begins with: =,
+, -, @, a tab and a carriage return. Every workbook reportgen writes stores a
text as a string, and a text beginning with one of these also carries Excel's
quotePrefix, the mark of a cell typed with a leading apostrophe, so that it
stays text when someone edits it. Only reportgen's own totals are formulas.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def reads_as_formula(text: str) -> bool:
    """Whether a spreadsheet would take `text`, typed into a cell, for a formula."""
    return text.startswith(FORMULA_STARTS)
