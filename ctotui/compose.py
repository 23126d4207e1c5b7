"""Reply, reply-all and forward drafts, the $EDITOR round trip, and the final message.

A draft is plain data; `draft_to_editor_text` turns it into a small header block
(To, Cc, Subject) and a body for the user's editor, and `editor_text_to_message`
reads the edited text back into an RFC 5322 message with the threading headers
(In-Reply-To, References), a Date and a Message-ID in the sender's domain.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, make_msgid, parseaddr

from ctotui.model import Message
from ctotui.sanitize import clean_line, clean_text

MAX_REFERENCES = 20
SUBJECT_LIMIT = 900
EDITOR_HEADERS = ("To", "Cc", "Bcc", "Subject")
_RE = re.compile(r"^\s*re\s*(\[\d+\])?\s*:", re.IGNORECASE)
_FWD = re.compile(r"^\s*fwd?\s*:", re.IGNORECASE)
_ADDRESS = re.compile(r"^[^@\s<>(),;:\"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$")


@dataclass(frozen=True, slots=True)
class Draft:
    """What the user is about to write: recipients, subject, body and threading ids."""

    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    subject: str = ""
    body: str = ""
    in_reply_to: str = ""
    references: tuple[str, ...] = ()
    bcc: tuple[str, ...] = ()


def _subject(subject: str) -> str:
    """The original subject without controls or escapes, on one line, capped."""
    return clean_line(subject, SUBJECT_LIMIT)


def reply_subject(subject: str) -> str:
    """Prefix "Re: " once: a subject that already starts with Re: is kept as it is."""
    subject = _subject(subject)
    return subject if _RE.match(subject) else f"Re: {subject}"


def forward_subject(subject: str) -> str:
    subject = _subject(subject)
    return subject if _FWD.match(subject) else f"Fwd: {subject}"


def _references(original: Message) -> tuple[str, ...]:
    """The original's References plus its Message-ID; long chains keep the root and the tail."""
    chain = list(dict.fromkeys([*original.references, original.message_id]))
    chain = [c for c in chain if c]
    if len(chain) > MAX_REFERENCES:
        chain = [chain[0], *chain[-(MAX_REFERENCES - 1) :]]
    return tuple(chain)


def _who(message: Message) -> str:
    address = clean_line(message.sender_address)
    name = clean_line(message.sender_name)
    return f"{name} <{address}>" if name else address


def quote(original: Message) -> str:
    """The attribution line and the original body with "> " before each line."""
    when = original.received_at.strftime("%a, %d %b %Y at %H:%M %Z").strip()
    lines = clean_text(original.body).rstrip("\n").splitlines() or [""]
    quoted = "\n".join(
        ">" + (" " + line if line and not line.startswith(">") else line) for line in lines
    )
    return f"On {when}, {_who(original)} wrote:\n{quoted}\n"


def reply_draft(original: Message, *, me: Collection[str], reply_all: bool = False) -> Draft:
    """A reply (to the sender; with `reply_all` also everyone else except me) quoting the original.

    Replying to my own message goes to its recipients, as mail clients do.
    """
    mine = {a.lower() for a in me}
    if original.from_me or original.sender_address.lower() in mine:
        to = list(original.recipients)
    else:
        to = [original.sender_address]
    cc: list[str] = []
    if reply_all:
        cc = [*original.recipients, *original.cc]
    seen = {a.lower() for a in to} | mine
    unique_cc = []
    for address in cc:
        if address and address.lower() not in seen:
            seen.add(address.lower())
            unique_cc.append(address)
    return Draft(
        to=tuple(a for a in to if a),
        cc=tuple(unique_cc),
        subject=reply_subject(original.subject),
        body="\n\n" + quote(original),
        in_reply_to=original.message_id,
        references=_references(original),
    )


def forward_draft(original: Message) -> Draft:
    """A forward with the original's headers and body inline; the user fills in To."""
    header = [
        "---------- Forwarded message ----------",
        f"From: {_who(original)}",
        f"Date: {format_datetime(original.received_at)}",
        f"Subject: {_subject(original.subject)}",
        f"To: {', '.join(original.recipients)}",
    ]
    if original.cc:
        header.append(f"Cc: {', '.join(original.cc)}")
    return Draft(
        subject=forward_subject(original.subject),
        body="\n\n" + "\n".join(header) + "\n\n" + clean_text(original.body).rstrip("\n") + "\n",
        references=_references(original),
    )


