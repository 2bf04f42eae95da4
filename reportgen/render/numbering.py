"""Table numbers and the table of contents, taken from where things land in the rendered document.

A table's caption in a template writes `{{ table.number }}`, and a sentence
that mentions the table carries `table.ref` (see `narrative.values`). Both are invisible markers
holding the table's key; after rendering, the document is read in order: each
paragraph in an outline-level-1 style (一、… chapters) starts a chapter, and
the first caption marker of a key gets the next number in that chapter
(表3-1, 表3-2 …). Every marker of the key is then replaced by that number, so
moving a chapter in the template renumbers its tables and their mentions.

A TOC field's shown entries are rebuilt from the document's own headings, so
the contents page is right before Word refreshes the field.

Headings are marked where they are written: when a template is compiled, each
of its paragraphs whose style (or its own outline level) makes it a heading
gets a mark and its level after its opening tag; reportgen's Markdown marks its
headings for their properties to be read (the template's styles say which
are headings). After rendering, the marks are found with a search for one byte
in the part as UTF-8, and every mark is taken out again in the one pass that
writes the numbers.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from lxml import etree

from reportgen.narrative.values import CAPTION, END, MENTION
from reportgen.render.headlines import TitleStyle, title_styles
from reportgen.render.part_tree import W
from reportgen.render.xml import paragraph_end, paragraph_start, positions
from reportgen.review.outline import heading_levels

# A control character like the table-number marks (see `render.xml`): XML cannot carry it.
# It is followed by the paragraph's outline level (0–8), or by READ: its properties say.
HEADING, READ = "\x1a", "?"
UNPLACED = "下表".encode()  # a mention of a table the template does not show
_HEADING, _CAPTION, _MENTION, _END = (m.encode("utf-8") for m in (HEADING, CAPTION, MENTION, END))
_MARKS = (_HEADING, _CAPTION, _MENTION, _END)
_READ, _LEVEL_ZERO = ord(READ), ord("0")
TOC_FIELD = re.compile(rb"<w:instrText[^>]*>\s*TOC\b")
TOC_LEVELS = re.compile(rb'\\o\s+(?:"|&quot;)(\d)-(\d)(?:"|&quot;)')
OPENED_WITH_PROPS = re.compile(rb"(<w:p(?: [^>]*)?>)(<w:pPr>.*?</w:pPr>)", re.S)
STYLE = re.compile(rb'<w:pStyle w:val="([^"]*)"/>')
OUTLINE = re.compile(rb'<w:outlineLvl w:val="(\d)"/>')
TEXT = re.compile(rb"<w:t(?: [^>]*)?>([^<]*)</w:t>")
RUN = re.compile(rb"<w:r(?: [^>]*)?>.*?</w:r>", re.S)
FIELD_CHAR = re.compile(rb'w:fldCharType="(begin|end)"')


@dataclass(frozen=True)
class StyleMap:
    """What the template's styles say about headings and contents entries."""

    outline: dict[str, int] = field(default_factory=dict)  # style id → level (0 = 一级)
    contents: dict[int, str] = field(default_factory=dict)  # TOC level (1…) → style id
    closing: frozenset[str] = frozenset()  # the 落款's paragraph styles (see `closing`)
    titles: Mapping[str, TitleStyle] = field(default_factory=dict)  # see `headlines`


def mark_headings(source: str, styles: StyleMap) -> str:
    """A template part's source with every heading paragraph marked after its opening tag
    (and every paragraph whose properties hold a tag, for them to be read once rendered)."""

    def marked(found: re.Match[bytes]) -> bytes:
        if b"{" in found.group(2):
            return found.group(1) + _HEADING + READ.encode() + found.group(2)
        level = _level(found.group(2), styles.outline)
        if level is None:
            return found.group(0)
        return found.group(1) + _HEADING + str(level).encode() + found.group(2)

    return OPENED_WITH_PROPS.sub(marked, source.encode("utf-8")).decode("utf-8")


def apply(xml: bytes, styles: StyleMap) -> bytes:
    """A rendered part (UTF-8) with its tables numbered, its TOC entries filled in, and none
    of the marks left (a caption in a header is numbered by the header's own order)."""
    heading_marks = positions(xml, (_HEADING,))
    markers = positions(xml, (_CAPTION, _MENTION, _END))
    field = contents_field(xml)
    if not heading_marks and not markers and field is None:
        return xml
    headings = _headings(xml, heading_marks, styles.outline)
    numbers = _numbers(xml, markers, [start for start, level in headings if level == 0])
    splice = None
    if field is not None:
        contents = _contents(xml, styles, field, headings)
        if contents is not None:
            splice = (field.start, field.end_end, _resolved(contents, numbers))
    return _resolved(xml, numbers, sorted(heading_marks + markers), splice)


