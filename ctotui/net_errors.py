"""The one place that turns a failure into a one-line message a user can act on.

Every network fault a source can meet (refused, no DNS, timeout, TLS, an HTTP
error status, a malformed or truncated reply, IMAP and SMTP errors) is named
here with the host it happened on and what to do about it. The HTTP session,
the mail adapters and the sync engine all call these functions, so the same
fault reads the same everywhere. Results are single lines, capped, and have
every known secret replaced by `***`.
"""

from __future__ import annotations

import json
import re
import socket
import ssl
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ctotui.errors import CtotuiError
from ctotui.logs import redact_known
from ctotui.net_errors_tls import (
    certificate_problem,
    handshake_problem,
    is_plain_text_reply,
    plain_text_problem,
)
from ctotui.sanitize import clean_line

if TYPE_CHECKING:
    import httpx

MAX_LINE = 300
MAX_DETAIL = 160

_DNS_WORDS = ("name or service not known", "nodename nor servname", "getaddrinfo", "no address")
_NO_SUCH_NAME = frozenset({socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)})
_SHAPE_ERRORS = (TypeError, AttributeError, KeyError, IndexError, ValueError)
_TRUNCATED_WORDS = ("incomplete", "without sending complete", "peer closed", "unexpected eof")
MAIL_TRUST_FIX = "set ca_file to that server's certificate (PEM) to trust it"
HTTP_TRUST_FIX = "ask its administrator for a certificate from a public authority"


def one_line(text: str, limit: int = MAX_LINE) -> str:
    """`text` on one line, known secrets redacted, terminal escapes removed, capped.

    Server text ends up here, so it is cleaned like any untrusted text.
    """
    return clean_line(redact_known(text), limit)


def causes(error: BaseException) -> Iterator[BaseException]:
    """The error and everything it was raised from, outermost first (loop-safe)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def describe(
    error: BaseException, *, service: str = "", host: str = "", limit: float | None = None
) -> str:
    """One line for any failure of a source; `service`/`host` name where it happened.

    `limit` is the time budget the caller gave the whole operation, named when
    an unexplained timeout says that budget ran out.
    """
    if isinstance(error, CtotuiError):
        return one_line(error.message)
    network = network_problem(error, service=service, host=host)
    if network:
        return one_line(network)
    mail = _mail_problem(error, host)
    if mail:
        return mail
    where = _where(service, host)
    for cause in causes(error):
        if isinstance(cause, json.JSONDecodeError):
            return one_line(
                f"{where} sent a reply that is not valid JSON; the next sync tries again"
            )
        if isinstance(cause, TimeoutError):
            budget = f" within {limit:.0f} s" if limit else " in time"
            return one_line(f"{where} did not finish{budget}; the next sync tries again")
    text = str(error).strip() or "no details"
    if isinstance(error, _SHAPE_ERRORS):  # a normaliser met a missing field or a wrong type
        return one_line(
            f"{where} sent data in an unexpected shape ({type(error).__name__}: {_detail(text)});"
            " the next sync tries again"
        )
    return one_line(f"{_prefix(service)}{type(error).__name__}: {text}")


def _mail_problem(error: BaseException, host: str) -> str:
    """IMAP / SMTP library errors that reached the engine unwrapped (modules loaded lazily)."""
    imaplib = sys.modules.get("imaplib")
    if imaplib is not None and isinstance(error, imaplib.IMAP4.error):
        return imap_problem(host or "the server", 0, "the IMAP conversation failed", error)
    smtplib = sys.modules.get("smtplib")
    if smtplib is not None and isinstance(error, smtplib.SMTPException):
        return smtp_problem(host or "the server", 0, error)
    return ""


def is_permanent(error: BaseException) -> bool:
    """Whether trying again at once cannot help: a TLS failure, or a name that does not exist."""
    for cause in causes(error):
        if isinstance(cause, ssl.SSLError):
            return True
        if isinstance(cause, socket.gaierror) and cause.errno in _NO_SUCH_NAME:
            return True
    return False


def network_problem(
    error: BaseException,
    *,
    service: str = "",
    host: str = "",
    timeout: float | None = None,
    trust_fix: str = HTTP_TRUST_FIX,
) -> str:
    """A message for a transport-level failure, or "" when `error` is not one.

    `timeout` is the limit the connection had (named when it ran out);
    `trust_fix` the advice for a certificate nobody vouches for.
    """
    where = host or "the server"
    who = f" for {service}" if service else ""
    for cause in causes(error):
        if isinstance(cause, ssl.SSLCertVerificationError):
            return certificate_problem(where, who, cause, trust_fix)
        if isinstance(cause, ssl.SSLError) and is_plain_text_reply(cause):
            return plain_text_problem(where, who)
        if isinstance(cause, ssl.SSLError):
            return handshake_problem(where, who, cause)
        if isinstance(cause, socket.gaierror) and cause.errno in _NO_SUCH_NAME:
            return _dns(where, who)
        if isinstance(cause, socket.gaierror):
            return _no_lookup(where, who, cause.strerror or str(cause))
        if isinstance(cause, ConnectionRefusedError):
            return _refused(where, who)
        if isinstance(cause, (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)):
            return _truncated(where, who)
        if isinstance(cause, TimeoutError) and host:
            return _slow(where, who, "answer", timeout)
    return _httpx_problem(error, where, who, timeout, trust_fix)


def _httpx_problem(
    error: BaseException, where: str, who: str, timeout: float | None, trust_fix: str
) -> str:
    """Messages for httpx's own exceptions, which may carry no cause (mock transports)."""
    try:
        import httpx
    except ImportError:  # pragma: no cover - httpx is a dependency
        return ""
    if isinstance(error, httpx.TimeoutException):
        what = "connect" if isinstance(error, httpx.ConnectTimeout) else "answer"
        return _slow(where, who, what, timeout)
    text = str(error).lower()
    if isinstance(error, httpx.ConnectError):
        if any(word in text for word in _DNS_WORDS):
            return _dns(where, who)
        if "temporary failure in name resolution" in text:
            return _no_lookup(where, who, "temporary failure in name resolution")
        if "certificate" in text:
            return certificate_problem(where, who, None, trust_fix)
        if "ssl" in text or "tls" in text:
            return handshake_problem(where, who, None)
        if "refused" in text:
            return _refused(where, who)
        return f"cannot connect to {where}{who}: check the address and your network"
    if isinstance(error, (httpx.RemoteProtocolError, httpx.ReadError)):
        if any(word in text for word in _TRUNCATED_WORDS) or isinstance(error, httpx.ReadError):
            return _truncated(where, who)
        return f"{where} broke the HTTP protocol{who} ({_detail(str(error))}); try again later"
    if isinstance(error, httpx.TransportError):
        return f"network error talking to {where}{who} ({type(error).__name__}); try again later"
    return ""


