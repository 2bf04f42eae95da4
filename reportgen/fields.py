"""Field types shared by the scenario model and the rule parameters."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, WithJsonSchema


def _number_only(value: Any) -> Any:
    """Refuse numbers written as text ("6") and booleans: a weight is a number."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        shown = f'text "{value}"' if isinstance(value, str) else type(value).__name__
        raise ValueError(f"expected a number, got {shown}")
    return value


Number = Annotated[Decimal, BeforeValidator(_number_only), WithJsonSchema({"type": "number"})]
"""A Decimal written as a YAML number, never as text."""

Weight = Annotated[Number, Field(ge=0)]
"""A weight or score: a number, not negative."""
