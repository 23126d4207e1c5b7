"""To-dos: the user's own list in six views, with one-key verbs and undo.

Views and their order come from `ctotui.todos`; every verb writes to the store
at once, remembers what the to-do was before, and `u` puts it back. Tracker
items assigned to the user can be shown alongside, read-only (`i`); finishing
a to-do linked to an open tracker item offers to close it through the outbox.
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

from ctotui.model import ActionKind, OutboxAction, Todo, TodoStatus, WorkItem
from ctotui.quickadd import literal_line
from ctotui.sanitize import clean_line
from ctotui.screens.base import PanelScreen
from ctotui.screens.list_source import ListSource
from ctotui.screens.todo_close import CloseItemScreen
from ctotui.screens.todo_form import QuickAddScreen
from ctotui.screens.todo_notes import NotesScreen
from ctotui.screens.todo_rows import COLUMNS, Row, item_detail, row_cells, todo_detail
from ctotui.todo_links import assigned_to_me, blocking_ids, closable_link, item_link, linked_items
from ctotui.todos import (
    VIEW_TITLES,
    TodoView,
    due_label,
    next_recurrence,
    score,
    shift_priority,
    view_counts,
    view_todos,
)
from ctotui.widgets.row_list import Cell, RowList

VIEWS: tuple[TodoView, ...] = tuple(TodoView)
UNDO_DEPTH = 50


@dataclass(frozen=True, slots=True)
class Change:
    """One verb, as undo needs it: the to-do before (None: it was added) and what was said."""

    todo_id: int
    before: Todo | None
    summary: str
    spawned: int | None = None
    """The next occurrence a recurring to-do's completion added (undo removes it)."""


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
        Binding(
            "e", "edit", "Edit", id="todos.edit", tooltip="Edit every field as one quick-add line"
        ),
        Binding("d", "drop", "Drop", id="todos.drop", tooltip="Drop it: not doing this"),
        Binding("w", "waiting", "Waiting", id="todos.waiting", tooltip="Waiting for someone"),
        Binding("o", "reopen", "Open", id="todos.open", tooltip="Back to open"),
        Binding("plus", "priority(1)", "Pri +", id="todos.priority_up", tooltip="Raise priority"),
        Binding(
            "minus", "priority(-1)", "Pri -", id="todos.priority_down", tooltip="Lower priority"
        ),
        Binding("u", "undo", "Undo", id="todos.undo", tooltip="Undo the last change"),
        Binding("n", "notes", "Notes", id="todos.notes", tooltip="Edit the to-do's notes"),
        Binding(
            "i",
            "items",
            "My items",
            id="todos.items",
            tooltip="Show or hide tracker items assigned to you (read-only)",
        ),
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
        self.show_items = False
        self._items: dict[str, WorkItem] = {}
        self._blocking: frozenset[int] = frozenset()

    def compose_body(self) -> ComposeResult:
        yield Static(id="todos-views")
        with Horizontal(id="todos-body"):
            yield RowList(
                COLUMNS,
                ListSource[Row](()),
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
    def rows(self) -> RowList[Row]:
        return self.query_one("#todos-list", RowList)

    def on_mount(self) -> None:
        super().on_mount()
        self.rows.focus()

    def _now(self) -> datetime:
        """The clock's time in the user's timezone, so "today" is the user's day."""
        return self.cto.clock.now().astimezone()

    def refresh_data(self, *, keep_cursor: bool = True) -> None:
        now = self._now()
        store, me = self.cto.store, self.cto.config.me_person
        todos = store.list_todos()
        self._items = linked_items(store, todos)
        self._blocking = blocking_ids(todos, self._items, me)
        self._update_view_bar(view_counts(todos, now))
        shown: list[Row] = list(view_todos(todos, self.view, now, self._blocking))
        if self.show_items and self.view in (TodoView.TODAY, TodoView.OPEN):
            shown.extend(assigned_to_me(store, me))
        self.rows.set_source(ListSource(shown), keep_cursor=keep_cursor)
        follow, self._follow = self._follow, None
        index = next(
            (i for i, t in enumerate(shown) if isinstance(t, Todo) and t.id == follow), None
        )
        if index is not None:
            self.rows.move_cursor(index)
        self._show(self.rows.current_row)

    def _update_view_bar(self, counts: dict[TodoView, int]) -> None:
        bar = Text(no_wrap=True, overflow="ellipsis")
        for view in VIEWS:
            style = "reverse bold" if view is self.view else ""
            bar.append(f" {VIEW_TITLES[view]} {counts[view]} ", style=style)
            bar.append(" ")
        bar.append(" ←/→ views · a add · e edit · x done · u undo · i my items", style="dim")
        self.query_one("#todos-views", Static).update(bar)

    def _render_row(self, row: Row) -> Sequence[Cell]:
        return row_cells(row, self._now())

    @on(RowList.Highlighted, "#todos-list")
    def _highlighted(self, event: RowList.Highlighted[Row]) -> None:
        self._show(event.row)

    @on(RowList.Selected, "#todos-list")
    def _selected(self) -> None:
        """Enter moves into the detail pane to read (and scroll) the notes."""
        self.query_one("#todos-detail", VerticalScroll).focus()

    def action_back_to_list(self) -> None:
        self.rows.focus()

    def _show(self, row: Row | None) -> None:
        target = self.query_one("#todos-item", Static)
        now = self._now()
        if row is None:
            target.update(Text("No to-do selected.", style="dim"))
        elif isinstance(row, WorkItem):
            target.update(item_detail(row, now))
        else:
            blocking = row.id in self._blocking
            target.update(todo_detail(row, now, score(row, now, blocking), self._items))
        self.query_one("#todos-detail", VerticalScroll).scroll_home(animate=False)

    # verbs -----------------------------------------------------------------

    def action_view(self, step: int) -> None:
        self.view_index = (self.view_index + step) % len(VIEWS)
        self.refresh_data(keep_cursor=False)

    def _current(self) -> Todo | None:
        todo = self.rows.current_row
        if isinstance(todo, WorkItem):
            self.notify("Tracker items are read-only here; a adds a to-do linked to it.")
            return None
        if todo is None or todo.id is None:
            self.notify("No to-do selected.", severity="warning")
            return None
        return todo

    def action_items(self) -> None:
        self.show_items = not self.show_items
        shown = "shown in Today and Open" if self.show_items else "hidden"
        self.notify(f"Tracker items assigned to you: {shown}.")
        self.refresh_data()

    def _change(self, before: Todo, after: Todo, summary: str, spawn: Todo | None = None) -> None:
        """Write the changed to-do (and a spawned next one), remember it for undo, tell panels."""
        if before.id is None:
            return
        self.cto.store.update_todo(after)
        spawned = None if spawn is None else self.cto.store.add_todo(spawn)
        self._remember(Change(before.id, before, summary, spawned))
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
            now = self.cto.clock.now()
            done = replace(todo, status=TodoStatus.DONE, done_at=now)
            following = next_recurrence(todo, now)
            summary = f"Done: {title}"
            if following is not None and following.due is not None:
                summary += f" · next due {due_label(following.due, self._now())}"
            elif following is not None and following.scheduled is not None:
                summary += f" · next planned {following.scheduled:%a %d %b}"
            self._change(todo, done, summary, following)
            item = closable_link(todo, self._items)
            if item is not None and self.cto.source_supports(item.source, ActionKind.CLOSE):
                self.app.push_screen(CloseItemScreen(item), lambda yes: self._close(item, yes))

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
            since = self.cto.clock.now() if status is TodoStatus.WAITING else None
            changed = replace(todo, status=status, done_at=None, waiting_since=since)
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
        if change.spawned is not None:
            self.cto.store.delete_todo(change.spawned)
        if change.before is None:
            self.cto.store.delete_todo(change.todo_id)
        else:
            self.cto.store.update_todo(change.before)
            self._follow = change.todo_id
        self.notify(f"Undone: {change.summary}", markup=False)
        self.cto.changed()

    def _close(self, item: WorkItem, yes: bool | None) -> None:
        """Queue the close in the outbox and send it now; the sync applies it if offline."""
        if not yes:
            return
        now = self.cto.clock.now()
        self.cto.store.enqueue(OutboxAction(item.source, ActionKind.CLOSE, item.remote_id, now))
        self.notify(f"Closing {clean_line(item.key, 40)} in {clean_line(item.source, 40)}…")
        self.cto.flush_outbox()

    def action_add(self) -> None:
        """Add in this view (planned today in Today); on a tracker row, linked to that item."""
        status = {TodoView.WAITING: TodoStatus.WAITING, TodoView.SOMEDAY: TodoStatus.SOMEDAY}
        plan = self._now().date() if self.view is TodoView.TODAY else None
        prefill, links = "", tuple[str, ...]()
        current = self.rows.current_row
        if isinstance(current, WorkItem):
            prefill = literal_line(current.title, self._now())
            links = (item_link(current.source, current.remote_id),)
        form = QuickAddScreen(prefill, links, status=status.get(self.view), plan_for=plan)
        self.app.push_screen(form, self._add)

    def action_notes(self) -> None:
        todo = self._current()
        if todo is None:
            return

        def saved(notes: str | None) -> None:
            if notes is not None and notes != todo.notes:
                summary = f"Notes: {clean_line(todo.title, 80)}"
                self._change(todo, replace(todo, notes=notes), summary)

        self.app.push_screen(NotesScreen(todo.title, todo.notes), saved)

    def action_edit(self) -> None:
        todo = self._current()
        if todo is None:
            return

        def edited(todo_id: int | None) -> None:
            if todo_id is not None and todo.id is not None:
                self._remember(Change(todo.id, todo, f"Edited: {clean_line(todo.title, 80)}"))
                self._follow = todo.id
                self.refresh_data()

        self.app.push_screen(QuickAddScreen(editing=todo), edited)

    def _add(self, todo_id: int | None) -> None:
        todo = None if todo_id is None else self.cto.store.get_todo(todo_id)
        if todo is None or todo_id is None:
            return
        if self.view is TodoView.DONE:
            self.view_index = VIEWS.index(TodoView.OPEN)
        summary = f"Added: {clean_line(todo.title, 80)}"
        self._remember(Change(todo_id, None, summary))
        self._follow = todo_id
        self.notify(summary, markup=False)
        self.cto.changed()
