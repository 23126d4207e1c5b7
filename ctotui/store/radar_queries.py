"""Store reads and writes behind the radar: my unanswered questions, closing an item locally."""

from __future__ import annotations

from datetime import datetime

from ctotui.model import Message, StatusCategory
from ctotui.store.base import StoreBase
from ctotui.store.codec import to_epoch
from ctotui.store.message_rows import SELECT_COLUMNS, message_from_row


class RadarMixin(StoreBase):
    def unanswered_questions_from_me(self, since: datetime, limit: int = 200) -> list[Message]:
        """Messages I sent since `since` asking a question ("?") that nobody answered after.

        An answer is a later message in the same thread from someone else; a
        message without a thread cannot be answered in the store, so it counts
        as unanswered. Oldest first.
        """
        rows = self._all(
            f"SELECT {SELECT_COLUMNS} FROM messages m"
            " WHERE m.from_me = 1 AND m.received_at >= :since"
            " AND (instr(m.body, '?') > 0 OR instr(m.subject, '?') > 0)"
            " AND NOT EXISTS (SELECT 1 FROM messages r"
            "   WHERE r.source = m.source AND m.thread_id <> '' AND r.thread_id = m.thread_id"
            "   AND r.received_at >= m.received_at AND r.id <> m.id AND r.from_me = 0)"
            " ORDER BY m.received_at, m.id LIMIT :limit",
            {"since": to_epoch(since), "limit": max(limit, 0)},
        )
        return [message_from_row(row) for row in rows]

    def close_item_locally(self, source: str, remote_id: str, at: datetime) -> None:
        """Show an item closed at once; the outbox closes it remotely and the next sync confirms.

        An item that is no longer in the store (a cache rebuild) is left alone.
        """
        with self.transaction():
            self._exec(
                "UPDATE work_items SET status = 'closed', category = ?, status_since = ?,"
                " blocked_reason = '' WHERE source = ? AND remote_id = ?",
                (StatusCategory.DONE.value, to_epoch(at), source, remote_id),
            )
