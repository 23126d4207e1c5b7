"""The small dialog that asks for a new to-do's title."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

TITLE_LIMIT = 300


class TodoForm(ModalScreen[str | None]):
    """Dismisses with the title typed (stripped), or None when cancelled or left empty."""

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

    def compose(self) -> ComposeResult:
        with Vertical(id="todos-form") as box:
            box.border_title = "New to-do"
            yield Input(
                placeholder="What needs doing?", max_length=TITLE_LIMIT, id="todos-form-title"
            )
            yield Static(Text("enter adds · escape cancels", style="dim"), id="todos-form-hint")

    @on(Input.Submitted, "#todos-form-title")
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
