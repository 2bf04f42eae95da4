"""A warm LibreOffice that turns documents into PDFs, run by a Python that has `uno`.

This file is a program, not a module of reportgen: LibreOffice's Python (or the
system's, with python3-uno) runs it, and that Python has nothing but its standard
library and `uno`. It starts one headless LibreOffice with a private profile,
then reads one JSON request per line on stdin and answers one JSON line on
stdout:

    {"docx": "/abs/in.docx", "pdf": "/abs/out.pdf"}
    → {"ok": true, "contents": [["一、基本情况", "1"], …], "pages": 22}
    → {"ok": false, "error": "…"}

Before the export every index (the table of contents) is updated, so it shows
the page numbers of this layout, and the answer gives them back for the .docx.
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
                _answer({"ok": True, **_convert(desktop, request["docx"], request["pdf"])})
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


def _convert(desktop, docx: str, pdf: str) -> dict:
    document = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(docx),
        "_blank",
        0,
        (_property("Hidden", True), _property("ReadOnly", True)),
    )
    if document is None:
        raise ValueError("LibreOffice could not open the document")
    try:
        contents = _update_indexes(document)
        document.storeToURL(uno.systemPathToFileUrl(pdf), _pdf_export())
        pages = document.getCurrentController().getPropertyValue("PageCount")
    finally:
        document.close(True)
    return {"contents": contents, "pages": pages}


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
        _property("UseTaggedPDF", True),
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
