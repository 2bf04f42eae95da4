"""What a job does, in its worker (`jobs`): each returns plain data the API sends back.

Every path is relative to the job's folder (the worker works there) or absolute
within the workspace; messages name them as the command line would.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

from reportgen.errors import Problem, ReportgenError


def scenario_list(workspace: str, served: str) -> list[dict[str, Any]]:
    """Each scenario folder of the workspace but the service's own folder `served`: its id
    (its path in the workspace), kind and scheme."""
    from reportgen.batch import find_scenarios
    from reportgen.build import DEFAULT_KIND
    from reportgen.schemes.catalogue import scheme_for, unknown_kind
    from reportgen.workbook import read_scenario_file, scenario_file

    root = Path(workspace)
    listed = []
    for folder in find_scenarios(root, excluded=[Path(served)]):
        entry: dict[str, Any] = {"id": folder.relative_to(root).as_posix()}
        try:
            data = read_scenario_file(scenario_file(folder)).data
        except ReportgenError as error:
            entry["errors"] = [str(p) for p in error.problems]
            listed.append(entry)
            continue
        kind = data.get("kind", DEFAULT_KIND) if isinstance(data, dict) else DEFAULT_KIND
        entry["kind"] = str(kind)
        if unknown_kind(kind) is None:
            entry["scheme"] = scheme_for(str(kind)).title
        listed.append(entry)
    return listed


def scores(scenario: str) -> Any:
    """The scenario's scores.json, as its build would write it."""
    from reportgen.build import evaluate
    from reportgen.schemes.base import SCORES_FILE

    return json.loads(evaluate(scenario).files[SCORES_FILE])


def check(scenario: str) -> dict[str, Any]:
    """What `reportgen check` finds, as its --json prints it, with its exit code."""
    from reportgen.build import template_sections
    from reportgen.check import check_scenarios

    run = check_scenarios([scenario], sections_of=template_sections)
    if run.problems:
        raise ReportgenError(run.problems)
    return {
        "findings": [finding.as_dict() for finding in run.findings],
        "checked": run.checked,
        "exit_code": run.exit_code,
    }


def build(
    scenario: str, output: str, pdf: bool = False, templates: str | None = None
) -> dict[str, Any]:
    """The scenario built into `output/<id>/`: its documents' names, units and warnings;
    `templates`: a folder of house templates to use (as `build --templates`)."""
    from reportgen.batch import unit_data
    from reportgen.build import produce
    from reportgen.shipped import house_templates

    converter = None
    if pdf:
        from reportgen.pdf import PdfConverter

        converter = PdfConverter()
        converter.office  # noqa: B018 - without LibreOffice, OfficeMissing says so before any build
    try:
        with house_templates(Path(templates) if templates else None):
            result = produce(scenario, output, pdf=converter)
    finally:
        if converter is not None:
            converter.close()
    return {
        "id": result.scenario_id,
        "documents": [path.relative_to(result.directory).as_posix() for path in result.files],
        "units": [unit_data(unit) for unit in result.units],
        "warnings": result.warnings,
    }


def build_archive(
    scenario: str, output: str, document: str | None, templates: str | None = None
) -> tuple[str, bytes]:
    """The scenario built; a .zip of its documents, or the one named `document`."""
    built = build(scenario, output, templates=templates)
    folder = Path(output) / built["id"]
    if document is not None:
        if document not in built["documents"]:
            known = ", ".join(built["documents"])
            raise ReportgenError([Problem(f"no document {document!r}; built: {known}")])
        return document, (folder / document).read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in built["documents"]:
            archive.write(folder / name, f"{built['id']}/{name}")
    return f"{built['id']}.zip", buffer.getvalue()


def render(template: str, data: str) -> bytes:
    """`reportgen render TEMPLATE DATA`: the filled document."""
    from reportgen.render.standalone import render_file

    return render_file(Path(template), Path(data))


def diff(old: str, new: str) -> dict[str, Any]:
    """`reportgen diff --json OLD NEW`."""
    from reportgen.review.compare import compare
    from reportgen.review.printing import review_data

    return review_data(compare(Path(old), Path(new)))


