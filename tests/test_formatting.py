"""Number, numeral and date formatting as the reports print them."""

from __future__ import annotations

import contextvars
import datetime as dt
from decimal import Decimal

import pytest

from reportgen.formatting import (
    FILTERS,
    SCORE_DECIMALS,
    circled,
    cn_date,
    cn_date_full,
    cn_index,
    cn_num,
    count,
    money,
    paren_num,
    pct,
    points,
    quantity,
    score,
    score2,
    wan,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1133025.6"), "1,133,025.60"),
        (1133025.6, "1,133,025.60"),
        (Decimal("-302356.6"), "-302,356.60"),
        (0, "0.00"),
        (Decimal("0.125"), "0.13"),
        (0.125, "0.13"),
        (Decimal("-0.125"), "-0.13"),
        (Decimal("-0.001"), "0.00"),
        (Decimal("123456789012.345"), "123,456,789,012.35"),
        ("999.995", "1,000.00"),
    ],
)
def test_money(value: object, expected: str) -> None:
    assert money(value) == expected  # type: ignore[arg-type]


def test_money_other_places_and_wan() -> None:
    assert money(Decimal("1234.5"), 0) == "1,235"
    assert wan(37767520) == "3,776.75"
    assert wan(Decimal("-302356.6")) == "-30.24"
    assert wan(59558880, 1) == "5,955.9"


def test_quantity_formats_as_the_unit_asks() -> None:
    assert quantity(Decimal("1133025.6"), "元") == "1,133,025.60"
    assert quantity(Decimal("76.25"), "%") == "76.25"
    assert quantity(Decimal("76.2549"), "%") == "76.25"
    assert quantity(95, "%") == "95"
    assert quantity(35612, "人") == "35,612"
    assert quantity(Decimal("12.5"), "人次") == "12.5"  # not a whole count: kept, not rounded
    assert quantity(539536) == "539,536"


def test_count() -> None:
    assert count(539536) == "539,536"
    assert count(Decimal("1234567.5")) == "1,234,568"
    assert count(0) == "0"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (4, "4.00"),
        (3.5, "3.50"),
        (95, "95.00"),
        (100, "100.00"),
        (Decimal("3.40"), "3.40"),
        (0.25, "0.25"),
        (Decimal("0.125"), "0.13"),
        (Decimal("2.004"), "2.00"),
        (Decimal("-0.001"), "0.00"),
        (Decimal("-1.5"), "-1.50"),
    ],
)
def test_score(value: object, expected: str) -> None:
    assert score(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(6, "6"), (2.5, "2.5"), (Decimal("0.50"), "0.5"), (Decimal("0.125"), "0.13")],
)
def test_points_are_weights_as_the_standard_states_them(value: object, expected: str) -> None:
    assert points(value) == expected  # type: ignore[arg-type]


def test_the_scenarios_decimals_hold_for_every_score_it_writes() -> None:
    def written() -> tuple[str, str]:
        SCORE_DECIMALS.set(1)
        return score(Decimal("16.25")), score2(95)

    assert contextvars.copy_context().run(written) == ("16.3", "95.0")
    assert score(Decimal("16.25")) == "16.25"  # the setting ended with its context


def test_score2_and_pct() -> None:
    assert score2(95) == "95.00"
    assert score2(Decimal("88.125")) == "88.13"
    assert pct(Decimal(29) / Decimal(32) * 100) == "90.63%"
    assert pct(Decimal("91.6666")) == "91.67%"
    assert pct(100) == "100.00%"
    assert pct(0) == "0.00%"


def test_numbers_refuse_flags_and_non_finite_values() -> None:
    with pytest.raises(TypeError):
        money(True)
    with pytest.raises(ValueError):
        money(Decimal("NaN"))
    with pytest.raises(ValueError):
        score(float("inf"))


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"), (99, "九十九")],
)
def test_cn_num(n: int, expected: str) -> None:
    assert cn_num(n) == expected


def test_cn_num_range_and_whole_numbers() -> None:
    for bad in (0, 100, -1):
        with pytest.raises(ValueError):
            cn_num(bad)
    with pytest.raises(ValueError):
        cn_num(Decimal("2.5"))
    assert cn_num(Decimal("3")) == "三"


def test_numbering() -> None:
    assert cn_index(1) == "（一）"
    assert cn_index(12) == "（十二）"
    assert [circled(n) for n in (1, 2, 10, 20)] == ["①", "②", "⑩", "⑳"]
    assert circled(21) == "(21)"
    assert paren_num(1) == "（1）"
    assert paren_num(13) == "（13）"
    with pytest.raises(ValueError):
        circled(0)


def test_dates() -> None:
    assert cn_date(dt.date(2023, 12, 1)) == "二〇二三年十二月"
    assert cn_date_full(dt.date(2023, 12, 1)) == "二〇二三年十二月一日"
    assert cn_date("2020-01-31") == "二〇二〇年一月"
    assert cn_date_full("2022-10-20") == "二〇二二年十月二十日"
    assert cn_date_full(dt.datetime(2019, 5, 30, 14, 0)) == "二〇一九年五月三十日"
    assert cn_date_full("2024-02-29T08:30:00") == "二〇二四年二月二十九日"
    with pytest.raises(ValueError):
        cn_date("2023-13-01")


def test_filters_name_every_function() -> None:
    assert set(FILTERS) == {
        "money",
        "wan",
        "count",
        "quantity",
        "score",
        "score2",
        "points",
        "pct",
        "cn_num",
        "cn_index",
        "circled",
        "paren_num",
        "cn_date",
        "cn_date_full",
    }
    assert FILTERS["money"](Decimal("1133025.6")) == "1,133,025.60"
