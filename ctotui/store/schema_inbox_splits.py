"""Schema step: an indexed `is_bulk` column, so the Other and Feed splits page and count fast.

The expression is `ctotui.bulk.bulk_sql` frozen at this version (a generated
column cannot change later without a migration); it is the same rule the
Python check `is_bulk` applies, so split and explanation agree.
"""

from __future__ import annotations

from ctotui.bulk import bulk_sql

CACHE: tuple[str, ...] = (
    f"ALTER TABLE messages ADD COLUMN is_bulk INTEGER GENERATED ALWAYS AS ({bulk_sql('')}) VIRTUAL",
    "CREATE INDEX messages_open_bulk"
    " ON messages (is_open, is_bulk, received_at, id, importance, snoozed_until, is_read)",
)
