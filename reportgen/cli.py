"""The `reportgen` command: a thin layer over the library façade."""

from __future__ import annotations

import atexit
import gc
import sys
from typing import Any

import click

from reportgen.cli_common import (
    dump_json,
    office_missing,
    output_option,
    pdf_converter,
    pdf_option,
    templates_option,
    user_errors,
)
from reportgen.cli_start import COMMANDS
from reportgen.errors import ReportgenError
from reportgen.formatting import own_display

# As the interpreter exits it tears its modules down with collections in between, each
# scanning every object the command made: about a fifth of a one-report build. Frozen,
# they are left to reference counting. What a command opens is closed by then (files in
# `with` blocks, LibreOffice by its context), so no collection is owed to anything.
atexit.register(gc.freeze)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="reportgen")
def main() -> None:
    """Word documents for medical-insurance (医保) performance evaluations."""


for _command in COMMANDS:
    main.add_command(_command)


@main.command()
@click.argument("scenario_dir", type=click.Path(file_okay=True, dir_okay=True, path_type=str))
@click.option("--json", "as_json", is_flag=True, help="Print the scored tree as JSON.")
@user_errors
@own_display
def score(scenario_dir: str, as_json: bool) -> None:
    """Score SCENARIO_DIR and print what it scores: a report's indicator tree, total and grade;
    an assessment's units with their totals, grades, ranks and outcomes."""
    from reportgen.build import scenario_kind, scenario_source
    from reportgen.schemes.base import SCORES_FILE
    from reportgen.schemes.catalogue import scheme_for

    directory, source = scenario_source(scenario_dir)
    scheme = scheme_for(scenario_kind(source))
    if scheme.kind == "performance_report":
        from reportgen.scenario.loader import load_scenario
        from reportgen.scoring.export import report_data
        from reportgen.scoring.tree import score_scenario
        from reportgen.terminal import scored_table

        # Loaded here, in this command's own context: the table keeps the scenario's decimals.
        report = score_scenario(load_scenario(directory, source))
        click.echo(dump_json(report_data(report)) if as_json else scored_table(report))
        return
    from reportgen.terminal import units_table

    evaluation = scheme.evaluate(directory, source)
    if as_json:
        click.echo(evaluation.files[SCORES_FILE].decode("utf-8").rstrip("\n"))
    else:
        click.echo(units_table(scheme.title, evaluation.units))


@main.command()
@click.option("--framework", is_flag=True, help="The schema of a framework file instead.")
def schema(framework: bool) -> None:
    """Print the JSON Schema of scenario.yaml (or of a framework file)."""
    from reportgen.scenario.schema import framework_schema, scenario_schema

    click.echo(dump_json(framework_schema() if framework else scenario_schema()))


@main.command()
@click.argument("scenario_dirs", nargs=-1, required=True, type=click.Path(path_type=str))
@output_option
@click.option(
    "--template",
    type=click.Path(dir_okay=False, path_type=str),
    help="A .docx template to use instead of the shipped one.",
)
@templates_option
@click.option(
    "--compare-to",
    type=click.Path(exists=True, file_okay=False, path_type=str),
    help="The last drafts' output folder: write a Word redline beside each changed document.",
)
@click.option(
    "--allow-findings",
    is_flag=True,
    help="Build even when `check` finds an error (a contradiction in the delivered text).",
)
@pdf_option
@user_errors
def build(
    scenario_dirs: tuple[str, ...],
    output_dir: str,
    template: str | None,
    templates_dir: str | None,
    compare_to: str | None,
    allow_findings: bool,
    pdf: bool,
) -> None:
    """Build the report .docx, the 指标得分表 .xlsx and scores.json of each SCENARIO_DIR.

    The checks of `reportgen check` run first: their findings are printed, and a scenario
    with an error among them is not built (exit 1) unless --allow-findings is given.
    """
    from pathlib import Path

    from reportgen.shipped import house_templates

    previous = _previous_drafts(compare_to)
    given = Path(template) if template else None
    stopped = []
    converter, missing = pdf_converter(pdf)
    with house_templates(Path(templates_dir) if templates_dir else None), converter:
        for scenario_dir in scenario_dirs:
            errors, scored = _checked_before_build(scenario_dir)
            if errors and not allow_findings:
                stopped.append(scenario_dir)
                continue
            _build_one(scenario_dir, output_dir, given, previous, converter.converter, scored)
    if missing is not None:
        raise missing  # after the documents, which are written without their PDFs
    for scenario_dir in stopped:
        click.echo(
            f"error: {Path(scenario_dir).resolve().name}: not built, `check` finds errors above"
            " (fix them, or build with --allow-findings)",
            err=True,
        )
    if stopped:
        sys.exit(1)


