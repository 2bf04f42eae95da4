"""The service's pages, in Chinese, rendered on the server: the workspace, a scenario, an upload.

Each page asks a job for what it shows (`actions.workspace_overview`,
`actions.overview`) and fills a template of `pages/`. A scenario built from
its page becomes a new draft (`drafts`), as one built through the API; any two
drafts can be compared, with each changed document's Word redline to
download. An uploaded scenario is
kept, with its documents, under `reportgen-served/uploads/<key>/` so that its
page's downloads work, the latest KEPT_UPLOADS of them.
"""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData

from reportgen.errors import Problem, ReportgenError
from reportgen.safe_names import name_problem
from reportgen.service import actions
from reportgen.service.api import (
    MAX_FORM_FILES,
    bounded_body,
    build_draft,
    latest_set,
    listed_scenario,
    media_type,
    render_upload,
    scenario_diff,
    scenario_drafts,
    uploaded,
)
from reportgen.service.guards import (
    FORM_FIELD,
    checked_form,
    form_token,
    keep_form_token,
    local_location,
)
from reportgen.service.jobs import JobFailed
from reportgen.service.problems import UPLOAD_KEY_BYTES, as_shown

router = APIRouter(include_in_schema=False)
PAGES = Jinja2Templates(directory=str(Path(__file__).parent / "pages"))
UPLOADS = "uploads"
KEPT_UPLOADS = 50


