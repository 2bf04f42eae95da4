"""Batch production: parallel builds, failures reported while the rest are built, skipping."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.batch import find_scenarios, run_batch
from reportgen.cli import main
from tests.conftest import BENXI, SCENARIOS


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """Two Benxi variants and a broken scenario, with the shared frameworks."""
    root = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS / "frameworks", root / "frameworks")
    shutil.copytree(BENXI, root / "city-a")
    shutil.copytree(BENXI, root / "nested" / "city-b")
    second = root / "nested" / "city-b" / "scenario.yaml"
    text = second.read_text(encoding="utf-8").replace(
        "facts: {未监控: false}", "facts: {未监控: true}"
    )
    second.write_text(
        text.replace("framework: ../frameworks/", "framework: ../../frameworks/"), encoding="utf-8"
    )
    broken = root / "broken"
    broken.mkdir()
    (broken / "scenario.yaml").write_text("project:\n  name: [坏\n", encoding="utf-8")
    return root


def test_scenarios_are_found_below_the_folder(tree: Path) -> None:
    assert [p.relative_to(tree).as_posix() for p in find_scenarios(tree)] == [
        "broken",
        "city-a",
        "nested/city-b",
    ]


def test_excluded_folders_are_not_walked(tree: Path) -> None:
    found = find_scenarios(tree, excluded=[tree / "nested", tree / "not-made-yet"])
    assert [p.relative_to(tree).as_posix() for p in found] == ["broken", "city-a"]


def test_a_broken_scenario_is_reported_and_the_rest_built(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(tree), "-o", str(out), "-j", "2"])
    assert result.exit_code == 2
    assert re.search(
        r"error: .*broken: .*broken/scenario\.yaml:\d+: YAML syntax error", result.output
    )
    assert "2 built, 0 unchanged, 1 failed; 2 units" in result.output
    assert (out / "city-a" / "绩效评价报告.docx").is_file()
    assert (out / "city-b" / "绩效评价报告.docx").is_file()
    units = json.loads((out / "summary.json").read_text(encoding="utf-8"))["units"]
    assert [(u["scenario"], u["total"], u["rank"]) for u in units] == [
        ("city-a", 95, 1),
        ("city-b", 94, 2),
    ]


def test_ids_come_from_the_folder_names(tree: Path, tmp_path: Path) -> None:
    report = run_batch(tree, tmp_path / "out", jobs=1)
    assert {u["scenario"] for u in report.units} == {"city-a", "city-b"}


def test_workers_report_their_time_and_memory_and_leave_the_collector_as_it_was(
    tree: Path, tmp_path: Path
) -> None:
    import gc
    import sys

    report = run_batch(tree, tmp_path / "out", jobs=2)
    built = [o for o in report.outcomes if o.ok]
    assert len(built) == 2
    assert all(o.cpu_seconds > 0 and o.peak_mib > 0 for o in built)
    if sys.platform.startswith("linux"):
        # Private memory is what the worker holds beyond what it shares with this process.
        assert all(0 < o.private_mib < o.peak_mib for o in built)
    assert gc.get_freeze_count() == 0  # what the workers inherited is unfrozen again


def test_unchanged_scenarios_are_skipped_until_forced_or_changed(
    tree: Path, tmp_path: Path
) -> None:
    shutil.rmtree(tree / "broken")
    out = tmp_path / "out"
    first = run_batch(tree, out, jobs=1)
    assert [o.skipped for o in first.outcomes] == [False, False]
    second = run_batch(tree, out, jobs=1)
    assert [o.skipped for o in second.outcomes] == [True, True]
    assert second.units == first.units
    scenario = tree / "city-a" / "scenario.yaml"
    scenario.write_text(scenario.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    third = run_batch(tree, out, jobs=1)
    assert [o.skipped for o in third.outcomes] == [False, True]
    forced = run_batch(tree, out, jobs=1, force=True)
    assert not any(o.skipped for o in forced.outcomes)


def test_an_unchanged_batch_leaves_its_summary_alone_and_a_changed_one_rewrites_it(
    tree: Path, tmp_path: Path
) -> None:
    shutil.rmtree(tree / "broken")
    out = tmp_path / "out"
    run_batch(tree, out, jobs=1)
    files = [out / "summary.xlsx", out / "summary.json", out / ".reportgen-batch.json"]
    before = [(p.stat().st_ino, p.stat().st_mtime_ns) for p in files]
    run_batch(tree, out, jobs=1)
    assert [(p.stat().st_ino, p.stat().st_mtime_ns) for p in files] == before
    shutil.rmtree(tree / "nested" / "city-b")  # a scenario gone: the summary must say so
    run_batch(tree, out, jobs=1)
    after = [(p.stat().st_ino, p.stat().st_mtime_ns) for p in files]
    assert all(a != b for a, b in zip(after, before, strict=True))
    data = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert [u["scenario"] for u in data["units"]] == ["city-a"]


def test_deleted_output_is_rebuilt(tree: Path, tmp_path: Path) -> None:
    shutil.rmtree(tree / "broken")
    out = tmp_path / "out"
    run_batch(tree, out, jobs=1)
    shutil.rmtree(out / "city-a")
    again = run_batch(tree, out, jobs=1)
    assert [o.skipped for o in again.outcomes] == [False, True]
    assert (out / "city-a" / "scores.json").is_file()


def test_summary_workbook_lists_every_unit(tree: Path, tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "out"
    run_batch(tree, out, jobs=2)
    rows = list(openpyxl.load_workbook(out / "summary.xlsx").active.iter_rows(values_only=True))
    assert rows[1] == ("方案", "场景", "层级", "单位", "综合得分", "满分", "等级", "排名", "结论")
    assert [(r[1], r[4], r[7]) for r in rows[2:]] == [("city-a", 95, 1), ("city-b", 94, 2)]
    assert {r[0] for r in rows[2:]} == {"绩效评价报告"}  # the scheme by its name, not its key
