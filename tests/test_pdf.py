"""PDFs beside the documents: `build --pdf` and `batch --pdf` through a warm LibreOffice.

Every PDF is read back with poppler and pypdf: the contents page gives each
chapter the page number printed at the foot of the page where it starts, the
bookmarks follow the headings, every font is embedded; the .docx's contents
carry the same numbers.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.pdf import ConversionFailed, PdfConverter, find_office
from reportgen.pdf.office import OfficeMissing
from reportgen.render.contents_pages import numbered_contents, with_page_numbers
from tests.docx_reading import open_document
from tests.external_tools import poppler_available, require

ROOT = Path(__file__).resolve().parent.parent
FOOT = re.compile(r"^\s*[—-]\s*(\d+)\s*[—-]\s*$", re.M)
LEADER = re.compile(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$")


def office_ready() -> bool:
    try:
        find_office()
    except OfficeMissing:
        return False
    return True


def require_pdf_tools() -> None:
    require(office_ready(), "LibreOffice with its Python bridge (python3-uno)")
    require(poppler_available(), "poppler (pdftotext, pdffonts)")


@pytest.fixture(scope="module")
def benxi_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_pdf_tools()
    out = tmp_path_factory.mktemp("pdf")
    result = CliRunner().invoke(
        main, ["build", str(ROOT / "scenarios" / "benxi-2022"), "-o", str(out), "--pdf"]
    )
    assert result.exit_code == 0, result.output
    return out / "benxi-2022" / "绩效评价报告.pdf"


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[: len(pypdf.PdfReader(pdf).pages)]


def contents_lines(pages: list[str]) -> list[tuple[str, int]]:
    toc = next(page for page in pages if "目" in page and "录" in page and "...." in page)
    return [
        (found.group(1), int(found.group(2)))
        for line in toc.splitlines()
        if (found := LEADER.match(line))
    ]


def test_the_contents_page_numbers_are_the_pages_where_the_chapters_start(
    benxi_pdf: Path,
) -> None:
    pages = page_texts(benxi_pdf)
    lines = contents_lines(pages)
    titles = [title for title, _ in lines]
    assert titles[:3] == ["一、基本情况", "（一）项目概况", "（二）资金使用情况"]
    assert {"五、存在的问题", "六、有关建议", "附件"} <= set(titles)
    printed = [int(m.group(1)) if (m := FOOT.search(page)) else None for page in pages]
    toc_page = next(i for i, page in enumerate(pages) if "目" in page and "...." in page)
    for title, number in lines:
        starts = [
            i
            for i in range(toc_page + 1, len(pages))
            if any(line.strip() == title for line in pages[i].splitlines())
        ]
        assert starts, f"{title} is on no page after the contents"
        assert printed[starts[0]] == number, (title, number, printed[starts[0]])
    assert [n for _, n in lines] == sorted(n for _, n in lines)
    assert lines[-1][1] > 10  # the real layout, not every entry on page 1


def test_the_pdf_has_bookmarks_from_the_headings_and_its_properties(benxi_pdf: Path) -> None:
    reader = pypdf.PdfReader(benxi_pdf)

    def titles(outline: list) -> list[str]:
        return [
            t
            for item in outline
            for t in (titles(item) if isinstance(item, list) else [item.title])
        ]

    found = titles(reader.outline)
    assert found[:2] == ["一、基本情况", "（一）项目概况"]
    assert "（二）成本控制有待提升" in found and "附件" in found
    first = reader.outline[0]
    assert reader.get_destination_page_number(first) == 2  # after the cover and contents
    assert reader.metadata is not None
    assert "承办权项目绩效评价报告" in (reader.metadata.title or "")


def test_every_font_in_the_pdf_is_embedded(benxi_pdf: Path) -> None:
    listing = subprocess.run(
        ["pdffonts", str(benxi_pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert listing, "pdffonts lists no font"
    for line in listing:
        columns = line.split()
        embedded = columns[-5]  # emb sub uni object ID
        assert embedded == "yes", line


def test_the_docx_contents_carry_the_numbers_of_its_pdf(benxi_pdf: Path) -> None:
    docx = benxi_pdf.with_suffix(".docx")
    entries = [
        p.text
        for p in open_document(docx).paragraphs
        if p.style is not None and p.style.name.lower().startswith("toc")
    ]
    from_pdf = contents_lines(page_texts(benxi_pdf))
    assert [tuple(e.rsplit("\t", 1)) for e in entries if "\t" in e] == [
        (title, str(number)) for title, number in from_pdf
    ]
    xml = zipfile.ZipFile(docx).read("word/document.xml")
    assert b'w:leader="dot"' in xml and b"updateFields" not in xml


def test_without_libreoffice_the_documents_are_written_and_the_message_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPORTGEN_SOFFICE", str(tmp_path / "no-soffice"))
    result = CliRunner().invoke(
        main, ["build", str(ROOT / "scenarios" / "benxi-2022"), "-o", str(tmp_path), "--pdf"]
    )
    assert result.exit_code == 2
    assert "PDF output needs LibreOffice" in result.output
    assert "apt-get install libreoffice-writer-nogui python3-uno" in result.output
    assert "Traceback" not in result.output
    built = tmp_path / "benxi-2022"
    assert (built / "绩效评价报告.docx").is_file() and not list(built.glob("*.pdf"))


def test_a_batch_without_libreoffice_builds_everything_then_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPORTGEN_SOFFICE", str(tmp_path / "no-soffice"))
    tree = tmp_path / "tree"
    shutil.copytree(ROOT / "scenarios" / "frameworks", tree / "frameworks")
    shutil.copytree(ROOT / "scenarios" / "benxi-2022", tree / "benxi-2022")
    result = CliRunner().invoke(main, ["batch", str(tree), "-o", str(tmp_path / "out"), "--pdf"])
    assert result.exit_code == 2
    assert "PDF output needs LibreOffice" in result.output
    assert (tmp_path / "out" / "benxi-2022" / "绩效评价报告.docx").is_file()


@pytest.fixture(scope="module")
def shipped_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_pdf_tools()
    out = tmp_path_factory.mktemp("batch-pdf")
    result = CliRunner().invoke(
        main, ["batch", str(ROOT / "scenarios"), "-o", str(out), "--pdf", "-j", "2"]
    )
    assert result.exit_code == 0, result.output
    return out


def test_a_batch_writes_a_pdf_beside_every_document(shipped_pdfs: Path) -> None:
    documents = sorted(shipped_pdfs.rglob("*.docx"))
    assert len(documents) > 40
    for docx in documents:
        pdf = docx.with_suffix(".pdf")
        assert pdf.is_file(), f"no PDF beside {docx.name}"
        assert len(pypdf.PdfReader(pdf).pages) >= 1


def test_a_notice_ends_with_its_text_the_closing_and_room_for_the_seal(shipped_pdfs: Path) -> None:
    notices = sorted(
        p
        for p in shipped_pdfs.rglob("*.pdf")
        if p.name.startswith(("一次性告知书", "不予受理决定书", "受理通知书"))
    )
    assert len(notices) == 4
    for pdf in notices:
        last = [line.strip() for line in page_texts(pdf)[-1].splitlines() if line.strip()]
        body = [
            line
            for line in last
            if not line.startswith(("联系方式", "0471", "呼和浩特市医疗保障服务中心", "二〇"))
            and not FOOT.match(line)
        ]
        assert len(body) >= 2, (pdf.name, last)  # two lines of the text at least
        assert last[-3:-1] == ["呼和浩特市医疗保障服务中心", "二〇二五年五月二十六日"], pdf.name


def test_body_lines_hold_28_characters_and_pages_22_lines(benxi_pdf: Path) -> None:
    pages = page_texts(benxi_pdf)
    full_pages = 0
    widths = []
    for page in pages[2:]:
        lines = [line for line in page.splitlines() if line.strip() and not FOOT.match(line)]
        if any("...." in line or "  " in line.strip() for line in lines):
            continue  # a table or the contents: not running text
        widths += [len(line.strip()) for line in lines if not re.search(r"[\dA-Za-z%]", line)]
        full_pages += len(lines) == 22
        assert len(lines) <= 22
    assert full_pages >= 2
    assert max(widths) == 28 and widths.count(28) >= 30


def test_the_attachment_line_stays_with_the_end_of_the_body(benxi_pdf: Path) -> None:
    pages = page_texts(benxi_pdf)
    page = next(p for p in pages if "附件：本溪市" in p)
    lines = [line.strip() for line in page.splitlines() if line.strip() and not FOOT.match(line)]
    assert lines.index(next(line for line in lines if line.startswith("附件："))) >= 2
    label = next(p for p in pages if p.lstrip().startswith("附件\n"))
    assert label.splitlines()[0] == "附件"  # flush left: no indent before it


def test_a_batch_without_pdfs_after_one_with_them_rebuilds_and_removes_them(
    tmp_path: Path,
) -> None:
    require(office_ready(), "LibreOffice with its Python bridge (python3-uno)")
    tree = tmp_path / "tree"
    shutil.copytree(ROOT / "scenarios" / "frameworks", tree / "frameworks")
    shutil.copytree(ROOT / "scenarios" / "neimenggu-designation-2025", tree / "neimenggu")
    out = tmp_path / "out"
    first = CliRunner().invoke(main, ["batch", str(tree), "-o", str(out), "--pdf"])
    assert first.exit_code == 0, first.output
    assert list(out.rglob("*.pdf"))
    again = CliRunner().invoke(main, ["batch", str(tree), "-o", str(out)])
    assert again.exit_code == 0, again.output
    assert "0 unchanged" in again.output and not list(out.rglob("*.pdf"))


def test_a_document_libreoffice_cannot_open_fails_alone_and_the_converter_goes_on(
    tmp_path: Path,
) -> None:
    require(office_ready(), "LibreOffice with its Python bridge (python3-uno)")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a document")
    good = tmp_path / "good.docx"
    shutil.copy(ROOT / "templates" / "docx" / "designation_refusal.docx", good)
    with PdfConverter() as converter:
        with pytest.raises(ConversionFailed, match="no PDF made"):
            converter.convert(broken, tmp_path / "broken.pdf")
        converter.convert(good, tmp_path / "good.pdf")
    assert len(pypdf.PdfReader(tmp_path / "good.pdf").pages) >= 1


def test_a_conversion_over_its_time_limit_is_stopped_with_everything_it_started(
    tmp_path: Path,
) -> None:
    require(office_ready(), "LibreOffice with its Python bridge (python3-uno)")
    docx = tmp_path / "report.docx"
    shutil.copy(ROOT / "templates" / "docx" / "performance_report.docx", docx)
    converter = PdfConverter(seconds=0.01)
    try:
        converter._started()  # started within its own limit, then the document's is tiny
        helper = converter._helper
        assert helper is not None
        with pytest.raises(ConversionFailed, match=r"took more than 0\.01 s"):
            converter.convert(docx, tmp_path / "report.pdf")
        assert helper.poll() is not None
        assert not live_members(helper.pid), "LibreOffice outlived its helper"
    finally:
        converter.close()


def live_members(group: int) -> list[int]:
    """Processes still running (not zombies) in a process group, waited for a moment."""
    deadline = time.monotonic() + 5
    while True:
        live = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == group and fields[0] != "Z":
                live.append(int(stat.parent.name))
        if not live or time.monotonic() > deadline:
            return live
        time.sleep(0.1)


CONTENTS = (
    '<w:body><w:p><w:pPr><w:pStyle w:val="TOC1"/><w:spacing w:after="0"/></w:pPr>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TOC \\o "1-2" </w:instrText>'
    '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>一、基本情况</w:t></w:r></w:p>'
    '<w:p><w:pPr><w:pStyle w:val="TOC2"/></w:pPr><w:r><w:t>（一）项目概况</w:t></w:r></w:p>'
    '<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r><w:t>附件</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    '<w:p><w:pPr><w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:gutter="0"/>'
    "</w:sectPr></w:pPr></w:p></w:body>"
).encode()


def test_each_contents_entry_gets_its_page_after_a_dotted_tab_at_the_right_margin() -> None:
    numbered = numbered_contents(
        CONTENTS, [("一、基本情况", "1"), ("（一）项目概况", "1"), ("附件", "15")]
    )
    assert numbered is not None
    tab = b'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="8845"/></w:tabs>'
    # In the schema's order: after the style, before the spacing.
    assert b'<w:pStyle w:val="TOC1"/>' + tab + b'<w:spacing w:after="0"/>' in numbered
    assert numbered.count(b"<w:r><w:tab/></w:r>") == 3
    assert b'<w:t>15</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/>' in numbered


def test_contents_lines_that_do_not_match_the_entries_change_nothing() -> None:
    assert numbered_contents(CONTENTS, [("第一章", "1")]) is None
    assert numbered_contents(b"<w:body/>", [("一、基本情况", "1")]) is None
    assert with_page_numbers(b"not even a zip", []) == b"not even a zip"


def test_a_merged_label_cut_by_a_page_is_repeated_on_the_next(benxi_pdf: Path) -> None:
    pages = page_texts(benxi_pdf)
    start = next(i for i, p in enumerate(pages) if p.lstrip().startswith("附件\n"))
    assert len(pages) - start >= 4
    raw = subprocess.run(
        ["pdftotext", str(benxi_pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    # Benxi's 18 indicators: 1–5 决策, 6–10 过程, 11–15 产出, 16–18 效益.
    groups = [(5, "决策（25）"), (10, "过程（24）"), (15, "产出（32）"), (18, "效益（19）")]
    for number in range(start, len(pages)):
        first_row = next(
            int(found.group(1))
            for line in pages[number].splitlines()
            if (found := re.match(r"^(\d{1,2})\s", line.strip() + " "))
        )
        label = next(label for last, label in groups if first_row <= last)
        flat = "".join(raw[number].split())  # a cell's lines together, as it reads
        assert label in flat, (number + 1, first_row, label)
    built = open_document(benxi_pdf.with_suffix(".docx"))
    table = built.tables[-1]
    restarts = table._tbl.xml.count('w:vMerge w:val="restart"')
    assert restarts > 4 + 9  # 4 一级 and 9 二级 groups, and those a page cut started again


def test_labels_are_repeated_in_the_row_a_page_break_falls_before(tmp_path: Path) -> None:
    from reportgen.build import produce
    from reportgen.render.continued_merges import merged_tables, with_labels_repeated

    result = produce(ROOT / "scenarios" / "benxi-2022", tmp_path)
    data = next(p for p in result.files if p.suffix == ".docx").read_bytes()
    tables = merged_tables(data)
    appendix = tables[-1]
    rows = len(open_document(next(p for p in result.files if p.suffix == ".docx")).tables[-1].rows)
    assert with_labels_repeated(data, {appendix: [1] * rows}) is None  # one page: nothing cut
    pages = [1] * 5 + [2] * (rows - 5)  # a break before the fifth indicator (row 6, header 1)
    repeated = with_labels_repeated(data, {appendix: pages})
    assert repeated is not None
    path = tmp_path / "repeated.docx"
    path.write_bytes(repeated)
    row = open_document(path).tables[-1].rows[5]
    assert [c.text for c in row.cells[:4]] == ["5", "决策\n（25）", "采购规范性", "服务费用规范性"]
    after = open_document(path).tables[-1].rows[5]._tr.tc_lst[1].xml
    before = open_document(next(p for p in result.files if p.suffix == ".docx")).tables[-1]
    cut = before.rows[5]._tr.tc_lst[1].xml  # python-docx's cells would show the merge's first
    assert "vMerge" in cut and "restart" not in cut and 'w:vMerge w:val="restart"' in after


def test_a_score_or_amount_reads_the_same_in_the_docx_the_xlsx_and_the_pdf(
    benxi_pdf: Path,
) -> None:
    import openpyxl

    from tests.docx_reading import full_text

    document = open_document(benxi_pdf.with_suffix(".docx"))
    docx_text = "".join(full_text(document).split())
    appendix = document.tables[-1]
    pdf_text_flat = "".join("".join(page_texts(benxi_pdf)).split())
    workbook = benxi_pdf.with_name("指标得分表.xlsx")
    values = openpyxl.load_workbook(workbook, data_only=True).active

    def shown(cell: object) -> str:
        value, code = cell.value, cell.number_format  # type: ignore[attr-defined]
        places = len(code.partition(".")[2]) if "." in code else 0
        return f"{value:,.{places}f}" if "#,##0" in code else f"{value:.{places}f}"

    rows = {str(values.cell(r, 4).value): values.cell(r, 8) for r in range(3, values.max_row + 1)}
    total = next(
        values.cell(r, 8)
        for r in range(1, values.max_row + 1)
        if values.cell(r, 1).value == "综合得分"
    )
    managed = next(row for row in appendix.rows if row.cells[3].text == "管理制度健全性")
    for cell, docx_score in (
        (rows["管理制度健全性"], managed.cells[7].text),
        (total, appendix.rows[-1].cells[7].text),
    ):
        assert shown(cell) == docx_score  # 4.00 and 95.00 in both
        assert docx_score in pdf_text_flat
    assert managed.cells[7].text == "4.00" and appendix.rows[-1].cells[7].text == "95.00"
    assert "综合得分为95.00分" in docx_text and "综合得分为95.00分" in pdf_text_flat
    for amount in ("37,767,520.00", "59,558,880.00", "35,202,137.32"):
        assert amount in docx_text and amount in pdf_text_flat, amount
