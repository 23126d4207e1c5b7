"""The status line's four figures from a bare read-only SQLite connection.

`ctotui status` runs every few seconds; importing the model, the store and the
config costs more than its 150 ms budget, so it counts here with SQL over the
columns it needs and the radar's own rules (`radar_rules`). The figures are the
unread part of the Inbox's Important split, and Home's "waiting on me" (the radar),
blocked items and to-dos due (the To-dos Today view). Tests compare them with the
app's, and the SQL fragments copied from the store with the store's own.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

from ctotui import radar_rules as rules

IMPORTANT_THRESHOLD = 50
"""The store's `IMPORTANT_THRESHOLD` (a test keeps them equal)."""
IMPORTANT_UNREAD = (
    "SELECT count(*) FROM messages m INDEXED BY messages_unread_important"
    f" WHERE m.is_open = 1 AND m.importance >= {IMPORTANT_THRESHOLD:d}"
    " AND (m.snoozed_until IS NULL OR m.snoozed_until <= :now) AND m.is_read = 0"
)
BLOCKED = "SELECT count(*) FROM work_items WHERE category = 'blocked'"
DUE_TODAY = (
    "SELECT count(*) FROM todos WHERE status IN ('open', 'waiting')"
    " AND (due < :end_of_day OR scheduled <= :today)"
)
ANSWERED = (
    "(EXISTS (SELECT 1 FROM messages r WHERE r.from_me = 1 AND r.source = m.source"
    " AND m.thread_id <> '' AND r.thread_id = m.thread_id"
    " AND r.received_at >= m.received_at AND r.id <> m.id)"
    " OR EXISTS (SELECT 1 FROM messages r INDEXED BY messages_mine_reply"
    " WHERE r.from_me = 1 AND r.source = m.source"
    " AND r.in_reply_to <> '' AND r.in_reply_to IN (m.remote_id, m.message_id)"
    " AND r.received_at >= m.received_at AND r.id <> m.id))"
)
"""The store's test for "I replied later in the thread" (a test keeps them equal)."""
ITEM_LIMIT = 500
"""Open items involving me read, as the radar reads them."""
MY_OPEN_ITEMS = (
    "SELECT w.source, w.remote_id, w.author, w.assignees, w.reviewers, w.kind, w.category"
    " FROM work_items w WHERE w.id IN (SELECT p.item_id FROM work_item_people p"
    " WHERE p.identity IN (SELECT value FROM json_each(:involving)))"
    " AND +w.category IN (SELECT value FROM json_each(:categories))"
    " ORDER BY w.updated_at DESC, w.id DESC LIMIT :limit"
)
"""The radar's open items involving me (`page_items` with `involving`), through the index."""
MENTION_LIMIT = 200
TRACKER_LOOKBACK = timedelta(days=30)
BUSY_TIMEOUT_MS = 5000
"""The store's busy timeout: wait out a writer's commit rather than fail."""
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


# NamedTuples in the call form: with postponed annotations the class form compiles
# each field's annotation at import, a few milliseconds this command cannot spare.
Event = NamedTuple(  # noqa: UP014
    "Event",
    [
        ("kind", str),
        ("actor", str),
        ("to_value", str),
        ("at", int),
    ],
)
"""The columns of an item event the radar's rules read."""
Identities = NamedTuple(  # noqa: UP014
    "Identities",
    [
        ("me", tuple[str, ...]),
        ("people", tuple[str, ...]),
    ],
)
"""What the figures need of the config: my addresses and logins, and every configured
person's, as written."""


