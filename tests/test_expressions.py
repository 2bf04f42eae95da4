"""The safe expression evaluator: Decimal arithmetic, lookups, derived values and refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgen.expressions import (
    DataEvaluator,
    ExpressionError,
    names_in,
    parse_expression,
    resolve_derived,
)

BENXI = {
    "居民大病": {"保费收入": 37767520, "赔款支出": 35202137.32, "实际列支成本": 1734713.68},
    "职工": {"保费收入": 59558880, "赔款支出": 53417575.5, "实际列支成本": 6141304.5},
    "未进行成本监控": False,
    "地区": "本溪",
}
BENXI_FORMULAS = {
    "居民大病": {
        "盈亏": "保费收入 - 赔款支出 - 实际列支成本 - 协议约定利润",
        "协议约定利润": "保费收入 * 0.03",
    }
}


def evaluate(text: str, data: dict | None = None, scope: str | None = None):
    return DataEvaluator(BENXI if data is None else data, scope)(text)


def test_benxi_agreed_profit_is_exact() -> None:
    result = evaluate("保费收入 * 0.03", scope="居民大病")
    assert result == Decimal("1133025.60")
    assert str(result) == "1133025.60"


def test_benxi_profit_and_loss_from_chained_formulas() -> None:
    derived = resolve_derived(BENXI, BENXI_FORMULAS)
    assert derived["居民大病"]["协议约定利润"] == Decimal("1133025.60")
    assert derived["居民大病"]["盈亏"] == Decimal("-302356.60")
    assert derived["居民大病"]["保费收入"] == 37767520
    assert derived["地区"] == "本溪"


def test_employee_table_breaks_even() -> None:
    assert evaluate("保费收入 - 赔款支出 - 实际列支成本", scope="职工") == 0
    assert evaluate("59558880 - 53417575.5 - 6141304.5") == Decimal(0)


def test_literals_and_float_data_are_exact_decimals() -> None:
    assert evaluate("0.03") == Decimal("0.03")
    assert evaluate("0.1 + 0.2") == Decimal("0.3")
    assert evaluate("a + b", {"a": 0.1, "b": 0.2}) == Decimal("0.3")
    assert evaluate("1_000.5 * 2") == Decimal("2001.0")
    assert evaluate("-0.5 + +1") == Decimal("0.5")


def test_result_types() -> None:
    data = {"t": {"flag": True, "name": "本溪", "scores": (1, 2.5)}}
    assert evaluate("t.flag", data) is True
    assert evaluate("t.name", data) == "本溪"
    assert evaluate("t.scores", data) == [Decimal(1), Decimal("2.5")]
    assert evaluate("[1, t.name]", data) == [Decimal(1), "本溪"]


def test_scope_allows_unqualified_names_and_qualified_anywhere() -> None:
    assert evaluate("保费收入 - 职工.保费收入", scope="居民大病") == Decimal(37767520 - 59558880)
    assert evaluate("地区", scope="居民大病") == "本溪"
    with pytest.raises(ExpressionError, match='unknown name "保费收入"'):
        evaluate("保费收入")


def test_scope_key_wins_over_top_level_name() -> None:
    data = {"t": {"x": 1}, "x": 2}
    assert evaluate("x", data, scope="t") == 1
    assert evaluate("x", data) == 2


def test_with_scope_returns_a_new_evaluator() -> None:
    base = DataEvaluator(BENXI)
    scoped = base.with_scope("职工")
    assert scoped("保费收入") == 59558880
    assert base.scope is None
    assert scoped.with_scope(None).scope is None
    with pytest.raises(ExpressionError, match=r'unknown table "职" .*did you mean 职工'):
        base.with_scope("职")


def test_chained_formulas_across_tables_in_any_order() -> None:
    values = {"甲": {"a": 2}, "乙": {"b": 10}}
    formulas = {"甲": {"d": "c * 2", "c": "a + 乙.e"}, "乙": {"e": "b / 4"}}
    derived = resolve_derived(values, formulas)
    assert derived["乙"]["e"] == Decimal("2.5")
    assert derived["甲"]["c"] == Decimal("4.5")
    assert derived["甲"]["d"] == Decimal("9.0")


def test_formula_table_may_have_no_given_values() -> None:
    derived = resolve_derived({"t": {"a": 3}}, {"new": {"x": "t.a * 2"}})
    assert derived["new"] == {"x": Decimal(6)}


def test_cycle_is_named() -> None:
    formulas = {"居民大病": {"a": "b + 1", "b": "a * 2"}}
    with pytest.raises(ExpressionError, match=r"居民大病\.a -> 居民大病\.b -> 居民大病\.a"):
        resolve_derived({"居民大病": {}}, formulas)


def test_self_reference_is_a_cycle() -> None:
    with pytest.raises(ExpressionError, match=r"居民大病\.a -> 居民大病\.a"):
        resolve_derived({"居民大病": {"a": 1}}, {"居民大病": {"a": "a + 1"}})


def test_unknown_name_suggests_the_close_match() -> None:
    with pytest.raises(ExpressionError) as caught:
        evaluate("保费收 * 0.03", scope="居民大病")
    assert str(caught.value) == 'unknown name "保费收" in "保费收 * 0.03"; did you mean 保费收入?'


def test_unknown_formula_name_lists_the_table_and_names_the_formula() -> None:
    with pytest.raises(ExpressionError) as caught:
        resolve_derived(BENXI, {"居民大病": {"x": "管理费用 * 2"}})
    message = str(caught.value)
    assert message.startswith('居民大病.x: unknown name "管理费用" in "管理费用 * 2"')
    assert "known names: 保费收入, 赔款支出, 实际列支成本, x" in message


def test_first_bad_formula_is_reported() -> None:
    formulas = {"居民大病": {"good": "保费收入 * 2", "first": "保费收入 // 2", "second": "1 +"}}
    with pytest.raises(ExpressionError, match=r"^居民大病\.first: unsupported operator //"):
        resolve_derived(BENXI, formulas)


def test_error_in_a_dependency_names_the_dependency() -> None:
    formulas = {"t": {"a": "b * 2", "b": "1 / z"}}
    with pytest.raises(ExpressionError, match=r'^t\.b: division by zero \(z is 0\) in "1 / z"'):
        resolve_derived({"t": {"z": 0}}, formulas)


REFUSED = [
    "__import__('os')",
    "().__class__",
    "x.__class__",
    "_secret",
    "[x for x in y]",
    "(x for x in y)",
    "lambda: 1",
    "a[0]",
    "open('f')",
    "a.b()",
    "round(1.5, ndigits=1)",
    "max(*a)",
    "{1: 2}",
    "(1, 2)",
    "f'{a}'",
    "(a := 1)",
    "a // 2",
    "a % 2",
    "a in [1]",
    "a is None",
    "None",
    "2 ** a",
    "2 ** 11",
    "9 ** 9 ** 9",
    "1j",
]


@pytest.mark.parametrize("text", REFUSED)
def test_refused_constructs(text: str) -> None:
    with pytest.raises(ExpressionError, match="unsupported") as caught:
        parse_expression(text)
    assert f'in "{text}"' in str(caught.value)
    with pytest.raises(ExpressionError):
        evaluate(text, {"a": 1, "x": 1, "y": [1]})


def test_unsupported_message_lists_what_is_allowed() -> None:
    with pytest.raises(ExpressionError, match=r"allowed: .*abs len max min round sum"):
        parse_expression("lambda: 1")
    with pytest.raises(ExpressionError, match="allowed functions: abs, len, max, min, round, sum"):
        parse_expression("open('f')")


def test_syntax_error_and_overlong_input() -> None:
    with pytest.raises(ExpressionError, match=r'syntax error .* in "保费收入 \*"'):
        parse_expression("保费收入 *")
    with pytest.raises(ExpressionError, match="too long"):
        parse_expression("1 + " * 130 + "1")
    with pytest.raises(ExpressionError, match="nested"):
        parse_expression("-" * 100 + "1")


def test_division_by_zero() -> None:
    with pytest.raises(ExpressionError, match=r'division by zero .*in "赔款支出 / 保费收入"'):
        evaluate("赔款支出 / 保费收入", {"赔款支出": 1, "保费收入": 0})
    with pytest.raises(ExpressionError, match='division by zero in "1 / 0"'):
        evaluate("1 / 0")


def test_number_out_of_range() -> None:
    with pytest.raises(ExpressionError, match="out of range"):
        evaluate("1e999999 * 1e999999")


def test_round_is_half_up() -> None:
    assert evaluate("round(90.625, 2)") == Decimal("90.63")
    assert evaluate("round(2.5)") == Decimal(3)
    assert evaluate("round(-2.5)") == Decimal(-3)
    assert evaluate("round(x, 1)", {"x": 0.25}) == Decimal("0.3")
    with pytest.raises(ExpressionError, match="round"):
        evaluate("round(1, 0.5)")


def test_functions_over_a_list_column() -> None:
    data = {"t": {"分数": [3, 1.5, 4], "空": []}}
    assert evaluate("min(t.分数)", data) == Decimal("1.5")
    assert evaluate("max(t.分数)", data) == 4
    assert evaluate("sum(t.分数)", data) == Decimal("8.5")
    assert evaluate("len(t.分数)", data) == 3
    assert evaluate("sum(t.空)", data) == 0
    assert evaluate("max(1, 2, 3) - abs(-2)", data) == 1
    with pytest.raises(ExpressionError, match=r"min\(\) needs at least one number"):
        evaluate("min(t.空)", data)


def test_boolean_conditions() -> None:
    data = resolve_derived(BENXI, BENXI_FORMULAS)
    assert evaluate("居民大病.盈亏 < 0 and not 未进行成本监控", data) is True
    assert evaluate("居民大病.盈亏 >= 0 or 未进行成本监控", data) is False
    assert evaluate("-1 < 居民大病.盈亏 < 0", data) is False
    assert evaluate('地区 == "本溪" and 地区 != "沈阳"', data) is True
    assert evaluate('"盈" if 居民大病.盈亏 > 0 else "亏"', data) == "亏"
    assert evaluate("(1 + 0.1) ** 2") == Decimal("1.21")


def test_short_circuit_skips_the_unsafe_branch() -> None:
    data = {"a": 5, "b": 0}
    assert evaluate("b != 0 and a / b > 1", data) is False
    assert evaluate("0 if b == 0 else a / b", data) == 0


def test_mixed_types_are_refused() -> None:
    with pytest.raises(ExpressionError, match=r'cannot compare 1 with text "本溪"'):
        evaluate("1 == 地区")
    with pytest.raises(ExpressionError, match=r"\+ needs two numbers"):
        evaluate('地区 + "市"')
    with pytest.raises(ExpressionError, match="is a table"):
        evaluate("职工 * 2")


def test_names_in() -> None:
    assert names_in("保费收入 * 0.03 + 职工.服务费") == {"保费收入", "职工.服务费"}
    assert names_in("round(max(a, b.c), 2) if d else 0") == {"a", "b.c", "d"}
    with pytest.raises(ExpressionError):
        names_in("a[0]")


money = st.decimals(min_value=-(10**12), max_value=10**12, places=2)


@given(a=money, b=money)
def test_addition_matches_decimal(a: Decimal, b: Decimal) -> None:
    assert evaluate("a + b", {"a": a, "b": b}) == a + b
    assert evaluate(f"{a} - ({b})") == a - b
