"""The service's limits and options: a job over its time limit, PDFs where LibreOffice is,
and the command line refusing to listen beyond this machine without a token."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from fastapi.testclient import TestClient

from reportgen.cli import main
from reportgen.service.app import ServiceSettings, create_app
from reportgen.workers import Limits
from tests.conftest import BENXI
from tests.external_tools import require, soffice_available
from tests.service_helpers import BENXI_ZIP, workspace_with


def workspace_of(tmp_path: Path) -> Path:
    return workspace_with(tmp_path / "workspace", {"benxi-2022": BENXI})


def test_a_job_over_its_time_limit_fails_alone(tmp_path: Path) -> None:
    hurried = ServiceSettings(workspace_of(tmp_path), limits=Limits(seconds=0.01, memory_mib=2048))
    client = TestClient(create_app(hurried))
    answer = client.post("/api/build", content=BENXI_ZIP)
    assert answer.status_code == 422
    assert "stopped after 0.01 s" in answer.json()["errors"][0]["message"]
    assert client.get("/api/scenarios").status_code == 422  # every job is held to it
    patient = TestClient(create_app(ServiceSettings(hurried.workspace)))
    assert patient.get("/api/scenarios").status_code == 200


def test_pdfs_are_built_and_offered_where_libreoffice_is(tmp_path: Path) -> None:
    require(soffice_available(), "LibreOffice")
    client = TestClient(create_app(ServiceSettings(workspace_of(tmp_path))))
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