def draft_to_editor_text(draft: Draft) -> str:
    """The draft as an editable text: To/Cc/Subject lines, a blank line, the body."""
    lines = [
        f"To: {', '.join(draft.to)}",
        f"Cc: {', '.join(draft.cc)}",
    ]
    if draft.bcc:
        lines.append(f"Bcc: {', '.join(draft.bcc)}")
    lines.append(f"Subject: {_one_line(draft.subject)}")
    return "\n".join(lines) + "\n\n" + draft.body


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _split_editor_text(text: str) -> tuple[dict[str, str], str]:
    """Header fields (To/Cc/Bcc/Subject, continuation lines joined) and the body."""
    head, _blank, body = text.replace("\r\n", "\n").partition("\n\n")
    fields: dict[str, str] = {}
    last = ""
    for number, line in enumerate(head.split("\n"), start=1):
        if not line.strip():
            continue
        if line[0] in " \t" and last:
            fields[last] += " " + line.strip()
            continue
        name, colon, value = line.partition(":")
        canonical = next((h for h in EDITOR_HEADERS if h.lower() == name.strip().lower()), "")
        if not colon or not canonical:
            raise ValueError(
                f"Line {number} of the header block is not one of "
                f"{', '.join(EDITOR_HEADERS)}: {line.strip()[:60]!r}. "
                "Keep a blank line between the header lines and the body."
            )
        fields[canonical] = value.strip()
        last = canonical
    return fields, body


def _addresses(field: str, value: str) -> list[tuple[str, str]]:
    pairs = []
    for chunk in re.split(r"[,;]\s*(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", value):
        if not chunk.strip():
            continue
        name, address = parseaddr(chunk.strip())
        if not address or not _ADDRESS.match(address):
            raise ValueError(f"{field}: {chunk.strip()[:80]!r} is not an email address.")
        pairs.append((name, address))
    return pairs


def _address_header(pairs: list[tuple[str, str]]) -> tuple[Address, ...]:
    result = []
    for name, address in pairs:
        local, _at, domain = address.rpartition("@")
        result.append(Address(display_name=name, username=local, domain=domain))
    return tuple(result)


def editor_text_to_message(text: str, draft: Draft, *, sender: str, now: datetime) -> EmailMessage:
    """The edited text as a message ready to send; ValueError says what to fix.

    `sender` is "Name <address>" or an address; the Message-ID uses its domain.
    """
    fields, body = _split_editor_text(text)
    to = _addresses("To", fields.get("To", ""))
    cc = _addresses("Cc", fields.get("Cc", ""))
    bcc = _addresses("Bcc", fields.get("Bcc", ""))
    if not (to or cc or bcc):
        raise ValueError("No recipient: write at least one address on the To: line.")
    sender_name, sender_address = parseaddr(sender)
    if not sender_address or not _ADDRESS.match(sender_address):
        raise ValueError(f"The sender {sender!r} is not an email address; set it in the config.")
    message = EmailMessage()
    message["From"] = _address_header([(sender_name, sender_address)])
    message["To"] = _address_header(to) if to else ()
    if cc:
        message["Cc"] = _address_header(cc)
    if bcc:
        message["Bcc"] = _address_header(bcc)
    message["Subject"] = _one_line(fields.get("Subject", draft.subject))
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=sender_address.rpartition("@")[2])
    if draft.in_reply_to:
        message["In-Reply-To"] = draft.in_reply_to
    if draft.references:
        message["References"] = " ".join(draft.references)
    message.set_content(body if body.endswith("\n") else body + "\n")
    return message


def recipients_of(message: EmailMessage) -> list[str]:
    """Every envelope recipient (To, Cc, Bcc) of a composed message."""
    values = [str(v) for key in ("To", "Cc", "Bcc") for v in message.get_all(key, [])]
    return [address for _name, address in getaddresses(values) if address]
