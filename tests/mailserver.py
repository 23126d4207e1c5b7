"""Real mail servers on 127.0.0.1 for the mail tests: aiosmtpd (SMTP) and Dovecot (IMAP).

Dovecot runs standalone from a config in a temp dir (base_dir, state_dir, log,
instance name), with a passwd-file user and a Maildir owned by the mail uid.
Without the `dovecot` binary the tests skip with the reason, except under CI=true
where that is a failure. A self-signed certificate for 127.0.0.1 (openssl CLI)
serves STARTTLS/TLS for both servers, unless a test gives its own certificate
(`running_smtp`, `running_dovecot`). The SMTP server takes LOGIN/PLAIN with
USER / PASSWORD and XOAUTH2 with a bearer token from `SmtpServer.tokens`.
"""

from __future__ import annotations

import contextlib
import imaplib
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

USER = "cto@acme.example"
PASSWORD = "s3cret-pw"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def need_binary(name: str) -> str:
    """The binary's path; skip (or fail under CI=true) when it is not installed."""
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/local/sbin")
    if found:
        return found
    reason = f"{name} is not installed (apt-get install -y dovecot-imapd openssl)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@dataclass(frozen=True)
class Certificate:
    cert: Path
    key: Path


def make_certificate(folder: Path) -> Certificate:
    """A self-signed certificate for 127.0.0.1 (its own CA file for the client)."""
    openssl = need_binary("openssl")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return Certificate(cert, key)


# ---------------------------------------------------------------------------
# SMTP: aiosmtpd
# ---------------------------------------------------------------------------


@dataclass
class Received:
    """What the SMTP server got: envelope and the message bytes."""

    mail_from: str
    rcpt_tos: list[str]
    data: bytes


@dataclass
class SmtpServer:
    port: int
    received: list[Received] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)
    ca_file: str = ""
    tokens: set[str] = field(default_factory=set)
    """Bearer tokens XOAUTH2 accepts (for USER); every attempt's token is in `bearers`."""
    bearers: list[str] = field(default_factory=list)


class _Handler:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def auth_XOAUTH2(self, smtp: Any, args: list[str]) -> Any:
        """XOAUTH2 as Gmail and Outlook take it: "user=U^Aauth=Bearer T^A^A", base64."""
        import base64

        from aiosmtpd.smtp import MISSING, AuthResult

        if len(args) > 1:
            raw: Any = base64.b64decode(args[1])
        else:
            raw = await smtp.challenge_auth("")
            if raw is MISSING:
                return AuthResult(success=False)
        fields = dict(part.split("=", 1) for part in raw.decode().split("\x01") if "=" in part)
        user, bearer = fields.get("user", ""), fields.get("auth", "").removeprefix("Bearer ")
        self.server.bearers.append(bearer)
        ok = user == USER and bearer in self.server.tokens
        if ok:
            self.server.logins.append(user)
        return AuthResult(success=ok, handled=False)

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        self.server.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.original_content))
        )
        return "250 OK"


def _authenticator(server: SmtpServer) -> Any:
    from aiosmtpd.smtp import AuthResult, LoginPassword

    def check(_smtp: Any, _session: Any, _envelope: Any, _mechanism: str, data: Any) -> Any:
        ok = isinstance(data, LoginPassword) and (data.login.decode(), data.password.decode()) == (
            USER,
            PASSWORD,
        )
        if ok:
            server.logins.append(data.login.decode())
        return AuthResult(success=ok, handled=False)

    return check


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """aiosmtpd on 127.0.0.1 without TLS, accepting USER / PASSWORD."""
    yield from _smtp(None)


@pytest.fixture
def smtp_tls_server(tmp_path: Path) -> Iterator[SmtpServer]:
    """aiosmtpd on 127.0.0.1 requiring STARTTLS with a self-signed certificate."""
    yield from _smtp(make_certificate(tmp_path))


@contextlib.contextmanager
def running_smtp(
    certificate: Certificate | None = None, *, implicit_tls: bool = False
) -> Iterator[SmtpServer]:
    """aiosmtpd with `certificate` for STARTTLS (required), or TLS from the first byte."""
    yield from _smtp(certificate, implicit_tls=implicit_tls)


def _smtp(certificate: Certificate | None, *, implicit_tls: bool = False) -> Iterator[SmtpServer]:
    from aiosmtpd.controller import Controller

    server = SmtpServer(port=free_port())
    context = None
    if certificate is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(certificate.cert, certificate.key)
        server.ca_file = str(certificate.cert)
    starttls = certificate is not None and not implicit_tls
    controller = Controller(
        _Handler(server),
        hostname="127.0.0.1",
        port=server.port,
        authenticator=_authenticator(server),
        auth_require_tls=starttls,
        tls_context=context if starttls else None,
        require_starttls=starttls,
        ssl_context=context if implicit_tls else None,
    )
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


