"""Large indicator systems: the Benxi report with 18, 900 and 3,600 leaves.

The Benxi scenario is built as it is (18 leaves), then with its indicator system
grown to N leaves: each 一级指标 gets 二级指标 of 10 leaves each (1 point a leaf, a
per-item rule), so the scenario's own findings still apply. Each size is built
in turn with the others, twice over: in-process (load, score, narrate, render,
write), and as users run it, `reportgen build DIR` from process start (its checks
first). The medians are printed with the ratios the targets are stated in: the
3,600-leaf build against the 18-leaf one, and the cost of a leaf from 900 to
3,600 against that from 18 to 900. Peak memory (tracemalloc) is printed per size.

    .venv/bin/python benchmarks/scale.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SIZES = (18, 900, 3600)


def grown_framework(leaves: int) -> dict:
    source = ROOT / "scenarios" / "frameworks" / "benxi-insurance-contract.yaml"
    framework = yaml.safe_load(source.read_text(encoding="utf-8"))
    extra = leaves - 18
    dimensions = framework["indicators"]
    per_dimension = [
        extra // len(dimensions) + (i < extra % len(dimensions)) for i in range(len(dimensions))
    ]
    number = 0
    for dimension, count in zip(dimensions, per_dimension, strict=True):
        groups = []
        while count > 0:
            size = min(10, count)
            children = []
            for _ in range(size):
                number += 1
                children.append(
                    {
                        "name": f"扩展指标{number}",
                        "weight": 1,
                        "explanation": "评价该项工作是否按要求完成。",
                        "standard": "符合得满分，每有1点不符合，扣1分，扣完为止。",
                        "rule": {"type": "deduct_per_item", "per_item": 1},
                    }
                )
            groups.append({"name": f"扩展分组{number}", "weight": size, "children": children})
            count -= size
        dimension["children"] += groups
        dimension["weight"] += sum(g["weight"] for g in groups)
    framework["scale"] = framework["scale"] + extra
    return framework


def make_scenario(folder: Path, leaves: int) -> Path:
    shared = folder.parent / "frameworks"
    if not shared.exists():
        shutil.copytree(ROOT / "scenarios" / "frameworks", shared)
    shutil.copytree(ROOT / "scenarios" / "benxi-2022", folder)
    if leaves > 18:
        (folder / "framework.yaml").write_text(
            yaml.safe_dump(grown_framework(leaves), allow_unicode=True, sort_keys=False),
            encoding="utf-8",
        )
        text = (folder / "scenario.yaml").read_text(encoding="utf-8")
        text = text.replace(
            "framework: ../frameworks/benxi-insurance-contract.yaml", "framework: framework.yaml"
        )
        (folder / "scenario.yaml").write_text(text, encoding="utf-8")
    return folder


def build_seconds(scenario: Path, out: Path) -> float:
    from reportgen.build import produce

    start = time.perf_counter()
    produce(scenario, out, durable=False)
    return time.perf_counter() - start


def command_seconds(scenario: Path, out: Path) -> float:
    command = [sys.executable, "-m", "reportgen.cli", "build", str(scenario), "-o", str(out)]
    start = time.perf_counter()
    subprocess.run([*command, "--allow-findings"], check=True, capture_output=True)
    return time.perf_counter() - start


def report(label: str, median: dict[int, float]) -> None:
    small, middle, large = (median[n] for n in SIZES)
    first = (middle - small) / (SIZES[1] - SIZES[0])
    second = (large - middle) / (SIZES[2] - SIZES[1])
    print(f"{label}: 3,600 against 18 leaves: {large / small:.1f}x (target 4x)")
    print(
        f"{label}: per leaf {first * 1000:.3f} ms from 18 to 900, {second * 1000:.3f} ms from"
        f" 900 to 3,600 = {second / first:.2f}x (target 1.3x)"
    )


def peak_mib(scenario: Path, out: Path) -> float:
    from reportgen.build import produce

    tracemalloc.start()
    produce(scenario, out, durable=False)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folders = {n: make_scenario(Path(tmp) / f"s{n}", n) for n in SIZES}
        out = Path(tmp) / "out"
        for n in SIZES:
            build_seconds(folders[n], out)  # warm: templates compiled, modules imported
            command_seconds(folders[n], out)  # bytecode and the template cache written
        inside: dict[int, list[float]] = {n: [] for n in SIZES}
        outside: dict[int, list[float]] = {n: [] for n in SIZES}
        for _ in range(args.repeat):
            for n in SIZES:
                inside[n].append(build_seconds(folders[n], out))
                outside[n].append(command_seconds(folders[n], out))
        medians = {n: statistics.median(inside[n]) for n in SIZES}
        commands = {n: statistics.median(outside[n]) for n in SIZES}
        for n in SIZES:
            print(
                f"{n:>5} leaves: build {medians[n] * 1000:7.1f} ms, `reportgen build`"
                f" {commands[n] * 1000:7.1f} ms, peak {peak_mib(folders[n], out):6.1f} MiB"
            )
    report("build", medians)
    report("reportgen build", commands)


if __name__ == "__main__":
    main()
