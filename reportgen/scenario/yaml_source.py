"""Safe YAML loading that remembers where every value was written.

Scenario errors must name the file and the line, so the loader keeps a map
from each value's path (("indicators", 2, "weight")) to its line. Floats are
read as Decimal straight from the text, so 35202137.32 is exactly that, and
a key written twice in one mapping is an error rather than silently lost.

Any file may be hostile, so the loader bounds what it builds: the file's
size (`text_files`), the nesting depth, and the number of values once
aliases are expanded (a "billion laughs" file of 1 KB would otherwise grow
without bound). Numbers are kept to what an evaluation can hold, and a
value YAML recognises but Python cannot build (a date 2023-13-45) is a
located error like any other.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from reportgen.errors import Problem, ReportgenError, display_path
from reportgen.numbers import MAX_DIGITS, number_problem
from reportgen.text_files import read_text

PathKey = tuple[str | int, ...]

STR_TAG = "tag:yaml.org,2002:str"
# libyaml's parser when PyYAML was built with it: the same nodes and marks, much faster.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 64  # mappings and lists inside each other
MAX_VALUES = 250_000  # every value built, each use of an alias counted again


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
        """The line of `path`, or of its nearest ancestor that has one.

        A mapping key validated into a number (项次 "37" as 37) is found as it was read.
        """
        for end in range(len(path), -1, -1):
            prefix = tuple(path[:end])
            line = self.lines.get(prefix)
            if line is None:
                line = self.lines.get(self._as_recorded(prefix))
            if line is not None:
                return line
        return None

    def _as_recorded(self, path: PathKey) -> PathKey:
        """The path with each number that is a mapping key here (not a list position) as
        the text it was recorded as."""
        out: list[str | int] = []
        for key in path:
            known = (*out, key) in self.lines
            if isinstance(key, int) and not known and (*out, str(key)) in self.lines:
                key = str(key)
            out.append(key)
        return tuple(out)

    def problem(self, path: PathKey, message: str) -> Problem:
        return Problem(message, self.name, self.line_of(path), format_path(path))

    def with_data(self, data: Any) -> YamlSource:
        """The same file's places over other data (a view of it)."""
        return YamlSource(self.file, data, self.lines)


def format_path(path: PathKey) -> str:
    """("indicators", 2, "weight") → "indicators[2].weight"."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def load_yaml(file: Path) -> YamlSource:
    """Parse `file` safely; syntax errors become a located ReportgenError.

    A file read again with the same text (`build` checks a scenario, then builds it) is
    not parsed again: its values are copied from the first reading, so no reader sees
    another's changes."""
    parsed = _parsed(str(file), read_text(file))
    return YamlSource(file, _copied(parsed.data), parsed.lines)


@functools.lru_cache(maxsize=8)
def _parsed(file: str, text: str) -> YamlSource:
    return parse_yaml(text, Path(file))


def _copied(value: Any) -> Any:
    """The value with every mapping and list copied (the rest cannot change)."""
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copied(item) for item in value]
    return value


def parse_yaml(text: str, file: Path, name: str | None = None) -> YamlSource:
    """Parse `text` (read from `file`, or from a place called `name`, a workbook cell) safely."""
    name = name or display_path(file)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        source = YamlSource(file, None)
        builder = _Builder(loader, source)
        source.data = builder.build(node, (), 0) if node is not None else None
    except _Refused as refused:
        field = format_path(refused.path) or None
        raise ReportgenError([Problem(refused.problem, name, refused.line, field)]) from None
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


class _Refused(Exception):
    """Well-formed YAML the loader will not build: too big, too deep, or not a valid value."""

    def __init__(self, node: yaml.Node, problem: str, path: PathKey = (), line: int | None = None):
        super().__init__(problem)
        self.node, self.problem, self.path = node, problem, path
        self.line = line or node.start_mark.line + 1


class _Builder:
    """Python values from composed nodes, within the bounds above, recording every line."""

    def __init__(self, loader: yaml.SafeLoader, source: YamlSource):
        self.loader, self.source = loader, source
        self.values = 0

    def build(self, node: yaml.Node, path: PathKey, depth: int) -> Any:
        self.source.lines[path] = node.start_mark.line + 1
        self.values += 1
        if self.values > MAX_VALUES:
            # The node may be an alias's target far above: name the top-level key being built.
            top = path[:1]
            problem = f"more than {MAX_VALUES:,} values (are aliases repeated?)"
            raise _Refused(node, problem, top, self.source.lines.get(top))
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and depth >= MAX_DEPTH:
            raise _Refused(node, f"nested more than {MAX_DEPTH} levels deep", path[:3])
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _scalar(self, node: yaml.Node, path: PathKey) -> Any:
        if node.tag == STR_TAG:  # what the safe constructor would return, without its dispatch
            return node.value
        if node.tag == "tag:yaml.org,2002:float":
            return _bounded(node, path)
        if node.tag == "tag:yaml.org,2002:int":
            digits = str(node.value).lstrip("+-0").replace("_", "")
            if len(digits) > MAX_DIGITS:
                raise _Refused(node, f"a number of {len(digits)} digits is too large", path)
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError) as error:
            what = "date" if "timestamp" in str(node.tag) else "value"
            raise _Refused(node, f"{node.value!r} is not a valid {what} ({error})", path) from None

    def _mapping(self, node: yaml.MappingNode, path: PathKey, depth: int) -> dict[Any, Any]:
        self.loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(key_node, "a key must be text, not a mapping or a list", path)
            key = self._scalar(key_node, path)
            if isinstance(key, (int, float, Decimal)) and not isinstance(key, bool):
                key = str(key_node.value)
            if not isinstance(key, str):
                raise _Refused(key_node, f"a key must be text, not {key!r}", path)
            if key in result:
                raise _Refused(key_node, f"key {key!r} is written twice", (*path, key))
            result[key] = self.build(value_node, (*path, key), depth + 1)
            self.source.lines[(*path, key)] = key_node.start_mark.line + 1
        return result


def _bounded(node: yaml.Node, path: PathKey) -> Decimal:
    """The float written at `node` as a Decimal, unless no score or amount is that big
    (1.0e+999999999) or that fine, or it is .inf or .nan."""
    try:
        value = Decimal(str(node.value).replace("_", ""))
    except InvalidOperation:  # the .inf and .nan spellings
        raise _Refused(node, f"{node.value!r} is not a finite number", path) from None
    why = number_problem(value)
    if why:
        raise _Refused(node, f"{node.value!r} {why}", path)
    return value
