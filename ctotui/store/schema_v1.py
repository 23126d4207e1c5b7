"""Schema version 1: the user's tables and the cache tables, as SQL statements.

Cache tables hold what sources send and can be rebuilt from them at any time;
user tables hold what only the user has (triage verdicts, to-dos, notes,
estimates, queued actions) and no cache operation ever touches them.

Message rows copy their triage verdict (`triage_state`, `snoozed_until`) from
the `triage` user table so the inbox splits are plain index range scans; the
`triage` table stays the source of truth and survives a cache rebuild.

The full-text index is an FTS5 table over the `messages` columns, kept current
by triggers. Bulk writes go through one INSERT ... SELECT statement (see
`message_rows`), because FTS5 flushes its pending terms at every statement and
row-by-row inserts would be several times slower.
"""

from __future__ import annotations

USER: tuple[str, ...] = (
    """
    CREATE TABLE triage (
        source TEXT NOT NULL,
        remote_id TEXT NOT NULL,
        state TEXT NOT NULL,
        snoozed_until INTEGER,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (source, remote_id)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE todos (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        title TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        status TEXT NOT NULL,
        priority TEXT NOT NULL,
        notes TEXT NOT NULL,
        due INTEGER,
        scheduled TEXT,
        project TEXT NOT NULL,
        tags TEXT NOT NULL,
        owner TEXT NOT NULL,
        estimate_minutes INTEGER,
        done_at INTEGER,
        links TEXT NOT NULL
    )
    """,
    "CREATE INDEX todos_status ON todos (status)",
    """
    CREATE TABLE standup_notes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        project TEXT NOT NULL,
        day TEXT NOT NULL,
        person TEXT NOT NULL,
        done TEXT NOT NULL,
        next TEXT NOT NULL,
        blockers TEXT NOT NULL
    )
    """,
    "CREATE INDEX standup_notes_project_day ON standup_notes (project, day)",
    """
    CREATE TABLE estimates (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        client TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        description TEXT NOT NULL,
        contingency_pct REAL NOT NULL,
        start_date TEXT
    )
    """,
    """
    CREATE TABLE estimate_tasks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        estimate_id INTEGER NOT NULL REFERENCES estimates (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        optimistic REAL NOT NULL,
        likely REAL NOT NULL,
        pessimistic REAL NOT NULL,
        phase TEXT NOT NULL,
        parent_id INTEGER REFERENCES estimate_tasks (id) ON DELETE SET NULL
    )
    """,
    "CREATE INDEX estimate_tasks_estimate ON estimate_tasks (estimate_id, position)",
    "CREATE INDEX estimate_tasks_parent ON estimate_tasks (parent_id)",
    """
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        source TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        payload TEXT NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        last_error TEXT NOT NULL
    )
    """,
    "CREATE INDEX outbox_state ON outbox (state, source, created_at)",
)

CACHE: tuple[str, ...] = (
    """
    CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        remote_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        folder TEXT NOT NULL,
        sender_name TEXT NOT NULL,
        sender_address TEXT NOT NULL,
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        recipients TEXT NOT NULL,
        cc TEXT NOT NULL,
        thread_id TEXT NOT NULL,
        in_reply_to TEXT NOT NULL,
        is_read INTEGER NOT NULL,
        is_flagged INTEGER NOT NULL,
        is_direct INTEGER NOT NULL,
        mentions_me INTEGER NOT NULL,
        from_me INTEGER NOT NULL,
        is_list INTEGER NOT NULL DEFAULT 0,
        url TEXT NOT NULL,
        labels TEXT NOT NULL,
        importance INTEGER NOT NULL,
        triage_state TEXT NOT NULL DEFAULT 'new',
        snoozed_until INTEGER,
        is_open INTEGER GENERATED ALWAYS AS (triage_state <> 'done') VIRTUAL,
        UNIQUE (source, remote_id)
    )
    """,
    "CREATE INDEX messages_received ON messages (received_at)",
    # The open/done splits page and count from these alone (snooze and unread included).
    "CREATE INDEX messages_open_received"
    " ON messages (is_open, received_at, id, snoozed_until, is_read)",
    "CREATE INDEX messages_open_importance"
    " ON messages (is_open, importance, received_at, id, snoozed_until, is_read)",
    "CREATE INDEX messages_source_received ON messages (source, received_at)",
    "CREATE INDEX messages_thread ON messages (source, thread_id, received_at)",
    """
    CREATE VIRTUAL TABLE messages_fts USING fts5 (
        subject, sender_name, sender_address, body,
        content = 'messages', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
    )
    """,
    """
    CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts (rowid, subject, sender_name, sender_address, body)
        VALUES (new.id, new.subject, new.sender_name, new.sender_address, new.body);
    END
    """,
    """
    CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, subject, sender_name, sender_address, body)
        VALUES ('delete', old.id, old.subject, old.sender_name, old.sender_address, old.body);
    END
    """,
    """
    CREATE TRIGGER messages_fts_update
    AFTER UPDATE OF subject, sender_name, sender_address, body ON messages
    WHEN old.subject IS NOT new.subject OR old.sender_name IS NOT new.sender_name
        OR old.sender_address IS NOT new.sender_address OR old.body IS NOT new.body
    BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, subject, sender_name, sender_address, body)
        VALUES ('delete', old.id, old.subject, old.sender_name, old.sender_address, old.body);
        INSERT INTO messages_fts (rowid, subject, sender_name, sender_address, body)
        VALUES (new.id, new.subject, new.sender_name, new.sender_address, new.body);
    END
    """,
    """
    CREATE TABLE work_items (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        remote_id TEXT NOT NULL,
        key TEXT NOT NULL,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        status TEXT NOT NULL,
        category TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        container TEXT NOT NULL,
        body TEXT NOT NULL,
        author TEXT NOT NULL,
        assignees TEXT NOT NULL,
        reviewers TEXT NOT NULL,
        labels TEXT NOT NULL,
        priority TEXT NOT NULL,
        url TEXT NOT NULL,
        status_since INTEGER,
        blocked_reason TEXT NOT NULL,
        is_draft INTEGER NOT NULL,
        people TEXT NOT NULL,
        UNIQUE (source, remote_id)
    )
    """,
    "CREATE INDEX work_items_updated ON work_items (updated_at)",
    "CREATE INDEX work_items_category ON work_items (category, updated_at)",
    """
    CREATE TABLE work_events (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        event_id TEXT NOT NULL,
        item_remote_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        actor TEXT NOT NULL,
        at INTEGER NOT NULL,
        from_value TEXT NOT NULL,
        to_value TEXT NOT NULL,
        UNIQUE (source, event_id)
    )
    """,
    "CREATE INDEX work_events_item ON work_events (source, item_remote_id, at)",
    "CREATE INDEX work_events_at ON work_events (at)",
    """
    CREATE TABLE source_state (
        source TEXT PRIMARY KEY,
        adapter TEXT NOT NULL,
        cursor TEXT,
        last_attempt INTEGER,
        last_success INTEGER,
        last_error TEXT NOT NULL DEFAULT '',
        items_total INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID
    """,
)

CACHE_TABLES: tuple[str, ...] = (
    "messages_fts",
    "messages",
    "work_items",
    "work_events",
    "source_state",
)
