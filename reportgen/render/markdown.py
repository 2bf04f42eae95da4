"""Consultants' Markdown prose as WordprocessingML that uses only the template's styles.

The report's look belongs to the template: every paragraph names one of its
styles, runs carry at most bold and italic, and everything else a Markdown
renderer would add (fonts, sizes, bullets, colours) is left out. The token
stream of markdown-it-py is walked directly, so no HTML stage can leak markup.

Choices that make the result read like a Chinese official report:

* Ordered lists number their items （1）（2）… at the top level and ①②… (up to
  ⑳, then （21）) when nested inside another ordered list; the list's own
  start number is kept. The marker goes on the item's first paragraph only.
* Unordered lists carry no marker at any depth: official reports do not use
  bullets, and each item already stands as a paragraph of its own.
* List items and block quotes are ordinary body paragraphs (``body_style``);
  code lines keep their text literally in ``BodyNoIndent`` paragraphs.
* ``**客观公正。**基于`` is bold as the writer meant: CommonMark will not close
  emphasis after punctuation that is followed by a letter, which is how
  Chinese is written, so such punctuation is moved outside the delimiters.
* A soft line break joins CJK text with nothing in between and Western words
  with one space; a hard line break starts a new paragraph of the same style.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from reportgen.render import numbering, styles, xml

# A piece of inline text with its bold and italic flags; None is a soft break.
_Piece = tuple[str, bool, bool]
_Line = list[_Piece | None]

_HEADINGS = {
    "h1": styles.HEADING_1,
    "h2": styles.HEADING_2,
    "h3": styles.HEADING_3,
    "h4": styles.HEADING_4,
}
_HEADING_STYLES = frozenset(_HEADINGS.values())
_TABLE_WIDTH = 9000  # twips of the text column the grid is split over
_TABLE_PROPERTIES = (
    f'<w:tblPr><w:tblStyle w:val="{styles.TABLE}"/>'
    '<w:tblW w:w="5000" w:type="pct"/><w:jc w:val="center"/></w:tblPr>'
)
_CIRCLED_MAX = 20


_CJK_PUNCTUATION = "。，、；：！？）」』”’》"
_OPENING_PUNCTUATION = "（「『“‘《"
_CLOSE_AFTER_PUNCTUATION = re.compile(
    rf"([{_CJK_PUNCTUATION}]+)(\*\*|\*)(?=[^\s*{_CJK_PUNCTUATION}])"
)
_OPEN_BEFORE_PUNCTUATION = re.compile(
    rf"(?<=[^\s*{_OPENING_PUNCTUATION}])(\*\*|\*)([{_OPENING_PUNCTUATION}]+)"
)


def _cjk_emphasis(source: str) -> str:
    """Move CJK punctuation outside emphasis delimiters so CommonMark can match them."""
    source = _CLOSE_AFTER_PUNCTUATION.sub(r"\2\1", source)
    return _OPEN_BEFORE_PUNCTUATION.sub(r"\2\1", source)


# One line of prose with nothing Markdown would interpret: most remarks are like this,
# and they become one body paragraph without a trip through the parser.
_PLAIN = re.compile(r"(?![\s+=-]|\d+[.)])[^\n\\`*_\[\]<>&#|!~]*(?<=\S)")


@cache
def _parser() -> MarkdownIt:
    """CommonMark plus pipe tables, with raw HTML kept as literal text."""
    return MarkdownIt("commonmark", {"html": False}).enable("table")


@functools.lru_cache(maxsize=2048)
def markdown_to_wordml(source: str, *, body_style: str = styles.BODY) -> str:
    """Consecutive <w:p>/<w:tbl> elements for a Markdown text, '' when it is blank."""
    cleaned = xml.clean(source)
    if not cleaned.strip():
        return ""
    if _PLAIN.fullmatch(cleaned):
        return xml.paragraph(xml.run(cleaned), body_style)
    writer = _Writer(body_style)
    writer.write(_parser().parse(_cjk_emphasis(cleaned)))
    return "".join(writer.out)


def inline_runs(source: str) -> str:
    """Runs for one line of Markdown (a title, a cell), with no paragraph around them."""
    cleaned = xml.clean(source)
    if not cleaned.strip():
        return ""
    tokens = _parser().parseInline(_cjk_emphasis(cleaned))
    lines = _inline_lines(tokens[0].children or [])
    joined: _Line = []
    for line in lines:
        if joined:
            joined.append(None)
        joined.extend(line)
    return _runs(joined)


@dataclass
class _List:
    """An open list: whether it is numbered, its next number and its numbered depth."""

    ordered: bool
    number: int
    depth: int


class _Writer:
    """Walks block tokens, keeping the list nesting and the markers still to be placed."""

    def __init__(self, body_style: str) -> None:
        self.body_style = body_style
        self.style = body_style
        self.out: list[str] = []
        self.lists: list[_List] = []
        self.markers: list[str] = []

    def write(self, tokens: list[Token]) -> None:
        """Render every block; tables are consumed whole so their cells get cell styles."""
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.type == "table_open":
                end = _closing(tokens, index)
                self.out.append(_table(tokens[index : end + 1]))
                index = end + 1
                continue
            self._block(token)
            index += 1

    def _block(self, token: Token) -> None:
        """One non-table block token; those without a rendering (hr, quotes) pass."""
        kind = token.type
        if kind == "heading_open":
            self.style = _HEADINGS.get(token.tag, styles.HEADING_4)
        elif kind == "paragraph_open":
            self.style = self.body_style
        elif kind == "inline":
            for line in _inline_lines(token.children or []):
                self._emit(line, self.style)
        elif kind in ("code_block", "fence"):
            for code_line in token.content.removesuffix("\n").split("\n"):
                self._emit([(code_line, False, False)], styles.BODY_NO_INDENT, keep_empty=True)
        elif kind in ("ordered_list_open", "bullet_list_open"):
            self._open_list(token)
        elif kind in ("ordered_list_close", "bullet_list_close"):
            self.lists.pop()
        elif kind == "list_item_open":
            self.markers.append(self._next_marker())
        elif kind == "list_item_close":
            if self.markers[-1]:
                self._emit([], self.body_style)
            self.markers.pop()

    def _open_list(self, token: Token) -> None:
        """Start a list, counting how deeply it sits among numbered lists."""
        ordered = token.type == "ordered_list_open"
        depth = sum(1 for item in self.lists if item.ordered) + int(ordered)
        start = token.attrGet("start")
        number = int(start) if isinstance(start, int | str) else 1
        self.lists.append(_List(ordered, number, depth))

    def _next_marker(self) -> str:
        """The marker of the next item of the innermost list ('' for unordered lists)."""
        current = self.lists[-1]
        if not current.ordered:
            return ""
        number = current.number
        current.number += 1
        if current.depth > 1 and 1 <= number <= _CIRCLED_MAX:
            return chr(ord("①") + number - 1)
        return f"（{number}）"

    def _emit(self, line: _Line, style: str, keep_empty: bool = False) -> None:
        """A paragraph for one line, opening with any list markers not yet placed."""
        prefix = "".join(self.markers)
        pieces: _Line = [(prefix, False, False), *line] if prefix else line
        runs = _runs(pieces)
        if not runs and not keep_empty:
            return
        self.markers = [""] * len(self.markers)
        paragraph = xml.paragraph(runs, style)
        if style in _HEADING_STYLES:  # found by the numbering of tables and the contents
            paragraph = paragraph.replace("<w:p>", "<w:p>" + numbering.HEADING + numbering.READ, 1)
        self.out.append(paragraph)


def _closing(tokens: list[Token], start: int) -> int:
    """Index of the token that closes the one opened at `start`."""
    level = 0
    for index in range(start, len(tokens)):
        level += tokens[index].nesting
        if level == 0:
            return index
    return len(tokens) - 1


def _flatten(children: Iterable[Token]) -> Iterator[Token]:
    """Inline tokens with images replaced by the tokens of their alt text."""
    for token in children:
        if token.type == "image":
            yield from _flatten(token.children or [])
        else:
            yield token


def _inline_lines(children: list[Token]) -> list[_Line]:
    """Inline content split at hard breaks, each line a list of pieces and soft breaks."""
    lines: list[_Line] = [[]]
    bold = italic = 0
    for token in _flatten(children):
        kind = token.type
        if kind in ("strong_open", "strong_close"):
            bold += token.nesting
        elif kind in ("em_open", "em_close"):
            italic += token.nesting
        elif kind in ("text", "text_special", "code_inline"):
            lines[-1].append((token.content, bold > 0, italic > 0))
        elif kind == "softbreak":
            lines[-1].append(None)
        elif kind == "hardbreak":
            lines.append([])
    return lines


def _wide(char: str) -> bool:
    """Whether a character is written without spaces around it (CJK, full-width forms)."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def _joiner(before: str, after: str) -> str:
    """What a soft break becomes between two characters: a space only between Western text."""
    if not before or not after or before.isspace() or after.isspace():
        return ""
    return "" if _wide(before) or _wide(after) else " "


