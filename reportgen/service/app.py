"""The service's application: its settings, the token check, errors as JSON, the routes."""

from __future__ import annotations

import hmac
import os
from dataclasses import dataclass, field
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from reportgen.errors import Problem, ReportgenError
from reportgen.service.batches import BatchRun
from reportgen.service.guards import (
    FormRefused,
    RequestGuard,
    answered_names,
    form_refused,
    local_location,
)
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
    host: str = "127.0.0.1"  # the address listened on, a name `Host` may give
    allowed_hosts: tuple[str, ...] = ()  # the other names it may give (`--allowed-host`)

    @property
    def output(self) -> Path:
        return self.workspace / SERVED

    @property
    def names(self) -> frozenset[str]:
        """The names the service answers to in `Host`."""
        return answered_names(self.host, self.allowed_hosts)


def create_app(settings: ServiceSettings) -> FastAPI:
    from reportgen.service import api, pages

    app = FastAPI(
        title="reportgen",
        summary="Documents of medical-insurance (医保) performance evaluations, scored and rendered",
    )
    if settings.token:
        app.add_middleware(_TokenRequired, token=settings.token)
    # Added last, so it runs first: a foreign name learns nothing, not even that a token is due.
    app.add_middleware(RequestGuard, names=settings.names)
    app.state.settings = settings
    app.state.jobs = JobRunner(settings.capacity, settings.limits)
    app.state.batch = BatchRun()
    app.add_exception_handler(JobFailed, _job_failed)  # type: ignore[arg-type]
    app.add_exception_handler(ReportgenError, _unusable)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _invalid_request)  # type: ignore[arg-type]
    app.add_exception_handler(FormRefused, form_refused)  # type: ignore[arg-type]
    app.include_router(api.router)
    app.include_router(pages.router)
    return app


COOKIE = "reportgen_token"


class _TokenRequired:
    """Every request, the API's description included, carries the token, or gets 401.

    Programs send it as `Authorization: Bearer TOKEN`. A browser cannot, so a page opened
    once with `?token=TOKEN` sets it as a cookie (HttpOnly, and SameSite=Strict, so that no
    other site's page can post a form with it) and is sent on without it.
    """

    def __init__(self, app: ASGIApp, token: str):
        self.app, self.token = app, token.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        bearer = headers.get(b"authorization", b"")
        if bearer.startswith(b"Bearer ") and self._matches(bearer[len(b"Bearer ") :]):
            await self.app(scope, receive, send)
            return
        if self._matches(_cookie(headers.get(b"cookie", b""))):
            await self.app(scope, receive, send)
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        if self._matches(query.get("token", [""])[0].encode()) and scope["method"] == "GET":
            kept = urlencode(
                [(k, v) for k, values in query.items() if k != "token" for v in values]
            )
            location = local_location(scope["path"], kept)
            entering = RedirectResponse(quote(location, safe="/?=&%"), status_code=303)
            entering.set_cookie(
                COOKIE, self.token.decode(), httponly=True, samesite="strict", path="/"
            )
            await entering(scope, receive, send)
            return
        message = (
            "this service needs its token: send the header Authorization: Bearer TOKEN"
            " (in a browser, open a page once with ?token=TOKEN)"
        )
        refusal = JSONResponse(
            problems_body([Problem(message)]),
            status_code=401,
            headers={"WWW-Authenticate": "Bearer"},
        )
        await refusal(scope, receive, send)

    def _matches(self, given: bytes) -> bool:
        return bool(given) and hmac.compare_digest(given, self.token)


def _cookie(header: bytes) -> bytes:
    cookies = SimpleCookie()
    try:
        cookies.load(header.decode("latin-1"))
    except CookieError:
        return b""
    found = cookies.get(COOKIE)
    return found.value.encode("latin-1", "replace") if found else b""


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
