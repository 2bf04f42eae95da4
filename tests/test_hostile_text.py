"""No text is a formula: every workbook reportgen writes keeps typed text as text.

Every shipped scenario is copied with hostile text written into each free-text
field it holds — the project's and the units' names, findings' notes and
reasons, the narrative, problems and recommendations, data labels, the people
and offices named — each a text that begins as a formula would (OWASP: =, +, -,
@, a tab, a carriage return), `=HYPERLINK(…)` and `=cmd|' /C calc'!A0` among
them, marked 〔n〕 to be found again. Every workbook reportgen writes from them
is then read back sheet by sheet: 指标得分表 and 自评表 of each build and
summary.xlsx (batch), scenario.xlsx (convert, and new --xlsx of every scheme).
No cell holds a formula but reportgen's own SUM totals (a scenario workbook
none at all), every text is a string cell, one that Excel would take for a
formula when edited carries quotePrefix, and every injected text reads back as
typed.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import SCENARIOS
from hostile import run
from openpyxl import load_workbook

from reportgen.formula_text import FORMULA_STARTS
from reportgen.render.xlsx import Formula, Sheet, workbook_bytes
from reportgen.schemes.catalogue import known_kinds
from reportgen.workbook.convert import folder_to_workbook, workbook_to_folder
from reportgen.workbook.sheets import read_sheets

HYPERLINK = '=HYPERLINK("http://evil.example","x")'
HOSTILE = (HYPERLINK, "=cmd|' /C calc'!A0", "+3", "-5分", "@SUM(A1:A2)", "\t=1+1", "\r=1+1")
NAME_SAFE = ("=SUM(1+1)", "+3", "-5分", "@SUM(A1)")  # names become file names: no : | " /
TEXT_KEYS = frozenset(
    [
        "note",
        "reason",
        "remark",
        "text",
        "title",
        "label",
        "content",
        "plan",
        "action",
        "explanation",
        "closing",
        "issuer",
        "agency",
        "evaluator",
        "commissioner",
        "evaluated_unit",
        "department",
        "implementer",
        "authority",
    ]
)
NAME_KEYS = frozenset({"name", "short_name"})
MARK = re.compile(r"〔\d+〕")
TOTAL = re.compile(r"SUM\([A-Z]+[0-9]+:[A-Z]+[0-9]+\)")  # render/xlsx.py's column_total
SHIPPED = sorted(p.name for p in SCENARIOS.iterdir() if (p / "scenario.yaml").is_file())


def inject(tree: Path) -> dict[str, str]:
    """Hostile text put before every free-text value of every scenario.yaml under `tree`;
    returns each injected text by its mark."""
    counter, injected, titles = itertools.count(1), {}, {}

    def visit(node: Any, key: str, inside: tuple[str, ...]) -> Any:
        if isinstance(node, dict):
            return {k: visit(v, str(k), (*inside, str(k))) for k, v in node.items()}
        if isinstance(node, list):
            return [visit(v, key, inside) for v in node]
        if not isinstance(node, str):
            return node
        if key == "problems" and node in titles:
            return titles[node]  # a recommendation names its problems by their titles
        if "narrative" in inside or key in TEXT_KEYS or key in NAME_KEYS:
            number = next(counter)
            pool = NAME_SAFE if key in NAME_KEYS else HOSTILE
            mark = f"〔{number}〕"
            injected[mark] = f"{pool[number % len(pool)]}{mark}{node}"
            if key == "title":
                titles[node] = injected[mark]
            return injected[mark]
        return node

    for path in sorted(tree.glob("*/scenario.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = yaml.safe_dump(visit(data, "", ()), allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")
    return injected


@pytest.fixture(scope="module")
def hostile_tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    tree = tmp_path_factory.mktemp("hostile") / "scenarios"
    shutil.copytree(SCENARIOS, tree)
    return tree, inject(tree)


def text_cells(path: Path) -> Iterator[tuple[str, Any]]:
    """(sheet!cell, cell) of every cell of every sheet."""
    book = load_workbook(path)
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield f"{path.name}!{sheet.title}!{cell.coordinate}", cell


def assert_text_is_text(path: Path, injected: dict[str, str], totals: bool) -> int:
    """Every formula of the workbook is a total of reportgen's (none unless `totals`),
    every text a string, quotePrefix where Excel would take it for a formula, and each
    injected text found as typed; returns how many injected texts were found."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                for formula in re.findall(rb"<f>(.*?)</f>", archive.read(name)):
                    assert totals and TOTAL.fullmatch(formula.decode()), (path, name, formula)
    found = 0
    for where, cell in text_cells(path):
        if cell.data_type == "f":
            assert totals and TOTAL.fullmatch(cell.value[1:]), (where, cell.value)
            continue
        if not isinstance(cell.value, str):
            continue
        assert cell.data_type == "s", (where, cell.value)
        if cell.value.startswith(FORMULA_STARTS):
            assert cell.quotePrefix, (where, cell.value)
        for mark in MARK.findall(cell.value):
            typed = injected[mark]
            assert typed[: typed.index(mark) + len(mark)] in cell.value, (where, cell.value)
            found += 1
    return found


@pytest.fixture(scope="module")
def batch_output(hostile_tree: tuple[Path, dict[str, str]], tmp_path_factory) -> Path:
    tree, _ = hostile_tree
    out = tmp_path_factory.mktemp("batch") / "out"
    code, output = run("batch", str(tree), "-o", str(out))
    assert code == 0, output
    return out


