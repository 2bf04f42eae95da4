"""Two drafts lined up: which sentences, table cells and scores moved, by section.

Blocks are aligned over the whole document (difflib on their text), so a
sentence that merely moved down a page is not "changed". Where blocks were
replaced, paragraphs are paired in order and tables by caption: by their
title (so a table renumbered when a chapter moved is still itself), else by
their number, else by their header row; cells are compared row by row under
their column heading. OLD and NEW may be two .docx
drafts or two output folders: folders are compared document by document,
and their scores.json value by value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from reportgen.errors import Problem, ReportgenError, display_path
from reportgen.review.chardiff import marked
from reportgen.review.outline import Block, Table, read_outline
from reportgen.review.scores import ScoreChange, compare_scores, read_scores
from reportgen.schemes.base import SCORES_FILE

NUMBER = re.compile(r"[-−+]?[\d,.]+%?")
REDLINE_SUFFIX = "-修订对照"


@dataclass(frozen=True)
class Change:
    """One paragraph or cell that differs; `old` or `new` is None when added or removed."""

    section: str
    where: str  # "" for a paragraph, "表4-2 第3行 得分" for a cell
    old: str | None
    new: str | None

    @property
    def marked(self) -> str:
        return marked(self.old or "", self.new or "")


@dataclass
class DocumentDiff:
    name: str
    changes: list[Change] = field(default_factory=list)
    status: str = "changed"  # changed, added, removed


@dataclass
class Review:
    """Everything that differs between OLD and NEW."""

    scores: list[ScoreChange] = field(default_factory=list)
    documents: list[DocumentDiff] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return not self.scores and not self.documents


def compare(old: Path, new: Path) -> Review:
    """OLD and NEW: both .docx files or both folders (a scenario's output)."""
    for path in (old, new):
        if not path.exists():
            raise ReportgenError([Problem("no such file or folder", display_path(path))])
    if old.is_dir() != new.is_dir():
        raise ReportgenError(
            [Problem(f"compare a folder with a folder and a .docx with a .docx: {old} and {new}")]
        )
    if old.is_dir():
        return _compare_folders(old, new)
    review = Review(documents=_nonempty([compare_documents(old, new)]))
    review.scores = _compare_scores(old.parent / SCORES_FILE, new.parent / SCORES_FILE)
    return review


def compare_documents(old: Path, new: Path, name: str | None = None) -> DocumentDiff:
    before, after = read_outline(old).blocks, read_outline(new).blocks
    diff = DocumentDiff(name or new.name)
    matcher = SequenceMatcher(None, [b.key for b in before], [b.key for b in after], autojunk=False)
    stretches = [
        (before[i1:i2], after[j1:j2])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]
    moved = _moved_tables(stretches)
    for was, now in stretches:
        diff.changes += _replaced(
            [b for b in was if id(b) not in moved], [b for b in now if id(b) not in moved]
        )
    return diff


def _moved_tables(stretches: list[tuple[list[Block], list[Block]]]) -> set[int]:
    """The tables that moved (a chapter moved, say) with their title and every cell as they
    were: gone in one place, there in another, they changed nothing (their captions'
    numbers are paragraphs, compared as such)."""
    gone: dict[tuple[str, tuple[tuple[str, ...], ...]], list[Block]] = {}
    for old, _ in stretches:
        for block in old:
            if block.table is not None and block.table.title:
                gone.setdefault((block.table.title, block.table.rows), []).append(block)
    moved: set[int] = set()
    for _, new in stretches:
        for block in new:
            if block.table is None:
                continue
            same = gone.get((block.table.title, block.table.rows))
            if same:
                moved |= {id(block), id(same.pop(0))}
    return moved


def _nonempty(diffs: list[DocumentDiff]) -> list[DocumentDiff]:
    return [d for d in diffs if d.changes or d.status != "changed"]


def _compare_folders(old: Path, new: Path) -> Review:
    before, after = drafts(old), drafts(new)
    diffs = []
    for name in sorted(set(before) | set(after)):
        if name not in after:
            diffs.append(DocumentDiff(name, status="removed"))
        elif name not in before:
            diffs.append(DocumentDiff(name, status="added"))
        else:
            diffs.append(compare_documents(before[name], after[name], name))
    scores = []
    for name in sorted(set(_scores(old)) & set(_scores(new))):
        scores += _compare_scores(old / name, new / name)
    return Review(scores, _nonempty(diffs))


def drafts(folder: Path) -> dict[str, Path]:
    """The .docx under a folder by relative path; redlines, Word's lock files and hidden
    folders (a build under way, or one a crash left) left out."""
    return {
        name: path
        for name, path in visible_files(folder, "*.docx").items()
        if not path.stem.endswith(REDLINE_SUFFIX) and not path.name.startswith("~$")
    }


def visible_files(folder: Path, pattern: str) -> dict[str, Path]:
    """Files matching `pattern` under `folder`, by relative path, none in a hidden folder."""
    found = {}
    for path in sorted(folder.rglob(pattern)):
        relative = path.relative_to(folder)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            found[relative.as_posix()] = path
    return found


def _scores(folder: Path) -> list[str]:
    return list(visible_files(folder, SCORES_FILE))


def _compare_scores(old: Path, new: Path) -> list[ScoreChange]:
    if not (old.is_file() and new.is_file()):
        return []
    return compare_scores(read_scores(old), read_scores(new))


def _replaced(before: list[Block], after: list[Block]) -> list[Change]:
    """Changes within a replaced stretch: paragraphs paired in order, tables by caption."""
    changes: list[Change] = []
    old_text = [b for b in before if b.table is None]
    new_text = [b for b in after if b.table is None]
    for index in range(max(len(old_text), len(new_text))):
        o = old_text[index] if index < len(old_text) else None
        n = new_text[index] if index < len(new_text) else None
        section = n.section if n else o.section if o else ""
        changes.append(Change(section, "", o.text if o else None, n.text if n else None))
    for o_block, n_block in _paired_tables(before, after):
        section = n_block.section if n_block else o_block.section if o_block else ""
        o_table = o_block.table if o_block else None
        n_table = n_block.table if n_block else None
        changes += _table_changes(section, _label(o_table, n_table), o_table, n_table)
    return changes


Paired = tuple[Block | None, Block | None]


def _paired_tables(before: list[Block], after: list[Block]) -> list[Paired]:
    """Old and new tables of a replaced stretch side by side, in the new order (removed ones
    last): the same title first, then the same number, then the same header row."""
    old = [b for b in before if b.table]
    new = [b for b in after if b.table]
    partner: dict[int, Block] = {}  # new index → old block
    for same in (
        lambda t: t.title or None,
        lambda t: t.label,
        lambda t: t.header or None,
    ):
        for index, block in enumerate(new):
            if index in partner or same(block.table) is None:
                continue
            taken = {id(b) for b in partner.values()}
            match = next(
                (b for b in old if id(b) not in taken and same(b.table) == same(block.table)),
                None,
            )
            if match is not None:
                partner[index] = match
    pairs: list[Paired] = [(partner.get(i), block) for i, block in enumerate(new)]
    kept = {id(b) for b in partner.values()}
    return pairs + [(block, None) for block in old if id(block) not in kept]


def _label(old: Table | None, new: Table | None) -> str:
    """The new table's number, and the old one's when it was renumbered."""
    if new is None or old is None or old.label == new.label:
        either = new or old
        return either.label if either is not None else ""
    return f"{new.label}（原{old.label}）"


def _table_changes(section: str, label: str, old: Table | None, new: Table | None) -> list[Change]:
    """Cells that differ, row by row; rows added or removed as a whole."""
    old_rows = old.rows if old else ()
    new_rows = new.rows if new else ()
    header = new.header if new else old.header if old else ()
    changes = []
    matcher = SequenceMatcher(None, old_rows, new_rows, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for offset in range(max(i2 - i1, j2 - j1)):
            o_row = old_rows[i1 + offset] if i1 + offset < i2 else None
            n_row = new_rows[j1 + offset] if j1 + offset < j2 else None
            number = (j1 if n_row is not None else i1) + offset + 1
            name = _row_name(n_row or o_row or (), header)
            where = f"{label} 第{number}行" + (f"（{name}）" if name else "")
            changes += _row_changes(section, where, header, o_row, n_row)
    return changes


def _row_name(row: tuple[str, ...], header: tuple[str, ...]) -> str:
    """What a reader calls the row: its last named cell among the leading columns
    (the 三级指标 of an indicator table, the institution of a ranking); a leading
    序号 column does not count."""
    name = ""
    start = 1 if header and header[0] in ("序号", "排名") else 0
    for text in row[start : start + 3]:
        words = text.strip()
        if words and words not in header and not NUMBER.fullmatch(words):
            name = words.split("\n")[0]
    return name


def _row_changes(
    section: str,
    where: str,
    header: tuple[str, ...],
    old: tuple[str, ...] | None,
    new: tuple[str, ...] | None,
) -> list[Change]:
    if old is None or new is None or len(old) != len(new):
        joined = [" | ".join(row) if row is not None else None for row in (old, new)]
        return [Change(section, where, joined[0], joined[1])]
    changes = []
    for column, (o, n) in enumerate(zip(old, new, strict=True)):
        if o != n:
            heading = header[column].replace("\n", "") if column < len(header) else ""
            place = f"{where} {heading}" if heading else f"{where} 第{column + 1}列"
            changes.append(Change(section, place, o, n))
    return changes
