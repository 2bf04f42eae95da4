"""Tianjin 考核清算 (seed 000): three assessors weighted, the fee settled by score, measures.

The figures below are worked out by hand from scenarios/tianjin-2024: each agency's
total is 20 % of its own score + 30 % of the district sub-centre's + 50 % of the city
centre's, plus its bonus and penalty items; the fee is multiplied by the ratio of the
band the total falls in, to the 分, half-up, and fund losses come off it.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.build import BuildResult, produce
from reportgen.cli import main
from reportgen.schemes.settlement.params import Band, MeasureSpec
from reportgen.schemes.settlement.settle import measure_for, settle
from tests.conftest import SCENARIOS
from tests.docx_reading import full_text, open_document, rows

TIANJIN = SCENARIOS / "tianjin-2024"
NOTICE = "考核清算结果通知.docx"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return produce(TIANJIN, tmp_path_factory.mktemp("tianjin"))


@pytest.fixture(scope="module")
def agencies(built: BuildResult) -> dict[str, dict]:
    data = json.loads((built.directory / "scores.json").read_text(encoding="utf-8"))
    return {a["short_name"]: a for a in data["agencies"]}


def _tianjin_copy(tmp_path: Path) -> Path:
    tree = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS / "frameworks", tree / "frameworks")
    shutil.copytree(TIANJIN, tree / "tianjin-2024")
    return tree / "tianjin-2024"


def test_total_is_the_weighted_mean_of_the_three_assessors(agencies: dict[str, dict]) -> None:
    # 100 × 0.2 + 98 × 0.3 + 95 × 0.5 = 96.90
    renshou = agencies["中国人寿"]
    assert list(renshou["by_assessor"].values()) == [100, 98, 95]
    assert renshou["total"] == 96.9
    # 88 × 0.2 + 70.5 × 0.3 + 62 × 0.5 = 69.75
    assert agencies["太保寿险"]["total"] == 69.75


def test_bonus_and_penalty_items_come_after_the_weighting(agencies: dict[str, dict]) -> None:
    # 98 × 0.2 + 91.5 × 0.3 + 87.5 × 0.5 = 90.80, then −5 once, not weighted
    taiping = agencies["太平养老"]
    assert (taiping["weighted"], taiping["adjustment"], taiping["total"]) == (90.8, -5, 85.8)


def test_fee_is_settled_by_band_to_the_fen_and_less_fund_losses(
    agencies: dict[str, dict],
) -> None:
    # 3,652,537.50 × 95 % = 3,469,910.625 → 3,469,910.63 (half-up)
    assert agencies["人保健康"]["settlement"]["paid"] == "3469910.63"
    taiping = agencies["太平养老"]["settlement"]
    assert (taiping["ratio"], taiping["due"], taiping["deducted"], taiping["paid"]) == (
        0.95,
        "2962860.00",
        "86420.50",
        "2876439.50",
    )
    assert agencies["太保寿险"]["settlement"]["ratio"] == 0.8


def test_weak_results_trigger_the_measures_of_article_20(agencies: dict[str, dict]) -> None:
    assert {name: a["measure"] for name, a in agencies.items()} == {
        "中国人寿": "",
        "人保健康": "",
        "太平养老": "",
        "泰康养老": "约谈",
        "太保寿险": "限期整改",
    }


def test_notice_tables_show_ranks_measures_and_the_settlement(built: BuildResult) -> None:
    document = open_document(built.directory / NOTICE)
    results, settlement = document.tables
    assert [r[0] for r in rows(results)[1:]] == ["1", "2", "3", "4", "5"]
    assert rows(results)[4][-1] == "约谈"
    assert rows(results)[5][-1] == "限期整改"
    assert rows(settlement)[-1] == [
        "合计",
        "15,895,937.50",
        "—",
        "—",
        "86,420.50",
        "14,799,730.13",
    ]
    text = full_text(document)
    assert "核减基金损失86,420.50元，实际清算金额2,876,439.50元" in text
    assert "示例数据" in text


def test_every_lost_point_has_its_reason_on_the_form(built: BuildResult) -> None:
    form = full_text(open_document(built.directory / "考核评分表-中国人寿.docx"))
    assert "市级综合服务中心：存在1处不符合：公文管理制度规定的收发文登记未按月归档，扣1分" in (
        form.replace("\n", "")
    )
    assert "96.90" in form


def test_settlement_never_pays_less_than_nothing() -> None:
    bands = [Band(min=Decimal(0), ratio=Decimal("0.6"))]
    result = settle(Decimal("1000.00"), Decimal(50), bands, Decimal("900.00"))
    assert (result.due, result.deducted, result.paid, result.uncovered) == (
        Decimal("600.00"),
        Decimal("600.00"),
        Decimal("0.00"),
        Decimal("300.00"),
    )


def test_two_weak_years_running_terminate_the_agreement() -> None:
    measures = [
        MeasureSpec(name="约谈", below=Decimal(80), action="约谈"),
        MeasureSpec(
            name="解除协议", below=Decimal(60), repeat_below=Decimal(70), action="终止协议"
        ),
    ]
    once = measure_for(Decimal(65), Decimal(85), measures)
    twice = measure_for(Decimal(65), Decimal(68), measures)
    assert once is not None and once.spec.name == "约谈"
    assert twice is not None and (twice.spec.name, twice.repeated) == ("解除协议", True)


def test_assessor_weights_must_add_up_to_one(tmp_path: Path) -> None:
    scenario = _tianjin_copy(tmp_path)
    path = scenario / "scenario.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("weight: 0.5}", "weight: 0.6}"), encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["build", str(scenario), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "scenario.yaml:" in result.output
    assert "assessor weights add up to 1.1 (0.2 + 0.3 + 0.6), not 1" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_refused_finding_is_located_at_its_agency_and_assessor(tmp_path: Path) -> None:
    scenario = _tianjin_copy(tmp_path)
    path = scenario / "scenario.yaml"
    text = path.read_text(encoding="utf-8")
    line = text[: text.index("组织管理和综合指标: {score: 3}")].count("\n") + 1
    path.write_text(
        text.replace("组织管理和综合指标: {score: 3}", "组织管理和综合指标: {score: 30}", 1),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["build", str(scenario), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert (
        f"scenario.yaml:{line} scheme.agencies[0].assessments.自评.组织管理和综合指标.score: "
        "酌情评分30分超出0至3分的范围"
    ) in result.output
