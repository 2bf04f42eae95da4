"""PDFs of the documents a build writes, laid out by LibreOffice (see `converter`)."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path, PurePosixPath

from reportgen.errors import display_path
from reportgen.pdf.converter import ConversionFailed, Converted, PdfConverter
from reportgen.pdf.office import OfficeMissing, find_office

__all__ = [
    "ConversionFailed",
    "Converted",
    "OfficeMissing",
    "PdfConverter",
    "find_office",
    "pdf_name",
    "with_pdfs",
]


def pdf_name(docx_name: str) -> str:
    return str(PurePosixPath(docx_name).with_suffix(".pdf"))


def with_pdfs(files: dict[str, bytes], converter: PdfConverter, folder: Path) -> dict[str, bytes]:
    """`files` (to be written into `folder`) with a PDF beside each .docx, and each .docx's
    contents given the page numbers of that PDF."""
    from reportgen.render.contents_pages import with_page_numbers

    out = dict(files)
    with tempfile.TemporaryDirectory(prefix="reportgen-pdf-") as scratch:
        for index, (name, data) in enumerate(files.items()):
            if not name.lower().endswith(".docx"):
                continue
            # Plain names on disk: LibreOffice sees no name a scenario chose.
            docx, pdf = Path(scratch, f"{index}.docx"), Path(scratch, f"{index}.pdf")
            docx.write_bytes(data)
            try:
                converted = converter.convert(docx, pdf)
            except ConversionFailed as error:
                where = display_path(folder / name)
                raise ConversionFailed(
                    [dataclasses.replace(p, file=where) for p in error.problems]
                ) from None
            out[name] = with_page_numbers(data, converted.contents)
            out[pdf_name(name)] = pdf.read_bytes()
            pdf.unlink()
    return out
