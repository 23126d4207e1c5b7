"""Edit a to-do's notes: a multi-line text box; ctrl+s saves, escape leaves them as they were."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from ctotui.sanitize import clean_line


class NotesScreen(ModalScreen[str | None]):
    """Dismisses with the new notes, or None when cancelled."""

    CSS_PATH = "todo_form.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="todos.notes.save", tooltip="Save the notes"),
        Binding(
            "escape", "cancel", "Cancel", id="todos.notes.cancel", tooltip="Keep the old notes"
        ),
    ]

    def __init__(self, title: str, notes: str) -> None:
        super().__init__()
        self.todo_title = title
        self.notes = notes

    def compose(self) -> ComposeResult:
        with Vertical(id="todos-notes") as box:
            box.border_title = Text(f"Notes: {clean_line(self.todo_title, 60)}")
            yield TextArea(self.notes, id="todos-notes-text", soft_wrap=True)
            yield Static(Text("ctrl+s saves · escape cancels", style="dim"), id="todos-form-hint")

    def on_mount(self) -> None:
        self.query_one("#todos-notes-text", TextArea).focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one("#todos-notes-text", TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)
