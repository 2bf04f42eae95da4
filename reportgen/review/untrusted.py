"""Opening a .docx handed over by anyone: no entity expansion, no zip bombs, plain errors.

A draft may come from a mailbox. Its XML is parsed without DTDs, entities or
network access, and a document that declares a DTD at all is refused before
it is parsed (Word never writes one). The archive is refused when it has absurdly many entries
or unpacks to absurdly much; sizes are counted while unpacking, because the
sizes an archive declares can lie. A part read as XML is bounded in what it
declares (`declared`: its size, elements, nesting, tables, rows and spans)
before anyone reads it, so every reader of a draft or a template reads a part
within those bounds. Anything broken is a ReportgenError naming the file,
never a traceback.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from reportgen.errors import Problem, ReportgenError, display_path
from reportgen.review import declared

MAX_ENTRIES = 2_000
MAX_UNPACKED = 256 * 1024 * 1024  # all parts read, in bytes
MAX_RATIO = 200  # unpacked ÷ packed for one part larger than a megabyte
CHUNK = 1024 * 1024
ELEMENT_START = re.compile(rb"<[A-Za-z_]")

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
)


def damaged(path: Path, why: str, what: str = "Word document") -> ReportgenError:
    return ReportgenError([Problem(f"not a readable {what}: {why}", display_path(path))])


@dataclass
class UntrustedDocx:
    """The parts of one .docx, read on demand within the limits above."""

    path: Path
    archive: zipfile.ZipFile
    unpacked: int = 0
    what: str = "Word document"
    rows: int = 0  # in the tables of the parts read as XML so far

    @classmethod
    def open(cls, path: Path, what: str = "Word document") -> UntrustedDocx:
        if not path.is_file():
            raise ReportgenError([Problem("no such file", display_path(path))])
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise damaged(path, f"not a zip archive ({exc})", what) from None
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise damaged(path, f"{len(entries)} entries (at most {MAX_ENTRIES})", what)
        if any(entry.flag_bits & 0x1 for entry in entries):
            raise damaged(path, "it is encrypted (save it without a password)", what)
        methods = {e.compress_type for e in entries} - {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
        if methods:
            raise damaged(
                path, f"it uses compression method {min(methods)}, which Word never does", what
            )
        return cls(path, archive, what=what)

    def _damaged(self, why: str) -> ReportgenError:
        return damaged(self.path, why, self.what)

    def has(self, name: str) -> bool:
        return name in self.archive.namelist()

    def read(self, name: str, at_most: int | None = None) -> bytes:
        """The part's bytes; refused beyond `at_most` of them, counted while unpacking."""
        try:
            info = self.archive.getinfo(name)
        except KeyError:
            raise self._damaged(f"it has no {name}") from None
        data = bytearray()
        try:
            with self.archive.open(info) as part:
                while chunk := part.read(CHUNK):
                    data += chunk
                    self._count(len(chunk), info, len(data))
                    if at_most is not None and len(data) > at_most:
                        raise self._damaged(f"{name} is larger than {at_most // CHUNK} MiB")
        except (
            zipfile.BadZipFile,
            OSError,
            EOFError,
            ValueError,
            RuntimeError,  # encrypted
            NotImplementedError,  # a compression method zipfile lacks
            zlib.error,
        ) as exc:
            raise self._damaged(f"{name} cannot be unpacked ({exc})") from None
        return bytes(data)

    def _count(self, size: int, info: zipfile.ZipInfo, so_far: int) -> None:
        self.unpacked += size
        if self.unpacked > MAX_UNPACKED:
            raise self._damaged(f"it unpacks to more than {MAX_UNPACKED // CHUNK} MiB")
        if so_far > CHUNK and so_far > MAX_RATIO * max(info.compress_size, 1):
            raise self._damaged(f"{info.filename} unpacks {MAX_RATIO}× beyond its size")

    def xml(self, name: str) -> etree._Element:
        """The part parsed, within the bounds of what a part may declare."""
        data = self.read(name, at_most=declared.MAX_PART)
        element = ELEMENT_START.search(data)
        if b"<!DOCTYPE" in data[: element.start() if element else len(data)].upper():
            raise self._damaged(f"{name} declares a DTD, which Word documents never do")
        why = declared.size_problem(data)
        if why:
            raise self._damaged(f"{name}: {why}")
        try:
            tree = etree.fromstring(data, _PARSER).getroottree()
        except etree.XMLSyntaxError as exc:
            deep = declared.depth_problem(exc)
            if deep:
                raise self._damaged(f"{name}: {deep}") from None
            raise self._damaged(f"{name} is not well-formed XML ({exc})") from None
        if tree.docinfo.doctype:
            raise self._damaged(f"{name} declares a DTD, which Word documents never do")
        self.rows, why = declared.table_problem(tree.getroot(), self.rows)
        if why:
            raise self._damaged(f"{name}: {why}")
        return tree.getroot()

    def check_xml(self) -> None:
        """Every XML part parsed within the bounds, for a reader that takes the file as it is
        (the redline engine reads every part of both drafts)."""
        for info in self.archive.infolist():
            if info.filename.endswith((".xml", ".rels")):
                self.xml(info.filename)

    def close(self) -> None:
        self.archive.close()
