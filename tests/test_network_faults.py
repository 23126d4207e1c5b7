"""Every HTTP adapter against every network fault, through the real sync engine.

Each case syncs a workspace with a healthy demo source and one faulty source
whose server (on 127.0.0.1, or an injected DNS failure) misbehaves in one way.
The faulty source must end with exactly one line naming its host and what
happened, keep the data of its earlier sync, never show its token, and the
demo source must still sync. Retry waits go through an injected sleep, and
timeouts are shortened, so the whole matrix runs in seconds.
"""

from __future__ import annotations

import dataclasses
import ssl
from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from network_faults_server import (
    FaultServer,
    HttpReply,
    closed_port,
    http_handler,
    plain_http_handler,
)
from network_faults_workspace import (
    BAD_HOST,
    TOKEN,
    faulty_status,
    no_dns,
    open_with_faulty,
    run_sync,
    seed_earlier_sync,
    untrusted_tls,
)

from ctotui.adapters import http as http_module
from ctotui.adapters.base import Adapter, AdapterContext
from ctotui.adapters.github import GitHubAdapter
from ctotui.adapters.gitlab import GitLabAdapter
from ctotui.clock import FixedClock
from ctotui.config_schema import fixed_class
from ctotui.workspace import Workspace

SHORT_TIMEOUT = httpx.Timeout(0.25)
__all__ = ["no_dns", "untrusted_tls"]  # fixtures used below


@dataclass(frozen=True)
class AdapterCase:
    """How to point one adapter at a server, and the error bodies its API documents."""

    adapter: str
    settings: Callable[[str], str]
    errors: dict[int, HttpReply]


def _github(status: int, message: str, **headers: str) -> HttpReply:
    body = {"message": message, "documentation_url": "https://docs.github.com/rest"}
    return HttpReply.of_json(status, body, **headers)


def _gitlab(status: int, data: dict[str, Any], **headers: str) -> HttpReply:
    return HttpReply.of_json(status, data, **headers)


def _jira(status: int, message: str, **headers: str) -> HttpReply:
    return HttpReply.of_json(status, {"errorMessages": [message], "errors": {}}, **headers)


def _linear(status: int, message: str, code: str, **headers: str) -> HttpReply:
    error = {"message": message, "extensions": {"code": code, "userPresentableMessage": message}}
    return HttpReply.of_json(status, {"errors": [error]}, **headers)


def _slack(status: int, error: str, **headers: str) -> HttpReply:
    return HttpReply.of_json(status, {"ok": False, "error": error}, **headers)


def _matrix(status: int, code: str, message: str, **extra: Any) -> HttpReply:
    headers = {"Retry-After": "600"} if status == 429 else {}
    return HttpReply.of_json(status, {"errcode": code, "error": message, **extra}, **headers)


CASES: dict[str, AdapterCase] = {
    "github": AdapterCase(
        "github",
        lambda url: f'base_url = "{url}"\nrepos = ["acme/api"]',
        {
            401: _github(401, "Bad credentials"),
            403: _github(
                403,
                "Resource not accessible by personal access token",
                **{"X-Accepted-GitHub-Permissions": "issues=read"},
            ),
            404: _github(404, "Not Found"),
            429: _github(429, "API rate limit exceeded", **{"Retry-After": "600"}),
            500: _github(500, "Server Error"),
            503: _github(503, "Service Unavailable"),
        },
    ),
    "gitlab": AdapterCase(
        "gitlab",
        lambda url: f'base_url = "{url}/api/v4"\nprojects = ["acme/api"]',
        {
            401: _gitlab(401, {"message": "401 Unauthorized"}),
            403: _gitlab(
                403,
                {
                    "error": "insufficient_scope",
                    "error_description": "The request requires higher privileges than "
                    "provided by the access token.",
                    "scope": "api",
                },
                **{
                    "WWW-Authenticate": 'Bearer realm="", error="insufficient_scope", '
                    'error_description="The request requires higher privileges", scope="api"'
                },
            ),
            404: _gitlab(404, {"message": "404 Project Not Found"}),
            429: HttpReply(
                429, b"Retry later", {"Content-Type": "text/plain", "Retry-After": "600"}
            ),
            500: _gitlab(500, {"message": "500 Internal Server Error"}),
            503: _gitlab(503, {"message": "503 Service Unavailable"}),
        },
    ),
    "jira": AdapterCase(
        "jira",
        lambda url: f'base_url = "{url}"\nemail = "cto@acme.example"\njql = ["api: project = API"]',
        {
            401: _jira(401, "You are not authenticated. Authentication required."),
            403: _jira(403, "You do not have permission to view this project."),
            404: _jira(404, "The requested resource could not be found."),
            429: _jira(429, "Rate limit exceeded.", **{"Retry-After": "600"}),
            500: _jira(500, "Internal server error."),
            503: _jira(503, "Service unavailable."),
        },
    ),
    "linear": AdapterCase(
        "linear",
        lambda url: f'api_url = "{url}/graphql"\nteams = ["ENG"]',
        {
            401: _linear(401, "Authentication required, not authenticated", "AUTHENTICATION_ERROR"),
            403: _linear(403, "Forbidden", "FORBIDDEN"),
            404: HttpReply(404, b"Not Found", {"Content-Type": "text/plain"}),
            429: _linear(
                429,
                "Rate limit exceeded",
                "RATELIMITED",
                **{"X-RateLimit-Requests-Reset": "1794994800000"},  # 2026-11-18 09:40 UTC, ms
            ),
            500: _linear(500, "Internal server error", "INTERNAL_SERVER_ERROR"),
            503: HttpReply(503, b"<html>Service Unavailable</html>", {"Content-Type": "text/html"}),
        },
    ),
    "slack": AdapterCase(
        "slack",
        lambda url: f'base_url = "{url}/api/"',
        {
            401: _slack(401, "invalid_auth"),
            403: _slack(403, "missing_scope"),
            404: _slack(404, "method_not_found"),
            429: _slack(429, "ratelimited", **{"Retry-After": "600"}),
            500: _slack(500, "internal_error"),
            503: _slack(503, "service_unavailable"),
        },
    ),
    "matrix": AdapterCase(
        "matrix",
        lambda url: f'homeserver = "{url}"\nuser_id = "@cto:acme.example"',
        {
            401: _matrix(401, "M_UNKNOWN_TOKEN", "Invalid access token passed."),
            403: _matrix(403, "M_FORBIDDEN", "You are not allowed to do that."),
            404: _matrix(404, "M_UNRECOGNIZED", "Unrecognized request"),
            429: _matrix(429, "M_LIMIT_EXCEEDED", "Too many requests", retry_after_ms=600_000),
            500: _matrix(500, "M_UNKNOWN", "Internal server error"),
            503: _matrix(503, "M_UNKNOWN", "Service unavailable"),
        },
    ),
}

