"""The standup board: a project's work items grouped the way a standup walks them.

Blocked first (longest first), then what waits for review, then what is in
progress, then what moved since the last standup (grouped by person), then
what nobody is working on and what went stale. Pure functions over WorkItem and
WorkEvent lists with `now` passed in, so the CLI, the UI and the tests all agree
on what the board says.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from ctotui.model import (
    EventKind,
    Person,
    Priority,
    StandupNote,
    StatusCategory,
    WorkEvent,
    WorkItem,
)
from ctotui.standup_calendar import (
    WEEKDAYS,
    WORKING_DAYS,
    moved_since,
    previous_working_day,
)

__all__ = ["WEEKDAYS", "WORKING_DAYS", "moved_since", "previous_working_day"]

BOARD_CATEGORIES: frozenset[StatusCategory] = frozenset(
    {StatusCategory.BLOCKED, StatusCategory.IN_REVIEW, StatusCategory.IN_PROGRESS}
)
OPEN_CATEGORIES: frozenset[StatusCategory] = frozenset(StatusCategory) - {StatusCategory.DONE}


class Section(StrEnum):
    BLOCKED = "blocked"
    IN_REVIEW = "in_review"
    IN_PROGRESS = "in_progress"
    MOVED = "moved"
    UNOWNED = "unowned"
    STALE = "stale"


SECTION_TITLES: dict[Section, str] = {
    Section.BLOCKED: "Blocked",
    Section.IN_REVIEW: "In review",
    Section.IN_PROGRESS: "In progress",
    Section.MOVED: "Since the last standup",
    Section.UNOWNED: "Nobody is working on",
    Section.STALE: "Stale",
}
_SECTION_OF = {
    StatusCategory.BLOCKED: Section.BLOCKED,
    StatusCategory.IN_REVIEW: Section.IN_REVIEW,
    StatusCategory.IN_PROGRESS: Section.IN_PROGRESS,
}


class Move(StrEnum):
    """What counts as movement at a standup."""

    STARTED = "started"
    MOVED_BACK = "moved back"
    REOPENED = "reopened"
    DONE = "done"
    MERGED = "merged"


FINISHED_MOVES: frozenset[Move] = frozenset({Move.DONE, Move.MERGED})
# How far along the workflow a category is, for "moved back" (blocked is off the line).
_PROGRESS = {
    StatusCategory.TODO: 0,
    StatusCategory.IN_PROGRESS: 1,
    StatusCategory.IN_REVIEW: 2,
    StatusCategory.DONE: 3,
}
_PRIORITY_RANK = {Priority.HIGH: 3, Priority.MEDIUM: 2, Priority.LOW: 1, Priority.NONE: 0}

# Words in a tracker's status text that say which category it belongs to, for
# status changes whose target is no longer the item's current status.
_STATUS_WORDS: tuple[tuple[StatusCategory, tuple[str, ...]], ...] = (
    (StatusCategory.DONE, ("done", "closed", "resolved", "merged", "shipped", "released", "fixed")),
    (StatusCategory.BLOCKED, ("blocked", "on hold", "waiting")),
    (StatusCategory.IN_REVIEW, ("review", "qa", "testing")),
    (StatusCategory.IN_PROGRESS, ("progress", "doing", "started", "development", "wip", "active")),
    (StatusCategory.TODO, ("todo", "to do", "backlog", "open", "new", "selected", "ready")),
)


@dataclass(frozen=True, slots=True)
class BoardRow:
    """One line of the board.

    `since`: when the item entered its state (or the move happened, or the last
    update for stale rows). `people`: who the row is about — the owners for moves,
    who can unblock for blockers, who is asked for reviews. `overdue`: a blocker
    older than the project's blocker_days.
    """

    section: Section
    item: WorkItem
    since: datetime
    event: WorkEvent | None = None
    move: Move | None = None
    people: tuple[str, ...] = ()
    overdue: bool = False

    @property
    def ref(self) -> str:
        return item_ref(self.item)


@dataclass(frozen=True, slots=True)
class BoardSettings:
    """A project's thresholds (from `[[projects]]`)."""

    blocker_days: int = 2
    stale_days: int = 7
    unowned_priority: Priority = Priority.HIGH


