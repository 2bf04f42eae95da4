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

Both work on the rendered text: paragraphs are found by their tags and only
their properties and text are read, which costs a fraction of parsing the
part (a report's document part is its largest).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from lxml import etree

from reportgen.narrative.values import CAPTION, END, MENTION
from reportgen.render.part_tree import W
from reportgen.render.xml import paragraph_end, paragraph_start, positions
from reportgen.review.outline import heading_levels

UNPLACED = "下表"  # a mention of a table the template does not show
TOC_FIELD = re.compile(r"<w:instrText[^>]*>\s*TOC\b")
TOC_LEVELS = re.compile(r'\\o\s+(?:"|&quot;)(\d)-(\d)(?:"|&quot;)')
PROPS = re.compile(r"<w:p(?: [^>]*)?>(<w:pPr>.*?</w:pPr>)?", re.S)
STYLE = re.compile(r'<w:pStyle w:val="([^"]*)"/>')
OUTLINE = re.compile(r'<w:outlineLvl w:val="(\d)"/>')
TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
RUN = re.compile(r"<w:r(?: [^>]*)?>.*?</w:r>", re.S)
FIELD_CHAR = re.compile(r'w:fldCharType="(begin|end)"')


@dataclass(frozen=True)
class StyleMap:
    """What the template's styles say about headings and contents entries."""

    outline: dict[str, int] = field(default_factory=dict)  # style id → level (0 = 一级)
    contents: dict[int, str] = field(default_factory=dict)  # TOC level (1…) → style id


def apply(xml: str, styles: StyleMap) -> str:
    """The rendered document with its tables numbered and its TOC entries filled in.

    The headings are found once, in the rendered text, and serve both.
    """
    field = _contents_field(xml)
    marked = CAPTION in xml or MENTION in xml
    if field is None and not marked:
        return xml
    deepest = max(0, field.high - 1) if field else 0
    headings = _headings(xml, styles.outline, deepest) if field or marked else []
    numbers = _numbers(xml, [s for s, level in headings if level == 0]) if marked else {}
    if field is not None:
        xml = _with_contents(xml, styles, field, headings)
    return _numbered(xml, numbers) if marked else xml


def _numbered(xml: str, numbers: dict[str, str]) -> str:
    """Every marker replaced by its table's number, found by searching for the marks."""
    out, position = [], 0
    for at in positions(xml, CAPTION + MENTION):
        end = xml.find(END, at)
        if end < 0 or at < position:
            continue
        out += [xml[position:at], numbers.get(xml[at + 1 : end], UNPLACED)]
        position = end + 1
    out.append(xml[position:])
    return "".join(out)


def _level(xml: str, start: int, outline: Mapping[str, int]) -> int | None:
    """The outline level of the paragraph opening at `start` (0 = 一级), if a heading."""
    found = PROPS.match(xml, start)
    props = found.group(1) if found else None
    if not props:
        return None
    direct = OUTLINE.search(props)
    if direct:
        level = int(direct.group(1))
        return level if level < 9 else None
    style = STYLE.search(props)
    return outline.get(style.group(1)) if style else None


def _headings(xml: str, outline: Mapping[str, int], deepest: int) -> list[tuple[int, int]]:
    """(start, level) of every paragraph whose outline level is at most `deepest`, in order.

    The few paragraphs naming such a style or level are found by searching for those
    names (a plain search each, far faster than one pattern of alternatives), not by
    reading every paragraph's properties.
    """
    needles = [f'<w:pStyle w:val="{i}"/>' for i, level in outline.items() if level <= deepest]
    needles.append("<w:outlineLvl ")
    found: dict[int, int] = {}
    for needle in needles:
        hit = xml.find(needle)
        while hit >= 0:
            start = paragraph_start(xml, hit)
            if start >= 0 and start not in found:
                level = _level(xml, start, outline)
                if level is not None and level <= deepest:
                    found[start] = level
            hit = xml.find(needle, hit + len(needle))
    return sorted(found.items())


def _numbers(xml: str, chapters: list[int]) -> dict[str, str]:
    """Each table's number: its chapter (一级 headings before its caption), then its order."""
    numbers: dict[str, str] = {}
    counts: dict[int, int] = {}
    for at in positions(xml, CAPTION):
        end = xml.find(END, at)
        key = xml[at + 1 : end]
        if end < 0 or key in numbers:
            continue
        chapter = bisect.bisect_left(chapters, at)
        counts[chapter] = counts.get(chapter, 0) + 1
        numbers[key] = f"表{chapter}-{counts[chapter]}" if chapter else f"表{counts[chapter]}"
    return numbers


def _paragraph_around(xml: str, position: int) -> tuple[int, int]:
    return paragraph_start(xml, position), paragraph_end(xml, position)


@dataclass(frozen=True)
class _Field:
    """A TOC field: its opening and closing paragraphs and the levels it shows."""

    start: int
    start_end: int
    end: int
    end_end: int
    low: int
    high: int


def _contents_field(xml: str) -> _Field | None:
    instruction = TOC_FIELD.search(xml)
    if instruction is None:
        return None
    start, start_end = _paragraph_around(xml, instruction.start())
    closing = _field_end(xml, start) if min(start, start_end) >= 0 else None
    if closing is None:
        return None
    end, end_end = _paragraph_around(xml, closing)
    if end < start_end or end_end < 0:
        return None  # the whole field in one paragraph: nothing shown to replace
    shown = xml[instruction.end() : xml.index("</w:instrText>", instruction.end())]
    levels = TOC_LEVELS.search(shown)
    low, high = (int(levels.group(1)), int(levels.group(2))) if levels else (1, 3)
    return _Field(start, start_end, end, end_end, low, high)


def _with_contents(
    xml: str, styles: StyleMap, field: _Field, headings: list[tuple[int, int]]
) -> str:
    """The TOC field's shown entries replaced by the headings that follow it."""
    start, start_end, end, end_end = field.start, field.start_end, field.end, field.end_end
    entries = _entries(xml, end_end, styles, headings, field)
    if not entries:
        return xml
    first_style, first_text = entries[0]
    opening = STYLE.sub(f'<w:pStyle w:val="{first_style}"/>', xml[start:start_end], count=1)
    opening = opening[: -len("</w:p>")] + _run(first_text) + "</w:p>"
    middle = [_paragraph(style, text) for style, text in entries[1:]]
    closing_paragraph = _without_placeholder(xml[end:end_end])
    if "<w:t" not in closing_paragraph and "<w:sectPr" not in closing_paragraph:
        runs = "".join(RUN.findall(closing_paragraph))
        if middle:
            middle[-1] = middle[-1][: -len("</w:p>")] + runs + "</w:p>"
        else:
            opening = opening[: -len("</w:p>")] + runs + "</w:p>"
        closing_paragraph = ""
    return xml[:start] + opening + "".join(middle) + closing_paragraph + xml[end_end:]


def _field_end(xml: str, start: int) -> int | None:
    """Where the field that begins in the paragraph at `start` ends (nested fields counted)."""
    depth = 0
    for found in FIELD_CHAR.finditer(xml, start):
        depth += 1 if found.group(1) == "begin" else -1
        if depth == 0:
            return found.start()
    return None


def _without_placeholder(paragraph: str) -> str:
    """The closing paragraph without the template's text before the field's end."""
    cut = paragraph.find('w:fldCharType="end"')
    runs = [m for m in RUN.finditer(paragraph) if m.end() <= cut and "<w:fldChar" not in m.group(0)]
    for run in reversed(runs):
        paragraph = paragraph[: run.start()] + paragraph[run.end() :]
    return paragraph


def _entries(
    xml: str, after: int, styles: StyleMap, headings: list[tuple[int, int]], field: _Field
) -> list[tuple[str, str]]:
    """(style, text) of each heading after `after` whose level the TOC shows."""
    found = []
    for start, level in headings:
        if start < after or not field.low <= level + 1 <= field.high:
            continue
        text = "".join(TEXT.findall(xml, start, xml.index("</w:p>", start)))
        if text.strip():
            found.append((styles.contents.get(level + 1, f"TOC{level + 1}"), text))
    return found


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _paragraph(style: str, text: str) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{_run(text)}</w:p>'


TOC_NAME = re.compile(r"(?:toc|contents)\s*(\d)", re.I)


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
    for style in root.iter(f"{W}style"):
        name = style.find(f"{W}name")
        found = TOC_NAME.fullmatch((name.get(f"{W}val") or "") if name is not None else "")
        if found and style.get(f"{W}type") == "paragraph":
            contents.setdefault(int(found.group(1)), style.get(f"{W}styleId") or "")
    return StyleMap(heading_levels(root), contents)