def connect(path: Path) -> sqlite3.Connection:
    """The store opened read-only (`mode=ro`: no migration, no write lock, no journal change)."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
    return conn


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def compute(conn: sqlite3.Connection, who: Identities, now: datetime) -> tuple[int, ...]:
    """Important unread, waiting on me, blocked, due today: in one read transaction, so
    they describe one moment of the store."""
    conn.execute("BEGIN")
    try:
        return (
            important_unread(conn, now),
            waiting_on_me(conn, who, now),
            blocked(conn),
            due_today(conn, now),
        )
    finally:
        conn.execute("COMMIT")


def epoch(value: datetime) -> int:
    """Microseconds since the epoch, as the store keeps times (naive means UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return (value - _EPOCH) // timedelta(microseconds=1)


def important_unread(conn: sqlite3.Connection, now: datetime) -> int:
    return _count(conn, IMPORTANT_UNREAD, {"now": epoch(now)})


def blocked(conn: sqlite3.Connection) -> int:
    return _count(conn, BLOCKED, {})


def due_today(conn: sqlite3.Connection, now: datetime) -> int:
    """Open or waiting to-dos due before tonight's midnight or planned for today or earlier."""
    end_of_day = datetime.combine(now.date() + timedelta(days=1), time.min, tzinfo=now.tzinfo)
    params = {"end_of_day": epoch(end_of_day), "today": now.date().isoformat()}
    return _count(conn, DUE_TODAY, params)


def waiting_on_me(conn: sqlite3.Connection, who: Identities, now: datetime) -> int:
    """How many entries the radar's "waiting on me" lists, read from bare columns."""
    me = rules.identities(who.me)
    listed_items: set[tuple[str, str]] = set()
    if me:
        listed_items = _items_waiting(conn, me)
    mentions = _unanswered_mentions(conn, who, now)
    total = len(listed_items) + len(mentions)
    if me:
        total += _tracker_mentions(conn, me, now, listed_items, mentions)
    return total


def _count(conn: sqlite3.Connection, sql: str, params: dict[str, object]) -> int:
    value = conn.execute(sql, params).fetchone()[0]
    return int(value or 0)


def _events(conn: sqlite3.Connection, source: str, remote_id: str) -> list[Event]:
    rows = conn.execute(
        "SELECT e.kind, e.actor, e.to_value, e.at FROM work_events e"
        " WHERE e.source = ? AND e.item_remote_id = ? ORDER BY e.at, e.id",
        (source, remote_id),
    ).fetchall()
    return [Event(*row) for row in rows]


def _items_waiting(conn: sqlite3.Connection, me: frozenset[str]) -> set[tuple[str, str]]:
    """(source, remote id) of my open items whose next move is mine."""
    rows = conn.execute(
        MY_OPEN_ITEMS,
        {
            "categories": json.dumps(sorted(rules.OPEN_CATEGORIES)),
            "involving": json.dumps(sorted(me)),
            "limit": ITEM_LIMIT,
        },
    ).fetchall()
    waiting: set[tuple[str, str]] = set()
    for source, remote_id, author, assignees_json, reviewers_json, kind, category in rows:
        assignees: Sequence[str] = json.loads(assignees_json)
        if rules.skips_events(author, assignees, me):
            continue
        wait = rules.item_wait(
            author=author,
            assignees=assignees,
            reviewers=json.loads(reviewers_json),
            kind=kind,
            category=category,
            events=_events(conn, source, remote_id),
            me=me,
        )
        if wait is not None:
            waiting.add((source, remote_id))
    return waiting


def _unanswered_mentions(conn: sqlite3.Connection, who: Identities, now: datetime) -> set[int]:
    """Ids of questions to me, unanswered, from people who matter (the radar's mention rule).

    Two reads: the cheap columns of every candidate first, then subject and
    body only of those the sender and rank rules keep.
    """
    params: dict[str, object] = {
        "since": epoch(now - rules.UNANSWERED_LOOKBACK),
        "now": epoch(now),
    }
    hints: list[str] = []
    for column, values in (("subject", rules.SUBJECT_HINTS), ("body", rules.BODY_HINTS)):
        for value in values:
            name = f"hint{len(params)}"
            params[name] = _like(value)
            hints.append(f"m.{column} LIKE :{name} ESCAPE '\\'")
    rows = conn.execute(
        "SELECT m.id, m.sender_address, m.importance FROM messages m"
        " WHERE (m.is_direct = 1 OR m.mentions_me = 1) AND m.from_me = 0"
        f" AND m.is_open = 1 AND m.received_at >= :since AND ({' OR '.join(hints)})"
        f" AND NOT {ANSWERED} AND +m.received_at <= :now AND m.is_bulk = 0",
        params,
    ).fetchall()
    mine = frozenset(i.lower() for i in who.me)
    people = frozenset(i.lower() for i in who.people)
    kept = [
        row[0]
        for row in rows
        if not rules.matches_any(row[1], mine)
        and (row[2] >= IMPORTANT_THRESHOLD or rules.matches_any(row[1], people))
    ]
    if not kept:
        return set()
    texts = conn.execute(
        "SELECT m.id, m.subject, substr(m.body, 1, :limit) FROM messages m"
        " WHERE m.id IN (SELECT value FROM json_each(:ids))",
        {"ids": json.dumps(kept), "limit": rules.BODY_LIMIT},
    ).fetchall()
    return {row[0] for row in texts if rules.asks(row[1], row[2])}


def _tracker_mentions(
    conn: sqlite3.Connection,
    me: frozenset[str],
    now: datetime,
    listed_items: set[tuple[str, str]],
    listed_messages: set[int],
) -> int:
    """Open tracker notifications mentioning me that I have not answered on the item."""
    rows = conn.execute(
        "SELECT m.id, m.source, m.thread_id FROM messages m"
        " WHERE m.kind = 'notification' AND m.is_open = 1 AND m.received_at >= :since"
        " AND EXISTS (SELECT 1 FROM json_each(m.labels) j"
        "   WHERE j.value IN ('mention', 'team_mention'))"
        " ORDER BY m.received_at, m.id LIMIT :limit",
        {"since": epoch(now - TRACKER_LOOKBACK), "limit": MENTION_LIMIT},
    ).fetchall()
    count = 0
    for message_id, source, thread_id in rows:
        if message_id in listed_messages:
            continue
        item = (
            conn.execute(
                "SELECT category FROM work_items WHERE source = ? AND remote_id = ?",
                (source, thread_id),
            ).fetchone()
            if thread_id
            else None
        )
        if item is not None:
            if item[0] == rules.DONE_CATEGORY or (source, thread_id) in listed_items:
                continue
            mine, theirs = rules.talk(_events(conn, source, thread_id), me)
            if rules.mention_answered(mine, theirs):
                continue
        count += 1
    return count


def _like(value: str) -> str:
    """The store's LIKE pattern for `value` anywhere (with ESCAPE '\\')."""
    escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
