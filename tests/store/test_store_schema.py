"""Opening, migrating, backing up and rebuilding the store; query plans use indexes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ctotui.errors import StoreError
from ctotui.model import (
    ActionKind,
    Estimate,
    EstimateTask,
    ItemKind,
    Message,
    MessageKind,
    OutboxAction,
    StandupNote,
    StatusCategory,
    Todo,
    TriageState,
    WorkItem,
)
from ctotui.store import InboxSplit, ItemQuery, MessageQuery, Store, migrations
from ctotui.store.inbox import message_filter, message_order
from ctotui.store.item_query import item_filter

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def message(remote_id: str, minutes: int = 0, **changes: object) -> Message:
    values: dict[str, object] = {
        "source": "mail",
        "remote_id": remote_id,
        "kind": MessageKind.MAIL,
        "folder": "INBOX",
        "sender_name": "Dana Example",
        "sender_address": "dana@example.com",
        "subject": f"Subject {remote_id}",
        "body": "Please review the rollout plan.",
        "received_at": T0 + timedelta(minutes=minutes),
    }
    values.update(changes)
    return Message(**values)  # type: ignore[arg-type]


def item(remote_id: str, minutes: int = 0) -> WorkItem:
    return WorkItem(
        source="tracker",
        remote_id=remote_id,
        key=f"ACME-{remote_id}",
        kind=ItemKind.ISSUE,
        title=f"Issue {remote_id}",
        status="In Progress",
        category=StatusCategory.IN_PROGRESS,
        created_at=T0,
        updated_at=T0 + timedelta(minutes=minutes),
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "data" / "ctotui.db")
    yield opened
    opened.close()


def tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_schema")}
    finally:
        conn.close()


def test_open_creates_directory_and_schema_at_latest_version(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "ctotui.db"
    with Store.open(path) as store:
        assert path.exists()
        assert store.path == path
        assert store.schema_version == migrations.latest_version() >= 1
        assert store.count_messages(MessageQuery(split=InboxSplit.ALL)) == 0
    names = tables(path)
    for table in ("messages", "messages_fts", "work_items", "work_events", "source_state"):
        assert table in names
    for table in ("triage", "todos", "standup_notes", "estimates", "estimate_tasks", "outbox"):
        assert table in names


def test_pragmas_are_wal_normal_and_foreign_keys(store: Store) -> None:
    conn = store._conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0


def test_reopen_is_idempotent_and_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "ctotui.db"
    with Store.open(path) as store:
        store.add_todo(Todo(title="Write the plan", created_at=T0))
    with Store.open(path) as store:
        assert store.schema_version == migrations.latest_version()
        assert [t.title for t in store.list_todos()] == ["Write the plan"]
    assert not list(tmp_path.glob("*.bak-v*"))


def test_newer_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ctotui.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(StoreError, match="newer version") as info:
        Store.open(path)
    assert str(path) in info.value.message
    assert "99" in info.value.message


def test_file_that_is_not_a_database_is_refused_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is a text file, not SQLite\n" * 200)
    with pytest.raises(StoreError) as info:
        Store.open(path)
    assert str(path) in info.value.message
    assert "not a ctotui data store" in info.value.message


def test_store_that_cannot_be_created_gives_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(StoreError) as info:
        Store.open(blocker / "ctotui.db")
    assert str(blocker) in info.value.message


def test_backup_written_before_migrating_an_old_database(tmp_path: Path) -> None:
    path = tmp_path / "ctotui.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE legacy (note TEXT)")
    conn.execute("INSERT INTO legacy VALUES ('keep me')")
    conn.commit()
    conn.close()

    with Store.open(path) as store:
        assert store.schema_version == migrations.latest_version()

    backup = tmp_path / "ctotui.db.bak-v0"
    assert backup.exists()
    copy = sqlite3.connect(backup)
    try:
        assert copy.execute("SELECT note FROM legacy").fetchall() == [("keep me",)]
        assert copy.execute("PRAGMA user_version").fetchone()[0] == 0
        names = {r[0] for r in copy.execute("SELECT name FROM sqlite_schema")}
        assert "messages" not in names
    finally:
        copy.close()


def test_new_empty_database_gets_no_backup(tmp_path: Path) -> None:
    Store.open(tmp_path / "ctotui.db").close()
    assert not list(tmp_path.glob("*.bak-v*"))


def test_appended_migration_backs_up_then_upgrades(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ctotui.db"
    with Store.open(path) as store:
        store.add_todo(Todo(title="Survives the upgrade", created_at=T0))

    version_2 = migrations.Migration(
        description="tags on to-dos, folder index",
        user=("CREATE TABLE todo_tags (todo_id INTEGER, tag TEXT)",),
        cache=("CREATE INDEX messages_folder ON messages (folder)",),
    )
    released = migrations.latest_version()
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, version_2))

    with Store.open(path) as store:
        assert store.schema_version == released + 1
        assert [t.title for t in store.list_todos()] == ["Survives the upgrade"]
        # A cache rebuild replays every version's cache steps, so the index comes back.
        store.rebuild_cache()
        assert "messages_folder" in tables(path)
        assert "todo_tags" in tables(path)

    backup = tmp_path / f"ctotui.db.bak-v{released}"
    assert backup.exists()
    assert "todo_tags" not in tables(backup)
    copy = sqlite3.connect(backup)
    try:
        assert copy.execute("SELECT title FROM todos").fetchall() == [("Survives the upgrade",)]
    finally:
        copy.close()


def test_failed_migration_leaves_the_database_at_the_old_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ctotui.db"
    Store.open(path).close()
    broken = migrations.Migration(
        description="broken", user=("CREATE TABLE ok (x)", "THIS IS NOT SQL")
    )
    released = migrations.latest_version()
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, broken))
    with pytest.raises(StoreError, match="Upgrading") as info:
        Store.open(path)
    assert f"version {released}" in info.value.message
    monkeypatch.undo()
    with Store.open(path) as store:
        assert store.schema_version == released
    assert "ok" not in tables(path)


def test_rebuild_cache_empties_cache_and_keeps_user_data(store: Store) -> None:
    store.save_fetch(
        "mail",
        "maildir",
        messages=[message("a"), message("b", 1)],
        items=[item("1")],
        events=[],
        cursor="c-1",
        at=T0,
    )
    first = store.page_messages(MessageQuery(split=InboxSplit.ALL), 0, 10)
    done = next(m for m in first if m.remote_id == "a")
    assert done.id is not None
    store.set_triage(done.id, TriageState.DONE, at=T0)
    store.add_todo(Todo(title="Call the vendor", created_at=T0))
    store.save_standup_note(StandupNote(project="Apollo", day=T0.date(), person="dana"))
    store.save_estimate(
        Estimate(
            name="Portal",
            client="Acme",
            created_at=T0,
            tasks=[EstimateTask("Design", "dev", 1, 2, 3)],
        )
    )
    store.enqueue(OutboxAction(source="mail", action=ActionKind.ARCHIVE, target="a", created_at=T0))

    store.rebuild_cache()

    assert store.count_messages(MessageQuery(split=InboxSplit.ALL)) == 0
    assert store.count_items(ItemQuery()) == 0
    assert store.get_cursor("mail") is None
    assert store.source_statuses() == []
    assert store.search_messages("rollout") == []
    assert [t.title for t in store.list_todos()] == ["Call the vendor"]
    assert len(store.standup_notes("Apollo", T0.date())) == 1
    assert [e.name for e in store.list_estimates()] == ["Portal"]
    assert len(store.pending_actions()) == 1

    # Re-syncing brings the messages back with the user's verdict intact.
    store.save_fetch(
        "mail",
        "maildir",
        messages=[message("a"), message("b", 1)],
        items=[],
        events=[],
        cursor="c-1",
        at=T0,
    )
    done_page = store.page_messages(MessageQuery(split=InboxSplit.DONE), 0, 10)
    assert [m.remote_id for m in done_page] == ["a"]
    assert store.search_messages("rollout") != []


def test_nested_transaction_failure_rolls_back_only_the_inner_part(store: Store) -> None:
    with store.transaction():
        store.add_todo(Todo(title="outer", created_at=T0))
        with pytest.raises(RuntimeError), store.transaction():
            store.add_todo(Todo(title="inner", created_at=T0))
            raise RuntimeError("boom")
    assert [t.title for t in store.list_todos()] == ["outer"]

    with pytest.raises(RuntimeError), store.transaction():
        store.add_todo(Todo(title="lost", created_at=T0))
        raise RuntimeError("boom")
    assert [t.title for t in store.list_todos()] == ["outer"]


def plan(store: Store, sql: str, params: dict[str, object]) -> list[str]:
    return [row[3] for row in store._conn.execute("EXPLAIN QUERY PLAN " + sql, params)]


def assert_uses_index_without_sort(details: list[str], table: str) -> None:
    text = " | ".join(details)
    assert "TEMP B-TREE" not in text, text
    assert any(
        d.startswith((f"SEARCH {table} ", f"SCAN {table} ")) and "INDEX" in d for d in details
    ), text
    assert not any(d == f"SCAN {table}" for d in details), text


@pytest.mark.parametrize("split", list(InboxSplit))
@pytest.mark.parametrize("now", [None, T0])
def test_inbox_page_query_uses_an_index_for_each_split(
    store: Store, split: InboxSplit, now: datetime | None
) -> None:
    store.save_fetch(
        "mail",
        "maildir",
        messages=[message(str(i), i) for i in range(30)],
        items=[],
        events=[],
        cursor=None,
        at=T0,
    )
    for query in (
        MessageQuery(split=split, now=now),
        MessageQuery(split=split, now=now, source="mail"),
        MessageQuery(split=split, now=now, kind=MessageKind.CHAT),
    ):
        where, params = message_filter(query)
        sql = f"SELECT * FROM messages m{where}{message_order(split)} LIMIT 50 OFFSET 0"
        assert_uses_index_without_sort(plan(store, sql, params), "m")


@pytest.mark.parametrize(
    "query",
    [
        ItemQuery(),
        ItemQuery(categories=frozenset({StatusCategory.BLOCKED})),
        ItemQuery(categories=frozenset({StatusCategory.BLOCKED, StatusCategory.IN_REVIEW})),
        ItemQuery(sources=("tracker",)),
        ItemQuery(involving=("dana",)),
    ],
)
def test_items_page_query_uses_an_index(store: Store, query: ItemQuery) -> None:
    where, params = item_filter(query)
    sql = f"SELECT * FROM work_items w{where} ORDER BY w.updated_at DESC, w.id DESC LIMIT 50"
    assert_uses_index_without_sort(plan(store, sql, params), "w")


def test_bulk_save_of_20k_messages(store: Store) -> None:
    batch = [
        message(str(i), i, subject=f"Status report {i}", sender_address=f"p{i % 40}@example.com")
        for i in range(20_000)
    ]
    changed = store.save_fetch(
        "mail", "maildir", messages=batch, items=[], events=[], cursor="end", at=T0
    )
    assert changed == 20_000
    assert store.count_messages(MessageQuery(split=InboxSplit.ALL)) == 20_000
    assert store.source_statuses()[0].items_total == 20_000
    assert len(store.search_messages("p7@example.com", limit=1000)) == 500


def test_store_is_usable_from_worker_threads(store: Store) -> None:
    def add_many(worker: int) -> None:
        for n in range(25):
            with store.transaction():
                store.add_todo(Todo(title=f"{worker}-{n}", created_at=T0))

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(add_many, range(4)))
    assert len(store.list_todos()) == 100


def test_second_store_on_the_same_file_sees_committed_changes(tmp_path: Path) -> None:
    path = tmp_path / "ctotui.db"
    with Store.open(path) as ui, Store.open(path) as sync:
        before = ui.data_version()
        sync.save_fetch(
            "mail", "maildir", messages=[message("a")], items=[], events=[], cursor="1", at=T0
        )
        assert ui.data_version() != before
        assert ui.count_messages(MessageQuery(split=InboxSplit.ALL)) == 1
        assert ui.get_cursor("mail") == "1"
