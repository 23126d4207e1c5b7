"""`ctotui init`: a small app of its own that works with no config and no store.

The first screen lists the installed adapters; choosing one opens its form
(`init_form`), each added source waits in a list with its connection test
result, and `w` shows the diff of the config file before anything is written
(`init_review`).
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ctotui import registry
from ctotui.adapters.base import Adapter
from ctotui.clock import Clock, SystemClock
from ctotui.config_write import existing_source_names, suggest_name
from ctotui.config_write_input import AdapterChoice, adapter_choices
from ctotui.sanitize import clean_line
from ctotui.screens.init_form import PendingSource, SourceFormScreen
from ctotui.screens.init_review import ReviewScreen


class PickerScreen(Screen[None]):
    """The installed adapters, and the sources added so far."""

    BINDINGS = [
        Binding(
            "w",
            "write",
            "Write config",
            id="init.write",
            tooltip="Show the change to the config file, then write it after you confirm",
        ),
        Binding(
            "d",
            "drop",
            "Drop last",
            id="init.drop",
            tooltip="Remove the source added last from the list (nothing is written yet)",
        ),
        Binding("q", "leave", "Quit", id="init.quit", tooltip="Leave without writing"),
    ]

    def __init__(self, config_path: Path, choices: list[AdapterChoice]) -> None:
        super().__init__()
        self.config_path = config_path
        self.choices = choices
        self.pending: list[PendingSource] = []
        self._leaving = False

    def compose(self) -> ComposeResult:
        yield Static(self._heading(), id="picker-title")
        width = max((len(clean_line(c.name, 30)) for c in self.choices), default=0)
        options = [
            Option(
                self._label(choice, width), id=choice.name, disabled=choice.adapter_class is None
            )
            for choice in self.choices
        ]
        yield OptionList(*options, id="picker-adapters")
        yield Static(id="picker-pending")
        yield Footer()

    def _heading(self) -> Text:
        text = Text("Set up ctotui", style="bold")
        taken = existing_source_names(self.config_path)
        if self.config_path.is_file():
            where = f" (has {len(taken)} source(s); new ones are appended)"
        else:
            where = " (a new file)"
        text.append(f"\nConfig: {self.config_path}{where}")
        text.append("\nChoose a source to add and press enter; w writes the config.")
        return text

    @staticmethod
    def _label(choice: AdapterChoice, width: int) -> Text:
        text = Text(f"{clean_line(choice.name, 30):<{width}}", style="bold")
        if choice.adapter_class is None:
            text.append(f"  cannot be used: {clean_line(choice.error, 160)}", style="red")
        else:
            text.append(f"  {clean_line(choice.description, 160)}")
        return text

    def on_mount(self) -> None:
        self._show_pending()
        self.query_one(OptionList).focus()

    def taken(self) -> set[str]:
        return existing_source_names(self.config_path) | {p.draft.name for p in self.pending}

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        choice = next(c for c in self.choices if c.name == event.option.id)
        if choice.adapter_class is None:
            return
        taken = self.taken()
        form = SourceFormScreen(
            choice.name, choice.adapter_class, suggest_name(choice.name, taken), taken
        )
        self.app.push_screen(form, self._added)

    def _added(self, source: PendingSource | None) -> None:
        if source is not None:
            self.pending.append(source)
            self._show_pending()
            self._leaving = False
            self.notify(
                f"Added {clean_line(source.draft.name, 40)}. Add another, or press w to write.",
                markup=False,
            )

    def action_leave(self) -> None:
        """Quit; with sources not yet written, only when asked twice."""
        if self.pending and not self._leaving:
            self._leaving = True
            self.notify(
                f"{len(self.pending)} source(s) not written yet: w writes them, "
                "q again quits without writing.",
                severity="warning",
                markup=False,
            )
            return
        self.app.exit()

    def _show_pending(self) -> None:
        text = Text("To add: ", style="bold")
        if not self.pending:
            text.append("nothing yet.", style="dim")
        for source in self.pending:
            result = source.result
            state = "not tested" if result is None else result.text
            style = "green" if result is not None and result.ok else "red"
            text.append("\n  ")
            text.append(f"{clean_line(source.draft.name, 40)} ({source.draft.adapter}): ")
            text.append(clean_line(state, 200), style=style)
        self.query_one("#picker-pending", Static).update(text)

    def action_drop(self) -> None:
        if self.pending:
            self.pending.pop()
            self._show_pending()

    def action_write(self) -> None:
        if not self.pending:
            self.notify("Add a source first: choose an adapter and press enter.", markup=False)
            return
        self.app.push_screen(ReviewScreen(self.config_path, self.pending))


class InitApp(App[None]):
    """The setup form; `written` says what was written (None: nothing)."""

    CSS_PATH = "init.tcss"
    TITLE = "ctotui init"

    def __init__(
        self,
        config_path: Path,
        *,
        clock: Clock | None = None,
        choices: list[AdapterChoice] | None = None,
    ) -> None:
        super().__init__()
        self.config_path = config_path
        self.clock = clock or SystemClock()
        self.choices = choices
        self.written: str | None = None

    def on_mount(self) -> None:
        if self.choices is None:
            self.choices = adapter_choices()
        self.push_screen(PickerScreen(self.config_path, self.choices))

    def load_adapter(self, name: str) -> type[Adapter]:
        """An adapter by name: the ones listed here first, then the installed ones."""
        for choice in self.choices or ():
            if choice.name == name and choice.adapter_class is not None:
                return choice.adapter_class
        return registry.load_adapter(name)
