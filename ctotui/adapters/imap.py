"""The `imap` adapter: IMAP4rev1 over TLS or STARTTLS, incremental, with server-side actions.

It speaks IMAP with the stdlib `imaplib`, run in a worker thread: no extra
dependency, every command (STATUS, UID FETCH ... CHANGEDSINCE, UID MOVE,
UID EXPUNGE, APPEND, AUTHENTICATE XOAUTH2) is available, and a session is a
plain sequential conversation that is easy to reason about and to test against
a real server. One session serves all pages of a sync and is closed in `aclose`.
"""

from __future__ import annotations

import asyncio
import imaplib
import json
from typing import Any

from ctotui.adapters.base import Adapter, FetchResult
from ctotui.adapters.imap_conn import ImapSettings, Session, encode_mailbox
from ctotui.adapters.imap_fetch import RemoteId, header_digest, parse_remote_id
from ctotui.adapters.imap_options import DEFAULT_BATCH, IMAP_OPTIONS
from ctotui.adapters.imap_sync import (
    FolderState,
    FolderSync,
    fetch_records,
    search_uids,
    select,
    status,
    uid_set,
)
from ctotui.adapters.mail_account import my_addresses
from ctotui.errors import AdapterError
from ctotui.mailparse import parse_message
from ctotui.model import ActionKind, Message, OutboxAction, SourceKind

CURSOR_VERSION = 1
_FLAG_STORES = {
    ActionKind.MARK_READ: ("+FLAGS.SILENT", "(\\Seen)"),
    ActionKind.MARK_UNREAD: ("-FLAGS.SILENT", "(\\Seen)"),
    ActionKind.FLAG: ("+FLAGS.SILENT", "(\\Flagged)"),
    ActionKind.UNFLAG: ("-FLAGS.SILENT", "(\\Flagged)"),
}


class ImapAdapter(Adapter):
    """Mail from an IMAP server; flags, archive, drafts and sent copies on the server."""

    name = "imap"
    kinds = frozenset({SourceKind.MAIL})
    description = "An IMAP mailbox (TLS or STARTTLS; password or XOAUTH2); sends through SMTP."
    options = IMAP_OPTIONS
    actions = frozenset({*_FLAG_STORES, ActionKind.ARCHIVE, ActionKind.SEND, ActionKind.SAVE_DRAFT})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._session: Session | None = None

    @property
    def folders(self) -> list[str]:
        value = self.settings.get("folders") or ["INBOX"]
        return [value] if isinstance(value, str) else [str(v) for v in value]

    def _open(self) -> Session:
        if self._session is None:
            self._session = Session(
                self.source, ImapSettings.from_settings(self.source, self.settings)
            )
        return self._session

    async def _run(self, work: Any, *args: Any) -> Any:
        """Run blocking session work in a thread; a broken connection is a clear error."""

        def call() -> Any:
            session = self._open()
            try:
                return work(session, *args)
            except (imaplib.IMAP4.error, OSError) as error:
                self._session = None
                raise session.fail("the IMAP conversation failed", error) from None

        return await asyncio.to_thread(call)

    async def aclose(self) -> None:
        if self._session is not None:
            session, self._session = self._session, None
            await asyncio.to_thread(session.close)

    # -- fetching -------------------------------------------------------------

    async def fetch(self, cursor: str | None) -> FetchResult:
        result: FetchResult = await self._run(self._fetch, cursor)
        return result

    def _fetch(self, session: Session, cursor: str | None) -> FetchResult:
        _leave_folder(session)  # STATUS of a selected folder may lag behind other clients
        states = _load(cursor)
        budget = max(int(self.settings.get("batch_size") or DEFAULT_BATCH), 1)
        me = my_addresses(self.settings, self.context.me)
        messages: list[Message] = []
        more = False
        left: int | None = 0
        for folder in self.folders:
            sync = FolderSync(
                session, self.source, folder, me, self.context.clock.now(), budget - len(messages)
            )
            states[folder] = sync.run(FolderState.load(states.get(folder))).dump()
            messages.extend(sync.messages)
            if sync.more:
                # Known for this folder; folders after it are not counted yet.
                more, left = True, sync.left if folder == self.folders[-1] else None
                break
        return FetchResult(cursor=_dump(states), messages=messages, more=more, remaining=left)

    async def fetch_full(self, message: Message) -> Message | None:
        full: Message | None = await self._run(self._fetch_full, message)
        return full

    def _fetch_full(self, session: Session, message: Message) -> Message | None:
        target = self._target(message.remote_id)
        select(session, target.folder, readonly=True)
        uids = _locate(session, target)
        if not uids:
            raise AdapterError(
                f"Source {self.source!r}: the message is no longer in {target.folder!r}."
            )
        [record] = fetch_records(session, uids[:1], "(UID FLAGS INTERNALDATE BODY.PEEK[])")
        return parse_message(
            record.sections.get("BODY[]", b""),
            source=self.source,
            remote_id=message.remote_id,
            folder=target.folder,
            me=my_addresses(self.settings, self.context.me),
            received_at=record.internal_date or message.received_at,
            is_read=record.seen,
            is_flagged=record.flagged,
        )

    # -- actions --------------------------------------------------------------

    async def apply(self, action: OutboxAction) -> None:
        if action.action not in self.actions:
            raise AdapterError(f"imap sources cannot {action.action.value.replace('_', ' ')}.")
        from ctotui.adapters import mail_send  # smtplib and email load when mail goes out

        if action.action is ActionKind.SEND:
            sent = await mail_send.send(self.source, self.settings, action.payload)
            folder = str(self.settings.get("sent_folder", "Sent") or "")
            if folder:
                await self._run(_append, folder, "(\\Seen)", sent)
            return
        if action.action is ActionKind.SAVE_DRAFT:
            folder = str(self.settings.get("drafts_folder", "Drafts") or "Drafts")
            data = mail_send.draft_bytes(action.payload)
            await self._run(_append, folder, "(\\Draft \\Seen)", data)
            return
        await self._run(self._apply_message, action)

    def _apply_message(self, session: Session, action: OutboxAction) -> None:
        target = self._target(action.target)
        select(session, target.folder, readonly=False)
        uids = _locate(session, target)
        archive = str(self.settings.get("archive_folder", "Archive") or "Archive")
        if action.action is ActionKind.ARCHIVE:
            if uids:
                _archive(session, uids, archive)
                return
            select(session, archive, readonly=True)
            if _locate(session, target):
                return  # moved already (a retry after a lost reply)
        if not uids:
            raise AdapterError(
                f"Source {self.source!r}: the message is no longer in {target.folder!r}."
            )
        command, flags = _FLAG_STORES[action.action]
        session.ok(
            "changing flags failed", session.client.uid("STORE", uid_set(uids), command, flags)
        )

    def _target(self, remote_id: str) -> RemoteId:
        target = parse_remote_id(remote_id.strip())
        if target is None:
            raise AdapterError(f"Source {self.source!r}: {remote_id!r} is not an IMAP message id.")
        return target

    async def probe(self) -> str:
        result: str = await self._run(self._probe)
        return result

    def _probe(self, session: Session) -> str:
        parts = []
        for folder in self.folders:
            counts = status(session, folder)
            parts.append(f"{folder} {counts.get('MESSAGES', 0)}")
        extras = [c for c in ("MOVE", "CONDSTORE", "UIDPLUS") if session.has(c)]
        return f"login accepted; folders: {', '.join(parts)} messages" + (
            f"; server has {', '.join(extras)}" if extras else ""
        )


