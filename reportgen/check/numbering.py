"""The numbering of headings and items in the prose.

- RG501 (warning): a numbered heading skips or repeats a number — seed 004
  numbers 产出's headings 1. 2. 3. 3. and goes from 3.评价指标体系及评价标准
  through （1）评价指标体系 back to 2.评价标准.
- RG502 (warning): a numbered heading names a 二级指标 at another place than
  its own — seed 004's 1.社会效益 heads 经济效益's indicator, 社会效益 being
  the second of 效益.

Numbering styles nest as 一、 > （一） > 1. > （1）: a number restarts under a
new heading of a higher style, and is checked per piece of prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportgen.check.context import CheckInput, at, text_line
from reportgen.check.findings import Finding, define
from reportgen.check.prose import Text, texts

SEQUENCE = define("RG501", "warning", "a heading number skips or repeats", __name__)
MISPLACED = define("RG502", "warning", "a heading puts a 二级指标 out of its place", __name__)

CN_DIGITS = "一二三四五六七八九十"
STYLES = (  # outermost first
    ("一、", re.compile(r"([一二三四五六七八九十]+)、")),
    ("（一）", re.compile(r"[（(]([一二三四五六七八九十]+)[）)]")),
    ("1.", re.compile(r"(\d+)(?:[.．、](?!\d)|\.\s)")),
    ("（1）", re.compile(r"[（(](\d+)[）)]")),
)
LEAD = re.compile(r"^[\s#>*]*")


@dataclass(frozen=True)
class Heading:
    style: int
    number: int
    title: str
    offset: int


def check(target: CheckInput) -> list[Finding]:
    places = _second_level_places(target)
    findings = []
    for text in texts(target):
        last: dict[int, int] = {}
        for heading in _headings(text.text):
            expected = last.get(heading.style, 0) + 1
            if heading.number != expected:
                findings.append(_sequence(target, text, heading, expected))
            last[heading.style] = heading.number
            for lower in range(heading.style + 1, len(STYLES)):
                last.pop(lower, None)
            findings += _placement(target, text, heading, places)
    return findings


def _headings(text: str) -> list[Heading]:
    found = []
    offset = 0
    for line in text.splitlines(keepends=True):
        lead = LEAD.match(line)
        start = lead.end() if lead else 0
        for style, (_, pattern) in enumerate(STYLES):
            match = pattern.match(line, start)
            if match:
                title = line[match.end() :].strip().strip("*")
                found.append(Heading(style, _value(match.group(1)), title, offset + start))
                break
        offset += len(line)
    return found


def _value(written: str) -> int:
    if written.isdigit():
        return int(written)
    if written == "十":
        return 10
    tens, _, ones = written.partition("十")
    if "十" in written:
        return (CN_DIGITS.index(tens) + 1 if tens else 1) * 10 + (
            CN_DIGITS.index(ones) + 1 if ones else 0
        )
    return CN_DIGITS.index(written) + 1


def _sequence(target: CheckInput, text: Text, heading: Heading, expected: int) -> Finding:
    marker = STYLES[heading.style][0]
    what = "repeats or goes back" if heading.number < expected else "skips"
    return at(
        SEQUENCE,
        target.source,
        text.path,
        f"heading “{heading.title[:20]}” ({marker} style) is numbered {heading.number}, "
        f"which {what}: {expected} was next",
        "renumber the headings in order",
        line=text_line(target.source, text.path, text.text, heading.offset),
    )


def _second_level_places(target: CheckInput) -> dict[str, tuple[int, str]]:
    """二级指标 name → (its position among its siblings, its parent's name)."""
    if target.tree is None:
        return {}
    return {
        child.name: (position, top.name)
        for top in target.tree.framework.indicators
        for position, child in enumerate(top.children, start=1)
        if child.children
    }


def _placement(
    target: CheckInput, text: Text, heading: Heading, places: dict[str, tuple[int, str]]
) -> list[Finding]:
    place = places.get(heading.title.rstrip("。：:"))
    if heading.style != 2 or place is None or place[0] == heading.number:
        return []
    position, parent = place
    return [
        at(
            MISPLACED,
            target.source,
            text.path,
            f"heading {heading.number}.{heading.title} — {heading.title} is "
            f"二级指标 {position} of {parent}",
            f"number it {position}, and give every 二级指标 its heading",
            line=text_line(target.source, text.path, text.text, heading.offset),
        )
    ]
