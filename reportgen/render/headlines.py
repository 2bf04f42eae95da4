"""Titles and captions broken between words, not wherever the line happens to end.

GB/T 9704 7.3.1: a title that runs over a line is broken so that each line
keeps its words whole, the lines balanced (a trapezoid or a diamond). Word and
LibreOffice break Chinese anywhere (承办权项 / 目), so after rendering, each
paragraph in a title or caption style whose text is wider than its line gets
line breaks at the places chosen here: never inside a term of the vocabulary
these documents are written in, nor inside a number; best after punctuation, a
connective (及、和、与) or a year; then the split whose lines are most even.
A title that fits stays one line, and one with a break of its own is left as
its author broke it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from reportgen.render.page import Sections
from reportgen.render.xml import paragraph_end, paragraph_start

# Terms a line must not split.
VOCABULARY = """
        城乡居民 大病保险 职工 大额 医疗费用 补助 补助保险 保险 承办权 承办 项目 绩效评价 绩效
        评价 报告 指标体系 指标 体系 总体 得分 情况 得分表 关于 年度 全省 全市 医疗保障 医保
        经办机构 经办 机构 管理服务 管理 服务 能力 提升 建设规范 建设 规范 评定 结果 通报 长期护理
        长期护理保险 长护险 定点 评估机构 评估 申请 受理 审核 汇总表 汇总 医疗保障局 居家护理
        护理机构 护理 考核 评分表 评分 医疗机构 医疗 街镇 委托 清算 通知 资金 使用 排名 服务费
        清算表 部门 支出 项目支出 自评 自评表 一次性 告知书 决定书 不予受理 申请表 材料 补正
        基本条件 条件 所辖 本级 市州 社区 卫生服务中心 服务中心 股份有限公司 有限公司 公司 分公司
        基本医疗保险 医疗保险 基金 监管 工作 方案 实施 办法 细则 措施 问题 建议 整改 开展 专项
"""
TERMS = sorted(set(VOCABULARY.split()), key=len, reverse=True)  # 医疗保障局 before 医疗保障
STRONG_AFTER = set("，、：；）》")
CONNECTIVES = set("及和与暨")
NO_LINE_START = set("，。、：；）》”’！？%")
NO_LINE_END = set("（《“‘")
NUMBER = re.compile(r"[0-9A-Za-z.\-–]+")
MAX_LINES = 4


@dataclass(frozen=True)
class TitleStyle:
    """What a paragraph style gives a title: its size (half-points) and side indents."""

    size: int
    indent: int = 0


def width(text: str) -> float:
    """The text's width in full-width characters (Latin letters and digits count half)."""
    return sum(0.5 if ord(c) < 0x2E80 and c != "\u3000" else 1.0 for c in text)


@functools.lru_cache(maxsize=1024)
def break_title(text: str, per_line: float) -> list[str]:
    """The text as lines of at most `per_line` characters, broken between words."""
    if width(text) <= per_line or per_line < 4 or "\n" in text:
        return [text]
    best = _Layout(text, per_line).best(0, MAX_LINES)
    return best[1] if best is not None else [text]


class _Layout:
    """The cheapest lines for a text, each way of laying out its rest worked out once."""

    def __init__(self, text: str, per_line: float):
        self.text, self.per_line = text, per_line
        self.strength = _boundaries(text)
        self.done: dict[tuple[int, int], tuple[float, list[str]] | None] = {}
        self.widths = [0.0]  # the width of text[:i], for any slice's width by a subtraction
        for character in text:
            self.widths.append(self.widths[-1] + width(character))

    def width(self, start: int, end: int) -> float:
        return self.widths[end] - self.widths[start]

    def best(self, start: int, lines_left: int) -> tuple[float, list[str]] | None:
        key = (start, lines_left)
        if key not in self.done:
            self.done[key] = _best(self, start, lines_left)
        return self.done[key]


def _best(layout: _Layout, start: int, lines_left: int) -> tuple[float, list[str]] | None:
    """The cheapest way to lay out text[start:] (cost, lines), or None."""
    text, per_line, strength = layout.text, layout.per_line, layout.strength
    if layout.width(start, len(text)) <= per_line:
        return 0.0, [text[start:]]
    if lines_left <= 1:
        return None
    found: tuple[float, list[str]] | None = None
    for end in range(start + 1, len(text)):
        line_width = layout.width(start, end)
        if line_width > per_line:
            break
        if end not in strength:
            continue
        after = layout.best(end, lines_left - 1)
        if after is None:
            continue
        # Even lines (a trapezoid rather than a long line and a stub), strong breaks.
        uneven = abs(line_width - layout.width(end, len(text)) / max(1, len(after[1])))
        cost = after[0] + uneven + {3: 0, 2: 1.5, 1: 4}[strength[end]] + 3
        if found is None or cost < found[0]:
            found = (cost, [text[start:end], *after[1]])
    return found


@functools.lru_cache(maxsize=1024)
def _boundaries(text: str) -> dict[int, int]:
    """Where a line may break (before text[i]) and how well: 3 strong, 2 between terms,
    1 anywhere else allowed."""
    inside: set[int] = set()
    edges: set[int] = set()
    position = 0
    while position < len(text):
        term = next((t for t in TERMS if text.startswith(t, position)), None)
        if term is None:
            position += 1
            continue
        inside.update(range(position + 1, position + len(term)))
        edges.update((position, position + len(term)))
        position += len(term)
    for found in NUMBER.finditer(text):
        inside.update(range(found.start() + 1, found.end()))
    strength = {}
    for i in range(1, len(text)):
        if i in inside or text[i] in NO_LINE_START or text[i - 1] in NO_LINE_END:
            continue
        previous = text[i - 1]
        if previous in STRONG_AFTER or previous in CONNECTIVES or text.endswith("年度", 0, i):
            strength[i] = 3
        elif i in edges:
            strength[i] = 2
        else:
            strength[i] = 1
    return strength


