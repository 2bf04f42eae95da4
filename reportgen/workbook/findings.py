"""One indicator's findings as rows of the 评分 sheet, and back.

A row is (项目, 名称, 数值, 内容): 失分要点 ② with its note, 次数 有责投诉 2, 档次 with
its label. Every field of the findings has its 项目 (layout.ENTRIES); a field
the layout does not know is kept as a row named by the field, its value
written as YAML in 内容, so nothing is lost on the way through a workbook.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportgen.scenario.yaml_source import PathKey
from reportgen.workbook.layout import NO, YES
from reportgen.yaml_writing import flow

Row = tuple[str, str, Any, str]  # 项目, 名称, 数值, 内容
TEXTS = {"remark": "说明", "reason": "扣分原因", "note": "备注", "tier": "档次"}
NUMBERS = {"score": "评分", "value": "实测值"}


def finding_rows(findings: dict[str, Any]) -> list[Row]:
    """The rows recording `findings`, in the order the fields were written."""
    rows: list[Row] = []
    notes = dict(findings.get("notes") or {})
    for key, value in findings.items():
        if key in TEXTS and isinstance(value, str):
            rows.append((TEXTS[key], "", None, value))
        elif key in NUMBERS and _is_number(value):
            rows.append((NUMBERS[key], "", value, ""))
        elif key == "evidence" and isinstance(value, bool):
            rows.append(("佐证资料", "", _yes(value), ""))
        elif key == "failed" and _all_mappings(value, {"point", "note"}, {"point"}):
            rows += [("失分要点", f["point"], None, f.get("note", "")) for f in value]
        elif key == "failed" and _all_mappings(value, {"condition", "note"}, {"condition"}):
            rows += [("未满足条件", f["condition"], None, f.get("note", "")) for f in value]
        elif key == "items" and isinstance(value, list) and all(isinstance(v, str) for v in value):
            rows += [("问题", "", None, v) for v in value]
        elif key in ("items", "awards") and _all_mappings(value, {"text", "points"}, {"text"}):
            what = "扣分" if key == "items" else "加分"
            rows += [(what, "", v.get("points"), v["text"]) for v in value]
        elif key == "counts" and _named(value, int):
            rows += [("次数", n, count, notes.pop(n, "")) for n, count in value.items()]
        elif key == "facts" and _named(value, bool):
            rows += [("事实", n, _yes(fact), notes.pop(n, "")) for n, fact in value.items()]
        elif key == "values" and _named(value, None):
            rows += [("实测值", label, number, "") for label, number in value.items()]
        elif key == "notes" and _named(value, str):
            continue  # written with their counts or facts, the rest below
        else:
            rows.append((key, "", None, flow(value)))
    if notes and isinstance(findings.get("notes"), dict):
        what = "事实" if "facts" in findings else "次数"
        rows += [(what, name, None, note) for name, note in notes.items()]
    return rows


@dataclass
class Built:
    """Findings rebuilt from rows, and the row and column each value came from."""

    findings: dict[str, Any]
    places: dict[PathKey, tuple[int, str]]  # path within the findings → (row, column header)


def findings_from_rows(rows: list[tuple[int, Row]], parse: Any) -> Built:
    """Rows (with their row numbers) back into findings; `parse(text, row)` reads YAML."""
    built = Built({}, {})
    out, places = built.findings, built.places
    for number, (what, name, value, text) in rows:

        def put(path: PathKey, column: str, number: int = number) -> None:
            places[path] = (number, column)
            places.setdefault(path[:1], (number, "项目"))

        if what in TEXTS.values():
            key = next(k for k, v in TEXTS.items() if v == what)
            out[key] = text
            put((key,), "内容")
        elif what in ("评分", "实测值") and not name:
            key = "score" if what == "评分" else "value"
            out[key] = value
            put((key,), "数值")
            if what == "评分" and text and "reason" not in out:  # 专家评分 and its 理由 on one row
                out["reason"] = text
                put(("reason",), "内容")
        elif what == "实测值":
            out.setdefault("values", {})[name] = value
            put(("values", name), "数值")
        elif what == "佐证资料":
            out["evidence"] = _truth(value)
            put(("evidence",), "数值")
        elif what in ("失分要点", "未满足条件"):
            field = "point" if what == "失分要点" else "condition"
            entries = out.setdefault("failed", [])
            entry = {field: name, **({"note": text} if text else {})}
            put(("failed", len(entries), field), "名称")
            put(("failed", len(entries), "note"), "内容")
            entries.append(entry)
        elif what == "问题":
            entries = out.setdefault("items", [])
            put(("items", len(entries)), "内容")
            entries.append(text)
        elif what in ("扣分", "加分"):
            entries = out.setdefault("items" if what == "扣分" else "awards", [])
            key = "items" if what == "扣分" else "awards"
            put((key, len(entries), "text"), "内容")
            put((key, len(entries), "points"), "数值")
            entries.append({"text": text, "points": value})
        elif what in ("次数", "事实"):
            key = "counts" if what == "次数" else "facts"
            if value is not None and value != "":
                out.setdefault(key, {})[name] = value if what == "次数" else _truth(value)
                put((key, name), "数值")
            if text:
                out.setdefault("notes", {})[name] = text
                put(("notes", name), "内容")
        else:
            out[what] = parse(text, number)
            put((what,), "内容")
    return built


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) or type(value).__name__ == "Decimal"


def _all_mappings(value: Any, allowed: set[str], required: set[str]) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(
            isinstance(v, dict)
            and required <= set(v) <= allowed
            and all(isinstance(v[k], str) for k in v if k in ("point", "condition", "text", "note"))
            for v in value
        )
    )


def _named(value: Any, kind: type | None) -> bool:
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        return False
    if kind is None:
        return all(_is_number(v) for v in value.values())
    if kind is int:
        return all(isinstance(v, int) and not isinstance(v, bool) for v in value.values())
    return all(isinstance(v, kind) for v in value.values())


def _yes(value: bool) -> str:
    return YES if value else NO


def _truth(value: Any) -> Any:
    """是/否 (or true/false) as a bool; anything else is left for validation to refuse."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if value is not None else ""
    if text in (YES, "true", "1", "√"):
        return True
    if text in (NO, "false", "0", "×", "x"):
        return False
    return value
