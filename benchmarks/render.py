"""One Benxi report rendered in-process: reportgen against stock docxtpl and against the floor.

The floor is zipping the finished document parts; reportgen's render is the
compiled template run over the document model, its post-render fixes (table
merges, table numbers and contents, line breaks in values) and that zip.
Prints milliseconds per report, the ratios, and where the time of the document
part goes. The floor and the render are timed in turn; the best of the runs
is the figure least disturbed by the rest of the machine (the lowest value is
what the code costs, higher ones come from other processes, as Python's
timeit puts it), and the median is printed beside it.

    .venv/bin/python benchmarks/render.py [--repeat 300]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MOMENT = dt.datetime(2023, 12, 1, tzinfo=dt.UTC)


def median_ms(action: Callable[[], object], repeat: int) -> float:
    action()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def interleaved_ms(
    actions: dict[str, Callable[[], object]], repeat: int
) -> dict[str, tuple[float, float]]:
    """(best, median) milliseconds of each action, run in turn, so that a busy moment of the
    machine weighs on all of them alike (the ratios are what is compared)."""
    samples: dict[str, list[float]] = {name: [] for name in actions}
    for action in actions.values():
        action()
    for _ in range(repeat):
        for name, action in actions.items():
            start = time.perf_counter()
            action()
            samples[name].append(time.perf_counter() - start)
    return {
        name: (min(times) * 1000, statistics.median(times) * 1000)
        for name, times in samples.items()
    }


def benxi_document():
    """The Benxi report as its scheme describes it: kind and context, not yet rendered."""
    from reportgen.build import evaluate

    [document] = evaluate(ROOT / "scenarios" / "benxi-2022").documents.values()
    return document


def with_paragraphs(value):
    """The context with its Markdown written as paragraphs, which stock docxtpl needs."""
    from reportgen.narrative.values import FramedProse, Prose
    from reportgen.render.markdown import framed_prose, prose

    if isinstance(value, Prose):
        return prose(value)
    if isinstance(value, FramedProse):
        return framed_prose(value.lead, value.source, value.tail)
    if isinstance(value, dict):
        return {key: with_paragraphs(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [with_paragraphs(inner) for inner in value]
    return value


def without_vmerge(template: Path) -> Path:
    """The template with reportgen's `{% vmerge %}` tags taken out, which docxtpl does not know."""
    import re
    import tempfile
    import zipfile

    target = Path(tempfile.mkdtemp()) / template.name
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = re.sub(rb"\{%\s*vmerge .+?%\}", b"", data)
            out.writestr(info, data)
    return target


def stock_environment():
    """Jinja as docxtpl sets it up, with reportgen's number filters the template uses."""
    import jinja2

    from reportgen.formatting import FILTERS

    env = jinja2.Environment(autoescape=True)
    env.filters.update(FILTERS)
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=300)
    repeat = parser.parse_args().repeat

    from docxtpl import DocxTemplate

    from reportgen.render.archive import read_members, write_zip
    from reportgen.render.document import render
    from reportgen.render.engine import CompiledTemplate

    template_path = ROOT / "templates" / "docx" / "performance_report.docx"
    document = benxi_document()
    context = with_paragraphs(document.context)  # the Markdown as paragraphs, as docxtpl needs
    compiled = CompiledTemplate.load(template_path)
    finished = read_members(compiled.render(context, title="t", moment=MOMENT))

    plain_template = without_vmerge(template_path)

    def stock() -> bytes:
        document = DocxTemplate(str(plain_template))
        document.render(context, jinja_env=stock_environment(), autoescape=True)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    timed = interleaved_ms(
        {"floor": lambda: write_zip(finished, MOMENT), "ours": lambda: render(document)}, repeat
    )
    (floor, floor_median), (ours, ours_median) = timed["floor"], timed["ours"]
    docxtpl = median_ms(stock, max(5, repeat // 20))
    print(f"floor (zip the finished parts)  {floor:7.2f} ms  (median {floor_median:.2f} ms)")
    print(
        f"reportgen render                {ours:7.2f} ms  ({ours / floor:.2f}x the floor; target 2x;"
        f" medians {ours_median / floor_median:.2f}x)"
    )
    print(f"stock docxtpl render + save     {docxtpl:7.2f} ms  ({docxtpl / ours:.1f}x reportgen)")
    phases(compiled, document.context, repeat)


def phases(compiled, context: dict, repeat: int) -> None:
    """The document part's render split into the template run and what follows it."""
    from reportgen.render import listing, numbering, vmerge_compiled

    template = compiled.compiled["word/document.xml"]

    def run() -> str:
        merging = vmerge_compiled.start_part()  # every render starts its merge runs afresh
        try:
            return template.render(context)
        finally:
            vmerge_compiled.end_part(merging)

    rendered = run()
    encoded = rendered.encode("utf-8")
    steps = [
        ("template run (Jinja, the row loops)", run),
        ("the part as UTF-8", lambda: rendered.encode("utf-8")),
        ("line breaks left as marks", lambda: listing.resolve(encoded)),
        ("table numbers, contents, headings", lambda: numbering.apply(encoded, compiled.styles)),
    ]
    for label, step in steps:
        print(f"  {label:<36} {median_ms(step, repeat):6.2f} ms")


if __name__ == "__main__":
    main()
