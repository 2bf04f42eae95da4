"""The HTTP API: the workspace's scenarios, and uploads checked, built, rendered, compared.

Each route reads its request within the upload limit, gives the work to a job
(`jobs`, `actions`) and answers with its result; an upload lives in a folder of
the request's own, removed when the answer is ready.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, Response

from reportgen.errors import Problem, ReportgenError
from reportgen.safe_names import name_problem
from reportgen.service import actions
from reportgen.service.uploads import unpack

router = APIRouter(prefix="/api")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TYPES = {
    ".docx": DOCX,
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pdf": "application/pdf",
    ".json": "application/json",
    ".zip": "application/zip",
}
MAX_FORM_FILES = 4


@router.get("/scenarios", summary="The workspace's scenarios")
async def scenarios(request: Request) -> list[dict[str, Any]]:
    settings = request.app.state.settings
    listed = await request.app.state.jobs.run(
        settings.workspace, actions.scenario_list, str(settings.workspace)
    )
    served = settings.output.relative_to(settings.workspace).as_posix() + "/"
    return [entry for entry in listed if not (entry["id"] + "/").startswith(served)]


@router.get("/scenarios/{scenario_id:path}/scores", summary="A scenario's scores.json")
async def scenario_scores(scenario_id: str, request: Request) -> Any:
    folder = await listed_scenario(request, scenario_id)
    return await request.app.state.jobs.run(
        request.app.state.settings.workspace, actions.scores, str(folder)
    )


@router.post("/scenarios/{scenario_id:path}/build", summary="Build a scenario's documents")
async def scenario_build(
    scenario_id: str, request: Request, pdf: bool = Query(False, description="PDFs as well")
) -> dict[str, Any]:
    settings = request.app.state.settings
    folder = await listed_scenario(request, scenario_id)
    built = await request.app.state.jobs.run(
        settings.workspace, actions.build, str(folder), str(settings.output / scenario_id), pdf
    )
    base = f"/api/scenarios/{quote(scenario_id)}/documents/"
    built["documents"] = [{"name": n, "url": base + quote(n)} for n in built["documents"]]
    return dict(built)


@router.get(
    "/scenarios/{scenario_id:path}/documents/{name}", summary="A document the last build wrote"
)
async def scenario_document(scenario_id: str, name: str, request: Request) -> FileResponse:
    await listed_scenario(request, scenario_id)
    if not name_problem(name):
        for path in latest_set(request.app.state.settings.output / scenario_id):
            if path.name == name:
                return FileResponse(path, media_type=media_type(name), filename=name)
    raise ReportgenError([Problem(f"no document {name!r} built for {scenario_id}")])


@router.post("/check", summary="Check an uploaded scenario (.zip of its folder, or workbook)")
async def check_upload(request: Request) -> Any:
    with _job_folder() as folder:
        scenario = await _uploaded_scenario(request, folder)
        return await request.app.state.jobs.run(folder, actions.check, _inside(scenario, folder))


@router.post("/build", summary="Build an uploaded scenario: a .zip of its documents, or one")
async def build_upload(
    request: Request,
    document: str | None = Query(None, description="The one document to answer with"),
) -> Response:
    with _job_folder() as folder:
        scenario = await _uploaded_scenario(request, folder)
        name, data = await request.app.state.jobs.run(
            folder, actions.build_archive, _inside(scenario, folder), "output", document
        )
    return _download(name, data)


@router.post("/render", summary="Fill a docxtpl template (`template`) with JSON data (`data`)")
async def render_upload(request: Request) -> Response:
    with _job_folder() as folder:
        files = await _form_files(request, folder, {"template": ".docx", "data": ".json"})
        data = await request.app.state.jobs.run(
            folder, actions.render, files["template"], files["data"]
        )
    return _download("rendered.docx", data)


@router.post("/diff", summary="Compare two drafts (`old`, `new`: .docx) as `reportgen diff --json`")
async def diff_upload(request: Request) -> Any:
    with _job_folder() as folder:
        files = await _form_files(request, folder, {"old": ".docx", "new": ".docx"})
        return await request.app.state.jobs.run(folder, actions.diff, files["old"], files["new"])


async def listed_scenario(request: Request, scenario_id: str) -> Path:
    """The workspace folder of a listed scenario (nothing else can be named)."""
    listed = await scenarios(request)
    known = {entry["id"] for entry in listed}
    if scenario_id not in known:
        raise ReportgenError([Problem(f"no scenario {scenario_id!r} in the workspace")])
    return Path(request.app.state.settings.workspace) / scenario_id


@contextmanager
def _job_folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="reportgen-job-") as folder:
        yield Path(folder)


async def bounded_body(request: Request) -> bytes:
    """The request's body, when its declared length is within the upload limit."""
    limit = request.app.state.settings.max_upload
    declared = request.headers.get("content-length")
    if declared is None or not declared.isdigit():
        raise ReportgenError([Problem("send the upload with a Content-Length")])
    if int(declared) > limit:
        message = f"the upload is {int(declared):,} bytes, more than {limit:,}"
        raise ReportgenError([Problem(message)])
    return await request.body()


async def _uploaded_scenario(request: Request, folder: Path) -> Path:
    """The scenario sent as the raw body or as the multipart field `file`, unpacked."""
    body = await bounded_body(request)
    name = request.headers.get("x-filename", "upload")
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form(max_files=MAX_FORM_FILES)
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise ReportgenError([Problem("send the scenario as the form's field `file`")])
        body, name = await upload.read(), upload.filename or "upload"
    return unpack(body, folder, name)


async def _form_files(request: Request, folder: Path, wanted: dict[str, str]) -> dict[str, str]:
    """The form's files named in `wanted` (field → suffix), saved in the job's folder."""
    await bounded_body(request)
    form = await request.form(max_files=MAX_FORM_FILES)
    saved = {}
    for field, suffix in wanted.items():
        upload = form.get(field)
        if upload is None or isinstance(upload, str):
            raise ReportgenError([Problem(f"send the form's file field `{field}` ({suffix})")])
        path = folder / f"{field}{suffix}"
        path.write_bytes(await upload.read())
        saved[field] = path.name
    return saved


def _inside(path: Path, folder: Path) -> str:
    """`path` as the job names it: relative to its folder, where the worker works."""
    return path.relative_to(folder).as_posix()


def latest_set(sets: Path) -> list[Path]:
    """The files of the latest set built into `sets` (a folder per scenario id in it)."""
    if not sets.is_dir():
        return []
    folders = [d for d in sets.iterdir() if d.is_dir() and not d.name.startswith(".")]
    if not folders:
        return []
    latest = max(folders, key=lambda d: d.stat().st_mtime_ns)
    return sorted(p for p in latest.iterdir() if p.is_file() and not p.is_symlink())


def media_type(name: str) -> str:
    return TYPES.get(Path(name).suffix.lower(), "application/octet-stream")


def _download(name: str, data: bytes) -> Response:
    disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=media_type(name), headers={"Content-Disposition": disposition})
