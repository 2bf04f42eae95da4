"""Numbers, numerals and dates as a Chinese evaluation report writes them.

Everything rounds half-up (四舍五入) through Decimal, so a figure in the text
matches the same figure in a table and in the scoring workbook. Floats are
accepted but go through their shortest repr, so 0.125 stays 0.125 and rounds
to 0.13. The same functions are the Jinja filters templates use.

Scores follow one display setting, the scenario's (or its framework's)
`score_decimals` (2 unless set, 95.00 as seed 004 writes its total): every
得分 in a table, a sentence, a workbook or a message is written with exactly
that many decimals. Weights (分值, 满分) are points as the standard states them
(`points`: 6, 0.5), and rates keep their own decimals (`pct`).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
from collections.abc import Callable, Sized
from decimal import Decimal
from typing import Any, TypeVar

from reportgen.numbers import plain, round_half_up, to_decimal

__all__ = [
    "FILTERS",
    "Number",
    "circled",
    "cn_date",
    "cn_date_full",
    "cn_index",
    "cn_num",
    "count",
    "money",
    "paren_num",
    "pct",
    "points",
    "quantity",
    "score",
    "score2",
    "wan",
]

Number = Decimal | int | float | str

DEFAULT_SCORE_DECIMALS = 2
# The decimals of every score written while a scenario is built, checked or scored; the
# loader sets it from the scenario, and each build runs in a context of its own.
SCORE_DECIMALS: contextvars.ContextVar[int] = contextvars.ContextVar(
    "score_decimals", default=DEFAULT_SCORE_DECIMALS
)

TEN_THOUSAND = Decimal(10000)
_CN_DIGITS = "〇一二三四五六七八九"
_CIRCLED_FIRST = 0x2460  # ①; ⑳ is the last circled number in common fonts


def _decimal(value: Number) -> Decimal:
    """A finite Decimal; booleans are refused so a flag never prints as 1.00."""
    if isinstance(value, bool):
        raise TypeError(f"expected a number, got {value!r}")
    number = to_decimal(value)
    if not number.is_finite():
        raise ValueError(f"expected a finite number, got {value!r}")
    return number


def _rounded(value: Number, places: int) -> Decimal:
    """Half-up rounding with -0.00 turned into 0.00 (a report never shows negative zero)."""
    number = round_half_up(_decimal(value), places)
    return number.copy_abs() if number == 0 else number


def _whole(value: Number) -> int:
    """An integer for numbering; 3.0 is fine, 3.5 is a mistake worth an error."""
    number = _decimal(value)
    if number != number.to_integral_value():
        raise ValueError(f"expected a whole number, got {value!r}")
    return int(number)


def _remembered(function: Callable[[Number], str]) -> Callable[[Number], str]:
    """A formatter that remembers its results: a report writes the same few scores hundreds
    of times. Values it cannot remember (unhashable ones) get the plain call and its message."""
    cached = functools.lru_cache(maxsize=4096, typed=True)(function)

    @functools.wraps(function)
    def format_value(value: Number) -> str:
        try:
            return cached(value)
        except TypeError:
            return function(value)

    return format_value


def money(value: Number, places: int = 2) -> str:
    """Amounts with thousands separators: 1133025.6 → 1,133,025.60."""
    return f"{_rounded(value, places):,f}"


def wan(value: Number, places: int = 2) -> str:
    """An amount in 元 shown in 万元: 37767520 → 3,776.75."""
    return money(_decimal(value) / TEN_THOUSAND, places)


def count(value: Any) -> Any:
    """Counts (people, claims) with thousands separators: 539536 → 539,536.

    On a list or a mapping it keeps the meaning of Jinja's own `count` (their
    length), so a template written for docxtpl renders the same.
    """
    if isinstance(value, Sized) and not isinstance(value, str):
        return len(value)
    return money(value, 0)


PERCENT_UNITS = ("%", "％")
MONEY_UNITS = ("元", "万元", "千元", "百万元", "亿元")


def quantity(value: Number, unit: str = "") -> str:
    """A value as its unit asks: money (元, 万元 …) with two decimals, a rate (%) with its
    own decimals up to two, anything counted (人, 人次, 家 …) whole, with thousands
    separators; a counted value that is not whole keeps its decimals."""
    unit = (unit or "").strip()
    if unit in MONEY_UNITS:
        return money(value)
    number = _decimal(value)
    if unit in PERCENT_UNITS or number != number.to_integral_value():
        places = min(2, max(0, -int(number.normalize().as_tuple().exponent)))
        return f"{_rounded(number, places):,f}"
    return money(number, 0)


F = TypeVar("F", bound=Callable[..., Any])


def own_display(function: F) -> F:
    """`function` run in a copy of the context: the display setting the scenario it loads
    sets ends with it, and the next scenario starts from the default."""

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        return contextvars.copy_context().run(function, *args, **kwargs)

    return run  # type: ignore[return-value]


def score(value: Number) -> str:
    """A score with the scenario's decimals (SCORE_DECIMALS): 95 → 95.00, 16.5 → 16.50."""
    return _score(value, SCORE_DECIMALS.get())


