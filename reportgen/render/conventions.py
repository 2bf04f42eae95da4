"""docxtpl's conventions in a template's text, kept so templates written for docxtpl work.

LibreOffice and WPS may save the quotes inside a tag as entities; docxtpl's
`{_{ x }_}` escapes print a tag literally.
"""

from __future__ import annotations

import re

# Inside a tag, the entities LibreOffice and WPS write for quotes mean the quotes.
TAG_CONTENT = re.compile(r"(?<=\{[{%])(.*?)(?=[}%]\})")
ENTITIES = {"&quot;": '"', "&apos;": "'", "&#39;": "'", "&#34;": '"'}
# docxtpl's escapes for text that must print as a tag: {_{ x }_} gives {{ x }}.
LITERAL_TAG = re.compile(r"\{_[{%]|[}%]_\}")
_LITERAL_TAG_ENCODED = re.compile(LITERAL_TAG.pattern.encode())


def decode_tag_entities(source: str) -> str:
    """Tags as their author typed them: `{{ a == &quot;x&quot; }}` is `{{ a == "x" }}`."""

    def decoded(match: re.Match[str]) -> str:
        text = match.group(0)
        for entity, char in ENTITIES.items():
            text = text.replace(entity, char)
        return text

    return TAG_CONTENT.sub(decoded, source)


def unescape_literal_tags(xml: bytes) -> bytes:
    """A rendered part (UTF-8) with docxtpl's escapes printing as the tags they stand for."""
    return _LITERAL_TAG_ENCODED.sub(lambda m: m.group(0).replace(b"_", b""), xml)
