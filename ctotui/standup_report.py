"""A project's standup as one value: the board, its people, notes, diff and follow-ups.

`load_report` reads the store once and hands everything to the pure builders
(`build_board`, `build_people`, `diff`), so the screen, the CLI and the summary
all say the same. `record_session` saves today's standup with a board snapshot
for the next one to compare against.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from ctotui.model import (
    Person,
    Project,
    StandupBlocker,
    StandupFollowUp,
    StandupNote,
    StandupSession,
    Todo,
    WorkEvent,
    WorkItem,
)
from ctotui.standup import OPEN_CATEGORIES, Board, BoardSettings, build_board
from ctotui.standup_calendar import moved_since, start_of
from ctotui.standup_diff import Snapshot, StandupDiff, diff, snapshot
from ctotui.standup_people import PersonLine, build_people
from ctotui.store import ItemQuery, Store


@dataclass(frozen=True, slots=True)
class StandupReport:
    """Everything a standup of `project` on `day` shows; the board is as of `now`."""

    project: Project
    day: date
    now: datetime
    board: Board
    people: tuple[PersonLine, ...]
    notes: tuple[StandupNote, ...]
    diff: StandupDiff | None
    blockers: Mapping[str, StandupBlocker]
    followups: tuple[tuple[StandupFollowUp, Todo], ...]
    names: Mapping[str, Person]
    last_notes: tuple[StandupNote, ...] = ()
    """The notes of the latest earlier day with notes (what people said they would do next)."""

    @property
    def is_today(self) -> bool:
        return self.day == self.now.date()


def settings_of(project: Project) -> BoardSettings:
    return BoardSettings(
        blocker_days=project.blocker_days,
        stale_days=project.stale_days,
        unowned_priority=project.unowned_priority,
    )


def board_since(
    store: Store, project: Project, now: datetime, since_day: date | None = None
) -> tuple[datetime, StandupSession | None]:
    """Where "since the last standup" starts, and the last recorded standup (if any).

    An explicit day wins; else the last recorded standup's start; else the start
    of the last standup day of the project's calendar.
    """
    last = store.last_standup_session(project.name, now.date())
    if since_day is not None:
        return start_of(since_day, now), last
    if last is not None:
        return last.started_at.astimezone(now.tzinfo), last
    return moved_since(now, project.standup_days, project.holidays), None


def _project_data(
    store: Store, project: Project, since: datetime
) -> tuple[list[WorkItem], list[WorkEvent]]:
    """The project's open items, its events since `since`, and the items they name."""
    if not project.sources:
        return [], []
    query = ItemQuery(
        categories=OPEN_CATEGORIES,
        sources=project.sources,
        containers=project.containers or None,
    )
    items = store.page_items(query, 0, store.count_items(query))
    events = store.events_since(since, project.sources)
    have = {(i.source, i.remote_id) for i in items}
    wanted: dict[str, set[str]] = {}
    for event in events:
        if (event.source, event.item_remote_id) not in have:
            wanted.setdefault(event.source, set()).add(event.item_remote_id)
    for source, remote_ids in wanted.items():
        items.extend(store.items_by_remote_ids(source, sorted(remote_ids)))
    if project.containers:
        items = [i for i in items if i.container in project.containers]
        mine = {(i.source, i.remote_id) for i in items}
        events = [e for e in events if (e.source, e.item_remote_id) in mine]
    return items, events


def load_report(
    store: Store,
    project: Project,
    people: Mapping[str, Person],
    now: datetime,
    *,
    day: date | None = None,
    since_day: date | None = None,
) -> StandupReport:
    """The standup of `day` (default today): live board, that day's notes and follow-ups."""
    day = day or now.date()
    since, last = board_since(store, project, now, since_day)
    items, events = _project_data(store, project, since)
    board = build_board(
        items,
        events,
        now,
        since=since,
        settings=settings_of(project),
        people=people,
    )
    notes = tuple(store.standup_notes(project.name, day))
    followups: list[tuple[StandupFollowUp, Todo]] = []
    for link in store.standup_followups(project.name, day):
        todo = store.get_todo(link.todo_id)
        if todo is not None:
            followups.append((link, todo))
    earlier = [d for d in store.standup_days(project.name) if d < day]
    last_notes = tuple(store.standup_notes(project.name, earlier[0])) if earlier else ()
    standup_diff = None
    if last is not None:
        standup_diff = diff(board, Snapshot.from_json(_json(last.snapshot)), last.day)
    return StandupReport(
        project=project,
        day=day,
        now=now,
        board=board,
        people=build_people(project.people, people, items, board, notes),
        notes=notes,
        diff=standup_diff,
        blockers=store.standup_blockers(project.name),
        followups=tuple(followups),
        names=people,
        last_notes=last_notes,
    )


def _json(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError:
        return None


def record_session(store: Store, report: StandupReport, at: datetime) -> StandupSession | None:
    """Save today's standup with its board snapshot; past standups keep theirs."""
    if not report.is_today:
        return store.standup_session(report.project.name, report.day)
    text = json.dumps(snapshot(report.board).to_json(), sort_keys=True)
    return store.save_standup_session(report.project.name, report.day, at, text)
