"""The service's pages, read back as HTML: the workspace, a scenario's scored tree and findings,
a build from its page, an upload and its downloads, a bad upload's message."""

from __future__ import annotations

import io
import re
from html import unescape
from pathlib import Path

import docx
import pytest
from fastapi.testclient import TestClient

from reportgen.build import REPORT_FILE
from reportgen.service.app import ServiceSettings
from tests.conftest import BENXI, SCENARIOS
from tests.docx_reading import full_text
from tests.service_helpers import BENXI_ZIP, client_of, page_form, workspace_with, zipped


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    scenarios = {"benxi-2022": BENXI, "streets": SCENARIOS / "minhang-streets-2024"}
    return workspace_with(tmp_path_factory.mktemp("workspace"), scenarios)


@pytest.fixture(scope="module")
def client(workspace: Path) -> TestClient:
    return client_of(ServiceSettings(workspace, capacity=2))


def cells(html: str) -> list[list[str]]:
    """Each table row's cells as text."""
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S)
    return [
        [
            unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r, re.S)
        ]
        for r in rows
    ]


def test_the_workspace_lists_each_scenario_with_its_total_and_check(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert re.search(r"<title>工作区 · reportgen</title>", page.text)
    rows = {row[0]: row for row in cells(page.text)[1:]}
    assert rows["benxi-2022"][1:5] == [
        "绩效评价报告",
        "本溪市城乡居民大病保险及职工大额医疗费用补助保险承办权项目",
        "95.00",
        "优",
    ]
    assert rows["benxi-2022"][5] == "2 个提示"
    assert rows["streets"][1] == "考核评分表" and rows["streets"][2] == "3 个"


def test_a_scenario_shows_its_scored_tree_and_findings(client: TestClient) -> None:
    page = client.get("/scenarios/benxi-2022")
    assert page.status_code == 200
    rows = cells(page.text)
    tree = {row[0]: row for row in rows if len(row) == 4}
    assert tree["管理制度健全性"][1:3] == ["6", "4"]
    assert "少得2分" in tree["管理制度健全性"][3]
    assert tree["过程"][1:3] == ["24", "22"]
    findings = [row for row in rows if len(row) == 3 and row[1].startswith("RG")]
    assert any(
        row[0] == "benxi-2022/scenario.yaml:69" and row[1] == "RG601 提示" for row in findings
    )


def test_a_build_from_its_page_lists_the_documents_to_download(client: TestClient) -> None:
    built = client.post(
        "/scenarios/benxi-2022/build",
        data=page_form(client, "/scenarios/benxi-2022"),
        follow_redirects=False,
    )
    assert built.status_code == 303 and built.headers["location"] == "/scenarios/benxi-2022"
    page = client.get("/scenarios/benxi-2022").text
    drafts = re.findall(r'<a href="(/api/scenarios/benxi-2022/drafts/1/[^"]+)">([^<]+)</a>', page)
    links = {unescape(name): url for url, name in drafts}
    assert REPORT_FILE in links and "指标得分表.xlsx" in links
    report = client.get(links[REPORT_FILE])
    assert report.status_code == 200
    assert "综合得分为95.00分" in full_text(docx.Document(io.BytesIO(report.content)))


def test_an_upload_is_scored_built_and_its_documents_downloaded(client: TestClient) -> None:
    page = client.post(
        "/upload",
        data=page_form(client, "/upload"),
        files={"file": ("benxi.zip", BENXI_ZIP, "application/zip")},
    )
    assert page.status_code == 200, page.text
    assert "本溪市城乡居民大病保险及职工大额医疗费用补助保险承办权项目" in page.text
    link = re.search(r'<a href="(/uploads/[0-9a-f]+/[^"]+\.docx)">', page.text)
    assert link is not None
    report = client.get(link.group(1))
    assert report.status_code == 200
    assert "本溪市" in full_text(docx.Document(io.BytesIO(report.content)))


def test_a_bad_upload_shows_its_message_as_the_command_line_does(client: TestClient) -> None:
    broken = BENXI.joinpath("scenario.yaml").read_bytes().replace(b"  name:", b"  name: [", 1)
    upload = zipped({"frameworks": SCENARIOS / "frameworks"}, {"bad/scenario.yaml": broken})
    page = client.post(
        "/upload",
        data=page_form(client, "/upload"),
        files={"file": ("bad.zip", upload, "application/zip")},
    )
    assert page.status_code == 422
    shown = unescape(page.text)
    assert re.search(r"error: upload/bad/scenario\.yaml:\d+: YAML syntax error", shown)
    assert "Traceback" not in shown


def test_document_names_outside_an_upload_are_refused(client: TestClient) -> None:
    for path in ("/uploads/zz/..%2F..%2Fetc", "/uploads/" + "0" * 24 + "/..", "/scenarios/nope"):
        answer = client.get(path)
        assert answer.status_code in (404, 422), path


def test_a_workspace_batch_reports_its_progress_and_its_summary(client: TestClient) -> None:
    import time

    started = client.post("/api/batch").json()
    assert started["started"] is True and started["state"] == "running"
    for _ in range(600):
        run = client.get("/api/batch").json()
        if run["state"] != "running":
            break
        time.sleep(0.1)
    assert run["state"] == "done", run
    assert run["done"] == run["total"] == 2 and run["failed"] == []
    units = {(u["scenario"].rsplit("/", 1)[-1], u["unit"]): u for u in run["units"]}
    assert (
        units[("benxi-2022", "本溪市城乡居民大病保险及职工大额医疗费用补助保险承办权项目")]["total"]
        == 95
    )
    assert sorted(u["rank"] for u in run["units"] if u["scheme"] == "考核评分表") == [1, 2, 3]
    workbook = client.get(run["summary"])
    assert workbook.status_code == 200 and workbook.content.startswith(b"PK")


def house_templates_zip(replaced: tuple[str, str], name: str = "performance_report.docx") -> bytes:
    """The shipped report template with a heading reworded in its XML, as a firm edits it in
    Word, zipped as its templates folder."""
    import zipfile

    from reportgen.shipped import templates_folder

    source = templates_folder() / "performance_report.docx"
    edited = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(edited, "w") as copy:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(replaced[0].encode(), replaced[1].encode())
            copy.writestr(info, data)
    folder = io.BytesIO()
    with zipfile.ZipFile(folder, "w") as archive:
        archive.writestr(f"house/{name}", edited.getvalue())
    return folder.getvalue()


def test_an_upload_is_built_with_the_firm_s_templates(client: TestClient) -> None:
    house = house_templates_zip(("一、基本情况", "一、项目基本情况"))
    page = client.post(
        "/upload",
        data=page_form(client, "/upload"),
        files={
            "file": ("benxi.zip", BENXI_ZIP, "application/zip"),
            "templates": ("house.zip", house, "application/zip"),
        },
    )
    assert page.status_code == 200, page.text
    assert "使用上传的模板" in page.text
    link = re.search(r'<a href="(/uploads/[0-9a-f]+/[^"]+\.docx)">', page.text)
    assert link is not None
    text = full_text(docx.Document(io.BytesIO(client.get(link.group(1)).content)))
    assert "一、项目基本情况" in text and "一、基本情况" not in text


def test_templates_of_an_unknown_kind_are_named(client: TestClient) -> None:
    house = house_templates_zip(("一、基本情况", "一、基本情况"), name="performance.docx")
    page = client.post(
        "/upload",
        data=page_form(client, "/upload"),
        files={
            "file": ("benxi.zip", BENXI_ZIP, "application/zip"),
            "templates": ("house.zip", house, "application/zip"),
        },
    )
    assert page.status_code == 422
    assert re.search(
        r"error: templates/house/performance\.docx: not a template kind; did you mean"
        r" performance_report\.docx\?",
        unescape(page.text),
    )


def test_the_render_page_fills_a_template_or_says_why_not(
    client: TestClient, tmp_path: Path
) -> None:
    template = docx.Document()
    template.add_paragraph("承办机构：{{ name }}")
    template.save(tmp_path / "template.docx")
    filled = client.post(
        "/render",
        data=page_form(client, "/render"),
        files={
            "template": ("template.docx", (tmp_path / "template.docx").read_bytes()),
            "data": ("data.json", '{"name": "本溪"}'.encode()),
        },
    )
    assert filled.status_code == 200
    assert "承办机构：本溪" in full_text(docx.Document(io.BytesIO(filled.content)))
    refused = client.post(
        "/render",
        data=page_form(client, "/render"),
        files={
            "template": ("template.docx", (tmp_path / "template.docx").read_bytes()),
            "data": ("data.json", b"{not json"),
        },
    )
    assert refused.status_code == 422
    assert "error: data.json" in unescape(refused.text)


def test_the_api_page_lists_every_endpoint_without_scripts(client: TestClient) -> None:
    page = client.get("/api-docs")
    assert page.status_code == 200 and "<script" not in page.text
    rows = {(row[0], row[1]) for row in cells(page.text)[1:]}
    assert ("POST", "/api/build") in rows and ("GET", "/api/scenarios/{scenario_id}/scores") in rows


def test_uploads_kept_by_the_service_are_not_workspace_scenarios(client: TestClient) -> None:
    sent = client.post(
        "/upload", data=page_form(client, "/upload"), files={"file": ("benxi.zip", BENXI_ZIP)}
    )
    assert sent.status_code == 200
    listed = [entry["id"] for entry in client.get("/api/scenarios").json()]
    assert sorted(listed) == ["benxi-2022", "streets"]
    linked = re.findall(r'<td><a href="/scenarios/([^"]+)">', client.get("/").text)
    assert sorted(linked) == ["benxi-2022", "streets"]
