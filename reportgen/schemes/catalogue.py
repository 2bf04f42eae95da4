"""Which module implements each scenario kind; a scheme is imported only when a scenario needs it.

Importing a scheme module registers it. A build of one Benxi report should not
pay for importing the Hubei, Minhang, Tianjin and Inner Mongolia schemes too.
"""

from __future__ import annotations

import importlib

from reportgen.schemes import SCHEMES, Scheme

SCHEME_MODULES = {
    "performance_report": "reportgen.schemes.performance_report",
    "hubei_rating": "reportgen.schemes.hubei_rating",
    "assessment_form": "reportgen.schemes.assessment_form",
    "settlement": "reportgen.schemes.settlement",
    "designation_review": "reportgen.schemes.designation_review",
    "self_evaluation": "reportgen.schemes.self_evaluation",
}


def known_kinds() -> list[str]:
    return sorted(SCHEME_MODULES)


def unknown_kind(kind: object) -> str | None:
    """What is wrong with `kind` when it names no scheme, else None."""
    if kind in SCHEME_MODULES:
        return None
    return f"unknown kind {kind!r}; known kinds: {', '.join(known_kinds())}"


def scheme_for(kind: str) -> Scheme:
    """The registered scheme of `kind` (which must be one of known_kinds())."""
    if kind not in SCHEMES:
        importlib.import_module(SCHEME_MODULES[kind])
    return SCHEMES[kind]


def load_schemes() -> None:
    """Every scheme registered (for listings that show them all)."""
    for kind in SCHEME_MODULES:
        scheme_for(kind)
