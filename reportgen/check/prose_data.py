"""Data values in the prose against the data tables.

- RG406 (error): a number written right after a data item's name (保费收入
  3,520.21万元) agrees with no table's value of that item — seed 004 writes
  保费收入3,520.21万元 where the data gives 3,776.75万元.
- RG407 (error): the number is the value off by 10,000× — a 元/万元 slip
  (seed 004: 保费收入59,558,880万元 for 59,558,880元).

An item is named by its key or label; a number agrees when it equals the
value (or its absolute value: 亏损30.24万元 for a 盈亏 of −302,356.60元) in
the unit written (元, 万元, 亿元, 人, 万人…) at the decimals written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from reportgen.check.context import CheckInput, at, text_line
from reportgen.check.findings import Code, Finding, define
from reportgen.check.prose import NUMBER, decimals, number, sentences, texts
from reportgen.numbers import round_half_up

MISMATCH = define("RG406", "error", "a data value in the prose differs from the data", __name__)
UNIT_SLIP = define(
    "RG407", "error", "a data value in the prose is off by 10,000× (元/万元)", __name__
)

CONNECTOR = r"(?:为|是|达到|达|共计|共|合计|约|：|:)?"
UNIT = r"(亿元|万元|元|万人次|万人|人次|人|次|户|%)?"
SCALES = {"亿": Decimal(10) ** 8, "万": Decimal(10) ** 4}
ALIASES = {"盈亏": ("亏损", "结余")}  # how prose names a signed balance
TEN_THOUSAND = Decimal(10) ** 4


@dataclass(frozen=True)
class Item:
    """One data value a name in the prose may refer to."""

    where: str  # 居民大病.保费收入
    value: Decimal
    unit: str


def check(target: CheckInput) -> list[Finding]:
    items = _items(target)
    if not items:
        return []
    pattern = re.compile(
        "("
        + "|".join(re.escape(n) for n in sorted(items, key=len, reverse=True))
        + ")"
        + CONNECTOR
        + NUMBER
        + UNIT
    )
    findings = []
    for text in texts(target):
        for sentence in sentences(text.text):
            for match in pattern.finditer(sentence.text):
                finding = _compare(match, items[match.group(1)])
                if finding is None:
                    continue
                code, message, hint = finding
                offset = sentence.start + match.start()
                line = text_line(target.source, text.path, text.text, offset)
                findings.append(at(code, target.source, text.path, message, hint, line=line))
    return findings


def _items(target: CheckInput) -> dict[str, list[Item]]:
    """Every name a data value goes by (key, label, alias) → the values it may mean."""
    found: dict[str, list[Item]] = {}
    if target.loaded is None:
        return found
    for name, table in target.loaded.tables.items():
        for item in table.items:
            value = table.values.get(item.key)
            if value is None:
                continue
            entry = Item(f"{name}.{item.key}", value, item.unit or table.table.unit)
            for word in {item.key, item.label, *ALIASES.get(item.key, ())} - {""}:
                if len(word) >= 2:
                    found.setdefault(word, []).append(entry)
    return found


def _compare(match: re.Match[str], items: list[Item]) -> tuple[Code, str, str] | None:
    written, unit = match.group(2), match.group(3) or ""
    stated = number(written)
    scale = SCALES.get(unit[:1], Decimal(1)) if len(unit) > 1 else Decimal(1)
    comparable = [i for i in items if _same_unit(unit, i.unit)]
    if not comparable or any(_shown(i.value, scale, written) == stated for i in comparable):
        return None
    for factor in (TEN_THOUSAND, 1 / TEN_THOUSAND):
        slipped = [i for i in comparable if _shown(i.value * factor, scale, written) == stated]
        if slipped:
            item = slipped[0]
            hint = f"the data gives {item.where} = {abs(item.value):,}{item.unit}"
            return (UNIT_SLIP, f"{match.group(0)} is off by 10,000× (元/万元)", hint)
    closest = min(comparable, key=lambda i: abs(abs(i.value) / scale - stated))
    hint = f"the data gives {closest.where} = {_shown(closest.value, scale, written):,}{unit}"
    return (MISMATCH, f"the prose says {match.group(0)}, which no data value gives", hint)


def _shown(value: Decimal, scale: Decimal, written: str) -> Decimal:
    """The value as the prose would write it: in its unit, at its decimals."""
    return round_half_up(abs(value) / scale, decimals(written))


def _same_unit(written: str, item_unit: str) -> bool:
    """Whether a unit in the prose can measure the item (万元 and 元, 万人 and 人…)."""
    if not written or not item_unit:
        return True
    base = written[1:] if written[:1] in SCALES and len(written) > 1 else written
    return base == item_unit
