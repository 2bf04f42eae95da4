"""Per-item scores from an office's workbook: one row per 项次, as the 评定表 is collected.

Columns (first row, in any order; others are ignored):
项次, 自评得分, 自评扣分原因, 省级评定得分, 省级扣分原因, 自评已扣省级不再扣减.
Rows 1–43 need both scores (recorded scores: the rule checks that it can give
them, and a score below full marks needs its reason). Rows 44–47 are the
特殊因素: 省级评定得分 is the verified score (penalties negative, blank for
none), 自评得分 the points the unit claimed. 自评已扣省级不再扣减 names the
situations the province also found but did not deduct again; several are
separated by 「；」. Every problem names its cell (file.xlsx!Sheet!F7).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from reportgen.errors import Problem, ReportgenError
from reportgen.numbers import number_problem
from reportgen.scenario.sheets import Sheet, read_sheet
from reportgen.schemes.hubei_rating.inputs import (
    PROVINCIAL,
    SELF,
    SPECIAL,
    Place,
    UnitInputs,
)

NUMBER, SELF_SCORE, SELF_REASON = "项次", "自评得分", "自评扣分原因"
PROVINCIAL_SCORE, PROVINCIAL_REASON = "省级评定得分", "省级扣分原因"
NOT_AGAIN = "自评已扣省级不再扣减"
REQUIRED = (NUMBER, SELF_SCORE, PROVINCIAL_SCORE)
SCORED_ITEMS = range(1, 44)
SPECIAL_ITEMS = range(44, 48)


def read_workbook(path: Path, sheet: str | None) -> tuple[UnitInputs, list[Problem]]:
    """The unit's inputs from the workbook, or the problems with their cells."""
    try:
        rows = read_sheet(path, sheet)
    except ReportgenError as error:
        return UnitInputs(), error.problems
    missing = [c for c in REQUIRED if c not in rows.columns]
    if missing:
        found = "、".join(c for c in rows.columns if c) or "none"
        return UnitInputs(), [
            Problem(f"missing columns {'、'.join(missing)}; found {found}", rows.where)
        ]
    return _Reader(rows).read()


class _Reader:
    def __init__(self, sheet: Sheet):
        self.sheet = sheet
        self.inputs = UnitInputs()
        self.problems: list[Problem] = []
        for assessor in (SELF, PROVINCIAL, SPECIAL):
            self.inputs.blocks[assessor] = Place(cell=sheet.where)

    def read(self) -> tuple[UnitInputs, list[Problem]]:
        seen: dict[int, int] = {}
        for index, row in self.sheet.rows:
            if not any(row.values()):
                continue
            number = self._number(index, row)
            if number is None:
                continue
            if number in seen:
                self._problem(
                    index, NUMBER, f"项次 {number} is given twice (also row {seen[number]})"
                )
                continue
            seen[number] = index
            if number in SCORED_ITEMS:
                self._scored(index, row, str(number))
            else:
                self._special(index, row, str(number))
        absent = [str(n) for n in SCORED_ITEMS if n not in seen]
        if absent:
            self.problems.append(Problem(f"no row for 项次 {'、'.join(absent)}", self.sheet.where))
        return self.inputs, self.problems

    def _problem(self, index: int, column: str, message: str) -> None:
        self.problems.append(self.sheet.problem(index, column, message))

    def _number(self, index: int, row: dict[str, str]) -> int | None:
        text = row[NUMBER]
        number = int(text) if text.isdigit() else None
        if number is None or number not in (*SCORED_ITEMS, *SPECIAL_ITEMS):
            self._problem(index, NUMBER, f"expected a 项次 from 1 to 47, got {text!r}")
            return None
        return number

    def _score(self, index: int, row: dict[str, str], column: str) -> Decimal | None:
        text = row[column]
        try:
            value = Decimal(text) if text else None
        except InvalidOperation:
            self._problem(index, column, f"not a number: {text!r}")
            return None
        why = number_problem(value) if value is not None else None
        if why:
            self._problem(index, column, f"{text!r} {why}")
            return None
        return value

    def _scored(self, index: int, row: dict[str, str], key: str) -> None:
        for assessor, column, reason in (
            (SELF, SELF_SCORE, SELF_REASON),
            (PROVINCIAL, PROVINCIAL_SCORE, PROVINCIAL_REASON),
        ):
            score = self._score(index, row, column)
            if score is None:
                if not row[column]:
                    self._problem(index, column, f"{column} of 项次 {key} is empty")
                continue
            self.inputs.findings(assessor)[key] = _recorded(score, row.get(reason, ""))
            self.inputs.places[(assessor, key)] = Place(
                cell=self.sheet.problem(index, column, "").file or ""
            )
        situations = [s.strip() for s in row.get(NOT_AGAIN, "").replace("\n", "；").split("；")]
        if any(situations):
            self.inputs.not_again[key] = [s for s in situations if s]
            self.inputs.not_again_places[key] = Place(
                cell=self.sheet.problem(index, NOT_AGAIN, "").file or ""
            )

    def _special(self, index: int, row: dict[str, str], key: str) -> None:
        verified = self._score(index, row, PROVINCIAL_SCORE)
        claimed = self._score(index, row, SELF_SCORE)
        if claimed is not None:
            self.inputs.claimed[key] = claimed
        if verified is not None:
            reason = row.get(PROVINCIAL_REASON, "")
            self.inputs.special[key] = _recorded(verified, reason)
            self.inputs.places[(SPECIAL, key)] = Place(
                cell=self.sheet.cell(index, PROVINCIAL_SCORE)
            )


def _recorded(score: Decimal, reason: str) -> dict[str, Any]:
    return {"score": score, "reason": reason} if reason else {"score": score}
