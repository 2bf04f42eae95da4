"""scores.json of a designation review: every decision with its reasons, for machines and diffs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from reportgen.schemes.designation_review.decide import Decision


def designation_data(scenario_id: str, decisions: list[Decision]) -> dict[str, Any]:
    return {
        "scenario": scenario_id,
        "kind": "designation_review",
        "applicants": [_applicant(d) for d in decisions],
    }


def _applicant(decision: Decision) -> dict[str, Any]:
    applicant = decision.applicant
    return {
        "name": applicant.name,
        "short_name": applicant.short_name,
        "applied": applicant.applied.isoformat(),
        "decided": decision.date.isoformat(),
        "outcome": decision.outcome,
        "reasons": [
            {"article": r.article, "text": r.text, "found": r.found} for r in decision.reasons
        ],
        "missing_materials": [
            {"article": s.material.article, "material": s.material.text, "problem": s.problem}
            for s in decision.shortfalls
        ],
        "supplement_deadline": _iso(decision.deadline),
        "publicity": [d.isoformat() for d in decision.publicity] if decision.publicity else None,
        "signing_by": _iso(decision.signing_by),
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None
