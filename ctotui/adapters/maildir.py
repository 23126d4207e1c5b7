"""The `maildir` adapter: a local Maildir tree (as mbsync, offlineimap or notmuch keep it).

Messages are read from the configured folders; flags come from the file names.
The remote id is the Maildir unique name (the part before ":2,"), which stays
the same when a message is renamed or moved, so archiving keeps its triage state.
The cursor holds each folder's directory times and the flags seen per file: a
sync with nothing new reads no message file at all; a file is read again only
when it is new or its flags changed.
"""

from __future__ import annotations

import asyncio
import json
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ctotui.adapters.base import Adapter, FetchResult
from ctotui.adapters.mail_account import my_addresses
from ctotui.adapters.maildir_files import (
    MailFile,
    deliver,
    find,
    folder_path,
    folder_stamp,
    is_maildir,
    list_folder,
    move,
    set_flags,
    with_flags,
)
from ctotui.adapters.maildir_options import MAILDIR_OPTIONS
from ctotui.errors import AdapterError
from ctotui.mailparse import parse_message
from ctotui.model import ActionKind, Message, OutboxAction, SourceKind

PAGE_SIZE = 500
STAMP_SETTLE_NS = 2_000_000_000
CURSOR_VERSION = 1
_FLAG_CHANGES = {
    ActionKind.MARK_READ: ("S", ""),
    ActionKind.MARK_UNREAD: ("", "S"),
    ActionKind.FLAG: ("F", ""),
    ActionKind.UNFLAG: ("", "F"),
}


class MaildirAdapter(Adapter):
    """Mail from a local Maildir tree; actions rename or move the files."""

    name = "maildir"
    kinds = frozenset({SourceKind.MAIL})
    description = (
        "A local Maildir tree (mbsync, offlineimap, notmuch); sends through SMTP "
        "(password or XOAUTH2)."
    )
    options = MAILDIR_OPTIONS
    actions = frozenset(
        {*_FLAG_CHANGES, ActionKind.ARCHIVE, ActionKind.SEND, ActionKind.SAVE_DRAFT}
    )

    @property
    def root(self) -> Path:
        return Path(str(self.settings.get("path") or "")).expanduser()

    @property
    def folders(self) -> list[str]:
        value = self.settings.get("folders") or ["INBOX"]
        return [value] if isinstance(value, str) else [str(v) for v in value]

    @property
    def archive_folder(self) -> str:
        return str(self.settings.get("archive_folder") or "Archive")

    def _check_root(self) -> None:
        if not self.root.is_dir():
            raise AdapterError(
                f"Source {self.source!r}: the Maildir {str(self.root)!r} does not exist; "
                "check `path`."
            )

    async def fetch(self, cursor: str | None) -> FetchResult:
        self._check_root()
        return await asyncio.to_thread(self._fetch, cursor)

    def _fetch(self, cursor: str | None) -> FetchResult:
        """New or re-flagged messages, at most PAGE_SIZE; untouched folders are not listed."""
        state = _load(cursor)
        me = my_addresses(self.settings, self.context.me)
        messages: list[Message] = []
        more = False
        left: int | None = 0
        for folder in self.folders:
            known: dict[str, str] = state.setdefault(folder, {"stamp": [], "seen": {}})["seen"]
            stamp = folder_stamp(self.root, folder)
            if stamp == state[folder]["stamp"]:
                continue
            listing = list(list_folder(self.root, folder))
            for index, mail in enumerate(listing):
                if known.get(mail.unique) == mail.flags:
                    continue
                if len(messages) >= PAGE_SIZE:
                    more = True
                    # What is left is known for this folder, not yet for the ones after it.
                    rest = sum(1 for m in listing[index:] if known.get(m.unique) != m.flags)
                    left = rest if folder == self.folders[-1] else None
                    break
                message = self._read(mail, me)
                if message is not None:
                    messages.append(message)
                known[mail.unique] = mail.flags
            if more:
                break
            # A directory changed within the clock's granularity may change again
            # with the same time: list it again next sync (listing reads no file).
            settled = time.time_ns() - max(stamp) > STAMP_SETTLE_NS
            state[folder]["stamp"] = stamp if settled else []
        return FetchResult(cursor=_dump(state), messages=messages, more=more, remaining=left)

    def _read(self, mail: MailFile, me: list[str]) -> Message | None:
        try:
            raw = mail.path.read_bytes()
            arrived = datetime.fromtimestamp(mail.path.stat().st_mtime, UTC)
        except FileNotFoundError:  # renamed or removed by another program meanwhile
            return None
        return parse_message(
            raw,
            source=self.source,
            remote_id=mail.unique,
            folder=mail.folder,
            me=me,
            received_at=arrived,
            is_read=mail.seen,
            is_flagged=mail.flagged,
        )

    async def apply(self, action: OutboxAction) -> None:
        if action.action not in self.actions:
            raise AdapterError(f"maildir sources cannot {action.action.value.replace('_', ' ')}.")
        self._check_root()
        from ctotui.adapters import mail_send  # smtplib and email load when mail goes out

        if action.action is ActionKind.SEND:
            sent = await mail_send.send(self.source, self.settings, action.payload)
            folder = str(self.settings.get("sent_folder", "Sent") or "")
            if folder:
                await asyncio.to_thread(deliver, self.root, folder, sent, "S")
            return
        if action.action is ActionKind.SAVE_DRAFT:
            data = mail_send.draft_bytes(action.payload)
            folder = str(self.settings.get("drafts_folder") or "Drafts")
            await asyncio.to_thread(deliver, self.root, folder, data, "DS")
            return
        await asyncio.to_thread(self._apply_file, action)

    def _apply_file(self, action: OutboxAction) -> None:
        unique = action.target.strip()
        archive = self.archive_folder
        mail = find(self.root, [*self.folders, archive], unique)
        if mail is None:
            raise AdapterError(
                f"Source {self.source!r}: message {unique!r} is no longer in the Maildir."
            )
        if action.action is ActionKind.ARCHIVE:
            if mail.folder != archive and folder_path(self.root, mail.folder) != folder_path(
                self.root, archive
            ):
                move(mail, self.root, archive)
            return
        add, remove = _FLAG_CHANGES[action.action]
        set_flags(mail, with_flags(mail.flags, add, remove))

    async def probe(self) -> str:
        self._check_root()
        counts = []
        for folder in self.folders:
            path = folder_path(self.root, folder)
            if not is_maildir(path):
                raise AdapterError(
                    f"Source {self.source!r}: folder {folder!r} is not a Maildir "
                    f"({str(path)!r} has no cur/ and new/)."
                )
            total = await asyncio.to_thread(_count, self.root, folder)
            counts.append(f"{folder} {total}")
        return "Maildir readable: " + ", ".join(counts) + " messages"


def _count(root: Path, folder: str) -> int:
    return sum(1 for _ in list_folder(root, folder))


def _load(cursor: str | None) -> dict[str, Any]:
    """Per-folder state from the cursor; anything unreadable starts over (a full re-read)."""
    if not cursor:
        return {}
    try:
        data = json.loads(cursor)
    except ValueError:
        return {}
    if not isinstance(data, dict) or data.get("v") != CURSOR_VERSION:
        return {}
    folders = data.get("folders")
    return folders if isinstance(folders, dict) else {}


def _dump(state: dict[str, Any]) -> str:
    return json.dumps({"v": CURSOR_VERSION, "folders": state}, separators=(",", ":"))
