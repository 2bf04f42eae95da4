"""The Word style ids the templates define and the generated XML refers to.

Generated paragraphs and tables never carry direct formatting of their own:
they name these styles, so a consultant restyles the whole report by editing
the styles of the template in Word, and no foreign style enters a document.
"""

from __future__ import annotations

# Paragraph styles
BODY = "Normal"  # 正文: 3号仿宋_GB2312, first-line indent of two characters, 28 pt exactly
BODY_NO_INDENT = "BodyNoIndent"  # 正文 without the first-line indent (list items, notes)
HEADING_1 = "Heading1"  # 一、  黑体
HEADING_2 = "Heading2"  # （一） 楷体_GB2312
HEADING_3 = "Heading3"  # 1.   仿宋_GB2312 bold
HEADING_4 = "Heading4"  # （1） 仿宋_GB2312
TITLE = "Title"  # 2号方正小标宋简体, centred
SUBTITLE = "Subtitle"
COVER_INFO = "CoverInfo"  # 项目名称：… on the cover
TOC_HEADING = "TOCHeading"
SIGNATURE = "Signature"  # 落款 and date of a notice, right-aligned
TABLE_CAPTION = "TableCaption"  # 表4-2 …, above the table, centred
TABLE_UNIT = "TableUnit"  # 单位：元, right-aligned above a money table
TABLE_SOURCE = "TableSource"  # 数据来源：…, below the table
TABLE_TEXT = "TableText"  # cell text, centred
TABLE_TEXT_LEFT = "TableTextLeft"  # long cell text (评分标准, 扣分原因), left-aligned
TABLE_HEADER = "TableHeader"  # header row cell text, bold, centred
TRAILER = "Trailer"  # the paragraph Word needs after a closing table: 1 pt, so it never adds a page

# Table style
TABLE = "ReportTable"  # single black borders on every cell

# Character styles
STRONG = "Strong"
EMPHASIS = "Emphasis"

PARAGRAPH_STYLES = (
    BODY,
    BODY_NO_INDENT,
    HEADING_1,
    HEADING_2,
    HEADING_3,
    HEADING_4,
    TITLE,
    SUBTITLE,
    COVER_INFO,
    TOC_HEADING,
    SIGNATURE,
    TABLE_CAPTION,
    TABLE_UNIT,
    TABLE_SOURCE,
    TABLE_TEXT,
    TABLE_TEXT_LEFT,
    TABLE_HEADER,
    TRAILER,
)
CHARACTER_STYLES = (STRONG, EMPHASIS)
TABLE_STYLES = (TABLE,)
