"""The command line as users run it, against a click hello-world in the same run.

Times, from process start to exit, medians of interleaved runs: a click
hello-world (the floor of any click program on this Python), `reportgen --help`,
`reportgen rules`, and `reportgen build scenarios/benxi-2022` warm (bytecode and
the template cache written by a first run) and with a cold template cache (a
fresh REPORTGEN_CACHE each run). Bytecode is written as a user's Python writes
it: PYTHONDONTWRITEBYTECODE is taken out of the environment. Prints each figure
and its ratio to the floor (targets: the build within 2.5x the floor, the cold
cache within 1.3x the warm build), and the heavy modules each command imports.

A second floor shows how much of the build is reportgen's: a process that only
imports the libraries a build cannot do without (click, pydantic's models,
Jinja's sandbox, PyYAML, lxml, markdown-it) and exits.

    .venv/bin/python benchmarks/cli.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HELLO = "import click\n@click.command()\ndef main():\n    click.echo('hello')\nmain()\n"
LIBRARIES = "import click, pydantic.main, jinja2.sandbox, yaml, lxml.etree, markdown_it, markupsafe"
HEAVY = ("pydantic", "jinja2", "markdown_it", "lxml", "docx", "openpyxl", "yaml")


def timed(command: list[str], environment: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=environment, cwd=ROOT)
    return time.perf_counter() - start


def imported(arguments: list[str], environment: dict[str, str]) -> list[str]:
    """The heavy modules a command imports (run in-process under `python -c`)."""
    probe = (
        "import sys\nfrom reportgen.cli import main\n"
        f"sys.argv = ['reportgen', *{arguments!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print('MODULES', [m for m in {HEAVY!r} if m in sys.modules], file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=environment, cwd=ROOT
    )
    line = next((x for x in done.stderr.splitlines() if x.startswith("MODULES")), "MODULES ?")
    return line.split(" ", 1)[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as tmp:
        hello = Path(tmp) / "hello.py"
        hello.write_text(HELLO, encoding="utf-8")
        out = str(Path(tmp) / "out")
        reportgen = [sys.executable, "-m", "reportgen.cli"]
        commands = {
            "click hello-world": [sys.executable, str(hello)],
            "the libraries alone": [sys.executable, "-c", LIBRARIES],
            "reportgen --help": [*reportgen, "--help"],
            "reportgen rules": [*reportgen, "rules"],
            "reportgen build (warm)": [*reportgen, "build", "scenarios/benxi-2022", "-o", out],
        }
        warm = {**environment, "REPORTGEN_CACHE": str(Path(tmp) / "cache")}
        for command in commands.values():
            timed(command, warm)  # bytecode and the template cache written
        samples: dict[str, list[float]] = {name: [] for name in [*commands, "build (cold cache)"]}
        for run in range(args.repeat):
            for name, command in commands.items():
                samples[name].append(timed(command, warm))
            cold = {**environment, "REPORTGEN_CACHE": str(Path(tmp) / f"cold-{run}")}
            samples["build (cold cache)"].append(timed(commands["reportgen build (warm)"], cold))
        medians = {name: statistics.median(values) for name, values in samples.items()}
        floor = medians["click hello-world"]
        for name, seconds in medians.items():
            print(f"{name:<24} {seconds * 1000:7.1f} ms  {seconds / floor:5.2f}x the hello-world")
        build = medians["reportgen build (warm)"]
        print(f"build against the floor: {build / floor:.2f}x (target 2.5x)")
        libraries = medians["the libraries alone"]
        print(
            f"the libraries alone against the floor: {libraries / floor:.2f}x;"
            f" the build beyond them: {(build - libraries) * 1000:.0f} ms"
        )
        print(
            f"cold cache against warm: {medians['build (cold cache)'] / build:.2f}x (target 1.3x)"
        )
        for label, arguments in (("--help", ["--help"]), ("rules", ["rules"])):
            print(f"reportgen {label} imports: {imported(arguments, warm)}")


if __name__ == "__main__":
    main()
