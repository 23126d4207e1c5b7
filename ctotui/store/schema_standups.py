"""Standup sessions, blocker follow-through and follow-up links (user tables).

A session is one project's standup on one day with a snapshot of its board, so
the next standup can show what changed. Blockers the user raised and resolved,
and the to-dos created during a standup, are the user's own data: a cache
rebuild never touches them.
"""

from __future__ import annotations

USER: tuple[str, ...] = (
    """
    CREATE TABLE standup_sessions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        project TEXT NOT NULL,
        day TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        saved_at INTEGER NOT NULL,
        snapshot TEXT NOT NULL,
        UNIQUE (project, day)
    )
    """,
    """
    CREATE TABLE standup_blockers (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        project TEXT NOT NULL,
        item_ref TEXT NOT NULL,
        item_key TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('raised', 'resolved')),
        raised_on TEXT NOT NULL,
        raised_at INTEGER NOT NULL,
        resolved_at INTEGER,
        UNIQUE (project, item_ref)
    )
    """,
    """
    CREATE TABLE standup_followups (
        todo_id INTEGER PRIMARY KEY REFERENCES todos (id) ON DELETE CASCADE,
        project TEXT NOT NULL,
        day TEXT NOT NULL,
        person TEXT NOT NULL,
        item_ref TEXT NOT NULL
    )
    """,
    "CREATE INDEX standup_followups_project_day ON standup_followups (project, day)",
)
