"""Shared fixtures: a fixed clock, a demo workspace in a temp dir, the app over it."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

# Dates on screen must not depend on the machine running the tests.
os.environ["TZ"] = "UTC"
time.tzset()

FIXED_NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)  # a Wednesday morning


@pytest.fixture
def clock():  # type: ignore[no-untyped-def]
    from ctotui.clock import FixedClock

    return FixedClock(FIXED_NOW)


@pytest.fixture(autouse=True)
def _truecolor_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app picks its colors from TERM, COLORTERM and NO_COLOR: tests draw in truecolor
    whatever terminal (or none, in CI) runs them, unless a test sets its own."""
    monkeypatch.setenv("COLORTERM", "truecolor")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TEXTUAL_COLOR_SYSTEM", raising=False)


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reads or writes the real user's config or data."""
    monkeypatch.setenv("CTOTUI_CONFIG", str(tmp_path / "no-config" / "config.toml"))
    monkeypatch.setenv("CTOTUI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CTOTUI_NOW", raising=False)
    monkeypatch.setenv("CTOTUI_LOG_DIR", str(tmp_path / "logs"))
    yield
    # The CLI sets up file logging; leave the next test a clean "ctotui" logger.
    import logging

    logger = logging.getLogger("ctotui")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    logger.setLevel(logging.NOTSET)


def make_demo_workspace(data_dir: Path, clock):  # type: ignore[no-untyped-def]
    """A synced demo workspace, built through the real registry, sync and store."""
    from ctotui.sync import SyncEngine
    from ctotui.workspace import open_workspace

    workspace = open_workspace(config_arg=None, data_dir_arg=str(data_dir), demo=True, clock=clock)
    outcomes = asyncio.run(SyncEngine(workspace.store, workspace.config, clock).sync_all())
    assert all(o.ok for o in outcomes), outcomes
    return workspace


@pytest.fixture
def demo_workspace(tmp_path: Path, clock):  # type: ignore[no-untyped-def]
    workspace = make_demo_workspace(tmp_path / "demo", clock)
    yield workspace
    workspace.close()


@pytest.fixture
async def demo_app(tmp_path: Path, clock) -> AsyncIterator[object]:  # type: ignore[no-untyped-def]
    """The real app over a synced demo workspace; no background sync during the test."""
    from ctotui.app import CtoApp
    from ctotui.sync import SyncEngine
    from ctotui.workspace import open_workspace

    workspace = open_workspace(
        config_arg=None, data_dir_arg=str(tmp_path / "demo"), demo=True, clock=clock
    )
    await SyncEngine(workspace.store, workspace.config, clock).sync_all()
    yield CtoApp(workspace, clock=clock, sync_on_start=False)
    workspace.close()
