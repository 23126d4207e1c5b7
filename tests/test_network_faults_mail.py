"""IMAP sync and SMTP sending against every network fault, on loopback fakes.

The IMAP source syncs through the real engine beside a healthy demo source; a
faulty server leaves one line on the source's status and the earlier data in
the store. SMTP faults are met when the outbox sends a reply: the action
keeps one line saying why and stays queued for the next try, and the Maildir
source beside it still syncs. Timeouts are shortened; nothing really sleeps.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

import pytest
from network_faults_server import FaultServer, Handler, closed_port
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

from ctotui.adapters import imap_conn, mail_send
from ctotui.clock import FixedClock
from ctotui.model import ActionKind, OutboxAction
from ctotui.sync import SyncEngine
from ctotui.workspace import open_workspace

__all__ = ["no_dns", "untrusted_tls"]  # fixtures used below

SHORT_TIMEOUT = 0.3


@pytest.fixture(autouse=True)
def short_timeouts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(imap_conn, "IMAP_TIMEOUT_SECONDS", SHORT_TIMEOUT)
    monkeypatch.setattr(mail_send, "SMTP_TIMEOUT_SECONDS", SHORT_TIMEOUT)


def _lines(conn: socket.socket) -> Any:
    return conn.makefile("rb")


def imap_handler(fault: str) -> Handler:
    """A fake IMAP server: it greets and logs in, then misbehaves as `fault` says."""

    def handle(conn: socket.socket) -> None:
        if fault == "unavailable":
            conn.sendall(b"* BYE Server shutting down for maintenance\r\n")
            return
        conn.sendall(b"* OK [CAPABILITY IMAP4rev1 LOGIN] fake ready\r\n")
        for raw in _lines(conn):
            tag, _, rest = raw.decode(errors="replace").strip().partition(" ")
            command = rest.split(" ", 1)[0].upper()
            if command == "CAPABILITY":
                conn.sendall(f"* CAPABILITY IMAP4rev1\r\n{tag} OK done\r\n".encode())
            elif command == "LOGIN" and fault == "login":
                conn.sendall(f"{tag} NO [AUTHENTICATIONFAILED] Authentication failed.\r\n".encode())
            elif command == "LOGIN":
                conn.sendall(f"{tag} OK logged in\r\n".encode())
            elif command == "LOGOUT":
                conn.sendall(f"* BYE bye\r\n{tag} OK done\r\n".encode())
                return
            elif fault == "garbage":
                conn.sendall(b"\x00\x01 HTTP/1.1 200 OK this is not IMAP\r\n")
            elif fault == "truncated":
                conn.sendall(b"* STATUS INBOX (MESSAGES 3 UIDN")
                return
            elif fault == "no-folder":
                conn.sendall(f"{tag} NO [NONEXISTENT] Unknown mailbox\r\n".encode())
            else:
                conn.sendall(f"{tag} BAD unexpected\r\n".encode())

    return handle


def plain_greeting(conn: socket.socket) -> None:
    """A plain-text server on a port the client expects TLS on."""
    conn.sendall(b"* OK plain text here\r\n")
    conn.recv(65536)


# fault -> (words in the status line, "{where}" is host:port)
IMAP_EXPECTED: dict[str, tuple[str, ...]] = {
    "refused": ("IMAP", "{where} refused the connection"),
    "dns": ("IMAP", "cannot find", BAD_HOST, "DNS: name not found"),
    "timeout": ("IMAP", "{where} did not answer within 0.3 s", "[sync] timeout"),
    "tls-handshake": ("IMAP", "TLS handshake failed with {where}", "speaks TLS"),
    "tls-certificate": ("IMAP", "TLS handshake failed with {where}", "not trusted (self-signed)"),
    "login": ("IMAP", "login was rejected on {where}", "check username and password"),
    "unavailable": ("IMAP", "did not accept the connection on {where}", "shutting down"),
    "garbage": ("IMAP", "{where}", "cannot read"),
    "truncated": ("IMAP", "{where} closed the connection mid-reply", "truncated"),
    "no-folder": ("IMAP", "folder 'INBOX' cannot be read", "{where}", "Unknown mailbox"),
}


def imap_server(
    fault: str, tls: Callable[[], ssl.SSLContext]
) -> tuple[AbstractContextManager[Any], Callable[[Any], tuple[str, int, str]]]:
    """The fake for `fault` (or none) and the (host, port, security) to configure."""
    if fault == "refused":
        port = closed_port()
        return nullcontext(), lambda _s: ("127.0.0.1", port, "plain")
    if fault == "dns":
        return nullcontext(), lambda _s: (BAD_HOST, 993, "tls")
    if fault == "timeout":
        return FaultServer(None), lambda s: ("127.0.0.1", s.port, "plain")
    if fault == "tls-handshake":
        return FaultServer(plain_greeting), lambda s: ("127.0.0.1", s.port, "tls")
    if fault == "tls-certificate":
        return FaultServer(imap_handler(fault), tls=tls()), lambda s: ("127.0.0.1", s.port, "tls")
    return FaultServer(imap_handler(fault)), lambda s: ("127.0.0.1", s.port, "plain")


@pytest.mark.parametrize("fault", tuple(IMAP_EXPECTED))
def test_imap_fault_gives_one_line_and_keeps_data(
    fault: str,
    tmp_path: Path,
    clock: FixedClock,
    no_dns: None,
    untrusted_tls: Callable[[], ssl.SSLContext],
    caplog: pytest.LogCaptureFixture,
) -> None:
    server, address = imap_server(fault, untrusted_tls)
    with server as running:
        host, port, security = address(running)
        keys = (
            f'adapter = "imap"\nhost = "{host}"\nport = {port}\nsecurity = "{security}"\n'
            'username = "cto@acme.example"\npassword = { env = "FAULT_TOKEN" }'
        )
        workspace = open_with_faulty(tmp_path, clock, keys)
        try:
            seed_earlier_sync(workspace, clock)
            outcomes = run_sync(workspace, clock)
            assert outcomes["demo"].ok and not outcomes["faulty"].ok
            where = f"{host}:{port}"
            faulty_status(workspace, tuple(w.format(where=where) for w in IMAP_EXPECTED[fault]))
        finally:
            workspace.close()
    assert TOKEN not in caplog.text


def smtp_handler(fault: str) -> Handler:
    """A fake SMTP server with AUTH: it misbehaves at the step `fault` names."""

    def handle(conn: socket.socket) -> None:
        if fault == "unavailable":
            conn.sendall(b"421 4.3.2 Service not available, closing transmission channel\r\n")
            return
        conn.sendall(b"220 fake.acme.example ESMTP\r\n")
        lines = _lines(conn)
        for raw in lines:
            command = raw[:4].decode(errors="replace").upper()
            if command in ("EHLO", "HELO"):
                conn.sendall(b"250-fake.acme.example\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n")
            elif command == "AUTH":
                reply = b"535 5.7.8 Authentication credentials invalid\r\n"
                conn.sendall(reply if fault == "login" else b"235 2.7.0 Accepted\r\n")
            elif command == "MAIL" and fault == "garbage":
                conn.sendall(b"\x00\x01 not SMTP at all\r\n")
            elif command == "MAIL" and fault == "truncated":
                conn.sendall(b"250-fake.acme.example continues")
                return
            elif command == "RCPT" and fault == "recipient":
                conn.sendall(b"550 5.1.1 No such user here\r\n")
            elif command == "DATA":
                conn.sendall(b"354 go ahead\r\n")
                for body in lines:
                    if body == b".\r\n":
                        break
                conn.sendall(b"250 2.0.0 queued\r\n")
            elif command == "QUIT":
                conn.sendall(b"221 2.0.0 bye\r\n")
                return
            else:
                conn.sendall(b"250 2.1.0 ok\r\n")

    return handle


def plain_smtp_greeting(conn: socket.socket) -> None:
    conn.sendall(b"220 plain text here\r\n")
    conn.recv(65536)


# fault -> words in the failed send's one line ("{where}" is host:port)
SMTP_EXPECTED: dict[str, tuple[str, ...]] = {
    "refused": ("SMTP", "{where}", "refused the connection"),
    "dns": ("SMTP", BAD_HOST, "cannot find", "DNS: name not found"),
    "timeout": ("SMTP", "{where} did not answer within 0.3 s", "[sync] timeout"),
    "tls-handshake": ("SMTP", "{where}", "TLS handshake failed", "speaks TLS"),
    "tls-certificate": ("SMTP", "TLS handshake failed with {where}", "not trusted (self-signed)"),
    "login": ("SMTP", "rejected the login", "smtp_username / smtp_password"),
    "unavailable": ("SMTP", "{where} answered 421", "Service not available"),
    "garbage": ("SMTP", "{where} sent a reply ctotui cannot read"),
    "truncated": ("SMTP", "{where} closed the connection before the mail was sent"),
    "recipient": ("SMTP", "refused the recipients", "ana@acme.example"),
}

MAIL = (
    "From: CTO <cto@acme.example>\nTo: ana@acme.example\nSubject: Re: Budget\n"
    "Message-ID: <r1@acme.example>\nDate: Wed, 18 Nov 2026 09:30:00 +0000\n\nApproved.\n"
)


def smtp_server(
    fault: str, tls: Callable[[], ssl.SSLContext]
) -> tuple[AbstractContextManager[Any], Callable[[Any], tuple[str, int, str]]]:
    if fault == "refused":
        port = closed_port()
        return nullcontext(), lambda _s: ("127.0.0.1", port, "plain")
    if fault == "dns":
        return nullcontext(), lambda _s: (BAD_HOST, 465, "tls")
    if fault == "timeout":
        return FaultServer(None), lambda s: ("127.0.0.1", s.port, "plain")
    if fault == "tls-handshake":
        return FaultServer(plain_smtp_greeting), lambda s: ("127.0.0.1", s.port, "tls")
    if fault == "tls-certificate":
        return FaultServer(smtp_handler(fault), tls=tls()), lambda s: ("127.0.0.1", s.port, "tls")
    return FaultServer(smtp_handler(fault)), lambda s: ("127.0.0.1", s.port, "plain")


def maildir(tmp_path: Path) -> Path:
    """An empty Maildir: the sending source's own mail."""
    root = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    return root


