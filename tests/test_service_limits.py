"""The service's limits and options: a job over its time limit, PDFs where LibreOffice is,
and the command line refusing to listen beyond this machine without a token."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from reportgen.cli import main
from reportgen.service.app import ServiceSettings
from reportgen.workers import Limits
from tests.conftest import BENXI
from tests.external_tools import require, soffice_available
from tests.service_helpers import BENXI_ZIP, client_of, workspace_with


def workspace_of(tmp_path: Path) -> Path:
    return workspace_with(tmp_path / "workspace", {"benxi-2022": BENXI})


def test_a_job_over_its_time_limit_fails_alone(tmp_path: Path) -> None:
    hurried = ServiceSettings(workspace_of(tmp_path), limits=Limits(seconds=0.01, memory_mib=2048))
    client = client_of(hurried)
    answer = client.post("/api/build", content=BENXI_ZIP)
    assert answer.status_code == 422
    assert "stopped after 0.01 s" in answer.json()["errors"][0]["message"]
    # Every job is held to it: scoring a workspace scenario builds its validators first.
    assert client.get("/api/scenarios/benxi-2022/scores").status_code == 422
    patient = client_of(ServiceSettings(hurried.workspace))
    assert patient.get("/api/scenarios").status_code == 200


def test_pdfs_are_built_and_offered_where_libreoffice_is(tmp_path: Path) -> None:
    require(soffice_available(), "LibreOffice")
    client = client_of(ServiceSettings(workspace_of(tmp_path)))
    assert 'name="pdf"' in client.get("/scenarios/benxi-2022").text
    built = client.post("/api/scenarios/benxi-2022/build", params={"pdf": 1})
    assert built.status_code == 200, built.text
    documents = {d["name"]: d["url"] for d in built.json()["documents"]}
    assert "绩效评价报告.pdf" in documents
    pdf = client.get(documents["绩效评价报告.pdf"])
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_listening_beyond_this_machine_needs_a_token(tmp_path: Path) -> None:
    arguments = ["serve", str(tmp_path), "--host", "0.0.0.0"]
    result = CliRunner().invoke(main, arguments, env={"REPORTGEN_TOKEN": None})
    assert result.exit_code == 2
    assert "--host 0.0.0.0 lets other machines in: give --token" in result.output


def test_the_redline_engine_runs_in_a_worker_under_its_memory_cap(tmp_path: Path) -> None:
    """.NET reserves more address space than a service job's cap: the engine runs uncapped,
    and the cap holds again after it (at 1 GiB the engine could not start at all before)."""
    import subprocess
    import sys

    from reportgen.build import REPORT_FILE, produce
    from reportgen.review.redline import engine_available

    if not engine_available():
        require(False, "the redline engine (the redline extra)")
    workspace = workspace_of(tmp_path)
    old = produce(workspace / "benxi-2022", tmp_path / "old").directory / REPORT_FILE
    path = workspace / "benxi-2022" / "scenario.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "  资料审核准确性:\n", "  资料审核准确性:\n    items: [报销资料差错]\n", 1
        ),
        encoding="utf-8",
    )
    new = produce(workspace / "benxi-2022", tmp_path / "new").directory / REPORT_FILE
    probe = (
        "import resource, sys\n"
        "from pathlib import Path\n"
        "from reportgen.workers import _cap_memory\n"
        "from reportgen.review.redline import redline\n"
        "_cap_memory(1024)\n"
        "data = redline(Path(sys.argv[1]), Path(sys.argv[2]))\n"
        "assert data.startswith(b'PK')\n"
        "print(resource.getrlimit(resource.RLIMIT_AS)[0] // 2**20)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(old), str(new)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-800:]
    assert done.stdout.strip() == "1024"  # the cap is back once the engine is done
