"""Layout snapshots of a standup in progress: the board at 80x24 and 120x40, and its dialogs.

Yesterday's standup is recorded (so the board shows what changed since), one
person has spoken today and one blocker is raised.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

SIZES = [(80, 24), (120, 40)]
VIEWS = {"board": ["3"], "note": ["3", "n"], "follow_up": ["3", "f"], "history": ["3", "h"]}


def _standup_in_progress(workspace, clock) -> None:  # type: ignore[no-untyped-def]
    from ctotui.model import BlockerState, StandupNote
    from ctotui.standup_report import load_report

    store, project = workspace.store, workspace.config.projects[0]
    now = clock.now()
    report = load_report(store, project, workspace.config.people, now)
    first = report.board.blocked[0]
    last = {"blocked": {"item:demo:gone": "acme/api#1"}, "promised": {}}
    yesterday = date(2026, 11, 17)
    store.save_standup_session(project.name, yesterday, now - timedelta(days=1), json.dumps(last))
    store.save_standup_note(
        StandupNote(project.name, now.date(), project.people[0], done="Reviewed the tax PR")
    )
    store.set_blocker_state(
        project.name, first.ref, first.item.key, BlockerState.RAISED, now.date(), now
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("view", sorted(VIEWS))
def test_standup_snapshot(snap_compare, tmp_path: Path, clock, view: str, size) -> None:  # type: ignore[no-untyped-def]
    from conftest import make_demo_workspace
    from textual.widgets import Input

    from ctotui.app import CtoApp

    workspace = make_demo_workspace(tmp_path / "demo", clock)
    try:
        _standup_in_progress(workspace, clock)
        app = CtoApp(workspace, clock=clock, sync_on_start=False)

        async def steady_cursor(pilot) -> None:  # type: ignore[no-untyped-def]
            """A blinking text cursor would make the picture depend on timing."""
            for key in VIEWS[view]:
                await pilot.press(key)
            for field in app.screen.query(Input):
                field.cursor_blink = False
            await pilot.pause()

        assert snap_compare(app, run_before=steady_cursor, terminal_size=size)
    finally:
        workspace.close()
