"""A template renders on a budget: a hostile tag stops plainly, where it stands.

Each hostile tag is written into a Word template with python-docx, as a user
would type it, and rendered through the command line: it ends with exit code
2, no traceback, the template, its part and the text around the tag named,
and nothing written. The budget's edges are then tried with small limits:
exactly at a limit passes, one past fails. No test depends on the machine's
speed: they all stop on a count, the deadline's own tests on a deadline of
nothing or a clock that the test moves.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import docx
import pytest
from jinja2.compiler import CodeGenerator

from reportgen.errors import ReportgenError
from reportgen.render import budget
from reportgen.render.budget import RenderLimits
from reportgen.render.engine import CompiledTemplate, environment
from reportgen.shipped import kinds
from tests.conftest import BENXI, SCENARIOS
from tests.hostile import run, word_document

MOMENT = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
POWER = "{{ 9**(9**9) }}"
NESTED_LOOPS = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
DOUBLED = (
    "{% set ns = namespace(text='ab') %}{% for i in range(64) %}"
    "{% set ns.text = ns.text ~ ns.text %}{% endfor %}{{ ns.text }}"
)
OUTPUT_BOMB = "{% set line = 'x' * 1000000 %}{% for i in range(100000) %}{{ line }}{% endfor %}"
HOSTILE = {
    "a power of a power": (POWER, "a number of 1,228,093,895 bits"),
    "nested loops": (NESTED_LOOPS, "more than 1,000,000 loop steps"),
    "a repeated text": ("{{ 'a'*10**9 }}", "a value of 1,000,000,000 characters"),
    "a padded text": ("{{ 'a'.ljust(10**9) }}", "a value of 1,000,000,000 characters"),
    "a wide format field": ("{{ '{:>999999999}'.format(1) }}", "a value of 999,999,999 characters"),
    "a wide % conversion": ("{{ '%0999999999d' % 1 }}", "a value of 1,000,000,013 characters"),
    "a text doubled in a loop": (DOUBLED, "a value of 1,048,576 characters"),
    "a macro calling itself": (
        "{% macro again() %}{{ again() }}{% endmacro %}{{ again() }}",
        "calls nested too deeply",
    ),
    "a tree of macro calls": (
        "{% macro two(n) %}{% if n %}{{ two(n - 1) }}{{ two(n - 1) }}{% endif %}{% endmacro %}"
        "{{ two(40) }}",
        "more than 100,000 calls",
    ),
    "a big value written many times": (OUTPUT_BOMB, "the document would be over 200,000,000"),
    "a filter's width": ("{{ 'a'|center(999999999) }}", "a value of 999,999,999 characters"),
}


def template_with(folder: Path, *paragraphs: str, name: str = "hostile.docx") -> Path:
    path = folder / name
    path.write_bytes(word_document(*paragraphs))
    return path


def render(template: Path, data: dict[str, Any] | None = None) -> tuple[int, str, Path]:
    data_file = template.parent / "data.json"
    data_file.write_text(json.dumps(data or {}), encoding="utf-8")
    out = template.parent / "out.docx"
    code, output = run("render", str(template), str(data_file), "-o", str(out))
    return code, output, out


def assert_stopped(code: int, output: str, where: str, message: str, near: str) -> None:
    assert code == 2, output
    assert "Traceback" not in output
    assert f"{where} word/document.xml: template stopped: {message}" in output, output
    assert f"(near {near[:40]!r}"[:-1] in output, output  # the tag as Word shows it


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_tag_stops_plainly_where_it_stands(case: str, tmp_path: Path) -> None:
    tag, message = HOSTILE[case]
    code, output, out = render(template_with(tmp_path, "前言", tag))
    assert_stopped(code, output, "hostile.docx", message, tag)
    assert not out.exists()


@pytest.mark.parametrize(
    "tags",
    [
        "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}",
        "{% for i in [1] %}" * 25 + "x" + "{% endfor %}" * 25,
    ],
)
def test_tags_nested_too_deeply_to_compile_are_refused(tags: str, tmp_path: Path) -> None:
    code, output, out = render(template_with(tmp_path, tags))
    assert code == 2, output
    assert "Traceback" not in output and not out.exists()
    assert (
        "hostile.docx word/document.xml: template syntax error: its tags nest too deeply" in output
    )


def test_a_row_loop_over_huge_data_stops(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=1)
    tags = ["{%tr for r in rows %}", "{{ r }}", "{%tr endfor %}"]
    for row, text in zip(table.rows, tags, strict=True):
        row.cells[0].text = text
    document.save(tmp_path / "rows.docx")
    code, output, out = render(tmp_path / "rows.docx", {"rows": [0] * 1_200_000})
    assert code == 2, output
    assert "Traceback" not in output and not out.exists()
    assert "rows.docx word/document.xml: template stopped: more than 1,000,000 loop steps" in output
    assert "(near '{% for r in rows %}{{ r }}')" in output  # the row as docxtpl leaves it


def hostile_report(folder: Path) -> None:
    """The shipped report template with a paragraph of its own: a power of a power."""
    document = docx.Document(kinds()["performance_report"])
    document.add_paragraph(POWER)
    document.save(folder / "performance_report.docx")


def test_a_house_template_with_a_hostile_tag_is_refused_by_build(
    benxi_copy: Path, tmp_path: Path
) -> None:
    house = tmp_path / "house"
    house.mkdir()
    hostile_report(house)
    out = tmp_path / "out"
    code, output = run("build", str(benxi_copy), "-o", str(out), "--templates", str(house))
    assert_stopped(
        code, output, "house/performance_report.docx", "a number of 1,228,093,895", POWER
    )
    assert not (out / "benxi-2022").exists()


def test_a_batch_reports_the_unit_of_a_hostile_house_template_and_builds_the_others(
    tmp_path: Path,
) -> None:
    root = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS / "frameworks", root / "frameworks")
    shutil.copytree(BENXI, root / "city-a")
    shutil.copytree(BENXI, root / "city-b")
    (root / "city-b" / "own").mkdir()
    hostile_report(root / "city-b" / "own")
    scenario = root / "city-b" / "scenario.yaml"
    scenario.write_text("templates: own\n" + scenario.read_text(encoding="utf-8"), "utf-8")
    out = tmp_path / "out"
    code, output = run("batch", str(root), "-o", str(out), "-j", "1")
    assert code == 2, output
    assert "Traceback" not in output
    assert "1 built, 0 unchanged, 1 failed" in output, output
    [error] = [line for line in output.splitlines() if line.startswith("error:")]
    assert "city-b" in error
    assert "own/performance_report.docx word/document.xml: template stopped: a number of" in error
    assert (out / "city-a" / "绩效评价报告.docx").is_file()
    assert not (out / "city-b").exists()


# The budget's edges, with small limits passed in.


def rendered(tmp_path: Path, limits: RenderLimits, *paragraphs: str, **context: Any) -> str:
    """The text of the template's document rendered within `limits`."""
    template = CompiledTemplate.load(template_with(tmp_path, *paragraphs))
    data = template.render(context, title="t", moment=MOMENT, limits=limits)
    (tmp_path / "out.docx").write_bytes(data)
    return "\n".join(p.text for p in docx.Document(tmp_path / "out.docx").paragraphs)


