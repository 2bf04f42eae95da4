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
from dataclasses import dataclass, field

from lxml import etree

from reportgen.narrative.values import CAPTION, END, MENTION
from reportgen.render.part_tree import W, parse, serialize

MARKER = re.compile(f"([{CAPTION}{MENTION}])([^{END}]*){END}")
UNPLACED = "下表"  # a mention of a table the template does not show
TOC_LEVELS = re.compile(r'\\o\s+"(\d)-(\d)"')


TOC_FIELD = re.compile(r"<w:instrText[^>]*>\s*TOC\b")


def needed(xml: str) -> bool:
    return CAPTION in xml or MENTION in xml or TOC_FIELD.search(xml) is not None


@dataclass(frozen=True)
class StyleMap:
    """What the template's styles say about headings and contents entries."""

    outline: dict[str, int] = field(default_factory=dict)  # style id → level (0 = 一级)
    contents: dict[int, str] = field(default_factory=dict)  # TOC level (1…) → style id


def apply(xml: str, styles: StyleMap) -> str:
    """The rendered document with its tables numbered and its TOC entries filled in."""
    outline = styles.outline
    root = parse(xml)
    body = root.find(f"{W}body")
    if body is None:
        return xml
    numbers = _numbers(body, outline)
    for text in body.iter(f"{W}t"):
        if text.text and (CAPTION in text.text or MENTION in text.text):
            text.text = MARKER.sub(lambda m: numbers.get(m.group(2), UNPLACED), text.text)
    _fill_contents(body, styles)
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


def _fill_contents(body: etree._Element, styles: StyleMap) -> None:
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
    _keep_field_runs(end)
    after = False
    entries = []
    for paragraph in body.iter(f"{W}p"):
        if paragraph is end:
            after = True
            continue
        level = _level(paragraph, styles.outline)
        if after and level is not None and low <= level + 1 <= high and _text(paragraph).strip():
            style = styles.contents.get(level + 1, f"TOC{level + 1}")
            entries.append(_entry(style, _text(paragraph)))
    if not entries:
        return
    # As Word writes a TOC: the first entry shares the paragraph that opens the field, the
    # last one the paragraph that closes it, so the contents page has no blank lines.
    first = entries.pop(0)
    start.extend(first.findall(f"{W}r"))
    style = start.find(f"{W}pPr/{W}pStyle")
    if style is not None:
        style.set(f"{W}val", first.find(f"{W}pPr/{W}pStyle").get(f"{W}val") or "")
    for offset, entry in enumerate(entries):
        parent.insert(parent.index(start) + 1 + offset, entry)
    last = entries[-1] if entries else start
    if _only_field_runs(end) and end.find(f"{W}pPr/{W}sectPr") is None:
        last.extend(end.findall(f"{W}r"))
        parent.remove(end)


def _only_field_runs(paragraph: etree._Element) -> bool:
    return all(run.find(f"{W}t") is None for run in paragraph.iter(f"{W}r"))


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


def _keep_field_runs(paragraph: etree._Element) -> None:
    """The closing paragraph without the template's placeholder text before the field's end."""
    for run in paragraph.findall(f"{W}r"):
        if run.find(f"{W}fldChar") is not None:
            break
        paragraph.remove(run)


def _entry(style: str, text: str) -> etree._Element:
    paragraph = etree.Element(f"{W}p")
    props = etree.SubElement(paragraph, f"{W}pPr")
    etree.SubElement(props, f"{W}pStyle").set(f"{W}val", style)
    run = etree.SubElement(paragraph, f"{W}r")
    shown = etree.SubElement(run, f"{W}t")
    shown.text = text
    shown.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return paragraph


TOC_NAME = re.compile(r"(?:toc|contents)\s*(\d)", re.I)


def style_map(styles_xml: bytes | None) -> StyleMap:
    """Outline levels of paragraph styles (following basedOn) and the TOC entry styles."""
    if not styles_xml:
        return StyleMap()
    try:
        root = etree.fromstring(
            styles_xml, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        )
    except etree.XMLSyntaxError:
        return StyleMap()  # the engine checks the parts it renders; a broken style sheet is Word's
    direct: dict[str, int] = {}
    based: dict[str, str] = {}
    contents: dict[int, str] = {}
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
        name = style.find(f"{W}name")
        found = TOC_NAME.fullmatch((name.get(f"{W}val") or "") if name is not None else "")
        if found:
            contents.setdefault(int(found.group(1)), ident)
    return StyleMap(_inherited(direct, based), contents)


def _inherited(direct: dict[str, int], based: dict[str, str]) -> dict[str, int]:
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
