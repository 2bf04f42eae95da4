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

from reportgen.errors import Problem, ReportgenError
from reportgen.safe_names import name_problem
from reportgen.service import actions
from reportgen.service.api import (
    build_draft,
    latest_set,
    listed_scenario,
    media_type,
    render_upload,
    scenario_diff,
    scenario_drafts,
    uploaded,
)
from reportgen.service.jobs import JobFailed

router = APIRouter(include_in_schema=False)
PAGES = Jinja2Templates(directory=str(Path(__file__).parent / "pages"))
UPLOADS = "uploads"
KEPT_UPLOADS = 50
UPLOAD_KEY_BYTES = 12


@router.get("/", response_class=HTMLResponse)
async def workspace_page(request: Request) -> Response:
    settings = request.app.state.settings
    shown = await request.app.state.jobs.run(
        settings.workspace,
        actions.workspace_overview,
        str(settings.workspace),
        str(settings.output),
    )
    return PAGES.TemplateResponse(
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
    return PAGES.TemplateResponse(request, "diff.html", context)


@router.post("/scenarios/{scenario_id:path}/build")
async def scenario_build_page(scenario_id: str, request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=4)
    await build_draft(request, scenario_id, pdf=form.get("pdf") == "1")
    return RedirectResponse(f"/scenarios/{quote(scenario_id)}", status_code=303)


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
    return PAGES.TemplateResponse(request, "scenario.html", context)


@router.get("/upload", response_class=HTMLResponse)
async def upload_page(request: Request) -> Response:
    return PAGES.TemplateResponse(request, "upload.html", {"problems": []})


@router.post("/upload", response_class=HTMLResponse)
async def upload_build_page(request: Request) -> Response:
    settings = request.app.state.settings
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
        problems = [str(p) for p in error.problems]
        return PAGES.TemplateResponse(
            request, "upload.html", {"problems": problems}, status_code=422
        )
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
    return PAGES.TemplateResponse(request, "scenario.html", context)


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
    return PAGES.TemplateResponse(request, "api_docs.html", {"endpoints": endpoints})


@router.get("/render", response_class=HTMLResponse)
async def render_page(request: Request) -> Response:
    return PAGES.TemplateResponse(request, "render.html", {"problems": []})


@router.post("/render")
async def render_form(request: Request) -> Response:
    try:
        return await render_upload(request)
    except (ReportgenError, JobFailed) as error:
        problems = [str(p) for p in error.problems]
        return PAGES.TemplateResponse(
            request, "render.html", {"problems": problems}, status_code=422
        )


@router.get("/uploads/{key}/{name}")
async def upload_document(key: str, name: str, request: Request) -> Response:
    folder = request.app.state.settings.output / UPLOADS / key
    if len(key) == 2 * UPLOAD_KEY_BYTES and key.isalnum() and not name_problem(name):
        for path in latest_set(folder / "output"):
            if path.name == name:
                return FileResponse(path, media_type=media_type(name), filename=name)
    raise ReportgenError([Problem(f"no document {name!r} here")])


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
