"""Every shipped scenario, of every scheme, built in one batch: valid documents that render.

This is what an office runs: `reportgen batch scenarios`. Each scheme's own tests check
its figures; here the whole folder must build, every Word and Excel file must pass the
Open XML SDK validator with no error, and every Word file must lay out in LibreOffice
with its title on the page and sample data marked as such.
"""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from reportgen.batch import BatchReport, find_scenarios, run_batch
from tests.conftest import SCENARIOS
from tests.external_tools import (
    describe_errors,
    pdf_pages,
    pdf_text,
    poppler_available,
    render_pdfs,
    require,
    soffice_available,
    validate_many,
    validator_available,
)

SAMPLE_MARK = "示例数据"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> tuple[BatchReport, Path]:
    output = tmp_path_factory.mktemp("shipped")
    return run_batch(SCENARIOS, output, jobs=2), output


def _documents(output: Path, suffix: str) -> list[Path]:
    return sorted(output.rglob(f"*{suffix}"))


def test_every_scenario_builds(shipped: tuple[BatchReport, Path]) -> None:
    report, _ = shipped
    assert report.failed == [], "\n".join(e for o in report.failed for e in o.errors)
    assert len(report.outcomes) == len(find_scenarios(SCENARIOS))


def test_every_scheme_is_shipped_with_a_sample(shipped: tuple[BatchReport, Path]) -> None:
    report, output = shipped
    schemes = {unit["scheme"] for unit in report.units}
    assert schemes == {
        "performance_report",
        "settlement",
        "hubei_rating",
        "assessment_form",
        "designation_review",
        "self_evaluation",
    }
    summary = json.loads((output / "summary.json").read_text(encoding="utf-8"))
    assert len(summary["units"]) == len(report.units)


def test_every_document_passes_the_validator(shipped: tuple[BatchReport, Path]) -> None:
    _, output = shipped
    require(validator_available(), "the Open XML SDK validator (run `npm ci`)")
    files = _documents(output, ".docx") + _documents(output, ".xlsx")
    assert len(files) > 20
    found = validate_many(files)
    broken = {path.name: errors for path, errors in found.items() if errors}
    assert broken == {}, "\n".join(
        f"{name}:\n{describe_errors(errors)}" for name, errors in broken.items()
    )


def test_every_document_renders_with_its_title(
    shipped: tuple[BatchReport, Path], tmp_path: Path
) -> None:
    _, output = shipped
    require(soffice_available(), "LibreOffice (soffice)")
    require(poppler_available(), "poppler (pdfinfo, pdftotext)")
    for folder in sorted({d.parent for d in _documents(output, ".docx")}):
        documents = _documents(folder, ".docx")
        pdfs = render_pdfs(documents, tmp_path / folder.name)
        for document, pdf in zip(documents, pdfs, strict=True):
            assert pdf_pages(pdf) >= 1
            title = docx.Document(str(document)).core_properties.title
            seen = "".join(pdf_text(pdf).split())
            assert title and "".join(title.split()) in seen, document.name
            if folder.name != "benxi-2022":
                assert SAMPLE_MARK in seen, document.name


def test_no_document_makes_word_ask_to_update_its_fields(
    shipped: tuple[BatchReport, Path],
) -> None:
    import zipfile

    _, output = shipped
    documents = _documents(output, ".docx")
    assert len(documents) > 40
    for path in documents:
        with zipfile.ZipFile(path) as archive:
            settings = archive.read("word/settings.xml")
            body = archive.read("word/document.xml")
        assert b"updateFields" not in settings, path.name
        assert b"w:dirty" not in body, path.name
    report = next(p for p in documents if p.name == "绩效评价报告.docx")
    with zipfile.ZipFile(report) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert " TOC " in body and "一、基本情况" in body  # the contents hold their entries


