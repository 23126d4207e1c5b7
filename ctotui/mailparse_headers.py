"""Header access for the mail parser: each header parsed at most once, plain ones not at all.

`email.policy.default` turns a header into a rich object through a full RFC 5322
parser every time it is read, and the stdlib reads Content-Type again for each
`get_content_type`, `get_filename`, `get_param`, ... (about ten times a message).
`CachedMessage` remembers each parsed header per raw value, so a second read is a
dictionary lookup and any change to the message's headers is still seen.

Most headers of real mail are plain ASCII: a Subject with no encoded word, a
Message-ID, "Name <address>" senders. For those the policy's result is known
without running its parser (the unfolded raw text; the same address pairs), so
`plain_text` and `plain_addresses` return it directly, and only headers with
encoded words, quoting, comments, groups or 8-bit bytes go through the policy.
tests/test_mailparse_headers.py checks both paths agree.
"""

from __future__ import annotations

import re
from email.message import EmailMessage
from typing import Any

_LINESEP = re.compile(r"\r|\n")
_PRINTABLE = re.compile(r"[\x20-\x7e\t]*")
# Headers the policy keeps as the raw unfolded text when it is plain printable ASCII
# (unstructured headers; Date and Message-ID are checked with their own patterns).
_UNSTRUCTURED = frozenset(
    {
        "subject",
        "in-reply-to",
        "references",
        "list-id",
        "list-unsubscribe",
        "precedence",
        "auto-submitted",
    }
)
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_DOT_ATOM = rf"{_ATEXT}(?:\.{_ATEXT})*"
_ADDR_SPEC = rf"{_DOT_ATOM}@{_DOT_ATOM}"
_MESSAGE_ID = re.compile(rf"<{_ADDR_SPEC}>")
# One mailbox: "addr@host", or "Display Name <addr@host>" with a name of plain
# words (atext, single spaces), which the policy neither quotes nor changes.
_MAILBOX = re.compile(rf"[ \t]*(?:({_ATEXT}(?: {_ATEXT})*) ?<({_ADDR_SPEC})>|({_ADDR_SPEC}))[ \t]*")
_DATE = re.compile(r"[A-Za-z0-9 ,:+-]*")


class CachedMessage(EmailMessage):
    """An EmailMessage whose parsed headers are kept per raw value (see the module doc)."""

    _headers: list[tuple[str, Any]]  # the stdlib's own (name, raw value) list

    def __init__(self, policy: Any = None) -> None:
        super().__init__(policy)
        self._parsed: dict[tuple[str, str], Any] = {}

    def get(self, name: str, failobj: Any = None) -> Any:
        wanted = name.lower()
        for key, value in self._headers:
            if key.lower() == wanted:
                if type(value) is not str:  # already a header object: nothing to parse
                    return self.policy.header_fetch_parse(key, value)
                memo = (key, value)
                parsed = self._parsed.get(memo)
                if parsed is None:
                    parsed = self.policy.header_fetch_parse(key, value)
                    self._parsed[memo] = parsed
                return parsed
        return failobj


def raw_value(msg: EmailMessage, name: str) -> str | None:
    """The first `name` header's raw text with line breaks removed, as the policy reads it."""
    wanted = name.lower()
    for key, value in msg.raw_items():
        if key.lower() == wanted:
            return _LINESEP.sub("", value) if isinstance(value, str) else None
    return None


def _plain(value: str) -> bool:
    return _PRINTABLE.fullmatch(value) is not None and "=?" not in value


def plain_text(name: str, value: str) -> str | None:
    """The policy's text of header `name` when it is known without parsing, else None."""
    if not _plain(value):
        return None
    lowered = name.lower()
    if lowered in _UNSTRUCTURED:
        return value
    if lowered == "message-id" and _MESSAGE_ID.fullmatch(value):
        return value
    if lowered == "date" and _DATE.fullmatch(value):
        # The policy re-formats a valid date; parsing either text gives the same time.
        return value
    return None


def plain_addresses(value: str) -> list[tuple[str, str]] | None:
    """(name, address) pairs of a plain address list, or None when it needs the full parser."""
    if not _plain(value) or not value.strip():
        return None
    pairs: list[tuple[str, str]] = []
    for item in value.split(","):
        match = _MAILBOX.fullmatch(item)
        if match is None:
            return None
        name, address, bare = match.groups()
        pairs.append((name or "", address or bare))
    return pairs
