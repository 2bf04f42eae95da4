"""The `reportgen` command: a thin layer over the library façade."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from reportgen.errors import ReportgenError

F = TypeVar("F", bound=Callable[..., Any])


def user_errors(command: F) -> F:
    """Print a ReportgenError plainly on stderr and exit 2; anything else is a bug."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ReportgenError as error:
            for problem in error.problems:
                click.echo(f"error: {problem}", err=True)
            sys.exit(error.exit_code)

    return wrapper  # type: ignore[return-value]


output_option = click.option(
    "-o", "--output", "output_dir", default="output", show_default=True, help="Output folder."
)
templates_option = click.option(
    "--templates",
    "templates_dir",
    type=click.Path(path_type=str),
    help="A folder of house templates named like the shipped ones; each replaces its kind.",
)


def dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="reportgen")
def main() -> None:
    """Word documents for medical-insurance (医保) performance evaluations."""


@main.command()
@click.argument("scenario_dir", type=click.Path(file_okay=True, dir_okay=True, path_type=str))
@click.option("--json", "as_json", is_flag=True, help="Print the scored tree as JSON.")
@user_errors
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

        # Loaded here, not through the scoped api: the table keeps the scenario's decimals.
        report = score_scenario(load_scenario(directory, source))
        click.echo(dump_json(report_data(report)) if as_json else scored_table(report))
        return
    from reportgen.terminal import units_table

    evaluation = scheme.evaluate(directory, source)
    if as_json:
        click.echo(evaluation.files[SCORES_FILE].decode("utf-8").rstrip("\n"))
    else:
        click.echo(units_table(scheme.title, evaluation.units))


class RulesGroup(click.Group):
    """`rules` lists rule types by name; `rules infer` reads one from a 评分标准."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] in self.commands:
            return super().resolve_command(ctx, args)
        return "show", self.commands["show"], args


@main.group(cls=RulesGroup, invoke_without_command=True)
@click.pass_context
def rules(ctx: click.Context) -> None:
    """List the scoring rule types with their documentation; `rules infer TEXT` reads one."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(rules_show)


@rules.command("show", hidden=True)
@click.argument("names", nargs=-1)
def rules_show(names: tuple[str, ...] = ()) -> None:
    from reportgen.rules import REGISTRY, known_rules

    chosen = [n for n in known_rules() if not names or n in names]
    for name in chosen:
        rule = REGISTRY[name]
        click.echo(click.style(f"{name}", bold=True) + f"  [{rule.kind}]")
        click.echo("    " + rule.documentation().replace("\n", "\n    "))
        click.echo()
    unknown = sorted(set(names) - set(chosen))
    if unknown:
        click.echo(
            f"error: unknown rule {', '.join(unknown)}; known rules: {', '.join(known_rules())}",
            err=True,
        )
        sys.exit(2)


@rules.command("infer")
@click.argument("standard")
@click.option("--weight", help="The indicator's 分值 (tells tiers from checkpoints).")
@click.option("--explanation", default="", help="指标解释及评价要点, for 符合要点① phrasings.")
@click.option(
    "--adjustment",
    type=click.Choice(["bonus", "penalty"]),
    help="The item is a 加分 or 扣分 item outside the scale.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the rule as JSON.")
@user_errors
def rules_infer(
    standard: str, weight: str | None, explanation: str, adjustment: str | None, as_json: bool
) -> None:
    """Print the rule reportgen reads from the 评分标准 STANDARD; exit 2 if it reads none."""
    from reportgen.rules.inference import Unreadable, infer_rule
    from reportgen.yaml_writing import dump_yaml

    reading = infer_rule(standard, _weight(weight), explanation, adjustment)  # type: ignore[arg-type]
    if isinstance(reading, Unreadable):
        raise ReportgenError(
            f"no rule can be read from this 评分标准: {reading.why}; write the rule explicitly"
        )
    if as_json:
        click.echo(dump_json(json.loads(json.dumps(reading.rule, default=_json_number))))
        return
    click.echo(f"# {reading.how}")
    click.echo(dump_yaml({"rule": reading.rule}).rstrip("\n"))


def _json_number(value: Any) -> Any:
    """A Decimal as JSON has it: an integer, or a number with its decimals."""
    from decimal import Decimal

    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def _weight(text: str | None) -> Any:
    from decimal import Decimal, InvalidOperation

    if text is None:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal(0)
    if not value.is_finite() or value <= 0:
        raise ReportgenError(f"--weight: {text!r} is not a positive number")
    return value


@main.command()
@click.argument("destination", type=click.Path(path_type=str))
@click.option(
    "--scheme",
    "kind",
    default="performance_report",
    show_default=True,
    help="The scenario's kind (see `reportgen templates list`).",
)
@click.option("--xlsx", "as_workbook", is_flag=True, help="Write it as a workbook (scenario.xlsx).")
@user_errors
def new(destination: str, kind: str, as_workbook: bool) -> None:
    """A new scenario in DESTINATION that builds as it is, its placeholders marked 示例."""
    from pathlib import Path

    from reportgen.starters import write_starter

    written = write_starter(Path(destination), kind, as_workbook=as_workbook)
    click.echo(
        f"wrote {written}; replace what is marked 示例, then `reportgen build {destination}`"
    )


