"""The last step of `ctotui init`: the diff of the config file, and the question.

Nothing is written before the user has seen exactly which lines are added
and answered yes; the plan refuses anything that would not load afterwards.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from ctotui.config_write import (
    ConfigWriteError,
    WritePlan,
    done_message,
    plan_write,
    write_plan,
)
from ctotui.sanitize import clean_line, clean_text

if TYPE_CHECKING:
    from ctotui.screens.init_form import PendingSource


def diff_text(diff: str) -> Text:
    """The unified diff as plain text, added lines green; every line sanitized."""
    text = Text()
    for line in diff.splitlines():
        style = ""
        if line.startswith("+") and not line.startswith("+++"):
            style = "green"
        elif line.startswith("@@"):
            style = "cyan"
        elif line.startswith(("---", "+++")):
            style = "bold"
        text.append(clean_text(line, 400) + "\n", style=style)
    return text


class ReviewScreen(Screen[None]):
    """Shows the change to the config file; `y` writes it (after a backup), `n` goes back."""

    BINDINGS = [
        Binding(
            "y",
            "confirm",
            "Write",
            id="init.confirm",
            tooltip="Write the config as shown (the old file is backed up first)",
        ),
        Binding(
            "n,escape",
            "back",
            "Back",
            id="init.back",
            tooltip="Go back without writing anything",
        ),
    ]

    def __init__(self, config_path: Path, pending: list[PendingSource]) -> None:
        super().__init__()
        self.config_path = config_path
        self.pending = list(pending)
        self.plan: WritePlan | None = None
        self.error = ""

    def compose(self) -> ComposeResult:
        from ctotui.screens.init import InitApp

        app = self.app
        assert isinstance(app, InitApp)
        try:
            self.plan = plan_write(
                self.config_path,
                [p.draft for p in self.pending],
                now=app.clock.now(),
                loader=app.load_adapter,
            )
        except ConfigWriteError as error:
            self.error = error.message
        yield Static(self._question(), id="review-question")
        with VerticalScroll(id="review-diff"):
            yield Static(diff_text(self.plan.diff) if self.plan else Text(""))
        with Horizontal(id="review-buttons"):
            if self.plan is not None:
                yield Button("Write (y)", id="review-yes", variant="primary", compact=True)
            yield Button("Back (n)", id="review-no", compact=True)
        yield Footer()

    def _question(self) -> Text:
        if self.plan is None:
            return Text(
                f"Cannot write {self.config_path}: {clean_line(self.error, 600)}",
                style="bold red",
            )
        if self.plan.new_file:
            return Text(f"Write a new config file {self.config_path}? (y / n)", style="bold")
        return Text(
            f"Append {len(self.pending)} source(s) to {self.config_path}? Nothing you wrote "
            f"changes; a backup goes to {self.plan.backup} first. (y / n)",
            style="bold",
        )

    def on_mount(self) -> None:
        self.query_one("#review-yes" if self.plan else "#review-no", Button).focus()

    def action_confirm(self) -> None:
        if self.plan is None:
            return
        from ctotui.screens.init import InitApp

        try:
            write_plan(self.plan)
        except ConfigWriteError as error:
            self.query_one("#review-question", Static).update(
                Text(f"Not written: {clean_line(error.message, 600)}", style="bold red")
            )
            self.plan = None
            return
        app = self.app
        assert isinstance(app, InitApp)
        app.written = done_message(self.plan)
        app.exit()

    def action_back(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#review-yes")
    def _yes(self) -> None:
        self.action_confirm()

    @on(Button.Pressed, "#review-no")
    def _no(self) -> None:
        self.action_back()
