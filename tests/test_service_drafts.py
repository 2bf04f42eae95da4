"""Drafts in the service: each build kept under its number, two of them compared as
`reportgen diff` compares them (API and page), and a changed document's Word redline."""

from __future__ import annotations

import io
import re
import zipfile
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from reportgen.build import REPORT_FILE
from reportgen.service.app import ServiceSettings
from tests.conftest import BENXI
from tests.service_helpers import client_of, workspace_with

FINDING = ("  资料审核准确性:\n", "  资料审核准确性:\n    items: [报销资料差错]\n")


@pytest.fixture(scope="module")
def two_drafts(tmp_path_factory: pytest.TempPathFactory) -> tuple[TestClient, Path]:
    """A workspace whose Benxi scenario was built, given a finding, and built again."""
    workspace = workspace_with(tmp_path_factory.mktemp("workspace"), {"benxi-2022": BENXI})
    client = client_of(ServiceSettings(workspace, capacity=2))
    assert client.post("/api/scenarios/benxi-2022/build").json()["draft"] == 1
    path = workspace / "benxi-2022" / "scenario.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(*FINDING, 1), encoding="utf-8")
    second = client.post("/api/scenarios/benxi-2022/build").json()
    assert second["draft"] == 2 and second["units"][0]["total"] == 94
    return client, workspace


def test_each_build_is_kept_as_a_numbered_draft(two_drafts: tuple[TestClient, Path]) -> None:
    client, _ = two_drafts
    kept = client.get("/api/scenarios/benxi-2022/drafts").json()
    assert [d["number"] for d in kept] == [2, 1]
    assert [d["units"][0]["total"] for d in kept] == [94, 95]
    first = next(d for d in kept[1]["documents"] if d["name"] == "scores.json")
    assert client.get(first["url"]).json()["total"] == 95
    latest = client.get(f"/api/scenarios/benxi-2022/documents/{'scores.json'}").json()
    assert latest["total"] == 94


def test_two_drafts_are_compared_as_diff_json(two_drafts: tuple[TestClient, Path]) -> None:
    client, _ = two_drafts
    review = client.get("/api/scenarios/benxi-2022/diff", params={"old": 1, "new": 2}).json()
    assert review["identical"] is False
    totals = [s for s in review["scores"] if s["field"] == "total"]
    assert totals and (totals[0]["old"], totals[0]["new"]) == (95, 94)
    report = next(d for d in review["documents"] if d["name"] == REPORT_FILE)
    marked = [c["marked"] for c in report["changes"]]
    assert any("[-95.00-]{+94.00+}" in m for m in marked), marked[:3]


def test_the_diff_page_marks_the_changed_characters(two_drafts: tuple[TestClient, Path]) -> None:
    client, _ = two_drafts
    page = client.get("/scenarios/benxi-2022/diff", params={"old": 1, "new": 2})
    assert page.status_code == 200
    assert "<del>95.00</del><ins>94.00</ins>" in page.text
    assert "得分变化" in page.text


def test_a_changed_document_s_redline_is_a_word_revision(
    two_drafts: tuple[TestClient, Path],
) -> None:
    from reportgen.review.redline import engine_available

    if not engine_available():
        pytest.skip("the redline extra is not installed")
    client, _ = two_drafts
    page = client.get("/scenarios/benxi-2022/diff", params={"old": 1, "new": 2}).text
    link = unescape(re.search(r'<a href="([^"]*redline[^"]*)">', page).group(1))
    answer = client.get(link)
    assert answer.status_code == 200
    assert "attachment" in answer.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert "<w:ins " in xml and "<w:del " in xml


def test_the_scenario_page_lists_the_drafts_and_offers_to_compare(
    two_drafts: tuple[TestClient, Path],
) -> None:
    client, _ = two_drafts
    page = client.get("/scenarios/benxi-2022").text
    assert "第 2 稿" in page and "第 1 稿" in page
    assert 'action="/scenarios/benxi-2022/diff"' in page


def test_missing_drafts_and_documents_are_refused(two_drafts: tuple[TestClient, Path]) -> None:
    client, _ = two_drafts
    for path, params in (
        ("/api/scenarios/benxi-2022/diff", {"old": 1, "new": 9}),
        ("/api/scenarios/benxi-2022/drafts/1/documents/..", {}),
        ("/api/scenarios/benxi-2022/drafts/1/documents/draft.json", {}),
        ("/api/scenarios/benxi-2022/redline", {"old": 1, "new": 2, "document": "../x.docx"}),
    ):
        answer = client.get(path, params=params)
        assert answer.status_code in (404, 422), (path, answer.status_code)
        assert "Traceback" not in answer.text
