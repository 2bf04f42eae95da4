"""What a scenario's narrative and its template's sections say about each other.

A key the scenario writes that no section of the template shows is most
likely misspelt (`backgroud`): it is named with the nearest section. A
section the template always shows that the scenario does not write prints
nothing: it is named too. Both are warnings of `build` and `check`
(`check --strict` makes them errors).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Set
from dataclasses import dataclass
from typing import Protocol

from reportgen.scenario.yaml_source import PathKey

NARRATIVE_KEY = "narrative"  # the scenario's field


class Sections(Protocol):
    """What a template shows (`render.sections.Sections`)."""

    @property
    def shown(self) -> Set[str]: ...

    @property
    def required(self) -> Set[str]: ...


@dataclass(frozen=True)
class SectionNote:
    path: PathKey  # where in scenario.yaml it is about
    message: str
    unshown: bool  # a key no section shows (else a section the scenario leaves empty)


def section_notes(narrative: Mapping[str, str], sections: Sections) -> list[SectionNote]:
    notes = []
    for key in narrative:
        if key in sections.shown:
            continue
        close = difflib.get_close_matches(key, sorted(sections.shown), n=1, cutoff=0.6)
        hint = (
            f"; did you mean {close[0]}?"
            if close
            else f"; to add it as a section, write {{{{p md.{key} }}}} in the template"
        )
        message = f"no section of the template shows {NARRATIVE_KEY}.{key}{hint}"
        notes.append(SectionNote((NARRATIVE_KEY, key), message, True))
    empty = [f"md.{k}" for k in sorted(sections.required) if not str(narrative.get(k, "")).strip()]
    if empty:
        shown = empty[0] if len(empty) == 1 else f"{', '.join(empty[:-1])} and {empty[-1]}"
        stays = "that section stays" if len(empty) == 1 else "those sections stay"
        message = f"the template shows {shown}, which {NARRATIVE_KEY} does not write: {stays} empty"
        notes.append(SectionNote((NARRATIVE_KEY,), message, False))
    return notes
