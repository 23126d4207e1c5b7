"""The user's own data: to-dos, standup notes, estimates and the outbox."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from ctotui.errors import StoreError
from ctotui.model import (
    ActionKind,
    Estimate,
    EstimateTask,
    OutboxAction,
    OutboxState,
    Priority,
    StandupNote,
    Todo,
    TodoStatus,
)
from ctotui.store import Store

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "ctotui.db")
    yield opened
    opened.close()


def test_todo_round_trip_update_and_delete(store: Store) -> None:
    todo = Todo(
        title="Review the hiring plan",
        created_at=T0,
        priority=Priority.HIGH,
        notes="with the team leads",
        due=T0 + timedelta(days=1),
        scheduled=date(2024, 3, 2),
        project="Apollo",
        tags=("hiring", "q2"),
        owner="dana",
        estimate_minutes=45,
        links=("https://wiki.example.com/hiring",),
    )
    todo_id = store.add_todo(todo)
    assert todo.id == todo_id
    assert store.get_todo(todo_id) == todo

    todo.status = TodoStatus.DONE
    todo.done_at = T0 + timedelta(hours=2)
    store.update_todo(todo)
    assert store.get_todo(todo_id) == todo

    store.delete_todo(todo_id)
    assert store.get_todo(todo_id) is None
    with pytest.raises(StoreError):
        store.update_todo(todo)
    with pytest.raises(StoreError):
        store.update_todo(Todo(title="never saved", created_at=T0))


def test_todos_order_by_due_then_priority_then_age(store: Store) -> None:
    def add(title: str, **fields: object) -> None:
        store.add_todo(Todo(title=title, **fields))  # type: ignore[arg-type]

    add("undated-old-none", created_at=T0)
    add("undated-high", created_at=T0 + timedelta(hours=1), priority=Priority.HIGH)
    add("due-later", created_at=T0, due=T0 + timedelta(days=3))
    add("due-soon-low", created_at=T0, due=T0 + timedelta(days=1), priority=Priority.LOW)
    add("due-soon-high", created_at=T0, due=T0 + timedelta(days=1), priority=Priority.HIGH)
    add("undated-medium", created_at=T0 + timedelta(hours=2), priority=Priority.MEDIUM)
    add("undated-new-none", created_at=T0 + timedelta(hours=3))
    add("finished", created_at=T0, status=TodoStatus.DONE)

    assert [t.title for t in store.list_todos([TodoStatus.OPEN])] == [
        "due-soon-high",
        "due-soon-low",
        "due-later",
        "undated-high",
        "undated-medium",
        "undated-old-none",
        "undated-new-none",
    ]
    assert [t.title for t in store.list_todos([TodoStatus.DONE])] == ["finished"]
    assert len(store.list_todos()) == 8
    assert store.list_todos([]) == []


def test_standup_notes_by_project_and_day(store: Store) -> None:
    monday, tuesday = date(2024, 3, 4), date(2024, 3, 5)
    note = StandupNote(project="Apollo", day=monday, person="dana", done="API", next="UI")
    note_id = store.save_standup_note(note)
    assert note.id == note_id
    store.save_standup_note(StandupNote(project="Apollo", day=monday, person="lee"))
    store.save_standup_note(StandupNote(project="Apollo", day=tuesday, person="dana"))
    store.save_standup_note(StandupNote(project="Zeus", day=tuesday, person="kim"))

    note.blockers = "waiting on the design review"
    assert store.save_standup_note(note) == note_id

    notes = store.standup_notes("Apollo", monday)
    assert [n.person for n in notes] == ["dana", "lee"]
    assert notes[0] == note
    assert store.standup_days("Apollo") == [tuesday, monday]
    assert store.standup_days("Nobody") == []


def test_estimate_round_trip_with_tasks_and_parents(store: Store) -> None:
    phase = EstimateTask("Backend", "dev", 5, 8, 13, phase="build")
    estimate = Estimate(
        name="Customer portal",
        client="Acme Corp",
        created_at=T0,
        description="Self-service portal",
        contingency_pct=15.0,
        start_date=date(2024, 4, 1),
        tasks=[phase, EstimateTask("Design", "designer", 2, 3, 5.5, phase="design")],
    )
    estimate_id = store.save_estimate(estimate)
    assert estimate.id == estimate_id
    assert all(t.id is not None for t in estimate.tasks)
    assert store.get_estimate(estimate_id) == estimate

    # Add a child of an existing task, drop another: tasks are replaced, ids stay.
    child = EstimateTask("Auth API", "dev", 1, 2, 4, phase="build", parent_id=phase.id)
    estimate.tasks = [phase, child]
    estimate.contingency_pct = 20.0
    store.save_estimate(estimate)
    loaded = store.get_estimate(estimate_id)
    assert loaded == estimate
    assert loaded is not None
    assert [t.name for t in loaded.tasks] == ["Backend", "Auth API"]
    assert loaded.tasks[1].parent_id == loaded.tasks[0].id == phase.id


def test_list_estimates_newest_first_and_missing_ones(store: Store) -> None:
    store.save_estimate(Estimate(name="Old", client="Acme", created_at=T0))
    store.save_estimate(
        Estimate(
            name="New",
            client="Acme",
            created_at=T0 + timedelta(days=1),
            tasks=[EstimateTask("QA", "qa", 1, 1, 2)],
        )
    )
    listed = store.list_estimates()
    assert [e.name for e in listed] == ["New", "Old"]
    assert [t.name for t in listed[0].tasks] == ["QA"]
    assert listed[1].tasks == []
    assert store.get_estimate(12345) is None
    with pytest.raises(StoreError):
        store.save_estimate(Estimate(name="Ghost", client="", created_at=T0, id=12345))


def test_outbox_lifecycle(store: Store) -> None:
    archive = OutboxAction(source="mail", action=ActionKind.ARCHIVE, target="m-1", created_at=T0)
    close = OutboxAction(
        source="tracker",
        action=ActionKind.COMMENT,
        target="ACME-7",
        created_at=T0 + timedelta(minutes=1),
        payload='{"text": "Looks good"}',
    )
    read = OutboxAction(
        source="mail",
        action=ActionKind.MARK_READ,
        target="m-2",
        created_at=T0 + timedelta(minutes=2),
    )
    for action in (archive, close, read):
        action.id = store.enqueue(action)

    assert [a.target for a in store.pending_actions()] == ["m-1", "ACME-7", "m-2"]
    assert [a.target for a in store.pending_actions("mail")] == ["m-1", "m-2"]
    assert store.pending_actions()[1] == close

    assert archive.id is not None and close.id is not None and read.id is not None
    store.mark_action_failed(archive.id, "timeout", final=False)
    retry = store.pending_actions("mail")[0]
    assert (retry.state, retry.attempts, retry.last_error) == (
        OutboxState.PENDING,
        1,
        "timeout",
    )

    store.mark_action_failed(archive.id, "403 Forbidden", final=True)
    store.mark_action_done(read.id)
    assert store.pending_actions("mail") == []
    (failed,) = store.failed_actions()
    assert (failed.target, failed.attempts, failed.last_error) == ("m-1", 2, "403 Forbidden")
    assert failed.state is OutboxState.FAILED
    assert [a.target for a in store.pending_actions()] == ["ACME-7"]

    with pytest.raises(StoreError):
        store.mark_action_done(99_999)


def test_user_data_survives_closing_and_reopening(tmp_path: Path) -> None:
    path = tmp_path / "ctotui.db"
    with Store.open(path) as store:
        store.add_todo(Todo(title="Persisted", created_at=T0))
        store.enqueue(
            OutboxAction(source="mail", action=ActionKind.FLAG, target="m", created_at=T0)
        )
    with Store.open(path) as store:
        assert [t.title for t in store.list_todos()] == ["Persisted"]
        assert [a.target for a in store.pending_actions()] == ["m"]
