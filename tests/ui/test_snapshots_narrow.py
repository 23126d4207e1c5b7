"""Layout snapshots of every panel at 60x24: panes stack or hide, nothing essential is cut."""

from __future__ import annotations

from pathlib import Path

import pytest

SCREENS = {
    "home": [],
    "inbox": ["2"],
    "standups": ["3"],
    "estimates": ["4"],
    "todos": ["5"],
    "radar": ["w"],
    "outbox": ["O"],
    "help": ["2", "question_mark"],
    "morning": ["m"],
    "evening": ["E"],
}


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_screen_snapshot_at_60x24(snap_compare, tmp_path: Path, clock, screen: str) -> None:  # type: ignore[no-untyped-def]
    from conftest import make_demo_workspace

    from ctotui.app import CtoApp

    workspace = make_demo_workspace(tmp_path / "demo", clock)
    try:
        app = CtoApp(workspace, clock=clock, sync_on_start=False)
        assert snap_compare(app, press=SCREENS[screen], terminal_size=(60, 24))
    finally:
        workspace.close()
