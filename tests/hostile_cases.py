"""The damaged inputs of the bad-input suite, as a consultant's or an office's files arrive.

Each case names what is done to a copy of the shipped scenarios, the scenario
built, and where the message must point: the file, the line (found by a text
on it, or given) or the sheet!cell, the field, and what the message says.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import hostile
from hostile import edit, line_of

BENXI, FRAMEWORK = "benxi-2022/scenario.yaml", "frameworks/benxi-insurance-contract.yaml"
DATA_TABLE = "data:\n  附表: {file: 附表.FILE, show_in_report: false}\n"


@dataclass(frozen=True)
class Case:
    """One damaged input: what is done to the tree, the command, and where the message points."""

    name: str
    damage: Callable[[Path], None]
    where: str  # file (relative to the tree) or file!Sheet!B3, as the message names it
    marker: str | int | None = None  # text on the line the message names, or its number
    field: str | None = None
    message: str = ""
    scenario: str = "benxi-2022"
    command: str = "build"


def expected(case: Case, tree: Path) -> re.Pattern[str]:
    place = re.escape(case.where)
    if isinstance(case.marker, int):
        place += f":{case.marker}"
    elif case.marker is not None:
        place += f":{line_of(tree / case.where.split('!')[0], case.marker)}"
    if case.field:
        place += " " + re.escape(case.field)
    return re.compile(place + r": .*" + re.escape(case.message))


# — scenario ids and unit names that would become paths ———————————————————————————————


def scenario_id(value: str) -> Callable[[Path], None]:
    def damage(tree: Path) -> None:
        edit(tree / BENXI, "project:\n", f"id: {value}\nproject:\n")

    return damage


def unit_name(file: str, old: str, new: str) -> Callable[[Path], None]:
    return lambda tree: edit(tree / file, old, new)


ID_CASES = [
    Case(f"id {label}", scenario_id(value), BENXI, "id:", "id", why)
    for label, value, why in [
        ("parent", "../x", "contains /"),
        ("deep parent", "../../../../tmp/x", "contains /"),
        ("absolute", "/tmp/evil", "contains /"),
        ("dot dot", '".."', "is not a name"),
        ("dot", '"."', "is not a name"),
        ("subfolder", "a/b", "contains /"),
        ("backslash", '"a\\\\b"', "contains \\"),
        ("drive", '"C:\\\\evil"', "contains :"),
        ("drive relative", '"C:evil"', "contains :"),
        ("device", "CON", "reserved device name"),
        ("device with suffix", "nul.txt", "reserved device name"),
        ("device lower case", "com1", "reserved device name"),
        ("control character", '"a\\u0007b"', "control character U+0007"),
        ("newline", '"a\\nb"', "control character U+000A"),
        ("too long", "x" * 80, "more than 64"),
        ("hidden", '".hidden"', "starts with '.'"),
        ("trailing dot", '"name."', "ends with '.'"),
        ("leading space", '" name"', "starts or ends with a space"),
        ("empty", '""', "is empty"),
        ("star", '"a*b"', "contains *"),
        ("pipe", '"a|b"', "contains |"),
        ("angle", '"a<b>"', "contains < >"),
        ("question", '"a?b"', "contains ?"),
    ]
]

UNIT_CASES = [
    Case(
        "minhang institution name used as file name",
        unit_name("minhang-streets-2024/scenario.yaml", "- name: 莘庄镇", "- name: ../莘庄镇"),
        "minhang-streets-2024/scenario.yaml",
        "- name: ../莘庄镇",
        "scheme.institutions[0]",
        "contains /",
        scenario="minhang-streets-2024",
    ),
    Case(
        "minhang institution short name",
        unit_name(
            "minhang-streets-2024/scenario.yaml",
            "- name: 莘庄镇",
            "- name: 莘庄镇\n      short_name: CON",
        ),
        "minhang-streets-2024/scenario.yaml",
        "short_name: CON",
        "scheme.institutions[0].short_name",
        "reserved device name",
        scenario="minhang-streets-2024",
    ),
    Case(
        "tianjin agency short name",
        unit_name("tianjin-2024/scenario.yaml", "short_name: 中国人寿", 'short_name: ".."'),
        "tianjin-2024/scenario.yaml",
        'short_name: ".."',
        "scheme.agencies[0].short_name",
        "is not a name",
        scenario="tianjin-2024",
    ),
    Case(
        "designation applicant short name",
        unit_name(
            "neimenggu-designation-2025/scenario.yaml", "short_name: 康宁评估", "short_name: a/b"
        ),
        "neimenggu-designation-2025/scenario.yaml",
        "short_name: a/b",
        "scheme.applicants[0].short_name",
        "contains /",
        scenario="neimenggu-designation-2025",
    ),
    Case(
        "hubei county name",
        unit_name("hubei-2025/scenario.yaml", "- name: 江岸区", '- name: "../../江岸区"'),
        "hubei-2025/scenario.yaml",
        '- name: "../../江岸区"',
        "scheme.cities[0].counties[0].name",
        "contains /",
        scenario="hubei-2025",
    ),
    Case(
        "hubei city name",
        unit_name("hubei-2025/scenario.yaml", "- name: 黄石市", '- name: "黄石市\\u0000"'),
        "hubei-2025/scenario.yaml",
        '- name: "黄石市',
        "scheme.cities[1].name",
        "control character U+0000",
        scenario="hubei-2025",
    ),
]


# — YAML that grows without bound, or nests too deep ————————————————————————————————


def append(file: str, text: str) -> Callable[[Path], None]:
    def damage(tree: Path) -> None:
        path = tree / file
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    return damage


def replace_file(file: str, data: str | bytes) -> Callable[[Path], None]:
    def damage(tree: Path) -> None:
        path = tree / file
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)

    return damage


YAML_CASES = [
    Case(
        "billion laughs",
        replace_file(BENXI, hostile.billion_laughs()),
        BENXI,
        "a5:",
        "a5",
        "more than 250,000 values",
    ),
    Case(
        "billion laughs in a framework",
        replace_file(FRAMEWORK, hostile.billion_laughs()),
        FRAMEWORK,
        "a5:",
        "a5",
        "more than 250,000 values",
    ),
    Case(
        "laughs through merge keys",
        replace_file(BENXI, hostile.mapping_laughs(5) + "m: {<<: *a4, b: *a4, c: *a4, d: *a4}\n"),
        BENXI,
        "m:",
        "m",
        "more than 250,000 values",
    ),
    Case(
        "flow nesting 600 deep",
        append(BENXI, "deep: " + hostile.nested_flow(600) + "\n"),
        BENXI,
        "deep:",
        "deep[0][0]",
        "nested more than 64 levels deep",
    ),
    Case(
        "block nesting 100 deep",
        append(BENXI, "deep:\n" + hostile.nested_block(100, indent=1)),
        BENXI,
        "k63:",
        "deep.k0.k1",
        "nested more than 64 levels deep",
    ),
    Case(
        "nesting beyond the parser's limit",
        append(BENXI, "deep: " + hostile.nested_flow(20000) + "\n"),
        BENXI,
        "deep:",
        None,
        "exceeded maximum nesting depth",
    ),
    Case(
        "a mapping as a key",
        append(BENXI, "? {a: 1}\n: x\n"),
        BENXI,
        "? {a: 1}",
        None,
        "a key must be text, not a mapping or a list",
    ),
    Case(
        "a list as a key through an alias",
        append(BENXI, "l: &l [1, 2]\n? *l\n: x\n"),
        BENXI,
        "l: &l",
        None,
        "a key must be text",
    ),
    Case(
        "a scenario file of 17 MiB",
        append(BENXI, "# " + "x" * (17 * 1024 * 1024) + "\n"),
        BENXI,
        None,
        None,
        "larger than 16 MiB",
    ),
    Case(
        "a scenario that is a list",
        replace_file(BENXI, "- a\n- b\n"),
        BENXI,
        "- a",
        None,
        "expected a mapping",
    ),
    Case("an empty scenario", replace_file(BENXI, ""), BENXI, None, None, "expected a mapping"),
]


# — values YAML recognises but Python cannot hold ———————————————————————————————————


def value_at(old: str, new: str, file: str = BENXI) -> Callable[[Path], None]:
    return lambda tree: edit(tree / file, old, new)


DATE = "report_date: 2023-12-01"
WEIGHT = "weight: 7\n"
VALUE_CASES = [
    Case(
        f"value {label}",
        value_at(DATE if field.endswith("report_date") else WEIGHT, new, file),
        file,
        new.strip(),
        field,
        why,
    )
    for label, new, field, why, file in [
        (
            "month 13",
            "report_date: 2023-13-45",
            "project.report_date",
            "month must be in 1..12",
            BENXI,
        ),
        (
            "february 30",
            "report_date: 2023-02-30",
            "project.report_date",
            "day is out of range",
            BENXI,
        ),
        (
            "hour 25",
            "report_date: 2023-12-01 25:00:00",
            "project.report_date",
            "not a valid date",
            BENXI,
        ),
        (
            "5000 digits",
            "weight: " + "9" * 5000 + "\n",
            "indicators[2].children[2].children[0].weight",
            "5000 digits is too large",
            FRAMEWORK,
        ),
        (
            "20 digits",
            "weight: 12345678901234567890\n",
            "indicators[2].children[2].children[0].weight",
            "20 digits is too large",
            FRAMEWORK,
        ),
        (
            "huge exponent",
            "weight: 1.0e+999999999\n",
            "indicators[2].children[2].children[0].weight",
            "is too large",
            FRAMEWORK,
        ),
        (
            "negative huge exponent",
            "weight: -1.0e+999999999\n",
            "indicators[2].children[2].children[0].weight",
            "is too large",
            FRAMEWORK,
        ),
        (
            "tiny exponent",
            "weight: 1.0e-999999999\n",
            "indicators[2].children[2].children[0].weight",
            "is too small",
            FRAMEWORK,
        ),
        (
            "too many decimals",
            "weight: 7.0000000000000000000000000001\n",
            "indicators[2].children[2].children[0].weight",
            "more than 24 decimals",
            FRAMEWORK,
        ),
        (
            "a date for a weight",
            "weight: 2023-13-01\n",
            "indicators[2].children[2].children[0].weight",
            "not a valid date",
            FRAMEWORK,
        ),
        (
            "infinity",
            "weight: .inf\n",
            "indicators[2].children[2].children[0].weight",
            "not a finite number",
            FRAMEWORK,
        ),
        (
            "negative infinity",
            "weight: -.Inf\n",
            "indicators[2].children[2].children[0].weight",
            "not a finite number",
            FRAMEWORK,
        ),
        (
            "not a number",
            "weight: .nan\n",
            "indicators[2].children[2].children[0].weight",
            "not a finite number",
            FRAMEWORK,
        ),
    ]
]


def encoded(file: str, encoding: str, prefix: bytes = b"") -> Callable[[Path], None]:
    def damage(tree: Path) -> None:
        path = tree / file
        path.write_bytes(prefix + path.read_text(encoding="utf-8").encode(encoding))

    return damage


def gbk_evaluator(tree: Path) -> None:
    path = tree / BENXI
    text = "绩效评价工作组"
    path.write_bytes(path.read_bytes().replace(text.encode(), text.encode("gbk")))


def control(file: str, char: str) -> Callable[[Path], None]:
    def damage(tree: Path) -> None:
        edit(tree / file, "  evaluator: 绩效评价工作组", f"  evaluator: 绩效评价{char}工作组")

    return damage


ENCODING_CASES = [
    Case("scenario in GBK", encoded(BENXI, "gbk"), BENXI, "# ", "encoding", "looks like GBK"),
    Case(
        "framework in GB18030",
        encoded(FRAMEWORK, "gb18030"),
        FRAMEWORK,
        "# ",
        "encoding",
        "looks like GBK",
    ),
    Case("scenario in UTF-16 LE", encoded(BENXI, "utf-16"), BENXI, 1, "encoding", "is UTF-16 text"),
    Case(
        "scenario in UTF-16 BE",
        encoded(BENXI, "utf-16-be", b"\xfe\xff"),
        BENXI,
        1,
        "encoding",
        "is UTF-16 text",
    ),
    Case("scenario in UTF-32", encoded(BENXI, "utf-32"), BENXI, 1, "encoding", "is UTF-32 text"),
    Case(
        "scenario in UTF-16 without a mark",
        encoded(BENXI, "utf-16-le"),
        BENXI,
        1,
        "encoding",
        "looks like UTF-16 (little-endian)",
    ),
    Case(
        "framework in UTF-16 without a mark",
        encoded(FRAMEWORK, "utf-16-be"),
        FRAMEWORK,
        1,
        "encoding",
        "looks like UTF-16 (big-endian)",
    ),
    Case(
        "GBK after the first lines",
        gbk_evaluator,
        BENXI,
        "  evaluator:",
        "encoding",
        "looks like GBK",
    ),
    Case(
        "a bell character",
        control(BENXI, "\x07"),
        BENXI,
        "evaluator:",
        None,
        "control character U+0007",
    ),
    Case("an escape character", control(BENXI, "\x1b"), BENXI, "evaluator:", None, "U+001B"),
    Case("a NUL byte", control(BENXI, "\x00"), BENXI, "evaluator:", None, "U+0000"),
    Case("a DEL character", control(BENXI, "\x7f"), BENXI, "evaluator:", None, "U+007F"),
    Case("a C1 control", control(BENXI, "\x9b"), BENXI, "evaluator:", None, "U+009B"),
    Case(
        "bytes that are no UTF-8",
        replace_file(BENXI, b"project:\n  name: \xed\xa0\x80\n"),
        BENXI,
        "name:",
        "encoding",
        "is not UTF-8",
    ),
]


# — data files: workbooks and csv ———————————————————————————————————————————————————


def data_file(suffix: str, data: bytes | str) -> Callable[[Path], None]:
    def damage(tree: Path) -> None:
        edit(tree / BENXI, "data:\n", DATA_TABLE.replace("FILE", suffix))
        path = tree / "benxi-2022" / f"附表.{suffix}"
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)

    return damage


def hubei_note(tree: Path) -> None:
    """A remark typed beside 洪山区's 评定表, in a column with no header."""
    from openpyxl import load_workbook

    path = tree / "hubei-2025/洪山区.xlsx"
    book = load_workbook(path)
    book["Sheet1"]["I5"] = "待核实"
    book.save(path)