def status_problem(service: str, response: httpx.Response, *, now: datetime | None = None) -> str:
    """One line for an HTTP error status: what happened (with the server's words), what to do."""
    status = response.status_code
    host = response.request.url.host or "the server"
    path = response.request.url.path
    if status == 401:
        fact, advice = f"rejected the token (401) at {host}", "check it is set and not expired"
    elif status == 403:
        scope = _needed_scope(response)
        fact = f"refused access to {path} (403) at {host}"
        advice = "missing permission or scope" + (f"; it needs scope {scope}" if scope else "")
    elif status == 404:
        fact = f"has nothing at {path} (404) at {host}"
        advice = "check the URL, the project or repository name, and that the token can see it"
    elif status == 429:
        fact, advice = f"rate limited us (429) at {host}", retry_hint(response, now)
    elif status == 503:
        fact, advice = f"is unavailable (503) at {host}", "the next sync tries again"
    elif status >= 500:
        fact, advice = f"had a server error ({status}) at {host}", "the next sync tries again"
    else:
        fact, advice = f"answered {status} for {path} at {host}", "check the source's settings"
    detail = server_message(response)
    said = f" ({detail})" if detail else ""
    separator = "; " if status == 429 or status >= 500 else ": "
    return one_line(f"{service} {fact}{said}{separator}{advice}")


def malformed_body(service: str, response: httpx.Response) -> str:
    """A 2xx reply whose body is not the JSON the API promises."""
    kind = response.headers.get("Content-Type", "unknown type")
    host = response.request.url.host or "the server"
    return one_line(
        f"{service} sent a reply that is not valid JSON ({kind}, {len(response.content)} bytes) "
        f"for {response.request.url.path} at {host}; the next sync tries again"
    )


def retry_hint(response: httpx.Response, now: datetime | None) -> str:
    """'retry at 09:42' from Retry-After / X-RateLimit-Reset, or 'retry later'."""
    wait = retry_after_seconds(response, now)
    if wait is None or now is None:
        return "retry later"
    return f"retry at {(now + timedelta(seconds=wait)).strftime('%H:%M')}"


def server_message(response: httpx.Response) -> str:
    """The error text an API put in its JSON body (GitHub, GitLab, Jira, Slack, Matrix)."""
    try:
        data = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return ""
    if isinstance(data, dict):
        for key in ("message", "error_description", "error", "errorMessages", "errors"):
            value = data.get(key)
            if isinstance(value, list):
                value = "; ".join(_text_of(v) for v in value)
            if isinstance(value, str) and value:
                return _detail(value)
    return ""


