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
from reportgen.service import actions, batches, drafts
from reportgen.service.problems import JOB_FOLDER_PREFIX
from reportgen.service.uploads import unpack, unpack_templates
from reportgen.workbook import holds_scenario

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
    listed: list[dict[str, Any]] = await request.app.state.jobs.run(
        settings.workspace, actions.scenario_list, str(settings.workspace), str(settings.output)
    )
    return listed


@router.get("/scenarios/{scenario_id:path}/scores", summary="A scenario's scores.json")
async def scenario_scores(scenario_id: str, request: Request) -> Any:
    folder = await listed_scenario(request, scenario_id)
    return await request.app.state.jobs.run(
        request.app.state.settings.workspace, actions.scores, str(folder)
    )


@router.post("/scenarios/{scenario_id:path}/build", summary="Build a scenario into a new draft")
async def scenario_build(
    scenario_id: str, request: Request, pdf: bool = Query(False, description="PDFs as well")
) -> dict[str, Any]:
    return await build_draft(request, scenario_id, pdf)


async def build_draft(request: Request, scenario_id: str, pdf: bool = False) -> dict[str, Any]:
    """The scenario built into a new numbered draft; what the build said, with the URLs."""
    settings = request.app.state.settings
    folder = await listed_scenario(request, scenario_id)
    number, draft = drafts.start(drafts.drafts_folder(settings.output, scenario_id))
    try:
        built = await request.app.state.jobs.run(
            settings.workspace, actions.build, str(folder), str(draft), pdf
        )
    except BaseException:
        drafts.abandon(draft)
        raise
    drafts.finish(draft, built)
    built["draft"] = number
    built["documents"] = _document_links(scenario_id, number, built["documents"])
    return dict(built)


def _document_links(scenario_id: str, number: int, names: list[str]) -> list[dict[str, str]]:
    """Each document of a draft with the URL that downloads it."""
    base = f"/api/scenarios/{quote(scenario_id)}/drafts/{number}/documents/"
    return [{"name": name, "url": base + quote(name)} for name in names]


@router.get("/scenarios/{scenario_id:path}/drafts", summary="A scenario's drafts, newest first")
async def scenario_drafts(scenario_id: str, request: Request) -> list[dict[str, Any]]:
    await listed_scenario(request, scenario_id)
    kept = drafts.listed(drafts.drafts_folder(request.app.state.settings.output, scenario_id))
    for draft in kept:
        draft["documents"] = _document_links(scenario_id, draft["number"], draft["documents"])
    return kept


@router.get(
    "/scenarios/{scenario_id:path}/drafts/{number}/documents/{name}",
    summary="A document of a draft",
)
async def draft_document(scenario_id: str, number: int, name: str, request: Request) -> Response:
    path = await draft_file(request, scenario_id, number, name)
    return FileResponse(path, media_type=media_type(name), filename=name)


@router.get(
    "/scenarios/{scenario_id:path}/documents/{name}", summary="A document of the latest draft"
)
async def scenario_document(scenario_id: str, name: str, request: Request) -> Response:
    await listed_scenario(request, scenario_id)
    kept = drafts.numbers(drafts.drafts_folder(request.app.state.settings.output, scenario_id))
    if not kept:
        raise ReportgenError([Problem(f"{scenario_id} has not been built yet")])
    return await draft_document(scenario_id, kept[-1], name, request)


@router.get(
    "/scenarios/{scenario_id:path}/diff",
    summary="What changed from draft `old` to draft `new`, as `reportgen diff --json`",
)
async def scenario_diff(scenario_id: str, old: int, new: int, request: Request) -> Any:
    old_set, new_set = await draft_sets(request, scenario_id, old, new)
    return await request.app.state.jobs.run(
        request.app.state.settings.workspace, actions.review, str(old_set), str(new_set)
    )


@router.get(
    "/scenarios/{scenario_id:path}/redline",
    summary="A document's Word tracked changes from draft `old` to draft `new`",
)
async def scenario_redline(
    scenario_id: str, old: int, new: int, document: str, request: Request
) -> Response:
    before = await draft_file(request, scenario_id, old, document)
    after = await draft_file(request, scenario_id, new, document)
    data = await request.app.state.jobs.run(
        request.app.state.settings.workspace, actions.redline, str(before), str(after)
    )
    stem = Path(document).stem
    return _download(f"{stem}-修订-{old}至{new}.docx", data)


