"""`reportgen check` on every scheme: real output for each shipped scenario, and a seeded slip
of each scheme's sample found at its place.

Each scheme's own checks run when it evaluates the scenario; a slip stops the
check with exit 2 and the file, line and field to fix.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
SHIPPED = sorted(p.name for p in SCENARIOS.iterdir() if (p / "scenario.yaml").is_file())


def check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_scenario_is_checked_and_says_so(name: str) -> None:
    code, output = check(str(SCENARIOS / name))
    deliberate = name == "self-evaluation-2025"  # its sample slip, tests/test_self_evaluation.py
    assert code == (1 if deliberate else 0), output
    [line] = [x for x in output.splitlines() if x.startswith("checked ")]
    assert line.startswith(f"checked {SCENARIOS / name / 'scenario.yaml'}") or name in line
    if name != "benxi-2022":
        assert " units: " in line or " unit: " in line


def seeded(tree: Path, file: str, old: str, new: str) -> int:
    """Replace the first `old` in `file` with `new`; the line it is on."""
    path = tree / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


SLIPS = {
    # 考核清算: the ratio bands leave scores from 88 to 90 without a band.
    "tianjin-2024": (
        "tianjin-2024/scenario.yaml",
        "{min: 80, max: 90, ratio: 0.95}",
        "{min: 80, max: 88, ratio: 0.95}",
        "gap: no band covers scores from 88 to 90",
    ),
    # 考核评分表: an item weighs 16 where its children add up to 15.
    "minhang-ltc-2024": (
        "frameworks/minhang-ltc-homecare.yaml",
        "    weight: 15",
        "    weight: 16",
        "children's weights add up to 15, not 16",
    ),
    # 定点评估: an applicant hands in a material the rules file does not know.
    "neimenggu-designation-2025": (
        "neimenggu-designation-2025/scenario.yaml",
        "materials: [申请表, 证照, 身份证, 人员资质, 场所证明, 评估案例]",
        "materials: [申请表, 证照, 身份证, 人员资质, 场所证明, 评估案例, 营业执照副本]",
        "unknown material '营业执照副本'",
    ),
    # 评定表: a county's 自评 gives a 4-point item 40 points.
    "hubei-2025": (
        "hubei-2025/scenario.yaml",
        "            37: {score: 4}",
        "            37: {score: 40}",
        "酌情评分40分超出0至4分的范围",
    ),
}


@pytest.mark.parametrize("name", sorted(SLIPS))
def test_a_seeded_slip_of_each_scheme_is_found_at_its_line(name: str, tree: Path) -> None:
    file, old, new, message = SLIPS[name]
    line = seeded(tree, file, old, new)
    code, output = check(str(tree / name))
    assert code == 2
    [found] = [x for x in output.splitlines() if message in x]
    assert f"{Path(file).name}:{line} " in found or f"{Path(file).name}:{line - 1} " in found


def test_what_a_scheme_could_not_check_is_a_finding(tree: Path) -> None:
    """RG001: an agency without last year's total, so 两年连续 measures cannot be decided."""
    seeded(tree, "tianjin-2024/scenario.yaml", "      previous_total: 93.15\n", "")
    code, output = check(str(tree / "tianjin-2024"))
    assert code == 0
    [finding] = [x for x in output.splitlines() if " RG001 " in x]
    assert "RG001 warning" in finding and "no previous_total" in finding
    assert "考核清算结果通知, 5 units: 1 warning" in output
