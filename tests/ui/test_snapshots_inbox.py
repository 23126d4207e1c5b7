"""Layout snapshots of the Inbox at 80x24 and 120x40: the queue, Feed, and the snooze picker."""

from __future__ import annotations

from pathlib import Path

import pytest

SIZES = [(80, 24), (120, 40)]
VIEWS = {
    "important": ["2"],
    "feed": ["2", "right", "right"],
    "snooze": ["2", "b"],
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("view", sorted(VIEWS))
def test_inbox_snapshot(snap_compare, tmp_path: Path, clock, view: str, size) -> None:  # type: ignore[no-untyped-def]
    from conftest import make_demo_workspace

    from ctotui.app import CtoApp
    from ctotui.screens.inbox import PREVIEW_DELAY

    async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
        """The keys, then a rest: a split switch shows its preview once the cursor rests."""
        await pilot.press(*VIEWS[view])
        await pilot.pause(PREVIEW_DELAY * 3)

    workspace = make_demo_workspace(tmp_path / "demo", clock)
    try:
        app = CtoApp(workspace, clock=clock, sync_on_start=False)
        assert snap_compare(app, run_before=settle, terminal_size=size)
    finally:
        workspace.close()
