"""Forms and notices: the shipped `form` and `notice` templates filled with a body.

The schemes (评定表, 考核评分表, 清算结果通知, 一次性告知书, 申请表) build their body
as WordprocessingML from `reportgen.render.tables` and `reportgen.render.xml`,
and these helpers put it into the template with the shared typography.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from markupsafe import Markup

from reportgen import shipped
from reportgen.render import xml
from reportgen.render.engine import CompiledTemplate


def render_form(
    title: str,
    body_xml: str,
    *,
    subtitle: str = "",
    sample_data: bool = False,
    moment: dt.datetime,
    template: Path | None = None,
) -> bytes:
    """A landscape form: title, subtitle, the body (a line break in the title breaks it there)."""
    context = {
        "title": _title_lines(title),
        "subtitle": subtitle,
        "sample_data": sample_data,
        "body": Markup(body_xml),
    }
    return CompiledTemplate.load(template or shipped.template("form.docx")).render(
        context, title=title.replace("\n", ""), moment=moment
    )


def render_notice(
    title: str,
    body_xml: str,
    *,
    recipients: str = "",
    issuer: str = "",
    date: str = "",
    subtitle: str = "",
    sample_data: bool = False,
    moment: dt.datetime,
    template: Path | None = None,
) -> bytes:
    """A portrait notice: title, 主送, the body, 落款 and date.

    A line break in the title breaks the title line there, so a long title
    wraps where it reads well, not before its last character.
    """
    context = {
        "title": _title_lines(title),
        "subtitle": subtitle,
        "sample_data": sample_data,
        "recipients": recipients,
        "body": Markup(body_xml),
        "issuer": issuer,
        "date": date,
    }
    return CompiledTemplate.load(template or shipped.template("notice.docx")).render(
        context, title=title.replace("\n", ""), moment=moment
    )


def _title_lines(title: str) -> str | Markup:
    """The title for its run: lines joined by <w:br/> when it has any line break."""
    if "\n" not in title:
        return title
    breaks = '</w:t><w:br/><w:t xml:space="preserve">'
    return Markup(breaks.join(xml.text(line) for line in title.split("\n")))
