"""A batch of Benxi variants on N workers: reports per second end to end, and memory per worker.

Makes COUNT scenario folders (each with a different finding, so the reports
differ) in a temporary tree, runs `run_batch` on them with --jobs workers and
prints the wall time and the rate, the processor time a worker spent on each
report (median), and each worker's memory: its peak resident size, shared
pages included, and the memory only it holds (private) once a report is built,
the largest over the batch. Then runs a batch of 1,000 unchanged scenarios
against the floor of hashing their files. (One report from the command line:
benchmarks/cli.py.)

    .venv/bin/python benchmarks/batch.py [--count 200] [--jobs 2]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_tree(root: Path, count: int) -> None:
    shutil.copytree(ROOT / "scenarios" / "frameworks", root / "frameworks")
    template = (ROOT / "scenarios" / "benxi-2022" / "scenario.yaml").read_text(encoding="utf-8")
    for index in range(count):
        folder = root / f"benxi-{index:04d}"
        folder.mkdir()
        errors = ", ".join(f"报销资料差错{n}" for n in range(index % 4))
        text = template.replace(
            "  资料审核准确性:\n", f"  资料审核准确性:\n    items: [{errors}]\n", 1
        )
        (folder / "scenario.yaml").write_text(text, encoding="utf-8")


def batch_figures(count: int, jobs: int) -> None:
    from reportgen.batch import run_batch

    with tempfile.TemporaryDirectory() as tmp:
        tree, out = Path(tmp) / "scenarios", Path(tmp) / "out"
        make_tree(tree, count)
        start = time.perf_counter()
        report = run_batch(tree, out, jobs=jobs, force=True)
        seconds = time.perf_counter() - start
        assert not report.failed, report.failed[0].errors
        built = [o for o in report.outcomes if not o.skipped]
        cpu = statistics.median(o.cpu_seconds for o in built)
        print(
            f"batch: {count} reports on {jobs} workers in {seconds:.2f} s"
            f" = {count / seconds:.0f} reports/s (target 250)"
        )
        print(f"batch: {cpu * 1000:.2f} ms of processor time per report in a worker (target 8)")
        print(
            f"batch: memory per worker {max(o.private_mib for o in built):.1f} MiB private"
            f" (target 48), peak resident {max(o.peak_mib for o in built):.1f} MiB"
        )


def unchanged_figures(count: int, repeat: int = 5) -> None:
    """A second run over `count` unchanged scenarios against the floor of hashing their files,
    in turn, medians; and whether the unchanged summary was written again."""
    import hashlib

    from reportgen.batch import run_batch

    with tempfile.TemporaryDirectory() as tmp:
        tree, out = Path(tmp) / "scenarios", Path(tmp) / "out"
        make_tree(tree, count)
        run_batch(tree, out, jobs=2)
        summary = out / "summary.xlsx"
        written = summary.stat().st_mtime_ns
        floors, runs = [], []
        for _ in range(repeat):
            start = time.perf_counter()
            for path in sorted(tree.rglob("*")):
                if path.is_file():
                    hashlib.sha256(path.read_bytes()).hexdigest()
            floors.append(time.perf_counter() - start)
            start = time.perf_counter()
            report = run_batch(tree, out, jobs=2)
            runs.append(time.perf_counter() - start)
            assert all(o.skipped for o in report.outcomes)
        floor, run = statistics.median(floors), statistics.median(runs)
        rewritten = summary.stat().st_mtime_ns != written
        print(
            f"unchanged: {count} scenarios decided in {run * 1000:.0f} ms against a floor of"
            f" {floor * 1000:.0f} ms hashing their files = {run / floor:.1f}x (target 3x);"
            f" summary rewritten: {'yes' if rewritten else 'no'}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    arguments = parser.parse_args()
    batch_figures(arguments.count, arguments.jobs)
    unchanged_figures(1000)


if __name__ == "__main__":
    main()
