"""Sending composed mail over SMTP, shared by the maildir and imap adapters.

The outbox carries the complete RFC 5322 text (from `ctotui.compose`); this
module checks it, sends it with STARTTLS or TLS (plain only to a loopback host,
for local relays and tests) and returns the bytes to keep in the Sent folder.
stdlib `smtplib` runs in a thread so the event loop never blocks.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import smtplib
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr
from typing import Any

from ctotui.adapters.mail_account import SMTP_SECURITY_CHOICES, is_loopback, my_addresses
from ctotui.adapters.mail_tls import name_the_certificate, tls_context
from ctotui.compose import recipients_of
from ctotui.errors import AdapterError
from ctotui.model import Person
from ctotui.net_errors import smtp_problem

SMTP_TIMEOUT_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int
    security: str
    username: str
    password: str
    token: str
    ca_file: str
    timeout: float

    @classmethod
    def from_settings(cls, source: str, settings: Mapping[str, Any]) -> SmtpSettings:
        """The SMTP part of a mail source's settings; AdapterError when sending is impossible."""
        host = str(settings.get("smtp_host") or "")
        if not host:
            raise AdapterError(
                f"Source {source!r} has no smtp_host: set it to send mail, or save a draft."
            )
        security = str(settings.get("smtp_security") or "starttls")
        if security not in SMTP_SECURITY_CHOICES:
            raise AdapterError(
                f"Source {source!r}: smtp_security must be one of "
                f"{', '.join(SMTP_SECURITY_CHOICES)}."
            )
        if security == "plain" and not is_loopback(host):
            raise AdapterError(
                f'Source {source!r}: smtp_security = "plain" would send your password '
                f"unencrypted to {host}; use starttls or tls (plain is only for loopback)."
            )
        port = int(settings.get("smtp_port") or 0) or (465 if security == "tls" else 587)
        token = _token(source, settings)
        username = str(settings.get("smtp_username") or settings.get("username") or "")
        if token and not username:  # XOAUTH2 names the account; the address is its name
            username = str(settings.get("address") or "")
            if not username:
                raise AdapterError(
                    f"Source {source!r}: OAuth sending needs smtp_username (or address): "
                    "the account the token belongs to."
                )
        return cls(
            host=host,
            port=port,
            security=security,
            username=username,
            password=str(settings.get("smtp_password") or settings.get("password") or ""),
            token=token,
            ca_file=str(settings.get("ca_file") or ""),
            timeout=float(settings.get("timeout") or SMTP_TIMEOUT_SECONDS),
        )


def _token(source: str, settings: Mapping[str, Any]) -> str:
    """The XOAUTH2 token: a fresh one for OAuth sign-in, else a configured `oauth_token`."""
    if settings.get("oauth"):
        from ctotui.oauth_tokens import access_token

        return access_token(source, settings)
    return str(settings.get("oauth_token") or "")


def parse_outgoing(payload: str) -> EmailMessage:
    """The outbox payload as a message; AdapterError when it cannot be sent as is."""
    message = email.message_from_string(payload, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    if not message.get("From"):
        raise AdapterError("The message to send has no From header.")
    if not recipients_of(message):
        raise AdapterError("The message to send has no recipient.")
    return message


def wire_bytes(message: EmailMessage, *, keep_bcc: bool) -> bytes:
    """The message with CRLF line ends (for SMTP, IMAP APPEND and files)."""
    if not keep_bcc and "Bcc" in message:
        message = _copy(message)
        del message["Bcc"]
    return message.as_bytes(policy=email.policy.SMTP)


def _copy(message: EmailMessage) -> EmailMessage:
    copied = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    assert isinstance(copied, EmailMessage)
    return copied


def _connect(smtp: SmtpSettings, context: ssl.SSLContext) -> smtplib.SMTP:
    """Connected, greeted and (unless plain) encrypted, ready to log in."""
    client: smtplib.SMTP
    if smtp.security == "tls":
        client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout, context=context)
    else:
        client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
    try:
        client.ehlo()
        if smtp.security == "starttls":
            client.starttls(context=context)
            client.ehlo()
    except BaseException:
        client.close()
        raise
    return client


def _peer_certificate(smtp: SmtpSettings) -> Callable[[ssl.SSLContext], object]:
    def read(context: ssl.SSLContext) -> object:
        with _connect(smtp, context) as client:
            sock = client.sock
            return sock.getpeercert() if isinstance(sock, ssl.SSLSocket) else None

    return read


def _send_blocking(smtp: SmtpSettings, message: EmailMessage) -> None:
    try:
        client = _connect(smtp, tls_context(smtp.ca_file))
    except ssl.SSLCertVerificationError as error:
        name_the_certificate(error, smtp.ca_file, _peer_certificate(smtp))
        raise
    with client:
        # A relay without AUTH (e.g. a local one) takes mail without a login.
        if client.has_extn("auth") and smtp.username:
            if smtp.token:
                auth = f"user={smtp.username}\x01auth=Bearer {smtp.token}\x01\x01"
                client.auth("XOAUTH2", lambda challenge=None: auth)
            elif smtp.password:
                client.login(smtp.username, smtp.password)
        refused = client.sendmail(
            str(message["From"].addresses[0].addr_spec),
            recipients_of(message),
            wire_bytes(message, keep_bcc=False),
        )
    if refused:
        raise AdapterError(f"The SMTP server refused: {', '.join(sorted(refused))}.")


async def send(source: str, settings: Mapping[str, Any], payload: str) -> bytes:
    """Send the outbox payload; returns the message bytes to keep as the Sent copy."""
    # Blocking: an OAuth sign-in may refresh its token over HTTP first.
    smtp = await asyncio.to_thread(SmtpSettings.from_settings, source, settings)
    message = parse_outgoing(payload)
    try:
        await asyncio.to_thread(_send_blocking, smtp, message)
    except smtplib.SMTPAuthenticationError:
        if smtp.token:
            from ctotui.oauth_tokens import forget

            forget(smtp.token)  # the next attempt gets a new one
        raise AdapterError(
            f"Source {source!r}: the SMTP server {smtp.host} rejected the login; "
            + (
                "check the OAuth sign-in (`ctotui auth status`)."
                if smtp.token
                else "check smtp_username / smtp_password."
            )
        ) from None
    except smtplib.SMTPRecipientsRefused as error:
        refused = ", ".join(sorted(error.recipients))
        raise AdapterError(f"The SMTP server refused the recipients: {refused}.") from None
    except (smtplib.SMTPException, OSError) as error:
        raise AdapterError(
            smtp_problem(smtp.host, smtp.port, error, timeout=smtp.timeout)
        ) from None
    return wire_bytes(message, keep_bcc=True)


def draft_bytes(payload: str) -> bytes:
    """A draft's bytes as saved to the drafts folder (no recipient needed yet)."""
    message = email.message_from_string(payload, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return wire_bytes(message, keep_bcc=True)


def sender(settings: Mapping[str, Any], me: Person | None) -> str:
    """The From of mail sent through this account: "Name <address>" (or just the address)."""
    addresses = my_addresses(settings, me)
    if not addresses:
        return ""
    name = str(settings.get("sender_name") or (me.name if me is not None else ""))
    return formataddr((name, addresses[0])) if name else addresses[0]
