"""Generated documents are valid Office Open XML and render as a real report in LibreOffice.

Word forgives less than python-docx: a schema error means a "repair this file?" prompt for
the reader, so every output is run through the Open XML SDK validator, and the Benxi report
is laid out by LibreOffice to prove it paginates like the paper original.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest

from reportgen.build import BuildResult, produce
from tests.conftest import BENXI, SCENARIOS
from tests.external_tools import (
    describe_errors,
    page_size,
    pdf_pages,
    pdf_text,
    poppler_available,
    render_pdf,
    require,
    soffice_available,
    validate_ooxml,
    validator_available,
)

TRICKY = "Jinja {{ x }} 与 {% if %} 原样保留，<b>不是标签</b> & 符号\\x01结束"
TRICKY_YAML = f'"{TRICKY}"'


def _output(result: BuildResult, suffix: str) -> Path:
    """The one generated file with this suffix."""
    [path] = [f for f in result.files if f.suffix == suffix]
    return path


def _assert_valid(path: Path) -> None:
    """Zero validator errors, listing each one's description and place when not."""
    require(validator_available(), "the Open XML SDK validator (run `npm ci`)")
    errors = validate_ooxml(path)
    assert errors == [], f"{len(errors)} validator errors in {path.name}:\n" + describe_errors(
        errors
    )


@pytest.fixture(scope="module")
def benxi(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The Benxi scenario built once; rendering and validating it are the slow parts."""
    return produce(BENXI, tmp_path_factory.mktemp("benxi"))


@pytest.fixture(scope="module")
def benxi_pdf(benxi: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Benxi report as LibreOffice lays it out."""
    require(soffice_available(), "LibreOffice (soffice)")
    require(poppler_available(), "poppler-utils (pdfinfo, pdftotext)")
    return render_pdf(_output(benxi, ".docx"), tmp_path_factory.mktemp("pdf"))


def test_benxi_docx_is_valid(benxi: BuildResult) -> None:
    _assert_valid(_output(benxi, ".docx"))


def test_benxi_xlsx_is_valid(benxi: BuildResult) -> None:
    _assert_valid(_output(benxi, ".xlsx"))


def test_benxi_renders_as_a_multi_page_report(benxi_pdf: Path) -> None:
    assert pdf_pages(benxi_pdf) >= 8
    text = re.sub(r"\s+", "", pdf_text(benxi_pdf))
    for expected in ("综合得分为95.00分", "表3-1", "附件"):
        assert expected in text
    page_numbers = set(re.findall(r"—(\d+)—", text))
    assert {"1", "2", "3"} <= page_numbers


def test_benxi_appendix_pages_are_landscape(benxi_pdf: Path) -> None:
    width, height = page_size(benxi_pdf, pdf_pages(benxi_pdf))
    assert width > height
    first_width, first_height = page_size(benxi_pdf, 1)
    assert first_width < first_height


def _tricky_scenario(root: Path) -> Path:
    """A Benxi copy whose texts look like template syntax, markup, an ampersand and a control."""
    shutil.copytree(SCENARIOS / "frameworks", root / "frameworks")
    folder = root / "benxi-2022"
    shutil.copytree(BENXI, folder)
    path = folder / "scenario.yaml"
    text = path.read_text(encoding="utf-8")
    text, remarks = re.subn(
        r"^(    remark: ).*$", lambda m: m.group(1) + TRICKY_YAML, text, count=1, flags=re.M
    )
    text, backgrounds = re.subn(
        r"^  background: \|-\n(?:(?: {4}.*)?\n)+?(?=  \S)",
        lambda _: f"  background: {TRICKY_YAML}\n",
        text,
        flags=re.M,
    )
    assert (remarks, backgrounds) == (1, 1)
    path.write_text(text, encoding="utf-8")
    return folder


def _all_text(path: Path) -> str:
    """Body paragraphs and table cells, since remarks land in the appendix table."""
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [p.text for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return "\n".join(texts)


def test_tricky_text_stays_literal_and_valid(tmp_path: Path) -> None:
    result = produce(_tricky_scenario(tmp_path / "scenarios"), tmp_path / "out")
    report = _output(result, ".docx")
    _assert_valid(report)
    _assert_valid(_output(result, ".xlsx"))
    text = _all_text(report)
    for literal in ("{{ x }}", "{% if %}", "<b>不是标签</b>", "& 符号"):
        assert literal in text
    assert "\x01" not in text
