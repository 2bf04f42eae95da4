"""An office's own templates: `--templates DIR` replaces each shipped kind by name, in build and batch.

The house templates are the shipped ones edited as a firm would (a line of
its own added in Word, here with python-docx); the documents built with them
carry the line, and those built without do not.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.shipped import kinds
from tests.docx_reading import full_text, open_document

HOUSE_LINE = "华信咨询有限公司 编制"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, result.output


def house_folder(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "house"
    folder.mkdir()
    for name in names:
        document = docx.Document(kinds()[name])
        document.add_paragraph(HOUSE_LINE)
        document.save(folder / f"{name}.docx")
    return folder


def texts(folder: Path) -> dict[str, str]:
    return {p.name: full_text(open_document(p)) for p in sorted(folder.glob("*.docx"))}


def test_build_takes_each_kind_from_the_house_folder(tree: Path, tmp_path: Path) -> None:
    house = house_folder(tmp_path, "performance_report", "assessment_form", "settlement_form")
    out = tmp_path / "out"
    for scenario in ("benxi-2022", "minhang-streets-2024", "tianjin-2024"):
        code, output = run("build", str(tree / scenario), "-o", str(out), "--templates", str(house))
        assert code == 0, output
    assert HOUSE_LINE in texts(out / "benxi-2022")["绩效评价报告.docx"]
    forms = texts(out / "minhang-streets-2024")
    assert forms and all(HOUSE_LINE in text for text in forms.values())
    # Tianjin's notice keeps the shipped settlement_notice.docx; its forms take the house form.
    tianjin = texts(out / "tianjin-2024")
    assert HOUSE_LINE not in tianjin["考核清算结果通知.docx"]
    assert all(HOUSE_LINE in t for n, t in tianjin.items() if n.startswith("考核评分表"))


def test_batch_takes_the_house_folder_and_rebuilds_when_it_changes(
    tree: Path, tmp_path: Path
) -> None:
    for name in [p.name for p in tree.iterdir() if p.is_dir()]:
        if name not in ("frameworks", "benxi-2022"):
            shutil.rmtree(tree / name)
    house = house_folder(tmp_path, "performance_report")
    out = tmp_path / "out"
    code, output = run("batch", str(tree), "-o", str(out), "-j", "1", "--templates", str(house))
    assert code == 0, output
    assert HOUSE_LINE in texts(out / "benxi-2022")["绩效评价报告.docx"]
    code, output = run("batch", str(tree), "-o", str(out), "-j", "1", "--templates", str(house))
    assert "0 built, 1 unchanged" in output
    document = docx.Document(house / "performance_report.docx")
    document.add_paragraph("第二版")
    document.save(house / "performance_report.docx")
    code, output = run("batch", str(tree), "-o", str(out), "-j", "1", "--templates", str(house))
    assert "1 built, 0 unchanged" in output, output
    assert "第二版" in texts(out / "benxi-2022")["绩效评价报告.docx"]


@pytest.mark.parametrize("command", ["build", "batch"])
def test_a_file_of_no_kind_is_named_with_the_known_ones(
    command: str, tree: Path, tmp_path: Path
) -> None:
    house = house_folder(tmp_path, "assessment_form")
    shutil.copy(house / "assessment_form.docx", house / "performance-report.docx")
    source = tree / "benxi-2022" if command == "build" else tree
    code, output = run(command, str(source), "-o", str(tmp_path / "out"), "--templates", str(house))
    assert code == 2, output
    assert (
        "house/performance-report.docx: not a template kind; did you mean performance_report.docx?"
        in output
    ), output
    assert not (tmp_path / "out" / "benxi-2022").exists()


def test_a_missing_folder_is_named(tree: Path, tmp_path: Path) -> None:
    code, output = run(
        "build",
        str(tree / "benxi-2022"),
        "-o",
        str(tmp_path / "out"),
        "--templates",
        str(tmp_path / "nowhere"),
    )
    assert code == 2, output
    assert "nowhere: no such folder of templates" in output


def test_templates_new_copies_the_shipped_file_and_list_names_every_kind(tmp_path: Path) -> None:
    code, output = run("templates", "list")
    named = [line.split()[0] for line in output.splitlines() if not line.startswith(" ")]
    assert code == 0 and named == list(kinds())
    assert all(str(path) in output for path in kinds().values())
    for kind, path in kinds().items():
        code, output = run("templates", "new", kind, str(tmp_path / f"{kind}.docx"))
        assert code == 0, output
        assert (tmp_path / f"{kind}.docx").read_bytes() == path.read_bytes()
    code, output = run("templates", "new", "report", str(tmp_path / "x.docx"))
    assert code == 2 and "unknown template kind 'report'; known: performance_report, " in output


def test_a_scenario_or_its_framework_names_its_house_templates(tree: Path, tmp_path: Path) -> None:
    """The framework's folder serves every scenario of it; a scenario's own folder wins;
    --templates on the command line wins over both."""
    framework_house = house_folder(tree / "frameworks", "performance_report")
    framework = tree / "frameworks" / "benxi-insurance-contract.yaml"
    framework.write_text(
        "templates: house\n" + framework.read_text(encoding="utf-8"), encoding="utf-8"
    )
    out = tmp_path / "out"
    assert run("build", str(tree / "benxi-2022"), "-o", str(out))[0] == 0
    assert HOUSE_LINE in texts(out / "benxi-2022")["绩效评价报告.docx"]

    own = tree / "benxi-2022" / "own"
    own.mkdir()
    document = docx.Document(kinds()["performance_report"])
    document.add_paragraph("本场景自己的模板")
    document.save(own / "performance_report.docx")
    scenario = tree / "benxi-2022" / "scenario.yaml"
    scenario.write_text("templates: own\n" + scenario.read_text(encoding="utf-8"), encoding="utf-8")
    assert run("build", str(tree / "benxi-2022"), "-o", str(out))[0] == 0
    text = texts(out / "benxi-2022")["绩效评价报告.docx"]
    assert "本场景自己的模板" in text and HOUSE_LINE not in text

    code, output = run(
        "build", str(tree / "benxi-2022"), "-o", str(out), "--templates", str(framework_house)
    )
    assert code == 0, output
    assert HOUSE_LINE in texts(out / "benxi-2022")["绩效评价报告.docx"]


@pytest.mark.parametrize(
    ("folder", "message"),
    [
        ("../../../../etc", "leaves the scenarios tree"),
        ("nowhere", "no such folder"),
        ("[a, b]", "expected the path of a folder"),
    ],
)
def test_a_templates_folder_is_checked_like_every_path(
    folder: str, message: str, tree: Path, tmp_path: Path
) -> None:
    scenario = tree / "benxi-2022" / "scenario.yaml"
    scenario.write_text(
        f"templates: {folder}\n" + scenario.read_text(encoding="utf-8"), encoding="utf-8"
    )
    code, output = run("build", str(tree / "benxi-2022"), "-o", str(tmp_path / "out"))
    assert code == 2, output
    assert "scenario.yaml:1 templates: " in output and message in output, output


def test_a_batch_rebuilds_when_a_framework_template_changes(tree: Path, tmp_path: Path) -> None:
    for name in [p.name for p in tree.iterdir() if p.is_dir()]:
        if name not in ("frameworks", "benxi-2022"):
            shutil.rmtree(tree / name)
    house = house_folder(tree, "performance_report")  # scenarios/house, beside the scenarios
    framework = tree / "frameworks" / "benxi-insurance-contract.yaml"
    framework.write_text(
        "templates: ../house\n" + framework.read_text(encoding="utf-8"), encoding="utf-8"
    )
    out = tmp_path / "out"
    assert run("batch", str(tree), "-o", str(out), "-j", "1")[0] == 0
    assert "0 built, 1 unchanged" in run("batch", str(tree), "-o", str(out), "-j", "1")[1]
    document = docx.Document(house / "performance_report.docx")
    document.add_paragraph("第二版")
    document.save(house / "performance_report.docx")
    code, output = run("batch", str(tree), "-o", str(out), "-j", "1")
    assert code == 0 and "1 built, 0 unchanged" in output, output
    assert "第二版" in texts(out / "benxi-2022")["绩效评价报告.docx"]
