"""Batch production: every scenario under a folder, in parallel, with a summary and rankings.

One bad scenario is reported with its file and reason while all the others
are built: each runs in a worker under a time and a memory limit of its own
(`workers`), and a bug met in one is reported with that scenario and its
traceback kept in `batch-errors.log` in the output folder. The tree is walked
without following a symlinked folder twice. A second run skips scenarios
whose inputs, templates and reportgen itself have not changed (a content hash
per scenario), unless forced.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportgen.errors import Problem, ReportgenError, display_path
from reportgen.locking import exclusive_lock
from reportgen.output import ensure_folder, lock_file, write_atomically
from reportgen.schemes.base import UnitSummary
from reportgen.shipped import house_files, house_templates, templates_folder
from reportgen.workbook import holds_scenario
from reportgen.workers import Limits, run_limited

MANIFEST = ".reportgen-batch.json"
ERROR_LOG = "batch-errors.log"
MAX_FOLDERS = 100_000  # folders walked looking for scenarios
PACKAGE = Path(__file__).resolve().parent


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
    peak_mib: float = 0.0  # the worker's peak resident memory, shared pages included
    private_mib: float = 0.0  # the worker's own memory after a scenario (see _private_mib)
    cpu_seconds: float = 0.0  # the worker's processor time for the scenario
    traceback: str = ""  # a bug's, for the error log


def find_scenarios(root: Path, excluded: Sequence[Path] = ()) -> list[Path]:
    """Folders holding a scenario.yaml, not descending into one once found; frameworks skipped,
    and the `excluded` folders (a service's own output in its workspace).

    A folder reached twice (a symlink loop, two links to one place) is taken once: folders
    are told apart by their device and inode, one stat each. The excluded ones count as seen.
    """
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()
    for folder in excluded:
        with contextlib.suppress(OSError):  # not made yet: nothing to leave out
            info = os.stat(folder)
            seen.add((info.st_dev, info.st_ino))
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            info = os.stat(folder)
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            if len(seen) > MAX_FOLDERS:
                raise ReportgenError([Problem(f"more than {MAX_FOLDERS:,} folders", str(root))])
            if holds_scenario(folder):
                found.append(folder)
                continue
            with os.scandir(folder) as entries:
                children = sorted(e.name for e in entries if e.is_dir())
        except OSError as error:
            problem = Problem(f"cannot be read: {error.strerror}", str(folder))
            raise ReportgenError([problem]) from None
        stack += [
            folder / name
            for name in reversed(children)
            if not name.startswith(".") and name != "frameworks"
        ]
    return sorted(found)


def _files_under(folder: Path) -> Iterator[Path]:
    """Every file under `folder` but bytecode caches, in a fixed order; folders reached
    through links are not entered (os.walk: one listing per folder, no stat per file)."""
    found: list[str] = []
    for directory, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if name != "__pycache__"]
        found += [os.path.join(directory, name) for name in files]
    yield from (Path(path) for path in sorted(found))


def _hash_file(digest: Any, path: Path) -> None:
    """Add a file's bytes to `digest` a megabyte at a time (a scenario folder may hold anything)."""
    with path.open("rb") as stream:
        while chunk := stream.read(1024 * 1024):
            digest.update(chunk)


def code_fingerprint() -> str:
    """A hash of reportgen's own code and templates: a new version rebuilds everything."""
    digest = hashlib.sha256()
    for path in [*_files_under(PACKAGE), *_files_under(templates_folder())]:
        digest.update(path.relative_to(PACKAGE.parent).as_posix().encode())
        _hash_file(digest, path)
    return digest.hexdigest()


def tree_fingerprint(root: Path, house: Sequence[Path] = (), output: Path | None = None) -> str:
    """reportgen's code and templates, the house templates, the tree's shared frameworks and
    any template in the tree (a scenario or framework may name a folder of them), the output
    folder left out: hashed once a batch."""
    digest = hashlib.sha256(code_fingerprint().encode())
    for path in house:
        digest.update(path.name.encode())
        _hash_file(digest, path)
    frameworks = root / "frameworks"
    skip = [frameworks.resolve(), *([output.resolve()] if output is not None else [])]
    shared = [
        p
        for p in sorted(root.rglob("*.docx"))
        if not any(p.resolve().is_relative_to(s) for s in skip)
    ]
    for path in [*(_files_under(frameworks) if frameworks.is_dir() else []), *shared]:
        digest.update(path.relative_to(root).as_posix().encode())
        _hash_file(digest, path)
    return digest.hexdigest()


def input_digest(scenario: Path, root: Path, fingerprint: str) -> str:
    """The scenario's own files on top of the tree's fingerprint."""
    digest = hashlib.sha256(fingerprint.encode())
    prefix = os.path.join(str(root), "")
    for path in _files_under(scenario):
        name = str(path)
        digest.update((name[len(prefix) :] if name.startswith(prefix) else name).encode())
        _hash_file(digest, path)
    return digest.hexdigest()


# scenario, output folder, digest, house templates, whether PDFs are made
Task = tuple[Path, Path, str, Path | None, bool]
_converter: Any = None  # a worker's own warm LibreOffice, kept from one scenario to the next


def build_one(task: Task) -> Outcome:
    """Build one scenario in a worker; any failure becomes part of the outcome."""
    from reportgen.build import produce

    scenario, output_dir, digest, templates, pdf = task
    name = display_path(scenario)
    started = time.process_time()
    try:
        with house_templates(templates):
            result = produce(scenario, output_dir, durable=False, pdf=_worker_converter(pdf))
    except ReportgenError as error:
        return Outcome(name, False, errors=[str(p) for p in error.problems])
    except MemoryError:
        raise  # the worker reports the memory limit
    except Exception as error:  # a bug: keep the rest of the batch going, say what broke
        return Outcome(
            name,
            False,
            errors=[f"internal error {type(error).__name__}: {error} (traceback in {ERROR_LOG})"],
            traceback=traceback.format_exc(),
        )
    units = [unit_data(u) for u in result.units]
    return Outcome(
        name,
        True,
        units=units,
        warnings=result.warnings,
        digest=digest,
        peak_mib=_peak_mib(),
        private_mib=_private_mib(),
        cpu_seconds=time.process_time() - started,
    )


def _worker_converter(pdf: bool) -> Any:
    """The worker's converter, started at its first PDF; it ends with the worker (its
    LibreOffice sees the pipe close)."""
    global _converter
    if pdf and _converter is None:
        from reportgen.pdf import PdfConverter

        _converter = PdfConverter()
    return _converter if pdf else None


def _unreadable(error: OSError) -> str:
    return f"{display_path(error.filename or '')}: cannot be read ({error.strerror})"


def _not_built(task: Task, why: str) -> Outcome:
    return Outcome(display_path(task[0]), False, errors=[why])


def _peak_mib() -> float:
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


_built = 0  # scenarios this worker has built
_private = 0.0  # the most private memory seen in this worker


def _private_mib() -> float:
    """The most memory only this worker held (not the pages it shares with the parent it
    forked from) after a scenario, where the system says (Linux). Asking costs more than a
    small report's writes, so it is asked after the first scenario and every 16th."""
    global _built, _private
    _built += 1
    if _built % 16 != 1:
        return _private
    try:
        with open("/proc/self/smaps_rollup", "rb") as rollup:
            lines = rollup.read().splitlines()
    except OSError:
        return 0.0
    kib = sum(int(line.split()[1]) for line in lines if line.startswith(b"Private_"))
    _private = max(_private, kib / 1024)
    return _private


def unit_data(unit: UnitSummary) -> dict[str, Any]:
    """A unit as summary.json and the service write it: whole numbers as integers."""
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
    limits: Limits | None = None,
    templates: Path | None = None,
    scenarios: list[Path] | None = None,
    pdf: bool = False,
    start_method: str | None = None,
) -> BatchReport:
    """Build every scenario under `root` into `output_dir`; write the summary and the manifest.

    `scenarios`: those `find_scenarios(root)` found, when the caller already walked the tree
    (to size its progress bar). `pdf`: a PDF beside each .docx. Two batches into one output
    folder take turns. `start_method`: how workers start (`workers.run_limited`; a caller
    running threads, such as the service, has them started by a fork server).
    """
    root, output_dir = Path(root), Path(output_dir)
    found = find_scenarios(root) if scenarios is None else scenarios
    ensure_folder(output_dir)
    with exclusive_lock(lock_file(output_dir, ".batch")):
        return _run(
            root,
            found,
            output_dir,
            jobs,
            force,
            progress,
            limits or Limits(),
            templates,
            pdf,
            start_method,
        )


