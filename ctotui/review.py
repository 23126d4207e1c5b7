"""The daily review: the morning's guided steps and the evening's account of the day.

Pure reads over the store and config (no UI), so the screens, the CLI
(`ctotui review --format md`) and the tests share one picture of the day.
Days are the user's local days: pass `now` in local time.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from ctotui import recurrence
from ctotui.config import Config
from ctotui.humanize import age
from ctotui.model import EventKind, Message, Project, Todo, TodoStatus
from ctotui.overview import my_identities
from ctotui.radar import KIND_LABELS, RadarEntry, waiting_on_me
from ctotui.sanitize import clean_line
from ctotui.store import InboxSplit, MessageQuery, Store
from ctotui.todos import ACTIVE, Urgency, due_label, is_today, sort_key, urgency

MORNING = "morning"
TOP = 50


class MorningStep(StrEnum):
    IMPORTANT = "important"
    RADAR = "radar"
    STANDUPS = "standups"
    TODOS = "todos"


MORNING_STEPS: tuple[MorningStep, ...] = tuple(MorningStep)
STEP_TITLES: dict[MorningStep, str] = {
    MorningStep.IMPORTANT: "Important mail",
    MorningStep.RADAR: "Waiting on me",
    MorningStep.STANDUPS: "Today's standups",
    MorningStep.TODOS: "Pick today's to-dos",
}


def progress_line(step: int, total: int = len(MORNING_STEPS)) -> str:
    """ "Step 2 of 4 · Waiting on me ●●○○"."""
    marks = "●" * (step + 1) + "○" * (total - step - 1)
    return f"Step {step + 1} of {total} · {STEP_TITLES[MORNING_STEPS[step]]}  {marks}"


def day_bounds(day: date, now: datetime) -> tuple[datetime, datetime]:
    """Local midnight to midnight of `day`, in `now`'s timezone."""
    start = datetime.combine(day, time.min, tzinfo=now.tzinfo)
    return start, start + timedelta(days=1)


def standups_on(projects: tuple[Project, ...], day: date) -> list[Project]:
    """Projects holding a standup on `day` (their standup weekdays, minus holidays)."""
    weekday = recurrence.WEEKDAYS[day.weekday()]
    return [p for p in projects if weekday in p.standup_days and day not in p.holidays]


def important_messages(store: Store, now: datetime, limit: int = TOP) -> list[Message]:
    query = MessageQuery(split=InboxSplit.IMPORTANT, now=now)
    return store.page_messages(query, 0, limit)


def candidates(todos: list[Todo]) -> list[Todo]:
    """Open to-dos to pick from, by due date and priority (a stable order while picking)."""
    return sorted((t for t in todos if t.status in ACTIVE), key=sort_key)


def toggle_today(todo: Todo, today: date) -> Todo:
    """Plan a to-do for today, or take it off today's plan when it is planned for today."""
    if todo.scheduled is not None and todo.scheduled <= today:
        return replace(todo, scheduled=None)
    return replace(todo, scheduled=today)


# --- evening ---------------------------------------------------------------


class CarryOver(StrEnum):
    TOMORROW = "tomorrow"
    SOMEDAY = "someday"
    DROP = "drop"


def carry_over(todo: Todo, decision: CarryOver, now: datetime) -> Todo:
    """What an evening decision does to an open to-do planned for today."""
    if decision is CarryOver.SOMEDAY:
        return replace(todo, status=TodoStatus.SOMEDAY, scheduled=None)
    if decision is CarryOver.DROP:
        return replace(todo, status=TodoStatus.DROPPED, done_at=now)
    tomorrow = now.date() + timedelta(days=1)
    due = todo.due
    if due is not None and due.astimezone(now.tzinfo).date() < tomorrow:
        due = recurrence.move_due(due, tomorrow, now.tzinfo)
    return replace(todo, scheduled=tomorrow, due=due)


@dataclass(frozen=True, slots=True)
class TrackerDeed:
    """Something the user did in a tracker today: closed, merged or reviewed an item."""

    verb: str
    key: str
    title: str


@dataclass(slots=True)
class EveningReview:
    day: date
    done: list[Todo] = field(default_factory=list)
    dropped: list[Todo] = field(default_factory=list)
    triaged: int = 0
    deeds: list[TrackerDeed] = field(default_factory=list)
    standups: list[str] = field(default_factory=list)
    unanswered: list[Message] = field(default_factory=list)
    waiting_on_me: list[RadarEntry] = field(default_factory=list)
    overdue: list[Todo] = field(default_factory=list)
    carry_over: list[Todo] = field(default_factory=list)


