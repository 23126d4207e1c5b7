"""Recomputing the stored rank of open messages when the triage rules change.

Importance is scored at sync time and stored, so the splits can be indexed
queries; when the user changes VIPs, domains or keywords the open messages
are scored again in id-ordered batches (keyset paging, so updates never
shift the window).
"""

from __future__ import annotations

from collections.abc import Sequence

from ctotui.model import Message
from ctotui.store.base import StoreBase
from ctotui.store.message_rows import SELECT_COLUMNS, message_from_row


class ImportanceMixin(StoreBase):
    def open_messages_after(self, after_id: int, limit: int) -> list[Message]:
        """Up to `limit` open messages with an id above `after_id`, in id order."""
        rows = self._all(
            f"SELECT {SELECT_COLUMNS} FROM messages m"
            " WHERE m.is_open = 1 AND m.id > ? ORDER BY m.id LIMIT ?",
            (after_id, max(limit, 0)),
        )
        return [message_from_row(row) for row in rows]

    def set_importances(self, ranks: Sequence[tuple[int, int]]) -> int:
        """Store (message id, importance) pairs in one transaction; returns rows changed."""
        with self.transaction():
            return self._exec_many(
                "UPDATE messages SET importance = ? WHERE id = ? AND importance <> ?",
                [(importance, message_id, importance) for message_id, importance in ranks],
            )

    def ranked_with(self) -> str | None:
        """The fingerprint of the triage rules that ranked the stored messages, if recorded."""
        value: str | None = self._scalar("SELECT fingerprint FROM rank_rules WHERE id = 1")
        return value

    def set_ranked_with(self, fingerprint: str) -> None:
        with self.transaction():
            self._exec(
                "INSERT INTO rank_rules (id, fingerprint) VALUES (1, ?)"
                " ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint",
                (fingerprint,),
            )
