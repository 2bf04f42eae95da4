"""Builds are reproducible, atomic, strict about templates and safe with any text."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.build import REPORT_FILE, SCORES_FILE, WORKBOOK_FILE, produce
from reportgen.cli import main
from reportgen.errors import ReportgenError
from reportgen.shipped import KINDS, templates_folder
from tests.conftest import BENXI
from tests.docx_reading import full_text, open_document

TEMPLATES = templates_folder()
SHIPPED = TEMPLATES / "performance_report.docx"


def file_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_two_builds_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = produce(BENXI, tmp_path / "a").directory
    second = produce(BENXI, tmp_path / "b").directory
    assert file_bytes(first) == file_bytes(second)


def test_source_date_epoch_sets_the_timestamps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    folder = produce(BENXI, tmp_path).directory
    with zipfile.ZipFile(folder / REPORT_FILE) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
        core = archive.read("docProps/core.xml").decode()
    assert '<dcterms:modified xsi:type="dcterms:W3CDTF">2023-11-14T22:13:20Z<' in core


def test_without_epoch_the_report_date_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    folder = produce(BENXI, tmp_path).directory
    with zipfile.ZipFile(folder / WORKBOOK_FILE) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 12, 1, 0, 0, 0)}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_shipped_templates_pass_their_check(kind: str) -> None:
    result = CliRunner().invoke(
        main, ["templates", "check", "--kind", kind, str(TEMPLATES / f"{kind}.docx")]
    )
    assert result.exit_code == 0, result.output


def test_an_unknown_kind_is_named(write_scenario) -> None:
    folder = write_scenario({"scenario.yaml": "kind: hubei\nproject: {name: x}\n"})
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(folder / "out")])
    assert result.exit_code == 2
    assert "scenario.yaml:1 kind: unknown kind 'hubei'; known kinds: " in result.output


def test_a_failed_build_leaves_the_previous_output(benxi_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    folder = produce(benxi_copy, out).directory
    before = file_bytes(folder)
    scenario = benxi_copy / "scenario.yaml"
    scenario.write_text(
        scenario.read_text(encoding="utf-8").replace("weight", "weigth", 1) + "\nfindings: [",
        encoding="utf-8",
    )
    with pytest.raises(ReportgenError):
        produce(benxi_copy, out)
    assert file_bytes(folder) == before


def test_a_failing_template_leaves_the_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    folder = produce(BENXI, out).directory
    before = file_bytes(folder)
    broken = edited_template(tmp_path, "{{ project.name }}", "{{ projekt.name }}")
    with pytest.raises(ReportgenError, match="projekt"):
        produce(BENXI, out, broken)
    assert file_bytes(folder) == before
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]


def edited_template(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the shipped template with one piece of its document text replaced."""
    target = tmp_path / "edited.docx"
    with zipfile.ZipFile(SHIPPED) as source, zipfile.ZipFile(target, "w") as copy:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.decode().replace(old, new, 1).encode()
            copy.writestr(info, data)
    return target


def test_the_sandbox_refuses_unsafe_attributes(tmp_path: Path) -> None:
    unsafe = edited_template(tmp_path, "{{ project.name }}", "{{ project.__class__.__mro__ }}")
    with pytest.raises(ReportgenError, match="template error"):
        produce(BENXI, tmp_path / "out", unsafe)


def test_text_with_template_syntax_and_markup_stays_literal(
    benxi_copy: Path, tmp_path: Path
) -> None:
    scenario = benxi_copy / "scenario.yaml"
    text = scenario.read_text(encoding="utf-8")
    tricky = '"含{{ project.name }}与{% if x %}及<b>粗</b>&控制\\x01符"'
    text = text.replace(
        "  short_name: 城乡居民大病保险及职工大额医疗费用补助保险",
        f"  short_name: x\n  evaluator: {tricky}",
    )
    text = text.replace(
        "    remark: 市医保局遵守相关法律法规和相关管理规定，项目调整及支出调整手续完备。",
        f"    remark: {tricky}",
    )
    text = text.replace("  evaluator: 绩效评价工作组\n", "")
    scenario.write_text(text, encoding="utf-8")
    document = open_document(produce(benxi_copy, tmp_path).directory / REPORT_FILE)
    body = full_text(document)
    literal = "含{{ project.name }}与{% if x %}及<b>粗</b>&控制符"
    assert f"评价机构：{literal}" in body
    assert f"制度执行有效性。{literal}" in body
    assert "\x01" not in body


