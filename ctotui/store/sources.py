"""What sync writes: fetched data, cursors and the outcome of each source's last run."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ctotui.model import Message, SourceStatus, WorkEvent, WorkItem
from ctotui.store.base import StoreBase
from ctotui.store.codec import from_epoch_opt, to_epoch
from ctotui.store.item_rows import EVENT_UPSERT_SQL, ITEM_UPSERT_SQL, event_params, item_params
from ctotui.store.message_rows import (
    MERGE_SQL,
    STAGE_CLEAR_SQL,
    STAGE_CREATE_SQL,
    STAGE_INSERT_SQL,
    message_params,
)

_ITEMS_TOTAL = (
    "(SELECT count(*) FROM messages WHERE source = :source)"
    " + (SELECT count(*) FROM work_items WHERE source = :source)"
)


class SourcesMixin(StoreBase):
    def get_cursor(self, source: str) -> str | None:
        cursor: str | None = self._scalar(
            "SELECT cursor FROM source_state WHERE source = ?", (source,)
        )
        return cursor

    def save_fetch(
        self,
        source: str,
        adapter: str,
        *,
        messages: Sequence[Message],
        items: Sequence[WorkItem],
        events: Sequence[WorkEvent],
        cursor: str | None,
        at: datetime,
    ) -> int:
        """Store one fetch atomically; returns how many rows were new or changed.

        Rows are keyed by their own `source` field; the cursor and status are
        recorded for `source`. Unchanged rows are not rewritten, so a re-fetch
        of the same data reports 0.
        """
        with self.transaction():
            changed = self._merge_messages(messages)
            changed += self._exec_many(ITEM_UPSERT_SQL, [item_params(i) for i in items])
            changed += self._exec_many(EVENT_UPSERT_SQL, [event_params(e) for e in events])
            self._exec(
                "INSERT INTO source_state (source, adapter, cursor, last_attempt, last_success,"
                f" last_error, items_total) VALUES (:source, :adapter, :cursor, :at, :at, '',"
                f" {_ITEMS_TOTAL}) ON CONFLICT (source) DO UPDATE SET adapter = excluded.adapter,"
                " cursor = excluded.cursor, last_attempt = excluded.last_attempt,"
                " last_success = excluded.last_success, last_error = '',"
                " items_total = excluded.items_total",
                {"source": source, "adapter": adapter, "cursor": cursor, "at": to_epoch(at)},
            )
        return changed

    def _merge_messages(self, messages: Sequence[Message]) -> int:
        """Upsert by (source, remote_id) in one statement; returns rows new or changed."""
        if not messages:
            return 0
        self._exec(STAGE_CREATE_SQL)
        self._exec(STAGE_CLEAR_SQL)
        self._exec_many(STAGE_INSERT_SQL, [message_params(m) for m in messages])
        changed: int = self._exec(MERGE_SQL).rowcount
        self._exec(STAGE_CLEAR_SQL)
        return changed

    def record_sync_error(self, source: str, adapter: str, error: str, at: datetime) -> None:
        """Remember a failed run; the cursor and last success stay as they were."""
        with self.transaction():
            self._exec(
                "INSERT INTO source_state (source, adapter, last_attempt, last_error, items_total)"
                f" VALUES (:source, :adapter, :at, :error, {_ITEMS_TOTAL})"
                " ON CONFLICT (source) DO UPDATE SET adapter = excluded.adapter,"
                " last_attempt = excluded.last_attempt, last_error = excluded.last_error",
                {"source": source, "adapter": adapter, "at": to_epoch(at), "error": error},
            )

    def source_statuses(self) -> list[SourceStatus]:
        rows = self._all(
            "SELECT source, adapter, last_attempt, last_success, last_error, items_total"
            " FROM source_state ORDER BY source"
        )
        return [
            SourceStatus(
                source=row["source"],
                adapter=row["adapter"],
                last_attempt=from_epoch_opt(row["last_attempt"]),
                last_success=from_epoch_opt(row["last_success"]),
                last_error=row["last_error"],
                items_total=row["items_total"],
            )
            for row in rows
        ]

    def forget_source(self, source: str) -> None:
        """Drop a removed source's cached rows and sync state; the user's data stays."""
        with self.transaction():
            for table in ("messages", "work_items", "work_events", "source_state"):
                self._exec(f"DELETE FROM {table} WHERE source = ?", (source,))
