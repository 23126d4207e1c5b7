"""Incremental IMAP sync of one folder, run blocking inside a worker thread.

Per folder the cursor keeps UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ (with CONDSTORE),
the highest UID fetched and each UID's flags. A STATUS that matches the cursor
ends the folder's sync with no message data downloaded; new UIDs are fetched as
headers plus a text snippet in batches; flag changes are found with CHANGEDSINCE
(or a FLAGS-only fetch without CONDSTORE) and only those messages are fetched
again. A changed UIDVALIDITY starts the folder over (remote ids do not depend on
UIDs, see `imap_fetch`, so the same rows are updated).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ctotui.adapters.imap_conn import Session, encode_mailbox
from ctotui.adapters.imap_fetch import FetchRecord, make_remote_id, parse_fetch
from ctotui.mailparse import parse_message
from ctotui.model import Message

SNIPPET_BYTES = 8192
HEADER_ITEMS = (
    f"(UID FLAGS RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER] BODY.PEEK[TEXT]<0.{SNIPPET_BYTES}>)"
)
_STATUS_ITEM = re.compile(rb"(UIDVALIDITY|UIDNEXT|HIGHESTMODSEQ|MESSAGES) (\d+)")


@dataclass(slots=True)
class FolderState:
    """What the cursor remembers of one folder."""

    validity: int = 0
    uidnext: int = 0
    modseq: int = 0
    done: int = 0
    flags: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, data: Any) -> FolderState:
        if not isinstance(data, dict):
            return cls()
        flags = data.get("flags")
        return cls(
            validity=int(data.get("validity", 0)),
            uidnext=int(data.get("uidnext", 0)),
            modseq=int(data.get("modseq", 0)),
            done=int(data.get("done", 0)),
            flags={str(k): str(v) for k, v in flags.items()} if isinstance(flags, dict) else {},
        )

    def dump(self) -> dict[str, Any]:
        return {
            "validity": self.validity,
            "uidnext": self.uidnext,
            "modseq": self.modseq,
            "done": self.done,
            "flags": self.flags,
        }


def flag_letters(record: FetchRecord) -> str:
    return ("S" if record.seen else "") + ("F" if record.flagged else "")


def uid_set(uids: Iterable[int]) -> str:
    """A compact UID set ("1:4,7,9:10") for a command."""
    ordered = sorted(set(uids))
    ranges: list[str] = []
    start = previous = -1
    for uid in ordered:
        if uid == previous + 1:
            previous = uid
            continue
        if start >= 0:
            ranges.append(str(start) if start == previous else f"{start}:{previous}")
        start = previous = uid
    if start >= 0:
        ranges.append(str(start) if start == previous else f"{start}:{previous}")
    return ",".join(ranges)


def status(session: Session, folder: str) -> dict[str, int]:
    items = "UIDVALIDITY UIDNEXT MESSAGES" + (" HIGHESTMODSEQ" if session.has("CONDSTORE") else "")
    data = session.ok(
        f"folder {folder!r} cannot be read (does it exist?)",
        session.client.status(encode_mailbox(folder), f"({items})"),
    )
    line = b" ".join(d for d in data if isinstance(d, bytes))
    return {k.decode(): int(v) for k, v in _STATUS_ITEM.findall(line)}


def select(session: Session, folder: str, *, readonly: bool) -> None:
    session.ok(
        f"folder {folder!r} cannot be opened",
        session.client.select(encode_mailbox(folder), readonly=readonly),
    )


def search_uids(session: Session, *criteria: str) -> list[int]:
    data = session.ok("search failed", session.client.uid("SEARCH", *criteria))
    words = b" ".join(d for d in data if isinstance(d, bytes)).split()
    return sorted(int(w) for w in words if w.isdigit())


def fetch_records(session: Session, uids: Collection[int], items: str) -> list[FetchRecord]:
    if not uids:
        return []
    data = session.ok("fetching messages failed", session.client.uid("FETCH", uid_set(uids), items))
    return [r for r in parse_fetch(data) if r.uid in uids]


@dataclass(slots=True)
class FolderSync:
    """Sync one folder within a page budget; `more` when the budget ran out."""

    session: Session
    source: str
    folder: str
    me: Collection[str]
    now: datetime
    budget: int
    messages: list[Message] = field(default_factory=list)
    more: bool = False
    left: int = 0
    """New messages of this folder still to fetch after this page (for progress)."""

    def run(self, state: FolderState) -> FolderState:
        current = status(self.session, self.folder)
        validity = current.get("UIDVALIDITY", 0)
        uidnext = current.get("UIDNEXT", 0)
        modseq = current.get("HIGHESTMODSEQ", 0)
        if state.validity != validity:
            state = FolderState(validity=validity)
        condstore = self.session.has("CONDSTORE") and modseq > 0
        synced = state.uidnext > 0
        quiet = state.done == 0 or (condstore and state.modseq == modseq)
        if synced and state.uidnext == uidnext and quiet:
            return state  # nothing new: not a byte of message data
        select(self.session, self.folder, readonly=True)
        if state.done:
            self._flag_changes(state, state.done, condstore)
        if not synced or uidnext != state.uidnext:
            self._new_messages(state)
        if not self.more:
            state.uidnext, state.modseq = uidnext, modseq
        return state

    def _new_messages(self, state: FolderState) -> None:
        uids = [
            u for u in search_uids(self.session, "UID", f"{state.done + 1}:*") if u > state.done
        ]
        room = max(self.budget - len(self.messages), 0)
        if len(uids) > room:
            self.left = len(uids) - room
            uids, self.more = uids[:room], True
        for start in range(0, len(uids), 100):
            batch = uids[start : start + 100]
            for record in fetch_records(self.session, batch, HEADER_ITEMS):
                self._add(record, state)
        if uids:
            state.done = max(state.done, uids[-1])

    def _flag_changes(self, state: FolderState, upto: int, condstore: bool) -> None:
        items = "(UID FLAGS)" + (f" (CHANGEDSINCE {state.modseq})" if condstore else "")
        data = self.session.ok(
            "fetching flags failed", self.session.client.uid("FETCH", f"1:{upto}", items)
        )
        records = parse_fetch(data)
        if not condstore:  # a full listing: forget UIDs that are gone
            present = {str(r.uid) for r in records}
            state.flags = {k: v for k, v in state.flags.items() if k in present}
        changed = [
            r.uid
            for r in records
            if 0 < r.uid <= upto and state.flags.get(str(r.uid)) != flag_letters(r)
        ]
        for record in fetch_records(self.session, changed, HEADER_ITEMS):
            self._add(record, state)

    def _add(self, record: FetchRecord, state: FolderState) -> None:
        header = record.sections.get("BODY[HEADER]", b"")
        text = record.sections.get("BODY[TEXT]<0>", b"")
        complete = record.size > 0 and len(header) + len(text) >= record.size
        self.messages.append(
            parse_message(
                header + text,
                source=self.source,
                remote_id=make_remote_id(self.folder, header, state.validity, record.uid),
                folder=self.folder,
                me=self.me,
                received_at=record.internal_date or self.now,
                is_read=record.seen,
                is_flagged=record.flagged,
                body_complete=complete,
            )
        )
        state.flags[str(record.uid)] = flag_letters(record)
