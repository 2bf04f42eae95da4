"""What a request must show before the service acts on it: a name of the service's own in
`Host`, and, to change anything, that the service's own page or a program sent it.

A web page the consultant happens to open can make the browser send requests to
127.0.0.1, and a page whose name is rebound to 127.0.0.1 can read the answers. So:

- `Host` must be a name the service answers to (the loopback names, the `--host`
  it listens on, each `--allowed-host`): a rebound name is refused (421) and reads
  nothing;
- a request that changes state (POST, PUT, PATCH, DELETE) is refused (403) when its
  `Origin` — or, without one, its `Referer` — is another site, or `Sec-Fetch-Site` says
  so: browsers send them with every such request and a page cannot forge them;
- to the API it must carry a header no form can send (`X-Requested-With`, or
  `Authorization`), so a browser asks the service first (a CORS preflight, which the
  service never grants) before sending it from another site; and a plain-text or
  form-encoded body, which a browser sends without asking, is refused (415);
- the pages' forms carry a token of the browser's session (`form_token`) that only
  the service's own pages hold, checked with the form (`checked_form`).
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from reportgen.errors import Problem
from reportgen.service.problems import problems_body

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
WILDCARDS = ("0.0.0.0", "::", "")  # addresses listened on, not names anyone is reached by
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
API_PREFIX = "/api/"
PROGRAM_HEADERS = ("x-requested-with", "authorization")
SIMPLE_BODIES = ("text/plain", "application/x-www-form-urlencoded")  # sent without a preflight
FORM_COOKIE = "reportgen_form"
FORM_FIELD = "form_token"
FORM_TOKEN_BYTES = 24


def answered_names(host: str, allowed: tuple[str, ...] = ()) -> frozenset[str]:
    """The names `Host` may give: the loopback names, the address listened on, the allowed."""
    names = {*LOOPBACK_NAMES, *(_normal(name) for name in allowed)}
    if _normal(host) not in WILDCARDS:
        names.add(_normal(host))
    return frozenset(names)


def host_name(header: str) -> str:
    """The name in a `Host` header (`[::1]:8000` → `::1`, `LocalHost.` → `localhost`)."""
    try:
        parts = urlsplit(f"//{header}")
        parts.port  # noqa: B018 (read to be checked: a malformed port raises)
    except ValueError:  # a malformed port or bracket
        return ""
    return _normal(parts.hostname or "")


def _normal(name: str) -> str:
    return name.strip().strip("[]").rstrip(".").lower()


class RequestGuard:
    """The middleware that refuses a foreign `Host` and cross-site requests (see above)."""

    def __init__(self, app: ASGIApp, names: frozenset[str]):
        self.app, self.names = app, names

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        refusal = self.refusal(scope)
        if refusal is None:
            await self.app(scope, receive, send)
        else:
            await refusal(scope, receive, send)

    def refusal(self, scope: Scope) -> Response | None:
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        if host_name(host) not in self.names:
            listed = ", ".join(sorted(self.names))
            return _refused(
                421,
                f"this service answers to {listed}, not to the name {host!r}"
                " (start it with --allowed-host NAME to answer to NAME)",
            )
        if scope.get("method", "GET") in SAFE_METHODS:
            return None
        stranger = _foreign_origin(headers, host)
        if stranger is not None:
            message = f"a request from another site ({stranger}) cannot change anything here"
            return _refused(403, message)
        if scope["path"].startswith(API_PREFIX):
            return _api_refusal(headers)
        return None


def _foreign_origin(headers: dict[str, str], host: str) -> str | None:
    """The other site a request comes from, by its `Origin` or else its `Referer` (and, where
    the browser says it, `Sec-Fetch-Site`); None when it is the service's own page, or a
    program that names none of them."""
    if headers.get("sec-fetch-site") in ("cross-site", "same-site"):
        return f"Sec-Fetch-Site: {headers['sec-fetch-site']}"
    for name in ("origin", "referer"):
        given = headers.get(name)
        if given is None:
            continue
        try:
            sender = urlsplit(given)
        except ValueError:  # a malformed address is no page of the service's
            return f"{name.title()}: {given}"
        same = sender.scheme in ("http", "https") and sender.netloc.lower() == host.lower()
        return None if same else f"{name.title()}: {given}"
    return None


def _api_refusal(headers: dict[str, str]) -> Response | None:
    if not any(name in headers for name in PROGRAM_HEADERS):
        return _refused(
            403,
            "a program changes things through the API with the header X-Requested-With"
            " (any value) or Authorization: a form on another site cannot send either",
        )
    kind = headers.get("content-type", "").split(";")[0].strip().lower()
    if kind in SIMPLE_BODIES:
        return _refused(
            415,
            f"the API does not take {kind}: send JSON, a .zip or .xlsx body, or multipart/form-data",
        )
    return None


def _refused(status: int, message: str) -> JSONResponse:
    return JSONResponse(problems_body([Problem(message)]), status_code=status)


# — the pages' forms ————————————————————————————————————————————————————————————————————


class FormRefused(Exception):
    """A page's form sent without the token of the browser's session."""


def form_token(request: Request) -> tuple[str, bool]:
    """The token the browser's session carries in its cookie, or a new one (and True: the
    answer must set it)."""
    given = request.cookies.get(FORM_COOKIE, "")
    if len(given) == 2 * FORM_TOKEN_BYTES and given.isalnum():
        return given, False
    return secrets.token_hex(FORM_TOKEN_BYTES), True


def keep_form_token(response: Response, token: str) -> None:
    # HttpOnly: no script reads it; SameSite=Strict: no other site's request carries it.
    response.set_cookie(FORM_COOKIE, token, httponly=True, samesite="strict", path="/")


def checked_form(request: Request, form: FormData) -> FormData:
    """`form` when it carries the token of the cookie it came with, else FormRefused."""
    sent, kept = form.get(FORM_FIELD), request.cookies.get(FORM_COOKIE, "")
    if not (isinstance(sent, str) and kept and hmac.compare_digest(sent, kept)):
        raise FormRefused
    return form


async def form_refused(request: Request, error: FormRefused) -> JSONResponse:
    return _refused(
        403,
        "this form was not sent from the service's own page: open the page and send it again",
    )


def local_location(path: str, query: str = "") -> str:
    """A redirect's target that stays on this service: one leading slash, never `//host`
    (a browser reads `//evil.example/` as another site) nor a backslash that some read so."""
    tail = path.replace("\\", "/").lstrip("/")
    return "/" + tail + (f"?{query}" if query else "")
