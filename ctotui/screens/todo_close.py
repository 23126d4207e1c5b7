"""Asks whether to close the tracker item a finished to-do was linked to."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ctotui.model import WorkItem
from ctotui.sanitize import clean_line


class CloseItemScreen(ModalScreen[bool]):
    """y closes the item through the outbox, n (or escape) leaves it open."""

    CSS_PATH = "todo_close.tcss"
    BINDINGS = [
        Binding("y", "answer(True)", "Close it", id="todos.close.yes", tooltip="Close the item"),
        Binding("n,escape", "answer(False)", "Keep open", id="todos.close.no", tooltip="Leave it"),
    ]

    def __init__(self, item: WorkItem) -> None:
        super().__init__()
        self.item = item

    def compose(self) -> ComposeResult:
        with Vertical(id="todos-close") as box:
            box.border_title = "Linked tracker item"
            question = Text("Close ")
            question.append(clean_line(self.item.key, 40), style="bold")
            question.append(f" in {clean_line(self.item.source, 40)} too?\n")
            question.append(clean_line(self.item.title, 200) + "\n", style="dim")
            question.append("y close it · n keep it open", style="dim")
            yield Static(question)

    def action_answer(self, close: bool) -> None:
        self.dismiss(close)
