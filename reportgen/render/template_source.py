"""The shipped templates, written as WordprocessingML with docxtpl tags.

`write_template(name, path)` builds a fresh .docx from this source; the files
under templates/docx/ are its output, and a consultant may restyle them in
Word. Static text is the national outline (财预〔2020〕10号 参考提纲);
everything computed arrives through the template context (docs/template-context.md).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from reportgen.render import package_parts as parts
from reportgen.render import styles
from reportgen.render.xml import paragraph, run

W_DOCUMENT = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


def static(style: str, value: str) -> str:
    return paragraph(run(value), style)


def tag(expression: str, style: str = styles.BODY) -> str:
    """A paragraph holding a docxtpl tag: `{{p x}}` is replaced by the XML of x."""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t xml:space="preserve">{expression}</w:t></w:r></w:p>'


def section_end(sect_pr: str) -> str:
    """An empty paragraph closing a section."""
    return f"<w:p><w:pPr>{sect_pr}</w:pPr></w:p>"


def toc_field() -> str:
    """A table of contents field, marked dirty so Word rebuilds it on opening."""
    return (
        '<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr>'
        '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r></w:p>'
        + tag("{{p toc }}", "TOC1")
        + '<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


def _cover() -> list[str]:
    blank = static(styles.BODY_NO_INDENT, "")
    return [
        *[blank] * 4,
        tag("{{ project.name }}", styles.TITLE),
        tag("{{ document_title }}", styles.SUBTITLE),
        tag("{%p if sample_data %}"),
        tag("（示例数据）", styles.SUBTITLE),
        tag("{%p endif %}"),
        *[blank] * 6,
        tag("项目名称：{{ project.name }}", styles.COVER_INFO),
        tag("委托单位：{{ project.commissioner }}", styles.COVER_INFO),
        tag("评价机构：{{ project.evaluator }}", styles.COVER_INFO),
        tag("报告日期：{{ report_date }}", styles.COVER_INFO),
        section_end(parts.section(footer=False)),
        static(styles.TOC_HEADING, "目  录"),
        toc_field(),
        section_end(parts.section(footer=False)),
    ]


def _chapters_one_to_three() -> list[str]:
    h1, h2, h3 = (
        (lambda v: static(styles.HEADING_1, v)),
        (lambda v: static(styles.HEADING_2, v)),
        (lambda v: static(styles.HEADING_3, v)),
    )
    return [
        h1("一、基本情况"),
        h2("（一）项目概况"),
        tag("{{p md.background }}"),
        h2("（二）资金使用情况"),
        tag("{{p md.funds }}"),
        tag("{{p funds_tables }}"),
        tag("{%p if md.goals %}"),
        h2("（三）项目绩效目标"),
        tag("{{p md.goals }}"),
        tag("{%p endif %}"),
        h1("二、绩效评价工作开展情况"),
        h2("（一）绩效评价目的、对象及范围"),
        h3("1.评价目的"),
        tag("{{p md.purpose }}"),
        h3("2.评价对象及范围"),
        tag("{{p md.scope }}"),
        h2("（二）绩效评价原则、方法、指标体系及评价标准"),
        h3("1.评价原则"),
        tag("{{p md.principles }}"),
        h3("2.评价方法"),
        tag("{{p md.methods }}"),
        h3("3.评价指标体系"),
        tag("{{ system.sentence }}"),
        tag("{{p system.table }}"),
        h3("4.评价标准"),
        tag("{{p grading }}"),
        h2("（三）绩效评价工作过程"),
        tag("{{p md.process }}"),
        h1("三、综合评价情况及评价结论"),
        tag("{{ conclusion.sentence }}"),
        tag("{{p conclusion.table }}"),
        tag("{{p md.achievements }}"),
        tag("{{p conclusion.shortcomings }}"),
    ]


def _chapters_four_to_seven() -> list[str]:
    return [
        static(styles.HEADING_1, "四、绩效评价指标分析"),
        tag("{%p for dimension in dimensions %}"),
        tag("{{ dimension.heading }}", styles.HEADING_2),
        tag("{{ dimension.summary }}"),
        tag("{{p dimension.table }}"),
        tag("{{p dimension.analysis }}"),
        tag("{%p endfor %}"),
        tag("{{ chapter_five.title }}", styles.HEADING_1),
        tag("{{p chapter_five.body }}"),
        static(styles.HEADING_1, "六、有关建议"),
        tag("{{p recommendations }}"),
        static(styles.HEADING_1, "七、其他需要说明的问题"),
        tag("{{p md.other }}"),
        section_end(parts.section(footer=True, restart_numbering=True)),
    ]


def _appendix() -> list[str]:
    return [
        static(styles.HEADING_1, "附件"),
        tag("{{ appendix.title }}", styles.TABLE_CAPTION),
        tag("{{p appendix.table }}"),
        static(styles.BODY_NO_INDENT, ""),
    ]


def performance_report_body() -> str:
    blocks = _cover() + _chapters_one_to_three() + _chapters_four_to_seven() + _appendix()
    last = parts.section(footer=True, landscape=True)
    return f"<w:body>{''.join(blocks)}{last}</w:body>"


def document(body: str) -> str:
    return parts.DECLARATION + f"<w:document {W_DOCUMENT}>{body}</w:document>"


def _heading_lines(title_style: str = styles.TITLE) -> list[str]:
    return [
        tag("{{ title }}", title_style),
        tag("{%p if subtitle %}"),
        tag("{{ subtitle }}", styles.SUBTITLE),
        tag("{%p endif %}"),
        tag("{%p if sample_data %}"),
        tag("（示例数据）", styles.SUBTITLE),
        tag("{%p endif %}"),
    ]


def form_body() -> str:
    """A landscape form (评定表, 考核评分表): title, subtitle, the generated body."""
    blocks = [*_heading_lines(), tag("{{p body }}"), static(styles.TRAILER, "")]
    last = parts.section(footer=True, landscape=True, restart_numbering=True)
    return f"<w:body>{''.join(blocks)}{last}</w:body>"


def notice_body() -> str:
    """A portrait notice (通知, 告知书, 申请表): title, 主送, body, 落款 and date."""
    blocks = [
        *_heading_lines(),
        tag("{%p if recipients %}"),
        tag("{{ recipients }}：", styles.BODY_NO_INDENT),
        tag("{%p endif %}"),
        tag("{{p body }}"),
        tag("{%p if issuer %}"),
        tag("{{ issuer }}", styles.SIGNATURE),
        tag("{%p endif %}"),
        tag("{%p if date %}"),
        tag("{{ date }}", styles.SIGNATURE),
        tag("{%p endif %}"),
    ]
    last = parts.section(footer=True, restart_numbering=True)
    return f"<w:body>{''.join(blocks)}{last}</w:body>"


BODIES: dict[str, Callable[[], str]] = {
    "performance_report": performance_report_body,
    "form": form_body,
    "notice": notice_body,
}


def package(body: str, title: str) -> dict[str, str]:
    """Every part of a template package, by its name in the zip."""
    return {
        "[Content_Types].xml": parts.content_types(),
        "_rels/.rels": parts.package_rels(),
        "docProps/core.xml": parts.core_properties(title, "2000-01-01T00:00:00Z"),
        "docProps/app.xml": parts.app_properties(),
        "word/document.xml": document(body),
        "word/styles.xml": parts.style_sheet(),
        "word/settings.xml": parts.settings(),
        "word/fontTable.xml": parts.font_table(),
        "word/footer1.xml": parts.footer(),
        "word/_rels/document.xml.rels": parts.document_rels(),
    }


def write_template(name: str, path: Path) -> None:
    """Write the shipped template `name` as a .docx at `path`."""
    members = package(BODIES[name](), name)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, xml in members.items():
            info = zipfile.ZipInfo(member, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, xml.encode("utf-8"))
