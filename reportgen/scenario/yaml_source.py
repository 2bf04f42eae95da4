"""Safe YAML loading that remembers where every value was written.

Scenario errors must name the file and the line, so the loader keeps a map
from each value's path (("indicators", 2, "weight")) to its line. Floats are
read as Decimal straight from the text, so 35202137.32 is exactly that, and
a key written twice in one mapping is an error rather than silently lost.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from reportgen.errors import Problem, ReportgenError, display_path

PathKey = tuple[str | int, ...]

# libyaml's parser when PyYAML was built with it: the same nodes and marks, much faster.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class YamlSource:
    """A parsed YAML file: its data, and the line of every path within it."""

    file: Path
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)

    @functools.cached_property
    def name(self) -> str:
        return display_path(self.file)

    def line_of(self, path: PathKey) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None

    def problem(self, path: PathKey, message: str) -> Problem:
        return Problem(message, self.name, self.line_of(path), format_path(path))


def format_path(path: PathKey) -> str:
    """("indicators", 2, "weight") → "indicators[2].weight"."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def load_yaml(file: Path) -> YamlSource:
    """Parse `file` safely; syntax errors become a located ReportgenError."""
    name = display_path(file)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReportgenError([Problem("file not found", name)]) from None
    except UnicodeDecodeError as error:
        raise ReportgenError([Problem(f"not UTF-8 text ({error.reason})", name)]) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        source = YamlSource(file, None)
        source.data = _construct(loader, node, (), source) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        message = " ".join(p for p in (error.context, error.problem) if p)
        raise ReportgenError([Problem(f"YAML syntax error: {message}", name, line)]) from None
    except yaml.YAMLError as error:
        raise ReportgenError([Problem(f"YAML error: {error}", name)]) from None
    finally:
        loader.dispose()
    return source


def _construct(loader: yaml.SafeLoader, node: yaml.Node, path: PathKey, source: YamlSource) -> Any:
    source.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        return _construct_mapping(loader, node, path, source)
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, item, (*path, i), source) for i, item in enumerate(node.value)]
    if node.tag == "tag:yaml.org,2002:float":
        try:
            return Decimal(str(node.value).replace("_", ""))
        except InvalidOperation:  # .inf and .nan spellings
            return loader.construct_object(node, deep=True)
    return loader.construct_object(node, deep=True)


def _construct_mapping(
    loader: yaml.SafeLoader, node: yaml.MappingNode, path: PathKey, source: YamlSource
) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (int, float)) and not isinstance(key, bool):
            key = str(key_node.value)
        if not isinstance(key, str):
            raise yaml.MarkedYAMLError(
                problem=f"a key must be text, not {key!r}", problem_mark=key_node.start_mark
            )
        if key in result:
            raise yaml.MarkedYAMLError(
                problem=f"key {key!r} is written twice", problem_mark=key_node.start_mark
            )
        result[key] = _construct(loader, value_node, (*path, key), source)
        source.lines[(*path, key)] = key_node.start_mark.line + 1
    return result
