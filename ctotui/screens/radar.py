"""The radar screen: who waits on me and whom I wait on, with the item's details and actions.

Opened from Home. Both lists are oldest first; the pane on the right shows the
highlighted entry. `t` turns the entry into a to-do, enter opens it in the
browser (over SSH it copies the link), and the tracker actions the entry's
source supports go through the outbox like every other remote action: `c`,
`a` and `x` directly, everything else from the item-actions menu (`.`).
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from ctotui.humanize import age
from ctotui.model import ActionKind, Priority, Todo
from ctotui.radar import KIND_LABELS, RadarEntry, i_am_waiting_on, waiting_on_me
from ctotui.sanitize import clean_line, clean_text
from ctotui.screens.base import PanelScreen
from ctotui.screens.item_actions import open_item_actions, queue_item_action
from ctotui.todo_links import item_link, message_link
from ctotui.widgets.row_list import Cell, Column, RowList

COLUMNS = (
    Column("age", "Wait", 5, align="right"),
    Column("kind", "What", 9),
    Column("who", "Who", 16),
    Column("title", "Title"),
)
ITEM_VERBS: dict[str, ActionKind] = {
    "assign": ActionKind.ASSIGN_TO_ME,
    "close": ActionKind.CLOSE,
    "comment": ActionKind.COMMENT,
}


class EntryRows:
    """A RowSource over the radar entries computed at the last refresh."""

    def __init__(self, entries: list[RadarEntry]) -> None:
        self.entries = entries

    def count(self) -> int:
        return len(self.entries)

    def fetch(self, offset: int, limit: int) -> list[RadarEntry]:
        return self.entries[offset : offset + limit]


class RadarScreen(PanelScreen):
    """Waiting on me / I am waiting on, each oldest first."""

    CSS_PATH = "radar.tcss"
    TITLE = "Radar"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="radar.back", tooltip="Back to Home"),
        Binding("t", "to_todo", "To-do", id="radar.todo", tooltip="Turn the entry into a to-do"),
        Binding(
            "c", "item('comment')", "Comment", id="radar.comment", tooltip="Comment on the item"
        ),
        Binding(
            "a", "item('assign')", "Assign me", id="radar.assign", tooltip="Assign the item to me"
        ),
        Binding("x", "item('close')", "Close", id="radar.close", tooltip="Close the item"),
        Binding(
            "full_stop",
            "item_actions",
            "Actions",
            id="radar.actions",
            tooltip="Every action the item's source supports: status, labels, review, …",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._now: datetime | None = None
        self._commenting: RadarEntry | None = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="radar-body"):
            with Vertical(id="radar-lists"):
                yield Label("Waiting on me", classes="radar-heading")
                yield self._list("radar-waiting", "Nobody is waiting on you.")
                yield Label("I am waiting on", classes="radar-heading")
                yield self._list("radar-mine", "You are not waiting on anyone.")
            yield Static(id="radar-detail")
        yield Input(id="radar-comment", placeholder="Comment (enter sends, escape cancels)")

    def _list(self, widget_id: str, empty: str) -> RowList[RadarEntry]:
        return RowList(COLUMNS, EntryRows([]), self._cells, empty_text=empty, id=widget_id)

    def _cells(self, entry: RadarEntry) -> list[Cell]:
        now = self._now or self.cto.clock.now()
        return [
            Cell(age(entry.since, now), "warn"),
            Cell(KIND_LABELS.get(entry.kind, entry.kind), "dim"),
            Cell(entry.who, "strong"),
            Cell(entry.title),
        ]

    def refresh_data(self) -> None:
        self._now = now = self.cto.clock.now()
        store, config = self.cto.store, self.cto.config
        for widget_id, entries in (
            ("#radar-waiting", waiting_on_me(store, config, now)),
            ("#radar-mine", i_am_waiting_on(store, config, now)),
        ):
            rows: RowList[RadarEntry] = self.query_one(widget_id, RowList)
            rows.set_source(EntryRows(entries), keep_cursor=True)
        self._show(self.current)

    @property
    def current(self) -> RadarEntry | None:
        focused = self.focused
        if isinstance(focused, RowList) and focused.id in ("radar-waiting", "radar-mine"):
            row = focused.current_row
            return row if isinstance(row, RadarEntry) else None
        waiting: RowList[RadarEntry] = self.query_one("#radar-waiting", RowList)
        return waiting.current_row

    @on(RowList.Selected)
    def _selected(self, event: RowList.Selected[RadarEntry]) -> None:
        """Enter jumps to the item: its page in the browser (the URL is in the pane too)."""
        self.action_open_url()

    @on(RowList.Highlighted)
    def _highlighted(self, event: RowList.Highlighted[RadarEntry]) -> None:
        self._show(event.row)

    def on_descendant_focus(self) -> None:
        self._show(self.current)

    def _show(self, entry: RadarEntry | None) -> None:
        self.refresh_bindings()  # the item verbs depend on the entry's source
        detail = self.query_one("#radar-detail", Static)
        if entry is None:
            detail.update(Text("Nothing selected.", style="dim"))
            return
        now = self._now or self.cto.clock.now()
        text = Text()
        text.append(clean_line(entry.title, 300), style="bold")
        text.append("\n")
        label = KIND_LABELS.get(entry.kind, entry.kind)
        text.append(f"{label} · {clean_line(entry.who, 80)} · waiting {age(entry.since, now)}\n")
        if entry.item is not None:
            item = entry.item
            text.append(f"{clean_line(item.key, 80)}  {clean_line(item.status, 40)}", style="dim")
            if item.checks:
                text.append(f"  checks {item.checks}", style="dim")
            text.append("\n")
            if item.blocked_reason:
                text.append(f"Blocked: {clean_line(item.blocked_reason, 200)}\n", style="red")
            text.append(clean_line(item.url, 300) + "\n\n", style="underline")
            text.append(clean_text(item.body)[:2000])
        elif entry.message is not None:
            text.append(clean_line(entry.message.url, 300) + "\n\n", style="underline")
            text.append(clean_text(entry.message.body)[:2000])
        detail.update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only what the entry's source can do; hidden otherwise."""
        if action == "item_actions":
            entry = self.current
            return entry is not None and entry.item is not None
        if action != "item":
            return True
        entry = self.current
        if entry is None or entry.item is None or not parameters:
            return False
        kind = ITEM_VERBS.get(str(parameters[0]))
        return kind is not None and self.cto.source_supports(entry.item.source, kind)

    def action_back(self) -> None:
        comment = self.query_one("#radar-comment", Input)
        if comment.has_class("-visible"):
            comment.remove_class("-visible")
            self.query_one("#radar-waiting", RowList).focus()
            return
        self.app.pop_screen()

    def action_to_todo(self) -> None:
        entry = self.current
        if entry is None:
            return
        if entry.item is not None:
            link = item_link(entry.item.source, entry.item.remote_id)
        elif entry.message is not None:
            link = message_link(entry.message.source, entry.message.remote_id)
        else:
            return
        label = KIND_LABELS.get(entry.kind, entry.kind).capitalize()
        title = clean_line(f"{label}: {entry.title} ({entry.who})", 200)
        now = self.cto.clock.now()
        self.cto.store.add_todo(Todo(title, now, priority=Priority.HIGH, links=(link,)))
        self.cto.changed()
        self.notify(f"To-do added: {title}")

    def action_open_url(self) -> None:
        entry = self.current
        url = ""
        if entry is not None and entry.item is not None:
            url = entry.item.url
        elif entry is not None and entry.message is not None:
            url = entry.message.url
        if url:
            self.app.open_url(url)  # the link screen shows the target, opens or copies

    def action_item(self, verb: str) -> None:
        entry = self.current
        kind = ITEM_VERBS.get(verb)
        if entry is None or entry.item is None or kind is None:
            return
        if kind is ActionKind.COMMENT:
            self._commenting = entry
            comment = self.query_one("#radar-comment", Input)
            comment.value = ""
            comment.add_class("-visible")
            comment.focus()
            return
        self._queue(entry, kind, "")

    @on(Input.Submitted, "#radar-comment")
    def _comment(self, event: Input.Submitted) -> None:
        event.input.remove_class("-visible")
        text = event.value.strip()
        self.query_one("#radar-waiting", RowList).focus()
        entry, self._commenting = self._commenting, None
        if text and entry is not None:
            self._queue(entry, ActionKind.COMMENT, text)

    def action_item_actions(self) -> None:
        """The item-actions menu: everything the entry's source can do to the item."""
        entry = self.current
        if entry is not None and entry.item is not None:
            open_item_actions(self.cto, entry.item)

    def _queue(self, entry: RadarEntry, kind: ActionKind, payload: str) -> None:
        """Queue the action in the outbox and send it now; failures are retried by sync."""
        if entry.item is not None:
            queue_item_action(self.cto, entry.item, kind, payload)
