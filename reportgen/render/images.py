"""Pictures placed by a template: `{{ chart }}` in a paragraph, a cell, a header or a footer.

docxtpl's InlineImage needs the template object; here a picture is a plain
value, `Image`, that any context may hold (and `reportgen render` data may
name as `{image: chart.png, width_mm: 80}`). While a part renders, each
picture written is recorded and stands as a drawing run referring to a
relationship id; after rendering, the pictures become media parts of the
package with their relationships and content types.
"""

from __future__ import annotations

import contextvars
import hashlib
import re
from dataclasses import dataclass, field

from markupsafe import Markup

from reportgen.errors import Problem, ReportgenError
from reportgen.render.xml import escape

MAX_BYTES = 16 * 1024 * 1024
EMU_PER_MM = 36000
RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DRAWING_IDS = 50000  # docPr ids of placed pictures start here, above any a template has


@dataclass(frozen=True)
class Image:
    """A picture to place, with its size in EMU (the picture's own when not given)."""

    data: bytes
    width: int
    height: int
    extension: str
    content_type: str
    description: str = ""

    @classmethod
    def from_bytes(
        cls,
        data: bytes,
        *,
        width_mm: float | None = None,
        height_mm: float | None = None,
        description: str = "",
        what: str = "image",
    ) -> Image:
        """A PNG, JPEG, GIF, BMP or TIFF picture; one of width/height keeps the aspect ratio."""
        if len(data) > MAX_BYTES:
            raise ReportgenError([Problem(f"over {MAX_BYTES // 1024 // 1024} MiB", what)])
        from docx.image.exceptions import UnrecognizedImageError
        from docx.image.image import Image as Picture

        try:
            picture = Picture.from_blob(data)
        except (UnrecognizedImageError, ValueError, IndexError, OSError) as error:
            raise ReportgenError(
                [Problem(f"not a picture Word can show ({error})", what)]
            ) from None
        width = round(width_mm * EMU_PER_MM) if width_mm else None
        height = round(height_mm * EMU_PER_MM) if height_mm else None
        cx, cy = picture.scaled_dimensions(width, height)
        return cls(data, int(cx), int(cy), picture.ext, picture.content_type, description)


@dataclass
class _Placed:
    """The pictures one part placed, with the relationship id each got."""

    part: str
    ids: dict[str, str] = field(default_factory=dict)  # digest → rId
    images: dict[str, Image] = field(default_factory=dict)  # digest → image


_PLACED: contextvars.ContextVar[_Placed | None] = contextvars.ContextVar("placed", default=None)
_COUNTER: contextvars.ContextVar[list[int]] = contextvars.ContextVar("drawings")


def start(part: str) -> contextvars.Token[_Placed | None]:
    return _PLACED.set(_Placed(part))


def placed() -> _Placed | None:
    return _PLACED.get()


def reset(token: contextvars.Token[_Placed | None]) -> None:
    _PLACED.reset(token)


def start_document() -> contextvars.Token[list[int]]:
    return _COUNTER.set([DRAWING_IDS])


def end_document(token: contextvars.Token[list[int]]) -> None:
    _COUNTER.reset(token)


def drawing(image: Image) -> Markup:
    """The picture as a run of its own, closing and reopening the text run it stands in."""
    current = _PLACED.get()
    if current is None:
        raise ValueError("a picture can only be placed while a document renders")
    digest = hashlib.sha256(image.data).hexdigest()[:16]
    rid = current.ids.setdefault(digest, f"rIdReportgenImage{len(current.ids) + 1}")
    current.images[digest] = image
    counter = _COUNTER.get([DRAWING_IDS])
    counter[0] += 1
    number = counter[0]
    name = escape(image.description or f"Picture {number}")
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    pic = "http://schemas.openxmlformats.org/drawingml/2006/picture"
    wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    extent = f'cx="{image.width}" cy="{image.height}"'
    return Markup(
        "</w:t></w:r><w:r><w:drawing>"
        f'<wp:inline xmlns:wp="{wp}" distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent {extent}/><wp:docPr id="{number}" name="{name}" descr="{name}"/>'
        f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{a}" noChangeAspect="1"/>'
        f'</wp:cNvGraphicFramePr><a:graphic xmlns:a="{a}"><a:graphicData uri="{pic}">'
        f'<pic:pic xmlns:pic="{pic}"><pic:nvPicPr><pic:cNvPr id="0" name="{name}"/><pic:cNvPicPr/>'
        f'</pic:nvPicPr><pic:blipFill><a:blip xmlns:r="{r}" r:embed="{rid}"/><a:stretch>'
        f'<a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext {extent}/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
        "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
        '<w:r><w:t xml:space="preserve">'
    )


def rels_name(part: str) -> str:
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels"


def packaged(
    members: list[tuple[str, bytes]], placements: list[_Placed]
) -> list[tuple[str, bytes]]:
    """The package with every placed picture as a media part, related to the part that shows it."""
    if not any(p.images for p in placements):
        return members
    by_name = dict(members)
    media: dict[str, bytes] = {}
    extensions: dict[str, str] = {}
    rels_updates: dict[str, str] = {}
    for placement in placements:
        if not placement.images:
            continue
        rels = rels_name(placement.part)
        xml = by_name.get(rels, b"").decode("utf-8") or (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{RELS_NS}"></Relationships>'
        )
        xml = rels_updates.get(rels, xml)
        entries = ""
        for digest, image in placement.images.items():
            target = f"media/reportgen-{digest}.{image.extension}"
            media[f"word/{target}"] = image.data
            extensions[image.extension] = image.content_type
            rid = placement.ids[digest]
            if f'Id="{rid}"' not in xml:
                entries += f'<Relationship Id="{rid}" Type="{RELATIONSHIP}" Target="{target}"/>'
        rels_updates[rels] = xml.replace("</Relationships>", entries + "</Relationships>")
    out = []
    for name, data in members:
        if name in rels_updates:
            data = rels_updates.pop(name).encode("utf-8")
        elif name == "[Content_Types].xml":
            data = _with_defaults(data.decode("utf-8"), extensions).encode("utf-8")
        out.append((name, data))
    out += [(name, xml.encode("utf-8")) for name, xml in rels_updates.items()]
    out += sorted(media.items())
    return out


def _with_defaults(types: str, extensions: dict[str, str]) -> str:
    for extension, content_type in sorted(extensions.items()):
        if re.search(rf'<Default Extension="{re.escape(extension)}"', types, re.I):
            continue
        default = f'<Default Extension="{extension}" ContentType="{content_type}"/>'
        opening = re.search(r"<Types[^>]*>", types)
        if opening is not None:
            types = types[: opening.end()] + default + types[opening.end() :]
    return types
