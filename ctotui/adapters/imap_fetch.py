"""Reading imaplib FETCH responses, and the IMAP adapter's remote ids.

imaplib hands back a FETCH as a list mixing bytes and (text, literal) tuples;
`parse_fetch` turns it into one record per message (UID, flags, size, date and
the fetched sections), whatever order the server chose for the items.

Remote ids: "<folder>/<Message-ID>#<digest>" where the digest is a hash of the
message's raw header block. It survives a UIDVALIDITY change (the server renumbers
but keeps the bytes), so a re-synced folder updates the same rows and the user's
triage state stays; the digest keeps a forged copy of a Message-ID from replacing
another message. Mail without a Message-ID uses "<folder>/<uidvalidity>/<uid>".
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ctotui.mailparse import message_ids

_START = re.compile(rb"^\d+ \(")
_UID = re.compile(r"\bUID (\d+)")
_FLAGS = re.compile(r"\bFLAGS \(([^)]*)\)")
_SIZE = re.compile(r"\bRFC822\.SIZE (\d+)")
_DATE = re.compile(r'\bINTERNALDATE "([^"]+)"')
_MODSEQ = re.compile(r"\bMODSEQ \((\d+)\)")
_SECTION = re.compile(r"\b(BODY\[[^\]]*\](?:<\d+>)?) (?:\x00(\d+)\x00|\"([^\"]*)\"|NIL)")
_BY_ID = re.compile(r"^(?P<folder>.*)/(?P<mid><[^<>]*>)#(?P<digest>[0-9a-f]{16})$")
_BY_UID = re.compile(r"^(?P<folder>.*)/(?P<validity>\d+)/(?P<uid>\d+)$")


@dataclass(slots=True)
class FetchRecord:
    uid: int = 0
    flags: tuple[str, ...] = ()
    size: int = 0
    internal_date: datetime | None = None
    modseq: int = 0
    sections: dict[str, bytes] = field(default_factory=dict)

    @property
    def seen(self) -> bool:
        return "\\SEEN" in self.flags

    @property
    def flagged(self) -> bool:
        return "\\FLAGGED" in self.flags


def parse_fetch(data: list[object]) -> list[FetchRecord]:
    """One record per message of a FETCH response; unparseable lines are skipped."""
    grouped: list[tuple[list[str], list[bytes]]] = []
    for item in data:
        head, literal = (item[0], item[1]) if isinstance(item, tuple) else (item, None)
        if not isinstance(head, bytes):
            continue
        if _START.match(head) or not grouped:
            grouped.append(([], []))
        texts, literals = grouped[-1]
        text = head.decode("latin-1").replace("\x00", "")  # NUL marks our literals only
        if isinstance(literal, bytes):
            text = re.sub(r"\{\d+\+?\}$", f"\x00{len(literals)}\x00", text)
            literals.append(literal)
        texts.append(text)
    return [_record("".join(texts), literals) for texts, literals in grouped]


def _record(text: str, literals: list[bytes]) -> FetchRecord:
    record = FetchRecord()
    if match := _UID.search(text):
        record.uid = int(match.group(1))
    if match := _FLAGS.search(text):
        record.flags = tuple(f.upper() for f in match.group(1).split())
    if match := _SIZE.search(text):
        record.size = int(match.group(1))
    if match := _MODSEQ.search(text):
        record.modseq = int(match.group(1))
    if match := _DATE.search(text):
        try:
            record.internal_date = datetime.strptime(
                match.group(1).strip(), "%d-%b-%Y %H:%M:%S %z"
            ).astimezone(UTC)
        except ValueError:
            record.internal_date = None
    for name, index, quoted in _SECTION.findall(text):
        if index:
            record.sections[name] = literals[int(index)]
        else:
            record.sections[name] = quoted.encode("latin-1")
    return record


def header_digest(header: bytes) -> str:
    """A short hash of the raw header block (line endings normalised)."""
    normalised = header.replace(b"\r\n", b"\n").rstrip(b"\n")
    return hashlib.sha256(normalised).hexdigest()[:16]


def make_remote_id(folder: str, header: bytes, uidvalidity: int, uid: int) -> str:
    ids = message_ids(_message_id_line(header))
    if ids:
        return f"{folder}/{ids[0]}#{header_digest(header)}"
    return f"{folder}/{uidvalidity}/{uid}"


def _message_id_line(header: bytes) -> str:
    """The raw Message-ID header value (unfolded) from a header block."""
    text = header.decode("latin-1").replace("\r\n", "\n")
    match = re.search(r"^message-id:[ \t]*(.*(?:\n[ \t].*)*)", text, re.IGNORECASE | re.MULTILINE)
    return match.group(1).replace("\n", " ") if match else ""


@dataclass(frozen=True, slots=True)
class RemoteId:
    """A parsed remote id: the folder and either (Message-ID, digest) or (uidvalidity, uid)."""

    folder: str
    message_id: str = ""
    digest: str = ""
    uidvalidity: int = 0
    uid: int = 0


def parse_remote_id(remote_id: str) -> RemoteId | None:
    if match := _BY_ID.match(remote_id):
        return RemoteId(match["folder"], message_id=match["mid"], digest=match["digest"])
    if match := _BY_UID.match(remote_id):
        return RemoteId(match["folder"], uidvalidity=int(match["validity"]), uid=int(match["uid"]))
    return None