_VERBS = {
    EventKind.CLOSED: "closed",
    EventKind.MERGED: "merged",
    EventKind.REVIEWED: "reviewed",
}


def _deeds(store: Store, config: Config, start: datetime, end: datetime) -> list[TrackerDeed]:
    mine = {i.lower() for i in my_identities(config.me_person)}
    if not mine:
        return []
    events = [
        e
        for e in store.events_since(start)
        if e.at < end and e.kind in _VERBS and e.actor.lower() in mine
    ]
    deeds = []
    for event in events:
        items = store.items_by_remote_ids(event.source, [event.item_remote_id])
        key, title = (items[0].key, items[0].title) if items else (event.item_remote_id, "")
        deeds.append(TrackerDeed(_VERBS[event.kind], key, title))
    return list(dict.fromkeys(deeds))


def evening(store: Store, config: Config, now: datetime, day: date | None = None) -> EveningReview:
    """The day's account; `day` defaults to today (the open lists are always as of now)."""
    day = day or now.date()
    start, end = day_bounds(day, now)
    todos = store.list_todos()
    closed = sorted(
        (t for t in todos if t.done_at is not None and start <= t.done_at < end),
        key=lambda t: t.done_at or t.created_at,
    )
    open_today = [t for t in todos if is_today(t, now)]
    return EveningReview(
        day=day,
        done=[t for t in closed if t.status is TodoStatus.DONE],
        dropped=[t for t in closed if t.status is TodoStatus.DROPPED],
        triaged=store.triaged_count(start, end),
        deeds=_deeds(store, config, start, end),
        standups=store.standup_projects_on(day),
        unanswered=important_messages(store, now),
        waiting_on_me=waiting_on_me(store, config, now),
        overdue=[t for t in open_today if urgency(t, now) is Urgency.OVERDUE],
        carry_over=[t for t in open_today if urgency(t, now) is not Urgency.OVERDUE],
    )


def _todo_line(todo: Todo, now: datetime, mark: str) -> str:
    text = f"- [{mark}] {clean_line(todo.title, 200)}"
    if todo.project:
        text += f" (+{clean_line(todo.project, 40)})"
    if todo.due is not None and todo.status in ACTIVE:
        text += f" — due {due_label(todo.due, now)}"
    if todo.status is TodoStatus.WAITING:
        since = todo.waiting_since or todo.created_at
        text += f" — waiting for {clean_line(todo.owner or 'someone', 40)} {age(since, now)}"
    return text


def digest_markdown(review: EveningReview, now: datetime) -> str:
    """The day as Markdown, for copying, saving, or `ctotui review --format md`."""
    lines = [f"# Daily review — {review.day:%a %d %b %Y}", ""]

    def section(title: str, body: list[str], empty: str) -> None:
        lines.extend([f"## {title}", ""])
        lines.extend(body or [f"_{empty}_"])
        lines.append("")

    section("Done", [_todo_line(t, now, "x") for t in review.done], "Nothing marked done.")
    if review.dropped:
        section("Dropped", [_todo_line(t, now, "-") for t in review.dropped], "")
    mail = [f"- {review.triaged} message(s) triaged"]
    mail += [
        f"- Still unanswered: {clean_line(m.sender_name or m.sender_address, 40)} — "
        f"{clean_line(m.subject or m.snippet, 120)}"
        for m in review.unanswered
    ]
    section("Mail", mail, "")
    section(
        "Trackers",
        [f"- {d.verb} {clean_line(d.key, 40)} {clean_line(d.title, 160)}" for d in review.deeds]
        + [
            f"- Waiting on me ({KIND_LABELS.get(e.kind, e.kind)}, {age(e.since, now)}): "
            f"{clean_line(e.title, 160)} — {clean_line(e.who, 60)}"
            for e in review.waiting_on_me
        ],
        "Nothing closed or reviewed.",
    )
    section("Standups", [f"- {clean_line(p, 80)}" for p in review.standups], "No standup notes.")
    section("Overdue", [_todo_line(t, now, " ") for t in review.overdue], "Nothing overdue.")
    section(
        "Planned for today, still open",
        [_todo_line(t, now, " ") for t in review.carry_over],
        "Nothing left over.",
    )
    return "\n".join(lines).rstrip() + "\n"