def test_page_numbers_are_right_on_odd_pages_and_left_on_even(
    shipped: tuple[BatchReport, Path],
) -> None:
    """GB/T 9704-2012 7.5: 单页码居右空一字，双页码居左空一字."""
    import zipfile

    _, output = shipped
    for path in _documents(output, ".docx"):
        with zipfile.ZipFile(path) as archive:
            settings = archive.read("word/settings.xml")
            body = archive.read("word/document.xml")
            odd = archive.read("word/footer1.xml")
            even = archive.read("word/footer2.xml")
        assert b"<w:evenAndOddHeaders/>" in settings, path.name
        assert body.count(b'w:footerReference w:type="even"') == body.count(
            b'w:footerReference w:type="default"'
        ), path.name
        assert b'<w:jc w:val="right"/>' in odd and b'<w:jc w:val="left"/>' in even, path.name
        assert b" PAGE " in odd and b" PAGE " in even


def test_every_portrait_page_has_the_grid_of_28_characters_by_22_lines(
    shipped: tuple[BatchReport, Path],
) -> None:
    """GB/T 9704-2012 5.2.2: 一般每面排22行，每行排28个字 on the 156 × 225 mm 版心."""
    import re
    import zipfile

    _, output = shipped
    portrait = 0
    for path in _documents(output, ".docx"):
        with zipfile.ZipFile(path) as archive:
            body = archive.read("word/document.xml").decode("utf-8")
            styles = archive.read("word/styles.xml").decode("utf-8")
        for section in re.findall(r"<w:sectPr\b.*?</w:sectPr>", body, re.S):
            if 'w:orient="landscape"' in section:
                continue
            portrait += 1
            size = re.search(r'<w:pgSz w:w="(\d+)" w:h="(\d+)"', section)
            margins = re.search(
                r'<w:pgMar w:top="(\d+)" w:right="(\d+)" w:bottom="(\d+)" w:left="(\d+)"', section
            )
            grid = re.search(
                r'<w:docGrid w:type="lines" w:linePitch="(\d+)" w:charSpace="(-?\d+)"/>', section
            )
            assert size and margins and grid, (path.name, section)
            width = int(size.group(1)) - int(margins.group(2)) - int(margins.group(4))
            height = int(size.group(2)) - int(margins.group(1)) - int(margins.group(3))
            assert height // int(grid.group(1)) == 22, path.name
            pitch = 16 + int(grid.group(2)) / 4096  # points per character of 3号
            assert round(width / 20 / pitch) == 28, path.name
        normal = re.search(r'<w:style [^>]*w:styleId="Normal".*?</w:style>', styles, re.S)
        assert normal and '<w:spacing w:val="-5"/>' in normal.group(0), path.name  # 15.75 pt × 28
    assert portrait >= 12  # the report's three, each notice's and application's


def test_a_closing_is_kept_with_the_text_above_it_with_room_for_the_seal(
    shipped: tuple[BatchReport, Path],
) -> None:
    import re
    import zipfile

    _, output = shipped
    notices = [
        p
        for p in _documents(output, ".docx")
        if p.name.startswith(("一次性告知书", "不予受理决定书"))
    ]
    assert len(notices) == 3
    for path in notices:
        with zipfile.ZipFile(path) as archive:
            body = archive.read("word/document.xml").decode("utf-8")
            styles = archive.read("word/styles.xml").decode("utf-8")
        paragraphs = re.findall(r"<w:p>.*?</w:p>", body, re.S)
        texts = ["".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p)) for p in paragraphs]
        first = next(i for i, p in enumerate(paragraphs) if 'w:val="Signature"' in p)
        assert texts[first - 1].startswith("联系方式")
        assert texts[first - 2].startswith(("请于", "根据")), texts[first - 2]
        for paragraph in paragraphs[first - 2 : first + 1]:
            assert "<w:keepNext/>" in paragraph, path.name
        assert "<w:widowControl/>" in paragraphs[first - 2]  # two of its lines go along
        assert "<w:keepNext/>" not in paragraphs[first + 1]  # the date ends it
        signature = re.search(r'<w:style [^>]*w:styleId="Signature".*?</w:style>', styles, re.S)
        assert signature and 'w:before="1120"' in signature.group(0)  # two lines for the seal
        assert "<w:contextualSpacing/>" in signature.group(0)  # none between 署名 and date


