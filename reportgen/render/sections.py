"""The narrative sections a template shows: each `md.KEY` it writes, and those it writes only when given.

A report template writes the consultant's prose as `{{p md.background }}`;
a section it guards with `{%p if md.goals %}` is one a scenario may leave out.
Sections are open: a consultant adds one by writing `{{p md.last_year }}` in
the template and `last_year:` under the scenario's `narrative`. What a
template shows is read from its parsed parts, once per template, and kept in
the cache (`disk_cache`) for the next run.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeGuard

import jinja2
from jinja2 import nodes

from reportgen.render import disk_cache

NARRATIVE = "md"  # the context's mapping of sections


@dataclass(frozen=True)
class Sections:
    shown: frozenset[str]  # every md.KEY the template names
    optional: frozenset[str]  # those it tests before writing: a scenario may leave them out

    @property
    def required(self) -> frozenset[str]:
        return self.shown - self.optional

    def to_json(self) -> bytes:
        return json.dumps({"shown": sorted(self.shown), "optional": sorted(self.optional)}).encode()

    @classmethod
    def from_json(cls, data: Any) -> Sections | None:
        """The sections written by `to_json`; None for anything else."""
        if not isinstance(data, dict):
            return None
        shown, optional = data.get("shown"), data.get("optional")
        if not (_names(shown) and _names(optional)):
            return None
        return cls(frozenset(shown), frozenset(optional))


def _names(value: Any) -> TypeGuard[list[str]]:
    return isinstance(value, list) and all(isinstance(k, str) for k in value)


def sections_of(sources: Iterable[str]) -> Sections:
    """The sections the template parts (their Jinja sources) show."""
    given = list(sources)
    name = f"{disk_cache.key(given, (sys.modules[__name__],))}.json"
    found = Sections.from_json(disk_cache.read_json("sections", name))
    if found is None:
        found = _parsed_sections(given)
        disk_cache.write("sections", name, found.to_json())
    return found


def _parsed_sections(sources: list[str]) -> Sections:
    parser = jinja2.Environment()  # parsing only: the syntax is the sandbox's
    shown: set[str] = set()
    optional: set[str] = set()
    for source in sources:
        try:
            tree = parser.parse(source)
        except jinja2.TemplateSyntaxError:
            continue  # reported when the template is compiled
        shown |= _keys(tree)
        for test in tree.find_all(nodes.If):
            optional |= _keys(test.test)
    return Sections(frozenset(shown), frozenset(optional))


def _keys(node: nodes.Node) -> set[str]:
    """The md.KEY (or md["KEY"]) that `node` is or holds."""
    keys = set()
    for item in [node, *node.find_all((nodes.Getattr, nodes.Getitem))]:
        if not isinstance(item, nodes.Getattr | nodes.Getitem):
            continue
        if not (isinstance(item.node, nodes.Name) and item.node.name == NARRATIVE):
            continue
        if isinstance(item, nodes.Getattr):
            keys.add(item.attr)
        elif isinstance(item.arg, nodes.Const) and isinstance(item.arg.value, str):
            keys.add(item.arg.value)
    return keys