def _resolve(line: _Line) -> list[_Piece]:
    """Soft breaks replaced by their joiner, in the formatting of the text before them."""
    pieces: list[_Piece] = []
    for index, piece in enumerate(line):
        if piece is not None:
            pieces.append(piece)
            continue
        before = next((p[0][-1] for p in reversed(pieces) if p[0]), "")
        after = next((p[0][0] for p in line[index + 1 :] if p is not None and p[0]), "")
        bold, italic = pieces[-1][1:] if pieces else (False, False)
        pieces.append((_joiner(before, after), bold, italic))
    return pieces


def _runs(line: _Line) -> str:
    """Runs for a line, neighbouring pieces of the same formatting merged into one run."""
    merged: list[_Piece] = []
    for text, bold, italic in _resolve(line):
        if not text:
            continue
        if merged and merged[-1][1:] == (bold, italic):
            merged[-1] = (merged[-1][0] + text, bold, italic)
        else:
            merged.append((text, bold, italic))
    return "".join(xml.run(text, bold=bold, italic=italic) for text, bold, italic in merged)


def _table_rows(tokens: list[Token]) -> list[tuple[bool, list[list[Token]]]]:
    """Rows of a table as (is header, inline children of each cell)."""
    rows: list[tuple[bool, list[list[Token]]]] = []
    in_head = False
    for token in tokens:
        if token.type in ("thead_open", "thead_close"):
            in_head = token.nesting > 0
        elif token.type == "tr_open":
            rows.append((in_head, []))
        elif token.type in ("th_open", "td_open"):
            rows[-1][1].append([])
        elif token.type == "inline" and rows and rows[-1][1]:
            rows[-1][1][-1] = token.children or []
    return rows


