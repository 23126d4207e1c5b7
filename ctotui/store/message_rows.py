"""Mapping between `Message` objects and rows of the `messages` table."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from ctotui.model import Attachment, Message, MessageKind, TriageState
from ctotui.store.codec import from_epoch, from_epoch_opt, from_json, to_epoch, to_json

# Columns a source provides; a re-fetch rewrites them. Triage columns are the user's.
DATA_COLUMNS: tuple[str, ...] = (
    "kind",
    "folder",
    "sender_name",
    "sender_address",
    "subject",
    "body",
    "received_at",
    "recipients",
    "cc",
    "thread_id",
    "in_reply_to",
    "is_read",
    "is_flagged",
    "is_direct",
    "mentions_me",
    "from_me",
    "is_list",
    "url",
    "labels",
    "message_id",
    "refs",
    "attachments",
    "body_complete",
    "importance",
)

SELECT_COLUMNS = ", ".join(
    f"m.{c}" for c in ("id", "source", "remote_id", *DATA_COLUMNS, "triage_state", "snoozed_until")
)

# Fetched messages are staged in a temp table and merged with one statement.
STAGE_CREATE_SQL = (
    "CREATE TEMP TABLE IF NOT EXISTS incoming_messages (source, remote_id, "
    + ", ".join(DATA_COLUMNS)
    + ")"
)
STAGE_INSERT_SQL = (
    "INSERT INTO temp.incoming_messages (source, remote_id, "
    + ", ".join(DATA_COLUMNS)
    + ") VALUES (:source, :remote_id, "
    + ", ".join(f":{c}" for c in DATA_COLUMNS)
    + ")"
)
STAGE_CLEAR_SQL = "DELETE FROM temp.incoming_messages"

# A re-fetch that brings only a snippet never replaces a full body loaded on open.
_KEEP_FULL = "excluded.body_complete = 0 AND messages.body_complete = 1"
_COMPARED_COLUMNS = tuple(c for c in DATA_COLUMNS if c not in ("body", "body_complete"))


def _set_column(column: str) -> str:
    if column == "body":
        return f"body = CASE WHEN {_KEEP_FULL} THEN messages.body ELSE excluded.body END"
    if column == "body_complete":
        return f"body_complete = CASE WHEN {_KEEP_FULL} THEN 1 ELSE excluded.body_complete END"
    return f"{column} = excluded.{column}"


# New rows take the user's verdict from `triage` (it survives cache rebuilds);
# existing rows keep theirs and are rewritten only when the source changed them.
MERGE_SQL = (
    "INSERT INTO messages (source, remote_id, "
    + ", ".join(DATA_COLUMNS)
    + ", triage_state, snoozed_until) SELECT i.source, i.remote_id, "
    + ", ".join(f"i.{c}" for c in DATA_COLUMNS)
    + ", coalesce(t.state, 'new'), t.snoozed_until FROM temp.incoming_messages i"
    + " LEFT JOIN triage t ON t.source = i.source AND t.remote_id = i.remote_id"
    + " WHERE true ORDER BY i.rowid"
    + " ON CONFLICT (source, remote_id) DO UPDATE SET "
    + ", ".join(_set_column(c) for c in DATA_COLUMNS)
    + " WHERE "
    + " OR ".join(f"messages.{c} IS NOT excluded.{c}" for c in _COMPARED_COLUMNS)
    + f" OR (NOT ({_KEEP_FULL}) AND (messages.body IS NOT excluded.body"
    + " OR messages.body_complete IS NOT excluded.body_complete))"
)


def message_params(message: Message) -> dict[str, Any]:
    """Named parameters for STAGE_INSERT_SQL."""
    return {
        "source": message.source,
        "remote_id": message.remote_id,
        "kind": message.kind.value,
        "folder": message.folder,
        "sender_name": message.sender_name,
        "sender_address": message.sender_address,
        "subject": message.subject,
        "body": message.body,
        "received_at": to_epoch(message.received_at),
        "recipients": to_json(message.recipients),
        "cc": to_json(message.cc),
        "thread_id": message.thread_id,
        "in_reply_to": message.in_reply_to,
        "is_read": int(message.is_read),
        "is_flagged": int(message.is_flagged),
        "is_direct": int(message.is_direct),
        "mentions_me": int(message.mentions_me),
        "from_me": int(message.from_me),
        "is_list": int(message.is_list),
        "url": message.url,
        "labels": to_json(message.labels),
        "message_id": message.message_id,
        "refs": to_json(message.references),
        "attachments": json.dumps([[a.name, a.content_type, a.size] for a in message.attachments]),
        "body_complete": int(message.body_complete),
        "importance": message.importance,
    }


def effective_triage(
    state: TriageState, snoozed_until: datetime | None, now: datetime | None
) -> TriageState:
    """The verdict as of `now`: a snooze that has run out is NEW again."""
    if now is None or state is TriageState.DONE:
        return state
    if snoozed_until is not None and snoozed_until > now:
        return TriageState.SNOOZED
    return TriageState.NEW


def message_from_row(row: sqlite3.Row, now: datetime | None = None) -> Message:
    """A Message from a row selected with SELECT_COLUMNS; triage as of `now` if given."""
    triage = effective_triage(
        TriageState(row["triage_state"]), from_epoch_opt(row["snoozed_until"]), now
    )
    return Message(
        id=row["id"],
        source=row["source"],
        remote_id=row["remote_id"],
        kind=MessageKind(row["kind"]),
        folder=row["folder"],
        sender_name=row["sender_name"],
        sender_address=row["sender_address"],
        subject=row["subject"],
        body=row["body"],
        received_at=from_epoch(row["received_at"]),
        recipients=from_json(row["recipients"]),
        cc=from_json(row["cc"]),
        thread_id=row["thread_id"],
        in_reply_to=row["in_reply_to"],
        is_read=bool(row["is_read"]),
        is_flagged=bool(row["is_flagged"]),
        is_direct=bool(row["is_direct"]),
        mentions_me=bool(row["mentions_me"]),
        from_me=bool(row["from_me"]),
        is_list=bool(row["is_list"]),
        url=row["url"],
        labels=from_json(row["labels"]),
        message_id=row["message_id"],
        references=from_json(row["refs"]),
        attachments=tuple(
            Attachment(str(name), str(kind), int(size))
            for name, kind, size in json.loads(row["attachments"])
        ),
        body_complete=bool(row["body_complete"]),
        importance=row["importance"],
        triage=triage,
    )