def _leave_folder(session: Session) -> None:
    """Deselect without expunging (UNSELECT; CLOSE is only safe after a read-only EXAMINE)."""
    if session.client.state != "SELECTED":
        return
    if session.has("UNSELECT"):
        session.ok("leaving the folder failed", session.client.unselect())
    else:
        session.ok("leaving the folder failed", session.client.noop())


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _locate(session: Session, target: RemoteId) -> list[int]:
    """UIDs in the selected folder holding the target message (digest-checked)."""
    if not target.message_id:
        current = session.client.response("UIDVALIDITY")[1]
        validity = int(current[0]) if current and current[0] else 0
        return (
            [target.uid]
            if validity == target.uidvalidity and search_uids(session, "UID", str(target.uid))
            else []
        )
    candidates = search_uids(session, "HEADER", "Message-ID", _quoted(target.message_id))
    records = fetch_records(session, candidates, "(UID BODY.PEEK[HEADER])")
    return [
        r.uid
        for r in records
        if header_digest(r.sections.get("BODY[HEADER]", b"")) == target.digest
    ]


def _archive(session: Session, uids: list[int], folder: str) -> None:
    """MOVE where advertised, else COPY + \\Deleted + UID EXPUNGE (only those UIDs)."""
    session.ensure_folder(folder)
    uids_text = uid_set(uids)
    mailbox = encode_mailbox(folder)
    if session.has("MOVE"):
        session.ok("moving to the archive failed", session.client.uid("MOVE", uids_text, mailbox))
        return
    session.ok("copying to the archive failed", session.client.uid("COPY", uids_text, mailbox))
    session.ok(
        "marking as deleted failed",
        session.client.uid("STORE", uids_text, "+FLAGS.SILENT", "(\\Deleted)"),
    )
    if session.has("UIDPLUS"):
        session.ok("expunging failed", session.client.uid("EXPUNGE", uids_text))
    # Without UIDPLUS a plain EXPUNGE would also remove other \Deleted mail: leave it.


def _append(session: Session, folder: str, flags: str, data: bytes) -> None:
    session.ensure_folder(folder)
    session.ok(
        f"saving into {folder!r} failed",
        session.client.append(encode_mailbox(folder), flags, None, data),
    )


def _load(cursor: str | None) -> dict[str, Any]:
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


def _dump(states: dict[str, Any]) -> str:
    return json.dumps({"v": CURSOR_VERSION, "folders": states}, separators=(",", ":"))
