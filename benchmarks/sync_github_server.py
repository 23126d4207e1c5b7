"""A fake GitHub on 127.0.0.1 in its own process, counting every request, for the sync benchmark.

It answers with the fake GitHub of the tests (tests/fake_github.py): GitHub's
documented example payloads with only values changed, Link-header pagination,
ETags and 304 on If-None-Match. It runs in a child process so serving does not
compete with the client under test for the interpreter lock, as a remote server
would not. `GET /_bench/requests` returns (and forgets) the requests seen so far.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus

from benchmarks.datagen import WORDS

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
REPOS = tuple(f"acme/service-{n}" for n in range(5))
LOG_PATH = "/_bench/requests"


@dataclass(frozen=True, slots=True)
class Request:
    """One request as the server saw it, and its answer."""

    method: str
    target: str
    conditional: bool
    """Sent a validator: If-None-Match or If-Modified-Since."""
    status: int

    @property
    def revalidated(self) -> bool:
        """Conditional and answered 304 Not Modified: nothing was sent again."""
        return self.conditional and self.status == 304

    @property
    def bounded(self) -> bool:
        """Asks only for changes after the cursor's mark (`since=` or `updated:>=`)."""
        query = unquote_plus(self.target.partition("?")[2])
        return "since=" in query or "updated:>=" in query


def _fake_github() -> Any:
    if str(ROOT / "tests") not in sys.path:
        sys.path.insert(0, str(ROOT / "tests"))
    import fake_github

    return fake_github


def populate(fake: Any, issues: int, seed: int) -> None:
    """Seeded open issues and pull requests, timelines from the docs, a few notifications."""
    fixture = _fake_github().fixture
    rng = random.Random(seed)
    timeline, timeline_pr = fixture("timeline.json"), fixture("timeline_pr.json")
    for index in range(issues):
        repo = REPOS[index % len(REPOS)]
        number = index // len(REPOS) + 1
        updated = NOW - timedelta(minutes=index * 11 + rng.randint(0, 9))
        pull = index % 3 == 0
        fake.add_issue(
            repo,
            number,
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 10))).capitalize(),
            updated=updated.strftime("%Y-%m-%dT%H:%M:%SZ"),
            created=(updated - timedelta(days=rng.randint(0, 60))).strftime("%Y-%m-%dT%H:%M:%SZ"),
            assignees=(f"dev{rng.randrange(50)}",) if rng.random() < 0.7 else (),
            labels=("bug",) if rng.random() < 0.3 else (),
            pull=pull,
        )
        fake.timelines[f"{repo}#{number}"] = timeline_pr if pull else timeline
    for thread in range(10):
        fake.add_thread(str(thread + 1), "review_requested", REPOS[0], 3 * thread + 1, "Review")


def _handler(fake: Any, seen: list[Request]) -> type[BaseHTTPRequestHandler]:
    import httpx

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out at once, not 40 ms apart

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if self.path == LOG_PATH:
                rows = [[r.method, r.target, r.conditional, r.status] for r in seen]
                seen.clear()
                self._send(200, {"Content-Type": "application/json"}, json.dumps(rows).encode())
                return
            url, headers = fake.base + self.path, list(self.headers.items())
            request = httpx.Request(self.command, url, headers=headers, content=body)
            response = fake.handle(request)
            validators = ("If-None-Match", "If-Modified-Since")
            conditional = any(name in self.headers for name in validators)
            seen.append(Request(self.command, self.path, conditional, response.status_code))
            self._send(response.status_code, response.headers, response.content)

        def _send(self, status: int, headers: Any, content: bytes) -> None:
            self.send_response(status)
            for name, value in headers.items():
                if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = do_POST = do_PATCH = do_DELETE = _answer

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: thousands of requests per run."""

    return Handler


def serve(issues: int, seed: int, conn: Connection) -> None:
    """The child process: build the data, report the base URL, serve until terminated."""
    seen: list[Request] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    server.daemon_threads = True
    fake = _fake_github().FakeGitHub(base=f"http://127.0.0.1:{server.server_address[1]}")
    populate(fake, issues, seed)
    server.RequestHandlerClass = _handler(fake, seen)  # the fake needed the port first
    conn.send(fake.base)
    server.serve_forever()


@dataclass(frozen=True, slots=True)
class Server:
    base: str

    def take(self) -> list[Request]:
        """The requests made since the last call."""
        with urllib.request.urlopen(self.base + LOG_PATH, timeout=30) as answer:
            rows = json.loads(answer.read())
        return [Request(str(m), str(t), bool(c), int(s)) for m, t, c, s in rows]


@contextmanager
def running(issues: int, seed: int) -> Iterator[Server]:
    """Start the server process with `issues` issues; stop it on exit."""
    parent, child = multiprocessing.Pipe()
    process = multiprocessing.get_context("spawn").Process(
        target=serve, args=(issues, seed, child), name="bench-github", daemon=True
    )
    process.start()
    try:
        if not parent.poll(120):
            raise RuntimeError("the benchmark GitHub server did not start")
        yield Server(str(parent.recv()))
    finally:
        process.terminate()
        process.join(10)
