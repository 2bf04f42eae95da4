"""Decimal arithmetic with the rounding Chinese reports use (四舍五入, half-up)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)


MAX_DIGITS = 18  # before the decimal point: 10^18 元 is beyond any budget
MAX_DECIMALS = 12


def number_problem(value: Decimal) -> str | None:
    """Why `value` cannot be a score, amount or count (infinite, 1.0e+999999999), or None."""
    if not value.is_finite():
        return "is not a finite number"
    if value and value.adjusted() >= MAX_DIGITS:
        return f"is too large (at most {MAX_DIGITS} digits)"
    if value and value.adjusted() < -MAX_DECIMALS:
        return f"is too small (more than {MAX_DECIMALS} decimals)"
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2 * MAX_DECIMALS:
        return f"has more than {2 * MAX_DECIMALS} decimals"
    return None


def to_decimal(value: int | float | str | Decimal) -> Decimal:
    """A Decimal from a number, going through str for floats so 0.1 stays 0.1."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Round half-up: 90.625 → 90.63, where Python's round() would give 90.62."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def percent(part: Decimal, whole: Decimal, places: int = 2) -> Decimal:
    """part/whole as a percentage rounded half-up: 29/32 → 90.63."""
    if whole == 0:
        return Decimal(0).quantize(Decimal(1).scaleb(-places))
    return round_half_up(part * HUNDRED / whole, places)


def clamp(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    return max(low, min(high, value))


def plain(value: Decimal) -> str:
    """A score as people write it: 4, 3.5, 0.25 (no trailing zeros, no exponent)."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text
