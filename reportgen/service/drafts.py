"""A workspace scenario's builds, each kept as a numbered draft, for downloads and comparisons.

Draft N of scenario ID is `reportgen-served/ID/drafts/N/`: the set its build
wrote (`OUT/<id>/`, as `reportgen build -o` writes it) and `draft.json`, what
the build said (its units and warnings) and when. Numbers are taken by making
the folder, so two builds at once never share one; a build that fails leaves
no draft.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

from reportgen.output import write_atomically

DRAFTS = "drafts"
RECORD = "draft.json"
MAX_DRAFTS = 10_000


def drafts_folder(served: Path, scenario_id: str) -> Path:
    return served / scenario_id / DRAFTS


def numbers(folder: Path) -> list[int]:
    """The drafts kept, oldest first."""
    if not folder.is_dir():
        return []
    found = [int(p.name) for p in folder.iterdir() if p.name.isdigit() and p.is_dir()]
    return sorted(n for n in found if (folder / str(n) / RECORD).is_file())


def start(folder: Path) -> tuple[int, Path]:
    """A new draft's number and folder (made now, so no other build takes it)."""
    folder.mkdir(parents=True, exist_ok=True)
    taken = [int(p.name) for p in folder.iterdir() if p.name.isdigit()]
    number = max(taken, default=0) + 1
    while number <= MAX_DRAFTS:
        try:
            (folder / str(number)).mkdir()
        except FileExistsError:
            number += 1
            continue
        return number, folder / str(number)
    raise OSError(f"more than {MAX_DRAFTS} drafts in {folder}")


def finish(draft: Path, built: dict[str, Any]) -> None:
    """Record what the build said; from now on the draft is listed."""
    record = {
        "time": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S"),
        "id": built["id"],
        "units": built["units"],
        "warnings": built["warnings"],
    }
    data = json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8")
    write_atomically({draft / RECORD: data})


# Documents first, then workbooks, PDFs and the data.
SUFFIX_ORDER = {".docx": 0, ".xlsx": 1, ".pdf": 2, ".json": 3}


def document_order(name: str) -> tuple[int, str]:
    return SUFFIX_ORDER.get(Path(name).suffix.lower(), len(SUFFIX_ORDER)), name


def abandon(draft: Path) -> None:
    shutil.rmtree(draft, ignore_errors=True)


def the_set(folder: Path, number: int) -> Path | None:
    """The documents' folder of a kept draft, None when there is no such draft."""
    if number not in numbers(folder):
        return None
    record = json.loads((folder / str(number) / RECORD).read_text(encoding="utf-8"))
    found = folder / str(number) / str(record["id"])
    return found if found.is_dir() and not found.is_symlink() else None


def listed(folder: Path) -> list[dict[str, Any]]:
    """Each kept draft, newest first: its number, time, units and documents."""
    drafts = []
    for number in reversed(numbers(folder)):
        record = json.loads((folder / str(number) / RECORD).read_text(encoding="utf-8"))
        documents = the_set(folder, number)
        names = (
            sorted((p.name for p in documents.iterdir() if p.is_file()), key=document_order)
            if documents
            else []
        )
        drafts.append({"number": number, **record, "documents": names})
    return drafts
