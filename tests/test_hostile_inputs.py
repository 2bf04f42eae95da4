"""The bad-input suite: every hostile or broken input ends plainly and leaves the output alone.

Each case (`hostile_cases`) takes a copy of the shipped scenarios, builds one
of them into OUT (the previous output a reviewer still has), damages an input
as it arrives from the field, runs the command, and asserts: exit code 2, no
traceback, the message's file and line (or sheet!cell) and field, nothing
written anywhere but OUT, and OUT byte for byte as it was.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hostile import edit, run, snapshot
from hostile_cases import BENXI, CASES, FRAMEWORK, Case, data_file, expected
from test_hostile_files import DRAFT_CASES, OUTPUT_CASES, TEMPLATE_CASES

from reportgen.scenario.sheets import read_sheet


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_hostile_input_ends_plainly(
    case: Case, tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tree)
    out = tree.parent / "out"
    code, output = run("build", case.scenario, "-o", str(out))
    assert code == 0, output
    before = snapshot(tree.parent, tree)
    case.damage(tree)
    code, output = run(case.command, case.scenario, "-o", str(out))
    assert code == 2, output
    assert "Traceback" not in output
    assert expected(case, tree).search(output), output
    assert snapshot(tree.parent, tree) == before


def test_the_suite_has_its_size() -> None:
    assert len(CASES) + len(OUTPUT_CASES) + len(DRAFT_CASES) + len(TEMPLATE_CASES) >= 120


def test_a_utf8_byte_order_mark_is_simply_accepted(tree: Path) -> None:
    path = tree / BENXI
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    code, output = run("score", str(tree / "benxi-2022"))
    assert code == 0, output
    assert "95.00" in output


def test_a_csv_as_excel_writes_it_is_read_as_typed(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Excel pads rows with empty cells (`a,b,,`), a quoted "1,200" is one cell, and blank
    lines are skipped: the table builds, every value where it was typed."""
    monkeypatch.chdir(tree)
    padded = (
        "key,label,value,unit,,\n"
        '收入,"收入,含利息","1,200",元,,\n'
        "\n"
        "支出,支出,800,元\n"
        ",,,,,\n"
        "结余,结余,400,元,,,\n"
    )
    data_file("csv", padded)(tree)
    assert run("build", "benxi-2022", "-o", "out")[0] == 0
    rows = read_sheet(tree / "benxi-2022" / "附表.csv").rows
    assert [(line, cells["label"], cells["value"]) for line, cells in rows] == [
        (2, "收入,含利息", "1,200"),
        (4, "支出", "800"),
        (6, "结余", "400"),
    ]


READ_CASES = [
    c
    for c in CASES
    if c.scenario == "benxi-2022"
    and c.name not in ("unknown kind", "scenario.yaml that is a folder")
]


@pytest.mark.parametrize("command", ["score", "check"])
@pytest.mark.parametrize("case", READ_CASES, ids=[c.name for c in READ_CASES])
def test_every_command_reads_a_hostile_input_plainly(
    case: Case, command: str, tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tree)
    case.damage(tree)
    code, output = run(command, case.scenario)
    assert code == 2, output
    assert "Traceback" not in output
    assert expected(case, tree).search(output), output


def test_every_problem_is_reported_in_one_run(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A weight typo in the framework, two findings typos and an unknown key: four messages."""
    monkeypatch.chdir(tree)
    edit(tree / FRAMEWORK, "weight: 7\n", "weight: 8\n")
    edit(tree / BENXI, "  立项程序规范性:", "  立项程序规范:")
    edit(tree / BENXI, "  采购信息公开:", "  采购信息公示:")
    edit(tree / BENXI, "  short_name:", "  shortname:")
    code, output = run("build", "benxi-2022", "-o", "out")
    assert code == 2, output
    assert len(output.strip().splitlines()) == 4, output
    for pattern in (
        rf"{FRAMEWORK}:\d+ indicators\[2\]\.children\[2\]\.weight: 成本指标: children's weights add up to 14, not 13",
        rf"{BENXI}:\d+ findings\.立项程序规范: no leaf indicator",
        rf"{BENXI}:\d+ findings\.采购信息公示: no leaf indicator",
        rf"{BENXI}:4 project\.shortname: unknown key 'shortname'",
    ):
        assert re.search(pattern, output), (pattern, output)
    assert not (tree / "out").exists()
