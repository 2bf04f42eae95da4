"""A build's files replace the previous set all at once: killed at any point, run twice at once.

A child process builds a new version of the Benxi report over the previous
one and is killed with SIGKILL at a chosen point: before or in the middle of
writing a file, before the swap, after it, in the fallback swap between its
two renames. Whatever the point, the folder then holds the whole old set or
the whole new set, byte for byte, and the next build removes what the killed
one left behind.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from reportgen.build import produce
from reportgen.output import STAGING

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
NEW_FINDING = ("tier: 资金拨付及时率为100%", "tier: 资金拨付及时率未达到100%，但在年度内发放完成")

# Run in the child: patch one step of reportgen.output to kill the process at its Nth call.
CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from reportgen import output
    from reportgen.build import produce

    scenario, out, step, nth = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    calls = 0

    def killing(real, partial=False):
        def step_then_die(*args, **kwargs):
            global calls
            calls += 1
            if calls == nth:
                if partial:  # half the file on disk, then gone
                    path, data = args[:2]
                    with open(path, "wb") as stream:
                        stream.write(data[: len(data) // 2])
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)
        return step_then_die

    if step == "partial":
        output._write_new = killing(output._write_new, partial=True)
    elif step == "between renames":
        output._exchange = lambda first, second: False
        output.os.rename = killing(output.os.rename)
    else:
        setattr(output, step, killing(getattr(output, step)))
    produce(scenario, out)
    """
)
POINTS = [
    ("_write_new", 1),
    ("_write_new", 2),
    ("_write_new", 3),
    ("partial", 1),
    ("partial", 3),
    ("_swap", 1),
    ("_remove", 1),  # after the swap, before the old set is removed
    ("_sync", 2),  # the set swapped, the folder not yet synced
    ("between renames", 2),
]


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.is_dir() else {}


def leftovers(out: Path) -> list[str]:
    """What builds left of the set: hidden sets in the output folder or its staging folder."""
    places = [out, out / STAGING]
    found = [p for place in places if place.is_dir() for p in place.iterdir()]
    return sorted(p.name for p in found if p.name.startswith(".benxi-2022."))


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes], dict[str, bytes]]:
    """Two versions of the Benxi scenario and the set each builds (built in folders of their own)."""
    old, new = tmp_path / "old" / "scenarios", tmp_path / "new" / "scenarios"
    for tree in (old, new):
        shutil.copytree(SCENARIOS / "frameworks", tree / "frameworks")
        shutil.copytree(SCENARIOS / "benxi-2022", tree / "benxi-2022")
    path = new / "benxi-2022" / "scenario.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(*NEW_FINDING), encoding="utf-8")
    old_set = files_of(produce(old / "benxi-2022", tmp_path / "reference-old").directory)
    new_set = files_of(produce(new / "benxi-2022", tmp_path / "reference-new").directory)
    assert old_set != new_set and old_set.keys() == new_set.keys()
    return old / "benxi-2022", new / "benxi-2022", old_set, new_set


@pytest.mark.parametrize(("step", "nth"), POINTS, ids=[f"{s} {n}" for s, n in POINTS])
def test_a_build_killed_at_any_point_leaves_one_whole_set(
    step: str, nth: int, versions, tmp_path: Path
) -> None:
    old, new, old_set, new_set = versions
    out = tmp_path / "out"
    produce(old, out)
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(new), str(out), step, str(nth)], capture_output=True
    )
    assert child.returncode == -signal.SIGKILL, child.stderr.decode()
    folder = out / "benxi-2022"
    if step == "between renames":  # the old set waits under its hidden name for the next build
        assert not folder.exists() and leftovers(out)
    else:
        assert files_of(folder) in (old_set, new_set)
    produce(new, out)
    assert files_of(folder) == new_set
    assert leftovers(out) == []


def test_a_build_killed_at_random_moments_leaves_one_whole_set(versions, tmp_path: Path) -> None:
    old, new, old_set, new_set = versions
    out = tmp_path / "out"
    produce(old, out)
    for delay in (0.15, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6):
        source = new if delay * 100 % 2 else old
        child = subprocess.Popen(
            [sys.executable, "-m", "reportgen.cli", "build", str(source), "-o", str(out)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert files_of(out / "benxi-2022") in (old_set, new_set), delay
    produce(old, out)
    assert files_of(out / "benxi-2022") == old_set
    assert leftovers(out) == []


def test_concurrent_builds_into_one_folder_end_with_one_set(versions, tmp_path: Path) -> None:
    old, new, old_set, new_set = versions
    out = tmp_path / "out"
    loop = "import sys\nfrom reportgen.build import produce\nfor _ in range(6): produce(sys.argv[1], sys.argv[2])"
    children = [
        subprocess.Popen(
            [sys.executable, "-c", loop, str(source), str(out)], stderr=subprocess.PIPE
        )
        for source in (old, new)
    ]
    for child in children:
        assert child.wait(timeout=120) == 0, child.stderr.read().decode() if child.stderr else ""
    assert files_of(out / "benxi-2022") in (old_set, new_set)
    assert leftovers(out) == []


def test_documents_of_units_that_no_longer_exist_go_with_the_old_set(tmp_path: Path) -> None:
    tree = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS / "frameworks", tree / "frameworks")
    shutil.copytree(SCENARIOS / "minhang-streets-2024", tree / "streets")
    before = produce(tree / "streets", tmp_path / "out")
    assert (before.directory / "考核评分表-莘庄工业区.docx").is_file()
    path = tree / "streets" / "scenario.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    - name: 莘庄工业区")
    end = text.find("\n    - name:", start + 1)
    path.write_text(text[:start] + (text[end + 1 :] if end >= 0 else ""), encoding="utf-8")
    after = produce(tree / "streets", tmp_path / "out")
    names = sorted(p.name for p in after.directory.iterdir())
    assert "考核评分表-莘庄工业区.docx" not in names
    assert names == sorted(p.name for p in after.files)


def test_a_full_disk_leaves_the_old_set_and_no_half_written_one(
    versions, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from reportgen import output
    from reportgen.errors import ReportgenError

    old, new, old_set, _ = versions
    out = tmp_path / "out"
    produce(old, out)
    real, calls = output._write_new, []

    def full(path: Path, data: bytes, durable: bool = True) -> Path:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, data, durable)

    monkeypatch.setattr(output, "_write_new", full)
    with pytest.raises(ReportgenError, match="No space left on device"):
        produce(new, out)
    assert files_of(out / "benxi-2022") == old_set
    assert leftovers(out) == []
