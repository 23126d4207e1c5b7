"""Verified TLS for the mail protocols, and naming a certificate that is for another host.

Verification is never switched off: a source can only add a CA file to trust
(`ca_file`, e.g. a self-hosted server's own certificate). When a certificate is
refused because it is for another name, one more connection — still verifying
the chain, only not the name, and closed before any login — reads whom the
certificate is for, so the user's message can say "certificate is for
mail.example.com, not 10.0.0.5".
"""

from __future__ import annotations

import contextlib
import ssl
from collections.abc import Callable

from ctotui.errors import AdapterError
from ctotui.net_errors_tls import PEER_NAMES_ATTRIBUTE, peer_names

_NAME_MISMATCH = frozenset({62, 63, 64})

PeerCertificate = Callable[[ssl.SSLContext], object]
"""Connects with the given context (as the protocol does) and returns `getpeercert()`."""


def tls_context(ca_file: str) -> ssl.SSLContext:
    """Verified TLS (system CAs plus `ca_file` when set)."""
    context = ssl.create_default_context()
    if ca_file:
        try:
            context.load_verify_locations(cafile=ca_file)
        except (OSError, ssl.SSLError) as error:
            raise AdapterError(f"Cannot read the CA file {ca_file!r}: {error}") from None
    return context


def name_the_certificate(
    error: BaseException, ca_file: str, peer_certificate: PeerCertificate
) -> None:
    """On a name mismatch, note on `error` which names the server's certificate is for.

    Best effort: when the second connection fails, the message just says
    "another name". Nothing is sent over it but the protocol's greeting.
    """
    if getattr(error, "verify_code", None) not in _NAME_MISMATCH:
        return
    try:
        context = tls_context(ca_file)
    except AdapterError:
        return
    context.check_hostname = False  # the chain is still verified (CERT_REQUIRED)
    import imaplib
    import smtplib  # here, on this rare path: an IMAP-only setup never loads it

    with contextlib.suppress(OSError, ValueError, imaplib.IMAP4.error, smtplib.SMTPException):
        names = peer_names(peer_certificate(context))
        if names:
            setattr(error, PEER_NAMES_ATTRIBUTE, names)
