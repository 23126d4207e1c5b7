"""`?`: every key binding of the screen the user was on, with what it does."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


@dataclass(frozen=True, slots=True)
class BindingInfo:
    key: str
    description: str
    help: str
    action: str
    namespace: DOMNode
    binding_id: str


def describe_bindings(screen: Screen[object]) -> list[BindingInfo]:
    """The screen's active bindings (hidden ones too), one entry per action."""
    seen: dict[tuple[int, str], BindingInfo] = {}
    app = screen.app
    for active in screen.active_bindings.values():
        binding = active.binding
        ident = (id(active.node), binding.action)
        if ident in seen:
            previous = seen[ident]
            seen[ident] = BindingInfo(
                f"{previous.key}, {app.get_key_display(binding)}",
                previous.description,
                previous.help,
                previous.action,
                previous.namespace,
                previous.binding_id,
            )
            continue
        seen[ident] = BindingInfo(
            app.get_key_display(binding),
            binding.description or binding.action,
            binding.tooltip or "",
            binding.action,
            active.node,
            binding.id or "",
        )
    return list(seen.values())


class HelpScreen(ModalScreen[None]):
    """A modal table of keys; escape, q or ? closes it."""

    BINDINGS = [
        Binding("escape,q", "dismiss_help", "Close", id="help.close"),
        Binding("question_mark", "dismiss_help", "Close", show=False, id="help.toggle"),
    ]

    def __init__(self, entries: list[BindingInfo], title: str) -> None:
        super().__init__()
        self.entries = entries
        self.for_title = title

    def compose(self) -> ComposeResult:
        table = Text()
        width = max((len(e.key) for e in self.entries), default=4) + 2
        for entry in self.entries:
            table.append(f"{entry.key:<{width}}", style="bold")
            table.append(entry.description)
            if entry.help and entry.help != entry.description:
                table.append(f" — {entry.help}", style="dim")
            if entry.binding_id:
                table.append(f"  [{entry.binding_id}]", style="dim italic")
            table.append("\n")
        with VerticalScroll(id="help-body") as body:
            body.border_title = f"Keys: {self.for_title}" if self.for_title else "Keys"
            body.border_subtitle = Text("escape closes · [id] rebinds in [ui.keys]")
            yield Static(table, id="help-table")

    def on_mount(self) -> None:
        # Focus the list so arrows and page keys scroll it on small terminals.
        self.query_one("#help-body", VerticalScroll).focus()

    def action_dismiss_help(self) -> None:
        self.dismiss()
