"""A stand-in Slack Web API on 127.0.0.1 that answers from tests/fixtures/slack.

For tests that run the real app, sync engine and outbox against "Slack": reads
are answered from the recorded replies, writes (chat.postMessage, reactions.add,
conversations.mark) are recorded in `posts` and answered as Slack does.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlparse

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "slack"


def _fixture(name: str) -> Any:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def answer(method: str, params: dict[str, Any]) -> Any:
    """The recorded reply for one Web API call."""
    if method == "conversations.list":
        return _fixture(f"{method}.{2 if 'cursor' in params else 1}")
    if method == "conversations.history":
        channel = params.get("channel")
        if channel == "C0API":
            return _fixture(f"{method}.C0API.{2 if 'cursor' in params else 1}")
        if channel in ("D0ANA", "G0MPIM"):
            return _fixture(f"{method}.{channel}")
        return _fixture("error.not_in_channel")
    if method == "search.messages":
        return _fixture(method + ("" if params.get("query") == "<@U0CTO>" else ".empty"))
    return _fixture(method)


@dataclass
class SlackServer:
    url: str
    posts: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


@pytest.fixture
def slack_server() -> Iterator[SlackServer]:
    """The fake Slack, serving on a free loopback port for one test."""
    posts: list[tuple[str, dict[str, Any]]] = []

    class Handler(BaseHTTPRequestHandler):
        def _send(self, data: Any) -> None:
            body = json.dumps(data).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            url = urlparse(self.path)
            self._send(answer(url.path.rsplit("/", 1)[-1], dict(parse_qsl(url.query))))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            method = urlparse(self.path).path.rsplit("/", 1)[-1]
            posts.append((method, body))
            self._send(answer(method, body))

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield SlackServer(f"http://127.0.0.1:{server.server_address[1]}/api/", posts)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