# fault -> words the one-line status must contain ({host} is the server's host)
EXPECTED: dict[str, tuple[str, ...]] = {
    "refused": ("{host}", "refused the connection", "check the server runs"),
    "dns": (BAD_HOST, "cannot find", "DNS: name not found"),
    "timeout": ("{host}", "did not answer within 0.25 s", "raise the source's timeout"),
    "tls-handshake": ("TLS handshake failed with {host}", "check the port speaks TLS"),
    "tls-certificate": (
        "TLS handshake failed with {host}",
        "certificate not trusted (self-signed)",
    ),
    "401": ("{host}", "rejected the token (401)"),
    "403": ("{host}", "(403)", "missing permission or scope"),
    "404": ("{host}", "(404)", "check the URL"),
    "429": ("{host}", "rate limit", "retry at "),
    "500": ("{host}", "server error (500)"),
    "503": ("{host}", "unavailable (503)"),
    "malformed": ("{host}", "not valid JSON"),
    "wrong-shape": (" sent ",),  # JSON, but not what the API promises: the adapter says so
    "truncated": ("{host}", "closed the connection mid-reply", "truncated"),
}

WRONG_SHAPE = HttpReply.of_json(200, {"data": None, "items": "none", "next_batch": 7})
MALFORMED = HttpReply(200, b"<html><body>Sign in</body></html>", {"Content-Type": "text/html"})
TRUNCATED = HttpReply(
    200, b'{"data": {"items": [1, 2, 3, 4, 5, 6, 7]}}', {"Content-Type": "application/json"}, True
)


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every retry wait the adapters asked for; nothing really sleeps."""
    asked: list[float] = []
    monkeypatch.setattr(GitHubAdapter, "sleep", staticmethod(recorder(asked)))
    monkeypatch.setattr(GitLabAdapter, "sleep", staticmethod(recorder(asked)))
    monkeypatch.setattr(http_module, "DEFAULT_TIMEOUT", SHORT_TIMEOUT)
    return asked


def recorder(asked: list[float]) -> Callable[[float], Awaitable[None]]:
    """A sleep that only notes how long it was asked to wait."""

    async def no_sleep(seconds: float) -> None:
        asked.append(seconds)

    return no_sleep


def with_test_sleep(cls: type[Adapter], asked: list[float]) -> type[Adapter]:
    """`cls` made with the recording sleep (GitHub and GitLab take it as a class attribute)."""
    if cls in (GitHubAdapter, GitLabAdapter):
        return cls

    class Recording(cls):  # type: ignore[valid-type,misc]
        def __init__(self, source: str, settings: Any, context: AdapterContext) -> None:
            super().__init__(source, settings, context, sleep=recorder(asked))

    return Recording


def fault_server(
    fault: str, case: AdapterCase, tls: Callable[[], ssl.SSLContext]
) -> tuple[AbstractContextManager[Any], Callable[[Any], str]]:
    """The server for `fault` (or none) and how to make the source's URL from it."""
    if fault == "refused":
        port = closed_port()
        return nullcontext(), lambda _s: f"http://127.0.0.1:{port}"
    if fault == "dns":
        return nullcontext(), lambda _s: f"http://{BAD_HOST}"
    if fault == "timeout":
        return FaultServer(None), lambda s: s.http_url
    if fault == "tls-handshake":
        return FaultServer(plain_http_handler), lambda s: s.https_url
    if fault == "tls-certificate":
        return FaultServer(http_handler(MALFORMED), tls=tls()), lambda s: s.https_url
    reply = {"malformed": MALFORMED, "truncated": TRUNCATED, "wrong-shape": WRONG_SHAPE}.get(fault)
    return FaultServer(http_handler(reply or case.errors[int(fault)])), lambda s: s.http_url


