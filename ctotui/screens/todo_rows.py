"""How the To-dos panel draws a row and the detail pane, for to-dos and tracker items.

Tracker items assigned to the user are shown read-only beside the to-dos;
they are marked `[◆]` and their detail says where they come from.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from rich.text import Text

from ctotui import recurrence
from ctotui.humanize import age, when
from ctotui.model import Priority, Todo, TodoStatus, WorkItem
from ctotui.quickadd import format_minutes
from ctotui.sanitize import clean_line, clean_text
from ctotui.todos import CLOSED, Score, Urgency, due_label, urgency
from ctotui.widgets.row_list import Cell, Column

# The title and its due date come first: on a narrow terminal the columns after
# them are cropped, never the to-do itself.
COLUMNS = (
    Column("mark", "", width=3),
    Column("priority", "Pri", width=3),
    Column("title", "To-do", min_width=20),
    Column("due", "Due", width=11, align="right"),
    Column("project", "Project", width=9),
    Column("tags", "Tags", width=12),
    Column("owner", "Owner", width=12),
)
MARKS: dict[TodoStatus, str] = {
    TodoStatus.OPEN: "[ ]",
    TodoStatus.WAITING: "[w]",
    TodoStatus.SOMEDAY: "[s]",
    TodoStatus.DONE: "[x]",
    TodoStatus.DROPPED: "[-]",
}
ITEM_MARK = "[◆]"
PRIORITY_CELLS: dict[Priority, Cell] = {
    Priority.HIGH: Cell("!!!", "alert"),
    Priority.MEDIUM: Cell("!!", "warn"),
    Priority.LOW: Cell("!", "dim"),
    Priority.NONE: Cell(""),
}
DUE_STYLES: dict[Urgency, str] = {
    Urgency.OVERDUE: "alert",
    Urgency.TODAY: "warn",
    Urgency.LATER: "dim",
    Urgency.NONE: "dim",
}

Row = Todo | WorkItem


def day_label(day: date, today: date) -> str:
    """ "today", "yesterday", "Mon 16 Nov": the Done view's day."""
    if day == today:
        return "today"
    if day == today - timedelta(days=1):
        return "yesterday"
    return f"{day:%a %d %b}"


def row_cells(row: Row, now: datetime) -> Sequence[Cell]:
    if isinstance(row, WorkItem):
        return (
            Cell(ITEM_MARK, "accent"),
            PRIORITY_CELLS[row.priority],
            Cell(row.title, "dim"),
            Cell(age(row.updated_at, now), "dim"),
            Cell(row.key, "dim"),
            Cell(row.status, "dim"),
            Cell("tracker", "dim"),
        )
    todo = row
    closed = todo.status in CLOSED
    due = Cell("")
    if closed:
        at = todo.done_at or todo.created_at
        due = Cell(day_label(at.astimezone(now.tzinfo).date(), now.date()), "ok")
    elif todo.due is not None:
        due = Cell(due_label(todo.due, now), DUE_STYLES[urgency(todo, now)])
    owner = todo.owner
    if todo.status is TodoStatus.WAITING:
        owner = f"{owner or '?'} {age(todo.waiting_since or todo.created_at, now)}"
    mark = MARKS[todo.status]
    if todo.recurrence and not closed:
        mark = mark[:2] + "↻"
    return (
        Cell(mark, "ok" if closed else "accent"),
        PRIORITY_CELLS[todo.priority],
        Cell(todo.title, "dim" if closed else ""),
        due,
        Cell(todo.project, "dim"),
        Cell(" ".join(f"#{tag}" for tag in todo.tags), "accent"),
        Cell(owner, "dim"),
    )


def _fields(text: Text, pairs: Sequence[tuple[str, str]]) -> None:
    for label, value in pairs:
        if value:
            text.append(f"{label:>9}: ", style="dim")
            text.append(clean_line(value, 300) + "\n")


def item_detail(item: WorkItem, now: datetime) -> Text:
    text = Text()
    text.append(clean_line(item.title, 300) + "\n", style="bold")
    text.append(f"Read-only: assigned to you in {clean_line(item.source, 40)}.\n", style="dim")
    text.append("a adds a to-do linked to it.\n\n", style="dim")
    _fields(
        text,
        (
            ("Item", item.key),
            ("Status", item.status),
            ("Priority", "" if item.priority is Priority.NONE else item.priority.value),
            ("Where", item.container),
            ("Updated", when(item.updated_at, now)),
            ("Link", item.url),
        ),
    )
    return text


def todo_detail(todo: Todo, now: datetime, score: Score, items: dict[str, WorkItem]) -> Text:
    text = Text()
    text.append(clean_line(todo.title, 300) + "\n", style="bold")
    due = ""
    if todo.due is not None:
        due = f"{due_label(todo.due, now)} ({todo.due.astimezone(now.tzinfo):%a %d %b %Y %H:%M})"
    status = todo.status.value
    if todo.status is TodoStatus.WAITING:
        owner = todo.owner or "someone"
        status = f"waiting for {owner} for {age(todo.waiting_since or todo.created_at, now)}"
    rule = recurrence.decode(todo.recurrence)
    active = todo.status not in CLOSED
    _fields(
        text,
        (
            ("Status", status),
            ("Urgency", score.explain() if active else ""),
            ("Priority", todo.priority.value),
            ("Due", due),
            ("Planned", f"{todo.scheduled:%a %d %b %Y}" if todo.scheduled else ""),
            ("Repeats", recurrence.describe(rule) if rule else ""),
            ("Project", todo.project),
            ("Tags", ", ".join(todo.tags)),
            ("Owner", todo.owner),
            ("Estimate", format_minutes(todo.estimate_minutes) if todo.estimate_minutes else ""),
            ("Created", when(todo.created_at, now)),
            ("Closed", when(todo.done_at, now) if todo.done_at else ""),
        ),
    )
    for link in todo.links:
        item = items.get(link)
        shown = link if item is None else f"{item.key} {item.title} ({item.status})"
        _fields(text, (("Link", shown),))
    if todo.notes.strip():
        text.append("\n")
        text.append(clean_text(todo.notes))
    return text
