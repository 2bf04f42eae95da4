"""Word's own tracked changes between two drafts, from the optional Docxodus engine.

python-redlines ships Docxodus (MIT, a self-contained .NET build inside its
wheel, offline) and is installed with `pip install 'reportgen[redline]'`. The
revisions carry the new draft's own date, so the same two drafts always give
the same redline, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from reportgen.errors import Problem, ReportgenError
from reportgen.output import write_atomically
from reportgen.review.compare import Review
from reportgen.review.untrusted import UntrustedDocx

AUTHOR = "reportgen"
CORE = "docProps/core.xml"
MODIFIED = "{http://purl.org/dc/terms/}modified"
INSTALL_HINT = "Word tracked changes need the redline extra: pip install 'reportgen[redline]'"


def redline(old: Path, new: Path, author: str = AUTHOR) -> bytes:
    """A copy of `new` in which everything that differs from `old` is a tracked change."""
    when = revision_date(old, new)
    from reportgen.workers import memory_cap_lifted

    try:
        from python_redlines import DocxodusEngine, EngineExecutionError, EngineNotInstalledError
    except ImportError:
        raise ReportgenError(INSTALL_HINT) from None
    try:
        engine = DocxodusEngine()
        with memory_cap_lifted():  # .NET reserves more than a worker's cap (the service's jobs)
            data, _, _ = engine.run_redline(author, original=old, modified=new, date_time=when)
    except EngineNotInstalledError:
        raise ReportgenError(INSTALL_HINT) from None
    except EngineExecutionError as exc:
        why = (exc.stderr or exc.output or "").strip().splitlines()[-1:] or ["no message"]
        raise ReportgenError(
            [
                Problem(
                    f"the redline engine could not compare it with {old.name}: {why[0]}", str(new)
                )
            ]
        ) from None
    return data


def revision_date(old: Path, new: Path) -> str:
    """The new draft's modification time. Both drafts are checked first, every XML part
    within the bounds of `untrusted`: the engine reads them all, and as they are."""
    for path in (old, new):
        docx = UntrustedDocx.open(path)
        try:
            docx.check_xml()
            core = docx.xml(CORE) if docx.has(CORE) else None
        finally:
            docx.close()
    stamp = core.findtext(MODIFIED) if core is not None else None
    if stamp:
        return stamp.strip()
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_redline(old: Path, new: Path, target: Path) -> Path:
    write_atomically({target: redline(old, new)})
    return target


def engine_available() -> bool:
    """Whether the optional engine is installed and starts on this platform."""
    try:
        from python_redlines import DocxodusEngine

        DocxodusEngine()
    except Exception:  # not installed, or no build for this platform: no redlines here
        return False
    return True


def write_redlines_for(review: Review, old: Path, new: Path, target: Path) -> list[Path]:
    """`diff --redline`: one file for two documents, one per changed document for folders."""
    if not new.is_dir():
        return [write_redline(old, new, target)] if review.documents else []
    pairs = [d.name for d in review.documents if d.status == "changed"]
    files = {target / name: redline(old / name, new / name) for name in pairs}
    write_atomically(files)
    return list(files)
