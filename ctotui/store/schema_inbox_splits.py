"""Schema step: indexes so the Other/Feed splits and "unanswered" stay fast at 100k messages.

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
    # "Did I answer it?": my own messages by thread and by what they reply to.
    "CREATE INDEX messages_mine_thread ON messages (source, thread_id, received_at)"
    " WHERE from_me = 1",
    "CREATE INDEX messages_mine_reply ON messages (source, in_reply_to) WHERE from_me = 1",
)
