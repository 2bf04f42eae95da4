"""The scoring rule types. Importing this package registers every one of them."""

from reportgen.rules import (
    bonus,  # noqa: F401
    budget_execution,  # noqa: F401
    checkpoints,  # noqa: F401
    completion,  # noqa: F401
    conditions,  # noqa: F401
    deduct_per_item,  # noqa: F401
    gates,  # noqa: F401
    judgement,  # noqa: F401
    occurrences,  # noqa: F401
    penalty,  # noqa: F401
    qualitative,  # noqa: F401
    threshold,  # noqa: F401
    tiers,  # noqa: F401
)
from reportgen.rules.base import REGISTRY, Rule, known_rules

__all__ = ["REGISTRY", "Rule", "get_rule", "known_rules"]


def get_rule(name: str) -> type[Rule]:
    """The rule type registered as `name`; KeyError lists the known ones."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown rule {name!r}; known rules: {', '.join(known_rules())}") from None
