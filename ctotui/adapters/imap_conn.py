"""One blocking IMAP session (stdlib imaplib): connect, TLS, login, capabilities, folders.

The adapter runs a whole session in a worker thread (`asyncio.to_thread`), so
the event loop never waits on the network. Plain connections are refused unless
the host is loopback; XOAUTH2 is used when a token is configured, LOGIN otherwise.
Errors become AdapterError with a message that names the host and never a secret.
"""

from __future__ import annotations

import base64
import contextlib
import imaplib
import re
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ctotui.adapters.imap_options import SECURITY_CHOICES
from ctotui.adapters.mail_account import is_loopback
from ctotui.adapters.mail_tls import name_the_certificate, tls_context
from ctotui.errors import AdapterError
from ctotui.net_errors import imap_problem

IMAP_TIMEOUT_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class ImapSettings:
    host: str
    port: int
    security: str
    username: str
    password: str
    token: str
    ca_file: str
    timeout: float

    @classmethod
    def from_settings(cls, source: str, settings: Mapping[str, Any]) -> ImapSettings:
        host = str(settings.get("host") or "")
        if not host:
            raise AdapterError(f"Source {source!r} has no host.")
        security = str(settings.get("security") or "tls")
        if security not in SECURITY_CHOICES:
            raise AdapterError(
                f"Source {source!r}: security must be one of {', '.join(SECURITY_CHOICES)}."
            )
        if security == "plain" and not is_loopback(host):
            raise AdapterError(
                f'Source {source!r}: security = "plain" would send your password unencrypted '
                f"to {host}; use tls or starttls (plain is only for loopback)."
            )
        token = str(settings.get("oauth_token") or "")
        if settings.get("oauth"):
            from ctotui.oauth_tokens import access_token

            token = access_token(source, settings)  # refreshed when expired
        password = str(settings.get("password") or "")
        if not token and not password:
            raise AdapterError(
                f"Source {source!r} needs a password or an oauth_token "
                '(or oauth = "microsoft" / "google" with `ctotui auth login`).'
            )
        return cls(
            host=host,
            port=int(settings.get("port") or 0) or (993 if security == "tls" else 143),
            security=security,
            username=str(settings.get("username") or ""),
            password=password,
            token=token,
            ca_file=str(settings.get("ca_file") or ""),
            timeout=float(settings.get("timeout") or IMAP_TIMEOUT_SECONDS),
        )


