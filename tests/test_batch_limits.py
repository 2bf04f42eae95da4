"""A batch with hostile members: each is reported, every other scenario is built.

Members that take too long, need too much memory, kill their worker or hit a
bug are made by patching the build before the workers fork (they inherit it);
a billion-laughs scenario and a symlink loop are real files.
"""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import hostile
import pytest

from reportgen import batch, build
from reportgen.batch import find_scenarios, run_batch
from reportgen.workers import Limits

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
HOSTILE = ("slow", "hog", "crash", "bug")


def address_space_mib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) // 1024
    return 1024


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS / "frameworks", root / "frameworks")
    for name in ("ok-1", "ok-2", *HOSTILE):
        shutil.copytree(SCENARIOS / "benxi-2022", root / name)
        path = root / name / "scenario.yaml"
        path.write_text(f"id: {name}\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "laughs").mkdir()
    (root / "laughs" / "scenario.yaml").write_text(hostile.billion_laughs(), encoding="utf-8")
    (root / "group").mkdir()
    (root / "group" / "loop").symlink_to(root)  # the whole tree again, and again
    return root


def hostile_produce(real):
    def produce(scenario, output_dir, *args, **kwargs):
        name = Path(scenario).name
        if name == "slow":
            time.sleep(600)
        elif name == "hog":
            hoard = [bytearray(64 * 1024 * 1024) for _ in range(200)]
            del hoard
        elif name == "crash":
            os.kill(os.getpid(), signal.SIGKILL)
        elif name == "bug":
            return 1 / 0
        return real(scenario, output_dir, *args, **kwargs)

    return produce


@pytest.mark.skipif(not hasattr(os, "fork"), reason="patches reach the workers by fork")
def test_hostile_members_are_reported_and_the_others_built(
    tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build, "produce", hostile_produce(build.produce))
    # Long enough that the hog meets its memory limit first, and the others are built, on a
    # loaded machine; the slow one would sleep far longer.
    limits = Limits(seconds=20, memory_mib=address_space_mib() + 1024)
    out = tmp_path / "out"
    report = run_batch(tree, out, jobs=2, limits=limits)
    errors = {Path(o.scenario).name: " ".join(o.errors) for o in report.failed}
    built = sorted(Path(o.scenario).name for o in report.outcomes if o.ok)
    assert built == ["ok-1", "ok-2"]
    assert set(errors) == {*HOSTILE, "laughs"}
    assert "the time limit" in errors["slow"]
    assert "MiB of memory" in errors["hog"]
    assert "SIGKILL" in errors["crash"]
    assert "internal error ZeroDivisionError" in errors["bug"]
    assert "more than 250,000 values" in errors["laughs"]
    log = (out / batch.ERROR_LOG).read_text(encoding="utf-8")
    assert "bug" in log and "ZeroDivisionError" in log and "Traceback" in log
    assert {u["scenario"] for u in report.units} == {"ok-1", "ok-2"}


def test_a_symlink_loop_is_walked_once(tree: Path) -> None:
    found = [p.name for p in find_scenarios(tree)]
    assert sorted(found) == sorted(["ok-1", "ok-2", *HOSTILE, "laughs"])


def test_the_error_log_goes_when_no_bug_is_left(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out).mkdir()
    (out / batch.ERROR_LOG).write_text("an old bug")
    for name in ("laughs", *HOSTILE):
        shutil.rmtree(tree / name)
    report = run_batch(tree, out, jobs=1)
    assert not report.failed
    assert not (out / batch.ERROR_LOG).exists()


def test_an_unreadable_scenario_folder_fails_alone(
    tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("laughs", *HOSTILE):
        shutil.rmtree(tree / name)
    real = batch._hash_file

    def refuse(digest, path: Path) -> None:
        if "ok-2" in path.parts:
            raise PermissionError(13, "Permission denied", str(path))
        real(digest, path)

    monkeypatch.setattr(batch, "_hash_file", refuse)
    report = run_batch(tree, tmp_path / "out", jobs=1)
    assert [Path(o.scenario).name for o in report.outcomes if o.ok] == ["ok-1"]
    (failed,) = report.failed
    assert "ok-2/scenario.yaml: cannot be read (Permission denied)" in failed.errors[0]