GOOD_BOOK = hostile.workbook([("收入", "收入", 100, None, "元")])
SHEET_XML = "xl/worksheets/sheet1.xml"
XLSX, CSV = "benxi-2022/附表.xlsx", "benxi-2022/附表.csv"
DATA_CASES = [
    Case(
        "xlsx that is text", data_file("xlsx", "key,value\n"), XLSX, None, None, "not a zip archive"
    ),
    Case("empty xlsx", data_file("xlsx", b""), XLSX, None, None, "is empty"),
    Case(
        "truncated xlsx",
        data_file("xlsx", GOOD_BOOK[: len(GOOD_BOOK) // 2]),
        XLSX,
        None,
        None,
        "truncated or damaged",
    ),
    Case(
        "xlsx with corrupt sheet XML",
        data_file(
            "xlsx", hostile.replace_member(GOOD_BOOK, SHEET_XML, b"<worksheet><sheetData><row><c")
        ),
        XLSX,
        None,
        None,
        "a damaged workbook",
    ),
    Case(
        "xlsx with sheet XML that is no workbook",
        data_file("xlsx", hostile.replace_member(GOOD_BOOK, SHEET_XML, b"\x00\x01garbage")),
        XLSX,
        None,
        None,
        "a damaged workbook",
    ),
    Case(
        "xlsx without its workbook part",
        data_file("xlsx", hostile.replace_member(GOOD_BOOK, "xl/workbook.xml", b"")),
        XLSX,
        None,
        None,
        "a damaged workbook",
    ),
    Case(
        "encrypted xlsx (OLE container)",
        data_file("xlsx", hostile.OLE_HEADER),
        XLSX,
        None,
        None,
        "encrypted workbook or an old .xls",
    ),
    Case(
        "xlsx with encrypted members",
        data_file("xlsx", hostile.with_flag(GOOD_BOOK, 1)),
        XLSX,
        None,
        None,
        "is encrypted",
    ),
    Case(
        "xlsx compressed with Deflate64",
        data_file("xlsx", hostile.with_method(GOOD_BOOK, 9)),
        XLSX,
        None,
        None,
        "compression method 9",
    ),
    Case(
        "xlsx declaring 2 GB",
        data_file("xlsx", hostile.with_declared_size(GOOD_BOOK, 2**31)),
        XLSX,
        None,
        None,
        "unpacks to more than 64 MiB",
    ),
    Case(
        "xlsx blank value",
        data_file("xlsx", hostile.workbook([("收入", "收入", None, None, "元")])),
        "benxi-2022/附表.xlsx!Sheet1!C2",
        None,
        "value",
        "blank",
    ),
    Case(
        "xlsx value and expr",
        data_file("xlsx", hostile.workbook([("收入", "", 5, "1 + 1", "")])),
        "benxi-2022/附表.xlsx!Sheet1!C2",
        None,
        "value",
        "not both",
    ),
    Case(
        "xlsx value not a number",
        data_file(
            "xlsx", hostile.workbook([("a", "", 1, None, ""), ("收入", "", "一百", None, "")])
        ),
        "benxi-2022/附表.xlsx!Sheet1!C3",
        None,
        "value",
        "not a number",
    ),
    Case(
        "xlsx huge value",
        data_file("xlsx", hostile.workbook([("收入", "", "1e999999999", None, "")])),
        "benxi-2022/附表.xlsx!Sheet1!C2",
        None,
        "value",
        "is too large",
    ),
    Case(
        "xlsx value without key",
        data_file("xlsx", hostile.workbook([(None, "", 5, None, "")])),
        "benxi-2022/附表.xlsx!Sheet1!A2",
        None,
        "key",
        "without a `key`",
    ),
    Case(
        "xlsx expr naming nothing",
        data_file("xlsx", hostile.workbook([("a", "", None, "附表.b * 2", "")])),
        "benxi-2022/附表.xlsx!Sheet1!D2",
        None,
        "expr",
        "附表.b",
    ),
    Case(
        "xlsx without columns",
        data_file("xlsx", hostile.workbook([("x",)], header=("名称",))),
        "benxi-2022/附表.xlsx!Sheet1",
        None,
        None,
        "expected columns key",
    ),
    Case(
        "csv blank value",
        data_file("csv", hostile.csv_text([("收入", "收入", "", "", "元")])),
        CSV,
        "收入,",
        "value",
        "blank",
    ),
    Case(
        "csv value and expr",
        data_file("csv", hostile.csv_text([("a", "", 1, "", ""), ("收入", "", 5, "1 + 1", "")])),
        CSV,
        "收入,",
        "value",
        "not both",
    ),
    Case(
        "csv value not a number",
        data_file("csv", hostile.csv_text([("收入", "", "一百", "", "")])),
        CSV,
        "收入,",
        "value",
        "not a number",
    ),
    Case(
        "csv value and expr in a quoted row",
        data_file("csv", 'key,label,value,expr\n收入,"a,b",5,1 + 1\n'),
        CSV,
        "收入,",
        "value",
        "not both",
    ),
    Case(
        "csv huge value",
        data_file("csv", hostile.csv_text([("收入", "", "9" * 30, "", "")])),
        CSV,
        "收入,",
        "value",
        "is too large",
    ),
    Case(
        "csv expr syntax error",
        data_file("csv", hostile.csv_text([("a", "", 1, "", ""), ("b", "", "", "a +* 2", "")])),
        CSV,
        "b,",
        "expr",
        "",
    ),
    Case(
        "csv in GBK",
        data_file("csv", hostile.csv_text([("收入", "", 1, "", "")]).encode("gbk")),
        CSV,
        2,
        "encoding",
        "looks like GBK",
    ),
    Case(
        "csv with a control character",
        data_file("csv", "key,value\n收\x08入,1\n"),
        CSV,
        "收",
        None,
        "U+0008",
    ),
    Case(
        "csv without columns",
        data_file("csv", "名称,数\n收入,1\n"),
        CSV,
        None,
        None,
        "expected columns key",
    ),
    Case(
        "csv amount with an unquoted thousands comma",
        data_file("csv", "key,label,value,unit\n甲,甲项,1,200,元\n"),
        CSV,
        "甲,",
        None,
        "row has 5 cells, the header has 4 (key, label, value, unit); read as: 甲 | 甲项 | 1 | 200 | 元",
    ),
    Case(
        "csv row with more cells than its header",
        data_file("csv", 'key,label,value,unit\n收入,"1,200",1,元\n甲,甲项,1,元,x,y\n'),
        CSV,
        "甲,",
        None,
        "row has 6 cells, the header has 4 (key, label, value, unit)",
    ),
    Case(
        "csv row with fewer cells than its header",
        data_file("csv", "key,label,value,unit\n收入,收入,1,元\n\n甲,1,元\n"),
        CSV,
        "甲,",
        None,
        "row has 3 cells, the header has 4 (key, label, value, unit); read as: 甲 | 1 | 元",
    ),
    Case(
        "csv row short of a named column with a comma",
        data_file("csv", "key,label,value,expr,unit\n收入,收入,100,,元\n甲,甲项,1,\n"),
        CSV,
        "甲,",
        None,
        "row has 4 cells, the header has 5",
    ),
    Case(
        "csv value in a column without a header",
        data_file("csv", "key,,value\n收入,注,1\n"),
        CSV,
        "收入,",
        None,
        "cell 2: a value in a column without a header",
    ),
    Case(
        "xlsx value past the header",
        data_file("xlsx", hostile.workbook([("收入", "收入", 100, None, "元", "备注")])),
        "benxi-2022/附表.xlsx!Sheet1!F2",
        None,
        None,
        "a value in a column without a header",
    ),
    Case(
        "xlsx value under an empty header cell",
        data_file(
            "xlsx", hostile.workbook([("a", 1, None), ("收入", 100, "注")], ("key", "value", ""))
        ),
        "benxi-2022/附表.xlsx!Sheet1!C3",
        None,
        None,
        "a value in a column without a header",
    ),
    Case(
        "hubei workbook with a note past its header",
        hubei_note,
        "hubei-2025/洪山区.xlsx!Sheet1!I5",
        None,
        None,
        "a value in a column without a header",
        scenario="hubei-2025",
    ),
    Case(
        "data file that is text",
        data_file("txt", "key,value\n"),
        "benxi-2022/附表.txt",
        None,
        None,
        "expected a .csv or .xlsx file",
    ),
    Case(
        "missing sheet",
        lambda tree: (
            data_file("xlsx", GOOD_BOOK)(tree),
            edit(tree / BENXI, "附表: {file: 附表.xlsx", "附表: {sheet: 资金, file: 附表.xlsx"),
        ),
        XLSX,
        None,
        None,
        "has no sheet '资金'",
    ),
    Case(
        "hubei workbook that is text",
        replace_file("hubei-2025/洪山区.xlsx", "项次,自评得分\n"),
        "hubei-2025/洪山区.xlsx",
        None,
        None,
        "not a zip archive",
        scenario="hubei-2025",
    ),
    Case(
        "hubei workbook truncated",
        lambda tree: (tree / "hubei-2025/洪山区.xlsx").write_bytes(
            (tree / "hubei-2025/洪山区.xlsx").read_bytes()[:900]
        ),
        "hubei-2025/洪山区.xlsx",
        None,
        None,
        "truncated or damaged",
        scenario="hubei-2025",
    ),
]


# — errors at the place of the mistake (findings, conditions) ————————————————————————


LOCATED_CASES = [
    Case(
        "unknown checkpoint",
        value_at("- point: 考核管理制度", "- point: 考核管理"),
        BENXI,
        "- point: 考核管理",
        "findings.管理制度健全性.failed[0].point",
        "unknown checkpoint 考核管理",
    ),
    Case(
        "unknown tier",
        value_at("tier: 资金拨付及时率为100%", "tier: 及时"),
        BENXI,
        "tier: 及时",
        "findings.资金拨付及时率.tier",
        "unknown tier 及时",
    ),
    Case(
        "expert score above the weight",
        value_at("    score: 7\n", "    score: 9\n"),
        BENXI,
        "score: 9",
        "findings.政策延续性.score",
        "酌情评分9分超出0至7分",
    ),
    Case(
        "negative expert score",
        value_at("    score: 7\n", "    score: -1\n"),
        BENXI,
        "score: -1",
        "findings.政策延续性.score",
        "超出0至7分",
    ),
    Case(
        "expert score below the weight without reason",
        value_at("    score: 7\n", "    score: 5\n"),
        BENXI,
        "  政策延续性:",
        "findings.政策延续性.reason",
        "必须说明理由",
    ),
    Case(
        "a fact the expression decides",
        value_at("facts: {未监控: false}", "facts: {未监控: false, 居民亏损: true}"),
        BENXI,
        "facts: {未监控",
        "findings.成本控制.facts.居民亏损",
        "decided by its `when`",
    ),
    Case(
        "a fact about no condition",
        value_at("facts: {未监控: false}", "facts: {未监控: false, 亏了: true}"),
        BENXI,
        "facts: {未监控",
        "findings.成本控制.facts.亏了",
        "unknown condition 亏了",
    ),
    Case(
        "when naming unknown data",
        value_at("when: 居民大病.盈亏 < 0", "when: 居民大病.盈 < 0", FRAMEWORK),
        FRAMEWORK,
        "居民大病.盈 < 0",
        "indicators[2].children[2].children[0].rule.conditions[0].when",
        "unknown name",
    ),
    Case(
        "when with a syntax error",
        value_at("when: 居民大病.盈亏 < 0", "when: 居民大病.盈亏 <", FRAMEWORK),
        FRAMEWORK,
        "居民大病.盈亏 <}",
        "indicators[2].children[2].children[0].rule.conditions[0].when",
        "",
    ),
    Case(
        "when that is no condition",
        value_at("when: 居民大病.盈亏 < 0", "when: 居民大病.盈亏 + 1", FRAMEWORK),
        FRAMEWORK,
        "居民大病.盈亏 + 1",
        "indicators[2].children[2].children[0].rule.conditions[0].when",
        "not true or false",
    ),
    Case(
        "findings for no indicator",
        value_at("  立项程序规范性:", "  立项程序规范:"),
        BENXI,
        "  立项程序规范:",
        "findings.立项程序规范",
        "did you mean 立项程序规范性",
    ),
    Case(
        "recorded score outside the weight",
        unit_name(
            "minhang-streets-2024/scenario.yaml",
            "履行主体职责: {score: 8}",
            "履行主体职责: {score: 80}",
        ),
        "minhang-streets-2024/scenario.yaml",
        "{score: 80}",
        "scheme.institutions[0].findings.履行主体职责.score",
        "酌情评分80分超出0至8分",
        scenario="minhang-streets-2024",
    ),
    Case(
        "unknown kind",
        value_at("project:\n", "kind: report\nproject:\n"),
        BENXI,
        "kind: report",
        "kind",
        "unknown kind 'report'",
    ),
]


# — files that are not what they claim ——————————————————————————————————————————————


def folder_for_file(file: str) -> Callable[[Path], None]:
    def damage(tree: Path) -> None:
        path = tree / file
        path.unlink()
        path.mkdir()

    return damage


FILE_CASES = [
    Case(
        "scenario.yaml that is a folder",
        folder_for_file(BENXI),
        "benxi-2022/scenario.yaml",
        None,
        None,
        "no scenario.yaml here",
    ),
    Case(
        "framework that is a folder",
        folder_for_file(FRAMEWORK),
        BENXI,
        "framework:",
        "framework",
        "referenced file not found",
    ),
    Case(
        "framework outside the tree",
        value_at("../frameworks/benxi-insurance-contract.yaml", "../../../../etc/passwd"),
        BENXI,
        "framework:",
        "framework",
        "leaves the scenarios tree",
    ),
]

CASES = (
    ID_CASES
    + UNIT_CASES
    + YAML_CASES
    + VALUE_CASES
    + ENCODING_CASES
    + DATA_CASES
    + LOCATED_CASES
    + FILE_CASES
)