score2 = score  # the name templates written for two-decimal columns use


@functools.lru_cache(maxsize=4096)
def _fixed(value: Decimal, places: int) -> str:
    rounded = _rounded(value, places)
    return f"{rounded if rounded else abs(rounded):f}"  # never −0.00


def _score(value: Number, places: int) -> str:
    return _fixed(_decimal(value), places)


@_remembered
def points(value: Number) -> str:
    """Points as a standard states them, without trailing zeros: 6, 2.5, 0.25 (分值, 满分)."""
    return plain(_rounded(value, 2))


@_remembered
def pct(value: Number) -> str:
    """A value already in percent units: 91.6666 → 91.67%."""
    return f"{_rounded(value, 2):f}%"


def cn_num(value: Number) -> str:
    """Chinese numerals for headings and counts in prose, 1–99: 11 → 十一, 20 → 二十."""
    n = _whole(value)
    if not 1 <= n <= 99:
        raise ValueError(f"Chinese numerals cover 1–99, got {n}")
    tens, units = divmod(n, 10)
    if tens == 0:
        return _CN_DIGITS[units]
    head = "" if tens == 1 else _CN_DIGITS[tens]
    return head + "十" + (_CN_DIGITS[units] if units else "")


def cn_index(value: Number) -> str:
    """Second-level numbering: （一）."""
    return f"（{cn_num(value)}）"


def circled(value: Number) -> str:
    """Points in 评价要点: ① to ⑳, then (21) where fonts have no circled glyph."""
    n = _whole(value)
    if n < 1:
        raise ValueError(f"circled numbers start at 1, got {n}")
    return chr(_CIRCLED_FIRST + n - 1) if n <= 20 else f"({n})"


def paren_num(value: Number) -> str:
    """Fourth-level numbering: （1）."""
    n = _whole(value)
    if n < 1:
        raise ValueError(f"numbering starts at 1, got {n}")
    return f"（{n}）"


def _as_date(value: dt.date | str) -> dt.date:
    """A date from a date, a datetime or an ISO string (as YAML or a form may give it)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return dt.datetime.fromisoformat(text).date()


def cn_date(value: dt.date | str) -> str:
    """The date on a report cover: 二〇二三年十二月."""
    day = _as_date(value)
    year = "".join(_CN_DIGITS[int(digit)] for digit in str(day.year))
    return f"{year}年{cn_num(day.month)}月"


def cn_date_full(value: dt.date | str) -> str:
    """A date with its day, for signatures and letters: 二〇二三年十二月一日."""
    day = _as_date(value)
    return f"{cn_date(day)}{cn_num(day.day)}日"


FILTERS: dict[str, Callable[..., Any]] = {
    "money": money,
    "wan": wan,
    "count": count,
    "quantity": quantity,
    "score": score,
    "score2": score2,
    "points": points,
    "pct": pct,
    "cn_num": cn_num,
    "cn_index": cn_index,
    "circled": circled,
    "paren_num": paren_num,
    "cn_date": cn_date,
    "cn_date_full": cn_date_full,
}
