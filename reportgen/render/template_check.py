"""Which variables a template uses that its context does not provide.

The template's compiled parts are parsed by Jinja; every variable path it
reads (`project.name`, `dimension.rows` inside `for dimension in dimensions`)
is compared with the documented context, so a consultant's edited template
fails with a clear message instead of at render time.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from jinja2 import nodes

from reportgen.render.engine import CompiledTemplate, environment

BUILTINS = {
    "loop",
    "range",
    "true",
    "false",
    "none",
    "True",
    "False",
    "None",
    *environment().globals,
}


def used_paths(source: str) -> set[str]:
    """Dotted variable paths a template source reads; loop items appear as `list[].field`."""
    tree = environment().parse(source)
    return set(_paths(tree, {}))


def _paths(node: nodes.Node, aliases: dict[str, str]) -> Iterator[str]:
    if isinstance(node, nodes.For):
        yield from _paths(node.iter, aliases)
        iterated = _dotted(node.iter, aliases)
        inner = dict(aliases)
        if isinstance(node.target, nodes.Name) and iterated:
            inner[node.target.name] = f"{iterated}[]"
        for child in [*node.body, *node.else_]:
            yield from _paths(child, inner)
        return
    path = _dotted(node, aliases)
    if path is not None:
        yield path
        return
    for child in node.iter_child_nodes():
        yield from _paths(child, aliases)


def _dotted(node: nodes.Node, aliases: dict[str, str]) -> str | None:
    if isinstance(node, nodes.Name):
        if node.name in BUILTINS:
            return None
        return aliases.get(node.name, node.name)
    if isinstance(node, nodes.Getattr):
        base = _dotted(node.node, aliases)
        return f"{base}.{node.attr}" if base else None
    return None


def missing_variables(template: Path, documented: Mapping[str, object]) -> list[str]:
    """Paths the template reads that the documented context does not have (any key of an
    open mapping, such as the narrative sections `md`, is had)."""
    compiled = CompiledTemplate.load(template)
    known = set(documented)
    open_prefixes = tuple(f"{p}." for p, var in documented.items() if getattr(var, "open", False))
    prefixes = {p.rsplit(".", i)[0] for p in known for i in range(1, p.count(".") + 1)}
    prefixes |= {p.split("[]")[0] for p in known if "[]" in p}
    used = set().union(*(used_paths(source) for source in compiled.sources.values()))
    return sorted(
        p for p in used if not _provided(p, known, prefixes) and not p.startswith(open_prefixes)
    )


def _provided(path: str, known: set[str], prefixes: set[str]) -> bool:
    """A documented path, a prefix of one, or an item of a documented list (`grading[]`)."""
    bare = path.removesuffix("[]")
    return path in known or path in prefixes or bare in prefixes or bare in known


def suggestion(path: str, documented: Mapping[str, object]) -> str:
    """ "; did you mean dimensions[].summary?" for a path close to a documented one, else ""."""
    import difflib

    close = difflib.get_close_matches(path, sorted(documented), n=1, cutoff=0.8)
    return f"; did you mean {close[0]}?" if close else ""
