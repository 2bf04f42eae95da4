"""What the service's tests share: workspaces, zipped uploads, and `reportgen serve` itself."""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import docx
import pytest
from fastapi.testclient import TestClient

from reportgen.service.app import ServiceSettings, create_app
from reportgen.service.guards import FORM_FIELD
from tests.conftest import BENXI, SCENARIOS
from tests.docx_reading import full_text

# What a program sends to change anything through the API (a form on another site cannot).
PROGRAM = {"X-Requested-With": "reportgen-tests"}


def client_of(settings: ServiceSettings) -> TestClient:
    """A client of the service at http://127.0.0.1, as a program on this machine calls it."""
    return TestClient(create_app(settings), base_url="http://127.0.0.1", headers=PROGRAM)


def page_form(client: TestClient, page: str) -> dict[str, str]:
    """The hidden field a page's form sends: its session's token, which opening it gave."""
    shown = client.get(page)
    assert shown.status_code == 200, shown.text
    found = re.search(rf'name="{FORM_FIELD}" value="([0-9a-f]+)"', shown.text)
    assert found, f"no form token on {page}"
    return {FORM_FIELD: found.group(1)}


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
def serving(workspace: Path, *options: str) -> Iterator[str]:
    """`reportgen serve WORKSPACE [OPTIONS]` on a free port of localhost, until the block ends:
    its URL, once the server says it listens (however long a busy machine takes)."""
    port = free_port()
    command = [sys.executable, "-m", "reportgen.cli", "serve", str(workspace)]
    process = subprocess.Popen(
        [*command, "--port", str(port), *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert process.stderr is not None
        said = []
        for line in process.stderr:  # ends when the process does
            said.append(line)
            if "Uvicorn running on" in line:
                break
        else:
            pytest.fail("the service did not start:\n" + "".join(said))
        # Keep reading what it says, so that it never waits on a full pipe.
        threading.Thread(target=process.stderr.read, daemon=True).start()
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
