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


def validate_partly(
    model: type[M], data: Any, source: YamlSource, rounds: int = 8
) -> tuple[M | None, list[Problem]]:
    """Like `validate`, but on errors also a model of what is left without the faulty values,
    so that the rest of the input can still be checked and every problem reported at once.

    Faulty values of mappings are removed, a round at a time (removing one can reveal
    another). Where a required value would have to go, or a list item (later items would
    move up, and problems found after would name the wrong place), there is no model.
    """
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        problems = problems_from(error, source, (), model)
        errors = error.errors()
    for _ in range(rounds):
        locations = [tuple(item["loc"]) for item in errors]
        missing = any(item["type"] == "missing" for item in errors)
        in_lists = any(not loc or any(isinstance(p, int) for p in loc) for loc in locations)
        if missing or in_lists or not locations or not isinstance(data, dict):
            return None, problems
        data = _without(data, locations)
        try:
            return model.model_validate(data), problems
        except ValidationError as error:
            errors = error.errors()
    return None, problems


def _without(data: dict[str, Any], locations: list[tuple[Any, ...]]) -> dict[str, Any]:
    """A copy of `data` without the value at each location (paths of mapping keys)."""
    import copy

    data = copy.deepcopy(data)
    for location in locations:
        parent: Any = data
        for part in location[:-1]:
            parent = parent.get(part) if isinstance(parent, dict) else None
        if isinstance(parent, dict):
            parent.pop(location[-1], None)
    return data


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