def workspace_with(
    tmp_path: Path, clock: FixedClock, case: AdapterCase, url: str, asked: list[float]
) -> Workspace:
    """The demo source and `case`'s adapter at `url`, waiting through the recording sleep."""
    secret_key = "access_token" if case.adapter == "matrix" else "token"
    secret = f'{secret_key} = {{ env = "FAULT_TOKEN" }}'
    keys = f'adapter = "{case.adapter}"\n{secret}\n{case.settings(url)}'
    workspace = open_with_faulty(tmp_path, clock, keys)
    sources = tuple(
        dataclasses.replace(s, load_class=fixed_class(with_test_sleep(s.adapter_class, asked)))
        if s.name == "faulty"
        else s
        for s in workspace.config.sources
    )
    workspace.config = dataclasses.replace(workspace.config, sources=sources)
    seed_earlier_sync(workspace, clock)
    return workspace


def check_status(workspace: Workspace, host: str, fault: str) -> str:
    return faulty_status(workspace, tuple(w.format(host=host) for w in EXPECTED[fault]))


FAULTS = tuple(EXPECTED)


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("adapter", sorted(CASES))
def test_fault_gives_one_line_and_keeps_data(
    adapter: str,
    fault: str,
    tmp_path: Path,
    clock: FixedClock,
    waits: list[float],
    no_dns: None,
    untrusted_tls: Callable[[], ssl.SSLContext],
    caplog: pytest.LogCaptureFixture,
) -> None:
    case = CASES[adapter]
    server, url_of = fault_server(fault, case, untrusted_tls)
    with server as running:
        url = url_of(running)
        workspace = workspace_with(tmp_path, clock, case, url, waits)
        try:
            outcomes = run_sync(workspace, clock)
            assert outcomes["demo"].ok, outcomes["demo"]
            assert not outcomes["faulty"].ok
            line = check_status(workspace, httpx.URL(url).host, fault)
            assert outcomes["faulty"].error == line
        finally:
            workspace.close()
    assert TOKEN not in caplog.text
    if fault in ("dns", "tls-handshake", "tls-certificate"):
        assert waits == [] and "gave up" not in line  # retrying at once cannot help
    elif fault in ("refused", "timeout", "truncated", "500", "503"):
        assert len(waits) == 3 and "gave up after 4 attempts" in line


def test_status_line_stays_one_line_for_a_multi_line_server_message(
    tmp_path: Path, clock: FixedClock, waits: list[float], no_dns: None
) -> None:
    reply = _github(401, "Bad credentials\r\n\x1b[31mcall us\x1b[0m\n" + "x" * 500)
    with FaultServer(http_handler(reply)) as server:
        workspace = workspace_with(tmp_path, clock, CASES["github"], server.http_url, waits)
        try:
            run_sync(workspace, clock)
            check_status(workspace, "127.0.0.1", "401")
        finally:
            workspace.close()


def test_rate_limit_and_server_errors_are_retried_without_really_sleeping(
    tmp_path: Path, clock: FixedClock, waits: list[float], no_dns: None
) -> None:
    with FaultServer(http_handler(CASES["jira"].errors[503])) as server:
        workspace = workspace_with(tmp_path, clock, CASES["jira"], server.http_url, waits)
        try:
            run_sync(workspace, clock)
            line = check_status(workspace, "127.0.0.1", "503")
        finally:
            workspace.close()
    assert "gave up after 4 attempts" in line
    assert len(waits) == 3  # three waits between four attempts, none of them real


@pytest.mark.parametrize("adapter", sorted(CASES))
def test_a_server_echoing_the_token_does_not_leak_it(
    adapter: str, tmp_path: Path, clock: FixedClock, waits: list[float], no_dns: None
) -> None:
    echo = HttpReply.of_json(
        401, {"message": f"bad token {TOKEN}", "error": f"bad token {TOKEN}", "ok": False}
    )
    with FaultServer(http_handler(echo)) as server:
        workspace = workspace_with(tmp_path, clock, CASES[adapter], server.http_url, waits)
        try:
            run_sync(workspace, clock)
            line = faulty_status(workspace, ("(401)", "bad token ***"))
        finally:
            workspace.close()
    assert TOKEN not in line
