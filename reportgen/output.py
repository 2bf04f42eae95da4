"""Writing output files atomically: all are produced first, then each is renamed into place.

A failed build therefore leaves the previous output intact, and a reader never
sees a half-written file.
"""

from __future__ import annotations

import os
from pathlib import Path


def write_atomically(files: dict[Path, bytes]) -> None:
    """Write every file to a temporary name beside it, then rename them all into place."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            staged.append((_stage(path, data), path))
        for staged_file, path in staged:
            os.replace(staged_file, path)
    finally:
        for staged_file, _ in staged:
            staged_file.unlink(missing_ok=True)


def _stage(path: Path, data: bytes) -> Path:
    """`data` written to a hidden temporary file in `path`'s folder, unique to this process."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(data)
    return staged
