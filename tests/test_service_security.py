"""The service against a hostile web page, as real HTTP requests on loopback: a page of another
site cannot make the browser change anything, a name rebound to 127.0.0.1 reads nothing, a
redirect never leaves the service, and an error names nothing of the server's own.

Each case asserts the promise: refused with a clear message as JSON, nothing in the workspace
written or changed, and the service still answering.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from functools import partial
from html import unescape
from pathlib import Path

import docx
import httpx
import pytest

from reportgen.service.guards import FORM_COOKIE, FORM_FIELD
from reportgen.shipped import kinds
from tests.conftest import BENXI
from tests.hostile import snapshot, word_document
from tests.service_helpers import BENXI_ZIP, PROGRAM, serving, workspace_with, zipped

EVIL = "http://evil.example"
WAIT = 300  # seconds an answer may take on a busy machine: the tests wait on no timing
get, post, options = (
    partial(call, timeout=WAIT) for call in (httpx.get, httpx.post, httpx.options)
)
TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return workspace_with(tmp_path_factory.mktemp("workspace"), {"benxi-2022": BENXI})


@pytest.fixture(scope="module")
def service(workspace: Path) -> Iterator[str]:
    """The service as a consultant starts it: on 127.0.0.1, without a token."""
    with serving(workspace) as url:
        yield url


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The service with a token, reached by one more name."""
    folder = workspace_with(tmp_path_factory.mktemp("guarded"), {"benxi-2022": BENXI})
    with serving(folder, "--token", TOKEN, "--allowed-host", "reports.example") as url:
        yield url


@pytest.fixture
def unchanged(workspace: Path, service: str) -> Iterator[None]:
    """The workspace byte for byte as it was, and the service still answering, afterwards."""
    before = snapshot(workspace)
    yield
    assert snapshot(workspace) == before
    assert get(f"{service}/api/scenarios").status_code == 200


def session(service: str) -> tuple[dict[str, str], dict[str, str]]:
    """The cookie and the form field the service's own page gives a browser."""
    page = get(f"{service}/upload")
    token = page.cookies[FORM_COOKIE]
    assert f'name="{FORM_FIELD}" value="{token}"' in page.text
    return {FORM_COOKIE: token}, {FORM_FIELD: token}


def refused(answer: httpx.Response, status: int, says: str) -> None:
    assert answer.status_code == status, answer.text
    (error,) = answer.json()["errors"]
    assert says in error["message"], error
    assert "Traceback" not in answer.text


# — cross-site requests ——————————————————————————————————————————————————————————————————


