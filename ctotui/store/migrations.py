"""Versioned schema migrations, tracked in `PRAGMA user_version`.

`MIGRATIONS[n - 1]` takes the database from version n - 1 to version n; a new
schema version is one more `Migration` appended to the tuple. Each migration
runs in its own transaction. Its steps are split in two: `user` steps change
the user's tables, `cache` steps change the cache tables. A cache rebuild drops
the cache tables and replays the `cache` steps of every migration, so the
rebuilt cache always has the current shape without a separate copy of its DDL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from ctotui.store import (
    schema_estimates,
    schema_inbox,
    schema_inbox_splits,
    schema_message_headers,
    schema_rank_rules,
    schema_search,
    schema_standups,
    schema_status,
    schema_todos,
    schema_trackers,
    schema_v1,
)

Step = str | Callable[[sqlite3.Connection], None]


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema version: SQL statements or functions, run in order."""

    description: str
    user: tuple[Step, ...] = ()
    cache: tuple[Step, ...] = ()
    cache_tables: tuple[str, ...] = ()


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        description="messages, work items, events, sync state, full-text index; "
        "triage, to-dos, standup notes, estimates, outbox",
        user=schema_v1.USER,
        cache=schema_v1.CACHE,
        cache_tables=schema_v1.CACHE_TABLES,
    ),
    Migration(
        description="messages: Message-ID, References, attachments, partial bodies",
        cache=schema_message_headers.CACHE,
    ),
    Migration(
        description="to-dos: recurrence, waiting since; daily review progress",
        user=schema_todos.USER,
    ),
    Migration(
        description="estimates: assumptions, risks, fixed costs, task units and links",
        user=schema_estimates.USER,
    ),
    Migration(
        description="standups: sessions with board snapshots, raised blockers, follow-ups",
        user=schema_standups.USER,
    ),
    Migration(
        description="work items: milestone, CI checks, linked items, estimate, sprint",
        cache=schema_trackers.CACHE,
    ),
    Migration(
        description="inbox: snoozes that end when someone replies",
        user=schema_inbox.USER,
    ),
    Migration(
        description="messages: indexed bulk flag for the Other and Feed splits",
        cache=schema_inbox_splits.CACHE,
    ),
    Migration(
        description="messages: the triage rules that ranked them, to re-rank after a change",
        cache=schema_rank_rules.CACHE,
        cache_tables=schema_rank_rules.CACHE_TABLES,
    ),
    Migration(
        description="work items: indexed people per item; index of unread important mail",
        cache=schema_status.CACHE,
        cache_tables=schema_status.CACHE_TABLES,
    ),
    Migration(
        description="messages: covering index for the inbox search operators",
        cache=schema_search.CACHE,
    ),
)


def _chosen(migrations: tuple[Migration, ...] | None) -> tuple[Migration, ...]:
    """The given list, or the module's list as it is now (tests may replace it)."""
    return MIGRATIONS if migrations is None else migrations


def latest_version(migrations: tuple[Migration, ...] | None = None) -> int:
    return len(_chosen(migrations))


def user_version(conn: sqlite3.Connection) -> int:
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return version


def _run(conn: sqlite3.Connection, steps: tuple[Step, ...]) -> None:
    for step in steps:
        if isinstance(step, str):
            conn.execute(step)
        else:
            step(conn)


def migrate(conn: sqlite3.Connection, migrations: tuple[Migration, ...] | None = None) -> int:
    """Apply every migration above the database's version; returns the new version.

    The version is read again inside each write transaction, so two processes
    opening the same file at once never apply one migration twice.
    """
    for version, migration in enumerate(_chosen(migrations), start=1):
        if user_version(conn) >= version:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if user_version(conn) < version:
                _run(conn, migration.user)
                _run(conn, migration.cache)
                conn.execute(f"PRAGMA user_version = {version:d}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return user_version(conn)


def recreate_cache(
    conn: sqlite3.Connection, migrations: tuple[Migration, ...] | None = None
) -> None:
    """Drop every cache table and build them again, empty (call inside a transaction)."""
    applied = _chosen(migrations)[: user_version(conn)]
    for migration in reversed(applied):
        for table in migration.cache_tables:
            conn.execute(f'DROP TABLE IF EXISTS "{table}"')
    for migration in applied:
        _run(conn, migration.cache)
