"""The consultant's prose as the checks read it: each text with its place and subject.

A text is a narrative section, an indicator's remark or reason, or the text
of a problem, recommendation or experience. A remark's subject is its own
indicator, so "该项指标满分5分" in it speaks of that indicator.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from reportgen.check.context import CheckInput
from reportgen.scenario.yaml_source import PathKey

NUMBER = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
SENTENCE_END = re.compile(r"[。！？!?\n]")


@dataclass(frozen=True)
class Text:
    """One piece of prose, where it was written, and the indicator it is about."""

    path: PathKey
    text: str
    subject: str | None = None


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset within its Text


def texts(target: CheckInput) -> Iterator[Text]:
    """Every piece of prose in the scenario, in the order it is written."""
    scenario = target.scenario
    if scenario is None:
        return
    for key, value in scenario.narrative.items():
        yield Text(("narrative", key), value)
    for key, given in scenario.findings.items():
        for field in ("remark", "reason", "note"):
            written = given.get(field) if isinstance(given, dict) else None
            if isinstance(written, str):
                yield Text(("findings", key, field), written, key)
    for index, assessor in enumerate(scenario.assessors):
        for key, given in assessor.findings.items():
            remark = given.get("remark") if isinstance(given, dict) else None
            if isinstance(remark, str):
                yield Text(("assessors", index, "findings", key, "remark"), remark, key)
    for group in ("problems", "recommendations", "experiences"):
        for index, item in enumerate(getattr(scenario, group)):
            yield Text((group, index, "title"), item.title)
            yield Text((group, index, "text"), item.text)


def sentences(text: str) -> Iterator[Sentence]:
    """The sentences of a text (ending at 。！？ or a line break), with their offsets."""
    start = 0
    for match in SENTENCE_END.finditer(text):
        if match.start() > start:
            yield Sentence(text[start : match.start()], start)
        start = match.end()
    if start < len(text):
        yield Sentence(text[start:], start)


def number(text: str) -> Decimal:
    """A number as written in prose (37,767,520.5) as a Decimal."""
    return Decimal(text.replace(",", ""))


def decimals(text: str) -> int:
    """How many decimals a number is written with."""
    return len(text.split(".")[1]) if "." in text else 0