@dataclass(frozen=True, slots=True)
class Board:
    """A project's board; `moved_since` is when the last standup (or working day) began."""

    moved_since: datetime
    blocked: tuple[BoardRow, ...]
    in_review: tuple[BoardRow, ...]
    in_progress: tuple[BoardRow, ...]
    moved: tuple[BoardRow, ...]
    unowned: tuple[BoardRow, ...] = ()
    stale: tuple[BoardRow, ...] = ()

    @property
    def rows(self) -> tuple[BoardRow, ...]:
        """Every row in standup order."""
        return tuple(row for section in Section for row in self.section(section))

    def section(self, section: Section) -> tuple[BoardRow, ...]:
        rows: tuple[BoardRow, ...] = getattr(self, section.value)
        return rows

    def count(self, section: Section) -> int:
        return len(self.section(section))


def item_ref(item: WorkItem) -> str:
    """A stable reference to an item across the store and links: "item:<source>:<remote_id>"."""
    return f"item:{item.source}:{item.remote_id}"


def category_of_status(status: str) -> StatusCategory | None:
    """A best guess of the category a tracker status text names, or None."""
    text = status.strip().lower()
    for category, words in _STATUS_WORDS:
        if any(word in text for word in words):
            return category
    return None


def _category_named(status: str, item: WorkItem | None) -> StatusCategory | None:
    if item is not None and status and status == item.status:
        return item.category
    return category_of_status(status) if status else None


def classify_event(event: WorkEvent, item: WorkItem | None) -> Move | None:
    """The movement an event stands for, or None for chatter (comments, labels...)."""
    if event.kind is EventKind.MERGED:
        return Move.MERGED
    if event.kind is EventKind.CLOSED:
        return Move.DONE
    if event.kind is EventKind.REOPENED:
        return Move.REOPENED
    if event.kind is not EventKind.STATUS_CHANGED:
        return None
    target = _category_named(event.to_value, item)
    origin = _category_named(event.from_value, None)
    if target is StatusCategory.DONE:
        return Move.DONE
    if origin is StatusCategory.DONE and target is not None:
        return Move.REOPENED
    if origin in _PROGRESS and target in _PROGRESS and _PROGRESS[target] < _PROGRESS[origin]:
        return Move.MOVED_BACK
    if target is StatusCategory.IN_PROGRESS:
        return Move.STARTED
    return None


def owners(item: WorkItem) -> tuple[str, ...]:
    """Who an item belongs to: its assignees, else its author."""
    return item.assignees or ((item.author,) if item.author else ())


def unblockers(item: WorkItem, people: Mapping[str, Person]) -> tuple[str, ...]:
    """Who can unblock an item: people named in the reason, else reviewers, else the author.

    The author counts only when not also the assignee (then nobody else is known).
    """
    reason = item.blocked_reason.lower()
    named = tuple(
        key
        for key, person in people.items()
        if reason
        and any(
            _mentions(reason, ident)
            for ident in (person.name, *person.logins.values(), *person.emails)
        )
    )
    if named:
        return named
    if item.reviewers:
        return item.reviewers
    if item.author and item.author not in item.assignees:
        return (item.author,)
    return ()


def _mentions(text: str, identity: str) -> bool:
    ident = identity.strip().lower()
    return len(ident) > 2 and (f"@{ident}" in text or f" {ident}" in f" {text}")


