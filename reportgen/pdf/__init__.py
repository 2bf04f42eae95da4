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
    """`files` (to be written into `folder`) with a PDF beside each .docx; each .docx as its
    PDF shows it: its contents numbered, its merged labels repeated where a page cuts them."""
    from reportgen.render.contents_pages import with_page_numbers

    out = dict(files)
    with tempfile.TemporaryDirectory(prefix="reportgen-pdf-") as scratch:
        for index, (name, data) in enumerate(files.items()):
            if not name.lower().endswith(".docx"):
                continue
            # Plain names on disk: LibreOffice sees no name a scenario chose.
            docx, pdf = Path(scratch, f"{index}.docx"), Path(scratch, f"{index}.pdf")
            try:
                laid_out, converted = _laid_out(data, docx, pdf, converter)
            except ConversionFailed as error:
                where = display_path(folder / name)
                raise ConversionFailed(
                    [dataclasses.replace(p, file=where) for p in error.problems]
                ) from None
            out[name] = with_page_numbers(laid_out, converted.contents)
            out[pdf_name(name)] = pdf.read_bytes()
            pdf.unlink()
    return out


def _laid_out(
    data: bytes, docx: Path, pdf: Path, converter: PdfConverter
) -> tuple[bytes, Converted]:
    """The document as its PDF shows it, and its layout, with `pdf` written from it.

    A document with merged table cells is laid out once to find the merges a page cuts
    (without its export or contents), which are then started again on the new page; the
    repeated labels are short beside their rows, so they move no page break, and the
    second layout is the PDF's."""
    from reportgen.render.continued_merges import merged_tables, with_labels_repeated

    tables = merged_tables(data)
    docx.write_bytes(data)
    if tables:
        measured = converter.convert(docx, None, tables, contents=False)
        repeated = with_labels_repeated(data, measured.rows)
        if repeated is not None:
            data = repeated
            docx.write_bytes(data)
    return data, converter.convert(docx, pdf)
