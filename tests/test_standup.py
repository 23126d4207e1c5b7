"""The standup board: sections, durations, what moved since the last working day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from ctotui.model import (
    EventKind,
    ItemKind,
    Person,
    StandupNote,
    StatusCategory,
    WorkEvent,
    WorkItem,
)
from ctotui.standup import (
    Move,
    Section,
    build_board,
    category_of_status,
    display_name,
    moved_since,
    notes_by_person,
    previous_working_day,
)

WEDNESDAY = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
MONDAY = datetime(2026, 11, 16, 9, 30, tzinfo=UTC)


def item(
    number: int,
    category: StatusCategory,
    *,
    status: str = "",
    since: datetime | None = None,
    kind: ItemKind = ItemKind.ISSUE,
) -> WorkItem:
    return WorkItem(
        source="gh",
        remote_id=str(number),
        key=f"api#{number}",
        kind=kind,
        title=f"Item {number}",
        status=status or category.value,
        category=category,
        created_at=WEDNESDAY - timedelta(days=20),
        updated_at=WEDNESDAY - timedelta(hours=number),
        status_since=since,
    )


def event(
    number: int, kind: EventKind, at: datetime, to_value: str = "", ident: str = ""
) -> WorkEvent:
    return WorkEvent(
        source="gh",
        item_remote_id=str(number),
        event_id=ident or f"{number}-{kind}-{at.isoformat()}",
        kind=kind,
        actor="ana-api",
        at=at,
        to_value=to_value,
    )


def test_previous_working_day_skips_the_weekend() -> None:
    assert previous_working_day(date(2026, 11, 18)) == date(2026, 11, 17)
    assert previous_working_day(date(2026, 11, 16)) == date(2026, 11, 13)  # Monday -> Friday
    assert previous_working_day(date(2026, 11, 15)) == date(2026, 11, 13)  # Sunday -> Friday


def test_previous_working_day_follows_the_projects_standup_days() -> None:
    assert previous_working_day(date(2026, 11, 18), ("mon", "wed", "fri")) == date(2026, 11, 16)
    assert previous_working_day(date(2026, 11, 18), ()) == date(2026, 11, 17)


def test_moved_since_is_midnight_of_that_day_in_nows_timezone() -> None:
    assert moved_since(MONDAY) == datetime(2026, 11, 13, tzinfo=UTC)
    assert moved_since(WEDNESDAY) == datetime(2026, 11, 17, tzinfo=UTC)


def test_open_items_are_grouped_longest_first() -> None:
    items = [
        item(1, StatusCategory.BLOCKED, since=WEDNESDAY - timedelta(days=1)),
        item(2, StatusCategory.BLOCKED, since=WEDNESDAY - timedelta(days=5)),
        item(3, StatusCategory.IN_REVIEW, since=WEDNESDAY - timedelta(days=2)),
        item(4, StatusCategory.IN_PROGRESS),  # no status_since: updated_at counts
        item(5, StatusCategory.TODO),
        item(6, StatusCategory.DONE),
    ]
    board = build_board(items, [], WEDNESDAY)
    assert [r.item.key for r in board.blocked] == ["api#2", "api#1"]
    assert [r.item.key for r in board.in_review] == ["api#3"]
    assert [r.item.key for r in board.in_progress] == ["api#4"]
    assert board.in_progress[0].since == WEDNESDAY - timedelta(hours=4)
    assert board.moved == ()
    assert [r.section for r in board.rows] == [
        Section.BLOCKED,
        Section.BLOCKED,
        Section.IN_REVIEW,
        Section.IN_PROGRESS,
    ]


def test_moves_since_the_last_working_day_newest_first() -> None:
    pr = item(7, StatusCategory.DONE, status="merged", kind=ItemKind.PULL_REQUEST)
    closed = item(8, StatusCategory.DONE, status="closed")
    started = item(9, StatusCategory.IN_PROGRESS, status="In Progress")
    old = item(10, StatusCategory.DONE, status="closed")
    chatter = item(11, StatusCategory.IN_REVIEW)
    yesterday = datetime(2026, 11, 17, 15, 0, tzinfo=UTC)
    events = [
        event(7, EventKind.STATUS_CHANGED, yesterday, "merged"),
        event(7, EventKind.MERGED, yesterday),
        event(7, EventKind.CLOSED, yesterday + timedelta(minutes=1)),
        event(8, EventKind.CLOSED, WEDNESDAY - timedelta(hours=1)),
        event(9, EventKind.STATUS_CHANGED, yesterday - timedelta(hours=2), "In Progress"),
        event(10, EventKind.CLOSED, datetime(2026, 11, 16, 23, 59, tzinfo=UTC)),  # before Tue
        event(11, EventKind.COMMENTED, yesterday),
        event(99, EventKind.MERGED, yesterday),  # unknown item: skipped
    ]
    board = build_board([pr, closed, started, old, chatter], events, WEDNESDAY)
    assert [(r.item.key, r.move) for r in board.moved] == [
        ("api#8", Move.DONE),
        ("api#7", Move.MERGED),
        ("api#9", Move.STARTED),
    ]
    assert board.moved[1].event is not None and board.moved[1].event.kind is EventKind.MERGED
    assert board.count(Section.MOVED) == 3
    assert board.count(Section.IN_PROGRESS) == 1


def test_a_status_change_no_longer_current_is_read_from_its_words() -> None:
    reopened = item(12, StatusCategory.IN_REVIEW, status="Code review")
    events = [event(12, EventKind.STATUS_CHANGED, WEDNESDAY - timedelta(hours=3), "Doing")]
    board = build_board([reopened], events, WEDNESDAY)
    assert [(r.item.key, r.move) for r in board.moved] == [("api#12", Move.STARTED)]


def test_category_of_status_words() -> None:
    assert category_of_status("Done") is StatusCategory.DONE
    assert category_of_status("In Progress") is StatusCategory.IN_PROGRESS
    assert category_of_status("Ready for review") is StatusCategory.IN_REVIEW
    assert category_of_status("Blocked by vendor") is StatusCategory.BLOCKED
    assert category_of_status("Backlog") is StatusCategory.TODO
    assert category_of_status("Icebox") is None


def test_display_name_maps_logins_and_keys_to_names() -> None:
    people = {
        "ana": Person("ana", "Ana Ortiz", ("ana@acme.example",), {"github": "ana-api"}),
    }
    assert display_name("ANA-API", people) == "Ana Ortiz"
    assert display_name("ana@acme.example", people) == "Ana Ortiz"
    assert display_name("ana", people) == "Ana Ortiz"
    assert display_name("stranger", people) == "stranger"


def test_notes_by_person_keeps_project_order_and_adds_visitors() -> None:
    day = date(2026, 11, 18)
    notes = [
        StandupNote("api", day, "guest", done="helped"),
        StandupNote("api", day, "ben", done="fixed login"),
    ]
    grouped = notes_by_person(notes, ["ana", "ben"])
    assert [(person, [n.done for n in ns]) for person, ns in grouped] == [
        ("ana", []),
        ("ben", ["fixed login"]),
        ("guest", ["helped"]),
    ]
