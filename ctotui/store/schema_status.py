"""Schema step: who is involved in each work item, as an indexed table kept by triggers.

"Waiting on me" starts from the open items involving me. Matching the JSON
`people` column of every item costs a scan of all 20,000 items; this table
holds one row per (identity, item), so the lookup is an index probe. Triggers
keep it in step with `work_items` on every insert, change and delete, whoever
writes; the unread-important count gets a small covering index for the same
reason (the tmux status line asks both every few seconds).
"""

from __future__ import annotations

CACHE: tuple[str, ...] = (
    "CREATE TABLE work_item_people ("
    " identity TEXT NOT NULL, item_id INTEGER NOT NULL, PRIMARY KEY (identity, item_id)"
    ") WITHOUT ROWID",
    "CREATE INDEX work_item_people_item ON work_item_people (item_id)",
    "CREATE TRIGGER work_item_people_insert AFTER INSERT ON work_items BEGIN"
    " INSERT OR IGNORE INTO work_item_people (identity, item_id)"
    " SELECT value, NEW.id FROM json_each(NEW.people);"
    " END",
    "CREATE TRIGGER work_item_people_update AFTER UPDATE OF people ON work_items BEGIN"
    " DELETE FROM work_item_people WHERE item_id = OLD.id;"
    " INSERT OR IGNORE INTO work_item_people (identity, item_id)"
    " SELECT value, NEW.id FROM json_each(NEW.people);"
    " END",
    "CREATE TRIGGER work_item_people_delete AFTER DELETE ON work_items BEGIN"
    " DELETE FROM work_item_people WHERE item_id = OLD.id;"
    " END",
    "INSERT OR IGNORE INTO work_item_people (identity, item_id)"
    " SELECT j.value, w.id FROM work_items w, json_each(w.people) j",
    "CREATE INDEX messages_unread_important ON messages (importance, snoozed_until)"
    " WHERE is_open = 1 AND is_read = 0",
)
CACHE_TABLES: tuple[str, ...] = ("work_item_people",)
