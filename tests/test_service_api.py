"""The HTTP API as programs use it, through the framework's test client: every endpoint, its
errors as the command line states them, the token, and hostile uploads."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from fastapi.testclient import TestClient

from reportgen.build import REPORT_FILE, produce
from reportgen.service.app import ServiceSettings
from tests.conftest import BENXI, ROOT, SCENARIOS
from tests.service_helpers import BENXI_ZIP, client_of, text_of, workspace_with, zipped


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    scenarios = {"benxi-2022": BENXI, "tianjin-2024": SCENARIOS / "tianjin-2024"}
    return workspace_with(tmp_path_factory.mktemp("workspace"), scenarios)


@pytest.fixture(scope="module")
def client(workspace: Path) -> TestClient:
    return client_of(ServiceSettings(workspace, capacity=2))


def test_the_scenarios_of_the_workspace_are_listed(client: TestClient) -> None:
    answer = client.get("/api/scenarios")
    assert answer.status_code == 200
    listed = {entry["id"]: entry for entry in answer.json()}
    assert listed["benxi-2022"]["scheme"] == "绩效评价报告"
    assert listed["tianjin-2024"]["kind"] != "performance_report"


def test_scores_are_those_the_build_writes(client: TestClient, tmp_path: Path) -> None:
    answer = client.get("/api/scenarios/benxi-2022/scores")
    assert answer.status_code == 200
    written = produce(BENXI, tmp_path).directory / "scores.json"
    assert answer.json() == json.loads(written.read_text(encoding="utf-8"))
    assert answer.json()["total"] == 95


def test_a_workspace_scenario_is_built_and_its_documents_downloaded(
    client: TestClient, workspace: Path
) -> None:
    answer = client.post("/api/scenarios/benxi-2022/build")
    assert answer.status_code == 200, answer.text
    built = answer.json()
    assert built["units"][0]["total"] == 95
    names = [d["name"] for d in built["documents"]]
    assert REPORT_FILE in names and "scores.json" in names
    url = next(d["url"] for d in built["documents"] if d["name"] == REPORT_FILE)
    document = client.get(url)
    assert document.status_code == 200
    assert document.headers["content-type"].startswith("application/vnd.openxmlformats")
    text = text_of(document.content)
    assert "本溪市城乡居民大病保险" in text
    assert (workspace / "reportgen-served" / "benxi-2022").is_dir()


def test_names_outside_the_listed_scenarios_are_refused(client: TestClient) -> None:
    for path in (
        "/api/scenarios/../etc/scores",
        "/api/scenarios/frameworks/scores",
        "/api/scenarios/benxi-2022/documents/..%2F..%2Fscenario.yaml",
    ):
        answer = client.get(path)
        assert answer.status_code in (404, 422), path
        assert "Traceback" not in answer.text


def test_an_uploaded_zip_is_built_into_a_zip_of_its_documents(client: TestClient) -> None:
    answer = client.post("/api/build", content=BENXI_ZIP)
    assert answer.status_code == 200, answer.text
    with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
        names = archive.namelist()
        assert f"benxi-2022/{REPORT_FILE}" in names
        report = archive.read(f"benxi-2022/{REPORT_FILE}")
    assert "综合得分为95.00分" in text_of(report)


def test_one_document_of_an_upload_sent_as_a_form_field(client: TestClient) -> None:
    answer = client.post(
        "/api/build",
        params={"document": "scores.json"},
        files={"file": ("benxi.zip", BENXI_ZIP, "application/zip")},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["total"] == 95


def test_an_uploaded_workbook_is_built(client: TestClient, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from reportgen.cli import main

    result = CliRunner().invoke(main, ["convert", str(BENXI), "-o", str(tmp_path / "book")])
    assert result.exit_code == 0, result.output
    workbook = tmp_path / "book" / "scenario.xlsx"
    answer = client.post(
        "/api/build", params={"document": "scores.json"}, content=workbook.read_bytes()
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["total"] == 95


def test_check_answers_as_check_json_with_places_in_the_upload(client: TestClient) -> None:
    answer = client.post("/api/check", content=BENXI_ZIP)
    assert answer.status_code == 200, answer.text
    found = answer.json()
    codes = {f["code"] for f in found["findings"]}
    assert "RG601" in codes
    files = {f["file"] for f in found["findings"]}
    assert "upload/benxi-2022/scenario.yaml" in files  # relative to the upload, no server path


def test_a_bad_scenario_comes_back_as_the_cli_states_it(client: TestClient) -> None:
    broken = BENXI.joinpath("scenario.yaml").read_bytes().replace(b"  name:", b"  name: [", 1)
    upload = zipped({"frameworks": SCENARIOS / "frameworks"}, {"bad/scenario.yaml": broken})
    answer = client.post("/api/build", content=upload)
    assert answer.status_code == 422
    (error,) = answer.json()["errors"]
    assert error["file"] == "upload/bad/scenario.yaml"
    assert isinstance(error["line"], int) and "YAML syntax error" in error["message"]
    assert "Traceback" not in answer.text and "/tmp" not in answer.text


@pytest.mark.parametrize(
    ("entry", "why"),
    [
        ("../outside.yaml", "has a name that"),
        ("/etc/passwd", "is an absolute path"),
        ("a\\b.yaml", "uses \\"),
    ],
)
def test_hostile_archives_are_refused(client: TestClient, entry: str, why: str) -> None:
    upload = zipped({"benxi-2022": BENXI}, {entry: b"x"})
    answer = client.post("/api/build", content=upload)
    assert answer.status_code == 422
    assert why in answer.json()["errors"][0]["message"]


def test_a_link_in_an_archive_is_refused(client: TestClient) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("benxi-2022/scenario.yaml")
        info.external_attr = 0o120777 << 16  # a symbolic link to /etc/passwd
        archive.writestr(info, "/etc/passwd")
    answer = client.post("/api/build", content=buffer.getvalue())
    assert answer.status_code == 422
    assert "symbolic link" in answer.json()["errors"][0]["message"]


def test_a_scenario_cannot_reach_outside_its_upload(client: TestClient) -> None:
    text = BENXI.joinpath("scenario.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "framework: ../frameworks/benxi-insurance-contract.yaml",
        f"framework: {ROOT}/scenarios/frameworks/benxi-insurance-contract.yaml",
    )
    upload = zipped({}, {"benxi-2022/scenario.yaml": text.encode("utf-8")})
    answer = client.post("/api/build", content=upload)
    assert answer.status_code == 422
    assert "leaves the scenarios tree" in answer.json()["errors"][0]["message"]


def test_an_oversized_upload_is_refused_before_it_is_read(workspace: Path) -> None:
    small = client_of(ServiceSettings(workspace, max_upload=1000))
    answer = small.post("/api/build", content=BENXI_ZIP)
    assert answer.status_code == 422
    assert "more than 1,000" in answer.json()["errors"][0]["message"]


def test_render_fills_a_template_with_json(client: TestClient, tmp_path: Path) -> None:
    template = docx.Document()
    template.add_paragraph("承办机构：{{ name }}")
    template.add_paragraph("{% for item in items %}{{ item }}；{% endfor %}")
    template.save(tmp_path / "template.docx")
    data = json.dumps({"title": "通知", "name": "本溪", "items": ["一", "二"]}).encode("utf-8")
    answer = client.post(
        "/api/render",
        files={
            "template": ("template.docx", (tmp_path / "template.docx").read_bytes()),
            "data": ("data.json", data),
        },
    )
    assert answer.status_code == 200, answer.text
    text = text_of(answer.content)
    assert "承办机构：本溪" in text and "一；二；" in text


def test_render_names_a_template_error(client: TestClient, tmp_path: Path) -> None:
    template = docx.Document()
    template.add_paragraph("{{ missing.value }}")
    template.save(tmp_path / "template.docx")
    answer = client.post(
        "/api/render",
        files={
            "template": ("template.docx", (tmp_path / "template.docx").read_bytes()),
            "data": ("data.json", b"{}"),
        },
    )
    assert answer.status_code == 422
    (error,) = answer.json()["errors"]
    assert error["file"] == "template.docx" and "missing" in error["message"]


def test_diff_answers_as_diff_json(client: TestClient, tmp_path: Path) -> None:
    old = produce(BENXI, tmp_path / "old").directory / REPORT_FILE
    changed = tmp_path / "changed"
    shutil.copytree(SCENARIOS / "frameworks", changed / "frameworks")
    shutil.copytree(BENXI, changed / "benxi-2022")
    path = changed / "benxi-2022" / "scenario.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "  资料审核准确性:\n", "  资料审核准确性:\n    items: [报销资料差错]\n", 1
        ),
        encoding="utf-8",
    )
    new = produce(changed / "benxi-2022", tmp_path / "new").directory / REPORT_FILE
    answer = client.post(
        "/api/diff",
        files={"old": ("old.docx", old.read_bytes()), "new": ("new.docx", new.read_bytes())},
    )
    assert answer.status_code == 200, answer.text
    review = answer.json()
    assert review["identical"] is False
    assert review["documents"][0]["changes"]


def test_without_the_token_every_request_is_refused(workspace: Path) -> None:
    guarded = client_of(ServiceSettings(workspace, token="s3cret"))
    refused = guarded.get("/api/scenarios")
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"] == "Bearer"
    wrong = guarded.get("/api/scenarios", headers={"Authorization": "Bearer guess"})
    assert wrong.status_code == 401
    assert guarded.get("/openapi.json").status_code == 401
    allowed = guarded.get("/api/scenarios", headers={"Authorization": "Bearer s3cret"})
    assert allowed.status_code == 200


def test_the_openapi_document_describes_every_endpoint(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/scenarios",
        "/api/scenarios/{scenario_id}/scores",
        "/api/scenarios/{scenario_id}/build",
        "/api/check",
        "/api/build",
        "/api/render",
        "/api/diff",
    ):
        assert path in paths, path


def test_a_browser_enters_once_with_the_token_and_then_carries_it_as_a_cookie(
    workspace: Path,
) -> None:
    guarded = client_of(ServiceSettings(workspace, token="s3cret"))
    assert guarded.get("/", params={"token": "guess"}).status_code == 401
    entering = guarded.get("/", params={"token": "s3cret"}, follow_redirects=False)
    assert entering.status_code == 303 and entering.headers["location"] == "/"
    cookie = entering.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    page = guarded.get("/")  # the client keeps the cookie, as a browser does
    assert page.status_code == 200 and "工作区" in page.text
    stranger = client_of(ServiceSettings(workspace, token="s3cret"))
    stranger.cookies.set("reportgen_token", "guess")
    assert stranger.get("/api/scenarios").status_code == 401


def test_a_link_out_of_the_workspace_names_no_scenario(tmp_path: Path) -> None:
    workspace = workspace_with(tmp_path / "workspace", {})
    (workspace / "elsewhere").symlink_to(BENXI, target_is_directory=True)
    client = client_of(ServiceSettings(workspace))
    answer = client.get("/api/scenarios/elsewhere/scores")
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["message"] == "no scenario 'elsewhere' in the workspace"