@main.command("import")
@click.argument("report", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "-o",
    "--output",
    "destination",
    required=True,
    type=click.Path(path_type=str),
    help="The folder of the new scenario.",
)
@click.option("--force", is_flag=True, help="Replace files that already exist there.")
@user_errors
def import_report(report: str, destination: str, force: bool) -> None:
    """Start a scenario from last year's 绩效评价报告 (REPORT.docx): its 指标得分表 becomes the
    framework, with the rules read from its 评分标准 and last year's scores."""
    from pathlib import Path

    from reportgen.importing import import_report as run_import

    imported = run_import(Path(report), Path(destination), force=force)
    total = f"; last year's total {imported.total}" if imported.total is not None else ""
    click.echo(
        f"wrote {imported.scenario}: {imported.indicators} indicators, "
        f"{imported.read} rules read from their 评分标准{total}"
    )
    for why in imported.unreadable:
        click.echo(f"warning: no rule read for {why}; write it in framework.yaml", err=True)


@main.command()
@click.argument("source", type=click.Path(exists=True, path_type=str))
@click.option(
    "-o",
    "--output",
    "destination",
    required=True,
    type=click.Path(path_type=str),
    help="The folder to write: the workbook, or scenario.yaml and framework.yaml.",
)
@click.option("--force", is_flag=True, help="Replace files that already exist there.")
@user_errors
def convert(source: str, destination: str, force: bool) -> None:
    """A scenario folder to its workbook (scenario.xlsx), or a scenario workbook to a folder."""
    from pathlib import Path

    from reportgen.scenario.loader import SCENARIO_FILE
    from reportgen.workbook import scenario_workbook_in
    from reportgen.workbook.convert import folder_to_workbook, workbook_to_folder

    path = Path(source)
    if path.is_dir() and (path / SCENARIO_FILE).is_file():
        written = folder_to_workbook(path, Path(destination), force=force)
    else:
        workbook = scenario_workbook_in(path) if path.is_dir() else path
        if workbook is None:
            raise ReportgenError(f"{source}: no {SCENARIO_FILE} and no scenario workbook here")
        written = workbook_to_folder(workbook, Path(destination), force=force)
    click.echo(f"wrote {written}")


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
@user_errors
def build(
    scenario_dirs: tuple[str, ...],
    output_dir: str,
    template: str | None,
    templates_dir: str | None,
    compare_to: str | None,
    allow_findings: bool,
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
    with house_templates(Path(templates_dir) if templates_dir else None):
        for scenario_dir in scenario_dirs:
            stop = _checked_before_build(scenario_dir) and not allow_findings
            if stop:
                stopped.append(scenario_dir)
                continue
            _build_one(scenario_dir, output_dir, given, previous)
    for scenario_dir in stopped:
        click.echo(
            f"error: {Path(scenario_dir).resolve().name}: not built, `check` finds errors above"
            " (fix them, or build with --allow-findings)",
            err=True,
        )
    if stopped:
        sys.exit(1)


def _checked_before_build(scenario_dir: str) -> bool:
    """Print what `check` finds in the scenario; whether an error is among it. A scenario
    that cannot be read is left to the build, which says why."""
    from reportgen.check import check_scenarios
    from reportgen.check.runner import has_errors

    # The build itself runs each scheme's own checks and warns about the narrative's
    # sections against the template it renders, so neither is checked twice here.
    run = check_scenarios([scenario_dir], by_scheme=False)
    if run.problems:
        return False
    for finding in run.findings:
        click.echo(f"check: {finding}", err=True)
    return has_errors(run.findings)


def _build_one(scenario_dir: str, output_dir: str, template: Any, previous: Any) -> None:
    """Build one scenario and say what was written."""
    from reportgen.build import produce

    result = produce(scenario_dir, output_dir, template, previous)
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
@user_errors
def batch(
    directory: str,
    output_dir: str,
    jobs: int | None,
    force: bool,
    templates_dir: str | None,
    time_limit: float,
    memory_limit: int,
) -> None:
    """Build every scenario under DIRECTORY, with a summary and rankings."""
    from pathlib import Path

    from reportgen.batch import find_scenarios, run_batch
    from reportgen.progress import Progress
    from reportgen.workers import Limits

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
        )
    built = sum(1 for o in report.outcomes if o.ok and not o.skipped)
    skipped = sum(1 for o in report.outcomes if o.skipped)
    click.echo(
        f"{built} built, {skipped} unchanged, {len(report.failed)} failed; {len(report.units)} units → {output_dir}/summary.xlsx"
    )
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
