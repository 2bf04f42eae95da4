"""The service's application: its settings, the token check, errors as JSON, the routes."""

from __future__ import annotations

import hmac
import os
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from reportgen.errors import Problem, ReportgenError
from reportgen.service.batches import BatchRun
from reportgen.service.jobs import JobFailed, JobRunner
from reportgen.service.problems import UNPROCESSABLE, problems_body
from reportgen.service.uploads import MAX_UPLOAD_BYTES
from reportgen.workers import Limits

SERVED = "reportgen-served"  # the service's output folder, in its workspace


@dataclass(frozen=True)
class ServiceSettings:
    """What the service works on and within."""

    workspace: Path
    token: str | None = None  # required on every request when set
    capacity: int = field(default_factory=lambda: os.cpu_count() or 1)  # jobs at once
    limits: Limits = field(default_factory=lambda: Limits(seconds=120.0, memory_mib=2048))
    max_upload: int = MAX_UPLOAD_BYTES

    @property
    def output(self) -> Path:
        return self.workspace / SERVED


def create_app(settings: ServiceSettings) -> FastAPI:
    from reportgen.service import api, pages

    app = FastAPI(
        title="reportgen",
        summary="Documents of medical-insurance (医保) performance evaluations, scored and rendered",
    )
    if settings.token:
        app.add_middleware(_TokenRequired, token=settings.token)
    app.state.settings = settings
    app.state.jobs = JobRunner(settings.capacity, settings.limits)
    app.state.batch = BatchRun()
    app.add_exception_handler(JobFailed, _job_failed)  # type: ignore[arg-type]
    app.add_exception_handler(ReportgenError, _unusable)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _invalid_request)  # type: ignore[arg-type]
    app.include_router(api.router)
    app.include_router(pages.router)
    return app


class _TokenRequired:
    """Every request, the API's description included, carries the token, or gets 401."""

    def __init__(self, app: ASGIApp, token: str):
        self.app, self.expected = app, f"Bearer {token}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"authorization", b"")
        if hmac.compare_digest(given, self.expected):
            await self.app(scope, receive, send)
            return
        message = "this service needs its token: send the header Authorization: Bearer TOKEN"
        refusal = JSONResponse(
            problems_body([Problem(message)]),
            status_code=401,
            headers={"WWW-Authenticate": "Bearer"},
        )
        await refusal(scope, receive, send)


async def _job_failed(request: Request, error: JobFailed) -> JSONResponse:
    return JSONResponse(problems_body(error.problems), status_code=500 if error.bug else 422)


async def _unusable(request: Request, error: ReportgenError) -> JSONResponse:
    return JSONResponse(problems_body(error.problems), status_code=UNPROCESSABLE)


async def _invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
    problems = [
        Problem(str(item.get("msg", "invalid")), field=".".join(map(str, item.get("loc", ()))))
        for item in error.errors()
    ]
    return JSONResponse(problems_body(problems), status_code=UNPROCESSABLE)