TITLE_NAMES = re.compile(
    r"^(?:title|subtitle|caption|标题|副标题|表格标题|题注|表题|封面信息)", re.I
)
TEXT = re.compile(rb"(<w:t(?: [^>]*)?>)([^<]*)</w:t>")


def title_styles(root: object, default_size: int = 21) -> dict[str, TitleStyle]:
    """Style id → TitleStyle for the paragraph styles named as titles or captions (their
    size and indents followed through basedOn)."""
    from reportgen.render.part_tree import W

    own: dict[str, dict[str, int]] = {}
    based: dict[str, str] = {}
    titles: set[str] = set()
    for style in root.iter(f"{W}style"):  # type: ignore[attr-defined]
        if style.get(f"{W}type") != "paragraph":
            continue
        sid = style.get(f"{W}styleId") or ""
        name = style.find(f"{W}name")
        if TITLE_NAMES.match((name.get(f"{W}val") or "") if name is not None else "") or sid in (
            "Title",
            "Subtitle",
            "Caption",
            "TableCaption",
            "CoverInfo",
        ):
            titles.add(sid)
        values: dict[str, int] = {}
        size = style.find(f"{W}rPr/{W}sz")
        spacing = style.find(f"{W}rPr/{W}spacing")
        indent = style.find(f"{W}pPr/{W}ind")
        if size is not None and (size.get(f"{W}val") or "").isdigit():
            values["size"] = int(size.get(f"{W}val"))
        if spacing is not None and _integer(spacing.get(f"{W}val")) is not None:
            values["spacing"] = _integer(spacing.get(f"{W}val")) or 0
        if indent is not None:
            values["indent"] = sum(
                _integer(indent.get(f"{W}{side}")) or 0
                for side in ("left", "right", "start", "end")
            )
        own[sid] = values
        parent = style.find(f"{W}basedOn")
        if parent is not None:
            based[sid] = parent.get(f"{W}val") or ""
    found = {}
    for sid in titles:
        resolved: dict[str, int] = {}
        seen, current = set(), sid
        while current and current not in seen:
            seen.add(current)
            for key, value in own.get(current, {}).items():
                resolved.setdefault(key, value)
            current = based.get(current, "")
        size = resolved.get("size", default_size)
        # A character's advance in twips: its size plus the style's own spacing.
        found[sid] = TitleStyle(size * 10 + resolved.get("spacing", 0), resolved.get("indent", 0))
    return found


def broken_titles(xml: bytes, styles: Mapping[str, TitleStyle]) -> bytes:
    """document.xml with each title or caption wider than its line broken between words
    (found by searching for their styles: the other paragraphs are not read)."""
    marks = {f'<w:pStyle w:val="{sid}"/>'.encode(): title for sid, title in styles.items()}
    found = []
    for mark, title in marks.items():
        at = xml.find(mark)
        while at >= 0:
            start, end = paragraph_start(xml, at), paragraph_end(xml, at)
            if start >= 0 and end > at:
                found.append((start, end, title))
            at = xml.find(mark, at + 1)
    if not found:
        return xml
    out, position, sections = [], 0, Sections(xml)
    for start, end, title in sorted(found, key=lambda item: item[0]):
        paragraph = xml[start:end]
        if start < position or b"<w:br" in paragraph:
            continue
        per_line = (sections.width_at(end) - title.indent) / max(1, title.size)
        broken = _broken(paragraph, per_line)
        # Inside a table a line is as wide as its cell: left to the layout.
        if broken is not None and not _in_table(xml, start):
            out += [xml[position:start], broken]
            position = end
    if not out:
        return xml
    out.append(xml[position:])
    return b"".join(out)


def _broken(paragraph: bytes, per_line: float) -> bytes | None:
    pieces = list(TEXT.finditer(paragraph))
    text = b"".join(p.group(2) for p in pieces)
    if b"&" in text:
        return None  # escaped characters: offsets in the text would not be offsets here
    lines = break_title(text.decode("utf-8", "replace"), per_line)
    if len(lines) < 2:
        return None
    cuts, total = set(), 0
    for line in lines[:-1]:
        total += len(line.encode("utf-8"))
        cuts.add(total)
    out, position, offset = [], 0, 0
    for piece in pieces:
        content = piece.group(2)
        inner = [c - offset for c in sorted(cuts) if offset <= c < offset + len(content)]
        out.append(paragraph[position : piece.start()])
        opening = (
            piece.group(1)
            if b"xml:space" in piece.group(1)
            else piece.group(1)[:-1] + b' xml:space="preserve">'
        )
        parts, last = [], 0
        for cut in inner:
            parts.append(content[last:cut])
            last = cut
        parts.append(content[last:])
        written = []
        for index, part in enumerate(parts):
            if index:
                written.append(b"<w:br/>")
            if part or index == 0:
                written.append(opening + part + b"</w:t>")
        out.append(b"".join(written))
        position = piece.end()
        offset += len(content)
    out.append(paragraph[position:])
    return b"".join(out)


def _in_table(xml: bytes, position: int) -> bool:
    """Whether a table is open at `position` (its last <w:tbl> before it is not closed)."""
    return xml.rfind(b"<w:tbl>", 0, position) > xml.rfind(b"</w:tbl>", 0, position)


def _integer(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
