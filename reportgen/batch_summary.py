"""The batch summary: every unit with its scheme, total, grade and rank, as JSON and Excel.

Units a scheme already ranked (Hubei's cities, city levels and counties, each a
层级 of its own) keep their rank; the others are ranked within their scheme and
group (the same indicator system), ties sharing a place. The workbook has every
unit on its first sheet, then a sheet per scheme.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportgen.render.archive import build_time
from reportgen.render.xlsx import BODY, HEADER, TITLE, Sheet, sheet_name, workbook_bytes
from reportgen.scoring.units import rank

COLUMNS = [
    ("scheme", "方案", 18),
    ("scenario", "场景", 26),
    ("level", "层级", 10),
    ("unit", "单位", 36),
    ("total", "综合得分", 10),
    ("scale", "满分", 8),
    ("grade", "等级", 8),
    ("rank", "排名", 8),
    ("outcome", "结论", 20),
]


LEVEL_ORDER = {"市州": 0, "市州本级": 1, "县级": 2}


def ranked(units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Units with a rank: the scheme's own, or a competition rank within (scheme, group)."""
    rows = [dict(u) for u in units]
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        if row.get("rank") is None and row.get("total") is not None:
            groups.setdefault((row["scheme"], row.get("group", "")), []).append(row)
    for members in groups.values():
        for entry in rank(members, lambda m: Decimal(str(m["total"]))):
            entry.item["rank"] = entry.rank
    return sorted(
        rows,
        key=lambda r: (
            r["scheme"],
            LEVEL_ORDER.get(r.get("level", ""), len(LEVEL_ORDER)),
            r.get("group", ""),
            r["rank"] if r.get("rank") is not None else 10**6,
            r["scenario"],
            r["unit"],
        ),
    )


def summary_files(
    units: list[dict[str, Any]], output_dir: Path, moment: dt.datetime | None = None
) -> dict[Path, bytes]:
    rows = ranked(units)
    stamp = moment or build_time()
    data = json.dumps({"units": rows}, ensure_ascii=False, indent=2) + "\n"
    return {
        output_dir / "summary.json": data.encode("utf-8"),
        output_dir / "summary.xlsx": _workbook(rows, stamp),
    }


def _workbook(rows: list[dict[str, Any]], moment: dt.datetime) -> bytes:
    taken: set[str] = set()
    sheets = [_sheet(sheet_name("汇总", taken), "批量生成汇总", rows, COLUMNS)]
    schemes = sorted({str(r.get("scheme", "")) for r in rows})
    own = [c for c in COLUMNS if c[0] != "scheme"]
    for scheme in schemes:
        title = scheme_title(scheme)
        members = [r for r in rows if r.get("scheme") == scheme]
        if not any(r.get("level") for r in members):
            own_columns = [c for c in own if c[0] != "level"]
        else:
            own_columns = own
        sheets.append(_sheet(sheet_name(title, taken), f"{title}汇总", members, own_columns))
    return workbook_bytes(sheets, "批量生成汇总", moment)


def _sheet(
    name: str, title: str, rows: list[dict[str, Any]], columns: list[tuple[str, str, int]]
) -> Sheet:
    sheet = Sheet(name, [float(width) for _, _, width in columns], frozen_rows=2)
    sheet.rows.append([(title, TITLE)] + [("", TITLE)] * (len(columns) - 1))
    sheet.merges.append((1, 1, 1, len(columns)))
    sheet.rows.append([(label, HEADER) for _, label, _ in columns])
    for row in rows:
        shown = {**row, "scheme": scheme_title(str(row.get("scheme", "")))}
        if row.get("shown_total"):
            shown["total"] = row["shown_total"]  # 95.00, as the unit's documents show it
        sheet.rows.append(
            [("" if shown.get(key) is None else str(shown[key]), BODY) for key, _, _ in columns]
        )
    return sheet


def scheme_title(kind: str) -> str:
    """A scheme as the sheet's readers name it (考核评分表), not by its key (assessment_form)."""
    from reportgen.schemes.catalogue import scheme_for, unknown_kind

    return kind if unknown_kind(kind) else scheme_for(kind).title
