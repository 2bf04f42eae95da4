"""A review as a reviewer reads it in the terminal, or as JSON for machines.

Text changes show the changed characters in git's word-diff markers (and in
colour on a terminal); a long paragraph is cut to the stretch around its
changes, so one changed digit does not print a whole page.
"""

from __future__ import annotations

from typing import Any

import click

from reportgen.review.chardiff import DELETED, INSERTED, pieces
from reportgen.review.compare import Change, Review
from reportgen.review.scores import ScoreChange

CONTEXT = 40  # characters kept on each side of a change


def review_data(review: Review) -> dict[str, Any]:
    return {
        "identical": review.identical,
        "scores": [
            {"path": s.path, "field": s.field, "old": s.old, "new": s.new} for s in review.scores
        ],
        "documents": [
            {
                "name": d.name,
                "status": d.status,
                "changes": [
                    {
                        "section": c.section,
                        "where": c.where,
                        "old": c.old,
                        "new": c.new,
                        "marked": c.marked,
                    }
                    for c in d.changes
                ],
            }
            for d in review.documents
        ],
    }


def review_text(review: Review, color: bool = False) -> str:
    if review.identical:
        return "no differences"
    lines: list[str] = []
    if review.scores:
        lines.append(_bold("scores", color))
        lines += [f"  {_score_line(change)}" for change in review.scores]
    for document in review.documents:
        lines.append(_bold(f"{document.name}" + _status(document.status), color))
        section = None
        for change in document.changes:
            if change.section != section:
                section = change.section
                lines.append(f"  § {section or '（正文开头）'}")
            lines.append(f"    {_change_line(change, color)}")
    changes = sum(len(d.changes) for d in review.documents)
    lines.append(
        f"{_count(changes, 'changed paragraph or cell', 'changed paragraphs and cells')} in "
        f"{_count(len(review.documents), 'document', 'documents')}, "
        f"{_count(len(review.scores), 'changed score value', 'changed score values')}"
    )
    return "\n".join(lines)


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _status(status: str) -> str:
    return {"added": " (only in NEW)", "removed": " (only in OLD)"}.get(status, "")


def _score_line(change: ScoreChange) -> str:
    place = f"{change.path} · {change.field}" if change.path else change.field
    return f"{place}: {shown_value(change.old)} → {shown_value(change.new)}"


def shown_value(value: Any) -> str:
    if value is None:
        return "（无）"
    if isinstance(value, list):
        return "；".join(str(v) for v in value) or "（无）"
    return str(value)


def _change_line(change: Change, color: bool) -> str:
    body = _marked(change.old or "", change.new or "", color)
    if change.old is None:
        body = "（新增）" + body
    elif change.new is None:
        body = "（删除）" + body
    return f"{change.where}: {body}" if change.where else body


def _marked(old: str, new: str, color: bool) -> str:
    parts = pieces(old, new)
    out = []
    for index, piece in enumerate(parts):
        text = piece.text.replace("\n", "⏎")
        if piece.kind == "equal":
            out.append(trimmed(text, first=index == 0, last=index == len(parts) - 1))
        elif piece.kind == "delete":
            mark = f"{DELETED[0]}{text}{DELETED[1]}"
            out.append(click.style(mark, fg="red") if color else mark)
        else:
            mark = f"{INSERTED[0]}{text}{INSERTED[1]}"
            out.append(click.style(mark, fg="green") if color else mark)
    return "".join(out)


def trimmed(text: str, first: bool, last: bool) -> str:
    """Unchanged text cut to CONTEXT characters next to the changes around it."""
    if first and len(text) > CONTEXT:
        return "…" + text[-CONTEXT:]
    if last and len(text) > CONTEXT:
        return text[:CONTEXT] + "…"
    if not first and not last and len(text) > 2 * CONTEXT:
        return text[:CONTEXT] + "…" + text[-CONTEXT:]
    return text


def _bold(text: str, color: bool) -> str:
    return click.style(text, bold=True) if color else text
