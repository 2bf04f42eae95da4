"""docxtpl templates compiled once and rendered many times, in a sandbox.

A template's XML parts are cleaned by docxtpl (tags that Word split across
runs are joined, `{%p %}` / `{{p }}` lift to paragraph level) and compiled by
Jinja's sandboxed environment once; each render only runs the compiled
templates and zips the parts. Undefined variables are errors that name the
variable, and autoescaping keeps data literal: only XML that reportgen built
itself (marked safe) goes in unescaped.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import hashlib
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from reportgen.errors import Problem, ReportgenError, display_path
from reportgen.formatting import FILTERS
from reportgen.narrative.values import FramedProse, Marked, Prose
from reportgen.render import (
    budget,
    closing,
    conventions,
    counted,
    disk_cache,
    foreign,
    grid,
    headlines,
    images,
    listing,
    markdown,
    measured_filters,
    numbering,
    sandbox,
    vmerge,
    vmerge_compiled,
    writing,
)
from reportgen.render.archive import iso, write_zip
from reportgen.render.properties import core_properties
from reportgen.render.sections import Sections, sections_of
from reportgen.render.xml import NEEDS_WORK, clean_own, without_marks

TEMPLATED_PART = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
CORE_PART = "docProps/core.xml"
STYLES_PART = "word/styles.xml"
DOCUMENT_PART = "word/document.xml"
SETTINGS_PART = "word/settings.xml"
# What makes Word ask on opening whether to update the document's fields: the setting,
# and a field marked dirty (a TOC saved that way). The TOC holds its entries already.
UPDATE_PROMPT = re.compile(rb"<w:updateFields\b[^>]*/>")
DIRTY_FIELD = re.compile(rb'(<w:fldChar\b[^>]*?)\s+w:dirty="(?:true|1|on)"')


_LISTED: contextvars.ContextVar[bool] = contextvars.ContextVar("listed", default=False)


_SPECIAL = re.compile(f"[{NEEDS_WORK}]")


def _finalize(value: Any) -> Any:
    """Text drops the characters XML cannot carry; reportgen's own XML is already clean.

    Line breaks, tabs, \\a and \\f in text are kept as marks for `listing.resolve`.
    The consultant's Markdown (`Prose`) is written as paragraphs in the template's styles.
    """
    if isinstance(value, Prose):
        return markdown.prose(value)
    if isinstance(value, images.Image):
        return images.drawing(value)
    if isinstance(value, FramedProse):
        return markdown.framed_prose(value.lead, value.source, value.tail)
    if isinstance(value, str) and not isinstance(value, Markup):
        if not _SPECIAL.search(value):
            return value  # most text: nothing to drop, nothing to mark
        own = value if isinstance(value, Marked) else without_marks(value)
        return clean_own(_listed(own))
    if hasattr(value, "__html__") and not isinstance(value, Markup):
        # docxtpl's RichText and Listing: their XML may hold \a and \f, which XML cannot.
        return Markup(clean_own(_listed(without_marks(value.__html__()))))
    return value


def _finalize_in_text(value: Any) -> Any:
    """A value written in a w:t's text: its line breaks and tabs are written where they stand.

    New paragraphs and pages (\\a, \\f) need the paragraph's properties: those values,
    and all but plain text, are finalized as anywhere else.
    """
    if type(value) is str and not listing.NEW_PARAGRAPH.search(value):
        return Markup(listing.in_run(str(escape(clean_own(without_marks(value))))))
    return _finalize(value)


def _listed(text: str) -> str:
    if listing.CONTROLS.search(text):
        _LISTED.set(True)
        return listing.marked(text)
    return text


# The modules whose source decides the code Jinja compiles (`disk_cache`).
CODE_FROM = (sys.modules[__name__], sandbox, writing, counted, measured_filters)


def environment() -> SandboxedEnvironment:
    env = sandbox.Sandbox(undefined=jinja2.StrictUndefined, autoescape=True, finalize=_finalize)
    setattr(env, writing.WRITE, writing.writer(_finalize))
    setattr(env, writing.WRITE_TEXT, writing.writer(_finalize_in_text))
    setattr(env, writing.PLAIN, writing.NOT_PLAIN.search)
    env.filters.update(measured_filters.measured_filters())
    env.filters.update(counted.FILTERS)
    env.filters.update(FILTERS)
    env.globals[vmerge.FUNCTION] = vmerge.marker
    env.filters.update(vmerge_compiled.FILTERS)
    return env


TAG_START = re.compile(r"\{[{%]")
ANY_TAG = re.compile(r"\{[{%#]")
PARAGRAPH_END = re.compile(r"</w:p>(?!\n)")
NESTED_TOO_DEEPLY = "template syntax error: its tags nest too deeply to compile"
NESTED_CALLS = (
    "template stopped: calls nested too deeply (a macro or a recursive loop that never ends?)"
)
TIMESTAMP = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def stamped(core: bytes, timestamp: str) -> bytes:
    """Core properties with their dates set to the build's time (the same inputs, the same bytes)."""
    stamp = timestamp.encode("ascii")
    return TIMESTAMP.sub(lambda m: m.group(1) + stamp + m.group(3), core)