def test_the_report_ends_its_body_with_the_attachment_line_and_labels_it_flush_left(
    shipped: tuple[BatchReport, Path],
) -> None:
    """GB/T 9704-2012 7.3.4 附件说明 and 8 附件: "附件" 顶格."""
    _, output = shipped
    document = docx.Document(str(next(output.rglob("绩效评价报告.docx"))))
    paragraphs = document.paragraphs
    note = next(i for i, p in enumerate(paragraphs) if p.text.startswith("附件："))
    assert (
        paragraphs[note].text
        == "附件：本溪市城乡居民大病保险及职工大额医疗费用补助保险承办权项目绩效评价指标得分表"
    )
    assert (
        paragraphs[note - 1].text.strip() and paragraphs[note - 1].paragraph_format.keep_with_next
    )
    label = next(p for p in paragraphs[note + 1 :] if p.text == "附件")
    assert label.paragraph_format.first_line_indent == 0


def test_every_workbook_prints_one_page_wide_with_its_titles_and_formats(
    shipped: tuple[BatchReport, Path],
) -> None:
    import openpyxl

    _, output = shipped
    workbooks = _documents(output, ".xlsx")
    assert len(workbooks) >= 3  # 指标得分表, 自评表 and the batch summary
    for path in workbooks:
        for sheet in openpyxl.load_workbook(path).worksheets:
            where = f"{path.name}!{sheet.title}"
            assert sheet.sheet_properties.pageSetUpPr.fitToPage, where
            assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0), where
            assert sheet.print_options.horizontalCentered, where
            assert sheet.page_setup.paperSize == 9 and sheet.page_margins.left == 0.5, where
            if sheet.freeze_panes:
                assert sheet.print_title_rows, where  # the header repeats on every page
        _merged_ranges_are_bordered(path)
    report = openpyxl.load_workbook(output / "benxi-2022" / "指标得分表.xlsx").active
    cells = [c for row in report.iter_rows() for c in row if isinstance(c.value, float)]
    assert cells and all(c.number_format == "0.00" for c in cells)  # 5.00, as the report says
    wrapped = [report.row_dimensions[r].height for r in range(3, report.max_row + 1)]
    assert max(h or 0 for h in wrapped) > 60  # rows as tall as their 评价要点