def test_the_built_workbooks_hold_no_formula_but_their_totals(
    hostile_tree: tuple[Path, dict[str, str]], batch_output: Path
) -> None:
    _, injected = hostile_tree
    found: dict[str, int] = {}
    for path in sorted(batch_output.rglob("*.xlsx")):
        found[path.name] = found.get(path.name, 0) + assert_text_is_text(path, injected, True)
    assert found.keys() == {"指标得分表.xlsx", "自评表.xlsx", "summary.xlsx"}
    assert all(found.values()), found  # each kind shows some of the injected text


@pytest.mark.parametrize("name", SHIPPED)
def test_a_scenario_workbook_holds_every_text_as_typed(
    name: str, hostile_tree: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """convert: folder to workbook to folder. The workbook reader strips what surrounds a
    cell's text (a leading tab or carriage return too), as it does for every cell."""
    tree, injected = hostile_tree
    workbook = folder_to_workbook(tree / name, tmp_path / "wb" / name)
    assert assert_text_is_text(workbook, injected, totals=False)
    back = workbook_to_folder(workbook, tmp_path / "back" / name).parent
    typed = set(_strings(yaml.safe_load((tree / name / "scenario.yaml").read_text("utf-8"))))
    read = set()
    for path in back.glob("*.yaml"):
        read |= set(_strings(yaml.safe_load(path.read_text(encoding="utf-8"))))
    marked = {text for text in typed if MARK.search(text)}
    assert marked and {text.strip() for text in marked} <= read


def test_a_note_that_is_a_formula_goes_to_a_workbook_and_back_exactly(
    tmp_path: Path,
) -> None:
    tree = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS / "frameworks", tree / "frameworks")
    shutil.copytree(SCENARIOS / "benxi-2022", tree / "benxi-2022")
    scenario = tree / "benxi-2022" / "scenario.yaml"
    data = yaml.safe_load(scenario.read_text(encoding="utf-8"))
    data["findings"]["管理制度健全性"]["failed"][0]["note"] = HYPERLINK
    scenario.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, output = run("convert", str(tree / "benxi-2022"), "-o", str(tmp_path / "wb"))
    assert code == 0, output
    workbook = tmp_path / "wb" / "scenario.xlsx"
    assert b"HYPERLINK" not in b"".join(_formulas(workbook))
    code, output = run("convert", str(workbook), "-o", str(tmp_path / "back"))
    assert code == 0, output
    back = yaml.safe_load((tmp_path / "back" / "scenario.yaml").read_text(encoding="utf-8"))
    assert back["findings"]["管理制度健全性"]["failed"][0]["note"] == HYPERLINK


@pytest.mark.parametrize("kind", known_kinds())
def test_a_new_scenario_workbook_holds_no_formula(kind: str, tmp_path: Path) -> None:
    folder = tmp_path / "=SUM(1+1)"
    code, output = run("new", str(folder), "--scheme", kind, "--xlsx")
    assert code == 0, output
    assert_text_is_text(folder / "scenario.xlsx", {}, totals=False)


def test_the_writer_tells_text_from_numbers_and_formulas() -> None:
    """Typed text stays text however it begins; reportgen's own numbers stay numbers and
    its Formula a formula."""
    texts = [*HOSTILE, "-", "007", "1,2", "95.00分"]
    sheet = Sheet("表", [10.0, 10.0])
    sheet.rows = [[(value, 3), ("", 3)] for value in texts]
    sheet.rows += [[("-5", 3), ("95.00%", 3)], [(Formula("SUM(A1:A2)", "3"), 3), ("1,234.50", 3)]]
    data = workbook_bytes(sheet, "表", dt.datetime(2024, 1, 1))
    book = load_workbook(io.BytesIO(data))
    cells = book.active
    for row, value in enumerate(texts, start=1):
        cell = cells.cell(row, 1)
        assert (cell.value, cell.data_type) == (value, "s")
        assert cell.quotePrefix == value.startswith(FORMULA_STARTS)
    numbers = len(texts) + 1
    assert [cells.cell(numbers, c).value for c in (1, 2)] == [-5, 0.95]
    assert cells.cell(numbers + 1, 1).value == "=SUM(A1:A2)"
    assert cells.cell(numbers + 1, 2).value == 1234.5


def test_the_reader_tells_a_formula_by_its_cell_not_its_text(tmp_path: Path) -> None:
    """A string cell beginning with = is text; a formula cell is a formula (here one Excel
    never calculated, which is an error at its cell)."""
    workbook = folder_to_workbook(SCENARIOS / "benxi-2022", tmp_path / "benxi-2022")
    book = load_workbook(workbook)
    sheet = book["正文"]
    sheet["B2"] = HYPERLINK
    sheet["B2"].data_type = "s"
    book.save(workbook)
    read = read_sheets(workbook)["正文"]
    assert read.rows[0][1]["内容"] == HYPERLINK
    sheet["B3"] = "=1+1"  # a formula, as openpyxl writes one: uncalculated
    book.save(workbook)
    with pytest.raises(Exception, match=r"正文!B3: a formula Excel has not calculated"):
        read_sheets(workbook)


def _formulas(path: Path) -> list[bytes]:
    with zipfile.ZipFile(path) as archive:
        return [
            formula
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
            for formula in re.findall(rb"<f>(.*?)</f>", archive.read(name))
        ]


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)
    elif isinstance(node, str):
        yield node