def _checked_before_build(scenario_dir: str) -> tuple[bool, Any]:
    """Print what `check` finds in the scenario; whether an error is among it, and the
    scenario as the check loaded and scored it when the build would load it the same way.
    A scenario that cannot be read is left to the build, which says why."""
    from reportgen.check import check_scenarios
    from reportgen.check.runner import has_errors

    # The build itself runs each scheme's own checks and warns about the narrative's
    # sections against the template it renders, so neither is checked twice here.
    run = check_scenarios([scenario_dir], by_scheme=False, keep_read=True)
    if run.problems:
        return False, None
    for finding in run.findings:
        click.echo(f"check: {finding}", err=True)
    return has_errors(run.findings), run.scored_as_built()


def _build_one(
    scenario_dir: str, output_dir: str, template: Any, previous: Any, pdf: Any, scored: Any
) -> None:
    """Build one scenario and say what was written."""
    from reportgen.build import produce

    result = produce(scenario_dir, output_dir, template, previous, pdf=pdf, scored=scored)
    for warning in result.warnings:
        click.echo(f"warning: {result.scenario_id}: {warning}", err=True)
    for unit in result.units:
        click.echo(f"{result.scenario_id}: {describe_unit(unit)}")
    click.echo(f"{result.scenario_id} → {result.directory}")
    for path in result.redlines:
        click.echo(f"{result.scenario_id}: redline → {path}")
    if previous is not None and not result.redlines:
        documents = [
            path.relative_to(result.directory).as_posix()
            for path in result.files
            if path.suffix == ".docx"
        ]
        if previous.has_any(result.scenario_id, documents):
            click.echo(f"{result.scenario_id}: no document changed since {previous.root}")
        else:
            click.echo(
                f"{result.scenario_id}: no earlier draft of {result.scenario_id} in {previous.root}"
            )


def _previous_drafts(compare_to: str | None) -> Any:
    """The previous drafts, read before the build overwrites them; checks the engine first."""
    if compare_to is None:
        return None
    from pathlib import Path

    from reportgen.review.against import PreviousDrafts
    from reportgen.review.redline import INSTALL_HINT, engine_available

    if not engine_available():
        raise ReportgenError(INSTALL_HINT)
    return PreviousDrafts.read(Path(compare_to))


def describe_unit(unit: Any) -> str:
    """One line for a unit: its name, total, grade, rank and outcome, as far as it has them."""
    parts = [unit.unit]
    if unit.total is not None:
        parts.append(f"综合得分 {unit.total:.2f}")
    if unit.grade:
        parts.append(f"评价等级 {unit.grade}")
    if unit.rank is not None:
        parts.append(f"排名 {unit.rank}")
    if unit.outcome:
        parts.append(unit.outcome)
    return "，".join(parts)


