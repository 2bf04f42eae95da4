"""Shared fixtures: the repository's scenarios, and small scenario trees built per test."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
BENXI = SCENARIOS / "benxi-2022"


@pytest.fixture
def benxi_copy(tmp_path: Path) -> Path:
    """A copy of the Benxi scenario and its framework, safe to edit."""
    tree = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS / "frameworks", tree / "frameworks")
    shutil.copytree(BENXI, tree / "benxi-2022")
    return tree / "benxi-2022"


@pytest.fixture
def write_scenario(tmp_path: Path):
    """Write files (dedented) under tmp/scenarios/<name>/ and return the scenario folder."""

    def write(files: dict[str, str], name: str = "case") -> Path:
        folder = tmp_path / "scenarios" / name
        for relative, text in files.items():
            path = folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return folder

    return write


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Template sources cleaned during the tests are cached away from the user's cache."""
    import os

    cache = tmp_path_factory.mktemp("cache")
    os.environ["REPORTGEN_CACHE"] = str(cache)
    return cache


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of every shipped scenario and framework, safe to damage."""
    copy = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS, copy)
    return copy
