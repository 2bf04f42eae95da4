"""Dates the 办法 counts: full months (正式运营满6个月), working days (公示期5个工作日).

A working day is Monday to Friday unless the scenario lists it as a holiday,
plus any weekend day the scenario lists as worked in lieu (调休上班), which is
how the State Council's holiday notices shift days every year.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day when it has no such day (1月31日 → 2月28日)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def full_months(start: dt.date, end: dt.date) -> int:
    """How many whole months lie between two dates: 满N个月 means start + N months ≤ end."""
    if end < start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    while months > 0 and add_months(start, months) > end:
        months -= 1
    return months


@dataclass(frozen=True)
class WorkingCalendar:
    """Weekdays are working days, except the holidays; the listed weekend days are worked."""

    holidays: Collection[dt.date] = field(default_factory=frozenset)
    workdays: Collection[dt.date] = field(default_factory=frozenset)

    def is_working(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def period(self, start: dt.date, days: int) -> tuple[dt.date, dt.date]:
        """The first and last day of `days` working days counted from `start` (included)."""
        first = start
        while not self.is_working(first):
            first += dt.timedelta(days=1)
        last, counted = first, 1
        while counted < days:
            last += dt.timedelta(days=1)
            counted += self.is_working(last)
        return first, last

    def after(self, day: dt.date, days: int) -> dt.date:
        """The last of `days` working days counted from the day after `day`: a deadline."""
        return self.period(day + dt.timedelta(days=1), days)[1]
