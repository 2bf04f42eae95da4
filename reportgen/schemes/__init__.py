"""The scenario kinds, by the `kind:` a scenario.yaml declares."""

from __future__ import annotations

from reportgen.schemes.base import Scheme, SchemeOutput, UnitSummary

SCHEMES: dict[str, Scheme] = {}


def register(scheme: Scheme) -> Scheme:
    if scheme.kind in SCHEMES:
        raise ValueError(f"scheme {scheme.kind!r} is registered twice")
    SCHEMES[scheme.kind] = scheme
    return scheme


__all__ = ["SCHEMES", "Scheme", "SchemeOutput", "UnitSummary", "register"]
