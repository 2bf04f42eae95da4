"""Properties that hold for any indicator tree and any findings."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.api import score
from reportgen.numbers import percent, round_half_up
from reportgen.scoring.grades import grade_for
from reportgen.scoring.tree import ScoredNode

GRADE_ORDER = ["差", "中", "良", "优"]


@st.composite
def leaf(draw, name: str) -> tuple[dict, dict, int]:
    """A leaf indicator with a random rule, its findings and its weight."""
    weight = draw(st.integers(1, 12))
    kind = draw(st.sampled_from(["deduct_per_item", "checkpoints", "judgement"]))
    if kind == "deduct_per_item":
        rule = {"type": kind, "per_item": draw(st.sampled_from([0.2, 1, 2, 3]))}
        findings = {"items": [f"问题{i}" for i in range(draw(st.integers(0, 8)))]}
    elif kind == "checkpoints":
        points = draw(st.lists(st.integers(1, 6), min_size=1, max_size=4))
        rule = {
            "type": kind,
            "points": [
                {"id": f"P{i}", "text": f"要点{i}", "points": p} for i, p in enumerate(points)
            ],
        }
        failed = draw(st.sets(st.integers(0, len(points) - 1)))
        findings = {"failed": [{"point": f"P{i}"} for i in sorted(failed)]}
    else:
        given_score = draw(st.integers(0, weight))
        rule = {"type": kind}
        findings = {"score": given_score, "reason": "酌情扣分" if given_score < weight else ""}
    if draw(st.booleans()) and draw(st.booleans()):
        findings["evidence"] = False
    return {"name": name, "weight": weight, "rule": rule}, findings, weight


@st.composite
def scenario_files(draw) -> tuple[dict, dict]:
    indicators, findings, counter = [], {}, 0
    for top in range(draw(st.integers(1, 4))):
        groups = []
        for _ in range(draw(st.integers(1, 3))):
            leaves = []
            for _ in range(draw(st.integers(1, 3))):
                counter += 1
                node, found, _ = draw(leaf(f"指标{counter}"))
                leaves.append(node)
                findings[node["name"]] = found
            weight = sum(n["weight"] for n in leaves)
            groups.append({"name": f"二级{counter}", "weight": weight, "children": leaves})
        indicators.append(
            {"name": f"一级{top}", "weight": sum(g["weight"] for g in groups), "children": groups}
        )
    scale = sum(i["weight"] for i in indicators)
    framework = {"name": "随机指标体系", "scale": scale, "indicators": indicators}
    scenario = {
        "project": {"name": "随机项目"},
        "framework": "../frameworks/random.yaml",
        "findings": findings,
    }
    return framework, scenario


def score_files(framework: dict, scenario: dict):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "frameworks").mkdir()
        (root / "frameworks" / "random.yaml").write_text(
            yaml.safe_dump(framework, allow_unicode=True), encoding="utf-8"
        )
        (root / "case").mkdir()
        (root / "case" / "scenario.yaml").write_text(
            yaml.safe_dump(scenario, allow_unicode=True), encoding="utf-8"
        )
        return score(root / "case")


def check_node(node: ScoredNode) -> None:
    assert Decimal(0) <= node.score <= node.weight
    if node.children:
        assert node.score == sum(c.score for c in node.children)
        for child in node.children:
            check_node(child)
    elif node.score < node.weight:
        assert node.reasons, f"{node.name} lost points without a reason"


@settings(max_examples=60, deadline=None)
@given(scenario_files())
def test_scores_in_bounds_and_parents_sum_their_children(files: tuple[dict, dict]) -> None:
    report = score_files(*files)
    for node in report.indicators:
        check_node(node)
    assert report.total == sum(n.score for n in report.indicators)
    assert report.rate == percent(report.total, report.scale)


@given(st.decimals(0, 100, places=2), st.decimals(0, 100, places=2))
def test_grade_is_monotone_in_score(a: Decimal, b: Decimal) -> None:
    low, high = sorted((a, b))
    assert GRADE_ORDER.index(grade_for(low)) <= GRADE_ORDER.index(grade_for(high))


@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_percent_rounds_half_up(part: int, whole: int) -> None:
    exact = Decimal(part) * 100 / Decimal(whole)
    assert percent(Decimal(part), Decimal(whole)) == round_half_up(exact, 2)
    assert abs(percent(Decimal(part), Decimal(whole)) - exact) <= Decimal("0.005")


def test_half_up_not_bankers() -> None:
    assert percent(Decimal(29), Decimal(32)) == Decimal("90.63")
    assert round_half_up(Decimal("2.5"), 0) == 3
