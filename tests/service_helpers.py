"""What the service's tests share: workspaces, zipped uploads, and `reportgen serve` itself."""

from __future__ import annotations

import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import docx
import httpx
import pytest

from tests.conftest import BENXI, SCENARIOS
from tests.docx_reading import full_text


def workspace_with(folder: Path, scenarios: dict[str, Path]) -> Path:
    """`folder` holding the shared frameworks and each scenario under its name."""
    shutil.copytree(SCENARIOS / "frameworks", folder / "frameworks")
    for name, scenario in scenarios.items():
        shutil.copytree(scenario, folder / name)
    return folder


def zipped(folders: dict[str, Path], extra: dict[str, bytes] | None = None) -> bytes:
    """A .zip holding each folder under its name, as a consultant zips `scenarios/`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, folder in folders.items():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    archive.write(path, f"{name}/{path.relative_to(folder).as_posix()}")
        for entry, data in (extra or {}).items():
            archive.writestr(entry, data)
    return buffer.getvalue()


BENXI_ZIP = zipped({"benxi-2022": BENXI, "frameworks": SCENARIOS / "frameworks"})


def text_of(document: bytes) -> str:
    return full_text(docx.Document(io.BytesIO(document)))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(workspace: Path) -> Iterator[str]:
    """`reportgen serve WORKSPACE` on a free port of localhost, until the block ends: its URL."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "reportgen.cli", "serve", str(workspace), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{url}/api/scenarios", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("the service did not start")
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
