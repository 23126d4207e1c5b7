"""A week of tracker history across two trackers, and the standup board it gives.

Now is Tuesday 24 Nov 2026; Monday 23 is a holiday and 21-22 a weekend, so
without a recorded standup "since" is Friday 20. Ana and Ben each have a
GitHub login and a Jira account; their items must come together per person.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from ctotui.model import (
    EventKind,
    ItemKind,
    Person,
    Priority,
    StandupNote,
    StatusCategory,
    WorkEvent,
    WorkItem,
)
from ctotui.standup import BoardSettings, Move, Section, build_board, classify_event
from ctotui.standup_calendar import is_standup_day, next_standup_day, previous_working_day
from ctotui.standup_diff import Snapshot, diff, snapshot
from ctotui.standup_people import build_people

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
HOLIDAYS = (date(2026, 11, 23),)
FRI = datetime(2026, 11, 20, tzinfo=UTC)
SAT = datetime(2026, 11, 21, tzinfo=UTC)
THU = datetime(2026, 11, 19, tzinfo=UTC)
PEOPLE = {
    "ana": Person(
        "ana", "Ana Ortiz", ("ana@acme.example",), {"github": "ana-gh", "jira": "ana.ortiz"}
    ),
    "ben": Person("ben", "Ben Okafor", (), {"github": "benk", "jira": "ben.okafor"}),
}


def gh(number: int, category: StatusCategory, **fields: object) -> WorkItem:
    values: dict[str, object] = {
        "source": "gh",
        "remote_id": f"gh-{number}",
        "key": f"acme/api#{number}",
        "kind": ItemKind.ISSUE,
        "title": f"GitHub {number}",
        "status": category.value,
        "category": category,
        "created_at": NOW - timedelta(days=30),
        "updated_at": NOW - timedelta(days=1),
    }
    values.update(fields)
    return WorkItem(**values)  # type: ignore[arg-type]


def jira(number: int, category: StatusCategory, status: str, **fields: object) -> WorkItem:
    return gh(
        number,
        category,
        source="jira",
        remote_id=f"API-{number}",
        key=f"API-{number}",
        title=f"Jira {number}",
        status=status,
        **fields,
    )


def ev(
    item: WorkItem, kind: EventKind, at: datetime, actor: str, old: str = "", new: str = ""
) -> WorkEvent:
    return WorkEvent(
        item.source,
        item.remote_id,
        f"{item.remote_id}-{kind}-{at:%d%H%M}",
        kind,
        actor,
        at,
        old,
        new,
    )


MERGED_PR = gh(1, StatusCategory.DONE, kind=ItemKind.PULL_REQUEST, author="ana-gh", status="merged")
STARTED = jira(7, StatusCategory.IN_PROGRESS, "In Progress", assignees=("ana.ortiz",))
REOPENED = jira(8, StatusCategory.TODO, "To Do", assignees=("ben.okafor",))
HANDED_OVER = gh(2, StatusCategory.IN_PROGRESS, assignees=("benk",), status_since=FRI)
BLOCKED = gh(
    3,
    StatusCategory.BLOCKED,
    assignees=("ana-gh",),
    status_since=THU + timedelta(hours=12),
    blocked_reason="Waiting on @benk for the schema",
)
UNBLOCKED = jira(
    9,
    StatusCategory.IN_REVIEW,
    "In Review",
    assignees=("ben.okafor",),
    reviewers=("ana.ortiz",),
    status_since=NOW - timedelta(hours=25),
)
UNOWNED = jira(10, StatusCategory.TODO, "To Do", priority=Priority.HIGH)
STALE = gh(4, StatusCategory.TODO, assignees=("benk",), updated_at=NOW - timedelta(days=14))
MOVED_BACK = jira(11, StatusCategory.IN_PROGRESS, "In Progress", assignees=("ana.ortiz",))
OLD_DONE = gh(5, StatusCategory.DONE, assignees=("ana-gh",), status="closed")
LOW_UNOWNED = jira(12, StatusCategory.TODO, "To Do", priority=Priority.LOW)
ITEMS = [
    MERGED_PR,
    STARTED,
    REOPENED,
    HANDED_OVER,
    BLOCKED,
    UNBLOCKED,
    UNOWNED,
    STALE,
    MOVED_BACK,
    OLD_DONE,
    LOW_UNOWNED,
]
EVENTS = [
    ev(MERGED_PR, EventKind.MERGED, FRI + timedelta(hours=15), "benk"),
    ev(MERGED_PR, EventKind.CLOSED, FRI + timedelta(hours=15, minutes=1), "benk"),
    ev(
        STARTED,
        EventKind.STATUS_CHANGED,
        FRI + timedelta(hours=10),
        "ana.ortiz",
        "To Do",
        "In Progress",
    ),
    ev(REOPENED, EventKind.STATUS_CHANGED, SAT + timedelta(hours=9), "ben.okafor", "Done", "To Do"),
    ev(HANDED_OVER, EventKind.UNASSIGNED, FRI + timedelta(hours=9), "ana-gh", "ana-gh"),
    ev(HANDED_OVER, EventKind.ASSIGNED, FRI + timedelta(hours=9), "ana-gh", "", "benk"),
    ev(HANDED_OVER, EventKind.COMMENTED, FRI + timedelta(hours=9), "ana-gh"),
    ev(
        MOVED_BACK,
        EventKind.STATUS_CHANGED,
        FRI + timedelta(hours=16),
        "ana.ortiz",
        "In Review",
        "In Progress",
    ),
    ev(OLD_DONE, EventKind.CLOSED, THU + timedelta(hours=23), "ana-gh"),  # before Friday
    ev(
        BLOCKED,
        EventKind.STATUS_CHANGED,
        THU + timedelta(hours=12),
        "ana-gh",
        "In Progress",
        "Blocked",
    ),
]


def board_lines(section_rows: object) -> list[str]:
    rows = section_rows if isinstance(section_rows, tuple) else ()
    return [
        " ".join(
            part
            for part in (
                row.item.key,
                row.move.value if row.move else "",
                ",".join(row.people),
                f"{row.since:%a %H:%M}",
                "OVERDUE" if row.overdue else "",
            )
            if part
        )
        for row in rows
    ]


@pytest.fixture
def board():  # type: ignore[no-untyped-def]
    return build_board(
        ITEMS, EVENTS, NOW, holidays=HOLIDAYS, settings=BoardSettings(), people=PEOPLE
    )


def test_the_calendar_skips_weekend_and_holidays() -> None:
    assert previous_working_day(NOW.date(), holidays=HOLIDAYS) == date(2026, 11, 20)
    assert previous_working_day(NOW.date()) == date(2026, 11, 23)
    assert next_standup_day(date(2026, 11, 20), holidays=HOLIDAYS) == date(2026, 11, 24)
    assert not is_standup_day(date(2026, 11, 23), holidays=HOLIDAYS)
    assert is_standup_day(date(2026, 11, 24), holidays=HOLIDAYS)
    assert previous_working_day(date(2026, 11, 24), ("sun",), holidays=[]) == date(2026, 11, 22)


def test_the_board_line_by_line(board) -> None:  # type: ignore[no-untyped-def]
    assert board.moved_since == FRI
    assert board_lines(board.blocked) == ["acme/api#3 ben Thu 12:00 OVERDUE"]
    assert board_lines(board.in_review) == ["API-9 ana.ortiz Mon 08:30"]
    assert board_lines(board.in_progress) == [
        "acme/api#2 benk Fri 00:00",
        "API-11 ana.ortiz Mon 09:30",
        "API-7 ana.ortiz Mon 09:30",
    ]
    # Grouped by person (Ana, then Ben), newest first within a person.
    assert board_lines(board.moved) == [
        "API-11 moved back ana.ortiz Fri 16:00",
        "acme/api#1 merged ana-gh Fri 15:00",
        "API-7 started ana.ortiz Fri 10:00",
        "API-8 reopened ben.okafor Sat 09:00",
    ]
    assert board_lines(board.unowned) == ["API-10 Sun 09:30"]  # open since it was created
    assert board_lines(board.stale) == ["acme/api#4 benk Tue 09:30"]
    assert [r.section for r in board.rows][:2] == [Section.BLOCKED, Section.IN_REVIEW]


def test_a_blocker_within_its_days_does_not_stand_out() -> None:
    board = build_board([BLOCKED], [], NOW, settings=BoardSettings(blocker_days=6))
    assert not board.blocked[0].overdue
    # Nobody named in the reason and no reviewers: the author (if not the assignee) can unblock.
    plain = gh(6, StatusCategory.BLOCKED, assignees=("benk",), author="ana-gh")
    assert build_board([plain], [], NOW).blocked[0].people == ("ana-gh",)


def test_stale_and_unowned_follow_the_project_thresholds() -> None:
    settings = BoardSettings(stale_days=30, unowned_priority=Priority.LOW)
    board = build_board(ITEMS, [], NOW, settings=settings, people=PEOPLE)
    assert board.stale == ()
    assert [r.item.key for r in board.unowned] == ["API-10", "API-12"]


def test_people_merge_identities_across_trackers(board) -> None:  # type: ignore[no-untyped-def]
    notes = [StandupNote("api", NOW.date(), "ben", done="Reopened API-8")]
    lines = build_people(("ana", "ben"), PEOPLE, ITEMS, board, notes)
    by_key = {line.key: line for line in lines}
    assert [line.key for line in lines] == ["ana", "ben"]
    ana, ben = by_key["ana"], by_key["ben"]
    assert [i.key for i in ana.items] == ["acme/api#3", "API-11", "API-7"]
    assert ana.sources == ("gh", "jira")
    assert [i.key for i in ana.reviewing] == ["API-9"]
    assert [r.item.key for r in ana.moved] == ["API-11", "acme/api#1", "API-7"]
    assert not ana.has_note
    # The item handed over from Ana to Ben is Ben's now.
    assert [i.key for i in ben.items] == ["API-9", "acme/api#2", "API-8", "acme/api#4"]
    assert ben.has_note and ben.count(StatusCategory.IN_PROGRESS) == 1


def test_unmapped_assignees_and_visitors_get_their_own_line(board) -> None:  # type: ignore[no-untyped-def]
    stranger = gh(20, StatusCategory.IN_PROGRESS, assignees=("Zed-Contractor",))
    notes = [StandupNote("api", NOW.date(), "guest", next="Pair on API-7")]
    lines = build_people(("ana",), PEOPLE, [*ITEMS, stranger], board, notes)
    keys = [line.key for line in lines]
    assert keys[0] == "ana" and "zed-contractor" in keys and "guest" in keys
    zed = next(line for line in lines if line.key == "zed-contractor")
    assert not zed.known and [i.key for i in zed.items] == ["acme/api#20"]


def test_the_diff_against_the_last_standup(board) -> None:  # type: ignore[no-untyped-def]
    last = Snapshot(
        blocked={"item:jira:API-9": "API-9"},
        promised={"item:gh:gh-1": "acme/api#1", "item:jira:API-7": "API-7"},
    )
    change = diff(board, Snapshot.from_json(last.to_json()), date(2026, 11, 20))
    assert [r.item.key for r in change.new_blockers] == ["acme/api#3"]
    assert change.resolved_blockers == (("item:jira:API-9", "API-9"),)
    assert [r.item.key for r in change.promises_kept] == ["acme/api#1"]
    assert not change.empty
    again = diff(board, snapshot(board), date(2026, 11, 24))
    assert again.empty
    assert Snapshot.from_json("not a dict") == Snapshot()
    assert Snapshot.from_json({"blocked": ["x"]}) == Snapshot()


def test_classify_reads_status_words_both_ways() -> None:
    item = jira(30, StatusCategory.IN_PROGRESS, "Doing")
    assert classify_event(ev(item, EventKind.REOPENED, NOW, "x"), item) is Move.REOPENED
    back = ev(item, EventKind.STATUS_CHANGED, NOW, "x", "Code review", "Doing")
    assert classify_event(back, item) is Move.MOVED_BACK
    reopened = ev(item, EventKind.STATUS_CHANGED, NOW, "x", "Resolved", "Doing")
    assert classify_event(reopened, item) is Move.REOPENED
    blocked = ev(item, EventKind.STATUS_CHANGED, NOW, "x", "In Progress", "Blocked")
    assert classify_event(blocked, item) is None
    unblocked = ev(item, EventKind.STATUS_CHANGED, NOW, "x", "Blocked", "Doing")
    assert classify_event(unblocked, item) is Move.STARTED
