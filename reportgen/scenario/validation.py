"""Pydantic validation turned into located, readable problems."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from reportgen.errors import Problem
from reportgen.scenario.yaml_source import PathKey, YamlSource

M = TypeVar("M", bound=BaseModel)


def validate(
    model: type[M], data: Any, source: YamlSource, at: PathKey = ()
) -> tuple[M | None, list[Problem]]:
    """Validate `data` (found at path `at` of `source`); every error becomes a Problem."""
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        return None, problems_from(error, source, at, model)


def problems_from(
    error: ValidationError, source: YamlSource, at: PathKey, model: type[BaseModel] | None = None
) -> list[Problem]:
    problems = []
    for item in error.errors():
        path = (*at, *item["loc"])
        problems.append(source.problem(path, _message(item, model, path)))
    return problems


def _message(item: Any, model: type[BaseModel] | None, path: PathKey) -> str:
    kind, message = item["type"], item["msg"]
    if kind == "extra_forbidden":
        return f"unknown key {path[-1]!r}; {_known_keys(model, item['loc'])}"
    if kind == "missing":
        return "required, but missing"
    if kind == "value_error":
        return message.removeprefix("Value error, ")
    got = item.get("input")
    if kind.endswith("_type") and got is not None:
        return f"{message.lower()}, got {_describe(got)}"
    return message


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f'text "{value}"' if len(value) < 40 else "text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _known_keys(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> str:
    """The keys allowed where an unknown one was found, walking the model along `loc`."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int) or current is None:
            continue
        field = getattr(current, "model_fields", {}).get(part)
        current = _model_of(field.annotation) if field else None
    fields = getattr(current, "model_fields", None)
    return f"expected one of: {', '.join(fields)}" if fields else "not allowed here"


def _model_of(annotation: Any) -> Any:
    """The BaseModel inside list[X], X | None, dict[str, X]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_of(arg)
        if found is not None:
            return found
    return None
