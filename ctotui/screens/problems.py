"""Config problems, shown at start: the app still runs with the sources that are valid."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ctotui.errors import ConfigProblem
from ctotui.sanitize import clean_text


class ProblemsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter,q", "close", "Continue", id="problems.close")]

    def __init__(self, config_path: Path, problems: tuple[ConfigProblem, ...]) -> None:
        super().__init__()
        self.config_path = config_path
        self.problems = problems

    def compose(self) -> ComposeResult:
        text = Text()
        text.append(f"{len(self.problems)} problem(s) in {self.config_path}\n", style="bold")
        text.append("Sources with problems are skipped; the rest work as usual.\n\n", style="dim")
        for problem in self.problems:
            text.append("• ", style="bold red")
            text.append(clean_text(str(problem)))
            text.append("\n")
        text.append("\nRun `ctotui doctor` to list them again. Press enter to continue.")
        with VerticalScroll(id="problems-body") as body:
            body.border_title = "Configuration problems"
            yield Static(text)

    def action_close(self) -> None:
        self.dismiss()
