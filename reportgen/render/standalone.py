"""`reportgen render`: any docxtpl template filled with data from another system.

Offices whose own systems produce the figures send a template and a JSON or
YAML file. The data is read as untrusted input (bounded like a scenario:
size, nesting, values; numbers with a point as Decimal, so 95.10 stays 95.10)
and rendered in the same sandboxed, strict engine as every reportgen document.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportgen.errors import Problem, ReportgenError, display_path
from reportgen.render.archive import build_time
from reportgen.render.engine import CompiledTemplate
from reportgen.text_files import read_json


def read_data(path: Path) -> dict[str, Any]:
    """The mapping in a .json, .yaml or .yml file, or a located error."""
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        from reportgen.scenario.yaml_source import load_yaml

        data = load_yaml(path).data
    elif suffix == ".json":
        data = read_json(path)
    else:
        raise ReportgenError([Problem("expected a .json, .yaml or .yml file", display_path(path))])
    if not isinstance(data, dict):
        raise ReportgenError([Problem("expected a mapping of names to values", display_path(path))])
    return data


def render_file(template: Path, data_file: Path) -> bytes:
    """`template` rendered with the data of `data_file` (its `title` names the document)."""
    data = read_data(data_file)
    title = str(data.get("title", template.stem))
    return CompiledTemplate.load(template).render(data, title=title, moment=build_time())
