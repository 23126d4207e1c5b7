"""What the app leaves for after its first frame: modules, and the figures that grow with the store.

Each check runs in a fresh interpreter, as a user's start does: `import ctotui.app`,
and the real app started headless up to the first frame it hands the terminal
(the moment the start-up benchmark measures), where it reports which modules are
loaded and what Home shows.
"""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_demo_workspace

from ctotui import registry
from ctotui.model import StatusCategory
from ctotui.sanitize import clean_line
from ctotui.store import InboxSplit, MessageQuery

# Loaded on first use, after the first frame: the sync engine and scheduler (the
# first scheduled sync starts after it), the radar and the triage re-ranking
# (read just after it), the other panels, and the network and numeric libraries.
LAZY_AT_START = (
    "ctotui.sync",
    "ctotui.sync_scheduler",
    "ctotui.sync_limits",
    "ctotui.net_errors",
    "ctotui.radar",
    "ctotui.rescore",
    "ctotui.screens.inbox",
    "ctotui.screens.standups",
    "ctotui.screens.estimates",
    "ctotui.screens.todos",
    "ctotui.screens.settings",
    "ctotui.screens.help",
    "ctotui.estimate",
    "ctotui.widgets.row_list",
    "httpx",
    "numpy",
)

FIRST_FRAME = """
import json, sys
from ctotui.app import CtoApp
from ctotui.clock import SystemClock
from ctotui.workspace import open_workspace

lazy = json.loads(sys.argv[1])


class FirstFrame(CtoApp):
    reported = False

    def _display(self, screen, renderable):
        super()._display(screen, renderable)
        if renderable is not None and not self.reported:
            self.reported = True
            shown = {
                name: str(self.screen.query_one(f"#home-{name}").render())
                for name in ("summary", "mail", "sources")
            }
            loaded = [name for name in lazy if name in sys.modules]
            print(json.dumps({"loaded": loaded, "shown": shown}), flush=True)
            self.call_later(self.exit)


clock = SystemClock()
workspace = open_workspace(config_arg=None, data_dir_arg=sys.argv[2], demo=True, clock=clock)
try:
    FirstFrame(workspace, clock=clock, sync_on_start=True).run(headless=True, size=(120, 40))
finally:
    workspace.close()
"""


def run_python(*args: str) -> str:
    out = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=120, check=False
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def test_importing_the_app_leaves_the_lazy_modules_alone() -> None:
    script = "import json, sys, ctotui.app; print(json.dumps(sorted(sys.modules)))"
    loaded = set(json.loads(run_python("-c", script)))
    assert "ctotui.screens.home" in loaded
    assert [name for name in LAZY_AT_START if name in loaded] == []


def test_the_first_frame_shows_the_store_without_the_lazy_modules(
    tmp_path: Path,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    workspace = make_demo_workspace(tmp_path / "demo", clock)
    try:
        important = workspace.store.page_messages(
            MessageQuery(split=InboxSplit.IMPORTANT, now=clock.now()), 0, 50
        )
        blocked = workspace.store.category_counts()[StatusCategory.BLOCKED]
    finally:
        workspace.close()
    senders = {clean_line(m.sender_name or m.sender_address, 18) for m in important}
    assert senders

    out = run_python("-c", FIRST_FRAME, json.dumps(LAZY_AT_START), str(tmp_path / "demo"))
    report = json.loads(out.strip().splitlines()[-1])
    assert report["loaded"] == []
    shown = report["shown"]
    # The short lists come from the store in the first frame; the counts follow it.
    assert any(sender in shown["mail"] for sender in senders), shown["mail"]
    assert "demo" in shown["sources"] and "✓" in shown["sources"]
    assert "… new" in shown["summary"] and "… waiting on me" in shown["summary"]
    assert f"{blocked} blocked" in shown["summary"]


def test_adapters_are_looked_up_in_one_scan_of_the_installed_packages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    scans: list[str] = []
    real = importlib.metadata.entry_points

    def counting(**kwargs: str) -> importlib.metadata.EntryPoints:
        scans.append(kwargs.get("group", ""))
        return real(**kwargs)

    monkeypatch.setattr(importlib.metadata, "entry_points", counting)
    registry._scan_entry_points.cache_clear()
    try:
        assert registry.load_adapter("demo").name == "demo"
        assert registry.load_adapter("echo").name == "echo"
        assert {"demo", "echo"} <= set(registry.installed_adapters())
    finally:
        registry._scan_entry_points.cache_clear()
    assert scans == [registry.ENTRY_POINT_GROUP]