def page(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> Response:
    """A page of `pages/`, its forms carrying the token of the browser's session."""
    token, new = form_token(request)
    context = {**context, "form_field": FORM_FIELD, "form_token": token}
    shown = PAGES.TemplateResponse(request, name, context, status_code=status_code)
    if new:
        keep_form_token(shown, token)
    return shown


async def sent_form(request: Request, max_files: int, max_fields: int = 8) -> FormData:
    """The page's form, read within the upload limit and checked to come from a page of
    the service (`guards.checked_form`); the request keeps it for whatever reads it next."""
    await bounded_body(request)
    return checked_form(request, await request.form(max_files=max_files, max_fields=max_fields))


@router.get("/", response_class=HTMLResponse)
async def workspace_page(request: Request) -> Response:
    settings = request.app.state.settings
    shown = await request.app.state.jobs.run(
        settings.workspace,
        actions.workspace_overview,
        str(settings.workspace),
        str(settings.output),
    )
    return page(
        request, "workspace.html", {"scenarios": shown, "workspace": settings.workspace.name}
    )


@router.get("/scenarios/{scenario_id:path}/diff", response_class=HTMLResponse)
async def diff_page(scenario_id: str, old: int, new: int, request: Request) -> Response:
    review = await scenario_diff(scenario_id, old, new, request)
    context = {
        "scenario_id": scenario_id,
        "old": old,
        "new": new,
        "review": review,
        "redline": f"/api/scenarios/{quote(scenario_id)}/redline?old={old}&new={new}&document=",
    }
    return page(request, "diff.html", context)


@router.post("/scenarios/{scenario_id:path}/build")
async def scenario_build_page(scenario_id: str, request: Request) -> Response:
    form = await sent_form(request, max_files=0)
    await build_draft(request, scenario_id, pdf=form.get("pdf") == "1")
    return RedirectResponse(local_location(f"scenarios/{quote(scenario_id)}"), status_code=303)


@router.get("/scenarios/{scenario_id:path}", response_class=HTMLResponse)
async def scenario_page(scenario_id: str, request: Request) -> Response:
    settings = request.app.state.settings
    folder = await listed_scenario(request, scenario_id)
    shown = await request.app.state.jobs.run(settings.workspace, actions.overview, str(folder))
    kept = await scenario_drafts(scenario_id, request)
    context = {
        "scenario_id": scenario_id,
        "title": _title(shown, scenario_id),
        "where": f"工作区场景 {scenario_id}",
        "shown": shown,
        "documents": kept[0]["documents"] if kept else [],
        "drafts": kept,
        "action": f"/scenarios/{quote(scenario_id)}/build",
        "compare": f"/scenarios/{quote(scenario_id)}/diff",
        "office": _office_installed(),
    }
    return page(request, "scenario.html", context)


@router.get("/upload", response_class=HTMLResponse)
async def upload_page(request: Request) -> Response:
    return page(request, "upload.html", {"problems": []})


@router.post("/upload", response_class=HTMLResponse)
async def upload_build_page(request: Request) -> Response:
    settings = request.app.state.settings
    try:
        await sent_form(request, max_files=MAX_FORM_FILES)
    except ReportgenError as error:
        return _problems_page(request, "upload.html", error)
    key = secrets.token_hex(UPLOAD_KEY_BYTES)
    folder = settings.output / UPLOADS / key
    folder.mkdir(parents=True)
    _prune(settings.output / UPLOADS)
    try:
        scenario, templates = await uploaded(request, folder)
        where = scenario.relative_to(folder).as_posix()
        house = templates.relative_to(folder).as_posix() if templates else None
        shown = await request.app.state.jobs.run(folder, actions.overview, where, house)
        if shown["problems"] and not shown["units"]:  # nothing to show but why
            raise ReportgenError([Problem(line) for line in shown["problems"]])
        if not shown["problems"]:
            await request.app.state.jobs.run(folder, actions.build, where, "output", False, house)
    except (ReportgenError, JobFailed) as error:
        shutil.rmtree(folder, ignore_errors=True)
        return _problems_page(request, "upload.html", error)
    documents = [
        {"name": path.name, "url": f"/uploads/{key}/{quote(path.name)}"}
        for path in latest_set(folder / "output")
    ]
    context = {
        "scenario_id": scenario.name,
        "title": _title(shown, scenario.name),
        "where": f"上传的 {scenario.name}" + ("（使用上传的模板）" if templates else ""),
        "shown": shown,
        "documents": documents,
        "action": None,
    }
    return page(request, "scenario.html", context)


@router.get("/api-docs", response_class=HTMLResponse)
async def api_docs_page(request: Request) -> Response:
    """The API's endpoints from its OpenAPI document, readable without Swagger UI's scripts
    (which /docs loads from a CDN, out of reach on an office network)."""
    endpoints = [
        {
            "method": method.upper(),
            "path": path,
            "summary": operation.get("summary", ""),
            "parameters": [p["name"] for p in operation.get("parameters", [])],
        }
        for path, operations in request.app.openapi()["paths"].items()
        for method, operation in operations.items()
    ]
    return page(request, "api_docs.html", {"endpoints": endpoints})


@router.get("/render", response_class=HTMLResponse)
async def render_page(request: Request) -> Response:
    return page(request, "render.html", {"problems": []})


@router.post("/render")
async def render_form(request: Request) -> Response:
    try:
        await sent_form(request, max_files=MAX_FORM_FILES)
        return await render_upload(request)
    except (ReportgenError, JobFailed) as error:
        return _problems_page(request, "render.html", error)


@router.get("/uploads/{key}/{name}")
async def upload_document(key: str, name: str, request: Request) -> Response:
    folder = request.app.state.settings.output / UPLOADS / key
    if len(key) == 2 * UPLOAD_KEY_BYTES and key.isalnum() and not name_problem(name):
        for path in latest_set(folder / "output"):
            if path.name == name:
                return FileResponse(path, media_type=media_type(name), filename=name)
    raise ReportgenError([Problem(f"no document {name!r} here")])


def _problems_page(request: Request, name: str, error: ReportgenError | JobFailed) -> Response:
    """The form's page again, with why what was sent cannot be used."""
    problems = [str(as_shown(p)) for p in error.problems]
    return page(request, name, {"problems": problems}, status_code=422)


def _office_installed() -> bool:
    """Whether PDFs can be made here (LibreOffice found, as `build --pdf` looks for it)."""
    from reportgen.pdf import OfficeMissing, find_office

    try:
        find_office()
    except OfficeMissing:
        return False
    return True


def _title(shown: dict[str, Any], fallback: str) -> str:
    units = shown.get("units") or []
    return str(units[0]["unit"]) if len(units) == 1 else fallback


def _prune(uploads: Path) -> None:
    """Keep the latest KEPT_UPLOADS uploads."""
    kept = sorted(uploads.iterdir(), key=lambda d: d.stat().st_mtime_ns, reverse=True)
    for old in kept[KEPT_UPLOADS:]:
        shutil.rmtree(old, ignore_errors=True)