# ---------------------------------------------------------------------------
# IMAP: Dovecot
# ---------------------------------------------------------------------------


@dataclass
class Dovecot:
    """A running Dovecot: where it listens, its Maildir and how to reach it."""

    port: int
    maildir: Path
    ca_file: str
    uid: int
    gid: int
    root: Path
    tls_port: int = 0
    """The implicit-TLS (imaps) listener."""

    def connect(self) -> imaplib.IMAP4:
        """A separate, logged-in connection for checking what the server holds."""
        client = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        client.starttls(ssl.create_default_context(cafile=self.ca_file))
        client.login(USER, PASSWORD)
        return client

    def deliver(self, raw: bytes, folder: str = "INBOX", flags: str = "") -> None:
        """Put a message in a folder through IMAP APPEND, as a delivery agent would."""
        client = self.connect()
        try:
            if folder != "INBOX":
                client.create(folder)
            status, _ = client.append(folder, f"({flags})" if flags else None, None, raw)
            assert status == "OK"
        finally:
            client.logout()

    def settings(self, **changes: Any) -> dict[str, Any]:
        """ImapAdapter settings pointing at this server."""
        values: dict[str, Any] = {
            "host": "127.0.0.1",
            "port": self.port,
            "security": "starttls",
            "username": USER,
            "password": PASSWORD,
            "ca_file": self.ca_file,
            "folders": ["INBOX"],
            "archive_folder": "Archive",
            "drafts_folder": "Drafts",
            "sent_folder": "Sent",
            "address": USER,
        }
        values.update(changes)
        return values


_CONF = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
instance_name = ctotui-test-{port}
listen = 127.0.0.1
protocols = imap
ssl = yes
ssl_cert = <{cert}
ssl_key = <{key}
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2
mail_location = maildir:{root}/mail
mail_uid = {uid}
mail_gid = {gid}
first_valid_uid = 1
first_valid_gid = 1
default_internal_user = {user}
default_login_user = {user}
mail_plugins = $mail_plugins
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
  }}
}}
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
passdb {{
  driver = passwd-file
  args = {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Drafts {{
    special_use = \\Drafts
  }}
  mailbox Sent {{
    special_use = \\Sent
  }}
  mailbox Archive {{
    special_use = \\Archive
  }}
}}
"""


def _wait_listening(port: int, log: Path, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    text = log.read_text() if log.exists() else "(no log)"
    raise RuntimeError(f"dovecot did not start listening on {port}:\n{text[-2000:]}")


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    """A standalone Dovecot IMAP server (STARTTLS) with one user and an empty Maildir.

    Its folder is directly under the temp dir: the mail uid must be able to reach it.
    """
    with running_dovecot(need_dovecot()) as server:
        yield server


def need_dovecot() -> str:
    """The dovecot binary; skip (or fail under CI=true) without it or without root."""
    binary = need_binary("dovecot")
    if os.geteuid() != 0:
        reason = "the Dovecot fixture runs as root (its Maildir belongs to the mail uid)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return binary


@contextlib.contextmanager
def running_dovecot(binary: str, certificate: Certificate | None = None) -> Iterator[Dovecot]:
    """Start Dovecot (as root) in a fresh temp dir; stop it and remove the dir on exit.

    It serves `certificate` (default: a fresh self-signed one, which `ca_file`
    names) for STARTTLS and on its TLS port. Outside pytest too: the sync
    benchmark (benchmarks/sync_imap.py) runs one.
    """
    root = Path(tempfile.mkdtemp(prefix="ctotui-dovecot-"))
    if certificate is None:
        certificate = make_certificate(root)
    account = pwd.getpwnam("nobody")
    uid, gid = account.pw_uid, account.pw_gid
    port, tls_port = free_port(), free_port()
    for sub in ("run", "state", "mail", "home"):
        (root / sub).mkdir()
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    for sub in ("mail", "home"):
        os.chown(root / sub, uid, gid)
    os.chmod(root, 0o755)
    conf = root / "dovecot.conf"
    conf.write_text(
        _CONF.format(
            root=root,
            port=port,
            tls_port=tls_port,
            cert=certificate.cert,
            key=certificate.key,
            uid=uid,
            gid=gid,
            user=account.pw_name,
        )
    )
    # The master daemonizes: its output goes to a file, a pipe would never reach EOF.
    with open(root / "start.log", "wb") as output:
        started = subprocess.run([binary, "-c", str(conf)], stdout=output, stderr=output)
    if started.returncode != 0:
        raise RuntimeError("dovecot failed to start:\n" + (root / "start.log").read_text())
    try:
        _wait_listening(port, root / "dovecot.log")
        _wait_listening(tls_port, root / "dovecot.log")
        yield Dovecot(port, root / "mail", str(certificate.cert), uid, gid, root, tls_port)
    finally:
        pid_file = root / "run" / "master.pid"
        if pid_file.exists():
            os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)
        shutil.rmtree(root, ignore_errors=True)
