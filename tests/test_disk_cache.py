"""Template loading kept between runs: compiled parts and sections, trusted only as far as
they load, and a cache that cannot be written costing nothing but time."""

from __future__ import annotations

import types
from pathlib import Path

import jinja2
import pytest

from reportgen.build import REPORT_FILE, produce
from reportgen.render import disk_cache, engine, sections
from reportgen.shipped import template
from tests.conftest import BENXI


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache of this test's own, and no template kept in memory from earlier tests."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("REPORTGEN_CACHE", str(folder))
    engine._load_cached.cache_clear()
    yield folder
    engine._load_cached.cache_clear()


def report_bytes(out: Path) -> bytes:
    return (produce(BENXI, out).directory / REPORT_FILE).read_bytes()


def test_a_second_run_renders_from_the_compiled_parts_without_compiling(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = report_bytes(tmp_path / "first")
    compiled = sorted((cache / "compiled").iterdir())
    assert compiled and all(p.suffix == ".jinja" for p in compiled)
    engine._load_cached.cache_clear()  # as a new process finds it

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(jinja2.Environment, "compile", no_compiling)
    monkeypatch.setattr(sections, "_parsed_sections", no_compiling)
    assert report_bytes(tmp_path / "second") == first


def test_damaged_cache_files_are_made_again(cache: Path, tmp_path: Path) -> None:
    first = report_bytes(tmp_path / "first")
    for kind in ("compiled", "sections"):
        for path in (cache / kind).iterdir():
            path.write_bytes(b"\x00not what was written")
    engine._load_cached.cache_clear()
    assert report_bytes(tmp_path / "second") == first
    shown = engine.CompiledTemplate.load(template("performance_report")).sections.shown
    assert {"background", "goals"} <= shown


def test_sections_of_another_shape_are_not_trusted(cache: Path) -> None:
    source = "{% if md.goals %}{{ md.goals }}{% endif %}{{ md.background }}"
    found = sections.sections_of([source])
    assert found.shown == {"goals", "background"} and found.optional == {"goals"}
    (path,) = (cache / "sections").iterdir()
    path.write_text('{"shown": ["x"], "optional": [1]}', encoding="utf-8")
    assert sections.sections_of([source]) == found
    path.write_text('{"shown": ["kept"], "optional": []}', encoding="utf-8")
    assert sections.sections_of([source]).shown == {"kept"}  # what was written is read


def test_an_unwritable_cache_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = report_bytes(tmp_path / "reference")
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("REPORTGEN_CACHE", str(blocked))
    engine._load_cached.cache_clear()
    try:
        assert report_bytes(tmp_path / "out") == reference
    finally:
        engine._load_cached.cache_clear()


def test_the_key_follows_the_code_that_makes_the_result(tmp_path: Path) -> None:
    made_by = tmp_path / "made_by.py"
    made_by.write_text("A = 1\n", encoding="utf-8")
    module = types.ModuleType("made_by")
    module.__file__ = str(made_by)
    before = disk_cache.key(["source"], (module,))
    assert disk_cache.key(["source"], (module,)) == before
    assert disk_cache.key(["sourc", "e"], (module,)) != before  # parts are told apart
    made_by.write_text("A = 2\n", encoding="utf-8")
    disk_cache._code_digest.cache_clear()
    assert disk_cache.key(["source"], (module,)) != before
