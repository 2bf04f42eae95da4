"""YAML written as a person would: Chinese as it is, numbers exactly, keys in their order.

A Decimal is written as its own digits (35202137.32, never a float's
approximation); multi-line text as a block; a single value on one line where a
workbook cell holds it (`flow`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import yaml


class _Dumper(yaml.SafeDumper):
    """SafeDumper that writes Decimals exactly and long text as blocks, never an alias."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    tag = "tag:yaml.org,2002:int" if "." not in text else "tag:yaml.org,2002:float"
    return dumper.represent_scalar(tag, text)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _date(dumper: yaml.SafeDumper, value: dt.date) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_Dumper.add_representer(Decimal, _decimal)
_Dumper.add_representer(str, _text)
_Dumper.add_representer(dt.date, _date)


def dump_yaml(data: Any) -> str:
    """A whole file: block style, in the data's own key order."""
    return yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100_000, indent=2
    )


def flow(value: Any) -> str:
    """One value on one line: {per_item: 2} or [a, b]."""
    if isinstance(value, str) and ("\n" in value or "\r" in value):
        # Alone, a text of several lines would be dumped as a block, which takes lines.
        return (
            yaml.dump(
                [value], Dumper=_Dumper, allow_unicode=True, width=100_000, default_flow_style=True
            )
            .strip()
            .removesuffix("...")
            .strip()[1:-1]
        )
    text = yaml.dump(
        value,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=True,
        width=100_000,
    )
    return text.strip().removesuffix("...").strip()
