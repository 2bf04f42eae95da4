"""Changed characters marked inside a sentence or a cell.

Chinese is written without spaces, so a word diff would call a whole sentence
changed for one digit; the diff is taken character by character, except that
a number is one token (95.00 → 91.00 reads as a changed number, not a changed
digit) and so is a Latin word. Marks are merged into runs:
"实际得分[-7-]{+3+}分", the markers of git's word diff, which reviewers read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

DELETED = ("[-", "-]")
INSERTED = ("{+", "+}")
TOKEN = re.compile(r"[-−+]?\d[\d,.]*%?|[A-Za-z]+|\s+|.", re.DOTALL)


@dataclass(frozen=True)
class Piece:
    """A run of text that is kept ("equal"), removed ("delete") or added ("insert")."""

    kind: str
    text: str


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def pieces(old: str, new: str) -> list[Piece]:
    before, after = tokens(old), tokens(new)
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    found: list[Piece] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            found.append(Piece("equal", "".join(before[i1:i2])))
            continue
        if i2 > i1:
            found.append(Piece("delete", "".join(before[i1:i2])))
        if j2 > j1:
            found.append(Piece("insert", "".join(after[j1:j2])))
    return found


def marked(old: str, new: str) -> str:
    """`old` turned into `new` with the removed and added characters bracketed."""
    out = []
    for piece in pieces(old, new):
        if piece.kind == "delete":
            out.append(f"{DELETED[0]}{piece.text}{DELETED[1]}")
        elif piece.kind == "insert":
            out.append(f"{INSERTED[0]}{piece.text}{INSERTED[1]}")
        else:
            out.append(piece.text)
    return "".join(out)


def similarity(old: str, new: str) -> float:
    return SequenceMatcher(None, old, new, autojunk=False).ratio()
