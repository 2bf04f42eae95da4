"""The narrative's sections are the template's: a misspelt key is named, a new section can be added.

A consultant adds a section by writing it in the template (here with
python-docx, as Word would) and in the scenario's `narrative`; a key no
section shows, or a section the template always shows that the scenario
leaves empty, is a warning of `build` and `check` with its line.
"""

from __future__ import annotations

from pathlib import Path

import docx
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.shipped import kinds
from tests.docx_reading import full_text, open_document

LAST_YEAR = "上年度评价发现的3个问题均已整改到位。"
BENXI = Path(__file__).resolve().parent.parent / "scenarios" / "benxi-2022"


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def misspell(scenario: Path) -> int:
    """Rename narrative.background to backgroud; the line it is on."""
    path = scenario / "scenario.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    [index] = [i for i, line in enumerate(lines) if line.startswith("  background:")]
    lines[index] = lines[index].replace("background:", "backgroud:")
    path.write_text("".join(lines), encoding="utf-8")
    return index + 1


def test_the_benxi_scenario_writes_every_section_its_template_shows(tmp_path: Path) -> None:
    code, output = invoke("build", str(BENXI), "-o", str(tmp_path))
    assert code == 0 and "RG90" not in output and "the template shows" not in output, output


def test_a_misspelt_key_is_named_with_its_line_in_build_and_check(
    tree: Path, tmp_path: Path
) -> None:
    scenario = tree / "benxi-2022"
    line = misspell(scenario)
    code, output = invoke("build", str(scenario), "-o", str(tmp_path))
    assert code == 0
    assert (
        f"scenario.yaml:{line}: no section of the template shows narrative.backgroud;"
        " did you mean background?"
    ) in output
    assert "the template shows md.background, which narrative does not write" in output
    code, output = invoke("check", str(scenario))
    assert code == 0
    assert f"scenario.yaml:{line}: RG901 warning" in output and "RG902 warning" in output
    code, output = invoke("check", "--strict", str(scenario))
    assert code == 1 and f"scenario.yaml:{line}: RG901 error" in output


def test_a_section_added_to_the_template_and_the_scenario_is_written(
    tree: Path, tmp_path: Path
) -> None:
    house = tmp_path / "house"
    house.mkdir()
    template = docx.Document(kinds()["performance_report"])
    template.add_paragraph("八、上年度评价结果应用情况", style=template.paragraphs[0].style)
    template.add_paragraph("{{p md.last_year }}")
    template.save(house / "performance_report.docx")
    code, output = invoke(
        "templates", "check", "--kind", "performance_report", str(house / "performance_report.docx")
    )
    assert code == 0, output

    scenario = tree / "benxi-2022"
    path = scenario / "scenario.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("narrative:\n", f"narrative:\n  last_year: {LAST_YEAR}\n", 1), encoding="utf-8"
    )
    code, output = invoke(
        "build", str(scenario), "-o", str(tmp_path / "out"), "--templates", str(house)
    )
    assert code == 0 and "RG90" not in output and "the template shows" not in output, output
    report = full_text(open_document(tmp_path / "out" / "benxi-2022" / "绩效评价报告.docx"))
    assert f"八、上年度评价结果应用情况\n{LAST_YEAR}" in report

    code, output = invoke("build", str(scenario), "-o", str(tmp_path / "plain"))
    assert "no section of the template shows narrative.last_year" in output
    assert "write {{p md.last_year }} in the template" in output
