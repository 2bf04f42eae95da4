"""The documented template context is the context: every kind, both ways, with its types.

Each shipped scenario is evaluated without rendering; every value its
documents' contexts hold must be documented in `context_spec` with a type
that fits, and every documented variable must be given by some scenario
(unless it sits under a list no scenario fills).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from markupsafe import Markup

from reportgen.build import evaluate
from reportgen.narrative.values import FramedProse, Prose
from reportgen.render.context_spec import CONTEXTS, documentation, paths
from reportgen.shipped import KINDS
from tests.conftest import SCENARIOS

SAMPLES = sorted(p for p in SCENARIOS.iterdir() if (p / "scenario.yaml").is_file())


def fits(value: object, documented: str) -> bool:
    kind = documented.removesuffix(" or none")
    if value is None:
        return documented.endswith(" or none")
    if kind == "text":
        return isinstance(value, str) and not isinstance(value, Markup | Prose)
    if kind == "number":
        return isinstance(value, int | Decimal) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "block":
        return isinstance(value, Prose | FramedProse)
    if kind == "list of text":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind.startswith("list"):
        return isinstance(value, list)
    return isinstance(value, dict)


def walk(value: object, path: str, seen: dict[str, list[object]], empty: set[str]) -> None:
    if path:
        seen.setdefault(path, []).append(value)
    if isinstance(value, dict):
        for key, inner in value.items():
            walk(inner, f"{path}.{key}" if path else key, seen, empty)
    elif isinstance(value, list):
        if not value:
            empty.add(path)
        for item in value:
            if isinstance(item, dict):
                walk(item, f"{path}[]", seen, empty)


@pytest.fixture(scope="module")
def contexts() -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {kind: [] for kind in KINDS}
    for scenario in SAMPLES:
        for document in evaluate(scenario).documents.values():
            found[document.kind].append(document.context)
    return found


def test_every_kind_is_produced_by_a_shipped_scenario(contexts) -> None:
    assert all(contexts[kind] for kind in KINDS), [k for k, c in contexts.items() if not c]


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_context_is_what_the_documentation_says(kind: str, contexts) -> None:
    documented = paths(kind)
    seen: dict[str, list[object]] = {}
    empty: set[str] = set()
    for context in contexts[kind]:
        walk(context, "", seen, empty)
    seen.pop("", None)
    undocumented = sorted(p for p in seen if p.removesuffix("[]") not in documented)
    assert not undocumented, f"{kind}: not in context_spec: {undocumented}"
    misfits = [
        (path, documented[path].type, type(value).__name__)
        for path, values in seen.items()
        if path in documented
        for value in values
        if not fits(value, documented[path].type)
    ]
    assert not misfits, f"{kind}: {misfits[:5]}"
    unused = sorted(
        p for p in documented if p not in seen and not any(p.startswith(f"{e}[]") for e in empty)
    )
    assert not unused, f"{kind}: documented but never given: {unused}"


def test_template_context_documentation_is_current() -> None:
    doc = (Path(__file__).parent.parent / "docs" / "template-context.md").read_text(
        encoding="utf-8"
    )
    assert doc == documentation(), "run: reportgen templates context > docs/template-context.md"
    for kind in CONTEXTS:
        assert f"## `{kind}`" in doc
