"""scores.json of a Hubei 评定: the ranking, every city's roll-up and every unit's items."""

from __future__ import annotations

from typing import Any

from reportgen.schemes.hubei_rating.inputs import PROVINCIAL, SELF
from reportgen.schemes.hubei_rating.params import HubeiParams
from reportgen.schemes.hubei_rating.ranking import CityResult
from reportgen.schemes.hubei_rating.rating import UnitScore
from reportgen.scoring.export import number


def rating_data(
    scenario_id: str, year: int, params: HubeiParams, results: list[CityResult]
) -> dict[str, Any]:
    return {
        "id": scenario_id,
        "year": year,
        "weights": {
            "self_assessment": number(params.self_weight),
            "provincial": number(params.provincial_weight),
            "counties": number(params.counties_share),
            "city_level": number(1 - params.counties_share),
        },
        "bottom_count": params.bottom_count,
        "cities": [_city(result) for result in results],
    }


def _city(result: CityResult) -> dict[str, Any]:
    city = result.city
    counties = city.counties_mean
    return {
        "name": city.spec.name,
        "rank": result.rank,
        "tied": result.tied,
        "score": number(city.score),
        "counties_mean": None if counties is None else number(counties),
        "previous_rank": city.spec.previous_rank,
        "bottom_this_year": result.bottom_now,
        "bottom_last_year": result.bottom_before,
        "summoned": result.summoned,
        "level": _unit(city.level),
        "counties": [_unit(unit) for unit in city.counties],
    }


def _unit(unit: UnitScore) -> dict[str, Any]:
    items = []
    for leaf in unit.report.leaves():
        item: dict[str, Any] = {"item": leaf.key, "name": leaf.name, "weight": number(leaf.weight)}
        if leaf.kind == "scored":
            item["self_assessment"] = number(leaf.by_assessor[SELF])
            item["provincial"] = number(leaf.by_assessor[PROVINCIAL])
            item["not_deducted_again"] = unit.not_again.get(leaf.key, [])
        elif leaf.key in unit.claimed:
            item["claimed"] = number(unit.claimed[leaf.key])
        item["score"] = number(leaf.score)
        item["reasons"] = list(leaf.reasons)
        items.append(item)
    return {
        "name": unit.spec.name,
        "self_assessment": number(unit.by(SELF)),
        "provincial": number(unit.by(PROVINCIAL)),
        "weighted": number(unit.weighted),
        "special": number(unit.special),
        "total": number(unit.total),
        "items": items,
    }