@pytest.mark.usefixtures("unchanged")
def test_a_cross_site_form_cannot_build_a_draft(service: str) -> None:
    cookies, field = session(service)
    for headers in (
        {"Origin": EVIL},
        {"Origin": "null"},
        {"Referer": f"{EVIL}/page.html"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Origin": service.replace("127.0.0.1", "localhost")},  # another origin on this machine
    ):
        answer = post(
            f"{service}/scenarios/benxi-2022/build", data=field, cookies=cookies, headers=headers
        )
        refused(answer, 403, "another site")


@pytest.mark.usefixtures("unchanged")
def test_no_other_site_is_let_in_by_a_preflight(service: str) -> None:
    asked = options(
        f"{service}/api/batch",
        headers={
            "Origin": EVIL,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "x-requested-with",
        },
    )
    assert asked.status_code >= 400
    assert not any(name.startswith("access-control-") for name in asked.headers)


@pytest.mark.usefixtures("unchanged")
def test_a_page_form_without_its_session_token_is_refused(service: str) -> None:
    cookies, field = session(service)
    url = f"{service}/scenarios/benxi-2022/build"
    refused(post(url, data={"pdf": "0"}), 403, "not sent from the service's own page")
    stolen = {FORM_FIELD: "0" * len(field[FORM_FIELD])}
    refused(post(url, data=stolen, cookies=cookies), 403, "own page")


@pytest.mark.usefixtures("unchanged")
def test_a_plain_text_post_cannot_start_a_batch(service: str) -> None:
    plain = {"Content-Type": "text/plain"}
    refused(post(f"{service}/api/batch", content="x", headers=plain), 403, "X-Requested-With")
    sent = post(f"{service}/api/batch", content="x", headers={**plain, **PROGRAM})
    refused(sent, 415, "text/plain")
    form = {"Content-Type": "application/x-www-form-urlencoded", **PROGRAM}
    refused(post(f"{service}/api/batch", content="a=1", headers=form), 415, "form")
    assert get(f"{service}/api/batch").json()["state"] == "idle"


@pytest.mark.usefixtures("unchanged")
def test_a_cross_site_upload_is_neither_unpacked_nor_kept(service: str, workspace: Path) -> None:
    cookies, field = session(service)
    upload = {"file": ("benxi.zip", BENXI_ZIP, "application/zip")}
    answer = post(
        f"{service}/upload", data=field, files=upload, cookies=cookies, headers={"Origin": EVIL}
    )
    refused(answer, 403, "another site")
    refused(post(f"{service}/upload", files=upload), 403, "own page")
    refused(post(f"{service}/api/build", files=upload), 403, "X-Requested-With")
    assert not (workspace / "reportgen-served" / "uploads").exists()


def test_the_service_s_own_page_and_programs_still_change_things(
    service: str, workspace: Path
) -> None:
    cookies, field = session(service)
    built = post(
        f"{service}/scenarios/benxi-2022/build",
        data=field,
        cookies=cookies,
        headers={"Origin": service, "Referer": f"{service}/scenarios/benxi-2022"},
    )
    assert built.status_code == 303, built.text
    assert built.headers["location"] == "/scenarios/benxi-2022"
    answer = post(
        f"{service}/api/build",
        params={"document": "scores.json"},
        content=BENXI_ZIP,
        headers=PROGRAM,
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["total"] == 95


# — names: DNS rebinding ————————————————————————————————————————————————————————————————


@pytest.mark.usefixtures("unchanged")
@pytest.mark.parametrize("path", ["/", "/api/scenarios", "/api/scenarios/benxi-2022/scores"])
def test_a_rebound_name_reads_nothing(service: str, path: str) -> None:
    for host in ("evil.example", "evil.example:8000", "127.0.0.1.evil.example", ""):
        answer = get(f"{service}{path}", headers={"Host": host})
        refused(answer, 421, "--allowed-host")
        assert "本溪" not in answer.text and "95" not in answer.text


def test_the_loopback_names_and_the_allowed_are_answered(service: str, guarded: str) -> None:
    port = service.rsplit(":", 1)[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", "LOCALHOST."):
        answer = get(f"{service}/api/scenarios", headers={"Host": host})
        assert answer.status_code == 200, (host, answer.text)
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    allowed = get(f"{guarded}/api/scenarios", headers={"Host": "reports.example", **bearer})
    assert allowed.status_code == 200
    other = get(f"{guarded}/api/scenarios", headers={"Host": "evil.example", **bearer})
    refused(other, 421, "reports.example")


# — redirects and error answers ——————————————————————————————————————————————————————————


@pytest.mark.parametrize("path", ["//evil.example/", "/\\evil.example/", "///evil.example"])
def test_entering_with_the_token_never_leaves_the_service(guarded: str, path: str) -> None:
    answer = get(f"{guarded}{path}", params={"token": TOKEN})
    assert answer.status_code == 303, answer.text
    location = answer.headers["location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location


@pytest.mark.usefixtures("unchanged")
@pytest.mark.parametrize(
    ("upload", "says"),
    [
        (b"PK\x03\x04 not really a zip", "not a readable scenario upload"),
        (b"no archive at all", "not a .zip archive"),
    ],
)
def test_a_refused_upload_names_only_what_was_sent(service: str, upload: bytes, says: str) -> None:
    for sent in (
        {"content": upload, "headers": {"X-Filename": "mine.zip", **PROGRAM}},
        {"files": {"file": ("mine.zip", upload)}, "headers": PROGRAM},
    ):
        answer = post(f"{service}/api/build", **sent)  # type: ignore[arg-type]
        refused(answer, 422, says)
        assert answer.json()["errors"][0]["file"] == "mine.zip"
        assert "reportgen-job" not in answer.text and "/tmp" not in answer.text


def test_an_error_never_shows_a_server_folder() -> None:
    from reportgen.errors import Problem
    from reportgen.service.problems import as_shown

    job = "/tmp/reportgen-job-k2x9/upload/benxi/scenario.yaml"
    shown = as_shown(Problem(f"cannot read {job}: no such file", job[1:], 3, "project"))
    assert str(shown) == (
        "upload/benxi/scenario.yaml:3 project: cannot read upload/benxi/scenario.yaml: no such file"
    )
    kept = "ws/reportgen-served/uploads/" + "0a" * 12 + "/upload.zip"
    assert as_shown(Problem("damaged", kept)).file == "upload.zip"


def test_the_names_answered_follow_host_and_allowed_host() -> None:
    from reportgen.service.guards import answered_names, host_name

    loopback = {"127.0.0.1", "localhost", "::1"}
    assert answered_names("127.0.0.1") == loopback
    assert answered_names("0.0.0.0") == loopback  # an address listened on, not a name
    assert answered_names("10.1.2.3", ("Reports.Example.",)) == {
        *loopback,
        "10.1.2.3",
        "reports.example",
    }
    assert host_name("[::1]:8000") == "::1" and host_name("LocalHost.:80") == "localhost"
    assert host_name("[::1") == "" and host_name("a:b:c") == ""


# — hostile templates sent to the service ————————————————————————————————————————————————


@pytest.mark.usefixtures("unchanged")
@pytest.mark.parametrize(
    ("tag", "says"),
    [
        ("{{ 9**(9**9) }}", "a number of 1,228,093,895 bits"),
        ("{{ 'a'*10**9 }}", "a value of 1,000,000,000 characters"),
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "more than 1,000,000 loop steps",
        ),
    ],
)
def test_a_hostile_template_stops_plainly_in_the_service(service: str, tag: str, says: str) -> None:
    files = {"template": ("mine.docx", word_document("前言", tag)), "data": ("data.json", b"{}")}
    answer = post(f"{service}/api/render", files=files, headers=PROGRAM)
    refused(answer, 422, says)
    error = answer.json()["errors"][0]
    assert error["file"] == "template.docx" and error["field"] == "word/document.xml"  # its field
    cookies, field = session(service)
    page = post(f"{service}/render", files=files, data=field, cookies=cookies)
    assert page.status_code == 422 and says in unescape(page.text)


@pytest.mark.usefixtures("unchanged")
def test_a_hostile_house_template_is_refused_with_an_upload(service: str) -> None:
    report = docx.Document(kinds()["performance_report"])
    report.add_paragraph("{{ 9**(9**9) }}")
    house = io.BytesIO()
    report.save(house)
    templates = zipped({}, {"house/performance_report.docx": house.getvalue()})
    answer = post(
        f"{service}/api/build",
        files={"file": ("benxi.zip", BENXI_ZIP), "templates": ("house.zip", templates)},
        headers=PROGRAM,
    )
    refused(answer, 422, "template stopped: a number of 1,228,093,895 bits")
    assert answer.json()["errors"][0]["file"] == "templates/house/performance_report.docx"