def test_undefined_variable_is_named(tmp_path: Path) -> None:
    broken = edited_template(tmp_path, "{{ report_date }}", "{{ report_day }}")
    result = CliRunner().invoke(
        main, ["build", str(BENXI), "-o", str(tmp_path / "o"), "--template", str(broken)]
    )
    assert result.exit_code == 2
    assert "report_day" in result.output and "undefined" in result.output


def test_templates_check_accepts_the_shipped_template() -> None:
    result = CliRunner().invoke(main, ["templates", "check", str(SHIPPED)])
    assert result.exit_code == 0, result.output
    assert "every variable is provided" in result.output


def test_templates_check_names_what_the_context_lacks(tmp_path: Path) -> None:
    edited = edited_template(
        tmp_path, "{{ dimension.summary }}", "{{ dimension.sumary }}{{ budget.total }}"
    )
    result = CliRunner().invoke(main, ["templates", "check", str(edited)])
    assert result.exit_code == 2
    assert "'dimensions[].sumary'" in result.output
    assert "does not provide; did you mean dimensions[].summary?" in result.output
    assert (
        "'budget.total', which the performance_report context does not provide\n" in result.output
    )


def test_build_warns_about_lost_points_no_problem_explains(
    benxi_copy: Path, tmp_path: Path
) -> None:
    scenario = benxi_copy / "scenario.yaml"
    scenario.write_text(
        scenario.read_text(encoding="utf-8").replace("indicators: [成本控制]", "indicators: []"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["build", str(benxi_copy), "-o", str(tmp_path)])
    assert result.exit_code == 0
    assert "warning: benxi-2022: 成本控制 lost 3 points" in result.output


def test_build_command_reports_each_scenario(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(BENXI), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (
        "benxi-2022: 本溪市城乡居民大病保险及职工大额医疗费用补助保险承办权项目，综合得分 95.00，评价等级 优"
        in result.output
    )
    assert (tmp_path / "benxi-2022" / SCORES_FILE).is_file()


def test_goals_section_appears_only_when_given(benxi_copy: Path, tmp_path: Path) -> None:
    def headings(folder: Path) -> list[str]:
        from tests.docx_reading import texts_with_style

        return texts_with_style(open_document(folder / REPORT_FILE), "Heading2")

    assert "（三）项目绩效目标" not in headings(produce(benxi_copy, tmp_path / "a").directory)
    scenario = benxi_copy / "scenario.yaml"
    text = scenario.read_text(encoding="utf-8").replace(
        "narrative:\n", "narrative:\n  goals: 确保参保人员待遇按时足额给付。\n", 1
    )
    scenario.write_text(text, encoding="utf-8")
    folder = produce(benxi_copy, tmp_path / "b").directory
    assert headings(folder)[:3] == ["（一）项目概况", "（二）资金使用情况", "（三）项目绩效目标"]
    assert "确保参保人员待遇按时足额给付。" in full_text(open_document(folder / REPORT_FILE))


def test_cleaned_template_parts_are_cached_by_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportgen.render import engine

    monkeypatch.setenv("REPORTGEN_CACHE", str(tmp_path / "cache"))
    part = b"<w:p><w:r><w:t>{{ project.</w:t></w:r><w:r><w:t>name }}</w:t></w:r></w:p>"
    first = engine.patched_source(part)
    assert "{{ project.name }}" in first
    cached = list((tmp_path / "cache" / "templates").iterdir())
    assert len(cached) == 1
    cached[0].write_text("from the cache", encoding="utf-8")
    assert engine.patched_source(part) == "from the cache"
