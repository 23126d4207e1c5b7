"""Child process for the crash test: the real app, headless, driven by keys like a user.

It quick-adds to-dos, writes a standup note, changes an estimate's task and marks
inbox messages done or snoozed, over and over. A line `confirmed <kind> <key>
<value>` is printed (and flushed) only once the write shows on screen (its
notification or its row): exactly what the user then takes as saved. Notes and
estimate cells are overwritten, so `attempt <kind> <key> <value>` is printed just
before the key that saves one: the test then knows the newer value a kill may
have let through before its confirmation.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from ctotui.app import CtoApp
from ctotui.clock import FixedClock
from ctotui.screens.estimates import EstimatesScreen
from ctotui.screens.inbox import InboxScreen
from ctotui.screens.inbox_modals import SnoozeScreen
from ctotui.screens.standup_forms import NoteForm
from ctotui.screens.standups import StandupsScreen
from ctotui.screens.todo_form import QuickAddScreen
from ctotui.workspace import open_workspace

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)


def say(*words: object) -> None:
    print(*words, flush=True)


async def until(pilot: Pilot[None], shown: Callable[[], bool], what: str) -> None:
    """Wait for `shown` (the app works between checks); fail loudly if it never is."""
    for _ in range(500):
        if shown():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"never shown: {what}")


def toasted(app: CtoApp, seen: set[str], start: str) -> bool:
    """Whether a notification starting with `start` appeared that was not in `seen`."""
    return any(n.message.startswith(start) and n.identity not in seen for n in app._notifications)


def toast_ids(app: CtoApp) -> set[str]:
    return {n.identity for n in app._notifications}


async def add_todo(app: CtoApp, pilot: Pilot[None], title: str) -> None:
    await pilot.press("1", "t")
    await until(pilot, lambda: isinstance(app.screen, QuickAddScreen), "quick add")
    app.screen.query_one("#todos-form-title", Input).value = title
    seen = toast_ids(app)
    await pilot.press("enter")
    await until(pilot, lambda: toasted(app, seen, f"Added to-do: {title}"), title)
    (todo,) = [t for t in app.store.list_todos() if t.title == title]
    say("confirmed", "todo", todo.id, title)


async def write_note(app: CtoApp, pilot: Pilot[None], text: str) -> None:
    await pilot.press("3")
    await until(pilot, lambda: isinstance(app.screen, StandupsScreen), "standups")
    await pilot.press("n")
    await until(pilot, lambda: isinstance(app.screen, NoteForm), "note form")
    form = app.screen
    assert isinstance(form, NoteForm)
    key = f"{form.project}/{form.day:%Y-%m-%d}/{form.person}"
    form.query_one("#note-done", Input).value = text
    say("attempt", "note", key, text)
    await pilot.press("ctrl+s")

    def on_board() -> bool:
        if isinstance(app.screen, NoteForm):
            return False
        return f"done: {text}" in str(app.screen.query_one("#standups-notes-text", Static).render())

    await until(pilot, on_board, text)
    say("confirmed", "note", key, text)


async def change_estimate(app: CtoApp, pilot: Pilot[None], value: int) -> None:
    await pilot.press("4")
    await until(pilot, lambda: isinstance(app.screen, EstimatesScreen), "estimates")
    screen = app.screen
    assert isinstance(screen, EstimatesScreen)
    table = screen.query_one("#estimates-tasks", DataTable)
    if not table.has_focus:
        await pilot.press("enter")  # from the list into the breakdown
    table.move_cursor(row=1, column=3)  # the first task's optimistic days
    await pilot.press("e")
    edit = screen.query_one("#estimates-edit", Input)
    await until(pilot, lambda: edit.has_focus, "edit bar")
    estimate = screen.estimate
    assert estimate is not None
    key = f"{estimate.id}/0/optimistic"
    edit.value = str(value)
    say("attempt", "estimate", key, value)
    await pilot.press("enter")
    cell = Coordinate(1, 3)
    await until(pilot, lambda: table.has_focus and str(table.get_cell_at(cell)) == str(value), key)
    say("confirmed", "estimate", key, value)


async def triage(app: CtoApp, pilot: Pilot[None], snooze: bool) -> None:
    await pilot.press("2")
    await until(pilot, lambda: isinstance(app.screen, InboxScreen), "inbox")
    inbox = app.screen
    assert isinstance(inbox, InboxScreen)
    while inbox.view.label != "All":
        await pilot.press("right")
    await pilot.pause()
    message = inbox.current_message()
    if message is None:
        return
    seen = toast_ids(app)
    if snooze:
        await pilot.press("b")
        await until(pilot, lambda: isinstance(app.screen, SnoozeScreen), "snooze")
        await pilot.press("enter")  # the first preset: later today
        await until(pilot, lambda: toasted(app, seen, "Snoozed until"), "snoozed")
        say("confirmed", "triage", message.id, "snoozed")
    else:
        await pilot.press("e")
        await until(pilot, lambda: toasted(app, seen, "Done: "), "done")
        say("confirmed", "triage", message.id, "done")


async def main(data_dir: Path, round_: str) -> None:
    clock = FixedClock(NOW)
    workspace = open_workspace(config_arg=None, data_dir_arg=str(data_dir), demo=True, clock=clock)
    app = CtoApp(workspace, clock=clock, sync_on_start=False)
    async with app.run_test(size=(120, 40)) as pilot:
        say("READY")
        n = 0
        while True:
            n += 1
            steps = [
                add_todo(app, pilot, f"Pay invoice r{round_}n{n}"),
                triage(app, pilot, snooze=n % 2 == 0),
                write_note(app, pilot, f"Shipped r{round_}n{n}"),
                change_estimate(app, pilot, n % 3),
            ]
            first = int(round_) % len(steps)  # each round starts with another kind of write
            for step in steps[first:] + steps[:first]:
                await step


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), sys.argv[2]))
