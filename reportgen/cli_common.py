"""What every command shares: plain errors, the common options, JSON output."""

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


force_option = click.option("--force", is_flag=True, help="Replace files that already exist there.")


def destination_option(what: str) -> Callable[[F], F]:
    """-o/--output naming the folder a command writes `what` into (required)."""
    return click.option(
        "-o", "--output", "destination", required=True, type=click.Path(path_type=str), help=what
    )


def dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


pdf_option = click.option(
    "--pdf",
    is_flag=True,
    help="Also write a PDF beside each .docx, laid out by LibreOffice (its contents numbered).",
)


class PdfSession:
    """A converter kept for the whole command (None without --pdf or LibreOffice)."""

    def __init__(self, converter: Any = None):
        self.converter = converter

    def __enter__(self) -> PdfSession:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.converter is not None:
            self.converter.close()


def office_missing() -> ReportgenError | None:
    """Why PDFs cannot be made here (how to install LibreOffice), or None."""
    from reportgen.pdf import OfficeMissing, find_office

    try:
        find_office()
    except OfficeMissing as error:
        return error
    return None


def pdf_converter(wanted: bool) -> tuple[PdfSession, ReportgenError | None]:
    """The session making this command's PDFs, and why none are made, if so."""
    if not wanted:
        return PdfSession(), None
    missing = office_missing()
    if missing is not None:
        return PdfSession(), missing
    from reportgen.pdf import PdfConverter

    return PdfSession(PdfConverter()), None
