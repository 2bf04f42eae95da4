"""Safe expressions over scenario data: derived values and conditions.

Scenario files are written by consultants, passed around by e-mail and copied
between projects, so an expression in one must never be able to run code, read
files or exhaust memory. Nothing here calls eval, exec or compile: the text is
parsed with `ast.parse(mode="eval")` and the tree is walked by hand, accepting
only the constructs listed in `ALLOWED`. Anything else is refused with an
`ExpressionError` whose message names the expression and the problem.

    居民大病.协议约定利润 = 保费收入 * 0.03
    居民大病.盈亏 = 保费收入 - 赔款支出 - 实际列支成本 - 协议约定利润
    condition: 居民大病.盈亏 < 0 and not 未进行成本监控

Numbers are Decimal throughout: literals are built from their source text (0.03
is exactly three hundredths), data floats go through repr, and arithmetic uses
28 significant digits. round(x, n) rounds half-up (四舍五入) as Chinese reports
do. Power (**) is allowed only with a literal whole-number exponent from 0 to
10, so `(1 + 增长率) ** 2` works and `9 ** 9 ** 9` cannot run away.

A name is looked up in the scope table first (the formula's own table), then
among the top-level names; `table.key` reads a key of any table. In
`resolve_derived` a formula replaces a given value of the same key.
"""

from reportgen.expressions.derived import resolve_derived
from reportgen.expressions.evaluator import DataEvaluator
from reportgen.expressions.grammar import ALLOWED, ExpressionError, names_in, parse_expression

__all__ = [
    "ALLOWED",
    "DataEvaluator",
    "ExpressionError",
    "names_in",
    "parse_expression",
    "resolve_derived",
]
