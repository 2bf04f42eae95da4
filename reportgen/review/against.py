"""`build --compare-to`: the new drafts against the last ones, a redline beside each change.

The previous drafts are read into memory before the build, because the
usual previous output is the very folder the build is about to overwrite.
A document that did not change gets no redline, and a stale one from an
earlier comparison is removed so it cannot be mistaken for the current one.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from reportgen.output import write_atomically
from reportgen.review.compare import REDLINE_SUFFIX, compare_documents
from reportgen.review.redline import redline

MAX_SNAPSHOT = 512 * 1024 * 1024


@dataclass
class PreviousDrafts:
    """The .docx under the previous output, by path relative to it."""

    root: Path
    files: dict[str, bytes]

    @classmethod
    def read(cls, root: Path) -> PreviousDrafts:
        files: dict[str, bytes] = {}
        total = 0
        for path in sorted(root.rglob("*.docx")) if root.is_dir() else []:
            if path.stem.endswith(REDLINE_SUFFIX) or path.name.startswith("~$"):
                continue
            total += path.stat().st_size
            if total > MAX_SNAPSHOT:
                break
            files[path.relative_to(root).as_posix()] = path.read_bytes()
        return cls(root, files)

    def counterpart(self, scenario_id: str, name: str) -> bytes | None:
        """The previous draft of `name`: under <root>/<scenario id>/, or <root>/ itself."""
        return self.files.get(f"{scenario_id}/{name}", self.files.get(name))


def redline_path(document: Path) -> Path:
    return document.with_name(f"{document.stem}{REDLINE_SUFFIX}.docx")


def write_redlines(previous: PreviousDrafts, scenario_id: str, documents: list[Path]) -> list[Path]:
    """A redline beside every new document whose text differs from its previous draft.

    Documents that differ only in their zip or metadata are not a change to review.
    """
    written = []
    for document in documents:
        old = previous.counterpart(scenario_id, document.name)
        target = redline_path(document)
        if old is None or old == document.read_bytes():
            target.unlink(missing_ok=True)
            continue
        with tempfile.TemporaryDirectory(prefix="reportgen-previous-") as scratch:
            old_path = Path(scratch) / document.name
            old_path.write_bytes(old)
            if not compare_documents(old_path, document).changes:
                target.unlink(missing_ok=True)
                continue
            write_atomically({target: redline(old_path, document)})
        written.append(target)
    return written
