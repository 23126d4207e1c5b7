"""The morning review: a guided pass, one step per screen, that can be left and resumed.

Important mail, then what waits on the user in the trackers, then today's
standups, then picking today's to-dos. `o` opens the real panel for the step;
the review stays where it was (and the step is stored), so `m` on Home, or
going back to Home, resumes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from ctotui.humanize import age
from ctotui.model import Todo
from ctotui.radar import KIND_LABELS, waiting_on_me
from ctotui.review import (
    MORNING,
    MORNING_STEPS,
    MorningStep,
    candidates,
    important_messages,
    progress_line,
    standups_on,
    toggle_today,
)
from ctotui.sanitize import clean_line
from ctotui.screens.base import PanelScreen
from ctotui.screens.list_source import ListSource
from ctotui.screens.radar import RadarScreen
from ctotui.todos import due_label, is_today
from ctotui.widgets.row_list import Cell, Column, RowList

COLUMNS = (
    Column("mark", "", width=3),
    Column("who", "", width=16),
    Column("what", ""),
    Column("when", "", width=11, align="right"),
)
PANELS: dict[MorningStep, str] = {
    MorningStep.IMPORTANT: "inbox",
    MorningStep.RADAR: "radar",
    MorningStep.STANDUPS: "standups",
    MorningStep.TODOS: "todos",
}
INTROS: dict[MorningStep, str] = {
    MorningStep.IMPORTANT: "The mail that matters most. o opens the Inbox on it; n moves on.",
    MorningStep.RADAR: "Reviews, blocked items and mentions waiting on you, oldest first.",
    MorningStep.STANDUPS: "Projects with a standup today. o opens Standups.",
    MorningStep.TODOS: "space puts a to-do on today's plan (or takes it off). n finishes.",
}


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """One line of a review step; `todo` is set when the row is a to-do."""

    cells: tuple[Cell, ...]
    todo: Todo | None = None


class MorningReviewScreen(PanelScreen):
    CSS_PATH = "review.tcss"
    TITLE = "Morning review"
    BINDINGS = [
        Binding("n,right", "step(1)", "Next", id="review.next", tooltip="Next step"),
        Binding("p,left", "step(-1)", "Back", id="review.back", tooltip="Previous step"),
        Binding(
            "o", "open_panel", "Open panel", id="review.open", tooltip="Open this step's panel"
        ),
        Binding(
            "space", "toggle_today", "Today ±", id="review.pick", tooltip="Plan for today, or not"
        ),
        Binding("escape", "leave", "Leave", id="review.leave", tooltip="Leave; resume later"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.step = 0

    def compose_body(self) -> ComposeResult:
        yield Static(id="review-progress")
        yield Static(id="review-intro")
        yield RowList(
            COLUMNS,
            ListSource[ReviewRow](()),
            self._row_cells,
            empty_text="Nothing in this step: n moves on.",
            id="review-list",
        )

    @property
    def rows(self) -> RowList[ReviewRow]:
        return self.query_one("#review-list", RowList)

    @property
    def current(self) -> MorningStep:
        return MORNING_STEPS[self.step]

    def _now(self) -> datetime:
        return self.cto.clock.now().astimezone()

    def on_mount(self) -> None:
        stored = self.cto.store.review_step(self._now().date(), MORNING)
        self.step = stored if stored < len(MORNING_STEPS) else 0
        super().on_mount()
        self.rows.focus()

    @staticmethod
    def _row_cells(row: ReviewRow) -> Sequence[Cell]:
        return row.cells

    def refresh_data(self, *, keep_cursor: bool = True) -> None:
        now = self._now()
        self.query_one("#review-progress", Static).update(
            Text(progress_line(self.step), style="bold")
        )
        rows, empty = self._rows(now)
        intro = Text(INTROS[self.current], style="dim")
        if not rows:
            intro = Text(empty, style="bold")
        self.query_one("#review-intro", Static).update(intro)
        self.rows.set_source(ListSource(rows), keep_cursor=keep_cursor)

    def _rows(self, now: datetime) -> tuple[list[ReviewRow], str]:
        store, config = self.cto.store, self.cto.config
        if self.current is MorningStep.IMPORTANT:
            return [
                ReviewRow(
                    (
                        Cell(str(m.importance), "alert"),
                        Cell(m.sender_name or m.sender_address, "strong"),
                        Cell(m.subject or m.snippet),
                        Cell(age(m.received_at, now), "dim"),
                    )
                )
                for m in important_messages(store, now)
            ], "No important mail waiting."
        if self.current is MorningStep.RADAR:
            return [
                ReviewRow(
                    (
                        Cell(KIND_LABELS.get(e.kind, e.kind)[:3], "warn"),
                        Cell(e.who, "strong"),
                        Cell(e.title),
                        Cell(age(e.since, now), "warn"),
                    )
                )
                for e in waiting_on_me(store, config, now)
            ], "Nobody is waiting on you."
        if self.current is MorningStep.STANDUPS:
            return [
                ReviewRow(
                    (
                        Cell("●", "accent"),
                        Cell(p.name, "strong"),
                        Cell(p.description or f"{len(p.people)} people"),
                        Cell("today", "dim"),
                    )
                )
                for p in standups_on(config.projects, now.date())
            ], "No standups today."
        return [self._todo_row(t, now) for t in candidates(store.list_todos())], (
            "No open to-dos. Press t to add one."
        )

    @staticmethod
    def _todo_row(todo: Todo, now: datetime) -> ReviewRow:
        picked = is_today(todo, now)
        due = due_label(todo.due, now) if todo.due is not None else ""
        return ReviewRow(
            (
                Cell("[•]" if picked else "[ ]", "ok" if picked else "dim"),
                Cell(todo.project, "dim"),
                Cell(todo.title, "strong" if picked else ""),
                Cell(due, "warn"),
            ),
            todo,
        )

    def _save(self, step: int) -> None:
        self.cto.store.save_review_step(self._now().date(), MORNING, step)

    def action_step(self, delta: int) -> None:
        target = self.step + delta
        if target < 0:
            return
        if target >= len(MORNING_STEPS):
            self._save(len(MORNING_STEPS))
            self.notify("Morning review done. Have a good day.", title="Morning review")
            self.dismiss()
            return
        self.step = target
        self._save(target)
        self.refresh_data(keep_cursor=False)

    @on(RowList.Selected, "#review-list")
    def _selected(self) -> None:
        """Enter on a row opens the step's panel, like `o`."""
        self.action_open_panel()

    def action_open_panel(self) -> None:
        self._save(self.step)
        if PANELS[self.current] == "radar":
            self.app.push_screen(RadarScreen())  # over the review; escape comes back
            return
        self.app.switch_mode(PANELS[self.current])

    def action_toggle_today(self) -> None:
        row = self.rows.current_row
        if self.current is not MorningStep.TODOS or row is None or row.todo is None:
            return
        changed = toggle_today(row.todo, self._now().date())
        self.cto.store.update_todo(changed)
        verb = "Planned for today" if changed.scheduled else "Off today's plan"
        self.notify(f"{verb}: {clean_line(changed.title, 80)}")
        self.cto.changed()

    def action_leave(self) -> None:
        self._save(self.step)
        self.notify("Morning review paused; m on Home resumes it.", title="Morning review")
        self.dismiss()
