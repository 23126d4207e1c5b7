"""The standup board: a project's work items grouped the way a standup walks them.

Blocked first (longest first), then what waits for review, then what is in
progress, then what moved since the last working day. Pure functions over
WorkItem and WorkEvent lists with `now` passed in, so the CLI, the UI and the
tests all agree on what the board says.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from ctotui.model import EventKind, Person, StandupNote, StatusCategory, WorkEvent, WorkItem

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WORKING_DAYS: tuple[str, ...] = WEEKDAYS[:5]
BOARD_CATEGORIES: frozenset[StatusCategory] = frozenset(
    {StatusCategory.BLOCKED, StatusCategory.IN_REVIEW, StatusCategory.IN_PROGRESS}
)


class Section(StrEnum):
    BLOCKED = "blocked"
    IN_REVIEW = "in_review"
    IN_PROGRESS = "in_progress"
    MOVED = "moved"


SECTION_TITLES: dict[Section, str] = {
    Section.BLOCKED: "Blocked",
    Section.IN_REVIEW: "In review",
    Section.IN_PROGRESS: "In progress",
    Section.MOVED: "Moved",
}
_SECTION_OF = {
    StatusCategory.BLOCKED: Section.BLOCKED,
    StatusCategory.IN_REVIEW: Section.IN_REVIEW,
    StatusCategory.IN_PROGRESS: Section.IN_PROGRESS,
}


class Move(StrEnum):
    """What counts as movement at a standup; a later value outranks an earlier one."""

    STARTED = "started"
    DONE = "done"
    MERGED = "merged"


_MOVE_RANK = {Move.STARTED: 0, Move.DONE: 1, Move.MERGED: 2}

# Words in a tracker's status text that say which category it belongs to, for
# status changes whose target is no longer the item's current status.
_STATUS_WORDS: tuple[tuple[StatusCategory, tuple[str, ...]], ...] = (
    (StatusCategory.DONE, ("done", "closed", "resolved", "merged", "shipped", "released", "fixed")),
    (StatusCategory.BLOCKED, ("blocked", "on hold", "waiting")),
    (StatusCategory.IN_REVIEW, ("review", "qa", "testing")),
    (StatusCategory.IN_PROGRESS, ("progress", "doing", "started", "development", "wip", "active")),
)


@dataclass(frozen=True, slots=True)
class BoardRow:
    """One line of the board: an item in a section, since when, and for moves the event."""

    section: Section
    item: WorkItem
    since: datetime
    event: WorkEvent | None = None
    move: Move | None = None


@dataclass(frozen=True, slots=True)
class Board:
    """A project's board; `moved_since` is the start of the last working day."""

    moved_since: datetime
    blocked: tuple[BoardRow, ...]
    in_review: tuple[BoardRow, ...]
    in_progress: tuple[BoardRow, ...]
    moved: tuple[BoardRow, ...]

    @property
    def rows(self) -> tuple[BoardRow, ...]:
        """Every row in standup order."""
        return self.blocked + self.in_review + self.in_progress + self.moved

    def count(self, section: Section) -> int:
        return len(
            {
                Section.BLOCKED: self.blocked,
                Section.IN_REVIEW: self.in_review,
                Section.IN_PROGRESS: self.in_progress,
                Section.MOVED: self.moved,
            }[section]
        )


def _weekday_numbers(days: Iterable[str]) -> frozenset[int]:
    numbers = frozenset(WEEKDAYS.index(d) for d in (d.lower() for d in days) if d in WEEKDAYS)
    return numbers or frozenset(range(5))


def previous_working_day(today: date, days: Iterable[str] = WORKING_DAYS) -> date:
    """The last working day before `today` (Friday on a Monday with the default days)."""
    working = _weekday_numbers(days)
    day = today - timedelta(days=1)
    while day.weekday() not in working:
        day -= timedelta(days=1)
    return day


