"""Importing every scheme module registers it; done on first use, not at start-up."""

from __future__ import annotations

import importlib

SCHEME_MODULES = (
    "reportgen.schemes.performance_report",
    "reportgen.schemes.hubei_rating",
    "reportgen.schemes.assessment_form",
    "reportgen.schemes.settlement",
    "reportgen.schemes.designation_review",
)


def load_schemes() -> None:
    for module in SCHEME_MODULES:
        importlib.import_module(module)