def refusal(tmp_path: Path, limits: RenderLimits, *paragraphs: str, **context: Any) -> str:
    with pytest.raises(ReportgenError) as raised:
        rendered(tmp_path, limits, *paragraphs, **context)
    [problem] = raised.value.problems
    assert problem.field == "word/document.xml"
    return problem.message


LOOPS = "{% for row in rows %}{% for cell in row %}{{ cell }}{% endfor %}{% endfor %}"


def test_loop_steps_at_the_limit_pass_and_one_more_fails(tmp_path: Path) -> None:
    rows = [[1, 2], [3, 4]]  # 2 outer and 4 inner iterations
    assert rendered(tmp_path, RenderLimits(steps=6), LOOPS, rows=rows) == "1234"
    message = refusal(tmp_path, RenderLimits(steps=5), LOOPS, rows=rows)
    assert message.startswith("template stopped: more than 5 loop steps (near '{% for row")


def test_docxtpl_loops_and_recursive_loops_count_their_steps(tmp_path: Path) -> None:
    paragraphs = ("{%p for i in items %}", "{{ i }}", "{%p endfor %}")
    assert rendered(tmp_path, RenderLimits(steps=3), *paragraphs, items="abc") == "a\nb\nc"
    assert "more than 2 loop steps" in refusal(
        tmp_path, RenderLimits(steps=2), *paragraphs, items="abc"
    )
    tree = [{"n": 1, "children": [{"n": 2, "children": []}, {"n": 3, "children": []}]}]
    walk = "{% for x in tree recursive %}{{ x.n }}{{ loop(x.children) }}{% endfor %}"
    assert rendered(tmp_path, RenderLimits(steps=3), walk, tree=tree) == "123"
    assert "more than 2 loop steps" in refusal(tmp_path, RenderLimits(steps=2), walk, tree=tree)