def _visible_text(data: bytes) -> str:
    """A part's text without its markup, so a tag Word split across runs reads whole."""
    return re.sub(r"<[^>]+>", "", data.decode("utf-8", "replace"))


def _template_line(trace: Any) -> int | None:
    """The template line being rendered where an exception was raised (Jinja marks its frames)."""
    line = None
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == "<template>":
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


def _visible(source: str, line: int | None) -> str:
    if line is None:
        return ""
    lines = source.splitlines()
    text = re.sub(r"<[^>]+>", "", lines[line - 1] if 0 < line <= len(lines) else "")[:80]
    return f" (near {text!r})" if text.strip() else ""


def patched_source(data: bytes) -> str:
    """A template part cleaned for Jinja, from the cache when this exact part was seen before.

    Cleaning needs docxtpl, whose import costs more than a whole report; the
    result depends only on the part's bytes, so it is kept by their hash.
    """
    name = f"{hashlib.sha256(data).hexdigest()}.xml"
    cached = disk_cache.read("templates", name)
    if cached is not None:
        with contextlib.suppress(UnicodeDecodeError):  # damaged: clean the part again
            return cached.decode("utf-8")
    source = _patch(data.decode("utf-8"))
    disk_cache.write("templates", name, source.encode("utf-8"))
    return source


def _patch(xml: str) -> str:
    from docxtpl import DocxTemplate  # its tag clean-up, used once per template

    cleaner = object.__new__(DocxTemplate)
    return str(cleaner.patch_xml(xml))


@dataclass
class CompiledTemplate:
    """A .docx template ready to render: its parts, with the templated ones compiled."""

    path: Path
    members: list[tuple[str, bytes]]
    sources: dict[str, str]
    compiled: dict[str, jinja2.Template]
    # Per part, what must be fixed after rendering: "vmerge" cells, docxtpl's "escaped"
    # {_{ }_} tags, "column loops" ({%tc %}) whose table grid must follow.
    features: dict[str, frozenset[str]] = field(default_factory=dict)
    # Headings' outline levels (chapters for table numbers) and the TOC entry styles.
    styles: numbering.StyleMap = field(default_factory=numbering.StyleMap)
    # Templated parts without a tag (most headers and footers), rendered once.
    fixed: dict[str, bytes] = field(default_factory=dict)

    @functools.cached_property
    def sections(self) -> Sections:
        """The narrative sections the template shows (`render.sections`)."""
        return sections_of(self.sources.values())

    @classmethod
    def load(cls, path: Path) -> CompiledTemplate:
        name = os.fspath(path)
        try:
            stat = os.stat(name)
        except OSError:
            stat = None
        if stat is None or not S_ISREG(stat.st_mode):
            raise ReportgenError([Problem("template not found", display_path(Path(name)))])
        # The file's identity and version, not its resolved path: a batch loads the same
        # template for every document, and resolving it costs more than the lookup.
        version = (stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size)
        return _load_cached(name, version)

    def render(
        self,
        context: dict[str, Any],
        *,
        title: str,
        moment: dt.datetime,
        limits: budget.RenderLimits = budget.DEFAULT_LIMITS,
    ) -> bytes:
        """The rendered document as .docx bytes, its render within `limits`."""
        rendered: list[tuple[str, bytes]] = []
        placements = []
        drawings = images.start_document()
        try:
            with budget.spending(limits):
                for name, data in self.members:
                    if name == CORE_PART and name in self.compiled:
                        data = stamped(self._render_part(name, context), iso(moment))
                    elif name in self.fixed:
                        data = self.fixed[name]
                    elif name in self.compiled:
                        placing = images.start(name)
                        try:
                            data = self._render_part(name, context)
                            placements.append(images.placed())
                        finally:
                            images.reset(placing)
                    elif name == CORE_PART:
                        data = core_properties(title, iso(moment)).encode("utf-8")
                    rendered.append((name, data))
        finally:
            images.end_document(drawings)
        return write_zip(images.packaged(rendered, [p for p in placements if p]), moment)

    def _render_part(self, name: str, context: dict[str, Any]) -> bytes:
        """The part rendered and fixed, as UTF-8: the fixes slice and join it, which costs
        a plain copy in bytes and a conversion at every step in text of mixed scripts."""
        listed = _LISTED.set(False)
        merging = vmerge_compiled.start_part()
        try:
            xml = budget.rendered(self.compiled[name], context).encode("utf-8")
            if _LISTED.get():
                xml = listing.resolve(xml)
        except jinja2.UndefinedError as error:
            raise self._error(name, f"undefined variable: {error.message}", error) from None
        except jinja2.TemplateError as error:
            raise ReportgenError(
                [Problem(f"template error: {error}", display_path(self.path), field=name)]
            ) from None
        except budget.OverBudget as error:
            raise self._error(name, f"template stopped: {error}", error) from None
        except MemoryError as error:  # what the budget did not see coming
            raise self._error(name, "template stopped: out of memory", error) from None
        except RecursionError as error:
            raise self._error(name, NESTED_CALLS, error) from None
        except (ArithmeticError, LookupError, TypeError, ValueError) as error:
            # An expression or filter of the template failed on its values: the
            # template's to fix, shown with the visible text around the tag.
            message = f"template error: {type(error).__name__}: {error}"
            raise self._error(name, message, error) from None
        finally:
            _LISTED.reset(listed)
            vmerge_compiled.end_part(merging)
        # Well-formed by construction: text is escaped, blocks are built by reportgen.
        # The tests parse and validate every kind of document instead of each render.
        # Table numbers come first: their marks are characters XML cannot carry, which the
        # fixes below that parse the part must not meet.
        xml = numbering.apply(xml, self.styles)
        if name == DOCUMENT_PART:
            xml = closing.keep_with_text(xml, self.styles.closing)
            xml = headlines.broken_titles(xml, self.styles.titles)
        features = self.features.get(name, frozenset())
        if "escaped" in features:
            xml = conventions.unescape_literal_tags(xml)
        if "vmerge" in features:  # before the grid is parsed: its markers are such marks too
            xml = vmerge.apply(xml)
        if "column loops" in features:
            xml = grid.fit(xml)
        return xml

    def _error(self, name: str, message: str, error: BaseException) -> ReportgenError:
        """The error of a part's render, with the visible text around the tag that raised it."""
        near = _visible(self.sources[name], _template_line(error.__traceback__))
        return ReportgenError([Problem(message + near, display_path(self.path), field=name)])


