"""The hand-written SpreadsheetML writer against XlsxWriter, on the workbooks reportgen writes.

Writes the same sheets both ways — the Benxi 指标得分表 (merges, wrapped text, row
heights, formats, a SUM total) and a batch summary of ROWS units — and prints
the median time of each, the ratio, and the file sizes. XlsxWriter is not a
dependency of reportgen; install it to run this (`pip install xlsxwriter`).

    .venv/bin/python benchmarks/xlsx.py [--rows 3000] [--repeat 15]
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from reportgen.render.xlsx import (
    BODY,
    BODY_BOLD,
    BODY_LEFT,
    HEADER,
    TITLE,
    Formula,
    Sheet,
    workbook_bytes,
)

ROOT = Path(__file__).resolve().parent.parent


def benxi_sheet() -> Sheet:
    """The 指标得分表 of the Benxi report, as reportgen builds it."""
    from reportgen.build import scenario_source
    from reportgen.narrative.tables import appendix_table
    from reportgen.render.workbook import table_sheet
    from reportgen.scenario.loader import load_scenario
    from reportgen.scoring.tree import score_scenario

    directory, source = scenario_source(ROOT / "scenarios" / "benxi-2022")
    report = score_scenario(load_scenario(directory, source))
    return table_sheet("本溪市…绩效评价指标得分表", appendix_table(report))


def summary_sheet(rows: int) -> Sheet:
    sheet = Sheet("汇总", [18, 26, 10, 36, 10, 8, 8, 8, 20], frozen_rows=2)
    sheet.rows.append([("批量生成汇总", TITLE)] + [("", TITLE)] * 8)
    sheet.merges.append((1, 1, 1, 9))
    sheet.rows.append(
        [
            (h, HEADER)
            for h in ("方案", "场景", "层级", "单位", "综合得分", "满分", "等级", "排名", "结论")
        ]
    )
    for n in range(rows):
        sheet.rows.append(
            [
                ("绩效评价报告", BODY),
                (f"city-{n:05d}", BODY),
                ("县级", BODY),
                (f"某市某县医疗保障局经办机构{n}", BODY_LEFT),
                (f"{90 + n % 1000 / 100:.2f}", BODY),
                ("100", BODY),
                ("优", BODY),
                (str(n + 1), BODY_BOLD),
                ("", BODY),
            ]
        )
    return sheet


def with_xlsxwriter(sheet: Sheet) -> bytes:
    """The same sheet through XlsxWriter: formats, merges, heights, page setup."""
    import xlsxwriter

    from reportgen.render.xlsx import _height, _number, _spans

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    worksheet = book.add_worksheet(sheet.name)
    border = {"border": 1, "valign": "vcenter", "text_wrap": True, "font_name": "宋体"}
    formats: dict[tuple[int, str], object] = {}

    def fmt(style: int, code: str) -> object:
        key = (style, code)
        if key not in formats:
            spec = dict(border) if style != TITLE else {"bold": True, "font_size": 14}
            spec["align"] = "left" if style == BODY_LEFT else "center"
            if style in (HEADER, BODY_BOLD):
                spec["bold"] = True
            if code:
                spec["num_format"] = code
            formats[key] = book.add_format(spec)
        return formats[key]

    for index, width in enumerate(sheet.widths):
        worksheet.set_column(index, index, width)
    spans = _spans(sheet)
    merged = {(r1, c1): (r2, c2) for r1, r2, c1, c2 in sheet.merges}
    for r, cells in enumerate(sheet.rows, start=1):
        height = _height(sheet, r, cells, spans)
        if height:
            worksheet.set_row(r - 1, float(height.split('"')[1]))
        for c, (value, style) in enumerate(cells, start=1):
            if isinstance(value, Formula):
                worksheet.write_formula(
                    r - 1, c - 1, "=" + value.expression, fmt(style, "0.00"), float(value.shown)
                )
                continue
            number = _number(value) if value else None
            if number is not None:
                places = number[1][1]
                code = "0." + "0" * places if places else ""
                worksheet.write_number(r - 1, c - 1, float(number[0]), fmt(style, code))
            elif (r, c) in merged:
                r2, c2 = merged[(r, c)]
                worksheet.merge_range(r - 1, c - 1, r2 - 1, c2 - 1, value, fmt(style, ""))
            elif value:
                worksheet.write_string(r - 1, c - 1, value, fmt(style, ""))
            else:
                worksheet.write_blank(r - 1, c - 1, None, fmt(style, ""))
    worksheet.freeze_panes(sheet.frozen_rows, 0)
    worksheet.repeat_rows(0, sheet.frozen_rows - 1)
    worksheet.set_paper(9)
    worksheet.fit_to_pages(1, 0)
    worksheet.center_horizontally()
    book.close()
    return buffer.getvalue()


def median_time(write: Callable[[], bytes], repeat: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        size = len(write())
        times.append(time.perf_counter() - start)
    return statistics.median(times), size


def main() -> None:
    import datetime as dt

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    try:
        import xlsxwriter  # noqa: F401
    except ImportError:
        raise SystemExit("install xlsxwriter to compare: pip install xlsxwriter") from None
    moment = dt.datetime(2023, 12, 1, tzinfo=dt.UTC)
    for label, sheet in (
        ("指标得分表 (Benxi)", benxi_sheet()),
        (f"summary of {args.rows} units", summary_sheet(args.rows)),
    ):
        own, own_size = median_time(lambda s=sheet: workbook_bytes(s, "t", moment), args.repeat)
        other, other_size = median_time(lambda s=sheet: with_xlsxwriter(s), args.repeat)
        print(
            f"{label}: reportgen {own * 1000:.2f} ms ({own_size:,} bytes), "
            f"XlsxWriter {other * 1000:.2f} ms ({other_size:,} bytes): "
            f"XlsxWriter takes {other / own:.1f}× the time"
        )


if __name__ == "__main__":
    main()
