"""Reading work items (issues, pull and merge requests) and what happened to them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from ctotui.model import StatusCategory, WorkEvent, WorkItem
from ctotui.store.base import StoreBase
from ctotui.store.codec import to_epoch
from ctotui.store.item_query import ItemQuery, item_filter
from ctotui.store.item_rows import EVENT_SELECT, ITEM_SELECT, event_from_row, item_from_row


class ItemsMixin(StoreBase):
    def count_items(self, query: ItemQuery) -> int:
        where, params = item_filter(query)
        count: int = self._scalar(f"SELECT count(*) FROM work_items w{where}", params)
        return count

    def page_items(self, query: ItemQuery, offset: int, limit: int) -> list[WorkItem]:
        """One page of a tracker view, most recently updated first."""
        where, params = item_filter(query)
        params.update(limit=max(limit, 0), offset=max(offset, 0))
        rows = self._all(
            f"SELECT {ITEM_SELECT} FROM work_items w{where}"
            " ORDER BY w.updated_at DESC, w.id DESC LIMIT :limit OFFSET :offset",
            params,
        )
        return [item_from_row(row) for row in rows]

    def get_item(self, item_id: int) -> WorkItem | None:
        row = self._one(f"SELECT {ITEM_SELECT} FROM work_items w WHERE w.id = ?", (item_id,))
        return None if row is None else item_from_row(row)

    def item_events(self, item: WorkItem) -> list[WorkEvent]:
        """The item's history, oldest first."""
        rows = self._all(
            f"SELECT {EVENT_SELECT} FROM work_events e"
            " WHERE e.source = ? AND e.item_remote_id = ? ORDER BY e.at, e.id",
            (item.source, item.remote_id),
        )
        return [event_from_row(row) for row in rows]

    def events_since(
        self, since: datetime, sources: Sequence[str] | None = None
    ) -> list[WorkEvent]:
        """Events at or after `since` (optionally of some sources), oldest first."""
        sql = f"SELECT {EVENT_SELECT} FROM work_events e WHERE e.at >= ?"
        params: list[object] = [to_epoch(since)]
        if sources is not None:
            sql += " AND e.source IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(list(sources)))
        rows = self._all(sql + " ORDER BY e.at, e.id", params)
        return [event_from_row(row) for row in rows]

    def items_by_remote_ids(self, source: str, remote_ids: Sequence[str]) -> list[WorkItem]:
        """The stored items among `remote_ids`, in the order asked (unknown ids are skipped)."""
        rows = self._all(
            f"SELECT {ITEM_SELECT} FROM json_each(?) j"
            " JOIN work_items w ON w.source = ? AND w.remote_id = j.value ORDER BY j.key",
            (json.dumps(list(dict.fromkeys(remote_ids))), source),
        )
        return [item_from_row(row) for row in rows]

    def category_counts(self, sources: Sequence[str] | None = None) -> dict[StatusCategory, int]:
        """How many items are in each category; every category is present, zero or not."""
        sql = "SELECT category, count(*) FROM work_items"
        params: list[object] = []
        if sources is not None:
            sql += " WHERE source IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(list(sources)))
        counts = dict.fromkeys(StatusCategory, 0)
        for category, count in self._all(sql + " GROUP BY category", params):
            counts[StatusCategory(category)] = count
        return counts