def overview(scenario: str, templates: str | None = None) -> dict[str, Any]:
    """A scenario as its page shows it: scheme, units, the scored tree of a report, and what
    `check` finds. Input that cannot be used is returned as its problems, for the page."""
    from reportgen.batch import unit_data
    from reportgen.build import evaluate, template_sections
    from reportgen.check import check_scenarios
    from reportgen.schemes.base import SCORES_FILE
    from reportgen.shipped import house_templates

    shown: dict[str, Any] = {"problems": [], "findings": [], "units": [], "rows": []}
    try:
        # The templates' names are checked before anything is read; the check's scoring of
        # a report is what the evaluation takes, rather than scoring it again.
        with house_templates(Path(templates) if templates else None):
            run = check_scenarios([scenario], sections_of=template_sections, keep_read=True)
            evaluation = evaluate(scenario, run.scored_as_built())
    except ReportgenError as error:
        shown["problems"] = [str(p) for p in error.problems]
        return shown
    shown["problems"] = [str(p) for p in run.problems]
    shown["findings"] = [finding.as_dict() for finding in run.findings]
    shown["units"] = [unit_data(u) for u in evaluation.units]
    data = json.loads(evaluation.files[SCORES_FILE])
    if isinstance(data, dict) and isinstance(data.get("indicators"), list):
        shown["rows"] = list(_rows(data["indicators"], 0))
    return shown


def _rows(indicators: list[dict[str, Any]], level: int) -> Any:
    """The scored tree, a row per indicator as the 附件 table lists them."""
    for indicator in indicators:
        yield {
            "level": level,
            "name": indicator.get("name", ""),
            "weight": indicator.get("weight"),
            "score": indicator.get("score"),
            "reasons": indicator.get("reasons", []),
            "leaf": not indicator.get("children"),
        }
        yield from _rows(indicator.get("children", []), level + 1)


def workspace_overview(workspace: str, served: str) -> list[dict[str, Any]]:
    """Each scenario of the workspace with its units' totals and grades and its check status."""
    listed = scenario_list(workspace, served)
    for entry in listed:
        if "errors" in entry:
            entry["status"] = "无法读取"
            continue
        shown = overview(str(Path(workspace) / entry["id"]))
        entry["units"] = shown["units"]
        errors = [f for f in shown["findings"] if f["severity"] == "error"]
        if shown["problems"]:
            entry["status"], entry["errors"] = "无法使用", shown["problems"]
        elif errors:
            entry["status"] = f"{len(errors)} 个错误"
        elif shown["findings"]:
            entry["status"] = f"{len(shown['findings'])} 个提示"
        else:
            entry["status"] = "通过"
    return listed


def review(old: str, new: str) -> dict[str, Any]:
    """Two drafts' folders compared as `reportgen diff --json` prints it; each change also in
    pieces (equal, delete, insert) for a page to mark, long unchanged stretches cut."""
    from reportgen.review.chardiff import pieces
    from reportgen.review.compare import compare
    from reportgen.review.printing import review_data, shown_value, trimmed

    data = review_data(compare(Path(old), Path(new)))
    for change in data["scores"]:
        change["label"] = SCORE_FIELDS.get(change["field"], change["field"])
        change["old_text"], change["new_text"] = (
            shown_value(change["old"]),
            shown_value(change["new"]),
        )
    for document in data["documents"]:
        for change in document["changes"]:
            parts = pieces(change["old"] or "", change["new"] or "")
            change["pieces"] = [
                {
                    "kind": part.kind,
                    "text": trimmed(part.text, index == 0, index == len(parts) - 1)
                    if part.kind == "equal"
                    else part.text,
                }
                for index, part in enumerate(parts)
            ]
    return data


# scores.json's fields as the documents name them.
SCORE_FIELDS = {
    "total": "综合得分",
    "subtotal": "小计",
    "adjustment": "加减分",
    "score": "得分",
    "weight": "分值",
    "rate": "得分率",
    "grade": "评价等级",
    "reasons": "扣分原因",
    "capped": "封顶",
    "rank": "排名",
    "outcome": "结论",
}


def redline(old: str, new: str) -> bytes:
    """The Word tracked changes from document OLD to NEW."""
    from reportgen.review.redline import INSTALL_HINT, engine_available
    from reportgen.review.redline import redline as tracked

    if not engine_available():
        raise ReportgenError([Problem(INSTALL_HINT)])
    return tracked(Path(old), Path(new))
