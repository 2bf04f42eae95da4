"""Outside tools the validity tests rely on: the Open XML SDK validator, LibreOffice, poppler.

A missing tool skips its tests on a developer machine, but CI sets
REPORTGEN_REQUIRE_TOOLS=1 so that the same absence fails instead of hiding.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
VALIDATE_MANY = Path(__file__).resolve().parent / "validate_many.mjs"
VALIDATOR = ROOT / "node_modules" / ".bin" / "ooxml-validate"
REQUIRE_ENV = "REPORTGEN_REQUIRE_TOOLS"
SOFFICE_TIMEOUT = 120
VALIDATOR_TIMEOUT = 180


def validator_available() -> bool:
    """The project's own validator (installed by `npm ci`) and a node to run it."""
    return VALIDATOR.exists() and shutil.which("node") is not None


def soffice_available() -> bool:
    """LibreOffice renders the report the way a reader's office suite would."""
    return shutil.which("soffice") is not None


def poppler_available() -> bool:
    """pdfinfo and pdftotext read back what LibreOffice rendered."""
    return shutil.which("pdfinfo") is not None and shutil.which("pdftotext") is not None


def require(tool_available: bool, what: str) -> None:
    """Skip when a tool is missing, unless CI demands it, where skipping would hide a gap."""
    if tool_available:
        return
    message = f"{what} is not installed"
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{message}, and {REQUIRE_ENV}=1 requires it", pytrace=False)
    pytest.skip(message)


def _run(args: list[str], timeout: int) -> subprocess.CompletedProcess[str]:
    """Run a tool, capturing text, so failures can quote what it said."""
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)


def validate_ooxml(path: Path) -> list[dict[str, Any]]:
    """The validator's errors for one file; it always exits 0, so only its JSON tells."""
    done = _run([str(VALIDATOR), "--of", "json", str(path)], VALIDATOR_TIMEOUT)
    try:
        errors = json.loads(done.stdout)
    except json.JSONDecodeError as exc:
        raise RuntimeError(
            f"ooxml-validate gave no JSON for {path} (exit {done.returncode}):\n"
            f"stdout: {done.stdout[:2000]}\nstderr: {done.stderr[:2000]}"
        ) from exc
    if not isinstance(errors, list):
        raise RuntimeError(f"ooxml-validate gave {type(errors).__name__}, not a list: {errors!r}")
    return errors


def validate_many(paths: list[Path]) -> dict[Path, list[dict[str, Any]]]:
    """The validator's errors for many files from one node process (its start-up costs seconds)."""
    args = ["node", str(VALIDATE_MANY), *map(str, paths)]
    done = subprocess.run(
        args, capture_output=True, text=True, timeout=VALIDATOR_TIMEOUT * len(paths), cwd=ROOT
    )
    try:
        found = json.loads(done.stdout)
    except json.JSONDecodeError as exc:
        raise RuntimeError(
            f"validate_many.mjs gave no JSON (exit {done.returncode}):\n"
            f"stdout: {done.stdout[:2000]}\nstderr: {done.stderr[:2000]}"
        ) from exc
    return {Path(path): errors for path, errors in found.items()}


def describe_errors(errors: list[dict[str, Any]]) -> str:
    """One line per error, enough to find the offending element."""
    lines = []
    for error in errors:
        where = error.get("path") or {}
        place = f"{where.get('partUri', '?')} {where.get('xpath', '?')}"
        lines.append(f"{error.get('id', '?')}: {error.get('description', error)} at {place}")
    return "\n".join(lines)


def render_pdf(docx: Path, outdir: Path) -> Path:
    return _convert(docx, outdir, "pdf", ".pdf")


def save_as_docx(document: Path, outdir: Path) -> Path:
    """The document saved by LibreOffice as Word 2007 .docx, as a user's round trip does."""
    return _convert(document, outdir, "docx:MS Word 2007 XML", ".docx")


def save_many_as_docx(documents: list[Path], outdir: Path) -> list[Path]:
    """Many documents saved by one LibreOffice start as .docx, in the same order."""
    return _convert_many(documents, outdir, "docx:MS Word 2007 XML", ".docx")


def _convert(source: Path, outdir: Path, target: str, suffix: str) -> Path:
    """Convert with a throwaway profile so parallel or earlier runs cannot lock or skew it."""
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="reportgen-lo-") as profile:
        args = ["soffice", f"-env:UserInstallation={Path(profile).as_uri()}", "--headless"]
        args += ["--convert-to", target, "--outdir", str(outdir), str(source)]
        done = _run(args, SOFFICE_TIMEOUT)
    converted = outdir / f"{source.stem}{suffix}"
    if not converted.exists():
        raise RuntimeError(
            f"soffice made no {suffix} from {source} (exit {done.returncode}):\n"
            f"stdout: {done.stdout}\nstderr: {done.stderr}"
        )
    return converted


def render_pdfs(documents: list[Path], outdir: Path) -> list[Path]:
    """Many documents converted by one LibreOffice start; the PDFs in the same order."""
    return _convert_many(documents, outdir, "pdf", ".pdf")


def _convert_many(documents: list[Path], outdir: Path, target: str, suffix: str) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="reportgen-lo-") as profile:
        args = ["soffice", f"-env:UserInstallation={Path(profile).as_uri()}", "--headless"]
        args += ["--convert-to", target, "--outdir", str(outdir), *map(str, documents)]
        done = _run(args, SOFFICE_TIMEOUT * max(1, len(documents) // 4))
    converted = [outdir / f"{document.stem}{suffix}" for document in documents]
    missing = [path.name for path in converted if not path.exists()]
    if missing:
        raise RuntimeError(
            f"soffice made no {', '.join(missing)} (exit {done.returncode}):\n"
            f"stdout: {done.stdout}\nstderr: {done.stderr}"
        )
    return converted


def _pdfinfo(pdf: Path, *options: str) -> str:
    """pdfinfo's report; a failure here means the PDF itself is broken."""
    done = _run(["pdfinfo", *options, str(pdf)], 60)
    if done.returncode != 0:
        raise RuntimeError(f"pdfinfo failed on {pdf}: {done.stderr}")
    return done.stdout


def pdf_pages(pdf: Path) -> int:
    """The page count, proving a real multi-page layout rather than an empty shell."""
    match = re.search(r"^Pages:\s+(\d+)", _pdfinfo(pdf), re.MULTILINE)
    if match is None:
        raise RuntimeError(f"pdfinfo reported no page count for {pdf}")
    return int(match.group(1))


def page_size(pdf: Path, page: int) -> tuple[float, float]:
    """Width and height in points of one page, to tell landscape from portrait."""
    text = _pdfinfo(pdf, "-f", str(page), "-l", str(page))
    match = re.search(rf"^Page\s+{page} size:\s+([\d.]+) x ([\d.]+)", text, re.MULTILINE)
    if match is None:
        raise RuntimeError(f"pdfinfo reported no size for page {page} of {pdf}")
    return float(match.group(1)), float(match.group(2))


def pdf_text(pdf: Path) -> str:
    """The rendered text, to check what a reader actually sees on the pages."""
    done = _run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], 60)
    if done.returncode != 0:
        raise RuntimeError(f"pdftotext failed on {pdf}: {done.stderr}")
    return done.stdout
