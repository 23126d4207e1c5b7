"""Layout snapshots of the To-dos panel, quick add and the daily reviews at 80x24 and 120x40."""

from __future__ import annotations

from pathlib import Path

import pytest

SIZES = [(80, 24), (120, 40)]
LINE = "Review Q3 budget tomorrow 10am !high +finance #budget @api-lead ~30m every mon"
SCREENS: dict[str, list[str]] = {
    "todos": ["5"],
    "todos_upcoming": ["5", "right"],
    "quick_add": ["5", "t", *LINE],
    "morning": ["m"],
    "morning_todos": ["m", "n", "n", "n"],
    "evening": ["E"],
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_todo_screen_snapshot(snap_compare, tmp_path: Path, clock, screen: str, size) -> None:  # type: ignore[no-untyped-def]
    from conftest import make_demo_workspace

    from ctotui.app import CtoApp

    workspace = make_demo_workspace(tmp_path / "demo", clock)
    try:
        app = CtoApp(workspace, clock=clock, sync_on_start=False)
        assert snap_compare(app, press=SCREENS[screen], terminal_size=size)
    finally:
        workspace.close()
