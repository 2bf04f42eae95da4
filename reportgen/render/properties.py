"""The document properties reportgen writes when a template's own hold no tags."""

from __future__ import annotations

from reportgen.render.xml import text

DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def core_properties(title: str, timestamp: str) -> str:
    """Document properties with a fixed timestamp, so the same inputs give the same bytes."""
    return (
        DECLARATION
        + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{text(title)}</dc:title><dc:creator>reportgen</dc:creator>"
        "<cp:lastModifiedBy>reportgen</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{timestamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{timestamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )
