"""`reportgen new`: a scenario of every scheme that builds as it is, as YAML or as a workbook."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from docx_reading import full_text, open_document

from reportgen.cli import main
from reportgen.schemes.catalogue import known_kinds


@pytest.mark.parametrize("as_workbook", [False, True], ids=["yaml", "xlsx"])
@pytest.mark.parametrize("kind", known_kinds())
def test_a_new_scenario_of_every_scheme_builds_as_it_is(
    kind: str, as_workbook: bool, tmp_path: Path
) -> None:
    folder = tmp_path / "新项目"
    runner = CliRunner()
    args = ["new", str(folder), "--scheme", kind] + (["--xlsx"] if as_workbook else [])
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    written = folder / ("scenario.xlsx" if as_workbook else "scenario.yaml")
    assert written.is_file()
    assert not (folder / ("scenario.yaml" if as_workbook else "scenario.xlsx")).exists()
    result = runner.invoke(main, ["check", str(folder)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    documents = sorted((out / "新项目").glob("*.docx"))
    assert documents
    assert "示例" in full_text(open_document(documents[0]))


def test_the_report_starter_reads_its_rules_from_the_standards(tmp_path: Path) -> None:
    folder = tmp_path / "starter"
    CliRunner().invoke(main, ["new", str(folder)])
    framework = (folder / "framework.yaml").read_text(encoding="utf-8")
    assert framework.count("rule:") == 1  # only the threshold names its data; the rest are read
    result = CliRunner().invoke(main, ["score", str(folder)])
    assert result.exit_code == 0
    assert "绩效指标未细化量化，未达到“绩效指标细化量化”，少得5分" in result.output


def test_new_refuses_a_folder_in_use_or_an_unknown_scheme(tmp_path: Path) -> None:
    runner = CliRunner()
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("mine", encoding="utf-8")
    result = runner.invoke(main, ["new", str(tmp_path / "used")])
    assert result.exit_code == 2 and "exists and is not empty" in result.output
    assert (tmp_path / "used" / "notes.txt").read_text(encoding="utf-8") == "mine"
    result = runner.invoke(main, ["new", str(tmp_path / "x"), "--scheme", "nope"])
    assert result.exit_code == 2 and "unknown kind 'nope'" in result.output
    assert not (tmp_path / "x").exists()
