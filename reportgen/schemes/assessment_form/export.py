"""scores.json of a 考核评分表 scenario: every institution's scored tree, scale and caps."""

from __future__ import annotations

from typing import Any

from reportgen.schemes.assessment_form.institutions import InstitutionScore
from reportgen.scoring.export import number, report_data


def assessment_data(
    scenario_id: str, year: int, standard: str, results: list[InstitutionScore]
) -> dict[str, Any]:
    return {
        "id": scenario_id,
        "year": year,
        "standard": standard,
        "institutions": [_institution(result) for result in results],
    }


def _institution(result: InstitutionScore) -> dict[str, Any]:
    institution = result.institution
    report = report_data(result.report)
    report.pop("id")
    report.pop("name")
    report.pop("grade")  # the Minhang standards grade nothing; the rate compares scales
    return {
        "name": institution.name,
        "short_name": institution.label,
        "type": institution.type,
        "region": institution.region,
        "total_cap": None if result.cap is None else number(result.cap),
        "not_assessed": [i.key for i in result.excluded],
        **report,
    }
