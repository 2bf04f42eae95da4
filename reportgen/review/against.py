"""`build --compare-to`: the new drafts against the last ones, a redline beside each change.

The previous drafts are read into memory before the build, because the
usual previous output is the very folder the build is about to overwrite.
The redlines are part of the new set of files, so a document that did not
change has none, and a stale one from an earlier comparison goes with the
old set.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import ReportgenError, display_path
from reportgen.review.compare import REDLINE_SUFFIX, compare_documents, drafts
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
        for name, path in drafts(root).items() if root.is_dir() else []:
            total += path.stat().st_size
            if total > MAX_SNAPSHOT:
                break
            files[name] = path.read_bytes()
        return cls(root, files)

    def counterpart(self, scenario_id: str, name: str) -> bytes | None:
        """The previous draft of `name`: under <root>/<scenario id>/, or <root>/ itself."""
        return self.files.get(f"{scenario_id}/{name}", self.files.get(name))

    def path_of(self, scenario_id: str, name: str) -> Path:
        """Where the previous draft of `name` was read from."""
        nested = f"{scenario_id}/{name}"
        return self.root / (nested if nested in self.files else name)

    def has_any(self, scenario_id: str, names: list[str]) -> bool:
        """Whether any of these documents has a previous draft to compare with."""
        return any(self.counterpart(scenario_id, name) is not None for name in names)


def redline_name(document: str) -> str:
    stem = document.removesuffix(".docx")
    return f"{stem}{REDLINE_SUFFIX}.docx"


def redlines_for(
    previous: PreviousDrafts, scenario_id: str, files: dict[str, bytes]
) -> dict[str, bytes]:
    """A redline (by file name) for every new document whose text differs from its last draft.

    Documents that differ only in their zip or metadata are not a change to review.
    """
    redlines = {}
    with tempfile.TemporaryDirectory(prefix="reportgen-redline-") as scratch:
        for name, data in files.items():
            old = previous.counterpart(scenario_id, name)
            if not name.endswith(".docx") or old is None or old == data:
                continue
            old_path, new_path = Path(scratch) / f"old-{name}", Path(scratch) / name
            old_path.write_bytes(old)
            new_path.write_bytes(data)
            try:
                if compare_documents(old_path, new_path, name).changes:
                    redlines[redline_name(name)] = redline(old_path, new_path)
            except ReportgenError as error:  # named as the user knows them, not the copies
                previous_path = display_path(previous.path_of(scenario_id, name))
                raise error.naming({old_path: previous_path, new_path: name}) from None
    return redlines
