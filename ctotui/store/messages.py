"""Reading the inbox and recording the user's verdict on messages."""

from __future__ import annotations

from datetime import datetime

from ctotui.errors import StoreError
from ctotui.model import Message, TriageState
from ctotui.store.codec import to_epoch, to_epoch_opt
from ctotui.store.fts import match_expression
from ctotui.store.inbox import (
    PILE_SPLITS,
    InboxSplit,
    MessageQuery,
    filter_parts,
    message_filter,
    message_order,
)
from ctotui.store.message_rows import SELECT_COLUMNS, message_from_row
from ctotui.store.message_search import MessageSearchMixin

# Subject and sender weigh more than body words when ranking search results.
_RANK = "bm25(messages_fts, 10.0, 4.0, 4.0, 1.0)"
RANKED_WINDOW = 2000


class MessagesMixin(MessageSearchMixin):
    def count_messages(self, query: MessageQuery) -> int:
        clauses, params, match = filter_parts(query)
        if match is not None:
            return self.count_matching(clauses, params, match)
        where, params = message_filter(query)
        count: int = self._scalar(f"SELECT count(*) FROM messages m{where}", params)
        return count

    def page_messages(
        self, query: MessageQuery, offset: int, limit: int, *, total: int | None = None
    ) -> list[Message]:
        """One page of a view; with `query.now`, expired snoozes read as NEW.

        `total`, the view's count when the caller has it, lets a page in the
        second half be read from the far end of the index (the end of a 100k
        list is then as quick to reach as its start).
        """
        offset, limit = max(offset, 0), max(limit, 0)
        clauses, params, match = filter_parts(query)
        if match is not None:
            if not limit:
                return []
            ids = self.matching_page_ids(query.split, clauses, params, match, offset, limit)
            marks = ", ".join("?" * len(ids))
            rows = self._all(
                f"SELECT {SELECT_COLUMNS} FROM messages m WHERE m.id IN ({marks})"
                f"{message_order(query.split)}",
                ids,
            )
            return [message_from_row(row, query.now) for row in rows]
        where, params = message_filter(query)
        order = message_order(query.split)
        backwards = total is not None and offset > total // 2 and offset < total
        if backwards and total is not None:
            end = min(offset + limit, total)
            offset, limit = total - end, end - offset
            order = order.replace(" DESC", " ASC")
        sql = f"SELECT {SELECT_COLUMNS} FROM messages m{where}{order} LIMIT :limit OFFSET :offset"
        params.update(limit=limit, offset=offset)
        rows = self._all(sql, params)
        if backwards:
            rows.reverse()
        return [message_from_row(row, query.now) for row in rows]

    def get_message(self, message_id: int) -> Message | None:
        row = self._one(f"SELECT {SELECT_COLUMNS} FROM messages m WHERE m.id = ?", (message_id,))
        return None if row is None else message_from_row(row)

    def thread_messages(self, message: Message) -> list[Message]:
        """The conversation around `message`, oldest first (just itself if it has no thread)."""
        if not message.thread_id:
            stored = self.get_message(message.id) if message.id is not None else None
            return [stored or message]
        rows = self._all(
            f"SELECT {SELECT_COLUMNS} FROM messages m"
            " WHERE m.source = ? AND m.thread_id = ? ORDER BY m.received_at, m.id",
            (message.source, message.thread_id),
        )
        return [message_from_row(row) for row in rows]

    def search_messages(self, text: str, limit: int = 100) -> list[Message]:
        """Full-text search over subject, sender and body, best match first.

        When a query matches more than RANKED_WINDOW messages, only the most
        recently stored RANKED_WINDOW of them are ranked: words that common say
        little about relevance, and ranking every match among 100k messages
        would take far longer than a keystroke.
        """
        match = match_expression(text)
        if match is None or limit <= 0:
            return []
        # One pass over the index: the newest RANKED_WINDOW matches, then the best of them.
        rows = self._all(
            f"SELECT {SELECT_COLUMNS}, s.score FROM ("
            f" SELECT rowid, score FROM ("
            f"  SELECT rowid, {_RANK} AS score FROM messages_fts"
            "   WHERE messages_fts MATCH :match ORDER BY rowid DESC LIMIT :window"
            " ) ORDER BY score, rowid DESC LIMIT :limit"
            ") s JOIN messages m ON m.id = s.rowid ORDER BY s.score, m.id DESC",
            {"match": match, "window": RANKED_WINDOW, "limit": limit},
        )
        return [message_from_row(row) for row in rows]

    def set_triage(
        self,
        message_id: int,
        state: TriageState,
        *,
        at: datetime,
        snoozed_until: datetime | None = None,
    ) -> None:
        """Record the user's verdict; it outlives re-fetches and cache rebuilds.

        Only `snoozed_until` in the future hides a message from the open
        splits, so SNOOZED without a time hides nothing, and NEW with no time
        ends a snooze.
        """
        until = to_epoch_opt(snoozed_until)
        with self.transaction():
            row = self._one("SELECT source, remote_id FROM messages WHERE id = ?", (message_id,))
            if row is None:
                raise StoreError(f"Message {message_id} is no longer in the data store.")
            self._exec(
                "INSERT INTO triage (source, remote_id, state, snoozed_until, updated_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (source, remote_id) DO UPDATE SET"
                " state = excluded.state, snoozed_until = excluded.snoozed_until,"
                " updated_at = excluded.updated_at",
                (row["source"], row["remote_id"], state.value, until, to_epoch(at)),
            )
            self._exec(
                "UPDATE messages SET triage_state = ?, snoozed_until = ? WHERE id = ?",
                (state.value, until, message_id),
            )

    def set_message_flags(
        self, message_id: int, *, is_read: bool | None = None, is_flagged: bool | None = None
    ) -> None:
        """Change read/flagged locally at once (the outbox carries it to the source)."""
        with self.transaction():
            changed = self._exec(
                "UPDATE messages SET is_read = coalesce(?, is_read),"
                " is_flagged = coalesce(?, is_flagged) WHERE id = ?",
                (
                    None if is_read is None else int(is_read),
                    None if is_flagged is None else int(is_flagged),
                    message_id,
                ),
            ).rowcount
            if changed == 0:
                raise StoreError(f"Message {message_id} is no longer in the data store.")

    def inbox_counts(
        self, now: datetime, splits: tuple[InboxSplit, ...] = PILE_SPLITS
    ) -> dict[InboxSplit, int]:
        return {split: self.count_messages(MessageQuery(split=split, now=now)) for split in splits}
