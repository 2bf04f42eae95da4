"""A warm LibreOffice that turns documents into PDFs, run by a Python that has `uno`.

This file is a program, not a module of reportgen: LibreOffice's Python (or the
system's, with python3-uno) runs it, and that Python has nothing but its standard
library and `uno`. It starts one headless LibreOffice with a private profile,
then reads one JSON request per line on stdin and answers one JSON line on
stdout:

    {"docx": "/abs/in.docx", "pdf": "/abs/out.pdf", "tables": [2, 8]}
    → {"ok": true, "contents": [["一、基本情况", "1"], …], "pages": 22,
       "rows": {"2": [5, 5, 6, …]}}
    → {"ok": false, "error": "…"}

Before the export every index (the table of contents) is updated, so it shows
the page numbers of this layout, and the answer gives them back for the .docx,
with the page each row of the tables asked for starts on. Without "pdf" the
document is laid out and measured, not exported; with "contents": false its
indexes are left as they are.
The PDF carries bookmarks from the headings and every font embedded. When
stdin closes (its parent ended, however it ended) LibreOffice is ended too.
"""

import json
import os
import signal
import subprocess
import sys
import time
from contextlib import suppress

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

START_SECONDS = 60.0


def main() -> int:
    soffice, profile, pipe = sys.argv[1:4]
    office = _start(soffice, profile, pipe)
    try:
        desktop = _connect(office, pipe)
        _answer({"ready": True})
        for line in sys.stdin:
            if not line.strip():
                continue
            request = json.loads(line)
            try:
                _answer({"ok": True, **_convert(desktop, request)})
            except Exception as error:  # a document LibreOffice cannot open or export
                if office.poll() is not None:
                    raise  # LibreOffice itself is gone: the parent starts a new helper
                _answer({"ok": False, "error": f"{type(error).__name__}: {error}"})
        with suppress(Exception):
            desktop.terminate()
    finally:
        _end(office)
    return 0


def _start(soffice: str, profile: str, pipe: str) -> subprocess.Popen:
    command = [
        soffice,
        "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
        "--headless",
        "--invisible",
        "--nologo",
        "--norestore",
        "--nodefault",
        "--nolockcheck",
        f"--accept=pipe,name={pipe};urp;",
    ]
    return subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=_end_with_parent if sys.platform.startswith("linux") else None,
    )


def _end_with_parent() -> None:
    """LibreOffice gets SIGTERM when this helper dies, even by SIGKILL (Linux's prctl)."""
    import ctypes

    with suppress(Exception):
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _connect(office: subprocess.Popen, pipe: str):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:
            if office.poll() is not None:
                raise SystemExit(
                    f"LibreOffice stopped starting (exit {office.returncode})"
                ) from None
            if time.monotonic() > deadline:
                raise SystemExit(f"LibreOffice did not start within {START_SECONDS:g} s") from None
            time.sleep(0.05)
    return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)


def _convert(desktop, request: dict) -> dict:
    document = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(request["docx"]),
        "_blank",
        0,
        (_property("Hidden", True), _property("ReadOnly", True)),
    )
    if document is None:
        raise ValueError("LibreOffice could not open the document")
    try:
        contents = _update_indexes(document) if request.get("contents", True) else []
        rows = _row_pages(document, request.get("tables") or [])
        if request.get("pdf"):
            document.storeToURL(uno.systemPathToFileUrl(request["pdf"]), _pdf_export())
        pages = document.getCurrentController().getPropertyValue("PageCount")
    finally:
        document.close(True)
    return {"contents": contents, "pages": pages, "rows": rows}


def _row_pages(document, wanted: list) -> dict:
    """For each table asked for (by its place among the tables), the page each of its rows
    starts on."""
    if not wanted:
        return {}
    cursor = document.getCurrentController().getViewCursor()
    tables = document.getTextTables()
    found = {}
    for index in wanted:
        if 0 <= index < tables.getCount():
            pages = _TablePages(tables.getByIndex(index), cursor).all()
            if pages:
                found[str(index)] = pages
    return found


class _TablePages:
    """The pages of a table's rows. Pages only grow down a table, so only the rows where they
    change are looked for, halving the rows between two that differ: each move of the view
    cursor to a cell costs milliseconds."""

    def __init__(self, table, cursor) -> None:
        self.table, self.cursor = table, cursor
        rightmost: dict[int, str] = {}
        for name in table.getCellNames():
            column = name.rstrip("0123456789")
            row = name[len(column) :]
            if row.isdigit() and "." not in name:
                previous = rightmost.get(int(row), "").rstrip("0123456789")
                if (len(column), column) > (len(previous), previous):
                    rightmost[int(row)] = name
        self.cells = [rightmost[number] for number in sorted(rightmost)]
        self.known: dict[int, int] = {}

    def all(self) -> list:
        if not self.cells:
            return []
        self._fill(0, len(self.cells) - 1)
        return [self.known[row] for row in range(len(self.cells))]

    def _page(self, row: int) -> int:
        if row not in self.known:
            self.cursor.gotoRange(self.table.getCellByName(self.cells[row]).getStart(), False)
            self.known[row] = self.cursor.getPage()
        return self.known[row]

    def _fill(self, low: int, high: int) -> None:
        if self._page(low) == self._page(high):
            for row in range(low, high + 1):
                self.known[row] = self.known[low]
        elif high - low > 1:
            middle = (low + high) // 2
            self._fill(low, middle)
            self._fill(middle, high)


def _update_indexes(document) -> list:
    """Every index brought up to date; the lines of the contents as (text, page number)."""
    contents = []
    indexes = document.getDocumentIndexes()
    for position in range(indexes.getCount()):
        index = indexes.getByIndex(position)
        index.update()
        if index.supportsService("com.sun.star.text.ContentIndex"):
            for line in index.getAnchor().getString().splitlines():
                text, _, page = line.rpartition("\t")
                if text.strip():
                    contents.append([text, page.strip()])
    return contents


def _pdf_export() -> tuple:
    options = (
        _property("ExportBookmarks", True),
        _property("UseTaggedPDF", False),
        _property("EmbedStandardFonts", True),
        _property("ExportFormFields", False),
        _property("IsSkipEmptyPages", False),
    )
    data = uno.Any("[]com.sun.star.beans.PropertyValue", options)
    return (_property("FilterName", "writer_pdf_Export"), _property("FilterData", data))


def _property(name: str, value: object) -> PropertyValue:
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _answer(message: dict) -> None:
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _end(office: subprocess.Popen) -> None:
    """LibreOffice ended: it has been asked to, else it is told to, then made to."""
    for ending in (lambda: None, office.terminate, office.kill):
        ending()
        with suppress(subprocess.TimeoutExpired):
            office.wait(5)
            return


if __name__ == "__main__":
    os.environ.setdefault("SAL_USE_VCLPLUGIN", "svp")
    sys.exit(main())
