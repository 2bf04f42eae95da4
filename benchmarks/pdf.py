"""PDFs of the Benxi report: a cold LibreOffice against a warm one, and a batch's rate.

Prints
- cold: one `soffice --convert-to pdf` of the report (a LibreOffice started for it),
  and the first PDF of a new converter (its start included);
- warm: the median time of one more PDF from a converter already started, over
  REPEAT documents, as a build makes it (a layout to find the merges a page cuts,
  then the PDF's with its contents updated, bookmarks and fonts embedded);
- batch: `run_batch(..., pdf=True)` over COUNT and 2×COUNT Benxi variants on JOBS
  workers: PDFs per second end to end (builds and each worker's LibreOffice start
  included), and the rate of the second COUNT alone (the difference of the two runs:
  a batch's steady pace once its LibreOffices are warm; target 2.5 on 2 cores).

    .venv/bin/python benchmarks/pdf.py [--count 30] [--jobs 2] [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from batch import make_tree

ROOT = Path(__file__).resolve().parent.parent


def report_docx(folder: Path) -> Path:
    from reportgen.build import produce

    result = produce(ROOT / "scenarios" / "benxi-2022", folder)
    return next(p for p in result.files if p.suffix == ".docx")


def cold_soffice(docx: Path, folder: Path) -> float:
    from reportgen.pdf import find_office

    office = find_office()
    profile = (folder / "cold-profile").as_uri()
    start = time.perf_counter()
    subprocess.run(
        [
            str(office.soffice),
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / "cold"),
            str(docx),
        ],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def converter_times(docx: Path, folder: Path, repeat: int) -> tuple[float, list[float]]:
    """The first and the following PDFs of one converter, each as a build makes it (a
    layout to find the merges a page cuts, then the PDF's)."""
    from reportgen.pdf import PdfConverter, with_pdfs

    data = docx.read_bytes()
    times = []
    with PdfConverter() as converter:
        for _ in range(repeat + 1):
            start = time.perf_counter()
            with_pdfs({"report.docx": data}, converter, folder)
            times.append(time.perf_counter() - start)
    return times[0], times[1:]


def batch_rate(count: int, jobs: int) -> tuple[int, float]:
    from reportgen.batch import run_batch

    with tempfile.TemporaryDirectory() as tmp:
        tree, out = Path(tmp) / "scenarios", Path(tmp) / "out"
        make_tree(tree, count)
        start = time.perf_counter()
        report = run_batch(tree, out, jobs=jobs, force=True, pdf=True)
        seconds = time.perf_counter() - start
        assert not report.failed, report.failed[0].errors
        return len(list(out.rglob("*.pdf"))), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        docx = report_docx(folder / "out")
        cold = cold_soffice(docx, folder)
        first, warm = converter_times(docx, folder, args.repeat)
    median = statistics.median(warm)
    print(f"cold: soffice --convert-to pdf {cold:.2f} s; a new converter's first PDF {first:.2f} s")
    print(
        f"warm: {median:.3f} s per PDF (median of {len(warm)}, {min(warm):.3f}–{max(warm):.3f});"
        f" cold/warm = {cold / median:.1f}×"
    )
    pdfs, seconds = batch_rate(args.count, args.jobs)
    more, longer = batch_rate(2 * args.count, args.jobs)
    print(
        f"batch: {pdfs} PDFs on {args.jobs} workers in {seconds:.2f} s ="
        f" {pdfs / seconds:.2f} PDFs/s; {more} in {longer:.2f} s = {more / longer:.2f} PDFs/s"
    )
    print(
        f"batch, warm: {(more - pdfs) / (longer - seconds):.2f} PDFs/s"
        f" (the second {more - pdfs} alone; target 2.5)"
    )


if __name__ == "__main__":
    main()