@pytest.mark.parametrize("fault", tuple(SMTP_EXPECTED))
def test_smtp_fault_keeps_the_reply_queued_with_one_line(
    fault: str,
    tmp_path: Path,
    clock: FixedClock,
    no_dns: None,
    untrusted_tls: Callable[[], ssl.SSLContext],
    caplog: pytest.LogCaptureFixture,
) -> None:
    server, address = smtp_server(fault, untrusted_tls)
    with server as running:
        host, port, security = address(running)
        config = tmp_path / "config.toml"
        config.write_text(
            f'[[sources]]\nname = "mail"\nadapter = "maildir"\npath = "{maildir(tmp_path)}"\n'
            f'smtp_host = "{host}"\nsmtp_port = {port}\nsmtp_security = "{security}"\n'
            'smtp_username = "cto@acme.example"\nsmtp_password = { env = "FAULT_TOKEN" }\n',
            encoding="utf-8",
        )
        workspace = open_workspace(
            config_arg=str(config), data_dir_arg=str(tmp_path / "data"), demo=False, clock=clock
        )
        try:
            assert not workspace.config.problems, workspace.config.problems
            store = workspace.store
            store.enqueue(OutboxAction("mail", ActionKind.SEND, "", clock.now(), payload=MAIL))
            engine = SyncEngine(store, workspace.config, clock)
            applied, failed = asyncio.run(engine.flush_outbox())
            assert (applied, failed) == (0, 1)
            [action] = store.pending_actions("mail")  # still queued: the next flush tries again
            line = action.last_error
            assert line and "\n" not in line and TOKEN not in line, line
            for word in SMTP_EXPECTED[fault]:
                assert word.format(where=f"{host}:{port}") in line, (word, line)
            [outcome] = asyncio.run(engine.sync_all())  # the source itself still syncs
            assert outcome.ok, outcome
        finally:
            workspace.close()
    assert TOKEN not in caplog.text
