"""A .docx handed to `diff` may come from anywhere: hostile or broken files end plainly.

Each case is a small archive built here: an external entity, an entity bomb, a zip
bomb, too many entries, a missing document part, and a file that is no zip at all.
Every one must end with exit code 2, a message naming the file, and no traceback.
What a part declares (spans, rows, nesting, size) is bounded too, and the bounds leave
every document reportgen ships or writes alone.
"""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import hostile
import pytest
from click.testing import CliRunner

from reportgen.build import produce
from reportgen.cli import main
from reportgen.errors import ReportgenError
from reportgen.review import declared, untrusted
from reportgen.review.outline import read_outline
from reportgen.review.redline import revision_date
from tests.conftest import BENXI, ROOT, SCENARIOS

DOCUMENT = "word/document.xml"
BODY = (
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
)


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return produce(BENXI, tmp_path_factory.mktemp("good")).directory / "绩效评价报告.docx"


def _archive(path: Path, parts: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _diff(good: Path, bad: Path) -> str:
    result = CliRunner().invoke(main, ["diff", str(good), str(bad)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert bad.name in result.output
    return result.output


def test_external_entities_are_never_resolved(good: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容", encoding="utf-8")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
        + BODY.format(text="&x;")
    )
    output = _diff(good, _archive(tmp_path / "xxe.docx", {DOCUMENT: xxe}))
    assert "declares a DTD" in output
    assert "机密内容" not in output


def test_entity_bombs_are_refused(good: Path, tmp_path: Path) -> None:
    entities = '<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    bomb = f"<!DOCTYPE w:document [{entities}]>" + BODY.format(text="&i;")
    assert "declares a DTD" in _diff(good, _archive(tmp_path / "laughs.docx", {DOCUMENT: bomb}))


def test_zip_bombs_are_refused_while_unpacking(
    good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(untrusted, "MAX_UNPACKED", 8 * 1024 * 1024)
    zeros = BODY.format(text="0" * (16 * 1024 * 1024))
    output = _diff(good, _archive(tmp_path / "bomb.docx", {DOCUMENT: zeros}))
    assert "unpacks" in output


def test_archives_with_absurdly_many_entries_are_refused(good: Path, tmp_path: Path) -> None:
    parts: dict[str, bytes | str] = {f"junk/{i}.xml": "" for i in range(untrusted.MAX_ENTRIES + 1)}
    assert "entries" in _diff(good, _archive(tmp_path / "many.docx", parts))


def test_a_file_that_is_no_document_is_reported_plainly(good: Path, tmp_path: Path) -> None:
    text = tmp_path / "notes.docx"
    text.write_text("不是Word文档", encoding="utf-8")
    assert "not a zip archive" in _diff(good, text)
    empty = _archive(tmp_path / "empty.docx", {"other.xml": "<a/>"})
    assert "it has no word/document.xml" in _diff(good, empty)
    broken = _archive(tmp_path / "broken.docx", {DOCUMENT: "<w:document><w:body>"})
    assert "not well-formed XML" in _diff(good, broken)


def test_a_missing_draft_is_named(good: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["diff", str(good), str(tmp_path / "nowhere.docx")])
    assert result.exit_code == 2
    assert "nowhere.docx: no such file or folder" in result.output


# — what a part declares: the bounds of review/declared.py ————————————————————————————


def _checked(path: Path) -> None:
    docx = untrusted.UntrustedDocx.open(path)
    try:
        docx.check_xml()
    finally:
        docx.close()


def test_every_shipped_template_and_built_document_is_within_the_bounds(tmp_path: Path) -> None:
    """The bounds leave alone what reportgen ships and writes: the templates, every
    document of every shipped scenario, and the examples in docs/."""
    result = CliRunner().invoke(main, ["batch", str(SCENARIOS), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    built = sorted((tmp_path / "out").rglob("*.docx"))
    shipped = sorted((ROOT / "templates" / "docx").glob("*.docx"))
    examples = sorted((ROOT / "docs").rglob("*.docx"))
    assert len(built) >= 50 and len(shipped) == 13 and examples
    for path in [*shipped, *built, *examples]:
        _checked(path)


def test_a_part_larger_than_the_bound_is_refused_while_unpacking(
    good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(declared, "MAX_PART", 1024 * 1024)
    text = "".join(random.Random(0).choices("abcdefghijklmnopqrstuvwxyz", k=2 * 1024 * 1024))
    output = _diff(good, _archive(tmp_path / "large.docx", {DOCUMENT: BODY.format(text=text)}))
    assert "word/document.xml is larger than 1 MiB" in output


def test_the_redline_engine_gets_no_draft_beyond_the_bounds(good: Path, tmp_path: Path) -> None:
    """`diff --redline`, `build --compare-to` and the service's redline all ask
    revision_date first, which reads every XML part of both drafts within the bounds."""
    bad = tmp_path / "bad.docx"
    bad.write_bytes(hostile.beyond_bounds(good.read_bytes(), "a huge gridSpan"))
    for old, new in ((good, bad), (bad, good)):
        with pytest.raises(ReportgenError, match="a cell spans 999999999 columns"):
            revision_date(old, new)


def test_an_outline_level_that_is_no_number_is_no_heading(good: Path, tmp_path: Path) -> None:
    odd = '<w:p><w:pPr><w:outlineLvl w:val="x"/></w:pPr><w:r><w:t>正文</w:t></w:r></w:p>'
    document = BODY.format(text="甲").replace("<w:body>", "<w:body>" + odd)
    draft = _archive(tmp_path / "odd.docx", {DOCUMENT: document})
    result = CliRunner().invoke(main, ["diff", str(draft), str(draft)])
    assert result.exit_code == 0, result.output


def test_tables_within_the_bounds_are_read_cell_by_cell(tmp_path: Path) -> None:
    """Two tables one inside the other, a cell spanning the whole grid: read as before."""
    inner = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>内</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    row = (
        '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>'
        f"<w:p><w:r><w:t>合计</w:t></w:r></w:p>{inner}</w:tc></w:tr>"
    )
    table = f'<w:tbl><w:tblGrid><w:gridCol w:w="1"/><w:gridCol w:w="1"/></w:tblGrid>{row}</w:tbl>'
    document = BODY.format(text="").replace("<w:body>", "<w:body>" + table)
    outline = read_outline(_archive(tmp_path / "ok.docx", {DOCUMENT: document}))
    tables = [b.table for b in outline.blocks if b.table]
    assert tables[0].rows == (("合计\n内", ""),)
