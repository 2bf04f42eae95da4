"""The narrative sections a template shows: each `md.KEY` it writes, and those it writes only when given.

A report template writes the consultant's prose as `{{p md.background }}`;
a section it guards with `{%p if md.goals %}` is one a scenario may leave out.
Sections are open: a consultant adds one by writing `{{p md.last_year }}` in
the template and `last_year:` under the scenario's `narrative`. What a
template shows is read from its parsed parts, once per template.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import jinja2
from jinja2 import nodes

NARRATIVE = "md"  # the context's mapping of sections


@dataclass(frozen=True)
class Sections:
    shown: frozenset[str]  # every md.KEY the template names
    optional: frozenset[str]  # those it tests before writing: a scenario may leave them out

    @property
    def required(self) -> frozenset[str]:
        return self.shown - self.optional


def sections_of(sources: Iterable[str]) -> Sections:
    """The sections the template parts (their Jinja sources) show."""
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
