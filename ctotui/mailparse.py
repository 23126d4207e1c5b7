"""Raw RFC 5322 bytes -> a `Message`: the one mail parser every mail adapter shares.

It uses the stdlib `email` package (policy.default) so RFC 2047 words and any
charset are decoded, and it never raises: a malformed header, an unknown
charset or broken MIME degrades to the best text it can find. HTML-only mail is
turned into text by `html2text`, which only converts markup and never fetches
anything (images are dropped, links stay as text).

Each header is parsed at most once a message, and plain ones not at all
(`ctotui.mailparse_headers`): the policy's header parser was most of the cost
of a first sync.
"""

from __future__ import annotations

import email.parser
import email.policy
import re
from collections.abc import Collection, Iterable
from datetime import UTC, datetime
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime

from ctotui.mailparse_headers import CachedMessage, plain_addresses, plain_text, raw_value
from ctotui.model import Attachment, Message, MessageKind

SNIPPET_CHARS = 2000
_MSGID = re.compile(r"<[^<>\s]+>")
_NO_REPLY = re.compile(
    r"^(no-?reply|do-?not-?reply|donotreply|notifications?|mailer-daemon|bounces?|postmaster)"
    r"([+.\-_].*)?$",
    re.IGNORECASE,
)
_REPLY_PREFIX = re.compile(r"^\s*((re|fwd?|aw|sv|wg|tr)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)


def parse_bytes(raw: bytes) -> EmailMessage:
    """The stdlib parse of raw mail; never raises (the parser records defects instead)."""
    parser = email.parser.BytesParser(CachedMessage, policy=email.policy.default)
    parsed = parser.parsebytes(raw)
    assert isinstance(parsed, EmailMessage)
    return parsed


def header_text(msg: EmailMessage, name: str) -> str:
    """A header's decoded value ("" when absent); malformed encodings fall back to raw text."""
    raw = raw_value(msg, name)
    plain = None if raw is None else plain_text(name, raw)
    if plain is not None:
        return plain
    try:
        value = msg.get(name)
        return "" if value is None else str(value)
    except Exception:  # a header the policy cannot parse: decode it by hand
        pass
    for key, raw in msg.raw_items():
        if key.lower() == name.lower():
            try:
                return str(make_header(decode_header(str(raw))))
            except Exception:  # undecodable words: keep the raw characters
                return str(raw)
    return ""


def addresses(msg: EmailMessage, name: str) -> list[tuple[str, str]]:
    """(display name, address) pairs of an address header; unparseable parts are skipped."""
    raw = raw_value(msg, name)
    plain = None if raw is None else plain_addresses(raw)
    if plain is not None:
        return plain
    text = header_text(msg, name)
    if not text:
        return []
    try:
        pairs = getaddresses([text])
    except Exception:  # getaddresses is lenient, but stay safe on hostile input
        return []
    return [(n.strip(), a.strip()) for n, a in pairs if a.strip() and "@" in a]


def message_ids(text: str) -> tuple[str, ...]:
    """Every <id> in a Message-ID / In-Reply-To / References header, in order, deduplicated."""
    seen: dict[str, None] = {}
    for found in _MSGID.findall(text):
        seen.setdefault(found, None)
    return tuple(seen)


def normalize_subject(subject: str) -> str:
    """The subject without Re:/Fwd: prefixes and extra spaces, lower-cased: the thread key."""
    return " ".join(_REPLY_PREFIX.sub("", subject).split()).lower()


def strip_reply_prefix(subject: str) -> str:
    """The subject without leading Re:/Fwd: prefixes, case kept."""
    return _REPLY_PREFIX.sub("", subject).strip()


def thread_root(
    message_id: str, in_reply_to: str, references: tuple[str, ...], subject: str
) -> str:
    """The thread's root Message-ID: first of References, else In-Reply-To, else subject.

    A message with neither and a reply prefix (or no Message-ID) is threaded by its
    normalised subject, so replies from clients that drop References still group.
    """
    if references:
        return references[0]
    if in_reply_to:
        return in_reply_to
    if message_id and not _REPLY_PREFIX.match(subject):
        return message_id
    return "subject:" + normalize_subject(subject)


def is_bulk(msg: EmailMessage, sender_address: str) -> bool:
    """Mailing list, newsletter or automated sender by its headers or a no-reply address."""
    if header_text(msg, "List-Id") or header_text(msg, "List-Unsubscribe"):
        return True
    if header_text(msg, "Precedence").strip().lower() in {"bulk", "list", "junk"}:
        return True
    auto = header_text(msg, "Auto-Submitted").strip().lower()
    if auto and auto != "no":
        return True
    local = sender_address.rpartition("@")[0] or sender_address
    return bool(_NO_REPLY.match(local))


def _date(msg: EmailMessage, fallback: datetime) -> datetime:
    text = header_text(msg, "Date")
    if not text:
        return fallback
    try:
        parsed = parsedate_to_datetime(text)
    except Exception:  # an unparseable date: the server's arrival time instead
        return fallback
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def part_text(part: EmailMessage) -> str:
    """A text part's content as str, whatever its charset claims; never raises."""
    try:
        content = part.get_content()
        if isinstance(content, str):
            return content
    except Exception:  # unknown or wrong charset, broken transfer encoding
        pass
    try:
        payload = part.get_payload(decode=True)
    except Exception:  # a payload the stdlib cannot even decode
        payload = None
    if isinstance(payload, bytes):
        charset = part.get_content_charset() or "utf-8"
        try:
            return payload.decode(charset, errors="replace")
        except LookupError:
            return payload.decode("utf-8", errors="replace")
    raw = part.get_payload()
    return raw if isinstance(raw, str) else ""


def html_to_text(html: str) -> str:
    """Readable text from HTML; html2text converts markup only and loads nothing remote."""
    import html2text  # lazy: only HTML-only mail needs it

    converter = html2text.HTML2Text()
    converter.ignore_images = True
    converter.ignore_emphasis = True
    converter.body_width = 0
    converter.unicode_snob = True
    try:
        return converter.handle(html).strip()
    except Exception:  # malformed HTML beyond repair: strip tags crudely
        return re.sub(r"<[^>]*>", " ", html).strip()


def _walk(msg: EmailMessage) -> Iterable[EmailMessage]:
    try:
        for part in msg.walk():
            if isinstance(part, EmailMessage):
                yield part
    except Exception:  # broken MIME nesting: what was walked so far is kept
        return


def _is_attachment(part: EmailMessage) -> bool:
    try:
        disposition = part.get_content_disposition()
        filename = part.get_filename()
    except Exception:  # malformed Content-Disposition parameters
        return False
    return disposition == "attachment" or (
        filename is not None and part.get_content_maintype() not in {"multipart"}
    )


def body_text(msg: EmailMessage) -> str:
    """The best readable body: the first text/plain part, else HTML converted, else ""."""
    plain: str | None = None
    html: str | None = None
    for part in _walk(msg):
        if part.is_multipart() or _is_attachment(part):
            continue
        kind = part.get_content_type()
        if kind == "text/plain" and plain is None:
            plain = part_text(part)
        elif kind == "text/html" and html is None:
            html = part_text(part)
    if plain is not None and plain.strip():
        return plain.strip("\n")
    if html is not None:
        return html_to_text(html)
    return plain or ""


def attachments(msg: EmailMessage) -> tuple[Attachment, ...]:
    """Name, type and decoded size of each attachment part."""
    found: list[Attachment] = []
    for part in _walk(msg):
        if part.is_multipart() or not _is_attachment(part):
            continue
        try:
            payload = part.get_payload(decode=True)
        except Exception:  # undecodable payload: size unknown
            payload = None
        size = len(payload) if isinstance(payload, bytes) else 0
        try:
            name = part.get_filename() or ""
        except Exception:  # malformed RFC 2231 parameters
            name = ""
        found.append(Attachment(str(name), part.get_content_type(), size))
    return tuple(found)


def parse_message(
    raw: bytes,
    *,
    source: str,
    remote_id: str,
    folder: str,
    me: Collection[str] = (),
    received_at: datetime,
    is_read: bool = False,
    is_flagged: bool = False,
    body_complete: bool = True,
) -> Message:
    """A `Message` from raw mail bytes; `me` are the user's own addresses (any case).

    `received_at` is used when the Date header is missing or broken. With
    `body_complete` False the body is cut to a snippet (the rest is loaded on open).
    """
    msg = parse_bytes(raw)
    mine = {a.lower() for a in me}
    senders = addresses(msg, "From")
    sender_name, sender_address = senders[0] if senders else ("", header_text(msg, "From"))
    to = tuple(a for _n, a in addresses(msg, "To"))
    cc = tuple(a for _n, a in addresses(msg, "Cc"))
    own_ids = message_ids(header_text(msg, "Message-ID"))
    message_id = own_ids[0] if own_ids else ""
    reply_ids = message_ids(header_text(msg, "In-Reply-To"))
    in_reply_to = reply_ids[-1] if reply_ids else ""
    references = message_ids(header_text(msg, "References"))
    subject = header_text(msg, "Subject")
    body = body_text(msg)
    if not body_complete:
        body = body[:SNIPPET_CHARS]
    return Message(
        source=source,
        remote_id=remote_id,
        kind=MessageKind.MAIL,
        folder=folder,
        sender_name=sender_name,
        sender_address=sender_address,
        subject=subject,
        body=body,
        received_at=_date(msg, received_at),
        recipients=to,
        cc=cc,
        thread_id=thread_root(message_id, in_reply_to, references, subject),
        in_reply_to=in_reply_to,
        is_read=is_read,
        is_flagged=is_flagged,
        is_direct=any(a.lower() in mine for a in to),
        from_me=sender_address.lower() in mine,
        is_list=is_bulk(msg, sender_address),
        message_id=message_id,
        references=references,
        attachments=attachments(msg),
        body_complete=body_complete,
    )
