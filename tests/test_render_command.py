"""`reportgen render TEMPLATE DATA -o OUT`: a docxtpl template filled with JSON or YAML data."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import hostile
import pytest
from click.testing import CliRunner

from reportgen.cli import main
from tests.docx_reading import vmerge

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "vmerge.docx"
ROWS = [
    {"dimension": "决策", "group": "项目立项", "name": "立项依据充分性", "weight": 3, "score": 3},
    {"dimension": "决策", "group": "项目立项", "name": "立项程序规范性", "weight": 3, "score": 2.5},
    {"dimension": "过程", "group": "项目立项", "name": "预算执行率", "weight": 5, "score": 4.25},
]
YAML = """rows:
  - {dimension: 决策, group: 项目立项, name: 立项依据充分性, weight: 3, score: 3}
  - {dimension: 决策, group: 项目立项, name: 立项程序规范性, weight: 3, score: 2.5}
  - {dimension: 过程, group: 项目立项, name: 预算执行率, weight: 5, score: 4.25}
"""


def render(tmp_path: Path, data: Path) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["render", str(EXAMPLE), str(data), "-o", str(tmp_path / "out.docx")]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.mark.parametrize("kind", ["json", "yaml"])
def test_a_template_is_filled_with_data(kind: str, tmp_path: Path) -> None:
    data = tmp_path / f"data.{kind}"
    data.write_text(json.dumps({"rows": ROWS}) if kind == "json" else YAML, encoding="utf-8")
    code, output = render(tmp_path, data)
    assert code == 0, output
    (table,) = docx.Document(tmp_path / "out.docx").tables
    assert [row.cells[2].text for row in table.rows[1:]] == [r["name"] for r in ROWS]
    assert [row.cells[4].text for row in table.rows[1:]] == ["3.00", "2.50", "4.25"]
    assert vmerge(table, 0)[1:] == ["restart", "continue", "restart"]
    assert vmerge(table, 1)[1:] == ["restart", "continue", "restart"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("data.json", '{"rows": [', ":1: not valid JSON"),
        ("data.json", "[" * 5000 + "]" * 5000, "nested more than 64 levels deep"),
        ("data.json", "[1, 2]", "expected a mapping"),
        ("data.yaml", hostile.billion_laughs(), "more than 250,000 values"),
        ("data.yaml", "other: 1\n", "undefined variable: 'rows' is undefined"),
        ("data.txt", "x", "expected a .json, .yaml or .yml file"),
        ("data.json", '{"rows": [{"dimension": 1}]}', "undefined variable"),
    ],
)
def test_bad_data_ends_plainly(name: str, content: str, message: str, tmp_path: Path) -> None:
    data = tmp_path / name
    data.write_text(content, encoding="utf-8")
    code, output = render(tmp_path, data)
    assert code == 2, output
    assert "Traceback" not in output
    assert message in output, output
    assert not (tmp_path / "out.docx").exists()
