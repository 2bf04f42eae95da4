"""A template written for docxtpl renders with reportgen as stock docxtpl renders it.

Each case is a small template made with python-docx; it is rendered by stock
docxtpl and by reportgen's engine with the same data, and the visible text of
the two documents is compared.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import hostile
import pytest
from docxtpl import DocxTemplate

from reportgen.render.engine import CompiledTemplate

MOMENT = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
CONTEXT = {
    "name": "本溪",
    "items": ["甲", "乙", "丙"],
    "kind": "x",
    "rows": [{"group": "决策", "name": "立项"}, {"group": "决策", "name": "资金"}],
}
CASES = {
    "escaped tags print as tags": ["{_{ name }_} 与 {_% if %_}"],
    "count of a list is its length": ["共{{ items|count }}项", "{{ items|length }}"],
    "built-in filters keep their meaning": ["{{ items|join('、') }}", "{{ name|first }}"],
    "a loop in a paragraph": ["{% for i in items %}{{ i }}{% endfor %}"],
    "paragraph loops": ["{%p for i in items %}", "第{{ loop.index }}项：{{ i }}", "{%p endfor %}"],
    "a condition with quotes": ["{{ '是' if kind == \"x\" else '否' }}"],
    "run tags": ["a{{r name }}b", "{%r for i in items %}{{ i }}{%r endfor %}"],
    "comments": ["前{# 注释 #}后"],
    "paragraph conditions": ["{%p if name %}", "有名字", "{%p endif %}"],
}
TABLE_CASES = {
    "docxtpl's vm merges a loop's cells": [
        ["一级", "三级"],
        ["{%tr for r in rows %}", ""],
        ["{% vm %}{{ r.group }}", "{{ r.name }}"],
        ["{%tr endfor %}", ""],
    ],
    "a cell condition": [["名称", "{%tc if name %}", "{{ name }}", "{%tc endif %}"]],
}


def template(tmp_path: Path, paragraphs: list[str], name: str = "t.docx") -> Path:
    path = tmp_path / name
    path.write_bytes(hostile.word_document(*paragraphs))
    return path


def visible(path: Path) -> list[str]:
    return [p.text for p in docx.Document(path).paragraphs]


def with_docxtpl(source: Path, out: Path) -> list[str]:
    document = DocxTemplate(source)
    document.render(CONTEXT)
    document.save(out)
    return visible(out)


def with_reportgen(source: Path, out: Path) -> list[str]:
    out.write_bytes(CompiledTemplate.load(source).render(CONTEXT, title="t", moment=MOMENT))
    return visible(out)


@pytest.mark.parametrize("case", CASES)
def test_renders_as_docxtpl_does(case: str, tmp_path: Path) -> None:
    source = template(tmp_path, CASES[case])
    expected = with_docxtpl(source, tmp_path / "docxtpl.docx")
    assert with_reportgen(source, tmp_path / "reportgen.docx") == expected


@pytest.mark.parametrize("case", TABLE_CASES)
def test_tables_render_as_docxtpl_does(case: str, tmp_path: Path) -> None:
    rows = TABLE_CASES[case]
    document = docx.Document()
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    source = tmp_path / "table.docx"
    document.save(source)

    def cells(path: Path) -> list[list[str]]:
        return [[c.text for c in row.cells] for row in docx.Document(path).tables[0].rows]

    stock = DocxTemplate(source)
    stock.render(CONTEXT)
    stock.save(tmp_path / "docxtpl.docx")
    mine = tmp_path / "reportgen.docx"
    mine.write_bytes(CompiledTemplate.load(source).render(CONTEXT, title="t", moment=MOMENT))
    assert cells(mine) == cells(tmp_path / "docxtpl.docx")


def test_quotes_saved_as_entities_mean_quotes(tmp_path: Path) -> None:
    """LibreOffice and WPS may write the quotes of a tag as &quot; and &apos;."""
    typed = template(tmp_path, ["{{ '是' if kind == \"x\" else '否' }}"], "typed.docx")
    data = typed.read_bytes()
    part = hostile.read_member(data, "word/document.xml")
    start, end = part.index(b"{{"), part.index(b"}}")
    tag = part[start:end].replace(b'"', b"&quot;").replace(b"'", b"&apos;")
    saved = part[:start] + tag + part[end:]
    assert b"&quot;" in saved
    entities = tmp_path / "entities.docx"
    entities.write_bytes(hostile.replace_member(data, "word/document.xml", saved))
    expected = with_docxtpl(typed, tmp_path / "docxtpl.docx")
    assert with_reportgen(entities, tmp_path / "reportgen.docx") == expected == ["是"]


def grid_widths(path: Path) -> list[str]:
    import re

    xml = hostile.read_member(path.read_bytes(), "word/document.xml").decode("utf-8")
    return re.findall(r'<w:gridCol w:w="(\d+)"', xml)


@pytest.mark.parametrize("count", [1, 3, 5, 8])
def test_column_loops_fit_the_table_grid(count: int, tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=4)
    for cell, text in zip(
        table.rows[0].cells,
        ["名称", "{%tc for i in items %}", "{{ i }}", "{%tc endfor %}"],
        strict=True,
    ):
        cell.text = text
    table.rows[1].cells[0].text = "合计"
    source = tmp_path / "columns.docx"
    document.save(source)
    context = dict(CONTEXT, items=[f"项{n}" for n in range(count)])
    stock = DocxTemplate(source)
    stock.render(context)
    stock.save(tmp_path / "docxtpl.docx")
    mine = tmp_path / "reportgen.docx"
    mine.write_bytes(CompiledTemplate.load(source).render(context, title="t", moment=MOMENT))
    cells = [[c.text for c in row.cells] for row in docx.Document(mine).tables[0].rows]
    assert cells[0] == ["名称", *context["items"]]
    assert grid_widths(mine) == grid_widths(tmp_path / "docxtpl.docx")


def test_templated_document_properties(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("{{ name }}")
    document.core_properties.title = "{{ name }}绩效评价报告"
    document.core_properties.subject = "{{ items|join('、') }}"
    source = tmp_path / "properties.docx"
    document.save(source)
    stock = DocxTemplate(source)
    stock.render(CONTEXT)
    stock.save(tmp_path / "docxtpl.docx")
    mine = tmp_path / "reportgen.docx"
    mine.write_bytes(CompiledTemplate.load(source).render(CONTEXT, title="x", moment=MOMENT))
    expected = docx.Document(tmp_path / "docxtpl.docx").core_properties
    found = docx.Document(mine).core_properties
    assert (
        (found.title, found.subject)
        == (expected.title, expected.subject)
        == ("本溪绩效评价报告", "甲、乙、丙")
    )
    assert found.modified == MOMENT and found.created == found.modified


def test_breaks_tabs_paragraphs_and_pages_in_values(tmp_path: Path) -> None:
    source = template(tmp_path, ["开头{{ text }}结尾", "{{ name }}"])
    context = dict(CONTEXT, text="第一行\n第二行\t制表\a新段落\f新页")
    stock = DocxTemplate(source)
    stock.render(context)
    stock.save(tmp_path / "docxtpl.docx")
    mine = tmp_path / "reportgen.docx"
    mine.write_bytes(CompiledTemplate.load(source).render(context, title="t", moment=MOMENT))

    def shape(path: Path) -> tuple[list[str], int, int, int]:
        xml = hostile.read_member(path.read_bytes(), "word/document.xml").decode("utf-8")
        return (
            visible(path),
            xml.count("<w:br/>"),
            xml.count("<w:tab/>"),
            xml.count('w:type="page"'),
        )

    assert shape(mine) == shape(tmp_path / "docxtpl.docx")
    assert shape(mine)[0] == ["开头第一行\n第二行\t制表", "新段落", "", "新页结尾", "本溪"]


def test_breaks_and_tabs_of_values_in_a_text_are_written_where_they_stand(tmp_path: Path) -> None:
    """Two tags in one w:t, their breaks and tabs written as they render (no marks to fix)."""
    source = template(tmp_path, ["开头{{ first }}中间{{ second }}结尾"])
    context = {"first": "甲\n乙", "second": "丙\t丁"}
    stock = DocxTemplate(source)
    stock.render(context)
    stock.save(tmp_path / "docxtpl.docx")
    mine = tmp_path / "reportgen.docx"
    mine.write_bytes(CompiledTemplate.load(source).render(context, title="t", moment=MOMENT))
    xml = hostile.read_member(mine.read_bytes(), "word/document.xml").decode("utf-8")
    assert visible(mine) == visible(tmp_path / "docxtpl.docx") == ["开头甲\n乙中间丙\t丁结尾"]
    assert xml.count("<w:br/>") == 1 and xml.count("<w:tab/>") == 1


def test_a_value_with_a_newline_in_an_attribute_stays_valid(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("x")
    paragraph.style = document.styles["Normal"]
    source = tmp_path / "attribute.docx"
    document.save(source)
    data = hostile.read_member(source.read_bytes(), "word/document.xml")
    data = data.replace(b"<w:p>", b'<w:p><w:pPr><w:pStyle w:val="{{ text }}"/></w:pPr>', 1)
    assert b"{{ text }}" in data
    source.write_bytes(hostile.replace_member(source.read_bytes(), "word/document.xml", data))
    out = tmp_path / "out.docx"
    context = dict(CONTEXT, text="a\nb")
    out.write_bytes(CompiledTemplate.load(source).render(context, title="t", moment=MOMENT))
    assert visible(out) == ["x"]


def test_rich_text_and_listings_with_control_characters(tmp_path: Path) -> None:
    from docxtpl import Listing, RichText

    from tests.external_tools import describe_errors, require, validate_ooxml, validator_available

    source = template(tmp_path, ["{{r rich }}", "{{ listing }}"])
    context = {"rich": RichText("甲\a乙\n丙\f丁", bold=True), "listing": Listing("一\n二\a三")}
    stock = DocxTemplate(source)
    stock.render(context)
    stock.save(tmp_path / "docxtpl.docx")
    mine = tmp_path / "reportgen.docx"
    mine.write_bytes(CompiledTemplate.load(source).render(context, title="t", moment=MOMENT))
    assert (
        visible(mine)
        == visible(tmp_path / "docxtpl.docx")
        == ["甲", "乙\n丙", "", "丁", "一\n二", "三"]
    )
    require(validator_available(), "the Open XML validator (npm ci)")
    errors = validate_ooxml(mine)
    assert not errors, describe_errors(errors)


FOOTNOTED = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"
 office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text>
<text:p>正文{{ name }}<text:note text:id="n1" text:note-class="footnote">
<text:note-citation>1</text:note-citation><text:note-body>
<text:p>脚注：共{{ items|length }}项</text:p></text:note-body></text:note></text:p>
</office:text></office:body></office:document>
"""


