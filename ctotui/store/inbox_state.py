"""Store queries for inbox triage beyond the splits: snoozes, progress, replies.

Kept apart from `messages.py` (reading and paging) because these answer the
triage questions: did someone reply to what I snoozed, how much did I clear
today, which messages did I answer.
"""

from __future__ import annotations

from datetime import datetime

from ctotui.model import Message, TriageState
from ctotui.store.codec import to_epoch
from ctotui.store.inbox import MessageQuery, like_pattern, message_filter, message_order
from ctotui.store.message_rows import SELECT_COLUMNS, message_from_row
from ctotui.store.messages import MessagesMixin

# A later message in the thread, not from me: a reply that wakes a snooze.
_REPLIED = (
    "EXISTS (SELECT 1 FROM messages r WHERE r.source = m.source AND r.thread_id = m.thread_id"
    " AND m.thread_id <> '' AND r.id <> m.id AND r.from_me = 0 AND r.received_at > t.updated_at)"
)
# A later message in the thread (or one replying to it) that I sent.
_ANSWERED = (
    "(EXISTS (SELECT 1 FROM messages r WHERE r.from_me = 1 AND r.source = m.source"
    " AND m.thread_id <> '' AND r.thread_id = m.thread_id"
    " AND r.received_at >= m.received_at AND r.id <> m.id)"
    " OR EXISTS (SELECT 1 FROM messages r INDEXED BY messages_mine_reply"
    " WHERE r.from_me = 1 AND r.source = m.source"
    " AND r.in_reply_to <> '' AND r.in_reply_to IN (m.remote_id, m.message_id)"
    " AND r.received_at >= m.received_at AND r.id <> m.id))"
)
"""Whether I sent something later in the message's thread or in reply to it (two indexed probes)."""


class InboxStateMixin(MessagesMixin):
    def snooze_message(
        self, message_id: int, until: datetime, *, at: datetime, unless_reply: bool
    ) -> None:
        """Hide a message until `until`; with `unless_reply` a reply brings it back sooner."""
        with self.transaction():
            self.set_triage(message_id, TriageState.SNOOZED, at=at, snoozed_until=until)
            self._exec(
                "UPDATE triage SET wake_on_reply = ? WHERE (source, remote_id) ="
                " (SELECT source, remote_id FROM messages WHERE id = ?)",
                (int(unless_reply), message_id),
            )

    def wakes_on_reply(self, message_id: int) -> bool:
        value = self._scalar(
            "SELECT t.wake_on_reply FROM messages m JOIN triage t"
            " ON t.source = m.source AND t.remote_id = m.remote_id WHERE m.id = ?",
            (message_id,),
        )
        return bool(value)

    def wake_replied_snoozes(self, now: datetime) -> int:
        """End every "unless someone replies" snooze whose thread got a reply; returns how many."""
        with self.transaction():
            rows = self._all(
                "SELECT m.id FROM messages m JOIN triage t"
                " ON t.source = m.source AND t.remote_id = m.remote_id"
                " WHERE t.state = 'snoozed' AND t.wake_on_reply = 1"
                f" AND coalesce(t.snoozed_until, 0) > ? AND {_REPLIED}",
                (to_epoch(now),),
            )
            for row in rows:
                self.set_triage(row["id"], TriageState.NEW, at=now)
        return len(rows)

    def done_since(self, since: datetime) -> int:
        """How many messages were cleared (marked done) at or after `since`."""
        count: int = self._scalar(
            "SELECT count(*) FROM triage WHERE state = 'done' AND updated_at >= ?",
            (to_epoch(since),),
        )
        return count

    def message_ids(self, query: MessageQuery) -> list[int]:
        """Every message id of a view, in its order (for bulk verbs on a whole split)."""
        where, params = message_filter(query)
        sql = f"SELECT m.id FROM messages m{where}{message_order(query.split)}"
        return [row["id"] for row in self._all(sql, params)]

    def answered_by_me(self, message: Message) -> bool:
        """Whether I sent something later in this message's thread (or in reply to it)."""
        if message.id is None:
            return False
        return bool(
            self._scalar(f"SELECT {_ANSWERED} FROM messages m WHERE m.id = ?", (message.id,))
        )

    def unanswered_candidates(
        self,
        since: datetime,
        *,
        subject_hints: tuple[str, ...] = (),
        body_hints: tuple[str, ...] = (),
    ) -> list[Message]:
        """Open messages to me (direct or mentioning me) since `since` with no later reply from me.

        Oldest first; whether a message asks something is decided by the caller.
        With hints, only messages whose subject or body contains one of them
        (ASCII case-insensitive) are read: the caller's rule cannot hold without one.
        """
        params: dict[str, object] = {"since": to_epoch(since)}
        hints: list[str] = []
        for column, values in (("subject", subject_hints), ("body", body_hints)):
            for value in values:
                name = f"hint{len(params)}"
                params[name] = like_pattern(value)
                hints.append(f"m.{column} LIKE :{name} ESCAPE '\\'")
        hinted = f" AND ({' OR '.join(hints)})" if hints else ""
        rows = self._all(
            f"SELECT {SELECT_COLUMNS} FROM messages m"
            " WHERE (m.is_direct = 1 OR m.mentions_me = 1) AND m.from_me = 0"
            f" AND m.is_open = 1 AND m.received_at >= :since{hinted} AND NOT {_ANSWERED}"
            " ORDER BY m.received_at, m.id",
            params,
        )
        return [message_from_row(row) for row in rows]

    def my_message_ids(self, source: str) -> set[str]:
        """Remote ids and Message-IDs of what I sent in `source` (to spot replies to me)."""
        rows = self._all(
            "SELECT remote_id, message_id FROM messages WHERE source = ? AND from_me = 1",
            (source,),
        )
        return {value for row in rows for value in (row["remote_id"], row["message_id"]) if value}
