"""One Benxi report rendered in-process: reportgen against stock docxtpl and against the floor.

The floor is zipping the finished document parts; reportgen's render is the
compiled template run over the context plus that zip. Prints milliseconds per
report (median of repeated runs) and the ratios.

    .venv/bin/python benchmarks/render.py [--repeat 50]
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


def benxi_context() -> dict:
    from reportgen.narrative.build import narrate
    from reportgen.render.context import report_context
    from reportgen.scenario.loader import load_scenario
    from reportgen.scoring.tree import score_scenario

    loaded = load_scenario(ROOT / "scenarios" / "benxi-2022")
    return report_context(narrate(loaded, score_scenario(loaded)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    repeat = parser.parse_args().repeat

    from docxtpl import DocxTemplate

    from reportgen.render.archive import read_members, write_zip
    from reportgen.render.engine import CompiledTemplate

    template_path = ROOT / "templates" / "docx" / "performance_report.docx"
    context = benxi_context()
    compiled = CompiledTemplate.load(template_path)
    finished = read_members(compiled.render(context, title="t", moment=MOMENT))

    def stock() -> bytes:
        document = DocxTemplate(str(template_path))
        document.render(context, autoescape=True)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    floor = median_ms(lambda: write_zip(finished, MOMENT), repeat)
    ours = median_ms(lambda: compiled.render(context, title="t", moment=MOMENT), repeat)
    docxtpl = median_ms(stock, max(5, repeat // 5))
    print(f"floor (zip the finished parts)  {floor:7.2f} ms")
    print(
        f"reportgen render                {ours:7.2f} ms  ({ours / floor:.2f}x the floor; target 2x)"
    )
    print(f"stock docxtpl render + save     {docxtpl:7.2f} ms  ({docxtpl / ours:.1f}x reportgen)")


if __name__ == "__main__":
    main()
