"""What every scoring rule is, and the registry that finds one by name.

A rule turns its parameters (from the indicator system) and the findings (from
the evaluation) into a score and the reasons for every lost point. Each rule
type is a small class whose docstring is its documentation: the first line is
the summary `reportgen rules` lists, the rest quotes the seed rules it covers.
Its reason templates sit beside it in `reasons`, so the wording of 扣分原因 is
declared once and only filled in here.
"""

from __future__ import annotations

import inspect
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar, Protocol

from pydantic import BaseModel, ConfigDict

from reportgen.expressions import ExpressionError
from reportgen.formatting import score
from reportgen.numbers import plain

Evaluator = Callable[[str], Any]
"""Evaluates a safe expression over the scenario's data (see reportgen.expressions)."""


class Strict(BaseModel):
    """Base of every rule's parameter and findings model: unknown keys are refused."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class NoFindings(Strict):
    """For rules that need nothing beyond the common findings."""


@dataclass(frozen=True)
class RuleContext:
    """What a rule may know besides its parameters and findings."""

    weight: Decimal
    evaluate: Evaluator = field(default=lambda expression: no_data(expression))


def no_data(expression: str) -> Any:
    """The evaluator when there is no scenario data: every expression is refused."""
    raise ExpressionError(f"no scenario data to evaluate {expression!r}")


@dataclass(frozen=True)
class Refusal:
    """Something a rule cannot apply, found before scoring, with the field it is about.

    `path` leads into the findings, or into the rule's parameters when
    `in_params` (a `when` expression that does not parse, or names no data).
    """

    message: str
    path: tuple[str | int, ...] = ()
    in_params: bool = False


@dataclass(frozen=True)
class RuleResult:
    """A rule's verdict: the score before clamping, and why points were lost or won."""

    score: Decimal
    reasons: tuple[str, ...] = ()


class Rule(ABC):
    """Base class of the rule types. Subclasses set the class attributes below."""

    name: ClassVar[str]
    Params: ClassVar[type[Strict]]
    Findings: ClassVar[type[Strict]] = NoFindings
    reasons: ClassVar[dict[str, str]] = {}
    # A bonus or penalty item is not bounded by a weight of the scale; its
    # `weight` is its cap, and a penalty counts against the total.
    kind: ClassVar[str] = "scored"  # "scored" | "bonus" | "penalty"

    @abstractmethod
    def score(self, params: Any, findings: Any, context: RuleContext) -> RuleResult:
        """The score (before the scorer clamps it to the weight) and its reasons.

        Called only with findings `check` accepted: anything raised here is a bug.
        """

    def check(self, params: Any, findings: Any, context: RuleContext) -> list[Refusal]:
        """What in the findings (or in the parameters' expressions over the data) this rule
        cannot apply; the loader runs it for every leaf before anything is scored."""
        return []

    def achievable(self, params: Any, weight: Decimal) -> frozenset[Decimal] | None:
        """Every score this rule can give with these parameters, or None when any in range can.

        Used to check a score an assessor recorded directly (an office's workbook).
        """
        return None

    @classmethod
    def reason(cls, key: str, **values: Any) -> str:
        """Fill the reason template `key`. A `score` the rule computed is written with the
        scenario's decimals (formatting.score); every other number as the standard writes it
        (扣3分, 少得2分)."""
        shown = {
            k: (score(v) if k == "score" else plain(v)) if isinstance(v, Decimal) else v
            for k, v in values.items()
        }
        return cls.reasons[key].format(**shown)

    @classmethod
    def summary(cls) -> str:
        return (inspect.getdoc(cls) or "").splitlines()[0]

    @classmethod
    def documentation(cls) -> str:
        return inspect.getdoc(cls) or ""


class FindingsError(ValueError):
    """Findings that do not fit the rule's parameters (an unknown checkpoint, say)."""


def clause(text: str) -> str:
    """A consultant's words ready to stand in a sentence: stripped, no closing punctuation."""
    return text.strip().rstrip("。；;，,")


def lead_in(note: str) -> str:
    """A consultant's note ready to precede a clause: stripped, ending in a comma."""
    note = clause(note)
    return f"{note}，" if note else ""


def repeated(values: Iterable[str]) -> list[str]:
    """The values that occur more than once, sorted."""
    seen = list(values)
    return sorted({value for value in seen if seen.count(value) > 1})


def unique(values: Iterable[str], what: str) -> None:
    """Refuse repeated values; `what` names them in the error (e.g. "checkpoint ids")."""
    duplicates = repeated(values)
    if duplicates:
        raise ValueError(f"{what} must be unique, repeated: {', '.join(duplicates)}")


def unknown_names(
    what: str, given: Iterable[tuple[tuple[str | int, ...], str]], known: Iterable[str]
) -> list[Refusal]:
    """A refusal for each finding (its path, the name it gives) that names an unknown `what`
    (e.g. "checkpoint"), listing the known ones."""
    names = list(known)
    return [
        Refusal(f"unknown {what} {name}; known: {', '.join(names)}", path)
        for path, name in given
        if name not in names
    ]


def expression_refusal(
    expression: str, path: tuple[str | int, ...], evaluate: Evaluator, expected: type
) -> list[Refusal]:
    """A refusal (in the parameters, at `path`) when `expression` fails over the data or gives
    no `expected` (bool, or Decimal for a number)."""
    try:
        result = evaluate(expression)
    except ExpressionError as error:  # the user's expression or data, never a bug
        return [Refusal(str(error), path, in_params=True)]
    if expected is bool:
        fits, kind = isinstance(result, bool), "true or false"
    else:
        fits = isinstance(result, int | Decimal) and not isinstance(result, bool)
        kind = "a number"
    if not fits:
        return [Refusal(f"{expression!r} gives {result!r}, not {kind}", path, in_params=True)]
    return []


class Item(Protocol):
    """One itemised adjustment: what it is for and how many points it is worth."""

    @property
    def text(self) -> str: ...

    @property
    def points(self) -> Decimal: ...


def itemised(
    rule: type[Rule], key: str, items: Sequence[Item], cap: Decimal
) -> tuple[Decimal, list[str]]:
    """The sum of the items' points, with one reason per item and one when it exceeds `cap`.

    `rule` must declare the reason templates `key` (with text and points) and "capped".
    """
    total = sum((item.points for item in items), Decimal(0))
    reasons = [rule.reason(key, text=item.text, points=item.points) for item in items]
    if total > cap:
        reasons.append(rule.reason("capped", total=total, cap=cap))
    return total, reasons


REGISTRY: dict[str, type[Rule]] = {}


def register(rule: type[Rule]) -> type[Rule]:
    """Class decorator: register a rule type under its name, refusing duplicates."""
    if rule.name in REGISTRY:
        raise ValueError(f"rule type {rule.name!r} is registered twice")
    if not inspect.getdoc(rule) or inspect.getdoc(rule) == inspect.getdoc(Rule):
        raise ValueError(f"rule type {rule.name!r} has no docstring")
    REGISTRY[rule.name] = rule
    return rule


def known_rules() -> list[str]:
    return sorted(REGISTRY)


def subset_sums(weight: Decimal, parts: Sequence[Decimal], *, earned: bool) -> frozenset[Decimal]:
    """Scores from any subset of `parts` earned (points met) or deducted (conditions held).

    Results are clamped to [0, weight], as the leaf clamps them.
    """
    sums = {Decimal(0)}
    for part in parts:
        sums |= {s + part for s in sums}
    scores = sums if earned else {weight - s for s in sums}
    return frozenset(max(Decimal(0), min(weight, s)) for s in scores)
