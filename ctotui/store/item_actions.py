"""Store reads and writes behind the item-actions menu: suggestions, optimistic updates."""

from __future__ import annotations

from ctotui.model import WorkItem
from ctotui.store.base import StoreBase
from ctotui.store.item_rows import ITEM_UPSERT_SQL, item_params

SUGGESTION_LIMIT = 200


class ItemActionsMixin(StoreBase):
    def save_item_locally(self, item: WorkItem) -> bool:
        """Show a user's change to a cached item at once; the next sync writes the truth.

        Only an item still in the store is changed (a cache rebuild may have
        dropped it); returns whether it was.
        """
        with self.transaction():
            exists = self._one(
                "SELECT 1 FROM work_items WHERE source = ? AND remote_id = ?",
                (item.source, item.remote_id),
            )
            if exists is None:
                return False
            self._exec(ITEM_UPSERT_SQL, item_params(item))
        return True

    def labels_in(self, source: str, container: str, limit: int = SUGGESTION_LIMIT) -> list[str]:
        """Labels on the items of one project (container) of a source, most used first."""
        rows = self._all(
            "SELECT j.value AS label, count(*) AS uses"
            " FROM work_items w, json_each(w.labels) j"
            " WHERE w.source = ? AND w.container = ? AND j.value <> ''"
            " GROUP BY j.value ORDER BY uses DESC, j.value LIMIT ?",
            (source, container, max(limit, 0)),
        )
        return [str(row["label"]) for row in rows]

    def logins_in(self, source: str, limit: int = SUGGESTION_LIMIT) -> list[str]:
        """Everyone seen on a source's items (authors, assignees, reviewers), most seen first."""
        rows = self._all(
            "SELECT login, count(*) AS seen FROM ("
            "  SELECT author AS login FROM work_items WHERE source = :source"
            "  UNION ALL SELECT j.value FROM work_items w, json_each(w.assignees) j"
            "   WHERE w.source = :source"
            "  UNION ALL SELECT j.value FROM work_items w, json_each(w.reviewers) j"
            "   WHERE w.source = :source"
            ") WHERE login <> '' GROUP BY login ORDER BY seen DESC, login LIMIT :limit",
            {"source": source, "limit": max(limit, 0)},
        )
        return [str(row["login"]) for row in rows]
