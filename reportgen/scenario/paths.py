"""Referenced files: resolved relative to the referencing file, never outside the tree."""

from __future__ import annotations

from pathlib import Path

from reportgen.errors import display_path


def scenarios_root(scenario_dir: Path) -> Path:
    """The scenarios tree a scenario belongs to.

    That is the nearest ancestor holding a `frameworks/` folder (the shared
    indicator systems live there), or the scenario's own parent otherwise.
    """
    directory = scenario_dir.resolve()
    for ancestor in directory.parents:
        if (ancestor / "frameworks").is_dir():
            return ancestor
    return directory.parent


def resolve_folder(reference: str, base_dir: Path, root: Path) -> tuple[Path | None, str]:
    """(path, "") when `reference` is a folder inside `root`, else (None, why not)."""
    path, why = _inside(reference, base_dir, root)
    if path is not None and not path.is_dir():
        return None, f"no such folder: {display_path(path)}"
    return path, why


def resolve_reference(
    reference: str, base_dir: Path, root: Path, root_name: str = "the scenarios tree"
) -> tuple[Path | None, str]:
    """(path, "") when `reference` is a file inside `root`, else (None, why not)."""
    path, why = _inside(reference, base_dir, root, root_name)
    if path is not None and not path.is_file():
        return None, f"referenced file not found: {display_path(path)}"
    return path, why


def _inside(
    reference: str, base_dir: Path, root: Path, root_name: str = "the scenarios tree"
) -> tuple[Path | None, str]:
    """`reference` resolved from `base_dir`, when it stays inside `root` (named `root_name`)."""
    if not reference.strip():
        return None, "empty path"
    path = (base_dir / reference).resolve()
    if not path.is_relative_to(root.resolve()):
        return None, f"{reference!r} leaves {root_name} ({display_path(root)})"
    return path, ""
