"""`ctotui status` says what Home says: waiting on me, blocked, to-dos due (read off the screen)."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest
from status_fixture import CONFIG, NOW, fill
from textual.widgets import Static

from ctotui.app import CtoApp
from ctotui.cli import main
from ctotui.clock import FixedClock
from ctotui.store import Store
from ctotui.workspace import open_workspace

FIGURES = {"waiting_on_me": "waiting on me", "blocked": "blocked", "due_today": "to-dos due"}


async def home_figures(app: CtoApp) -> dict[str, int]:
    """The counts in Home's summary line, once the radar has landed."""
    async with app.run_test(size=(140, 40)) as pilot:
        summary = ""
        for _ in range(100):
            await pilot.pause()
            summary = str(app.screen.query_one("#home-summary", Static).render())
            if "…" not in summary:
                break
        assert app.current_mode == "home"
    found = {}
    for name, label in FIGURES.items():
        match = re.search(rf"(\d+) {label}", summary)
        assert match is not None, summary
        found[name] = int(match.group(1))
    return found


def status_figures(capsys: pytest.CaptureFixture[str], *argv: str, now: datetime) -> dict[str, int]:
    assert main([*argv, "status", "--format", "json"], clock=FixedClock(now)) == 0
    figures: dict[str, int] = json.loads(capsys.readouterr().out)
    return {name: figures[name] for name in FIGURES}


async def test_status_says_what_home_says_on_the_demo(
    demo_app: CtoApp,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    clock: FixedClock,
) -> None:
    shown = await home_figures(demo_app)
    assert shown["waiting_on_me"] > 0 and shown["blocked"] > 0
    assert status_figures(
        capsys, "--demo", "--data-dir", str(tmp_path / "demo"), now=clock.now()
    ) == (shown)


async def test_status_says_what_home_says_with_unanswered_mentions(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(CONFIG)
    data = tmp_path / "data"
    data.mkdir()
    with Store.open(data / "ctotui.db") as store:
        fill(store)
    clock = FixedClock(NOW)
    workspace = open_workspace(
        config_arg=str(config), data_dir_arg=str(data), demo=False, clock=clock
    )
    try:
        shown = await home_figures(CtoApp(workspace, clock=clock, sync_on_start=False))
    finally:
        workspace.close()
    assert shown["waiting_on_me"] >= 8  # items, mail and chat questions, tracker mentions
    assert (
        status_figures(capsys, "--config", str(config), "--data-dir", str(data), now=NOW) == shown
    )
