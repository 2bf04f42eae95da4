"""Titles and captions broken between words (GB/T 9704 7.3.1), read back from the documents."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from reportgen.build import produce
from reportgen.render.headlines import TitleStyle, break_title, broken_titles, width
from tests.conftest import SCENARIOS
from tests.docx_reading import open_document


@pytest.mark.parametrize(
    ("title", "per_line", "lines"),
    [
        (
            "本溪市城乡居民大病保险及职工大额医疗费用补助保险承办权项目",
            20,
            ["本溪市城乡居民大病保险及职工", "大额医疗费用补助保险承办权项目"],
        ),
        (
            "关于2025年度全省医疗保障经办机构管理服务能力提升建设规范评定结果的通报",
            20,
            ["关于2025年度全省医疗保障经办机构", "管理服务能力提升建设规范评定结果的通报"],
        ),
        (
            "表2-1 本溪市城乡居民大病保险及职工大额医疗费用补助保险承办权项目绩效评价指标体系",
            31,
            [
                "表2-1 本溪市城乡居民大病保险及职工大额",
                "医疗费用补助保险承办权项目绩效评价指标体系",
            ],
        ),
        (
            "2024年度长期护理保险委托经办机构考核评分表",
            20,
            ["2024年度长期护理保险", "委托经办机构考核评分表"],
        ),
        ("绩效评价报告", 20, ["绩效评价报告"]),  # short titles stay one line
    ],
)
def test_a_long_title_breaks_between_words_into_even_lines(
    title: str, per_line: int, lines: list[str]
) -> None:
    assert break_title(title, per_line) == lines
    assert all(width(line) <= per_line for line in lines)


def test_no_break_splits_a_number_or_puts_punctuation_first() -> None:
    for line in break_title("关于（2025）年度第12345678号文件的补充通知，以及相关事项的说明", 12)[
        1:
    ]:
        assert not line.startswith(("，", "）", "号"))
    lines = break_title("2025年度第12345678号文件的补充通知和说明", 10)
    assert any("12345678" in line for line in lines)


def test_a_title_with_a_break_of_its_own_is_left_as_written() -> None:
    paragraph = (
        '<w:body><w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>长期护理保险定点评估机构申请</w:t>'
        "<w:br/><w:t>材料补正一次性告知书材料补正一次性告知书</w:t></w:r></w:p></w:body>"
    ).encode()
    assert broken_titles(paragraph, {"Title": TitleStyle(440)}) == paragraph


def test_the_report_cover_and_captions_come_out_broken_between_words(tmp_path: Path) -> None:
    result = produce(SCENARIOS / "benxi-2022", tmp_path)
    report = next(p for p in result.files if p.suffix == ".docx")
    document = open_document(report)
    by_style = {}
    for paragraph in document.paragraphs:
        if paragraph.style is not None:
            by_style.setdefault(paragraph.style.style_id, []).append(paragraph.text)
    assert by_style["Title"][0] == "本溪市城乡居民大病保险及职工\n大额医疗费用补助保险承办权项目"
    captions = [c for c in by_style["TableCaption"] if "\n" in c]
    assert (
        "表2-1 本溪市城乡居民大病保险及职工大额\n医疗费用补助保险承办权项目绩效评价指标体系"
        in captions
    )
    cover = next(t for t in by_style["CoverInfo"] if t.startswith("项目名称"))
    assert cover == "项目名称：本溪市城乡居民大病保险及\n职工大额医疗费用补助保险承办权项目"
    xml = zipfile.ZipFile(report).read("word/document.xml")
    assert xml.count(b"<w:br/>") >= 4
