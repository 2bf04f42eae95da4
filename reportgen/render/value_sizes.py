"""The sizes of the values a template makes, checked against the render's budget.

One step of a template can ask for gigabytes: `'a'*10**9`, `'a'.ljust(10**9)`,
`'{:>999999999}'.format(1)`, `'%0999999999d' % 1`, `9**(9**9)`. Where a single
operator or call could make a value past the limit, its size is estimated from
its operands before it is made; every value made is measured after, which
stops a value grown a step at a time (doubled in a loop) at twice the limit.
Sizes are characters of a text and items of a list or a mapping; integers are
measured in bits.
"""

from __future__ import annotations

import math
import re
import string
import types
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import update_wrapper
from typing import Any

from jinja2.sandbox import SandboxedEscapeFormatter, SandboxedFormatter
from jinja2.utils import generate_lorem_ipsum
from markupsafe import Markup

from reportgen.render.budget import OverBudget, RenderLimits, current

SIZED = (str, bytes, bytearray, list, tuple, dict, set, frozenset)
SEQUENCES = (str, bytes, bytearray, list, tuple)
GROWING = (list, dict, set, bytearray)  # what a method call may grow in place (`extend`)
BITS_PER_DIGIT = 3.33  # a little over log2(10)
# A %-conversion: its mapping key, flags, width, precision and type.
PRINTF = re.compile(
    r"%(?:\([^)]*\))?[#0 +-]*(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d+))?[hlL]?[a-zA-Z%]"
)
NUMBER = re.compile(r"\d+")
MAX_DIGITS = 18


def size_of(value: Any) -> int:
    return len(value) if isinstance(value, SIZED) else 0


def measured(value: Any, limits: RenderLimits) -> Any:
    """The value, when it is within the limits."""
    refuse_size(size_of(value), limits)
    if type(value) is int:
        refuse_bits(value.bit_length(), limits)
    return value


def refuse_size(size: int, limits: RenderLimits) -> None:
    if size > limits.value_size:
        raise OverBudget(
            f"a value of {_amount(size)} characters or items,"
            f" over the limit of {limits.value_size:,}"
        )


def refuse_bits(bits: int | float, limits: RenderLimits) -> None:
    if bits > limits.integer_bits:
        raise OverBudget(
            f"a number of {_amount(int(bits))} bits, over the limit of {limits.integer_bits:,}"
        )


def _amount(count: int) -> str:
    """A count as a message shows it: in full, or its order of magnitude when it is huge."""
    if count < 10**18:
        return f"{count:,}"
    return f"over 10^{int((count.bit_length() - 1) / BITS_PER_DIGIT)}"


def _is_int(value: Any) -> bool:
    return isinstance(value, int)


def before_operator(symbol: str, left: Any, right: Any, limits: RenderLimits) -> None:
    """Refuse `left symbol right` when its result would be past the limits."""
    if symbol == "**":
        if _is_int(left) and _is_int(right) and right > 0 and abs(left) > 1:
            refuse_bits(_power_bits(left, right), limits)
    elif symbol == "*":
        if _is_int(left) and _is_int(right):
            refuse_bits(left.bit_length() + right.bit_length(), limits)
        elif _is_int(right) and isinstance(left, SEQUENCES):
            refuse_size(len(left) * right, limits)
        elif _is_int(left) and isinstance(right, SEQUENCES):
            refuse_size(len(right) * left, limits)
    elif symbol == "+":
        if isinstance(left, SEQUENCES) and isinstance(right, SEQUENCES):
            refuse_size(len(left) + len(right), limits)
    elif symbol == "%" and isinstance(left, str):
        refuse_size(printf_size(left, right, limits), limits)


def _power_bits(base: int, exponent: int) -> int:
    if exponent.bit_length() > 1000:  # too large for a float: at least a bit per unit
        return exponent
    return int(exponent * math.log2(abs(base))) + 1


def printf_size(template: str, arguments: Any, limits: RenderLimits) -> int:
    """At least the size of `template % arguments`: each conversion as wide as its width
    or precision, or as the widest argument."""
    if isinstance(arguments, tuple):
        values = list(arguments)
    elif isinstance(arguments, Mapping):
        values = list(arguments.values())
    else:
        values = [arguments]
    widest = max((_shown_size(v) for v in values), default=0)
    starred = max((v for v in values if _is_int(v)), default=0)
    size = len(template)
    for conversion in PRINTF.finditer(template):
        for number in (conversion["width"], conversion["precision"]):
            size += starred if number == "*" else _number(number)
        size += widest
    return size


def _shown_size(value: Any) -> int:
    """About the characters a value is written in (a Decimal written whole as an integer)."""
    if isinstance(value, Decimal):
        return abs(value.adjusted()) + len(value.as_tuple().digits) if value.is_finite() else 3
    if _is_int(value):
        return int(value.bit_length() / BITS_PER_DIGIT) + 2
    return size_of(value)


def _number(digits: str | None) -> int:
    """A width written in a template; one of many digits is not even read as a number."""
    if not digits:
        return 0
    if len(digits) > MAX_DIGITS:
        raise OverBudget(f"a width or precision of {len(digits):,} digits")
    return int(digits)