@main.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=str))
@output_option
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Parallel workers  [default: the number of cores]",
)
@click.option("--force", is_flag=True, help="Rebuild scenarios whose inputs have not changed too.")
@templates_option
@click.option(
    "--time-limit",
    type=click.FloatRange(min=1),
    default=600,
    show_default=True,
    help="Seconds one scenario may take before it is stopped and reported.",
)
@click.option(
    "--memory-limit",
    type=click.IntRange(min=256),
    default=4096,
    show_default=True,
    help="MiB of memory one scenario's worker may use.",
)
@pdf_option
@user_errors
def batch(
    directory: str,
    output_dir: str,
    jobs: int | None,
    force: bool,
    templates_dir: str | None,
    time_limit: float,
    memory_limit: int,
    pdf: bool,
) -> None:
    """Build every scenario under DIRECTORY, with a summary and rankings."""
    from pathlib import Path

    from reportgen.batch import find_scenarios, run_batch
    from reportgen.progress import Progress
    from reportgen.workers import Limits

    missing = office_missing() if pdf else None
    scenarios = find_scenarios(Path(directory))
    limits = Limits(seconds=time_limit, memory_mib=memory_limit)
    with Progress(len(scenarios)) as progress:
        report = run_batch(
            Path(directory),
            Path(output_dir),
            jobs=jobs,
            force=force,
            progress=progress.update,
            limits=limits,
            templates=Path(templates_dir) if templates_dir else None,
            scenarios=scenarios,
            pdf=pdf and missing is None,
        )
    built = sum(1 for o in report.outcomes if o.ok and not o.skipped)
    skipped = sum(1 for o in report.outcomes if o.skipped)
    click.echo(
        f"{built} built, {skipped} unchanged, {len(report.failed)} failed; {len(report.units)} units → {output_dir}/summary.xlsx"
    )
    if missing is not None:
        raise missing  # after the documents, which are written without their PDFs
    if report.failed:
        sys.exit(2)


@main.command()
@click.argument("old", type=click.Path(path_type=str))
@click.argument("new", type=click.Path(path_type=str))
@click.option("--json", "as_json", is_flag=True, help="Print the differences as JSON.")
@click.option(
    "--redline",
    type=click.Path(path_type=str),
    help="Write Word tracked changes: a .docx for two documents, a folder for two folders.",
)
@user_errors
def diff(old: str, new: str, as_json: bool, redline: str | None) -> None:
    """What changed from draft OLD to draft NEW (.docx files or output folders).

    Exit 0 when they are the same, 1 when they differ.
    """
    from pathlib import Path

    from reportgen.review.compare import compare
    from reportgen.review.printing import review_data, review_text
    from reportgen.review.redline import write_redlines_for

    review = compare(Path(old), Path(new))
    if as_json:
        click.echo(dump_json(review_data(review)))
    else:
        click.echo(review_text(review, color=sys.stdout.isatty()))
    if redline:
        for path in write_redlines_for(review, Path(old), Path(new), Path(redline)):
            click.echo(f"redline → {path}", err=as_json)
    sys.exit(0 if review.identical else 1)


@main.command()
@click.argument("scenario_dirs", nargs=-1, type=click.Path(path_type=str))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option("--list-codes", is_flag=True, help="List every finding code and exit.")
def check(scenario_dirs: tuple[str, ...], strict: bool, as_json: bool, list_codes: bool) -> None:
    """Lint SCENARIO_DIRS for inconsistencies: exit 0 clean, 1 errors found, 2 unusable input."""
    from reportgen.check import check_scenarios, known_codes

    if list_codes:
        for code in known_codes():
            click.echo(f"{code.code}  {code.severity:<7}  {code.summary}")
        return
    from reportgen.build import template_sections

    run = check_scenarios(list(scenario_dirs), strict=strict, sections_of=template_sections)
    for problem in run.problems:
        click.echo(f"error: {problem}", err=True)
    if as_json:
        click.echo(dump_json([finding.as_dict() for finding in run.findings]))
    else:
        for finding in run.findings:
            click.echo(str(finding))
        for line in run.checked:
            click.echo(f"checked {line}")
    sys.exit(run.exit_code)


