"""年度指标值 and 实际完成值 as a 自评表 writes them: "≥95%", "8755人", "≤90万元", "100%".

A value is a comparison (≥, ≤ or =; a bare number is an exact target), a
number and its unit. Units are compared as written, after the full-width
percent sign is made plain: 万元 against 元 is an error, not a conversion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

AT_LEAST, AT_MOST, EXACTLY = "≥", "≤", "="
_OPERATORS = {
    "≥": AT_LEAST,
    ">=": AT_LEAST,
    "＞＝": AT_LEAST,
    "不低于": AT_LEAST,
    "不少于": AT_LEAST,
    "≤": AT_MOST,
    "<=": AT_MOST,
    "＜＝": AT_MOST,
    "不高于": AT_MOST,
    "不超过": AT_MOST,
    "=": EXACTLY,
    "＝": EXACTLY,
}
_VALUE = re.compile(
    r"^\s*(?P<op>≥|>=|＞＝|不低于|不少于|≤|<=|＜＝|不高于|不超过|=|＝)?\s*"
    r"(?P<number>[+-]?\d{1,15}(?:,\d{3})*(?:\.\d{1,6})?)\s*(?P<unit>[^\d\s][^\d]{0,7})?\s*$"
)


@dataclass(frozen=True)
class Quantity:
    """A value of the form: its comparison (for a target), number and unit."""

    comparison: str
    number: Decimal
    unit: str

    def shown(self) -> str:
        sign = "" if self.comparison == EXACTLY else self.comparison
        return f"{sign}{_plain(self.number)}{self.unit}"


def read_quantity(text: str | Decimal | int) -> Quantity | None:
    """The quantity `text` writes, or None when it is none (a qualitative value)."""
    if isinstance(text, Decimal | int) and not isinstance(text, bool):
        return Quantity(EXACTLY, Decimal(text), "")
    match = _VALUE.match(str(text).replace("％", "%"))
    if match is None:
        return None
    try:
        number = Decimal(match["number"].replace(",", ""))
    except InvalidOperation:
        return None
    operator = _OPERATORS.get(match["op"] or "=", EXACTLY)
    return Quantity(operator, number, (match["unit"] or "").strip())


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
