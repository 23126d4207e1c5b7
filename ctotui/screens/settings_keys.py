"""Rebinding one key: capture the new key, then confirm when it is already taken.

The capture screen swallows every key (so `q` or `1` become the new key rather
than quitting or switching panels); escape cancels. Keys that terminals do not
send are refused, so no action ends up reachable only through them.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ctotui.config_keys import UNSENDABLE
from ctotui.screens.binding_catalog import BindingEntry, display_keys


class KeyCaptureScreen(ModalScreen[str | None]):
    """Press the new key for a binding; escape cancels."""

    CSS_PATH = "settings.tcss"

    def __init__(self, entry: BindingEntry, current: str) -> None:
        super().__init__()
        self.entry = entry
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="settings-dialog") as box:
            box.border_title = f"Rebind {self.entry.binding_id}"
            yield Static(
                Text.assemble(
                    (self.entry.description, "bold"),
                    f"\nNow: {self.current}\n\nPress the new key.  escape cancels",
                )
            )
            yield Static("", id="capture-error", classes="settings-error")

    async def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        if event.key == "escape":
            self.dismiss(None)
        elif event.key in UNSENDABLE:
            self.query_one("#capture-error", Static).update(
                Text(f"Many terminals never send {event.key}: choose another key.")
            )
        else:
            self.dismiss(event.key)


class ConflictScreen(ModalScreen[bool]):
    """The new key already runs other actions where this one is active: bind anyway?"""

    CSS_PATH = "settings.tcss"
    BINDINGS = [
        Binding("enter,y", "answer(True)", "Bind anyway", id="settings.conflict_yes"),
        Binding("escape,n", "answer(False)", "Cancel", id="settings.conflict_no"),
    ]

    def __init__(self, entry: BindingEntry, key: str, taken_by: list[BindingEntry]) -> None:
        super().__init__()
        self.entry = entry
        self.key = key
        self.taken_by = taken_by

    def compose(self) -> ComposeResult:
        with Vertical(classes="settings-dialog") as box:
            box.border_title = "Key already in use"
            text = Text.assemble(
                (display_keys([self.key]), "bold"), " already runs:\n", style="", end=""
            )
            for other in self.taken_by:
                text.append(f"  {other.binding_id}  {other.description}\n")
            text.append(
                f"\nBind it to {self.entry.binding_id} anyway? The screen's own binding wins "
                "over an app-wide one.\nenter binds · escape cancels"
            )
            yield Static(text)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
