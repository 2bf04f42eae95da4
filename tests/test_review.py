"""Reviewers' diff: one changed finding shows as exactly its score, sentences and cells.

The Benxi scenario is built twice, the second time with 资金拨付及时率 in its middle
tier (3 of 7 points). Everything that follows from that change — the indicator's
sentence and cells, the 产出 dimension, the total — must be reported, and nothing else.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reportgen.build import produce
from reportgen.cli import main
from reportgen.review.chardiff import marked
from reportgen.review.compare import compare
from reportgen.review.redline import engine_available
from tests.conftest import BENXI, SCENARIOS
from tests.external_tools import (
    describe_errors,
    pdf_text,
    render_pdf,
    require,
    soffice_available,
    validate_ooxml,
    validator_available,
)

REPORT = "绩效评价报告.docx"
FULL_TIER = "    tier: 资金拨付及时率为100%"
MIDDLE_TIER = "    tier: 资金拨付及时率未达到100%，但在年度内发放完成"
INDICATOR = "产出 › 时效指标 › 资金拨付及时率"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _scenario_tree(root: Path) -> Path:
    shutil.copytree(SCENARIOS / "frameworks", root / "frameworks")
    shutil.copytree(BENXI, root / "benxi-2022")
    return root / "benxi-2022"


def _change_finding(scenario: Path) -> None:
    path = scenario / "scenario.yaml"
    text = path.read_text(encoding="utf-8")
    assert FULL_TIER in text
    path.write_text(text.replace(FULL_TIER, MIDDLE_TIER), encoding="utf-8")


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The output folders of the original scenario and of the changed one."""
    root = tmp_path_factory.mktemp("review")
    scenario = _scenario_tree(root / "scenarios")
    old = produce(scenario, root / "old").directory
    _change_finding(scenario)
    new = produce(scenario, root / "new").directory
    return old, new