def moved_since(now: datetime, days: Iterable[str] = WORKING_DAYS) -> datetime:
    """Midnight (in `now`'s timezone) starting the last working day before today."""
    day = previous_working_day(now.date(), days)
    return datetime.combine(day, time.min, tzinfo=now.tzinfo)


def category_of_status(status: str) -> StatusCategory | None:
    """A best guess of the category a tracker status text names, or None."""
    text = status.strip().lower()
    for category, words in _STATUS_WORDS:
        if any(word in text for word in words):
            return category
    return None


def classify_event(event: WorkEvent, item: WorkItem | None) -> Move | None:
    """The movement an event stands for, or None for chatter (comments, labels...)."""
    if event.kind is EventKind.MERGED:
        return Move.MERGED
    if event.kind is EventKind.CLOSED:
        return Move.DONE
    if event.kind is not EventKind.STATUS_CHANGED:
        return None
    if item is not None and event.to_value == item.status:
        category: StatusCategory | None = item.category
    else:
        category = category_of_status(event.to_value)
    if category is StatusCategory.DONE:
        return Move.DONE
    if category is StatusCategory.IN_PROGRESS:
        return Move.STARTED
    return None


def build_board(
    items: Iterable[WorkItem],
    events: Iterable[WorkEvent],
    now: datetime,
    *,
    days: Iterable[str] = WORKING_DAYS,
) -> Board:
    """Group open items into sections and list what moved since the last working day.

    `items` must include the items the events refer to (done ones too), so a
    move can name its item; events for unknown items are skipped.
    """
    since = moved_since(now, days)
    known = {(i.source, i.remote_id): i for i in items}
    grouped: dict[Section, list[BoardRow]] = {s: [] for s in Section}
    for item in known.values():
        section = _SECTION_OF.get(item.category)
        if section is not None:
            grouped[section].append(BoardRow(section, item, item.status_since or item.updated_at))
    for rows in grouped.values():
        rows.sort(key=lambda r: (r.since, r.item.key))
    moves = _latest_moves(events, known, since)
    return Board(
        moved_since=since,
        blocked=tuple(grouped[Section.BLOCKED]),
        in_review=tuple(grouped[Section.IN_REVIEW]),
        in_progress=tuple(grouped[Section.IN_PROGRESS]),
        moved=tuple(sorted(moves, key=lambda r: r.since, reverse=True)),
    )


def _latest_moves(
    events: Iterable[WorkEvent],
    known: Mapping[tuple[str, str], WorkItem],
    since: datetime,
) -> list[BoardRow]:
    """One row per item: its furthest move (merged > done > started), latest of that kind."""
    best: dict[tuple[str, str], BoardRow] = {}
    for event in events:
        if event.at < since:
            continue
        ident = (event.source, event.item_remote_id)
        item = known.get(ident)
        move = classify_event(event, item)
        if item is None or move is None:
            continue
        row = BoardRow(Section.MOVED, item, event.at, event, move)
        current = best.get(ident)
        if current is None or _outranks(row, current):
            best[ident] = row
    return list(best.values())


def _outranks(row: BoardRow, other: BoardRow) -> bool:
    assert row.move is not None and other.move is not None
    return (_MOVE_RANK[row.move], row.since) > (_MOVE_RANK[other.move], other.since)


def person_for(identity: str, people: Mapping[str, Person]) -> Person | None:
    """The configured person behind a login or address (or a people key)."""
    if identity in people:
        return people[identity]
    return next((p for p in people.values() if p.matches(identity)), None)


def display_name(identity: str, people: Mapping[str, Person]) -> str:
    """A person's name for a login or address, or the identity itself when unknown."""
    person = person_for(identity, people)
    return person.name if person is not None else identity


def notes_by_person(
    notes: Sequence[StandupNote], people: Sequence[str]
) -> list[tuple[str, list[StandupNote]]]:
    """Notes grouped per person: the project's people in order, then anyone else who spoke."""
    grouped: dict[str, list[StandupNote]] = {key: [] for key in people}
    for note in notes:
        grouped.setdefault(note.person, []).append(note)
    return list(grouped.items())
