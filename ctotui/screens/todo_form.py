"""Quick add: one line with inline syntax, a live preview of the fields, saved on enter.

Opened from anywhere (app key `t`), from the To-dos panel (`a`), and by other
panels with a prefilled line and links to the item it came from. Dismisses
with the new to-do's id, or None when cancelled.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ctotui.model import Todo, TodoStatus
from ctotui.quickadd import Parsed, Part, parse, preview, to_line
from ctotui.sanitize import clean_line

if TYPE_CHECKING:
    from ctotui.app import CtoApp

LINE_LIMIT = 500
PART_STYLES: dict[Part, str] = {
    Part.TITLE: "",
    Part.DUE: "bold yellow",
    Part.SCHEDULED: "yellow",
    Part.PRIORITY: "bold red",
    Part.PROJECT: "bold magenta",
    Part.TAG: "cyan",
    Part.OWNER: "bold green",
    Part.ESTIMATE: "blue",
    Part.RECURRENCE: "bold blue",
}
HINT = "!high +project #tag @person ~30m ^plan-day · tomorrow 10am, fri, in 3d, every mon"


class QuickAddScreen(ModalScreen[int | None]):
    """Type a line, see what it becomes, enter saves it."""

    CSS_PATH = "todo_form.tcss"
    BINDINGS = [
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="todos.form.cancel",
            tooltip="Close without adding a to-do",
        ),
    ]

    def __init__(
        self,
        prefill: str = "",
        links: tuple[str, ...] = (),
        *,
        status: TodoStatus | None = None,
        plan_for: date | None = None,
        editing: Todo | None = None,
    ) -> None:
        super().__init__()
        self.editing = editing
        self.prefill = prefill
        self.links = links
        self.status = status
        self.plan_for = plan_for

    @property
    def cto(self) -> CtoApp:
        return cast("CtoApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(id="todos-form") as box:
            box.border_title = "New to-do" if self.editing is None else "Edit to-do"
            line = self.prefill
            if self.editing is not None:
                line = to_line(self.editing, self.cto.clock.now().astimezone())
            yield Input(
                value=line,
                placeholder="What needs doing? e.g. Review budget tomorrow 10am !high +finance",
                max_length=LINE_LIMIT,
                id="todos-form-title",
            )
            yield Static(id="todos-form-preview")
            yield Static(Text(HINT, style="dim"), id="todos-form-syntax")
            verb = "adds" if self.editing is None else "saves"
            yield Static(Text(f"enter {verb} · escape cancels", style="dim"), id="todos-form-hint")

    def on_mount(self) -> None:
        self._show(self.query_one("#todos-form-title", Input).value)

    def _parse(self, line: str) -> Parsed:
        return parse(line, self.cto.clock.now().astimezone())

    @on(Input.Changed, "#todos-form-title")
    def _changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    def _show(self, line: str) -> None:
        parsed = self._parse(line)
        text = Text()
        for index, span in enumerate(parsed.spans):
            if index:
                text.append(" ")
            text.append(clean_line(span.text, LINE_LIMIT), style=PART_STYLES[span.part])
        text.append("\n")
        for label, value in preview(parsed):
            text.append(f"{label:>11}: ", style="dim")
            text.append(clean_line(value, 200) + "\n")
        if self.links:
            text.append(f"{'Linked to':>11}: ", style="dim")
            text.append(clean_line(", ".join(self.links), 200) + "\n")
        self.query_one("#todos-form-preview", Static).update(text)

    @on(Input.Submitted, "#todos-form-title")
    def _submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.dismiss(None)
            return
        parsed = self._parse(event.value)
        if not parsed.title:
            self.notify("A to-do needs a title: type what needs doing.", severity="warning")
            return
        now = self.cto.clock.now()
        todo = parsed.to_todo(now)
        if self.editing is not None:
            self.dismiss(self._save_edit(self.editing, todo))
            return
        todo.links = self.links
        if self.status is not None and todo.status is TodoStatus.OPEN:
            todo.status = self.status
        if self.plan_for is not None and todo.due is None and todo.scheduled is None:
            todo.scheduled = self.plan_for
        todo_id = self.cto.store.add_todo(todo)
        self.cto.changed()
        self.dismiss(todo_id)

    def _save_edit(self, before: Todo, typed: Todo) -> int | None:
        """Every field the line carries replaces the old one; notes, links and dates stay."""
        status = before.status
        if typed.owner and not before.owner and status is TodoStatus.OPEN:
            status = TodoStatus.WAITING
        after = replace(
            before,
            title=typed.title,
            due=typed.due,
            scheduled=typed.scheduled,
            priority=typed.priority,
            project=typed.project,
            tags=typed.tags,
            owner=typed.owner,
            estimate_minutes=typed.estimate_minutes,
            recurrence=typed.recurrence,
            status=status,
            waiting_since=typed.waiting_since
            if status is not before.status
            else before.waiting_since,
        )
        self.cto.store.update_todo(after)
        self.cto.changed()
        return before.id

    def action_cancel(self) -> None:
        self.dismiss(None)