def _merged_ranges_are_bordered(path: Path) -> None:
    """Every cell of a merged range in a bordered table is written with the border, not only
    the first (read from the sheets' XML: a reader may fill merged cells in itself)."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as archive:
        styles = archive.read("xl/styles.xml").decode("utf-8")
        cell_formats = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.S)
        assert cell_formats is not None
        borders = [int(b) for b in re.findall(r'<xf [^>]*borderId="(\d+)"', cell_formats.group(1))]
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        for name in sheets:
            xml = archive.read(name).decode("utf-8")
            styled = {ref: int(s) for ref, s in re.findall(r'<c r="([A-Z]+\d+)" s="(\d+)"', xml)}
            for first, last in re.findall(r'<mergeCell ref="([A-Z]+\d+):([A-Z]+\d+)"/>', xml):
                if not borders[styled.get(first, 0)]:
                    continue  # a title over the table
                (c1, r1), (c2, r2) = (re.match(r"([A-Z]+)(\d+)", x).groups() for x in (first, last))
                for row in range(int(r1), int(r2) + 1):
                    for column in range(ord(c1), ord(c2) + 1):
                        ref = f"{chr(column)}{row}"
                        assert borders[styled.get(ref, 0)], (path.name, name, ref)


def test_totals_are_formulas_caching_the_totals_the_documents_show(
    shipped: tuple[BatchReport, Path],
) -> None:
    import openpyxl

    _, output = shipped
    path = output / "benxi-2022" / "指标得分表.xlsx"
    formulas = openpyxl.load_workbook(path).active
    cached = openpyxl.load_workbook(path, data_only=True).active
    total = next(
        r for r in range(1, formulas.max_row + 1) if formulas.cell(r, 1).value == "综合得分"
    )
    assert formulas.cell(total, 8).value == f"=SUM(H3:H{total - 1})"
    parts = [cached.cell(r, 8).value for r in range(3, total)]
    assert cached.cell(total, 8).value == 95 == round(sum(parts), 2)
    scores = json.loads((output / "benxi-2022" / "scores.json").read_text(encoding="utf-8"))
    assert f"{cached.cell(total, 8).value:.2f}" == f"{scores['total']:.2f}"

    forms = openpyxl.load_workbook(output / "self-evaluation-2025" / "自评表.xlsx")
    sheet, values = (
        forms.active,
        openpyxl.load_workbook(
            output / "self-evaluation-2025" / "自评表.xlsx", data_only=True
        ).active,
    )
    totals = [r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 2).value == "总分"]
    assert len(totals) == 3
    for row in totals:
        assert str(sheet.cell(row, 8).value).startswith("=SUM(H")
        assert (
            str(sheet.cell(row, 7).value).startswith("=SUM(G") and values.cell(row, 7).value == 100
        )
    rates = [c for row in sheet.iter_rows() for c in row if c.number_format.endswith("%")]
    assert rates and all(isinstance(c.value, (int, float)) and c.value <= 1.5 for c in rates)
    # Each rate shown with the decimals its form gives it (100%, 95.00%).
    assert {c.number_format for c in rates} <= {"0%", "0.0%", "0.00%"}


def test_the_summary_has_a_level_column_ranks_per_level_and_a_sheet_per_scheme(
    shipped: tuple[BatchReport, Path],
) -> None:
    import openpyxl

    _, output = shipped
    workbook = openpyxl.load_workbook(output / "summary.xlsx")
    assert workbook.sheetnames[0] == "汇总"
    assert {"建设规范评定结果通报", "绩效评价报告", "考核评分表"} <= set(workbook.sheetnames)
    rows = list(workbook["汇总"].iter_rows(min_row=2, values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:4] == ("方案", "场景", "层级", "单位")
    assert not [r for r in body if r[0] and r[0].isascii()]  # every 方案 in Chinese
    hubei = [r for r in body if r[0] == "建设规范评定结果通报"]
    levels = [r[2] for r in hubei]
    assert levels == sorted(levels, key=["市州", "市州本级", "县级"].index)  # tier after tier
    for level in ("市州", "市州本级", "县级"):
        ranks = [r[7] for r in hubei if r[2] == level]
        assert ranks[0] == 1 and ranks == sorted(ranks), level  # each tier ranked on its own
    own = list(workbook["建设规范评定结果通报"].iter_rows(min_row=2, values_only=True))
    assert own[0][:3] == ("场景", "层级", "单位") and len(own) - 1 == len(hubei)
    benxi = next(r for r in body if r[1] == "benxi-2022")
    assert (
        benxi[4] == 95
        and workbook["汇总"].cell(2 + body.index(benxi) + 1, 5).number_format == "0.00"
    )  # 95.00, as the report says


def test_every_workbook_converts_to_pdf_one_page_wide_with_its_header_on_every_page(
    shipped: tuple[BatchReport, Path], tmp_path: Path
) -> None:
    require(soffice_available(), "LibreOffice")
    require(poppler_available(), "poppler (pdfinfo, pdftotext)")
    import openpyxl

    _, output = shipped
    workbooks = _documents(output, ".xlsx")
    pdfs = render_pdfs(workbooks, tmp_path)
    for workbook, pdf in zip(workbooks, pdfs, strict=True):
        headers = []
        for sheet in openpyxl.load_workbook(workbook).worksheets:
            header_row = int(sheet.print_title_rows.split(":")[-1].strip("$"))
            headers.append([str(c.value) for c in sheet[header_row] if c.value])
        pages = pdf_text(pdf).split("\f")[: pdf_pages(pdf)]
        assert len(pages) >= len(headers)
        for number, page in enumerate(pages, start=1):
            flat = "".join(page.split())
            # The first and the last column's headers on every page (of a sheet): each
            # sheet prints one page wide, its header repeated.
            assert any(h[0] in flat and h[-1] in flat for h in headers), (workbook.name, number)
