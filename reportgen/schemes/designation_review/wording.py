"""Dates and article citations as the notices write them."""

from __future__ import annotations

import datetime as dt


def ymd(day: dt.date) -> str:
    """2025年5月26日, as dates stand in the body of a notice or a form."""
    return f"{day.year}年{day.month}月{day.day}日"


def period(first: dt.date, last: dt.date) -> str:
    return f"{ymd(first)}至{ymd(last)}"


def articles(cited: list[str]) -> str:
    """第八条第（一）项、第十一条第（五）项: each cited once, in the order given."""
    return "、".join(dict.fromkeys(cited))