@functools.lru_cache(maxsize=32)
def _load_cached(given: str, version: tuple[int, int, int, int]) -> CompiledTemplate:
    path = Path(os.path.abspath(given))
    members = _members(path)
    styles = numbering.style_map(dict(members).get(STYLES_PART))
    env = environment()
    sources, compiled, features, problems = {}, {}, {}, []
    for name, data in members:
        # Templated properties ({{ project.name }} as the title) are rendered as docxtpl
        # renders them; otherwise reportgen writes its own.
        core = name == CORE_PART and bool(TAG_START.search(_visible_text(data)))
        if not core and not TEMPLATED_PART.fullmatch(name):
            continue
        try:
            source = data.decode("utf-8") if core else patched_source(data)
        except UnicodeDecodeError:
            problems.append(Problem("not UTF-8 XML", display_path(path), field=name))
            continue
        sources[name], features[name] = _rewritten(source, data, styles)
        try:
            compiled[name] = disk_cache.compiled_template(env, sources[name], CODE_FROM)
        except jinja2.TemplateSyntaxError as error:
            problems.append(_syntax_problem(error, sources[name], path, name))
        except (RecursionError, SyntaxError):  # Jinja's parser, or Python's limit on blocks
            problems.append(Problem(NESTED_TOO_DEEPLY, display_path(path), field=name))
    if problems:
        raise ReportgenError(problems)
    template = CompiledTemplate(path, members, sources, compiled, features, styles)
    for name, source in sources.items():
        if name != CORE_PART and not ANY_TAG.search(source):
            template.fixed[name] = template._render_part(name, {})
    return template


def _rewritten(source: str, data: bytes, styles: numbering.StyleMap) -> tuple[str, frozenset[str]]:
    """The source as Jinja compiles it, and the fixes its part needs after rendering."""
    source, merges = vmerge.rewrite(conventions.decode_tag_entities(foreign.corrected(source)))
    source = numbering.mark_headings(source, styles)
    # A line per paragraph, so that an error's line number points at the paragraph (or the
    # cell) whose tag failed; a line break between elements means nothing in WordprocessingML.
    source = PARAGRAPH_END.sub("</w:p>\n", source)
    found = {"vmerge"} if merges else set()
    if conventions.LITERAL_TAG.search(source):
        found.add("escaped")
    if grid.COLUMN_LOOP.search(_visible_text(data)):  # docxtpl's clean-up moves the tag
        found.add("column loops")
    return source, frozenset(found)


def _syntax_problem(
    error: jinja2.TemplateSyntaxError, source: str, path: Path, name: str
) -> Problem:
    message = f"template syntax error: {error.message}{_visible(source, error.lineno)}"
    return Problem(message, display_path(path), field=name)


def _members(path: Path) -> list[tuple[str, bytes]]:
    """Every part of a template anyone may have edited, read within the limits of an untrusted
    .docx, its templated parts checked to be well-formed XML (a broken one would give a
    document Word cannot open)."""
    from reportgen.review.untrusted import UntrustedDocx

    docx = UntrustedDocx.open(path, what="Word template")
    try:
        members = [(info.filename, docx.read(info.filename)) for info in docx.archive.infolist()]
        for name, _ in members:
            if TEMPLATED_PART.fullmatch(name):
                docx.xml(name)
    finally:
        docx.close()
    return [(name, _without_update_prompt(name, data)) for name, data in members]


def _without_update_prompt(name: str, data: bytes) -> bytes:
    """The part without what would make Word prompt to update fields on every opening."""
    if name == SETTINGS_PART:
        return UPDATE_PROMPT.sub(b"", data)
    if TEMPLATED_PART.fullmatch(name):
        return DIRTY_FIELD.sub(rb"\1", data)
    return data
