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
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from lxml import etree

from reportgen.narrative.values import CAPTION, END, MENTION
from reportgen.render.part_tree import W, parse, serialize

MARKER = re.compile(f"([{CAPTION}{MENTION}])([^{END}]*){END}")
UNPLACED = "下表"  # a mention of a table the template does not show
TOC_LEVELS = re.compile(r'\\o\s+"(\d)-(\d)"')


TOC_FIELD = re.compile(r"<w:instrText[^>]*>\s*TOC\b")


def needed(xml: str) -> bool:
    return CAPTION in xml or MENTION in xml or TOC_FIELD.search(xml) is not None


def apply(xml: str, outline: Mapping[str, int]) -> str:
    """The rendered document with its tables numbered and its TOC entries filled in.

    `outline` gives the outline level (0 for 一级 headings) of each paragraph style.
    """
    root = parse(xml)
    body = root.find(f"{W}body")
    if body is None:
        return xml
    numbers = _numbers(body, outline)
    for text in body.iter(f"{W}t"):
        if text.text and (CAPTION in text.text or MENTION in text.text):
            text.text = MARKER.sub(lambda m: numbers.get(m.group(2), UNPLACED), text.text)
    _fill_contents(body, outline)
    return serialize(root)


def _level(paragraph: etree._Element, outline: Mapping[str, int]) -> int | None:
    props = paragraph.find(f"{W}pPr")
    if props is None:
        return None
    direct = props.find(f"{W}outlineLvl")
    if direct is not None and (direct.get(f"{W}val") or "").isdigit():
        level = int(direct.get(f"{W}val") or 9)
        return level if level < 9 else None
    style = props.find(f"{W}pStyle")
    return outline.get(style.get(f"{W}val") or "") if style is not None else None


def _numbers(body: etree._Element, outline: Mapping[str, int]) -> dict[str, str]:
    numbers: dict[str, str] = {}
    chapter = in_chapter = 0
    for paragraph in body.iter(f"{W}p"):
        if _level(paragraph, outline) == 0:
            chapter, in_chapter = chapter + 1, 0
        for text in paragraph.iter(f"{W}t"):
            for kind, key in MARKER.findall(text.text or ""):
                if kind == CAPTION and key not in numbers:
                    in_chapter += 1
                    numbers[key] = f"表{chapter}-{in_chapter}" if chapter else f"表{in_chapter}"
    return numbers


def _text(paragraph: etree._Element) -> str:
    return "".join(t.text or "" for t in paragraph.iter(f"{W}t"))


def _fill_contents(body: etree._Element, outline: Mapping[str, int]) -> None:
    """Replace the shown entries of the first TOC field with the headings that follow it."""
    begin = _toc_start(body)
    if begin is None:
        return
    start, instruction = begin
    end = _field_end(start)
    if end is None:
        return
    found = TOC_LEVELS.search(instruction)
    low, high = (int(found.group(1)), int(found.group(2))) if found else (1, 3)
    parent = start.getparent()
    assert parent is not None
    for paragraph in list(start.itersiblings()):
        if paragraph is end:
            break
        parent.remove(paragraph)
    after = False
    entries = []
    for paragraph in body.iter(f"{W}p"):
        if paragraph is end:
            after = True
            continue
        level = _level(paragraph, outline)
        if after and level is not None and low <= level + 1 <= high and _text(paragraph).strip():
            entries.append(_entry(level + 1, _text(paragraph)))
    for offset, entry in enumerate(entries):
        parent.insert(parent.index(start) + 1 + offset, entry)


def _toc_start(body: etree._Element) -> tuple[etree._Element, str] | None:
    """The paragraph that opens a TOC field (begin, instruction, separate) and its instruction."""
    for instruction in body.iter(f"{W}instrText"):
        if (instruction.text or "").strip().startswith("TOC"):
            paragraph = next(instruction.iterancestors(f"{W}p"), None)
            if paragraph is not None and _ends_field(paragraph) is False:
                return paragraph, instruction.text or ""
    return None


def _ends_field(paragraph: etree._Element) -> bool:
    kinds = [c.get(f"{W}fldCharType") for c in paragraph.iter(f"{W}fldChar")]
    return bool(kinds) and kinds[-1] == "end"


def _field_end(start: etree._Element) -> etree._Element | None:
    """The sibling paragraph after `start` holding the TOC's closing fldChar."""
    for paragraph in start.itersiblings(f"{W}p"):
        if any(c.get(f"{W}fldCharType") == "end" for c in paragraph.iter(f"{W}fldChar")):
            return paragraph
    return None


def _entry(level: int, text: str) -> etree._Element:
    paragraph = etree.Element(f"{W}p")
    props = etree.SubElement(paragraph, f"{W}pPr")
    etree.SubElement(props, f"{W}pStyle").set(f"{W}val", f"TOC{level}")
    run = etree.SubElement(paragraph, f"{W}r")
    shown = etree.SubElement(run, f"{W}t")
    shown.text = text
    shown.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return paragraph


def outline_levels(styles_xml: bytes | None) -> dict[str, int]:
    """Each paragraph style's outline level (0 = 一级), following basedOn chains."""
    if not styles_xml:
        return {}
    root = etree.fromstring(
        styles_xml, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    )
    direct: dict[str, int] = {}
    based: dict[str, str] = {}
    for style in root.iter(f"{W}style"):
        if style.get(f"{W}type") != "paragraph":
            continue
        ident = style.get(f"{W}styleId") or ""
        level = style.find(f"{W}pPr/{W}outlineLvl")
        if level is not None and (level.get(f"{W}val") or "").isdigit():
            direct[ident] = int(level.get(f"{W}val") or 9)
        parent = style.find(f"{W}basedOn")
        if parent is not None:
            based[ident] = parent.get(f"{W}val") or ""
    resolved: dict[str, int] = {}
    for ident in {*direct, *based}:
        seen, current = set(), ident
        while current not in direct and current in based and current not in seen:
            seen.add(current)
            current = based[current]
        level = direct.get(current)
        if level is not None and level < 9:
            resolved[ident] = level
    return resolved
