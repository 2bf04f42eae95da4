"""`reportgen render`: any docxtpl template filled with data from another system.

Offices whose own systems produce the figures send a template and a JSON or
YAML file. The data is read as untrusted input (bounded like a scenario:
size, nesting, values; numbers with a point as Decimal, so 95.10 stays 95.10)
and rendered in the same sandboxed, strict engine as every reportgen document.

A picture is a mapping `{image: chart.png, width_mm: 80}` (or `height_mm`;
with neither, the picture's own size), its file beside the data file or
below it; `{{ chart }}` places it in a paragraph, a cell, a header or a footer.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from reportgen.errors import Problem, ReportgenError, display_path
from reportgen.render.archive import build_time
from reportgen.render.engine import CompiledTemplate
from reportgen.render.images import MAX_BYTES, Image
from reportgen.scenario.paths import resolve_reference
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


PICTURE_KEYS = {"image", "width_mm", "height_mm", "description"}


def with_pictures(value: Any, data_file: Path, path: tuple[str | int, ...] = ()) -> Any:
    """The data with each `{image: …}` mapping read as a picture (its file checked)."""
    if isinstance(value, dict):
        if "image" in value and set(value) <= PICTURE_KEYS:
            return _picture(value, data_file, path)
        return {k: with_pictures(v, data_file, (*path, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [with_pictures(v, data_file, (*path, i)) for i, v in enumerate(value)]
    return value


def _picture(spec: dict[str, Any], data_file: Path, path: tuple[str | int, ...]) -> Image:
    where = ".".join(str(p) for p in (*path, "image"))
    reference = spec["image"]
    if not isinstance(reference, str):
        raise ReportgenError(
            [Problem("expected the path of a picture", display_path(data_file), field=where)]
        )
    folder = data_file.parent
    found, why = resolve_reference(reference, folder, folder, "the data file's folder")
    if found is None:
        raise ReportgenError([Problem(why, display_path(data_file), field=where)])
    sizes = {}
    for key in ("width_mm", "height_mm"):
        size = spec.get(key)
        if size is not None and (
            isinstance(size, bool)
            or not isinstance(size, int | float | Decimal)
            or not 0 < size <= 2000
        ):
            raise ReportgenError(
                [
                    Problem(
                        f"{key}: expected millimetres between 0 and 2000",
                        display_path(data_file),
                        field=where,
                    )
                ]
            )
        sizes[key] = float(size) if size is not None else None
    if found.stat().st_size > MAX_BYTES:
        raise ReportgenError(
            [Problem(f"over {MAX_BYTES // 1024 // 1024} MiB", display_path(found))]
        )
    return Image.from_bytes(
        found.read_bytes(),
        width_mm=sizes["width_mm"],
        height_mm=sizes["height_mm"],
        description=str(spec.get("description", "")),
        what=display_path(found),
    )


def render_file(template: Path, data_file: Path) -> bytes:
    """`template` rendered with the data of `data_file` (its `title` names the document)."""
    data = with_pictures(read_data(data_file), data_file)
    title = str(data.get("title", template.stem))
    return CompiledTemplate.load(template).render(data, title=title, moment=build_time())