def test_footnotes_are_rendered(tmp_path: Path) -> None:
    """A footnote written in LibreOffice (saved as .docx), rendered as docxtpl renders it."""
    import re

    from tests.external_tools import require, save_as_docx, soffice_available

    require(soffice_available(), "LibreOffice")
    (tmp_path / "footnoted.fodt").write_text(FOOTNOTED, encoding="utf-8")
    source = save_as_docx(tmp_path / "footnoted.fodt", tmp_path)
    stock = DocxTemplate(source)
    stock.render(CONTEXT)
    stock.save(tmp_path / "docxtpl.docx")
    mine = tmp_path / "reportgen.docx"
    mine.write_bytes(CompiledTemplate.load(source).render(CONTEXT, title="t", moment=MOMENT))

    def footnotes(path: Path) -> str:
        xml = hostile.read_member(path.read_bytes(), "word/footnotes.xml").decode("utf-8")
        return "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))

    assert footnotes(mine) == footnotes(tmp_path / "docxtpl.docx") == "脚注：共3项"
    assert visible(mine) == visible(tmp_path / "docxtpl.docx")


def chart_png(width: int = 120, height: int = 60) -> bytes:
    """A small PNG picture, as a chart a consultant's tool exports."""
    import struct
    import zlib

    rows = b"".join(b"\x00" + bytes([200, 40, 40]) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def drawings(path: Path) -> dict[str, list[str]]:
    """Per templated part, the extents (cx) of its pictures, and the pictures' bytes."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {}
        for name in archive.namelist():
            if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name):
                xml = archive.read(name).decode("utf-8")
                parts[name] = re.findall(r'<wp:extent cx="(\d+)"', xml)
        media = sorted(archive.read(n) for n in archive.namelist() if n.startswith("word/media/"))
    return {**parts, "media": [str(len(m)) for m in media]}


def test_pictures_in_paragraphs_cells_headers_and_footers(tmp_path: Path) -> None:
    """docxtpl's InlineImage and reportgen's Image place the same picture in the same places."""
    from docx.shared import Mm
    from docxtpl import InlineImage

    from reportgen.render.images import Image
    from tests.external_tools import describe_errors, require, validate_ooxml, validator_available

    picture = tmp_path / "chart.png"
    picture.write_bytes(chart_png())
    document = docx.Document()
    document.add_paragraph("图1 {{ chart }} 得分分布")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "附图"
    table.cell(0, 1).text = "{{ chart }}"
    document.sections[0].header.paragraphs[0].text = "{{ logo }}本溪"
    document.sections[0].footer.paragraphs[0].text = "第1页{{ logo }}"
    source = tmp_path / "pictures.docx"
    document.save(source)

    stock = DocxTemplate(source)
    stock.render(
        {
            "chart": InlineImage(stock, str(picture), width=Mm(60)),
            "logo": InlineImage(stock, str(picture), height=Mm(8)),
        }
    )
    stock.save(tmp_path / "docxtpl.docx")
    mine = tmp_path / "reportgen.docx"
    data = picture.read_bytes()
    context = {
        "chart": Image.from_bytes(data, width_mm=60),
        "logo": Image.from_bytes(data, height_mm=8),
    }
    mine.write_bytes(CompiledTemplate.load(source).render(context, title="t", moment=MOMENT))

    assert visible(mine) == visible(tmp_path / "docxtpl.docx") == ["图1  得分分布"]
    ours, theirs = docx.Document(mine), docx.Document(tmp_path / "docxtpl.docx")
    assert ours.sections[0].header.paragraphs[0].text == "本溪"
    assert (
        ours.sections[0].footer.paragraphs[0].text == theirs.sections[0].footer.paragraphs[0].text
    )
    found, stock_found = drawings(mine), drawings(tmp_path / "docxtpl.docx")
    # the same pictures at the same sizes in the same parts; docxtpl stores the picture
    # once per part that shows it, reportgen once for the document
    assert {k: v for k, v in found.items() if k != "media"} == {
        k: v for k, v in stock_found.items() if k != "media"
    }
    assert found["word/document.xml"] == [str(60 * 36000)] * 2
    assert set(found["media"]) == {str(len(data))}
    # the picture really is in the package, related from each part that shows it
    assert ours.inline_shapes[0].width == Mm(60)
    require(validator_available(), "the Open XML SDK validator (run `npm ci`)")
    errors = validate_ooxml(mine)
    assert errors == [], describe_errors(errors)


def test_a_file_that_is_no_picture_is_refused_plainly() -> None:
    from reportgen.errors import ReportgenError
    from reportgen.render.images import Image

    with pytest.raises(ReportgenError, match="not a picture Word can show"):
        Image.from_bytes(b"<svg/>", what="chart.svg")


def test_text_cannot_forge_the_marks_reportgen_writes(tmp_path: Path) -> None:
    """The characters reportgen marks table numbers, merges and breaks with are dropped from
    a value, so no text can turn into a number, a merge or a break (or leave a character
    XML cannot carry)."""
    import zipfile

    from reportgen.narrative.values import CAPTION, END, MENTION
    from reportgen.render import listing, vmerge

    forged = (
        f"甲{MENTION}system{END}乙{listing.BREAK}丙{vmerge.OPEN}ab{vmerge.CLOSE}"
        f"丁{CAPTION}summary{END}戊{vmerge.PARSED_OPEN}"
    )
    source = template(tmp_path, ["{{ forged }}"])
    out = tmp_path / "out.docx"
    out.write_bytes(
        CompiledTemplate.load(source).render({"forged": forged}, title="t", moment=MOMENT)
    )
    assert visible(out) == [f"甲system乙丙ab丁summary戊{vmerge.PARSED_OPEN}"]
    xml = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    assert not any(c < " " and c not in "\t\n\r" for c in xml) and "<w:br/>" not in xml
