"""To-do views, their order, counts, priorities and due labels."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from ctotui.model import Priority, Todo, TodoStatus
from ctotui.todos import (
    TodoView,
    Urgency,
    due_label,
    score,
    shift_priority,
    urgency,
    view_counts,
    view_todos,
)

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)  # Wednesday
CREATED = NOW - timedelta(days=10)


def todo(title: str, **fields: object) -> Todo:
    fields.setdefault("created_at", CREATED)
    return Todo(title=title, **fields)  # type: ignore[arg-type]


def titles(todos: list[Todo]) -> list[str]:
    return [t.title for t in todos]


def sample() -> list[Todo]:
    return [
        todo("overdue", due=NOW - timedelta(days=2)),
        todo("due today, no time", due=datetime(2026, 11, 18, tzinfo=UTC)),
        todo("due tonight", due=NOW.replace(hour=18), priority=Priority.HIGH),
        todo("scheduled yesterday", scheduled=date(2026, 11, 17)),
        todo("scheduled tomorrow", scheduled=date(2026, 11, 19)),
        todo("due next week", due=NOW + timedelta(days=7)),
        todo("no date high", priority=Priority.HIGH),
        todo("no date low", priority=Priority.LOW, created_at=CREATED - timedelta(days=1)),
        todo("waiting on legal", status=TodoStatus.WAITING, owner="legal", due=NOW),
        todo("someday idea", status=TodoStatus.SOMEDAY, due=NOW - timedelta(days=1)),
        todo("done early", status=TodoStatus.DONE, done_at=NOW - timedelta(days=3)),
        todo("done late", status=TodoStatus.DONE, done_at=NOW - timedelta(hours=1)),
        todo("dropped", status=TodoStatus.DROPPED, done_at=NOW - timedelta(days=1)),
    ]


def test_today_holds_overdue_due_today_and_scheduled_open_or_waiting() -> None:
    # Ordered by urgency score: high priority due tonight beats a plain overdue one.
    assert titles(view_todos(sample(), TodoView.TODAY, NOW)) == [
        "due tonight",
        "overdue",
        "due today, no time",
        "waiting on legal",
        "scheduled yesterday",
    ]


def test_urgency_score_explains_itself() -> None:
    overdue = todo("overdue", due=NOW - timedelta(days=7), priority=Priority.HIGH, created_at=NOW)
    explained = score(overdue, NOW)
    assert explained.total == 18.0
    assert explained.reasons[0] == ("due 7d late", 12.0)
    assert explained.reasons[1] == ("priority high", 6.0)
    assert explained.explain().startswith("18.0 = due 7d late +12.0 · priority high +6.0")
    far = score(todo("far", due=NOW + timedelta(days=30)), NOW)
    assert round(dict(far.reasons)["due 18 Dec"], 6) == 2.4
    planned = score(todo("planned", scheduled=NOW.date()), NOW, blocking=True)
    assert dict(planned.reasons)["planned for today"] == 5.0
    assert dict(planned.reasons)["blocks others"] == 8.0
    waiting = score(todo("w", status=TodoStatus.WAITING, created_at=NOW), NOW)
    assert waiting.reasons == (("waiting", -3.0),)
    assert score(todo("new", created_at=NOW), NOW).explain() == "0.0"


def test_blocking_todos_rise_in_today() -> None:
    todos = [todo("plain", scheduled=NOW.date(), id=1), todo("blocker", scheduled=NOW.date(), id=2)]
    assert titles(view_todos(todos, TodoView.TODAY, NOW, frozenset({2}))) == ["blocker", "plain"]


def test_upcoming_is_dated_open_work_after_today_by_date() -> None:
    assert titles(view_todos(sample(), TodoView.UPCOMING, NOW)) == [
        "scheduled tomorrow",
        "due next week",
    ]


def test_waiting_is_longest_wait_first() -> None:
    todos = [
        todo("recent", status=TodoStatus.WAITING, waiting_since=NOW - timedelta(days=1)),
        todo("long", status=TodoStatus.WAITING, waiting_since=NOW - timedelta(days=9)),
    ]
    assert titles(view_todos(todos, TodoView.WAITING, NOW)) == ["long", "recent"]


def test_open_is_ordered_by_due_then_priority_then_created() -> None:
    same_due = NOW + timedelta(days=1)
    todos = [
        todo("b-none", due=same_due),
        todo("a-high", due=same_due, priority=Priority.HIGH),
        todo("undated older", created_at=CREATED - timedelta(days=1)),
        todo("undated newer"),
        todo("earliest", due=NOW - timedelta(days=1), priority=Priority.LOW),
    ]
    assert titles(view_todos(todos, TodoView.OPEN, NOW)) == [
        "earliest",
        "a-high",
        "b-none",
        "undated older",
        "undated newer",
    ]


def test_undated_open_todos_order_by_priority() -> None:
    open_view = view_todos(sample(), TodoView.OPEN, NOW)
    assert titles(open_view)[-4:] == [
        "no date high",
        "no date low",
        "scheduled yesterday",
        "scheduled tomorrow",
    ]


def test_waiting_someday_and_done_views() -> None:
    assert titles(view_todos(sample(), TodoView.WAITING, NOW)) == ["waiting on legal"]
    assert titles(view_todos(sample(), TodoView.SOMEDAY, NOW)) == ["someday idea"]
    assert titles(view_todos(sample(), TodoView.DONE, NOW)) == [
        "done late",
        "dropped",
        "done early",
    ]


def test_view_counts_match_the_views() -> None:
    counts = view_counts(sample(), NOW)
    for view in TodoView:
        assert counts[view] == len(view_todos(sample(), view, NOW)), view
    assert counts[TodoView.TODAY] == 5 and counts[TodoView.DONE] == 3


def test_urgency_treats_midnight_as_a_whole_day() -> None:
    assert urgency(todo("x", due=datetime(2026, 11, 18, tzinfo=UTC)), NOW) is Urgency.TODAY
    assert urgency(todo("x", due=NOW - timedelta(minutes=5)), NOW) is Urgency.OVERDUE
    assert urgency(todo("x", due=datetime(2026, 11, 17, tzinfo=UTC)), NOW) is Urgency.OVERDUE
    assert urgency(todo("x", due=NOW + timedelta(days=2)), NOW) is Urgency.LATER
    assert urgency(todo("x"), NOW) is Urgency.NONE
    done = todo("x", due=NOW - timedelta(days=3), status=TodoStatus.DONE)
    assert urgency(done, NOW) is Urgency.NONE


def test_due_labels() -> None:
    assert due_label(NOW - timedelta(days=2), NOW) == "2d late"
    assert due_label(datetime(2026, 11, 17, tzinfo=UTC), NOW) == "9h late"
    assert due_label(datetime(2026, 11, 18, tzinfo=UTC), NOW) == "today"
    assert due_label(NOW.replace(hour=17, minute=0), NOW) == "today 17:00"
    assert due_label(datetime(2026, 11, 19, 12, tzinfo=UTC), NOW) == "tomorrow"
    assert due_label(datetime(2026, 11, 20, 9, tzinfo=UTC), NOW) == "Fri 09:00"
    assert due_label(datetime(2026, 11, 20, tzinfo=UTC), NOW) == "Fri"
    assert due_label(datetime(2026, 12, 24, tzinfo=UTC), NOW) == "24 Dec"
    assert due_label(datetime(2027, 2, 1, tzinfo=UTC), NOW) == "2027-02-01"


def test_due_is_judged_in_the_local_day_of_now() -> None:
    tokyo = timezone(timedelta(hours=9))
    local_now = NOW.astimezone(tokyo)  # 18:30 on Wednesday in Tokyo
    due = datetime(2026, 11, 18, 16, 0, tzinfo=UTC)  # 01:00 Thursday in Tokyo
    assert due_label(due, local_now) == "tomorrow"
    assert titles(view_todos([todo("t", due=due)], TodoView.TODAY, local_now)) == []


def test_shift_priority_stops_at_the_ends() -> None:
    assert shift_priority(Priority.NONE, 1) is Priority.LOW
    assert shift_priority(Priority.MEDIUM, 1) is Priority.HIGH
    assert shift_priority(Priority.HIGH, 1) is Priority.HIGH
    assert shift_priority(Priority.LOW, -1) is Priority.NONE
    assert shift_priority(Priority.NONE, -1) is Priority.NONE