def build_board(
    items: Iterable[WorkItem],
    events: Iterable[WorkEvent],
    now: datetime,
    *,
    days: Iterable[str] = WORKING_DAYS,
    holidays: Iterable[date] = (),
    since: datetime | None = None,
    settings: BoardSettings | None = None,
    people: Mapping[str, Person] | None = None,
) -> Board:
    """Group open items into sections and list what moved since the last standup.

    `since` is the last recorded standup's time; without one it is the start of
    the last standup day. `items` must include the items the events refer to
    (done ones too), so a move can name its item; events for unknown items are skipped.
    """
    since = since or moved_since(now, days, holidays)
    settings = settings or BoardSettings()
    people = people or {}
    known = {(i.source, i.remote_id): i for i in items}
    grouped: dict[Section, list[BoardRow]] = {s: [] for s in Section}
    blocker_limit = timedelta(days=settings.blocker_days)
    stale_before = now - timedelta(days=settings.stale_days)
    wanted = _PRIORITY_RANK[settings.unowned_priority]
    for item in known.values():
        entered = item.status_since or item.updated_at
        section = _SECTION_OF.get(item.category)
        if section is Section.BLOCKED:
            row = BoardRow(
                section,
                item,
                entered,
                people=unblockers(item, people),
                overdue=now - entered > blocker_limit,
            )
            grouped[section].append(row)
        elif section is Section.IN_REVIEW:
            grouped[section].append(BoardRow(section, item, entered, people=item.reviewers))
        elif section is Section.IN_PROGRESS:
            grouped[section].append(BoardRow(section, item, entered, people=item.assignees))
        if item.category is StatusCategory.DONE:
            continue
        if not item.assignees and _PRIORITY_RANK[item.priority] >= max(wanted, 1):
            grouped[Section.UNOWNED].append(BoardRow(Section.UNOWNED, item, item.created_at))
        if item.updated_at < stale_before:
            grouped[Section.STALE].append(
                BoardRow(Section.STALE, item, item.updated_at, people=owners(item))
            )
    for rows in grouped.values():
        rows.sort(key=lambda r: (r.since, r.item.key))
    grouped[Section.UNOWNED].sort(key=lambda r: (-_PRIORITY_RANK[r.item.priority], r.since))
    moves = _latest_moves(events, known, since)
    order = _OrderKey(people)
    moves.sort(key=lambda r: (order(r), -r.since.timestamp(), r.item.key))
    return Board(
        moved_since=since,
        blocked=tuple(grouped[Section.BLOCKED]),
        in_review=tuple(grouped[Section.IN_REVIEW]),
        in_progress=tuple(grouped[Section.IN_PROGRESS]),
        moved=tuple(moves),
        unowned=tuple(grouped[Section.UNOWNED]),
        stale=tuple(grouped[Section.STALE]),
    )


class _OrderKey:
    """Sorts moves by their first owner's name (known people by name, then logins)."""

    def __init__(self, people: Mapping[str, Person]) -> None:
        self.people = people

    def __call__(self, row: BoardRow) -> tuple[int, str]:
        if not row.people:
            return (2, "")
        person = person_for(row.people[0], self.people)
        return (0, person.name.lower()) if person else (1, row.people[0].lower())


def _latest_moves(
    events: Iterable[WorkEvent],
    known: Mapping[tuple[str, str], WorkItem],
    since: datetime,
) -> list[BoardRow]:
    """One row per item: its latest move; a merge outranks the close that comes with it."""
    per_item: dict[tuple[str, str], list[BoardRow]] = {}
    for event in sorted(events, key=lambda e: e.at):
        if event.at < since:
            continue
        ident = (event.source, event.item_remote_id)
        item = known.get(ident)
        move = classify_event(event, item)
        if item is None or move is None:
            continue
        row = BoardRow(Section.MOVED, item, event.at, event, move, people=owners(item))
        per_item.setdefault(ident, []).append(row)
    result: list[BoardRow] = []
    for rows in per_item.values():
        last = rows[-1]
        if last.move in FINISHED_MOVES:
            finished: list[BoardRow] = []
            for row in reversed(rows):
                if row.move not in FINISHED_MOVES:
                    break
                finished.append(row)
            merged = [r for r in finished if r.move is Move.MERGED]
            last = merged[0] if merged else last
        result.append(last)
    return result


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