def _run(
    root: Path,
    scenarios: list[Path],
    output_dir: Path,
    jobs: int | None,
    force: bool,
    progress: Callable[[Outcome], None],
    limits: Limits,
    templates: Path | None,
    pdf: bool,
    start_method: str | None,
) -> BatchReport:
    house = house_files(templates) if templates is not None else []
    manifest = _read_manifest(output_dir)
    try:
        # With or without PDFs, the output differs: a run of the other kind rebuilds.
        fingerprint = tree_fingerprint(root, house, output_dir) + (":pdf" if pdf else "")
    except OSError as error:
        raise ReportgenError([Problem(_unreadable(error), display_path(root))]) from None
    outcomes: list[Outcome] = []
    pending: list[tuple[Path, str]] = []
    for scenario in scenarios:
        try:
            digest = input_digest(scenario, root, fingerprint)
        except OSError as error:  # an unreadable file in the folder: that scenario fails
            outcome = Outcome(display_path(scenario), False, errors=[_unreadable(error)])
            outcomes.append(outcome)
            progress(outcome)
            continue
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
    tasks = [(scenario, output_dir, digest, templates, pdf) for scenario, digest in pending]
    outcomes += _build_all(tasks, jobs or os.cpu_count() or 1, limits, progress, start_method)
    outcomes.sort(key=lambda o: o.scenario)
    report = BatchReport(outcomes)
    if not _summary_unchanged(report, manifest, output_dir):
        _write_summary(report, output_dir)
    return report


