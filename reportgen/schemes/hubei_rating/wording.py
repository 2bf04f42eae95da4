"""Phrases the 评定表 and the 通报 share, so the two say the same thing the same way."""

from __future__ import annotations

from decimal import Decimal

from reportgen.numbers import plain
from reportgen.schemes.hubei_rating.params import CitySpec, HubeiParams

SHORT = "《建设规范》"
PROCEDURE = "实施程序"
RESULTS = "评定结果"
NOT_AGAIN = "同一情况自评已按标准扣分，省级评定不再扣减"


def share(weight: Decimal) -> str:
    """0.4 → 40%."""
    return f"{plain(weight * 100)}%"


def signed(value: Decimal) -> str:
    """A 特殊因素 score as the form writes it: +3, −2, 0."""
    if value > 0:
        return f"+{plain(value)}"
    if value < 0:
        return f"−{plain(-value)}"
    return "0"


def unit_formula(params: HubeiParams) -> str:
    return (
        f"评定得分＝自评得分×{share(params.self_weight)}＋省级评定得分×"
        f"{share(params.provincial_weight)}＋特殊因素加减分"
    )


def city_formula(params: HubeiParams) -> str:
    counties = params.counties_share
    return (
        f"市（州）综合得分＝所辖县（市、区）评定得分平均值×{share(counties)}＋"
        f"市州本级评定得分×{share(1 - counties)}"
    )


def agency(city: CitySpec, unit_agency: str, unit_name: str, is_level: bool) -> str:
    """评定单位: as written, or the 医疗保障局 of the city or county."""
    if unit_agency:
        return unit_agency
    if is_level:
        return city.agency or f"{city.name}医疗保障局"
    return f"{unit_name}医疗保障局"


def not_again_reason(situations: list[str]) -> str:
    return f"省级评定：{'；'.join(situations)}，{NOT_AGAIN}"


def claim_reason(claimed: Decimal, verified: Decimal) -> str:
    """A 特殊因素 whose verification changed what the unit claimed."""
    return f"自评申报{signed(claimed)}分，省级核验认定{signed(verified)}分"
