"""The service under load on localhost: 200 builds of different uploads, 8 at a time, through
`reportgen serve` itself. None fails, each answer holds its own scenario's documents whole,
and the latency is printed (a figure, never asserted)."""

from __future__ import annotations

import io
import re
import statistics
import time
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from reportgen.build import REPORT_FILE
from tests.conftest import BENXI, SCENARIOS
from tests.service_helpers import PROGRAM, serving

REQUESTS, AT_ONCE = 200, 8
PROJECT = "本溪市城乡居民大病保险及职工大额医疗费用补助保险承办权项目"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(tmp_path_factory.mktemp("workspace")) as url:
        yield url


def upload(number: int) -> bytes:
    """The Benxi scenario with the request's number in its project's name."""
    text = (BENXI / "scenario.yaml").read_text(encoding="utf-8")
    assert PROJECT in text
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("benxi/scenario.yaml", text.replace(PROJECT, f"{PROJECT}第{number}号"))
        for path in sorted((SCENARIOS / "frameworks").glob("*.yaml")):
            archive.write(path, f"frameworks/{path.name}")
    return buffer.getvalue()


def test_two_hundred_builds_eight_at_a_time(service: str, capsys: pytest.CaptureFixture) -> None:
    uploads = [upload(n) for n in range(REQUESTS)]

    def build(number: int) -> tuple[int, float, httpx.Response]:
        start = time.perf_counter()
        answer = httpx.post(
            f"{service}/api/build", content=uploads[number], headers=PROGRAM, timeout=120
        )
        return number, time.perf_counter() - start, answer

    started = time.perf_counter()
    with ThreadPoolExecutor(AT_ONCE) as pool:
        results = list(pool.map(build, range(REQUESTS)))
    elapsed = time.perf_counter() - started
    for number, _, answer in results:
        assert answer.status_code == 200, (number, answer.text[:500])
        with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
            assert archive.testzip() is None
            document = archive.read(f"benxi/{REPORT_FILE}")
        with zipfile.ZipFile(io.BytesIO(document)) as report:
            xml = report.read("word/document.xml").decode("utf-8")
        text = re.sub(r"<[^>]+>", "", xml)
        numbers = set(re.findall(r"第(\d+)号", text))
        assert numbers == {str(number)}, (number, numbers)  # its own, no other request's
    latencies = sorted(seconds for _, seconds, _ in results)
    with capsys.disabled():
        print(
            f"\nservice load: {REQUESTS} builds, {AT_ONCE} at a time, in {elapsed:.1f} s;"
            f" latency median {statistics.median(latencies) * 1000:.0f} ms,"
            f" 95th percentile {latencies[int(0.95 * len(latencies))] * 1000:.0f} ms"
        )
