"""`ctotui.net_errors`: the wording for failures that reach it from anywhere.

The fault matrices drive real servers; these cover what they cannot reach
easily: raw library errors arriving unwrapped at the sync engine, secrets in
error text, multi-line and hostile server text, and which faults are worth an
immediate retry.
"""

from __future__ import annotations

import imaplib
import json
import smtplib
import socket
import ssl
from datetime import UTC, datetime

import httpx
import pytest

from ctotui.errors import AdapterError
from ctotui.logs import register_secret
from ctotui.net_errors import describe, is_permanent, one_line, retry_hint, status_problem
from ctotui.sync import _describe

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)


def chained(outer: BaseException, inner: BaseException) -> BaseException:
    """`outer` raised from `inner`, as httpx and the adapters chain them."""
    try:
        try:
            raise inner
        except BaseException as error:
            raise outer from error
    except BaseException as raised:
        return raised


def response(
    status: int, body: bytes = b"", headers: dict[str, str] | None = None
) -> httpx.Response:
    request = httpx.Request("GET", "https://git.acme.example/api/v4/projects/9")
    return httpx.Response(status, content=body, headers=headers or {}, request=request)


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (
            chained(httpx.ConnectError("All connection attempts failed"), ConnectionRefusedError()),
            "refused the connection",
        ),
        (
            chained(httpx.ConnectError("x"), socket.gaierror(socket.EAI_NONAME, "not known")),
            "DNS: name not found",
        ),
        (
            chained(httpx.ConnectError("x"), ssl.SSLCertVerificationError(1, "verify failed")),
            "certificate was not accepted",
        ),
        (httpx.ReadTimeout("timed out"), "did not answer in time"),
        (httpx.RemoteProtocolError("peer closed connection without sending"), "mid-reply"),
        (imaplib.IMAP4.error("LOGIN failed"), "IMAP"),
        (imaplib.IMAP4.abort("socket error: EOF"), "closed the connection mid-reply"),
        (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), "SMTP"),
        (json.JSONDecodeError("Expecting value", "<html>", 0), "not valid JSON"),
        (TimeoutError(), "did not finish within 120 s"),
        (KeyError("issues"), "sent data in an unexpected shape (KeyError: 'issues')"),
        (RuntimeError("boom"), "RuntimeError: boom"),
    ],
)
def test_any_failure_becomes_one_line_naming_what_happened(
    error: BaseException, words: str
) -> None:
    line = _describe(error)
    assert words in line and "\n" not in line, line


def test_an_offline_resolver_is_not_called_an_unknown_name() -> None:
    offline = socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
    line = describe(chained(httpx.ConnectError("x"), offline), host="git.acme.example")
    assert line.startswith("cannot look up git.acme.example (temporary failure")
    assert "not reachable" in line and "name not found" not in line


def test_imap_server_lines_are_shown_as_text() -> None:
    line = describe(imaplib.IMAP4.error("b'* BYE the web's down'"))
    assert "b'" not in line and "* BYE" in line
    assert describe(AdapterError("a web's 'x' stays")) == "a web's 'x' stays"


def test_named_host_and_service_appear() -> None:
    error = chained(httpx.ConnectError("x"), ConnectionRefusedError())
    line = describe(error, service="GitLab (gl)", host="git.acme.example")
    assert line.startswith("git.acme.example refused the connection for GitLab (gl)")


def test_a_registered_secret_never_survives() -> None:
    register_secret("glpat-Secret123456")
    line = describe(AdapterError("token glpat-Secret123456 was\nrejected"))
    assert "glpat-Secret123456" not in line and "***" in line and "\n" not in line


def test_server_text_is_flattened_and_capped() -> None:
    body = json.dumps({"message": "bad\r\n\x1b]52;c;aGk=\x07 things " + "y" * 900}).encode()
    line = status_problem(
        "GitLab (gl)", response(401, body, headers={"Content-Type": "application/json"})
    )
    assert "\n" not in line and "\r" not in line and len(line) <= 300
    assert "\x1b" not in line and "\x07" not in line
    assert line.startswith("GitLab (gl) rejected the token (401) at git.acme.example (bad")


def test_403_names_the_scope_from_the_www_authenticate_header() -> None:
    header = 'Bearer error="insufficient_scope", scope="api"'
    line = status_problem("GitLab (gl)", response(403, headers={"WWW-Authenticate": header}))
    assert "(403)" in line and "it needs scope api" in line


def test_429_says_when_to_retry() -> None:
    assert retry_hint(response(429, headers={"Retry-After": "90"}), NOW) == "retry at 09:31"
    reset = str(int(NOW.timestamp()) + 600)
    assert retry_hint(response(429, headers={"X-RateLimit-Reset": reset}), NOW) == "retry at 09:40"
    assert retry_hint(response(429), NOW) == "retry later"


def test_only_certificate_handshake_and_unknown_names_are_permanent() -> None:
    assert is_permanent(chained(httpx.ConnectError("x"), ssl.SSLError(1, "wrong version")))
    unknown = socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    assert is_permanent(chained(httpx.ConnectError("x"), unknown))
    offline = socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
    assert not is_permanent(chained(httpx.ConnectError("x"), offline))
    assert not is_permanent(chained(httpx.ConnectError("x"), ConnectionRefusedError()))


def test_one_line_keeps_short_text_as_is() -> None:
    assert one_line("  a\tb  ") == "a b"
