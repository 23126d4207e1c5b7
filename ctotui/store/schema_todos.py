"""To-dos gain recurrence and a delegation time; the daily review remembers its step.

User tables only: both survive every cache rebuild.
"""

from __future__ import annotations

USER: tuple[str, ...] = (
    "ALTER TABLE todos ADD COLUMN recurrence TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE todos ADD COLUMN waiting_since INTEGER",
    """
    CREATE TABLE review_progress (
        day TEXT NOT NULL,
        kind TEXT NOT NULL,
        step INTEGER NOT NULL,
        PRIMARY KEY (day, kind)
    ) WITHOUT ROWID
    """,
)
