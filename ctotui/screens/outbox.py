"""The outbox: remote actions still waiting or given up on, with the reason; retry or drop.

Nothing is dropped silently: an action that failed for good stays here until
the user retries it or lets it go.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ctotui.humanize import age
from ctotui.model import OutboxAction, OutboxState
from ctotui.sanitize import clean_line
from ctotui.widgets.row_list import Cell, Column, RowList

if TYPE_CHECKING:
    from ctotui.app import CtoApp

# The reason comes before the source: a narrow terminal crops from the right.
COLUMNS = (
    Column("state", "State", width=8),
    Column("action", "Action", width=14),
    Column("target", "Target", width=18),
    Column("error", "Last error", min_width=16),
    Column("source", "Source", width=12),
    Column("age", "Age", width=4, align="right"),
)


class OutboxRows:
    def __init__(self, actions: list[OutboxAction]) -> None:
        self.actions = actions

    def count(self) -> int:
        return len(self.actions)

    def fetch(self, offset: int, limit: int) -> list[OutboxAction]:
        return self.actions[offset : offset + limit]


class OutboxScreen(ModalScreen[None]):
    CSS_PATH = "outbox.tcss"
    BINDINGS = [
        Binding("r", "retry", "Retry", id="outbox.retry", tooltip="Try the action again"),
        Binding("x", "drop", "Drop", id="outbox.drop", tooltip="Abandon the action"),
        Binding("escape,q", "dismiss", "Close", id="outbox.close", tooltip="Back"),
    ]

    @property
    def cto(self) -> CtoApp:
        return cast("CtoApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(id="outbox-box") as box:
            box.border_title = "Outbox"
            box.border_subtitle = "r retry · x drop · escape close"
            yield Static(id="outbox-summary")
            yield RowList(
                COLUMNS,
                OutboxRows([]),
                self._render_row,
                empty_text="Nothing waiting: every action reached its source.",
                id="outbox-list",
            )

    def on_mount(self) -> None:
        self._reload()
        self.query_one(RowList).focus()

    def _actions(self) -> list[OutboxAction]:
        store = self.cto.store
        return store.failed_actions() + store.pending_actions()

    def _reload(self) -> None:
        actions = self._actions()
        failed = sum(1 for a in actions if a.state is OutboxState.FAILED)
        summary = Text(f"{failed} failed for good, {len(actions) - failed} waiting")
        self.query_one("#outbox-summary", Static).update(summary)
        self.query_one(RowList).set_source(OutboxRows(actions), keep_cursor=True)

    def _render_row(self, action: OutboxAction) -> list[Cell]:
        failed = action.state is OutboxState.FAILED
        return [
            Cell(action.state.value, "alert" if failed else "warn"),
            Cell(action.action.value.replace("_", " ")),
            Cell(action.target, "dim"),
            Cell(
                clean_line(action.last_error or "not tried yet", 300), "alert" if failed else "dim"
            ),
            Cell(action.source),
            Cell(age(action.created_at, self.cto.clock.now()), "dim"),
        ]

    def _current(self) -> OutboxAction | None:
        row: OutboxAction | None = self.query_one(RowList).current_row
        return row

    def action_retry(self) -> None:
        action = self._current()
        if action is None or action.id is None:
            return
        self.cto.store.retry_action(action.id)
        self.notify(f"Retrying {action.action.value.replace('_', ' ')} on {action.source}.")
        self.cto.flush_outbox()
        self._reload()

    def action_drop(self) -> None:
        action = self._current()
        if action is None or action.id is None:
            return
        self.cto.store.drop_action(action.id)
        self.notify(f"Dropped {action.action.value.replace('_', ' ')} on {action.source}.")
        self._reload()
        self.cto.changed()