async def draft_sets(request: Request, scenario_id: str, *wanted: int) -> list[Path]:
    await listed_scenario(request, scenario_id)
    folder = drafts.drafts_folder(request.app.state.settings.output, scenario_id)
    sets = []
    for number in wanted:
        found = drafts.the_set(folder, number)
        if found is None:
            raise ReportgenError([Problem(f"{scenario_id} has no draft {number}")])
        sets.append(found)
    return sets


async def draft_file(request: Request, scenario_id: str, number: int, name: str) -> Path:
    (found,) = await draft_sets(request, scenario_id, number)
    path = found / name
    if name_problem(name) or not path.is_file() or path.is_symlink():
        raise ReportgenError([Problem(f"draft {number} of {scenario_id} has no {name!r}")])
    return path


@router.post("/batch", summary="Build every scenario of the workspace, in the background")
async def batch_start(request: Request) -> dict[str, Any]:
    settings = request.app.state.settings
    started = batches.start(
        request.app.state.batch, settings.workspace, settings.output, settings.capacity
    )
    return {"started": started, **request.app.state.batch.as_data()}


@router.get("/batch", summary="The workspace batch's progress, and its summary once done")
async def batch_progress(request: Request) -> dict[str, Any]:
    data: dict[str, Any] = request.app.state.batch.as_data()
    if data["state"] == "done":
        data["summary"] = "/api/batch/summary.xlsx"
    return data


@router.get("/batch/summary.xlsx", summary="The last batch's summary workbook")
async def batch_summary(request: Request) -> Response:
    path = request.app.state.settings.output / batches.BATCH / "summary.xlsx"
    if not path.is_file():
        raise ReportgenError([Problem("no batch has been run yet")])
    return FileResponse(path, media_type=media_type(path.name), filename=path.name)


@router.post("/check", summary="Check an uploaded scenario (.zip of its folder, or workbook)")
async def check_upload(request: Request) -> Any:
    with _job_folder() as folder:
        scenario, _ = await uploaded(request, folder)
        return await request.app.state.jobs.run(folder, actions.check, _inside(scenario, folder))


@router.post("/build", summary="Build an uploaded scenario: a .zip of its documents, or one")
async def build_upload(
    request: Request,
    document: str | None = Query(None, description="The one document to answer with"),
) -> Response:
    with _job_folder() as folder:
        scenario, templates = await uploaded(request, folder)
        name, data = await request.app.state.jobs.run(
            folder,
            actions.build_archive,
            _inside(scenario, folder),
            "output",
            document,
            _inside(templates, folder) if templates else None,
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
    """The workspace folder of a scenario the workspace lists (nothing else can be named): a
    path of plain names, not through a link out of the workspace, not a frameworks/ folder
    or the service's own, holding a scenario."""
    settings = request.app.state.settings
    parts = scenario_id.split("/")
    usable = all(name_problem(part) is None and part != "frameworks" for part in parts)
    folder = settings.workspace / scenario_id
    if usable and holds_scenario(folder):
        real, root = folder.resolve(), settings.workspace.resolve()
        if real.is_relative_to(root) and not real.is_relative_to(settings.output.resolve()):
            return folder
    raise ReportgenError([Problem(f"no scenario {scenario_id!r} in the workspace")])


@contextmanager
def _job_folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix=JOB_FOLDER_PREFIX) as folder:
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


async def uploaded(request: Request, folder: Path) -> tuple[Path, Path | None]:
    """The scenario sent as the raw body or as the multipart field `file`, unpacked, and the
    house templates sent as the field `templates` (a .zip), when they are."""
    body = await bounded_body(request)
    name = request.headers.get("x-filename", "upload")
    templates = None
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form(max_files=MAX_FORM_FILES)
        upload = form.get("file")
        if upload is None or isinstance(upload, str) or not upload.filename:
            raise ReportgenError([Problem("send the scenario as the form's field `file`")])
        body, name = await upload.read(), upload.filename
        given = form.get("templates")
        if given is not None and not isinstance(given, str) and given.filename:
            templates = unpack_templates(await given.read(), folder, given.filename)
    return unpack(body, folder, name), templates


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
    found = [p for p in latest.iterdir() if p.is_file() and not p.is_symlink()]
    return sorted(found, key=lambda p: drafts.document_order(p.name))


def media_type(name: str) -> str:
    return TYPES.get(Path(name).suffix.lower(), "application/octet-stream")


def _download(name: str, data: bytes) -> Response:
    disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=media_type(name), headers={"Content-Disposition": disposition})
