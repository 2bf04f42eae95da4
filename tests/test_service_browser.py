"""The service's pages in a browser: Debian's headless Chromium, driven by selenium through
chromedriver (no browser download), against `reportgen serve` on localhost. A person uploads
a scenario, gets its documents, builds a workspace scenario, and sees a bad upload's message.

Without chromium and chromedriver the tests are skipped, except where REPORTGEN_REQUIRE_TOOLS
is set (CI), where they fail."""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import docx
import httpx
import pytest

from reportgen.build import REPORT_FILE
from tests.conftest import BENXI, SCENARIOS
from tests.docx_reading import full_text
from tests.external_tools import REQUIRE_ENV
from tests.service_helpers import BENXI_ZIP, serving, workspace_with, zipped

CHROMEDRIVER = shutil.which("chromedriver")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

if not (CHROMEDRIVER and CHROMIUM):
    if os.environ.get(REQUIRE_ENV) == "1":
        raise RuntimeError(f"the browser tests need chromium and chromedriver ({REQUIRE_ENV}=1)")
    pytest.skip("no chromium and chromedriver here", allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    workspace = workspace_with(tmp_path_factory.mktemp("workspace"), {"benxi-2022": BENXI})
    os.environ["REPORTGEN_TEST_WORKSPACE"] = str(workspace)
    with serving(workspace) as url:
        yield url


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.implicitly_wait(30)
    try:
        yield driver
    finally:
        driver.quit()


def upload(browser, service: str, archive: Path) -> None:  # type: ignore[no-untyped-def]
    browser.get(f"{service}/upload")
    browser.find_element(By.NAME, "file").send_keys(str(archive))
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()


def test_an_uploaded_scenario_is_built_and_its_report_downloaded(
    browser, service: str, tmp_path: Path
) -> None:
    archive = tmp_path / "benxi.zip"
    archive.write_bytes(BENXI_ZIP)
    upload(browser, service, archive)
    link = browser.find_element(By.LINK_TEXT, REPORT_FILE)
    assert "95.00" in browser.find_element(By.TAG_NAME, "main").text
    report = httpx.get(link.get_attribute("href"), timeout=30)
    assert report.status_code == 200
    text = full_text(docx.Document(io.BytesIO(report.content)))
    assert "综合得分为95.00分" in text


def test_a_bad_upload_shows_where_and_why(browser, service: str, tmp_path: Path) -> None:
    broken = BENXI.joinpath("scenario.yaml").read_bytes().replace(b"  name:", b"  name: [", 1)
    archive = tmp_path / "bad.zip"
    archive.write_bytes(
        zipped({"frameworks": SCENARIOS / "frameworks"}, {"bad/scenario.yaml": broken})
    )
    upload(browser, service, archive)
    message = browser.find_element(By.CLASS_NAME, "problems").text
    assert message.startswith("error: upload/bad/scenario.yaml:")
    assert "YAML syntax error" in message


def test_a_workspace_scenario_is_built_from_its_page(browser, service: str) -> None:
    browser.get(service)
    browser.find_element(By.LINK_TEXT, "benxi-2022").click()
    assert "管理制度健全性" in browser.find_element(By.TAG_NAME, "main").text
    browser.find_element(By.XPATH, "//button[text()='生成文档']").click()
    link = browser.find_element(By.LINK_TEXT, REPORT_FILE)
    report = httpx.get(link.get_attribute("href"), timeout=30)
    assert "本溪市" in full_text(docx.Document(io.BytesIO(report.content)))


def test_the_workspace_batch_shows_its_progress_and_summary(browser, service: str) -> None:
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(service)
    browser.find_element(By.ID, "batch").click()
    WebDriverWait(browser, 120).until(
        expected_conditions.text_to_be_present_in_element((By.ID, "batch-state"), "已完成")
    )
    assert "1 个场景，0 个失败" in browser.find_element(By.ID, "batch-state").text
    summary = browser.find_element(By.ID, "batch-summary").text
    assert "本溪市城乡居民大病保险及职工大额医疗费用补助保险承办权项目" in summary
    assert "95.00" in summary
    assert browser.find_element(By.LINK_TEXT, "下载汇总表 summary.xlsx")


def test_two_drafts_are_compared_with_the_changes_marked(browser, service: str) -> None:
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    def build_and_wait() -> None:
        """Build from the page, and wait for the page that lists one draft more."""
        drafts = len(browser.find_elements(By.XPATH, "//td[starts-with(text(), '第 ')]"))
        browser.find_element(By.XPATH, "//button[text()='生成文档']").click()
        WebDriverWait(browser, 60).until(
            lambda b: len(b.find_elements(By.XPATH, "//td[starts-with(text(), '第 ')]")) > drafts
        )

    workspace = Path(os.environ["REPORTGEN_TEST_WORKSPACE"])
    browser.get(f"{service}/scenarios/benxi-2022")
    build_and_wait()
    path = workspace / "benxi-2022" / "scenario.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "  资料审核准确性:\n", "  资料审核准确性:\n    items: [报销资料差错]\n", 1
        ),
        encoding="utf-8",
    )
    build_and_wait()
    browser.find_element(By.XPATH, "//button[text()='比较']").click()
    WebDriverWait(browser, 60).until(
        expected_conditions.presence_of_element_located((By.TAG_NAME, "del"))
    )
    deleted = [e.text for e in browser.find_elements(By.TAG_NAME, "del")]
    inserted = [e.text for e in browser.find_elements(By.TAG_NAME, "ins")]
    assert "95.00" in deleted and "94.00" in inserted
    assert "得分变化" in browser.find_element(By.TAG_NAME, "main").text
