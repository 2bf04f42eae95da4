"""Writing output: a build's files replace the previous set all at once, or not at all.

A scenario's documents, workbook and scores.json live in one folder,
`OUT/<id>/`. A build writes the new set into a hidden folder of its own
(under `OUT/.reportgen-staging/`, so that looking for what a killed build
left costs the same with ten sets in OUT or ten thousand) and then swaps the
two folders in one step (an atomic exchange where the system
has one, two renames otherwise), so that after a crash at any moment the
folder holds the whole old set or the whole new set; documents of units that
no longer exist go with the old set. Builds into one folder take turns (a
lock per folder), and whatever a killed build left behind is removed by the
next one. Files outside a set (the batch summary) are replaced one by one,
each atomically.
"""

from __future__ import annotations

import functools
import glob
import os
import re
import secrets
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from reportgen.errors import Problem, ReportgenError, display_path
from reportgen.locking import exclusive_lock
from reportgen.safe_names import name_problem

LOCKS = ".reportgen-locks"
STAGING = ".reportgen-staging"


def replace_set(root: Path, name: str, files: dict[str, bytes], *, durable: bool = True) -> Path:
    """Make `root/name` hold exactly `files` (names within it), replacing what it held.

    `durable` also waits until the set is on disk, so that it survives a power cut, not
    only a crash; a batch leaves that to the system (it costs a quarter of its speed,
    and a batch cut short is run again).
    """
    folder = root / name
    with _plain_errors(root):
        _check_names(root, [name, *files])
        ensure_folder(root)
        with exclusive_lock(lock_file(root, name)):
            _remove_leftovers(root, name)
            if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
                raise ReportgenError([_unusable(folder, "is a file or a link, not a folder")])
            _check_inside(root, folder, files)
            staging = root / STAGING / _hidden_name(name, "new")
            try:  # a set half written (a full disk) goes as surely as the replaced one
                _stage(staging, files, durable)
                staging = _swap(staging, folder, root / STAGING, name)
            finally:
                _remove(staging)
            if durable:
                _sync(root)
    return folder


def write_atomically(files: dict[Path, bytes]) -> None:
    """Write every file to a hidden name beside it, then rename each into place."""
    staged: list[tuple[Path, Path]] = []
    with _plain_errors(next(iter(files)).parent if files else Path(".")):
        try:
            for path, data in files.items():
                ensure_folder(path.parent)
                _remove_stale_files(path)
                staged.append((_write_new(path.with_name(_temporary_name(path.name)), data), path))
            for staged_file, path in staged:
                os.replace(staged_file, path)
        finally:
            for staged_file, _ in staged:
                staged_file.unlink(missing_ok=True)


def lock_file(root: Path, name: str) -> Path:
    """The lock of `root/name` (a scenario id, or a hidden name of the batch's own)."""
    locks = root / LOCKS
    locks.mkdir(exist_ok=True)
    return locks / f"{name}.lock"


def ensure_folder(folder: Path) -> None:
    """`folder` exists as a folder (made when missing), or a plain error says why not."""
    if folder.is_dir():  # the usual case, one look
        return
    if folder.exists() and not folder.is_dir():
        raise ReportgenError([_unusable(folder, "is a file, not a folder")])
    for parent in folder.parents:
        if parent.exists() and not parent.is_dir():
            raise ReportgenError([_unusable(parent, "is a file, not a folder")])
    folder.mkdir(parents=True, exist_ok=True)


@contextmanager
def _plain_errors(place: Path) -> Iterator[None]:
    """A write the system refuses (permissions, a full disk) is the user's to fix."""
    try:
        yield
    except OSError as error:
        where = Path(error.filename) if error.filename else place
        why = error.strerror or str(error)
        raise ReportgenError([_unusable(where, f"cannot be written: {why}")]) from None


def _unusable(path: Path, why: str) -> Problem:
    return Problem(f"the output {why}", display_path(path), field="--output")


def _check_names(root: Path, names: list[str]) -> None:
    """Every name is one harmless path component (checked before any is used)."""
    problems = [
        Problem(f"an output name {why}: {name!r}", display_path(root), field="--output")
        for name in names
        if (why := name_problem(name))
    ]
    if problems:
        raise ReportgenError(problems)


def _check_inside(root: Path, folder: Path, files: dict[str, bytes]) -> None:
    """Every path resolves inside `root`, whatever links the folders hold."""
    inside = root.resolve()
    for file in files:
        if not (folder / file).resolve().is_relative_to(inside):
            message = f"{file!r} resolves outside the output folder"
            raise ReportgenError([Problem(message, display_path(root), field="--output")])


LEFTOVER_STATE = re.compile(r"(new|old)-\d+-[0-9a-f]{8}")  # after `.<name>.`


def _hidden_name(name: str, state: str) -> str:
    return f".{name}.{state}-{os.getpid()}-{secrets.token_hex(4)}"


def _remove_leftovers(root: Path, name: str) -> None:
    """What a killed build left: its new set (never swapped in) and an old set not yet removed.

    A build stopped between the two renames of the fallback swap leaves no
    folder at all but the old set under its hidden name: that is put back.
    """
    hidden = root / STAGING
    try:
        names = os.listdir(hidden)
    except FileNotFoundError:
        names = []
    prefix = f".{name}."
    leftovers = sorted(
        hidden / n
        for n in names
        if n.startswith(prefix) and LEFTOVER_STATE.fullmatch(n, len(prefix))
    )
    folder = root / name
    olds = [p for p in leftovers if ".old-" in p.name]
    if olds and not folder.exists() and not folder.is_symlink():
        os.rename(olds[-1], folder)
        leftovers.remove(olds[-1])
    for path in leftovers:
        _remove(path)


def _stage(staging: Path, files: dict[str, bytes], durable: bool) -> None:
    staging.parent.mkdir(exist_ok=True)
    staging.mkdir()
    for file, data in sorted(files.items()):
        _write_new(staging / file, data, durable)
    if durable:
        _sync(staging)


def _write_new(path: Path, data: bytes, durable: bool = True) -> Path:
    """`data` in a new file at `path` (`durable`: on disk before it is renamed anywhere)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(data)
        if durable:
            stream.flush()
            os.fsync(stream.fileno())
    return path


def _swap(staging: Path, folder: Path, hidden: Path, name: str) -> Path:
    """Put `staging` at `folder`; returns where the previous set now is, to remove it."""
    if not folder.exists():
        os.rename(staging, folder)
        return staging
    if _exchange(staging, folder):
        return staging
    old = hidden / _hidden_name(name, "old")
    os.rename(folder, old)
    os.rename(staging, folder)
    return old


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    import ctypes
    import errno

    at_cwd, rename_exchange = -100, 2
    if renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


@functools.cache
def _renameat2() -> Any:
    """The C library's renameat2, looked up once a process (a batch swaps thousands of sets)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    return getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)


def _sync(folder: Path) -> None:
    """The folder's entries on disk (renames included); a no-op where folders cannot be opened."""
    if os.name == "nt":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _temporary_name(name: str) -> str:
    return f".{name}.{os.getpid()}.tmp"


def _remove_stale_files(path: Path) -> None:
    """Temporary files of `path` left by processes that no longer run."""
    prefix, suffix = f".{path.name}.", ".tmp"
    for candidate in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        pid = candidate.name[len(prefix) : -len(suffix)]
        if pid.isdigit() and int(pid) != os.getpid() and not _running(int(pid)):
            candidate.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    if os.name == "nt":  # os.kill would end the process there: keep its file
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it runs, as another user
        return True
    return True
