"""Zip archives with fixed entry times, so the same inputs give the same bytes.

The timestamp comes from SOURCE_DATE_EPOCH when it is set (the reproducible
builds convention), otherwise from the report's own date, never from the clock.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from collections.abc import Iterable

EARLIEST = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # the first time a zip entry can carry
# Deflate level: documents are mostly repetitive XML, which the fastest level already
# shrinks about tenfold; higher levels cost several times the time for a few percent.
COMPRESSION = 1


def build_time(report_date: dt.date | None = None) -> dt.datetime:
    """The time stamped into documents: SOURCE_DATE_EPOCH, else the report date, else 1980."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return max(EARLIEST, dt.datetime.fromtimestamp(int(epoch), dt.UTC))
    if report_date is not None:
        return dt.datetime(report_date.year, report_date.month, report_date.day, tzinfo=dt.UTC)
    return EARLIEST


def iso(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def write_zip(members: Iterable[tuple[str, bytes]], moment: dt.datetime) -> bytes:
    """A deflated zip of `members` in the given order, every entry stamped `moment`."""
    stamp = moment.timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=COMPRESSION)
    return buffer.getvalue()


def read_members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def normalize_zip(data: bytes, moment: dt.datetime) -> bytes:
    """The same archive with fixed entry times (for files written by other libraries)."""
    return write_zip(read_members(data), moment)


def with_member(data: bytes, name: str, content: bytes) -> bytes:
    """The archive with the bytes of one member replaced, its entries' time kept."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        members = [(i.filename, content if i.filename == name else archive.read(i)) for i in infos]
    moment = dt.datetime(*infos[0].date_time, tzinfo=dt.UTC) if infos else EARLIEST
    return write_zip(members, moment)
