"""The scenario's narrative against the sections its template shows.

- RG901 (warning): a `narrative` key that no section of the template shows —
  most often a misspelt one (`backgroud`), named with the nearest section.
- RG902 (warning): a section the template always shows (`{{p md.KEY }}`, not
  guarded by `{%p if md.KEY %}`) that the scenario does not write.

The sections are those of the template the build would use, which the
caller reads (`check_scenario(..., sections_of=…)`; the command line passes
`build.template_sections`): the check core reads no template itself.
"""

from __future__ import annotations

from reportgen.check.context import CheckInput, at
from reportgen.check.findings import Finding, define
from reportgen.narrative.section_notes import section_notes

UNSHOWN = define("RG901", "warning", "a narrative key no section of the template shows", __name__)
UNWRITTEN = define(
    "RG902", "warning", "a section the template shows that the scenario leaves empty", __name__
)


def check(target: CheckInput) -> list[Finding]:
    if target.scenario is None or target.sections is None:
        return []
    notes = section_notes(target.scenario.narrative, target.sections)
    return [
        at(UNSHOWN if note.unshown else UNWRITTEN, target.source, note.path, note.message)
        for note in notes
    ]