def _resolved(
    xml: bytes,
    numbers: dict[bytes, bytes],
    marks: list[int] | None = None,
    splice: tuple[int, int, bytes] | None = None,
) -> bytes:
    """`xml` with every marker replaced by its table's number, the heading marks and any mark
    that opens or closes no marker dropped (XML cannot carry them), and `splice` (start, end,
    text) put in place of what it replaces."""
    out, position = [], 0
    for at in positions(xml, _MARKS) if marks is None else marks:
        if splice is not None and at >= splice[0]:
            out += [xml[position : splice[0]], splice[2]]
            position, splice = splice[1], None
        if at < position:
            continue
        out.append(xml[position:at])
        position = at + 1
        if xml[at : at + 1] == _HEADING:
            position = at + 2  # and its level
            continue
        if xml[at : at + 1] == _END:
            continue
        end = xml.find(_END, at + 1)
        if end < 0 or _opens_within(xml, at + 1, end):
            continue  # a marker never closed: its mark goes
        out.append(numbers.get(xml[at + 1 : end], UNPLACED))
        position = end + 1
    if splice is not None:
        out += [xml[position : splice[0]], splice[2]]
        position = splice[1]
    out.append(xml[position:])
    return b"".join(out)


def _opens_within(xml: bytes, start: int, end: int) -> bool:
    """Whether another marker opens between `start` and `end` (the first was never closed)."""
    return xml.find(_CAPTION, start, end) >= 0 or xml.find(_MENTION, start, end) >= 0


def _level(props: bytes, outline: Mapping[str, int]) -> int | None:
    """The outline level (0 = 一级) that a paragraph's properties give it, if a heading."""
    direct = OUTLINE.search(props) if b"<w:outlineLvl " in props else None
    if direct:
        level = int(direct.group(1))
        return level if level < 9 else None
    style = STYLE.search(props)
    return outline.get(style.group(1).decode("utf-8", "replace")) if style else None


def _headings(xml: bytes, marks: list[int], outline: Mapping[str, int]) -> list[tuple[int, int]]:
    """(start, level) of every marked paragraph that is a heading in the rendered part."""
    found = []
    for at in marks:
        given = xml[at + 1]
        if given == _READ:
            properties = at + 2
            if not xml.startswith(b"<w:pPr>", properties):
                continue
            level = _level(xml[properties : xml.find(b"</w:pPr>", properties)], outline)
        else:
            level = given - _LEVEL_ZERO
        if level is not None and 0 <= level <= 8:
            found.append((xml.rfind(b"<", 0, at), level))
    return found


def _numbers(xml: bytes, marks: list[int], chapters: list[int]) -> dict[bytes, bytes]:
    """Each table's number: its chapter (一级 headings before its caption), then its order."""
    numbers: dict[bytes, bytes] = {}
    counts: dict[int, int] = {}
    for at in marks:
        if xml[at : at + 1] != _CAPTION:
            continue
        end = xml.find(_END, at + 1)
        if end < 0 or _opens_within(xml, at + 1, end) or xml[at + 1 : end] in numbers:
            continue
        chapter = bisect.bisect_left(chapters, at)
        counts[chapter] = counts.get(chapter, 0) + 1
        number = f"表{chapter}-{counts[chapter]}" if chapter else f"表{counts[chapter]}"
        numbers[xml[at + 1 : end]] = number.encode()
    return numbers


def _paragraph_around(xml: bytes, position: int) -> tuple[int, int]:
    return paragraph_start(xml, position), paragraph_end(xml, position)


@dataclass(frozen=True)
class ContentsField:
    """A TOC field: its opening and closing paragraphs and the levels it shows."""

    start: int
    start_end: int
    end: int
    end_end: int
    low: int
    high: int


def contents_field(xml: bytes) -> ContentsField | None:
    first = xml.find(b"<w:instrText")  # a plain search first: most parts have no field
    instruction = TOC_FIELD.search(xml, first) if first >= 0 else None
    if instruction is None:
        return None
    start, start_end = _paragraph_around(xml, instruction.start())
    closing = _field_end(xml, start) if min(start, start_end) >= 0 else None
    if closing is None:
        return None
    end, end_end = _paragraph_around(xml, closing)
    if end < start_end or end_end < 0:
        return None  # the whole field in one paragraph: nothing shown to replace
    shown = xml[instruction.end() : xml.index(b"</w:instrText>", instruction.end())]
    levels = TOC_LEVELS.search(shown)
    low, high = (int(levels.group(1)), int(levels.group(2))) if levels else (1, 3)
    return ContentsField(start, start_end, end, end_end, low, high)