def imap_problem(
    host: str,
    port: int,
    what: str,
    error: BaseException | bytes | str = "",
    *,
    timeout: float | None = None,
) -> str:
    """One line for an IMAP failure on host:port (port 0: unknown): `what` went wrong, and why."""
    import imaplib

    where = f"{host}:{port}" if port else host
    if isinstance(error, BaseException):
        network = network_problem(error, host=where, timeout=timeout, trust_fix=MAIL_TRUST_FIX)
        if network:
            return one_line(f"IMAP: {network}")
        if isinstance(error, imaplib.IMAP4.abort):
            said = _unrepr(str(error))
            if "eof" in said.lower() or "unterminated" in said.lower():
                return one_line(f"IMAP: {_truncated(where, '')}")
            return one_line(
                f"IMAP: {what} on {where}: the server sent a reply ctotui cannot read "
                f"({_detail(said)}); the next sync tries again"
            )
    text = error.decode(errors="replace") if isinstance(error, bytes) else str(error)
    detail = _detail(_unrepr(text))
    return one_line(f"IMAP: {what} on {where}" + (f": {detail}" if detail else ""))


def smtp_problem(
    host: str, port: int, error: BaseException, *, timeout: float | None = None
) -> str:
    """One line for a failed SMTP send through host:port (port 0: unknown)."""
    import smtplib

    where = f"{host}:{port}" if port else host
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return one_line(
            f"SMTP: {where} rejected the login ({error.smtp_code}); "
            "check smtp_username / smtp_password"
        )
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        refused = ", ".join(sorted(error.recipients))
        return one_line(f"SMTP: {where} refused the recipients {refused}")
    if isinstance(error, smtplib.SMTPServerDisconnected) and "timed out" in str(error):
        return one_line(f"SMTP: {_slow(where, '', 'answer', timeout)}")
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return one_line(
            f"SMTP: {where} closed the connection before the mail was sent; the outbox tries again"
        )
    if isinstance(error, smtplib.SMTPResponseException) and error.smtp_code < 0:
        return one_line(f"SMTP: {where} sent a reply ctotui cannot read; the outbox tries again")
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error
        said = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
        return one_line(f"SMTP: {where} answered {error.smtp_code}: {_detail(said)}")
    network = network_problem(error, host=where, timeout=timeout, trust_fix=MAIL_TRUST_FIX)
    if network:
        return one_line(f"SMTP: {network}")
    reason = _detail(str(error)) or type(error).__name__
    return one_line(f"SMTP: sending through {where} failed: {reason}")


def _slow(where: str, who: str, what: str, timeout: float | None = None) -> str:
    if timeout is None:
        return (
            f"{where} did not {what} in time{who}: the server or the network is slow or down; "
            "the next sync tries again"
        )
    return (
        f"{where} did not {what} within {timeout:g} s{who}: the server or the network is slow "
        "or down (raise the source's timeout, or [sync] timeout); the next sync tries again"
    )


def _dns(where: str, who: str) -> str:
    return f"cannot find {where} (DNS: name not found){who}: check the host name and your network"


def _no_lookup(where: str, who: str, why: str) -> str:
    return (
        f"cannot look up {where} ({why.lower()}){who}: the network or its DNS server is "
        "not reachable; the next sync tries again"
    )


def _refused(where: str, who: str) -> str:
    return f"{where} refused the connection{who}: check the server runs and the port is right"


def _truncated(where: str, who: str) -> str:
    return f"{where} closed the connection mid-reply{who} (truncated); the next sync tries again"


def _needed_scope(response: httpx.Response) -> str:
    for header in ("X-Accepted-OAuth-Scopes", "X-Accepted-GitHub-Permissions"):
        value = str(response.headers.get(header, "")).strip()
        if value:
            return value
    match = re.search(r'scope="([^"]+)"', response.headers.get("WWW-Authenticate", ""))
    return match.group(1) if match else ""


def retry_after_seconds(response: httpx.Response, now: datetime | None) -> float | None:
    """Seconds the server asks us to wait (Retry-After, else a rate-limit reset), or None."""
    value = response.headers.get("Retry-After", "").strip()
    if value.isdigit():
        return float(value)
    if value and now is not None:
        from email.utils import parsedate_to_datetime

        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            when = None
        if when is not None and when.tzinfo is not None:
            return max(0.0, (when - now).total_seconds())
    for header in ("X-RateLimit-Reset", "RateLimit-Reset"):
        reset = response.headers.get(header, "").strip()
        if reset.isdigit() and now is not None:
            seconds = float(reset)
            # Epoch seconds (GitHub, GitLab) or a delta (the IETF draft header).
            return max(0.0, seconds - now.timestamp()) if seconds > 1e9 else seconds
    return None


def _unrepr(text: str) -> str:
    """imaplib puts server lines in errors as bytes reprs (b'...'); show the text itself."""
    return re.sub(r"\[?(?<!\w)b(['\"])(.*?)\1\]?", r"\2", text)


def _text_of(value: object) -> str:
    if isinstance(value, dict):
        return str(value.get("message") or value.get("error") or "")
    return str(value)


def _detail(text: str) -> str:
    return one_line(text, MAX_DETAIL)


def _where(service: str, host: str) -> str:
    return " at ".join(p for p in (service, host) if p) or "the server"


def _prefix(service: str) -> str:
    return f"{service}: " if service else ""
