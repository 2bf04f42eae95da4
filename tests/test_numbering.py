"""Table numbers follow the chapters where they land, whichever way a heading is written.

A template's heading paragraphs are marked when it is compiled; a paragraph
whose style comes from a tag, and a heading of the consultant's Markdown, are
read once rendered. Each way must start a chapter, and no mark may be left in
the document.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import hostile

from reportgen.narrative.values import Prose, table_numbers
from reportgen.render.engine import CompiledTemplate

MOMENT = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def make_template(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("一、概况", style="Heading 1")
    document.add_paragraph("{{ first.number }} 资金")
    document.add_paragraph("二、{{ chapter }}", style="Heading 1")
    document.add_paragraph("{{ second.number }} 指标，见{{ first.ref }}")
    document.add_paragraph("三、由标签定样式")  # its style is given by a tag below
    document.add_paragraph("{{ third.number }} 得分")
    document.add_paragraph("{{p notes }}")
    document.add_paragraph("{{ fourth.number }} 扣分")
    path = tmp_path / "numbered.docx"
    document.save(path)
    data = hostile.read_member(path.read_bytes(), "word/document.xml").decode("utf-8")
    plain = "<w:p><w:r><w:t>三、由标签定样式"
    assert plain in data
    styled = '<w:p><w:pPr><w:pStyle w:val="{{ style }}"/></w:pPr><w:r><w:t>三、由标签定样式'
    data = data.replace(plain, styled, 1).encode("utf-8")
    path.write_bytes(hostile.replace_member(path.read_bytes(), "word/document.xml", data))
    return path


def rendered(tmp_path: Path, style: str, notes: str) -> tuple[list[str], str]:
    """The paragraphs' text and the document part, the tagged paragraph styled `style`."""
    context = {
        "chapter": "评价",
        "style": style,
        "notes": Prose(notes),
        **{name: table_numbers(name) for name in ("first", "second", "third", "fourth")},
    }
    out = tmp_path / "out.docx"
    out.write_bytes(
        CompiledTemplate.load(make_template(tmp_path)).render(context, title="t", moment=MOMENT)
    )
    xml = hostile.read_member(out.read_bytes(), "word/document.xml").decode("utf-8")
    return [p.text for p in docx.Document(out).paragraphs], xml


def test_chapters_from_the_template_a_tag_and_markdown_number_the_tables(tmp_path: Path) -> None:
    texts, xml = rendered(tmp_path, "Heading1", "# 四、说明\n\n正文。")
    assert "表1-1 资金" in texts
    assert "表2-1 指标，见表1-1" in texts
    assert "表3-1 得分" in texts
    assert "表4-1 扣分" in texts
    assert not any(c < " " and c not in "\t\n\r" for c in xml)


def test_a_tag_that_styles_a_paragraph_as_body_starts_no_chapter(tmp_path: Path) -> None:
    texts, _ = rendered(tmp_path, "Normal", "正文。")
    assert "表2-2 得分" in texts and "表2-3 扣分" in texts
