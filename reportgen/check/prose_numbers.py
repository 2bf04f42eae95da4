"""Scores, weights, rates and counts in the prose against the computed ones.

- RG401 (error): the prose gives an indicator a full mark (满分5分, 分值为24分,
  决策（25分）) other than its weight — seed 004 writes 资金拨付及时率 满分5分
  for a 7-point indicator.
- RG402 (error): the prose gives a score (实际得分5分, 综合得分为95.00分) other
  than the computed one.
- RG403 (error): the prose gives a 得分率 other than the computed one.
- RG404 (error): the prose gives a grade (评价等级为“优”) other than the computed one:
  the grade of the 一级指标 the sentence names before it, else the overall grade.
- RG405 (error): the prose counts the indicators (4项一级指标、11项二级指标…,
  下设2个二级指标，5个三级指标) differently from the indicator system.

A number speaks of the indicator named last before it in its sentence, or,
in an indicator's remark (and after 该项指标), of that indicator.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from reportgen.check.context import CheckInput, at, text_line
from reportgen.check.findings import Code, Finding, define
from reportgen.check.prose import NUMBER, Sentence, Text, decimals, number, sentences, texts
from reportgen.formatting import score
from reportgen.numbers import percent, plain, round_half_up

WEIGHT = define("RG401", "error", "a full mark in the prose differs from the weight", __name__)
SCORE = define("RG402", "error", "a score in the prose differs from the computed one", __name__)
RATE = define("RG403", "error", "a 得分率 in the prose differs from the computed one", __name__)
GRADE = define("RG404", "error", "a grade in the prose differs from the computed one", __name__)
COUNT = define("RG405", "error", "the prose counts the indicators differently", __name__)

CLAIMS = (
    (WEIGHT, re.compile(r"(?:满分|分值)(?:为)?" + NUMBER + "分")),
    (SCORE, re.compile(r"(?<![综合])(?:实际|最终)?得分(?:为)?" + NUMBER + "分")),
    (RATE, re.compile(r"得分率(?:为)?" + NUMBER + "%")),
)
TOTAL = re.compile(r"综合得分(?:为)?" + NUMBER + "分")
GRADE_CLAIM = re.compile(r"评价等级为[“\"]?(优|良|中|差)")
SYSTEM_COUNTS = re.compile(r"(\d+)项一级指标、(\d+)项二级指标、(\d+)项三级指标")
GROUP_COUNTS = re.compile(r"下设(\d+)个二级指标，(\d+)个三级指标")
THIS_ONE = re.compile(r"该项指标|该指标|该项")


@dataclass(frozen=True)
class Mention:
    key: str
    start: int
    end: int


def check(target: CheckInput) -> list[Finding]:
    if target.tree is None or target.report is None:
        return []
    names = _names(target)
    pattern = _name_pattern(names)
    findings: list[Finding] = []
    for text in texts(target):
        for sentence in sentences(text.text):
            mentions = list(_mentions(sentence.text, names, pattern))
            findings += _claims(target, text, sentence, mentions)
            findings += _totals(target, text, sentence, mentions)
            findings += _counts(target, text, sentence, mentions)
    return findings


def _names(target: CheckInput) -> dict[str, str]:
    """Indicator name → key, for every node of the indicator system."""
    assert target.tree is not None
    found: dict[str, str] = {}
    for loc in target.tree.nodes():
        found.setdefault(loc.indicator.name, loc.indicator.key)
    return found


def _name_pattern(names: dict[str, str]) -> re.Pattern[str]:
    """Any of the names, longest first (built once a check: a system may have thousands)."""
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))


def _mentions(text: str, names: dict[str, str], pattern: re.Pattern[str]) -> Iterator[Mention]:
    """Indicator names in `text`, longest first; a two-character name only before 指标 or （."""
    for match in pattern.finditer(text):
        name = match.group(0)
        if len(name) <= 2 and not text[match.end() : match.end() + 2].startswith(
            ("指标", "（", "(")
        ):
            continue
        yield Mention(names[name], match.start(), match.end())


def _subject(text: Text, sentence: str, mentions: list[Mention], position: int) -> str | None:
    before = [m for m in mentions if m.end <= position]
    last = before[-1].end if before else 0
    if text.subject and THIS_ONE.search(sentence, last, position):
        return text.subject
    return before[-1].key if before else text.subject


def _claims(
    target: CheckInput, text: Text, sentence: Sentence, mentions: list[Mention]
) -> list[Finding]:
    findings = []
    for code, pattern in CLAIMS:
        for match in pattern.finditer(sentence.text):
            key = _subject(text, sentence.text, mentions, match.start())
            actual = _actual(target, code, key) if key else None
            stated = number(match.group(1))
            if actual is None or _agrees(code, stated, match.group(1), actual):
                continue
            name = target.scored[key].name if key in target.scored else key
            findings.append(
                _finding(
                    target,
                    text,
                    sentence.start + match.start(),
                    code,
                    f"{name}: the prose says {match.group(0)}, "
                    f"but {_what(code)} is {_shown(code, actual)}",
                )
            )
    findings += _bracketed(target, text, sentence, mentions)
    return findings


def _bracketed(
    target: CheckInput, text: Text, sentence: Sentence, mentions: list[Mention]
) -> list[Finding]:
    """决策（25分）: a weight written in brackets right after the name."""
    findings = []
    for mention in mentions:
        match = re.match(r"[（(]" + NUMBER + r"分[）)]", sentence.text[mention.end :])
        actual = _actual(target, WEIGHT, mention.key)
        if match is None or actual is None or number(match.group(1)) == actual:
            continue
        name = target.scored[mention.key].name
        findings.append(
            _finding(
                target,
                text,
                sentence.start + mention.end,
                WEIGHT,
                f"{name}: the prose says {match.group(0)}, but its weight is {plain(actual)}",
            )
        )
    return findings


def _actual(target: CheckInput, code: Code, key: str | None) -> Decimal | None:
    assert target.tree is not None
    declared = target.tree.by_key().get(key or "")
    node = target.scored.get(key or "")
    if declared is None or node is None:
        return None
    weight = declared.indicator.weight
    if code is WEIGHT:
        return weight
    if code is SCORE:
        return node.score
    return percent(node.score, weight)


def _agrees(code: Code, stated: Decimal, written: str, actual: Decimal) -> bool:
    if code is RATE:
        return round_half_up(actual, decimals(written)) == stated
    return stated == actual


def _shown(code: Code, value: Decimal) -> str:
    """A value as the report writes it: a score with the scenario's decimals, a weight as
    the standard states it, a rate with its own."""
    if code is SCORE:
        return score(value)
    return plain(value)


def _what(code: Code) -> str:
    return {WEIGHT.code: "its weight", SCORE.code: "its score"}.get(code.code, "its 得分率")


def _totals(
    target: CheckInput, text: Text, sentence: Sentence, mentions: list[Mention]
) -> list[Finding]:
    report = target.report
    assert report is not None
    findings = []
    for match in TOTAL.finditer(sentence.text):
        if number(match.group(1)) != report.total:
            findings.append(
                _finding(
                    target,
                    text,
                    sentence.start + match.start(),
                    SCORE,
                    f"the prose says {match.group(0)}, but the total is {score(report.total)}",
                )
            )
    for match in _grade_claims(target).finditer(sentence.text):
        about, grade = _graded(target, mentions, match.start())
        if match.group(1) != grade:
            findings.append(
                _finding(
                    target,
                    text,
                    sentence.start + match.start(),
                    GRADE,
                    f"the prose says {match.group(0)}”, but {about} is “{grade}”",
                )
            )
    return findings


def _grade_claims(target: CheckInput) -> re.Pattern[str]:
    """评价等级为“…” with the grades the scenario's bands name (优, 良 … or A, B …)."""
    loaded = target.loaded
    names = [band.name for band in loaded.grades] if loaded is not None else []
    if not names:
        return GRADE_CLAIM
    alternatives = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    return re.compile(rf"评价等级为[“\"]?({alternatives})")