def test_a_counted_loop_keeps_its_length_its_last_and_its_else(tmp_path: Path) -> None:
    tags = (
        "{% for i in items %}{{ i }}{% if loop.last %}/{{ loop.length }}{% endif %}"
        "{% else %}none{% endfor %}"
    )
    assert rendered(tmp_path, RenderLimits(), tags, items=[1, 2, 3]) == "123/3"
    assert rendered(tmp_path, RenderLimits(), tags, items=[]) == "none"
    lazy = "{% for i in items|select('odd') %}{{ loop.index }}/{{ loop.length }} {% endfor %}"
    assert rendered(tmp_path, RenderLimits(), lazy, items=[1, 2, 3]) == "1/2 2/2 "


def test_loops_are_counted_by_jinjas_own_code_generator() -> None:
    env = environment()
    env.code_generator_class = CodeGenerator  # as where writing.available() is false
    template = env.from_string("{% for i in range(3) %}{{ loop.index }}{% endfor %}")
    with budget.spending(RenderLimits(steps=3)):
        assert budget.rendered(template, {}) == "123"
    with budget.spending(RenderLimits(steps=2)), pytest.raises(budget.OverBudget):
        budget.rendered(template, {})


def test_calls_at_the_limit_pass_and_one_more_fails(tmp_path: Path) -> None:
    tags = "{% macro m() %}m{% endmacro %}{% for i in range(3) %}{{ m() }}{% endfor %}"
    assert rendered(tmp_path, RenderLimits(calls=4), tags) == "mmm"  # range() is a call too
    assert "more than 3 calls" in refusal(tmp_path, RenderLimits(calls=3), tags)


def test_output_at_the_limit_passes_and_one_more_character_fails() -> None:
    template = environment().from_string("{% for i in range(10) %}abc{% endfor %}")
    with budget.spending(RenderLimits(output_chars=30)):
        assert budget.rendered(template, {}) == "abc" * 10
    with budget.spending(RenderLimits(output_chars=29)), pytest.raises(budget.OverBudget):
        budget.rendered(template, {})


@pytest.mark.parametrize(
    ("tag", "limit"),
    [
        ("{{ 'ab' * 5 }}", 10),
        ("{{ 'ab' + 'cdefghij' }}", 10),
        ("{{ 'ab' ~ 'cdefghij' }}", 10),
        ("{{ 'ab'.ljust(10) }}", 10),
        ("{{ '{:>10}'.format('ab') }}", 10),
        ("{{ '%10s' % 'ab' }}", 16),  # estimated: the template, the width, the widest argument
        ("{{ 'ab'|center(10) }}", 10),
        ("{{ ['abcde', 'fghij']|join }}", 10),
        ("{{ 'a,b'.replace(',', '12345678') }}", 10),
        ("{% set x %}abcde{{ 'fghij' }}{% endset %}{{ x }}", 10),
        ("{{ (range(10)|list)|length }}", 10),
    ],
)
def test_a_value_at_the_limit_passes_and_one_more_fails(
    tag: str, limit: int, tmp_path: Path
) -> None:
    assert rendered(tmp_path, RenderLimits(value_size=limit), tag)
    message = refusal(tmp_path, RenderLimits(value_size=limit - 1), tag)
    assert f"over the limit of {limit - 1}" in message, message


@pytest.mark.parametrize(("tag", "bits"), [("{{ 2 ** 4095 }}", 4096), ("{{ 2**63 * 2**64 }}", 129)])
def test_an_integer_at_the_limit_passes_and_one_more_bit_fails(
    tag: str, bits: int, tmp_path: Path
) -> None:
    assert rendered(tmp_path, RenderLimits(integer_bits=bits), tag)
    message = refusal(tmp_path, RenderLimits(integer_bits=bits - 1), tag)
    assert f"a number of {bits:,} bits, over the limit of {bits - 1:,}" in message


def test_a_render_past_its_deadline_stops(tmp_path: Path) -> None:
    tags = "{% for i in range(5000) %}{% endfor %}"
    assert rendered(tmp_path, RenderLimits(), tags) == ""
    message = refusal(tmp_path, RenderLimits(seconds=0), tags)
    assert message.startswith("template stopped: still rendering after 0 s (near '{% for i")


def test_the_deadline_is_looked_at_every_thousand_steps_on_the_given_clock() -> None:
    now = [0.0]
    spent = budget.Budget(RenderLimits(seconds=10), clock=lambda: now[0])
    now[0] = 10.0  # the deadline, from the first step on
    for _ in range(budget.CLOCK_EVERY):
        spent.step()  # the clock is not looked at on every step
    with pytest.raises(budget.OverBudget, match="still rendering after 10 s"):
        spent.step()


class Exhausting:
    """A value that takes all the memory there is to write."""

    def __str__(self) -> str:
        raise MemoryError


def test_memory_running_out_is_refused_where_the_tag_stands(tmp_path: Path) -> None:
    message = refusal(tmp_path, RenderLimits(), "前言", "值：{{ value }}", value=Exhausting())
    assert message == "template stopped: out of memory (near '值：{{ value }}')"