def check_format_spec(spec: str, value: Any, limits: RenderLimits) -> None:
    """Refuse a `str.format` field whose width or precision, or whose Decimal written out
    in full, is past the limit."""
    for digits in NUMBER.findall(spec):
        refuse_size(_number(digits), limits)
    if isinstance(value, Decimal):
        refuse_size(_shown_size(value), limits)


def before_call(
    function: Any, args: tuple[Any, ...], kwargs: dict[str, Any], limits: RenderLimits
) -> tuple[Any, ...]:
    """The arguments to call `function` with, once the size of what the call makes is
    estimated within the limits (an iterable to join is read into a list first)."""
    receiver = getattr(function, "__self__", None)
    if isinstance(receiver, str):
        name = getattr(function, "__name__", "")
        if name == "join" and args:
            items = args[0] if isinstance(args[0], list | tuple) else list(args[0])
            refuse_size(joined_size(receiver, items), limits)
            return (items, *args[1:])
        estimate = STRING_METHODS.get(name)
        if estimate is not None:
            refuse_size(estimate(receiver, args, kwargs), limits)
    elif function is generate_lorem_ipsum:
        paragraphs = argument(args, kwargs, 0, "n", 5)
        words = argument(args, kwargs, 3, "max", 100)
        if _is_int(paragraphs) and _is_int(words):
            refuse_size(paragraphs * words * 12, limits)  # a word and its space, within <p>
    return args


def after_call(function: Any, result: Any, limits: RenderLimits) -> Any:
    """The result, within the limits, and so the object a method grew in place."""
    receiver = getattr(function, "__self__", None)
    if isinstance(receiver, GROWING):
        refuse_size(len(receiver), limits)
    return measured(result, limits)


def joined_size(separator: str, items: list[Any] | tuple[Any, ...]) -> int:
    """At least the size of the items joined: texts at their length, anything else (numbers,
    written as text when joined) at one character, the result measured after."""
    try:
        written = sum(map(len, items))  # texts, at the speed of C
    except TypeError:
        written = len(items)
    return written + len(separator) * max(len(items) - 1, 0)


def replaced_size(text: str, old: Any, new: Any, count: Any) -> int:
    if not isinstance(old, str) or not isinstance(new, str) or len(new) <= len(old):
        return len(text)
    hits = text.count(old) if old else len(text) + 1
    if _is_int(count) and count >= 0:
        hits = min(hits, count)
    return len(text) + hits * (len(new) - len(old))


def argument(
    args: tuple[Any, ...], kwargs: dict[str, Any], index: int, name: str, default: Any
) -> Any:
    return args[index] if len(args) > index else kwargs.get(name, default)


def _widened(text: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    width = argument(args, kwargs, 0, "width", 0)
    return max(len(text), width) if _is_int(width) else len(text)


def _tabs(text: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    size = argument(args, kwargs, 0, "tabsize", 8)
    return len(text) + text.count("\t") * size if _is_int(size) else len(text)


def _translated(text: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    table = argument(args, kwargs, 0, "table", None)
    if not isinstance(table, Mapping):
        return len(text)
    return len(text) * max([1, *map(size_of, table.values())])


def _replaced(text: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    old, new = argument(args, kwargs, 0, "old", ""), argument(args, kwargs, 1, "new", "")
    return replaced_size(text, old, new, argument(args, kwargs, 2, "count", -1))


# The size of what a method of a text makes, from the text and the call's arguments.
STRING_METHODS: dict[str, Callable[[str, tuple[Any, ...], dict[str, Any]], int]] = {
    "ljust": _widened,
    "rjust": _widened,
    "center": _widened,
    "zfill": _widened,
    "expandtabs": _tabs,
    "translate": _translated,
    "replace": _replaced,
}


class _Measuring(string.Formatter):
    """A formatter that measures each field before it is formatted, and the text as it grows."""

    made = 0

    def format_field(self, value: Any, format_spec: str) -> Any:
        limits = current().limits
        check_format_spec(format_spec, value, limits)
        text = super().format_field(value, format_spec)
        self.made += len(text)
        refuse_size(self.made, limits)
        return text


class _MeasuredFormatter(_Measuring, SandboxedFormatter):
    pass


class _MeasuredEscapeFormatter(_Measuring, SandboxedEscapeFormatter):
    pass


def measured_format(method: Any, environment: Any) -> Callable[..., str] | None:
    """A text's `format` or `format_map` as the sandbox calls it, its fields measured; None
    for any other value. (Jinja's `wrap_str_format`, with a measuring formatter.)"""
    if (
        not isinstance(method, types.MethodType | types.BuiltinMethodType)
        or method.__name__ not in ("format", "format_map")
        or not isinstance(method.__self__, str)
    ):
        return None
    text = method.__self__
    formatter: _Measuring
    if isinstance(text, Markup):
        formatter = _MeasuredEscapeFormatter(environment, escape=text.escape)
    else:
        formatter = _MeasuredFormatter(environment)
    mapped = method.__name__ == "format_map"

    def format_text(*args: Any, **kwargs: Any) -> str:
        if mapped:
            if kwargs:
                raise TypeError("format_map() takes no keyword arguments")
            if len(args) != 1:
                raise TypeError(f"format_map() takes exactly one argument ({len(args)} given)")
            kwargs, args = args[0], ()
        formatter.made = 0
        return type(text)(formatter.vformat(text, args, kwargs))

    return update_wrapper(format_text, method)
