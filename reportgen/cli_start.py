"""The commands that start a scenario: rules read from a 评分标准, a new scenario, last
year's report imported, a scenario converted between a folder and a workbook."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from reportgen.cli_common import destination_option, dump_json, force_option, user_errors
from reportgen.errors import ReportgenError


class RulesGroup(click.Group):
    """`rules` lists rule types by name; `rules infer` reads one from a 评分标准."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] in self.commands:
            return super().resolve_command(ctx, args)
        return "show", self.commands["show"], args


@click.group(cls=RulesGroup, invoke_without_command=True)
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


@click.command()
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


@click.command("import")
@click.argument("report", type=click.Path(dir_okay=False, path_type=str))
@destination_option("The folder of the new scenario.")
@force_option
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


@click.command()
@click.argument("source", type=click.Path(exists=True, path_type=str))
@destination_option("The folder to write: the workbook, or scenario.yaml and framework.yaml.")
@force_option
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


COMMANDS = (rules, new, import_report, convert)
