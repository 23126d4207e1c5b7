"""End to end: the installed `ctotui --demo` in a real tmux, driven with send-keys.

This is how a person meets the app over SSH: a real terminal (tmux), real key
presses, the screen read back as text. Runs at 80x24 and 120x40.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

CTOTUI = Path(sys.executable).parent / "ctotui"
FIXED_NOW = "2026-11-18T09:30:00+00:00"


def _require_tmux() -> str:
    tmux = shutil.which("tmux")
    if tmux is None:
        if os.environ.get("CI") == "true":
            pytest.fail("tmux is required under CI (.ci/run installs it)")
        pytest.skip("tmux is not installed")
    if not CTOTUI.exists():
        pytest.skip(f"the ctotui command is not installed next to {sys.executable}")
    return tmux


class Tmux:
    def __init__(self, tmux: str, socket: str) -> None:
        self.tmux = tmux
        self.socket = socket

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self.tmux, "-L", self.socket, *args], capture_output=True, text=True, check=False
        )

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "e2e").stdout

    def alive(self) -> bool:
        return self.run("has-session", "-t", "e2e").returncode == 0

    def wait_for(self, *texts: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if all(text in screen for text in texts):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"never saw {texts!r} on screen:\n{screen}")

    def wait_gone(self, text: str, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while text in self.screen():
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} stayed on screen:\n{self.screen()}")
            time.sleep(0.2)

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "e2e", *keys)


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    session = Tmux(_require_tmux(), f"ctotui-e2e-{uuid.uuid4().hex[:8]}")
    yield session
    session.run("kill-server")


@pytest.mark.parametrize(("width", "height"), [(80, 24), (120, 40)])
def test_every_panel_in_a_real_terminal(
    tmux: Tmux, tmp_path: Path, width: int, height: int
) -> None:
    command = (
        f"env CTOTUI_DATA_DIR={tmp_path} CTOTUI_NOW={FIXED_NOW} TERM=xterm-256color {CTOTUI} --demo"
    )
    started = tmux.run(
        "new-session", "-d", "-s", "e2e", "-x", str(width), "-y", str(height), command
    )
    assert started.returncode == 0, started.stderr
    home = tmux.wait_for("Home", "important", "Waiting on me")
    assert "demo" in home
    tmux.keys("2")
    inbox = tmux.wait_for("Inbox", "From", "Subject")
    assert "Nora Lindgren" in inbox  # the VIP client's escalation ranks first
    tmux.keys("3")
    tmux.wait_for("Standups", "api", "blocked")
    tmux.keys("4")
    tmux.wait_for("Estimates", "Client portal for Northwind")
    tmux.keys("5")
    tmux.wait_for("To-dos", "Today")
    tmux.keys("?")
    tmux.wait_for("Keys")
    tmux.keys("Escape")
    # A key sent right after ESC would arrive as alt+key: wait for the help to close.
    tmux.wait_gone("Keys:")
    tmux.keys("1")
    tmux.wait_for("Home", "Sources")
    tmux.keys("q")
    deadline = time.monotonic() + 15
    while tmux.alive() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not tmux.alive(), "ctotui did not quit on q"
