"""The fixed parts of a WordprocessingML package: content types, relationships,
settings, fonts, properties, the footer and the style sheet.

Templates are built from these, so every document reportgen writes shares one
typography (GB/T 9704-2012): A4, margins 37/35/28/26 mm, 2号方正小标宋简体
titles, 3号仿宋_GB2312 body with a two-character first-line indent and 28 pt
fixed line spacing, 黑体 / 楷体_GB2312 / bold 仿宋 headings, and "— 1 —" page
numbers.
"""

from __future__ import annotations

from reportgen.render import styles
from reportgen.render.xml import text

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

FANGSONG = "仿宋_GB2312"
KAITI = "楷体_GB2312"
HEITI = "黑体"
XIAOBIAOSONG = "方正小标宋简体"
LATIN = "Times New Roman"

# A4 in twips, and the GB/T 9704 margins (37, 35, 28, 26 mm).
PAGE_W, PAGE_H = 11906, 16838
TOP, BOTTOM, LEFT, RIGHT = 2098, 1984, 1587, 1474
TEXT_WIDTH = PAGE_W - LEFT - RIGHT
LANDSCAPE_TEXT_WIDTH = PAGE_H - TOP - BOTTOM


def content_types() -> str:
    overrides = {
        "/word/document.xml": "wordprocessingml.document.main+xml",
        "/word/styles.xml": "wordprocessingml.styles+xml",
        "/word/settings.xml": "wordprocessingml.settings+xml",
        "/word/fontTable.xml": "wordprocessingml.fontTable+xml",
        "/word/footer1.xml": "wordprocessingml.footer+xml",
    }
    items = "".join(
        f'<Override PartName="{name}" ContentType="application/vnd.openxmlformats-officedocument.{kind}"/>'
        for name, kind in overrides.items()
    )
    return (
        DECLARATION
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        + '<Default Extension="xml" ContentType="application/xml"/>'
        + items
        + '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        + '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        + "</Types>"
    )


def package_rels() -> str:
    return (
        DECLARATION
        + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>'
        + '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        + f'<Relationship Id="rId3" Type="{REL}/extended-properties" Target="docProps/app.xml"/>'
        + "</Relationships>"
    )


def document_rels() -> str:
    targets = {"rId1": ("styles", "styles.xml"), "rId2": ("settings", "settings.xml")}
    targets |= {"rId3": ("fontTable", "fontTable.xml"), "rId4": ("footer", "footer1.xml")}
    items = "".join(
        f'<Relationship Id="{rid}" Type="{REL}/{kind}" Target="{target}"/>'
        for rid, (kind, target) in targets.items()
    )
    return (
        DECLARATION
        + f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{items}</Relationships>'
    )


FOOTER_REL_ID = "rId4"


