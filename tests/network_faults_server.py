"""Loopback servers that misbehave on purpose, for the network-fault tests.

`FaultServer` listens on 127.0.0.1 and answers every connection with one
fault: a canned HTTP reply (any status, headers, body), a reply cut off
mid-body, silence (accepts and never answers), or raw bytes for the mail
protocols. With `tls` it wraps each connection in TLS first (a self-signed
certificate the client does not trust). `closed_port()` is a port nobody
listens on, for "connection refused".
"""

from __future__ import annotations

import contextlib
import json
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

Handler = Callable[[socket.socket], None]


@dataclass(frozen=True)
class HttpReply:
    """One HTTP answer; `cut` sends only the first half of the body and closes."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    cut: bool = False

    @classmethod
    def of_json(cls, status: int, data: Any, **headers: str) -> HttpReply:
        hdrs = {"Content-Type": "application/json; charset=utf-8", **headers}
        return cls(status, json.dumps(data).encode(), hdrs)

    def wire(self) -> bytes:
        reason = {200: "OK", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found"}.get(
            self.status, "Status"
        )
        body = self.body[: len(self.body) // 2] if self.cut else self.body
        lines = [f"HTTP/1.1 {self.status} {reason}", f"Content-Length: {len(self.body)}"]
        lines += [f"{name}: {value}" for name, value in self.headers.items()]
        if self.cut:
            lines.append("Connection: close")
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def closed_port() -> int:
    """A loopback port with nothing listening (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def read_http_request(conn: socket.socket) -> bool:
    """Read one request (headers and Content-Length body); False when the peer left."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return False
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip() or 0)
    while len(rest) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return False
        rest += chunk
    return True


def http_handler(reply: HttpReply) -> Handler:
    """Answer every request on the connection with `reply` (keep-alive until cut)."""

    def handle(conn: socket.socket) -> None:
        while read_http_request(conn):
            conn.sendall(reply.wire())
            if reply.cut:
                return

    return handle


def plain_http_handler(conn: socket.socket) -> None:
    """What a plain HTTP server says to a TLS hello: 400, then it hangs up."""
    conn.recv(65536)
    conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")


class FaultServer:
    """A threaded loopback server; use as a context manager."""

    def __init__(self, handler: Handler | None, *, tls: ssl.SSLContext | None = None) -> None:
        self.handler = handler
        self.tls = tls
        self._stop = threading.Event()
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.1)
        self.port = int(self._sock.getsockname()[1])
        self._conns: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def https_url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def __enter__(self) -> FaultServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(5)
        for conn in self._conns:
            with contextlib.suppress(OSError):
                conn.close()
        self._sock.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._conns.append(conn)
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with contextlib.suppress(OSError, ssl.SSLError, ValueError):
            conn.settimeout(10)
            if self.tls is not None:
                conn = self.tls.wrap_socket(conn, server_side=True)
                self._conns.append(conn)
            if self.handler is None:  # silence: hold the connection until the test ends
                self._stop.wait()
                return
            self.handler(conn)
            conn.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            conn.close()


@contextlib.contextmanager
def serving(handler: Handler | None, *, tls: ssl.SSLContext | None = None) -> Iterator[FaultServer]:
    with FaultServer(handler, tls=tls) as server:
        yield server