def _build_all(
    tasks: list[Task],
    jobs: int,
    limits: Limits,
    progress: Callable[[Outcome], None],
    start_method: str | None = None,
) -> list[Outcome]:
    if not tasks:
        return []
    _warm_up()
    # What the workers inherit is frozen: their collector never visits it, so never writes
    # to (and so copies) the pages they share with this process.
    gc.collect()
    gc.freeze()
    results = []
    try:
        for outcome in run_limited(
            tasks,
            build_one,
            _not_built,
            jobs=min(jobs, len(tasks)),
            limits=limits,
            start_method=start_method,
        ):
            results.append(outcome)
            progress(outcome)
    finally:
        gc.unfreeze()
    return results


def _warm_up() -> None:
    """Import the build and compile the shipped templates once, before the workers fork,
    so each inherits them instead of paying for them again."""
    from reportgen.build import produce  # noqa: F401
    from reportgen.render.engine import CompiledTemplate
    from reportgen.schemes.catalogue import load_schemes

    load_schemes()
    for template in sorted(templates_folder().glob("*.docx")):
        CompiledTemplate.load(template)


def _read_manifest(output_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((output_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data.get("scenarios", {}) if isinstance(data, dict) else {}


def _outputs_exist(output_dir: Path, entry: dict[str, Any]) -> bool:
    ids = {u.get("scenario") for u in entry.get("units", [])}
    return bool(ids) and all((output_dir / str(i)).is_dir() for i in ids)


def _summary_unchanged(report: BatchReport, manifest: dict[str, Any], output_dir: Path) -> bool:
    """Whether the summary on disk already says what this run would write: nothing was
    built or failed, and the same scenarios stand in the manifest with the same inputs."""
    if not all(o.skipped for o in report.outcomes):
        return False
    same = {o.scenario: o.digest for o in report.outcomes} == {
        name: entry.get("digest") for name, entry in manifest.items()
    }
    files = ("summary.xlsx", "summary.json", MANIFEST)
    return same and all((output_dir / name).is_file() for name in files)


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
    bugs = [f"== {o.scenario}\n{o.traceback}" for o in report.outcomes if o.traceback]
    if bugs:
        files[output_dir / ERROR_LOG] = "\n".join(bugs).encode("utf-8")
    else:
        (output_dir / ERROR_LOG).unlink(missing_ok=True)
    write_atomically(files)