def encode_mailbox(name: str) -> str:
    """A folder name in IMAP's modified UTF-7, quoted for a command."""
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            data = "".join(pending).encode("utf-16-be")
            out.append("&" + base64.b64encode(data).decode().rstrip("=").replace("/", ",") + "-")
            pending.clear()

    for char in name:
        if 0x20 <= ord(char) <= 0x7E:
            flush()
            out.append("&-" if char == "&" else char)
        else:
            pending.append(char)
    flush()
    encoded = "".join(out)
    return '"' + encoded.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Session:
    """A logged-in IMAP connection with its capabilities; use as a context manager."""

    def __init__(self, source: str, settings: ImapSettings) -> None:
        self.source = source
        self.settings = settings
        self.client = self._connect()
        self.capabilities: frozenset[str] = frozenset()
        self._login()
        self.capabilities = self._capabilities()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            self.client.logout()

    def fail(self, what: str, detail: object = "") -> AdapterError:
        why = detail if isinstance(detail, (BaseException, bytes)) else str(detail)
        s = self.settings
        return AdapterError(imap_problem(s.host, s.port, what, why, timeout=s.timeout))

    def _connect(self) -> imaplib.IMAP4:
        s = self.settings
        stage = ["the server did not accept the connection"]
        try:
            return _open(s, tls_context(s.ca_file), stage)
        except ssl.SSLCertVerificationError as error:
            name_the_certificate(error, s.ca_file, lambda context: _peer_certificate(s, context))
            raise self.fail("cannot connect", error) from None
        except (ssl.SSLError, TimeoutError, OSError) as error:
            raise self.fail("cannot connect", error) from None
        except imaplib.IMAP4.error as error:
            raise self.fail(stage[-1], error) from None

    def _login(self) -> None:
        s = self.settings
        try:
            if s.token:
                auth = f"user={s.username}\x01auth=Bearer {s.token}\x01\x01".encode()
                self.client.authenticate("XOAUTH2", lambda _challenge: auth)
            else:
                self.client.login(s.username, s.password)
        except imaplib.IMAP4.abort as error:
            raise self.fail("the connection broke during login", error) from None
        except imaplib.IMAP4.error:
            if s.token:
                from ctotui.oauth_tokens import forget

                forget(s.token)  # the next attempt gets a new one
            raise self.fail(
                "the login was rejected",
                "check username and password (or the OAuth sign-in: `ctotui auth status`)",
            ) from None
        except OSError as error:
            raise self.fail("the connection broke during login", error) from None

    def _capabilities(self) -> frozenset[str]:
        typ, data = self.client.capability()
        if typ != "OK" or not data or not isinstance(data[0], bytes):
            return frozenset()
        return frozenset(data[0].decode(errors="replace").upper().split())

    def has(self, capability: str) -> bool:
        return capability.upper() in self.capabilities

    def ok(self, what: str, response: tuple[str, list[Any]]) -> list[Any]:
        """The data of an OK response; AdapterError with the server's text otherwise."""
        typ, data = response
        if typ != "OK":
            raise self.fail(what, data[0] if data else typ)
        return data

    def folders(self) -> set[str]:
        """Every folder name on the server, decoded from the LIST response."""
        data = self.ok("listing folders failed", self.client.list())
        names = set()
        for line in data:
            if isinstance(line, bytes):
                match = re.match(rb'\(.*?\) (?:"[^"]*"|NIL) (.*)$', line)
                if match:
                    names.add(decode_mailbox(match.group(1).decode(errors="replace")))
        return names

    def ensure_folder(self, name: str) -> None:
        if name not in self.folders():
            self.ok(f"creating folder {name!r} failed", self.client.create(encode_mailbox(name)))


def _open(s: ImapSettings, context: ssl.SSLContext, stage: list[str]) -> imaplib.IMAP4:
    """A connected, greeted (and unless plain, encrypted) client; `stage` notes how far it got."""
    if s.security == "tls":
        return imaplib.IMAP4_SSL(s.host, s.port, ssl_context=context, timeout=s.timeout)
    client = imaplib.IMAP4(s.host, s.port, timeout=s.timeout)
    if s.security == "starttls":
        stage.append("the server refused STARTTLS")
        try:
            client.starttls(ssl_context=context)
        except BaseException:
            with contextlib.suppress(OSError):  # a failed handshake may have closed it
                client.shutdown()
            raise
    return client


def _peer_certificate(s: ImapSettings, context: ssl.SSLContext) -> object:
    """The server's certificate as `getpeercert()` gives it (the connection is then closed)."""
    client = _open(s, context, [])
    try:
        sock = client.sock
        return sock.getpeercert() if isinstance(sock, ssl.SSLSocket) else None
    finally:
        with contextlib.suppress(OSError):
            client.shutdown()


def decode_mailbox(raw: str) -> str:
    """A LIST folder name (quoted or atom, modified UTF-7) as text."""
    raw = raw.strip()
    if raw.startswith('"') and raw.endswith('"'):
        raw = raw[1:-1].replace('\\"', '"').replace("\\\\", "\\")

    def decode(match: re.Match[str]) -> str:
        chunk = match.group(1)
        if not chunk:
            return "&"
        data = chunk.replace(",", "/")
        data += "=" * (-len(data) % 4)
        try:
            return base64.b64decode(data).decode("utf-16-be")
        except ValueError:
            return match.group(0)

    return re.sub(r"&([^-]*)-", decode, raw)
