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


def test_a_picture_named_in_the_data_is_placed(tmp_path: Path) -> None:
    from tests.test_docxtpl_compat import chart_png

    document = docx.Document()
    document.add_paragraph("{{ chart }}")
    document.save(tmp_path / "chart.docx")
    (tmp_path / "charts").mkdir()
    (tmp_path / "charts" / "scores.png").write_bytes(chart_png(200, 100))
    data = tmp_path / "data.yaml"
    data.write_text("chart: {image: charts/scores.png, width_mm: 50}\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["render", str(tmp_path / "chart.docx"), str(data), "-o", str(tmp_path / "o.docx")]
    )
    assert result.exit_code == 0, result.output
    [shape] = docx.Document(tmp_path / "o.docx").inline_shapes
    assert shape.width == 50 * 36000 and shape.height == 25 * 36000


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("{image: ../outside.png}", "'../outside.png' leaves the data file's folder"),
        ("{image: missing.png}", "referenced file not found"),
        ("{image: data.yaml}", "not a picture Word can show"),
        ("{image: 3}", "expected the path of a picture"),
        ("{image: ok.png, width_mm: -4}", "width_mm: expected millimetres"),
    ],
)
def test_a_bad_picture_is_named(spec: str, message: str, tmp_path: Path) -> None:
    from tests.test_docxtpl_compat import chart_png

    document = docx.Document()
    document.add_paragraph("{{ chart }}")
    document.save(tmp_path / "chart.docx")
    (tmp_path / "outside.png").write_bytes(chart_png())
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "ok.png").write_bytes(chart_png())
    data = folder / "data.yaml"
    data.write_text(f"chart: {spec}\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["render", str(tmp_path / "chart.docx"), str(data), "-o", str(tmp_path / "o.docx")]
    )
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "o.docx").exists()
