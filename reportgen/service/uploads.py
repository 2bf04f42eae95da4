"""An uploaded scenario put in a job's folder: a .zip of its folder, or its workbook.

Everything uploaded is untrusted. A .zip is read as untrusted drafts are
(`review.untrusted`: bounded entries, unpacked size and ratio, sizes counted as
they are unpacked); each entry must be a relative path of harmless names, not
a link, and not deeper than a scenario tree goes. macOS's `__MACOSX/` folder
and hidden files (`.DS_Store`) are left out. The scenario found is the one
folder holding a scenario.yaml or scenario workbook, with any `frameworks/`
folder beside it as in `scenarios/`. Nothing is written outside the job's
folder, and a scenario cannot name a file outside its upload: a reference
may not leave the scenarios tree (`scenario.paths`), and empty `frameworks/`
folders in the upload and the job's folder make the tree end there.
"""

from __future__ import annotations

import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from reportgen.batch import find_scenarios
from reportgen.errors import Problem, ReportgenError
from reportgen.review.untrusted import UntrustedDocx
from reportgen.safe_names import name_problem

MAX_UPLOAD_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 8  # folders inside each other in an upload
ZIP_MAGIC = b"PK\x03\x04"
UPLOAD_ROOT = "upload"  # the upload's own folder, inside the job's folder


def unpack(data: bytes, job_folder: Path, name: str) -> Path:
    """The scenario the upload holds, unpacked under `job_folder/upload/`.

    `name`: what the client called the upload, for messages (a workbook keeps its name).
    """
    expected = "a .zip archive or an .xlsx workbook"
    kind = "scenario upload (.zip or .xlsx)"
    with _untrusted(data, job_folder / "upload.zip", name, expected, kind) as archive:
        root = job_folder / UPLOAD_ROOT
        root.mkdir(parents=True)
        (job_folder / "frameworks").mkdir()  # the tree ends here, whatever the upload holds
        if archive.has("xl/workbook.xml"):  # the workbook itself, not a folder of files
            workbook = root / _workbook_name(name)
            workbook.write_bytes(data)
            return workbook
        _extract(archive, root, name)
    (root / "frameworks").mkdir(exist_ok=True)
    return _the_scenario(root, name)


def unpack_templates(data: bytes, job_folder: Path, name: str) -> Path:
    """An uploaded .zip of house templates (performance_report.docx, …), unpacked under
    `job_folder/templates/`: the folder holding them, the archive's root or its one folder."""
    expected, kind = "a .zip archive of templates", "templates upload (.zip)"
    with _untrusted(data, job_folder / "templates.zip", name, expected, kind) as archive:
        root = job_folder / "templates"
        root.mkdir(parents=True)
        _extract(archive, root, name)
    folders = [p for p in root.iterdir() if p.is_dir()]
    if not any(root.glob("*.docx")) and len(folders) == 1:
        root = folders[0]
    if not any(root.glob("*.docx")):
        raise ReportgenError([Problem("the archive holds no .docx template", name)])
    return root


@contextmanager
def _untrusted(
    data: bytes, path: Path, name: str, expected: str, kind: str
) -> Iterator[UntrustedDocx]:
    """The upload saved at `path` and opened as an untrusted archive (named `kind` when it is
    damaged); refused when it is not even a zip, as `expected` says it should be."""
    if not data.startswith(ZIP_MAGIC):
        raise ReportgenError([Problem(f"not {expected}", name)])
    path.write_bytes(data)
    try:
        archive = UntrustedDocx.open(path, what=kind)
        try:
            yield archive
        finally:
            archive.close()
    except ReportgenError as error:  # named by where it was saved: name it as the client did
        raise error.naming({path: name}) from None


def _workbook_name(name: str) -> str:
    stem = PurePosixPath(name.replace("\\", "/")).name
    if name_problem(stem) is None and stem.lower().endswith((".xlsx", ".xlsm")):
        return stem
    return "scenario.xlsx"


def _extract(archive: UntrustedDocx, root: Path, name: str) -> None:
    seen: set[str] = set()
    for info in archive.archive.infolist():
        parts = _parts(info.filename, name)
        if parts is None:
            continue  # macOS's resource forks and hidden files
        if stat.S_ISLNK(info.external_attr >> 16):
            raise _refused(name, info.filename, "is a symbolic link")
        key = "/".join(parts).casefold()
        if key in seen:
            raise _refused(name, info.filename, "is in the archive twice")
        seen.add(key)
        target = root.joinpath(*parts)
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(archive.read(info.filename))


def _parts(entry: str, name: str) -> list[str] | None:
    """The entry's path as names, None for what is left out; refused when unsafe."""
    if "\\" in entry:
        raise _refused(name, entry, "uses \\ in its path (zip paths use /)")
    path = PurePosixPath(entry)
    if path.is_absolute() or entry.startswith("/"):
        raise _refused(name, entry, "is an absolute path")
    parts = [p for p in path.parts if p]
    if not parts:
        raise _refused(name, entry, "has no name")
    if parts[0] == "__MACOSX" or any(p.startswith(".") and p not in (".", "..") for p in parts):
        return None
    if len(parts) > MAX_DEPTH + 1:
        raise _refused(name, entry, f"is more than {MAX_DEPTH} folders deep")
    for part in parts:
        why = name_problem(part)
        if why:
            raise _refused(name, entry, f"has a name that {why}")
    return parts


def _the_scenario(root: Path, name: str) -> Path:
    found = find_scenarios(root)
    if len(found) == 1:
        return found[0]
    if not found:
        message = "the archive holds no folder with a scenario.yaml or a scenario workbook"
    else:
        listed = ", ".join(p.relative_to(root).as_posix() for p in found[:5])
        message = f"the archive holds {len(found)} scenarios ({listed}): upload one at a time"
    raise ReportgenError([Problem(message, name)])


def _refused(name: str, entry: str, why: str) -> ReportgenError:
    return ReportgenError([Problem(f"the archive's entry {entry!r} {why}", name)])
