"""Plain words for TLS failures: not trusted, expired, issued for another name, not TLS at all.

OpenSSL reports a refused certificate as a numeric verification code and a
handshake with a plain-text server as a record-layer error; a user needs to
know which of a few things happened and what fixes it. Mail adapters attach
the names a mismatched certificate holds (`PEER_NAMES_ATTRIBUTE`), read over a
second, verified connection, so the message can say whom it is for.
"""

from __future__ import annotations

import re
import ssl
from collections.abc import Sequence

PEER_NAMES_ATTRIBUTE = "ctotui_peer_names"
"""Set on an SSLCertVerificationError to the names the server's certificate is for."""

_SELF_SIGNED = frozenset({18, 19})  # depth-zero self-signed, self-signed in chain
_UNKNOWN_ISSUER = frozenset({2, 20, 21})  # issuer missing or not trusted locally
_EXPIRED = frozenset({10})
_NOT_YET_VALID = frozenset({9})
_NAME_MISMATCH = frozenset({62, 63, 64})  # host name, e-mail, IP address mismatch
_PLAIN_TEXT_REASONS = frozenset(
    {"WRONG_VERSION_NUMBER", "RECORD_LAYER_FAILURE", "UNKNOWN_PROTOCOL", "HTTP_REQUEST"}
)
_QUOTED = re.compile(r"'([^']+)'")


def certificate_problem(where: str, who: str, error: BaseException | None, trust_fix: str) -> str:
    """The handshake with `where` failed on its certificate: what is wrong, what to do.

    `trust_fix` is the advice for a certificate nobody vouches for (the mail
    adapters name their `ca_file` option; HTTP sources have none).
    """
    code = getattr(error, "verify_code", None)
    said = str(getattr(error, "verify_message", "") or getattr(error, "reason", "") or "")
    start = f"the TLS handshake failed with {where}{who}"
    if code in _SELF_SIGNED:
        return f"{start}: certificate not trusted (self-signed); {trust_fix}"
    if code in _UNKNOWN_ISSUER:
        return f"{start}: certificate not trusted (issued by an unknown authority); {trust_fix}"
    if code in _EXPIRED:
        return (
            f"{start}: certificate expired; the server's administrator must renew it "
            "(or check this computer's date)"
        )
    if code in _NOT_YET_VALID:
        return f"{start}: certificate not valid yet; check this computer's date and time"
    if code in _NAME_MISMATCH:
        asked = _QUOTED.search(said)
        host = asked.group(1) if asked else where
        names = _names(getattr(error, PEER_NAMES_ATTRIBUTE, ()))
        return (
            f"{start}: certificate is for {names or 'another name'}, not {host}; "
            "connect with a host name the certificate lists"
        )
    why = f" ({said})" if said else ""
    return f"{start}: its certificate was not accepted{why}; check the host name, or {trust_fix}"


def is_plain_text_reply(error: ssl.SSLError) -> bool:
    """Whether the TLS client got a plain-text (or HTTP) reply instead of a handshake."""
    return str(error.reason or "").upper() in _PLAIN_TEXT_REASONS


def plain_text_problem(where: str, who: str) -> str:
    return (
        f"the TLS handshake failed with {where}{who}: it answered in plain text, not TLS; "
        "check the port speaks TLS (or the security setting, e.g. starttls)"
    )


def handshake_problem(where: str, who: str, error: ssl.SSLError | None) -> str:
    """Any other failed handshake, with OpenSSL's reason in words when there is one."""
    reason = ""
    if error is not None:
        reason = str(error.reason or "").replace("_", " ").lower() or str(error)
    why = f" ({reason})" if reason else ""
    return (
        f"the TLS handshake failed with {where}{who}{why}: "
        "check the port speaks TLS (or the security setting)"
    )


def peer_names(certificate: object) -> list[str]:
    """The DNS names and IP addresses a certificate (as `getpeercert()` gives it) is for."""
    if not isinstance(certificate, dict):
        return []
    names = [
        str(value)
        for kind, value in certificate.get("subjectAltName", ())
        if kind in ("DNS", "IP Address")
    ]
    if names:
        return names
    for rdn in certificate.get("subject", ()):
        for key, value in rdn:
            if key == "commonName":
                names.append(str(value))
    return names


def _names(names: Sequence[str]) -> str:
    shown = [str(n) for n in names][:3]
    more = len(names) - len(shown)
    return ", ".join(shown) + (f" (and {more} more)" if more > 0 else "")
