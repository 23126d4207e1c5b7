"""Schema step for inbox triage: a snooze may end early when someone replies.

The flag lives in the `triage` user table, beside the verdict it qualifies, so
it survives cache rebuilds like the verdict does. "Done today" needs no column:
`triage.updated_at` of a DONE verdict is when it was done.
"""

from __future__ import annotations

USER: tuple[str, ...] = (
    "ALTER TABLE triage ADD COLUMN wake_on_reply INTEGER NOT NULL DEFAULT 0",
    "CREATE INDEX triage_state_updated ON triage (state, updated_at)",
)
