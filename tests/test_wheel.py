"""A built wheel, installed in a fresh virtual environment, builds the Benxi report.

Its dependencies are borrowed from the test environment (a .pth file), so
the test downloads nothing; reportgen itself comes from the wheel alone, run
from a folder where the checkout cannot be imported.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

from docx_reading import full_text, open_document

ROOT = Path(__file__).resolve().parent.parent


def run(*command: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(c) for c in command], cwd=cwd, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_an_installed_wheel_builds_the_report(tmp_path: Path) -> None:
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp_path / "dist", ROOT)
    (wheel,) = (tmp_path / "dist").glob("reportgen-*.whl")
    fresh = tmp_path / "fresh"
    run(sys.executable, "-m", "venv", "--without-pip", fresh)
    python = fresh / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", wheel)
    site = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    Path(site.stdout.strip(), "borrowed.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    work = tmp_path / "work"
    work.mkdir()
    where = run(python, "-c", "import reportgen; print(reportgen.__file__)", cwd=work)
    assert where.stdout.strip().startswith(str(fresh)), where.stdout
    out = work / "out"
    run(
        fresh / "bin" / "reportgen", "build", ROOT / "scenarios" / "benxi-2022", "-o", out, cwd=work
    )
    report = out / "benxi-2022" / "绩效评价报告.docx"
    assert "综合得分为95.00分" in full_text(open_document(report))
    # The starters and the examples they come from are in the wheel too.
    run(fresh / "bin" / "reportgen", "new", "上报", "--scheme", "hubei_rating", cwd=work)
    run(fresh / "bin" / "reportgen", "build", "上报", "-o", out, cwd=work)
    assert (out / "上报" / "全省评定排名通报.docx").is_file()


def test_every_package_folder_is_listed_for_the_wheel() -> None:
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
            "packages"
        ]
    )
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "reportgen").rglob("__init__.py")
    }
    assert found | {"reportgen.templates", "reportgen.scenarios"} == listed