def _cell(children: list[Token], style: str, width: int) -> str:
    """A <w:tc>; a cell always holds at least one paragraph, as Word requires."""
    lines = (_runs(line) for line in _inline_lines(children))
    paragraphs = "".join(xml.paragraph(runs, style) for runs in lines if runs)
    content = paragraphs or xml.paragraph("", style)
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{content}</w:tc>'


def _table(tokens: list[Token]) -> str:
    """A <w:tbl> in the template's table style, columns of equal width, header repeated."""
    rows = _table_rows(tokens)
    columns = max((len(cells) for _, cells in rows), default=1) or 1
    width = _TABLE_WIDTH // columns
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for _ in range(columns))
    body = ""
    for header, cells in rows:
        padded = cells + [[] for _ in range(columns - len(cells))]
        style = styles.TABLE_HEADER if header else styles.TABLE_TEXT
        properties = "<w:trPr><w:tblHeader/></w:trPr>" if header else ""
        body += f"<w:tr>{properties}{''.join(_cell(c, style, width) for c in padded)}</w:tr>"
    return f"<w:tbl>{_TABLE_PROPERTIES}<w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>"


@functools.lru_cache(maxsize=2048)
def prose(source: str) -> Markup:
    """The consultant's Markdown as a block for `{{p … }}`, in the template's styles."""
    return Markup(markdown_to_wordml(source))


def plain_paragraphs(lines: Iterable[str], style: str = styles.BODY) -> Markup:
    """Generated sentences, a paragraph each, as a block for `{{p … }}`."""
    return Markup("".join(xml.paragraph(xml.run(line), style) for line in lines if line))


@functools.lru_cache(maxsize=2048)
def framed_prose(lead: str, source: str, tail: str) -> Markup:
    """Markdown whose first paragraph opens with `lead` in bold and whose last ends with `tail`.

    An indicator's paragraph in chapter 4 reads 名称。(the consultant's remark)
    该项指标满分6分，…: one paragraph when the remark is one, around it otherwise.
    """
    head = xml.run(lead, bold=True) if lead else ""
    end = xml.run(tail) if tail else ""
    body = markdown_to_wordml(source)
    if not body.startswith("<w:p>"):
        return Markup(xml.paragraph(head, styles.BODY) + body + xml.paragraph(end, styles.BODY))
    first_end = body.index("</w:pPr>") + len("</w:pPr>")
    body = body[:first_end] + head + body[first_end:]
    if body.endswith("</w:p>"):
        return Markup(body[: -len("</w:p>")] + end + "</w:p>")
    return Markup(body + xml.paragraph(end, styles.BODY))
