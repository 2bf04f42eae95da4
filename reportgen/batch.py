"""Batch production: every scenario under a folder, in parallel, with a summary and rankings.

One bad scenario is reported with its file and reason while all the others
are built. A second run skips scenarios whose inputs, templates and reportgen
itself have not changed (a content hash per scenario), unless forced.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import os
import resource
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportgen.errors import ReportgenError, display_path
from reportgen.output import write_atomically
from reportgen.scenario.loader import SCENARIO_FILE
from reportgen.schemes.base import UnitSummary

MANIFEST = ".reportgen-batch.json"
PACKAGE = Path(__file__).resolve().parent
TEMPLATES = PACKAGE.parent / "templates" / "docx"


@dataclass
class Outcome:
    """What happened to one scenario folder."""

    scenario: str  # the folder, as the user would type it
    ok: bool
    skipped: bool = False
    units: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    digest: str = ""
    peak_mib: float = 0.0


def find_scenarios(root: Path) -> list[Path]:
    """Folders holding a scenario.yaml, not descending into one once found; frameworks skipped."""
    if (root / SCENARIO_FILE).is_file():
        return [root]
    found: list[Path] = []
    for child in sorted(p for p in root.iterdir() if p.is_dir()):
        if child.name.startswith(".") or child.name == "frameworks":
            continue
        found += find_scenarios(child)
    return found


def _files_under(folder: Path) -> Iterator[Path]:
    yield from sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def code_fingerprint() -> str:
    """A hash of reportgen's own code and templates: a new version rebuilds everything."""
    digest = hashlib.sha256()
    for path in [*_files_under(PACKAGE), *_files_under(TEMPLATES)]:
        digest.update(path.relative_to(PACKAGE.parent).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def tree_fingerprint(root: Path) -> str:
    """reportgen's code and templates, and the tree's shared frameworks: hashed once a batch."""
    digest = hashlib.sha256(code_fingerprint().encode())
    frameworks = root / "frameworks"
    for path in _files_under(frameworks) if frameworks.is_dir() else []:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def input_digest(scenario: Path, root: Path, fingerprint: str) -> str:
    """The scenario's own files on top of the tree's fingerprint."""
    digest = hashlib.sha256(fingerprint.encode())
    for path in _files_under(scenario):
        digest.update(str(path.relative_to(root) if path.is_relative_to(root) else path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def build_one(scenario: Path, output_dir: Path, digest: str) -> Outcome:
    """Build one scenario in a worker; any failure becomes part of the outcome."""
    from reportgen.build import produce

    name = display_path(scenario)
    try:
        result = produce(scenario, output_dir)
    except ReportgenError as error:
        return Outcome(name, False, errors=[str(p) for p in error.problems])
    except Exception as error:  # a bug: keep the rest of the batch going, say what broke
        return Outcome(name, False, errors=[f"internal error: {type(error).__name__}: {error}"])
    units = [_unit_data(u) for u in result.units]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return Outcome(name, True, units=units, warnings=result.warnings, digest=digest, peak_mib=peak)


def _unit_data(unit: UnitSummary) -> dict[str, Any]:
    data = asdict(unit)
    for key in ("total", "scale"):
        value = data[key]
        data[key] = (
            float(value)
            if isinstance(value, Decimal) and value != value.to_integral()
            else (int(value) if value is not None else None)
        )
    return data


@dataclass
class BatchReport:
    outcomes: list[Outcome]

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def units(self) -> list[dict[str, Any]]:
        return [u for o in self.outcomes if o.ok for u in o.units]


def run_batch(
    root: Path,
    output_dir: Path,
    *,
    jobs: int | None = None,
    force: bool = False,
    progress: Callable[[Outcome], None] = lambda outcome: None,
) -> BatchReport:
    """Build every scenario under `root` into `output_dir`; write the summary and the manifest."""
    root, output_dir = Path(root), Path(output_dir)
    scenarios = find_scenarios(root)
    manifest = _read_manifest(output_dir)
    fingerprint = tree_fingerprint(root)
    outcomes: list[Outcome] = []
    pending: list[tuple[Path, str]] = []
    for scenario in scenarios:
        digest = input_digest(scenario, root, fingerprint)
        previous = manifest.get(display_path(scenario))
        if (
            not force
            and previous
            and previous.get("digest") == digest
            and _outputs_exist(output_dir, previous)
        ):
            outcome = Outcome(
                display_path(scenario),
                True,
                skipped=True,
                units=previous["units"],
                warnings=previous.get("warnings", []),
                digest=digest,
            )
            outcomes.append(outcome)
            progress(outcome)
        else:
            pending.append((scenario, digest))
    outcomes += _build_all(pending, output_dir, jobs or os.cpu_count() or 1, progress)
    outcomes.sort(key=lambda o: o.scenario)
    report = BatchReport(outcomes)
    _write_summary(report, output_dir)
    return report


def _build_all(
    pending: list[tuple[Path, str]],
    output_dir: Path,
    jobs: int,
    progress: Callable[[Outcome], None],
) -> list[Outcome]:
    if not pending:
        return []
    # The first scenario is built here: templates compiled, frameworks and validators built
    # before the workers fork, so each inherits them instead of paying for them again.
    results = [build_one(pending[0][0], output_dir, pending[0][1])]
    progress(results[0])
    rest = pending[1:]
    if jobs == 1 or len(rest) <= 1:
        for scenario, digest in rest:
            results.append(build_one(scenario, output_dir, digest))
            progress(results[-1])
        return results
    # Scenarios go to the workers a few at a time, so talking to them costs little per report.
    chunk = max(1, min(16, len(rest) // (jobs * 8)))
    scenarios, digests = [s for s, _ in rest], [d for _, d in rest]
    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs) as pool:
        for outcome in pool.map(
            build_one, scenarios, [output_dir] * len(rest), digests, chunksize=chunk
        ):
            results.append(outcome)
            progress(outcome)
    return results


def _read_manifest(output_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((output_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data.get("scenarios", {}) if isinstance(data, dict) else {}


def _outputs_exist(output_dir: Path, entry: dict[str, Any]) -> bool:
    ids = {u.get("scenario") for u in entry.get("units", [])}
    return bool(ids) and all((output_dir / str(i)).is_dir() for i in ids)


def _write_summary(report: BatchReport, output_dir: Path) -> None:
    from reportgen.batch_summary import summary_files

    manifest = {
        "scenarios": {
            o.scenario: {"digest": o.digest, "units": o.units, "warnings": o.warnings}
            for o in report.outcomes
            if o.ok
        }
    }
    files = summary_files(report.units, output_dir)
    files[output_dir / MANIFEST] = (
        json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    ).encode("utf-8")
    write_atomically(files)