@main.command()
@click.argument(
    "workspace", default=".", type=click.Path(exists=True, file_okay=False, path_type=str)
)
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--token",
    envvar="REPORTGEN_TOKEN",
    help="Require `Authorization: Bearer TOKEN` on every request (needed off this machine).",
)
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="A name the service is reached by, besides 127.0.0.1, localhost, [::1] and --host"
    " (repeatable); a request naming any other in its Host header is refused.",
)
def serve(
    workspace: str, host: str, port: int, token: str | None, allowed_hosts: tuple[str, ...]
) -> None:
    """Serve the pages and the HTTP API over the scenarios in WORKSPACE (default: here) at
    http://HOST:PORT; what it builds goes to WORKSPACE/reportgen-served/. The API's
    endpoints are listed at /api-docs."""
    from pathlib import Path

    if not _loopback(host) and not token:
        click.echo(
            f"error: --host {host} lets other machines in: give --token (or REPORTGEN_TOKEN)",
            err=True,
        )
        sys.exit(2)
    import uvicorn

    from reportgen.service.app import ServiceSettings, create_app

    settings = ServiceSettings(
        Path(workspace).resolve(), token, host=host, allowed_hosts=allowed_hosts
    )
    click.echo(f"answering to: {', '.join(sorted(settings.names))}", err=True)
    uvicorn.run(create_app(settings), host=host, port=port)


def _loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@main.command()
@click.argument("template", type=click.Path(dir_okay=False, path_type=str))
@click.argument("data", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=str)
)
@user_errors
def render(template: str, data: str, output: str) -> None:
    """Fill the docxtpl TEMPLATE with DATA (.json or .yaml) into OUTPUT.docx."""
    from pathlib import Path

    from reportgen.output import write_atomically
    from reportgen.render.standalone import render_file

    write_atomically({Path(output): render_file(Path(template), Path(data))})
    click.echo(f"{template} + {data} → {output}")


@main.group()
def templates() -> None:
    """Work with .docx templates."""


@templates.command("check")
@click.argument("template", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "--kind",
    default="performance_report",
    show_default=True,
    help="Which context the template receives.",
)
@user_errors
def templates_check(template: str, kind: str) -> None:
    """Report variables TEMPLATE uses that its context does not provide."""
    from pathlib import Path

    from reportgen.render.context_spec import CONTEXTS, paths
    from reportgen.render.template_check import missing_variables, suggestion

    if kind not in CONTEXTS:
        raise ReportgenError(f"unknown template kind {kind!r}; known: {', '.join(CONTEXTS)}")
    documented = paths(kind)
    missing = missing_variables(Path(template), documented)
    for path in missing:
        hint = suggestion(path, documented)
        click.echo(
            f"error: {template}: uses {path!r}, which the {kind} context does not provide{hint}",
            err=True,
        )
    if missing:
        sys.exit(2)
    click.echo(f"{template}: every variable is provided")


@templates.command("context")
def templates_context() -> None:
    """Print the documentation of every template context (docs/template-context.md)."""
    from reportgen.render.context_spec import documentation

    click.echo(documentation(), nl=False)


@templates.command("list")
@click.option(
    "--templates",
    "house",
    type=click.Path(file_okay=False, path_type=str),
    help="A folder of house templates: show which kinds it replaces.",
)
@user_errors
def templates_list(house: str | None) -> None:
    """Every document kind, what it is, and the template file it is rendered from."""
    from pathlib import Path

    from reportgen.shipped import KINDS, house_templates, template

    with house_templates(Path(house) if house else None):
        for kind, title in KINDS.items():
            click.echo(f"{kind:<26} {title}\n{'':<26} {template(kind)}")


@templates.command("new")
@click.argument("kind")
@click.argument("destination", type=click.Path(dir_okay=False, path_type=str))
@user_errors
def templates_new(kind: str, destination: str) -> None:
    """Write a copy of the shipped template KIND to DESTINATION, to restyle in Word."""
    from pathlib import Path

    from reportgen.output import write_atomically
    from reportgen.shipped import kinds

    known = kinds()
    if kind not in known:
        raise ReportgenError(f"unknown template kind {kind!r}; known: {', '.join(known)}")
    write_atomically({Path(destination): known[kind].read_bytes()})
    click.echo(f"wrote {destination}")


if __name__ == "__main__":
    main()