def _contents(
    xml: bytes, styles: StyleMap, field: ContentsField, headings: list[tuple[int, int]]
) -> bytes | None:
    """The TOC field's paragraphs with its shown entries the headings that follow it (None
    when no heading does: the template's entries stay)."""
    start, start_end, end, end_end = field.start, field.start_end, field.end, field.end_end
    entries = _entries(xml, end_end, styles, headings, field)
    if not entries:
        return None
    first_style, first_text = entries[0]
    first = b'<w:pStyle w:val="' + first_style + b'"/>'
    opening = STYLE.sub(lambda _: first, xml[start:start_end], count=1)
    opening = opening[: -len(b"</w:p>")] + _run(first_text) + b"</w:p>"
    middle = [_paragraph(style, text) for style, text in entries[1:]]
    closing_paragraph = _without_placeholder(xml[end:end_end])
    if b"<w:t" not in closing_paragraph and b"<w:sectPr" not in closing_paragraph:
        runs = b"".join(RUN.findall(closing_paragraph))
        if middle:
            middle[-1] = middle[-1][: -len(b"</w:p>")] + runs + b"</w:p>"
        else:
            opening = opening[: -len(b"</w:p>")] + runs + b"</w:p>"
        closing_paragraph = b""
    return b"".join((opening, *middle, closing_paragraph))


def _field_end(xml: bytes, start: int) -> int | None:
    """Where the field that begins in the paragraph at `start` ends (nested fields counted)."""
    depth = 0
    for found in FIELD_CHAR.finditer(xml, start):
        depth += 1 if found.group(1) == b"begin" else -1
        if depth == 0:
            return found.start()
    return None


def _without_placeholder(paragraph: bytes) -> bytes:
    """The closing paragraph without the template's text before the field's end."""
    cut = paragraph.find(b'w:fldCharType="end"')
    runs = [
        m for m in RUN.finditer(paragraph) if m.end() <= cut and b"<w:fldChar" not in m.group(0)
    ]
    for run in reversed(runs):
        paragraph = paragraph[: run.start()] + paragraph[run.end() :]
    return paragraph


def _entries(
    xml: bytes, after: int, styles: StyleMap, headings: list[tuple[int, int]], field: ContentsField
) -> list[tuple[bytes, bytes]]:
    """(style, text) of each heading after `after` whose level the TOC shows."""
    found = []
    for start, level in headings:
        if start < after or not field.low <= level + 1 <= field.high:
            continue
        text = b"".join(TEXT.findall(xml, start, xml.index(b"</w:p>", start)))
        if text.strip():
            style = styles.contents.get(level + 1, f"TOC{level + 1}")
            found.append((style.encode("utf-8"), text))
    return found


def _run(text: bytes) -> bytes:
    return b'<w:r><w:t xml:space="preserve">' + text + b"</w:t></w:r>"


def _paragraph(style: bytes, text: bytes) -> bytes:
    return b'<w:p><w:pPr><w:pStyle w:val="' + style + b'"/></w:pPr>' + _run(text) + b"</w:p>"


TOC_NAME = re.compile(r"(?:toc|contents)\s*(\d)", re.I)
CLOSING_NAMES = frozenset({"落款", "signature", "closing"})


def style_map(styles_xml: bytes | None) -> StyleMap:
    """Outline levels of paragraph styles (as the outline reader of drafts sees them) and the
    TOC entry styles."""
    if not styles_xml:
        return StyleMap()
    try:
        root = etree.fromstring(
            styles_xml, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        )
    except etree.XMLSyntaxError:
        return StyleMap()  # the engine checks the parts it renders; a broken style sheet is Word's
    contents: dict[int, str] = {}
    closing = set()
    for style in root.iter(f"{W}style"):
        if style.get(f"{W}type") != "paragraph":
            continue
        element = style.find(f"{W}name")
        name = (element.get(f"{W}val") or "") if element is not None else ""
        found = TOC_NAME.fullmatch(name)
        if found:
            contents.setdefault(int(found.group(1)), style.get(f"{W}styleId") or "")
        if name.strip().casefold() in CLOSING_NAMES:
            closing.add(style.get(f"{W}styleId") or "")
    size = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}sz")
    written = (size.get(f"{W}val") or "") if size is not None else ""
    default_size = int(written) if written.isascii() and written.isdigit() else 21
    titles = title_styles(root, default_size if 1 < default_size < 400 else 21)
    return StyleMap(heading_levels(root), contents, frozenset(closing), titles)