def core_properties(title: str, timestamp: str) -> str:
    """Document properties with a fixed timestamp, so the same inputs give the same bytes."""
    return (
        DECLARATION
        + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{text(title)}</dc:title><dc:creator>reportgen</dc:creator>"
        "<cp:lastModifiedBy>reportgen</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{timestamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{timestamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def app_properties() -> str:
    return (
        DECLARATION
        + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>reportgen</Application></Properties>"
    )


def settings() -> str:
    # updateFields makes Word refresh the table of contents when the file is opened.
    return (
        DECLARATION + f"<w:settings {W}>"
        '<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/>'
        '<w:characterSpacingControl w:val="compressPunctuation"/>'
        '<w:updateFields w:val="true"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
        "</w:settings>"
    )


def font_table() -> str:
    """The fonts, each with the name Word should fall back on where it is missing."""
    fonts = [
        (FANGSONG, "仿宋", "modern", "fixed"),
        (KAITI, "楷体", "modern", "fixed"),
        (HEITI, "SimHei", "modern", "fixed"),
        (XIAOBIAOSONG, "宋体", "script", "default"),
        ("宋体", "SimSun", "auto", "variable"),
        (LATIN, "", "roman", "variable"),
    ]
    body = ""
    for name, alt, family, pitch in fonts:
        alt_xml = f'<w:altName w:val="{alt}"/>' if alt else ""
        charset = '<w:charset w:val="86"/>' if name != LATIN else ""
        body += f'<w:font w:name="{name}">{alt_xml}{charset}<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'
    return DECLARATION + f"<w:fonts {W}>{body}</w:fonts>"


def footer() -> str:
    """Page numbers as "— 1 —", centred, 4号宋体."""

    def plain_run(value: str) -> str:
        return f'<w:r><w:t xml:space="preserve">{value}</w:t></w:r>'

    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    paragraph = f'<w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>{plain_run("— ")}{field}{plain_run(" —")}</w:p>'
    return DECLARATION + f"<w:ftr {W} {R}>{paragraph}</w:ftr>"


def section(*, footer: bool, landscape: bool = False, restart_numbering: bool = False) -> str:
    """A <w:sectPr>: A4 with the GB/T 9704 margins (turned for a landscape section)."""
    reference = f'<w:footerReference w:type="default" r:id="{FOOTER_REL_ID}"/>' if footer else ""
    if landscape:
        size = f'<w:pgSz w:w="{PAGE_H}" w:h="{PAGE_W}" w:orient="landscape"/>'
        margins = f'<w:pgMar w:top="{LEFT}" w:right="{BOTTOM}" w:bottom="{RIGHT}" w:left="{TOP}" w:header="851" w:footer="992" w:gutter="0"/>'
    else:
        size = f'<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
        margins = f'<w:pgMar w:top="{TOP}" w:right="{RIGHT}" w:bottom="{BOTTOM}" w:left="{LEFT}" w:header="851" w:footer="992" w:gutter="0"/>'
    numbering = '<w:pgNumType w:start="1"/>' if restart_numbering else ""
    return f'<w:sectPr>{reference}<w:type w:val="nextPage"/>{size}{margins}{numbering}<w:cols w:space="425"/></w:sectPr>'


def _fonts(east_asian: str) -> str:
    return (
        f'<w:rFonts w:ascii="{LATIN}" w:eastAsia="{east_asian}" w:hAnsi="{LATIN}" w:cs="{LATIN}"/>'
    )


def _size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


EXACT_28PT = '<w:spacing w:before="0" w:after="0" w:line="560" w:lineRule="exact"/>'
EXACT_24PT = '<w:spacing w:before="0" w:after="0" w:line="480" w:lineRule="exact"/>'
INDENT_2 = '<w:ind w:firstLineChars="200" w:firstLine="640"/>'
SINGLE = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'


def _paragraph_style(
    style_id: str,
    name: str,
    ppr: str,
    rpr: str,
    *,
    based_on: str = "Normal",
    outline: int | None = None,
    next_style: str = "",
) -> str:
    base = f'<w:basedOn w:val="{based_on}"/>' if based_on and style_id != "Normal" else ""
    nxt = f'<w:next w:val="{next_style}"/>' if next_style else ""
    level = f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else ""
    default = ' w:default="1"' if style_id == "Normal" else ""
    return (
        f'<w:style w:type="paragraph"{default} w:styleId="{style_id}"><w:name w:val="{name}"/>{base}{nxt}'
        f"<w:qFormat/><w:pPr>{ppr}{level}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


def _paragraph_styles() -> str:
    heading_ppr = f"<w:keepNext/><w:keepLines/>{EXACT_28PT}{INDENT_2}"
    table_rpr = _fonts(FANGSONG) + _size(21)
    specs = [
        (
            styles.BODY,
            "Normal",
            f'<w:widowControl w:val="0"/>{EXACT_28PT}{INDENT_2}<w:jc w:val="both"/>',
            _fonts(FANGSONG) + _size(32),
            None,
        ),
        (styles.BODY_NO_INDENT, "正文无缩进", '<w:ind w:firstLine="0"/>', "", None),
        (styles.HEADING_1, "heading 1", heading_ppr, _fonts(HEITI) + _size(32), 0),
        (styles.HEADING_2, "heading 2", heading_ppr, _fonts(KAITI) + _size(32), 1),
        (
            styles.HEADING_3,
            "heading 3",
            heading_ppr,
            _fonts(FANGSONG) + "<w:b/><w:bCs/>" + _size(32),
            2,
        ),
        (styles.HEADING_4, "heading 4", heading_ppr, _fonts(FANGSONG) + _size(32), 3),
        (
            styles.TITLE,
            "Title",
            '<w:spacing w:before="0" w:after="0" w:line="720" w:lineRule="exact"/><w:ind w:firstLine="0"/><w:jc w:val="center"/>',
            _fonts(XIAOBIAOSONG) + _size(44),
            None,
        ),
        (
            styles.SUBTITLE,
            "Subtitle",
            '<w:spacing w:before="240" w:after="0" w:line="720" w:lineRule="exact"/><w:ind w:firstLine="0"/><w:jc w:val="center"/>',
            _fonts(XIAOBIAOSONG) + _size(36),
            None,
        ),
        (
            styles.COVER_INFO,
            "封面信息",
            '<w:ind w:left="1280" w:firstLine="0"/>',
            _fonts(FANGSONG) + _size(32),
            None,
        ),
        (
            styles.TOC_HEADING,
            "TOC Heading",
            '<w:keepNext/><w:spacing w:before="0" w:after="240" w:line="560" w:lineRule="exact"/><w:ind w:firstLine="0"/><w:jc w:val="center"/>',
            _fonts(HEITI) + _size(32),
            None,
        ),
        (
            styles.SIGNATURE,
            "落款",
            f'{EXACT_28PT}<w:ind w:right="640" w:firstLine="0"/><w:jc w:val="right"/>',
            _fonts(FANGSONG) + _size(32),
            None,
        ),
        (
            styles.TABLE_CAPTION,
            "表格标题",
            '<w:keepNext/><w:keepLines/><w:spacing w:before="120" w:after="60" w:line="360" w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="center"/>',
            _fonts(HEITI) + _size(28),
            None,
        ),
        (
            styles.TABLE_UNIT,
            "表格单位",
            '<w:keepNext/><w:spacing w:before="0" w:after="0" w:line="360" w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="right"/>',
            _fonts(FANGSONG) + _size(24),
            None,
        ),
        (
            styles.TABLE_SOURCE,
            "表格注释",
            '<w:spacing w:before="60" w:after="120" w:line="360" w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="left"/>',
            _fonts(FANGSONG) + _size(24),
            None,
        ),
        (
            styles.TABLE_TEXT,
            "表格文字",
            f'{SINGLE}<w:ind w:firstLine="0"/><w:jc w:val="center"/>',
            table_rpr,
            None,
        ),
        (
            styles.TABLE_TEXT_LEFT,
            "表格文字（左对齐）",
            f'{SINGLE}<w:ind w:firstLine="0"/><w:jc w:val="left"/>',
            table_rpr,
            None,
        ),
        (
            styles.TABLE_HEADER,
            "表头文字",
            f'<w:keepNext/>{SINGLE}<w:ind w:firstLine="0"/><w:jc w:val="center"/>',
            _fonts(HEITI) + "<w:b/><w:bCs/>" + _size(21),
            None,
        ),
        (
            styles.TRAILER,
            "表后空行",
            '<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/><w:ind w:firstLine="0"/>',
            _size(2),
            None,
        ),
        (
            "Footer",
            "footer",
            '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="center"/>',
            _fonts("宋体") + _size(28),
            None,
        ),
    ]
    toc = [
        (
            f"TOC{level}",
            f"toc {level}",
            f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/></w:tabs>{EXACT_24PT}<w:ind w:left="{(level - 1) * 640}" w:firstLine="0"/>',
            "",
            None,
        )
        for level in (1, 2)
    ]
    return "".join(
        _paragraph_style(
            sid, name, ppr, rpr, outline=outline, next_style="Normal" if outline is not None else ""
        )
        for sid, name, ppr, rpr, outline in specs + toc
    )


def _other_styles() -> str:
    border = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    table = (
        f'<w:style w:type="table" w:styleId="{styles.TABLE}"><w:name w:val="报告表格"/><w:qFormat/>'
        f'<w:tblPr><w:jc w:val="center"/><w:tblBorders>{border}</w:tblBorders>'
        '<w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    )
    normal_table = (
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    )
    characters = (
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
        f'<w:style w:type="character" w:styleId="{styles.STRONG}"><w:name w:val="Strong"/><w:qFormat/><w:rPr><w:b/><w:bCs/></w:rPr></w:style>'
        f'<w:style w:type="character" w:styleId="{styles.EMPHASIS}"><w:name w:val="Emphasis"/><w:qFormat/><w:rPr><w:i/><w:iCs/></w:rPr></w:style>'
    )
    return characters + normal_table + table


def style_sheet() -> str:
    defaults = (
        f'<w:docDefaults><w:rPrDefault><w:rPr>{_fonts(FANGSONG)}<w:kern w:val="2"/>{_size(32)}'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>'
    )
    return (
        DECLARATION + f"<w:styles {W}>{defaults}{_paragraph_styles()}{_other_styles()}</w:styles>"
    )