def test_identical_drafts_exit_0(drafts: tuple[Path, Path], tmp_path: Path) -> None:
    old, _ = drafts
    again = produce(BENXI, tmp_path).directory
    result = CliRunner().invoke(main, ["diff", str(old), str(again)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "no differences"


def test_one_changed_finding_moves_exactly_its_scores(drafts: tuple[Path, Path]) -> None:
    review = compare(*drafts)
    moved = {(s.path, s.field): (s.old, s.new) for s in review.scores}
    assert moved == {
        ("", "total"): (95, 91),
        ("", "rate"): (95, 91),
        ("", "subtotal"): (95, 91),
        ("产出", "score"): (29, 25),
        ("产出", "rate"): (90.63, 78.13),
        ("产出", "grade"): ("优", "中"),
        ("产出 › 时效指标", "score"): (7, 3),
        ("产出 › 时效指标", "rate"): (100, 42.86),
        (INDICATOR, "score"): (7, 3),
        (INDICATOR, "rate"): (100, 42.86),
        (INDICATOR, "reasons"): ([], ["资金拨付及时率未达到100%，但在年度内发放完成，得3分"]),
    }


def test_one_changed_finding_moves_exactly_its_sentences_and_cells(
    drafts: tuple[Path, Path],
) -> None:
    [document] = compare(*drafts).documents
    assert document.name == REPORT
    found = [(c.section.split(" › ")[0], c.where, c.marked) for c in document.changes]
    assert [(section, where) for section, where, _ in found] == [
        ("三、综合评价情况及评价结论", ""),
        ("三、综合评价情况及评价结论", "表3-1 第4行（产出） 最终得分"),
        ("三、综合评价情况及评价结论", "表3-1 第4行（产出） 得分率"),
        ("三、综合评价情况及评价结论", "表3-1 第6行（总计） 最终得分"),
        ("三、综合评价情况及评价结论", "表3-1 第6行（总计） 得分率"),
        ("四、绩效评价指标分析", ""),
        ("四、绩效评价指标分析", "表4-3 第6行（资金拨付及时率） 指标得分"),
        ("四、绩效评价指标分析", "表4-3 第7行（合计） 指标得分"),
        ("四、绩效评价指标分析", ""),
        ("附件", f"{_appendix_caption(drafts[1])} 第16行（资金拨付及时率） 得分"),
        ("附件", f"{_appendix_caption(drafts[1])} 第16行（资金拨付及时率） 扣分原因"),
        ("附件", f"{_appendix_caption(drafts[1])} 第20行 得分"),
    ]
    marks = [m for _, _, m in found]
    assert "综合得分为[-95.00-]{+91.00+}分" in marks[0]
    assert "得分[-29.00-]{+25.00+}分，指标得分率为[-90.63%-]{+78.13%+}" in marks[5]
    assert "该项指标满分7分，实际得分[-7.00-]{+3.00+}分。{+扣分原因：" in marks[8]


def _appendix_caption(output: Path) -> str:
    from reportgen.review.outline import read_outline

    return [b.table.label for b in read_outline(output / REPORT).blocks if b.table][-1]


def test_cli_prints_changes_by_section_and_exits_1(drafts: tuple[Path, Path]) -> None:
    result = CliRunner().invoke(main, ["diff", *map(str, drafts)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"  {INDICATOR} · score: 7 → 3" in lines
    assert "  § 四、绩效评价指标分析 › （三）项目产出情况 › 4.时效指标" in lines
    assert lines[-1] == "12 changed paragraphs and cells in 1 document, 11 changed score values"


def test_json_for_machines(drafts: tuple[Path, Path]) -> None:
    result = CliRunner().invoke(main, ["diff", "--json", *(str(d / REPORT) for d in drafts)])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["identical"] is False
    assert {"path": INDICATOR, "field": "score", "old": 7, "new": 3} in data["scores"]
    [document] = data["documents"]
    assert len(document["changes"]) == 12
    assert document["changes"][0]["old"].endswith("综合得分为95.00分，评价等级为“优”。")


def test_chinese_is_compared_by_character_and_numbers_whole() -> None:
    assert marked("管理制度健全性", "管理制度完整性") == "管理制度[-健全-]{+完整+}性"
    assert marked("保费收入3,520.21万元", "保费收入3,776.75万元") == (
        "保费收入[-3,520.21-]{+3,776.75+}万元"
    )


def test_redline_marks_only_the_changes_and_is_valid(
    drafts: tuple[Path, Path], tmp_path: Path
) -> None:
    require(engine_available(), "the redline engine (pip install 'reportgen[redline]')")
    target = tmp_path / "redline.docx"
    old, new = (d / REPORT for d in drafts)
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "--redline", str(target)])
    assert result.exit_code == 1, result.output
    inserted, deleted = _tracked_text(target)
    assert "91.00" in inserted and "95.00" in deleted
    assert "扣分原因：资金拨付及时率未达到100%" in inserted
    assert "本溪市" not in deleted  # unchanged text is not marked
    first = target.read_bytes()
    CliRunner().invoke(main, ["diff", str(old), str(new), "--redline", str(target)])
    assert target.read_bytes() == first
    require(validator_available(), "the Open XML SDK validator (run `npm ci`)")
    errors = validate_ooxml(target)
    assert errors == [], describe_errors(errors)
    require(soffice_available(), "LibreOffice (soffice)")
    seen = "".join(pdf_text(render_pdf(target, tmp_path / "pdf")).split())
    assert "综合得分为91.00" in seen or "91.0095.00" in seen


def _tracked_text(path: Path) -> tuple[str, str]:
    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    inserted = "".join(t.text or "" for ins in root.iter(f"{W}ins") for t in ins.iter(f"{W}t"))
    deleted = "".join(t.text or "" for d in root.iter(f"{W}del") for t in d.iter(f"{W}delText"))
    return inserted, deleted


def test_build_compare_to_writes_the_redline_beside_the_report(tmp_path: Path) -> None:
    require(engine_available(), "the redline engine (pip install 'reportgen[redline]')")
    scenario = _scenario_tree(tmp_path / "scenarios")
    output = tmp_path / "output"
    build = ["build", str(scenario), "-o", str(output), "--compare-to", str(output)]
    assert CliRunner().invoke(main, build[:4]).exit_code == 0
    _change_finding(scenario)
    result = CliRunner().invoke(main, build)
    assert result.exit_code == 0, result.output
    redline = output / "benxi-2022" / "绩效评价报告-修订对照.docx"
    assert f"redline → {redline}" in result.output
    assert "91.00" in _tracked_text(redline)[0]
    again = CliRunner().invoke(main, build)
    assert "no document changed" in again.output
    assert not redline.exists()


def test_build_compare_to_a_folder_without_that_draft_says_so(tmp_path: Path) -> None:
    require(engine_available(), "the redline engine (pip install 'reportgen[redline]')")
    scenario = _scenario_tree(tmp_path / "scenarios")
    elsewhere = tmp_path / "other-drafts"
    elsewhere.mkdir()
    build = ["build", str(scenario), "-o", str(tmp_path / "out"), "--compare-to", str(elsewhere)]
    result = CliRunner().invoke(main, build)
    assert result.exit_code == 0, result.output
    assert f"no earlier draft of benxi-2022 in {elsewhere}" in result.output
    assert "no document changed" not in result.output


def test_folder_and_file_are_not_compared(drafts: tuple[Path, Path]) -> None:
    old, new = drafts
    result = CliRunner().invoke(main, ["diff", str(old), str(new / REPORT)])
    assert result.exit_code == 2
    assert "compare a folder with a folder" in result.output


def test_tables_renumbered_or_moved_with_a_chapter_change_no_cell(tmp_path: Path) -> None:
    """Chapter 三 moved before 一 in the template: 表1-1 becomes 表2-1 and 表3-1 becomes 表1-1.
    Tables are paired by title, a table that moved whole changes nothing: only paragraphs
    (the moved chapter, the captions' numbers) are reported."""
    from tests.test_template_edits import chapter, edited_template

    def move(document: Any) -> None:
        moved = chapter(document, "三、综合评价情况及评价结论", "四、绩效评价指标分析")
        first = chapter(document, "一、基本情况", "二、绩效评价工作开展情况")[0]
        for element in moved:
            first.addprevious(element)

    house = edited_template(tmp_path, "python-docx", move)
    for out, extra in (("before", []), ("after", ["--templates", str(house)])):
        result = CliRunner().invoke(main, ["build", str(BENXI), "-o", str(tmp_path / out), *extra])
        assert result.exit_code == 0, result.output
    [document] = compare(
        tmp_path / "before" / "benxi-2022", tmp_path / "after" / "benxi-2022"
    ).documents
    assert document.changes and all(change.where == "" for change in document.changes)
    pairs = {(c.old, c.new) for c in document.changes}
    assert ("表1-1 居民大病资金使用情况表", "表2-1 居民大病资金使用情况表") in pairs
