"""Reading an inbox view's page next to one already read: keyset paging.

`page_messages` reaches page N by OFFSET, which walks the index past every row
before it: ~8 ms at row 50,000. A list that moves page by page already holds
the neighbouring page, so the next one is read from the sort key of its last
row (`WHERE (key) < (last) ORDER BY key DESC LIMIT n`), a seek on the same
index whatever the depth. The sort keys end with the message id, so rows with
equal dates or ranks are never skipped or repeated at a page boundary.
"""

from __future__ import annotations

from ctotui.model import Message
from ctotui.store.base import StoreBase
from ctotui.store.codec import to_epoch
from ctotui.store.inbox import InboxSplit, MessageQuery, filter_parts, message_order, where_sql
from ctotui.store.message_rows import SELECT_COLUMNS, message_from_row


def sort_key(split: InboxSplit, message: Message) -> tuple[str, dict[str, int]] | None:
    """The row-value columns of the view's order and `message`'s values for them."""
    if message.id is None:
        return None
    values = {"key_received": to_epoch(message.received_at), "key_id": message.id}
    if split is InboxSplit.IMPORTANT:
        columns = "(m.importance, m.received_at, m.id)"
        marks = "(:key_importance, :key_received, :key_id)"
        values["key_importance"] = message.importance
    else:
        columns, marks = "(m.received_at, m.id)", "(:key_received, :key_id)"
    return f"{columns} {{}} {marks}", values


class InboxPagingMixin(StoreBase):
    def page_messages_beside(
        self, query: MessageQuery, anchor: Message, limit: int, *, before: bool = False
    ) -> list[Message] | None:
        """Up to `limit` rows right after `anchor` in the view's order (or right before it).

        Rows come in the view's order either way. None when the view cannot be
        paged by key (a full-text search, or an anchor never stored): the caller
        reads by offset instead.
        """
        clauses, params, match = filter_parts(query)
        key = sort_key(query.split, anchor)
        if match is not None or key is None:
            return None
        if limit <= 0:
            return []
        comparison, values = key
        # The order is descending: "after" is a smaller key, "before" a larger one.
        clauses.append(comparison.format(">" if before else "<"))
        params.update(values, limit=limit)
        order = message_order(query.split)
        if before:
            order = order.replace(" DESC", " ASC")
        rows = self._all(
            f"SELECT {SELECT_COLUMNS} FROM messages m{where_sql(clauses)}{order} LIMIT :limit",
            params,
        )
        if before:
            rows.reverse()
        return [message_from_row(row, query.now) for row in rows]
