"""To-dos: the user's own list in five views, with one-key verbs and undo.

Views and their order come from `ctotui.todos`; every verb writes to the store
at once, remembers what the to-do was before, and `u` puts it back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from ctotui.humanize import age, when
from ctotui.model import Priority, Todo, TodoStatus
from ctotui.sanitize import clean_line, clean_text
from ctotui.screens.base import PanelScreen
from ctotui.screens.list_source import ListSource
from ctotui.screens.todo_form import TodoForm
from ctotui.todos import (
    CLOSED,
    VIEW_TITLES,
    TodoView,
    Urgency,
    due_label,
    shift_priority,
    urgency,
    view_counts,
    view_todos,
)
from ctotui.widgets.row_list import Cell, Column, RowList

COLUMNS = (
    Column("mark", "", width=3),
    Column("priority", "Pri", width=3),
    Column("title", "To-do"),
    Column("project", "Project", width=9),
    Column("tags", "Tags", width=12),
    Column("due", "Due", width=11, align="right"),
    Column("owner", "Owner", width=12),
)
VIEWS: tuple[TodoView, ...] = tuple(TodoView)
MARKS: dict[TodoStatus, str] = {
    TodoStatus.OPEN: "[ ]",
    TodoStatus.WAITING: "[w]",
    TodoStatus.SOMEDAY: "[s]",
    TodoStatus.DONE: "[x]",
    TodoStatus.DROPPED: "[-]",
}
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
UNDO_DEPTH = 50


@dataclass(frozen=True, slots=True)
class Change:
    """One verb, as undo needs it: the to-do before (None: it was added) and what was said."""

    todo_id: int
    before: Todo | None
    summary: str


class TodosScreen(PanelScreen):
    """A view bar, the list of the current view, and the highlighted to-do in full."""

    CSS_PATH = "todos.tcss"
    TITLE = "To-dos"
    HORIZONTAL_BREAKPOINTS = [(0, "-todos-narrow"), (140, "-todos-wide")]
    BINDINGS = [
        Binding(
            "left,h",
            "view(-1)",
            "Prev view",
            id="todos.prev_view",
            tooltip="Previous view",
            priority=True,
        ),
        Binding(
            "right,l",
            "view(1)",
            "Next view",
            id="todos.next_view",
            tooltip="Next view",
            priority=True,
        ),
        Binding("x", "toggle_done", "Done", id="todos.done", tooltip="Mark done, or open again"),
        Binding("a", "add", "Add", id="todos.add", tooltip="Add a to-do"),
        Binding("d", "drop", "Drop", id="todos.drop", tooltip="Drop it: not doing this"),
        Binding("w", "waiting", "Waiting", id="todos.waiting", tooltip="Waiting for someone"),
        Binding("o", "reopen", "Open", id="todos.open", tooltip="Back to open"),
        Binding("plus", "priority(1)", "Pri +", id="todos.priority_up", tooltip="Raise priority"),
        Binding(
            "minus", "priority(-1)", "Pri -", id="todos.priority_down", tooltip="Lower priority"
        ),
        Binding("u", "undo", "Undo", id="todos.undo", tooltip="Undo the last change"),
        Binding(
            "escape",
            "back_to_list",
            "List",
            show=False,
            id="todos.back",
            tooltip="Back to the list from the detail pane",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view_index = 0
        self.undo_stack: list[Change] = []
        self._follow: int | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(id="todos-views")
        with Horizontal(id="todos-body"):
            yield RowList(
                COLUMNS,
                ListSource[Todo](()),
                self._render_row,
                empty_text="Nothing in this view. Press a to add a to-do.",
                id="todos-list",
            )
            with VerticalScroll(id="todos-detail"):
                yield Static(id="todos-item")

    @property
    def view(self) -> TodoView:
        return VIEWS[self.view_index]

    @property
    def rows(self) -> RowList[Todo]:
        return self.query_one("#todos-list", RowList)

    def on_mount(self) -> None:
        super().on_mount()
        self.rows.focus()

    def _now(self) -> datetime:
        """The clock's time in the user's timezone, so "today" is the user's day."""
        return self.cto.clock.now().astimezone()

    def refresh_data(self, *, keep_cursor: bool = True) -> None:
        now = self._now()
        todos = self.cto.store.list_todos()
        self._update_view_bar(view_counts(todos, now))
        shown = view_todos(todos, self.view, now)
        self.rows.set_source(ListSource(shown), keep_cursor=keep_cursor)
        follow, self._follow = self._follow, None
        index = next((i for i, t in enumerate(shown) if t.id == follow), None)
        if index is not None:
            self.rows.move_cursor(index)
        self._show(self.rows.current_row)

    def _update_view_bar(self, counts: dict[TodoView, int]) -> None:
        bar = Text(no_wrap=True, overflow="ellipsis")
        for view in VIEWS:
            style = "reverse bold" if view is self.view else ""
            bar.append(f" {VIEW_TITLES[view]} {counts[view]} ", style=style)
            bar.append(" ")
        bar.append(" ←/→ views · a add · x done · u undo", style="dim")
        self.query_one("#todos-views", Static).update(bar)

    def _render_row(self, todo: Todo) -> Sequence[Cell]:
        now = self._now()
        closed = todo.status in CLOSED
        due = Cell("")
        if todo.due is not None:
            due = Cell(due_label(todo.due, now), DUE_STYLES[urgency(todo, now)])
        owner = todo.owner
        if todo.status is TodoStatus.WAITING:
            owner = f"{owner or '?'} {age(todo.created_at, now)}"
        return (
            Cell(MARKS[todo.status], "ok" if closed else "accent"),
            PRIORITY_CELLS[todo.priority],
            Cell(todo.title, "dim" if closed else ""),
            Cell(todo.project, "dim"),
            Cell(" ".join(f"#{tag}" for tag in todo.tags), "accent"),
            due,
            Cell(owner, "dim"),
        )

    @on(RowList.Highlighted, "#todos-list")
    def _highlighted(self, event: RowList.Highlighted[Todo]) -> None:
        self._show(event.row)

    @on(RowList.Selected, "#todos-list")
    def _selected(self) -> None:
        """Enter moves into the detail pane to read (and scroll) the notes."""
        self.query_one("#todos-detail", VerticalScroll).focus()

    def action_back_to_list(self) -> None:
        self.rows.focus()

    def _show(self, todo: Todo | None) -> None:
        target = self.query_one("#todos-item", Static)
        if todo is None:
            target.update(Text("No to-do selected.", style="dim"))
            return
        target.update(self._detail(todo, self._now()))
        self.query_one("#todos-detail", VerticalScroll).scroll_home(animate=False)

    @staticmethod
    def _detail(todo: Todo, now: datetime) -> Text:
        text = Text()
        text.append(clean_line(todo.title, 300) + "\n", style="bold")
        due = ""
        if todo.due is not None:
            due = (
                f"{due_label(todo.due, now)} ({todo.due.astimezone(now.tzinfo):%a %d %b %Y %H:%M})"
            )
        status = todo.status.value
        if todo.status is TodoStatus.WAITING:
            owner = todo.owner or "someone"
            status = f"waiting for {owner} (added {age(todo.created_at, now)} ago)"
        estimate = ""
        if todo.estimate_minutes:
            hours, minutes = divmod(todo.estimate_minutes, 60)
            estimate = f"{hours}h {minutes:02d}m" if hours else f"{minutes}m"
        for label, value in (
            ("Status", status),
            ("Priority", todo.priority.value),
            ("Due", due),
            ("Scheduled", f"{todo.scheduled:%a %d %b %Y}" if todo.scheduled else ""),
            ("Project", todo.project),
            ("Tags", ", ".join(todo.tags)),
            ("Owner", todo.owner),
            ("Estimate", estimate),
            ("Created", when(todo.created_at, now)),
            ("Closed", when(todo.done_at, now) if todo.done_at else ""),
        ):
            if value:
                text.append(f"{label:>9}: ", style="dim")
                text.append(clean_line(value, 300) + "\n")
        for link in todo.links:
            text.append(f"{'Link':>9}: ", style="dim")
            text.append(clean_line(link, 300) + "\n")
        if todo.notes.strip():
            text.append("\n")
            text.append(clean_text(todo.notes))
        return text

    # verbs -----------------------------------------------------------------

    def action_view(self, step: int) -> None:
        self.view_index = (self.view_index + step) % len(VIEWS)
        self.refresh_data(keep_cursor=False)

    def _current(self) -> Todo | None:
        todo = self.rows.current_row
        if todo is None or todo.id is None:
            self.notify("No to-do selected.", severity="warning")
            return None
        return todo

    def _change(self, before: Todo, after: Todo, summary: str) -> None:
        """Write the changed to-do, remember the old one for undo, and tell every panel."""
        if before.id is None:
            return
        self.cto.store.update_todo(after)
        self._remember(Change(before.id, before, summary))
        self._follow = before.id
        self.notify(summary, markup=False)
        self.cto.changed()

    def _remember(self, change: Change) -> None:
        self.undo_stack.append(change)
        del self.undo_stack[:-UNDO_DEPTH]

    def action_toggle_done(self) -> None:
        todo = self._current()
        if todo is None:
            return
        title = clean_line(todo.title, 80)
        if todo.status is TodoStatus.DONE:
            reopened = replace(todo, status=TodoStatus.OPEN, done_at=None)
            self._change(todo, reopened, f"Open again: {title}")
        else:
            done = replace(todo, status=TodoStatus.DONE, done_at=self.cto.clock.now())
            self._change(todo, done, f"Done: {title}")

    def action_drop(self) -> None:
        todo = self._current()
        if todo is not None and todo.status is not TodoStatus.DROPPED:
            dropped = replace(todo, status=TodoStatus.DROPPED, done_at=self.cto.clock.now())
            self._change(todo, dropped, f"Dropped: {clean_line(todo.title, 80)}")

    def action_waiting(self) -> None:
        self._set_status(TodoStatus.WAITING, "Waiting")

    def action_reopen(self) -> None:
        self._set_status(TodoStatus.OPEN, "Open")

    def _set_status(self, status: TodoStatus, verb: str) -> None:
        todo = self._current()
        if todo is not None and todo.status is not status:
            changed = replace(todo, status=status, done_at=None)
            self._change(todo, changed, f"{verb}: {clean_line(todo.title, 80)}")

    def action_priority(self, step: int) -> None:
        todo = self._current()
        if todo is None:
            return
        priority = shift_priority(todo.priority, step)
        if priority is not todo.priority:
            summary = f"Priority {priority.value}: {clean_line(todo.title, 80)}"
            self._change(todo, replace(todo, priority=priority), summary)

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo.")
            return
        change = self.undo_stack.pop()
        if change.before is None:
            self.cto.store.delete_todo(change.todo_id)
        else:
            self.cto.store.update_todo(change.before)
            self._follow = change.todo_id
        self.notify(f"Undone: {change.summary}", markup=False)
        self.cto.changed()

    def action_add(self) -> None:
        self.app.push_screen(TodoForm(), self._add)

    def _add(self, title: str | None) -> None:
        if not title:
            return
        now = self.cto.clock.now()
        todo = Todo(title=title, created_at=now)
        if self.view is TodoView.TODAY:
            todo.scheduled = self._now().date()
        elif self.view is TodoView.WAITING:
            todo.status = TodoStatus.WAITING
        elif self.view is TodoView.SOMEDAY:
            todo.status = TodoStatus.SOMEDAY
        elif self.view is TodoView.DONE:
            self.view_index = VIEWS.index(TodoView.OPEN)
        todo_id = self.cto.store.add_todo(todo)
        summary = f"Added: {clean_line(title, 80)}"
        self._remember(Change(todo_id, None, summary))
        self._follow = todo_id
        self.notify(summary, markup=False)
        self.cto.changed()
