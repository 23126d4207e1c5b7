"""A fake OAuth 2 provider on 127.0.0.1, answering as Microsoft's and Google's endpoints do.

Microsoft paths: `/{tenant}/oauth2/v2.0/devicecode` and `/{tenant}/oauth2/v2.0/token`;
Google paths (with `oauth_authority` pointing here): `/o/oauth2/v2/auth` (redirects
back to the loopback `redirect_uri` like a browser would be sent), `/token`, `/revoke`.
Token answers are scripted per grant type; every request's form is recorded.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

Answer = tuple[int, dict[str, Any]]


def pending() -> Answer:
    return 400, {"error": "authorization_pending", "error_description": "AADSTS70016: pending"}


def tokens(access: str, refresh: str = "", expires_in: int = 3599) -> Answer:
    body: dict[str, Any] = {
        "token_type": "Bearer",
        "scope": "https://outlook.office.com/IMAP.AccessAsUser.All offline_access",
        "expires_in": expires_in,
        "access_token": access,
    }
    if refresh:
        body["refresh_token"] = refresh
    return 200, body


@dataclass
class FakeOAuth:
    port: int
    device_answers: list[Answer] = field(default_factory=list)
    refresh_answers: list[Answer] = field(default_factory=list)
    code_answers: list[Answer] = field(default_factory=list)
    device_code_answer: Answer = (0, {})
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    auth_error: str = ""
    """When set, the authorize endpoint redirects back with this `error` instead of a code."""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def forms(self, grant_type: str) -> list[dict[str, str]]:
        return [form for _path, form in self.requests if form.get("grant_type") == grant_type]

    def answer(self, path: str, form: dict[str, str]) -> Answer:
        self.requests.append((path, form))
        if path.endswith("/devicecode"):
            if self.device_code_answer[0]:
                return self.device_code_answer
            return 200, {
                "device_code": "GMMhmHCXhWEzkobqIHGG_EnNYYsAkukHspeYUk9E8",
                "user_code": "WDJB-MJHT",
                "verification_uri": "https://microsoft.com/devicelogin",
                "expires_in": 900,
                "interval": 5,
                "message": "To sign in, use a web browser to open the page.",
            }
        if path.endswith("/revoke"):
            return 200, {}
        grant = form.get("grant_type", "")
        script = {
            "urn:ietf:params:oauth:grant-type:device_code": self.device_answers,
            "refresh_token": self.refresh_answers,
            "authorization_code": self.code_answers,
        }.get(grant)
        if script is None:
            return 400, {"error": "unsupported_grant_type"}
        if not script:
            return 400, {"error": "invalid_request", "error_description": "nothing scripted"}
        return script.pop(0)


def _handler(fake: FakeOAuth) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode()
            form = {key: values[0] for key, values in parse_qs(body).items()}
            status, data = fake.answer(urlsplit(self.path).path, form)
            payload = json.dumps(data).encode() if data or status != 200 else b""
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {key: values[0] for key, values in parse_qs(parts.query).items()}
            fake.requests.append((parts.path, query))
            back = {"state": query.get("state", "")}
            if fake.auth_error:
                back["error"] = fake.auth_error
            else:
                back["code"] = "4/0AfJohXn-auth-code"
            self.send_response(302)
            self.send_header("Location", f"{query['redirect_uri']}/?{urlencode(back)}")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


@pytest.fixture
def fake_oauth() -> Iterator[FakeOAuth]:
    fake = FakeOAuth(port=0)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    fake.port = int(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