def _graded(target: CheckInput, mentions: list[Mention], position: int) -> tuple[str, str]:
    """What a 评价等级 claim is about: the 一级指标 named last before it, else the whole."""
    report = target.report
    assert report is not None
    before = [m for m in mentions if m.end <= position]
    dimensions = {node.key: node for node in report.indicators if node.kind == "scored"}
    if before and before[-1].key in dimensions:
        node = dimensions[before[-1].key]
        return f"the grade of {node.name}", node.grade
    return "the grade", report.grade


def _counts(
    target: CheckInput, text: Text, sentence: Sentence, mentions: list[Mention]
) -> list[Finding]:
    assert target.tree is not None
    top = target.tree.framework.indicators
    findings = []
    for match in SYSTEM_COUNTS.finditer(sentence.text):
        second = [c for i in top for c in i.children]
        actual = (len(top), len(second), sum(len(c.children) for c in second))
        stated = tuple(int(g) for g in match.groups())
        if stated != actual:
            findings.append(
                _finding(
                    target,
                    text,
                    sentence.start + match.start(),
                    COUNT,
                    f"the prose says {match.group(0)}, but the system has "
                    f"{actual[0]}, {actual[1]} and {actual[2]}",
                )
            )
    for match in GROUP_COUNTS.finditer(sentence.text):
        key = _subject(text, sentence.text, mentions, match.start())
        node = target.scored.get(key or "")
        if node is None:
            continue
        counted = (len(node.children), len(node.leaves()))
        if (int(match.group(1)), int(match.group(2))) != counted:
            findings.append(
                _finding(
                    target,
                    text,
                    sentence.start + match.start(),
                    COUNT,
                    f"{node.name}: the prose says {match.group(0)}, but it has "
                    f"{counted[0]} and {counted[1]}",
                )
            )
    return findings


def _finding(target: CheckInput, text: Text, offset: int, code: Code, message: str) -> Finding:
    line = text_line(target.source, text.path, text.text, offset)
    hint = "write the computed value, or leave the sentence to the report"
    return at(code, target.source, text.path, message, hint, line=line)
