"""Starting with no network: one summarising notification, each source's line on the status bar.

Sources fail for real (a refused loopback port, a name that does not resolve);
the store holds what an earlier sync saved an hour before the fixed clock.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from network_faults_server import closed_port
from network_faults_workspace import BAD_HOST, TOKEN, no_dns, seed_earlier_sync
from textual.widgets import Static

from ctotui.adapters.github import GitHubAdapter
from ctotui.adapters.gitlab import GitLabAdapter
from ctotui.app import CtoApp
from ctotui.clock import FixedClock
from ctotui.humanize import when
from ctotui.sync_scheduler import Phase
from ctotui.workspace import Workspace, open_workspace

__all__ = ["no_dns"]  # fixture used below

TOKEN_REF = '{ env = "FAULT_TOKEN" }'


@pytest.fixture(autouse=True)
def no_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    """GitHub and GitLab retry a refused connection without really sleeping."""

    async def no_sleep(_seconds: float) -> None:
        return None

    monkeypatch.setattr(GitHubAdapter, "sleep", staticmethod(no_sleep))
    monkeypatch.setattr(GitLabAdapter, "sleep", staticmethod(no_sleep))


def unreachable(refused: int) -> dict[str, str]:
    return {
        "gh": f'adapter = "github"\ntoken = {TOKEN_REF}\n'
        f'base_url = "http://127.0.0.1:{refused}"\nrepos = ["acme/api"]',
        "gl": f'adapter = "gitlab"\ntoken = {TOKEN_REF}\n'
        f'base_url = "http://{BAD_HOST}/api/v4"\nprojects = ["acme/api"]',
        "jira": f'adapter = "jira"\ntoken = {TOKEN_REF}\nbase_url = "http://{BAD_HOST}"\n'
        'email = "cto@acme.example"\njql = ["api: project = API"]',
        "chat": f'adapter = "matrix"\nhomeserver = "http://{BAD_HOST}"\n'
        f'user_id = "@cto:acme.example"\naccess_token = {TOKEN_REF}',
        "mail": f'adapter = "imap"\nhost = "127.0.0.1"\nport = {refused}\nsecurity = "plain"\n'
        f'username = "cto@acme.example"\npassword = {TOKEN_REF}',
    }


def workspace_with(tmp_path: Path, clock: FixedClock, tables: dict[str, str]) -> Workspace:
    text = "\n".join(f'[[sources]]\nname = "{n}"\n{body}\n' for n, body in tables.items())
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    workspace = open_workspace(
        config_arg=str(config), data_dir_arg=str(tmp_path / "data"), demo=False, clock=clock
    )
    assert not workspace.config.problems, workspace.config.problems
    for name in tables:
        seed_earlier_sync(workspace, clock, source=name)
    return workspace


async def started(app: CtoApp, pilot: object, names: list[str]) -> None:
    """Until every source's first run has ended (bounded; no timing assertion)."""
    for _ in range(400):
        runs = app.scheduler.runs
        done = all(runs[n].phase in (Phase.OK, Phase.FAILED) for n in names)
        if done and not app.scheduler.busy and not app.sync_busy:
            await pilot.pause()  # type: ignore[attr-defined]
            return
        await pilot.pause(0.05)  # type: ignore[attr-defined]
    raise AssertionError(f"sync did not finish: {app.scheduler.runs}")


def sync_notices(app: CtoApp) -> list[tuple[str, str]]:
    return [(n.title, n.message) for n in app._notifications if n.title != "Secrets"]


async def test_no_network_at_start_is_one_offline_notice(
    tmp_path: Path, clock: FixedClock, no_dns: None
) -> None:
    tables = unreachable(closed_port())
    workspace = workspace_with(tmp_path, clock, tables)
    try:
        app = CtoApp(workspace, clock=clock, sync_on_start=True)
        async with app.run_test(size=(200, 40)) as pilot:
            await started(app, pilot, list(tables))
            saved = when(clock.now() - timedelta(hours=1), clock.now())
            assert sync_notices(app) == [
                ("Offline", f"offline: 5 sources unreachable — showing saved data from {saved}")
            ]
            line = str(app.screen.query_one("SyncStatus", Static).render())
            assert line.count("✗") == 5  # each source still has its own line
            assert "refused the connection" in line and "DNS" in line
            assert TOKEN not in line
            await pilot.press("S")  # asking again while still offline: one notice again
            await started(app, pilot, list(tables))
            assert len(sync_notices(app)) == 2
    finally:
        workspace.close()


async def test_some_failing_at_start_is_one_notice_listing_them(
    tmp_path: Path, clock: FixedClock, no_dns: None
) -> None:
    every = unreachable(closed_port())
    tables = {"demo": 'adapter = "demo"', "gh": every["gh"], "gl": every["gl"]}
    workspace = workspace_with(tmp_path, clock, tables)
    try:
        app = CtoApp(workspace, clock=clock, sync_on_start=True)
        async with app.run_test(size=(200, 40)) as pilot:
            await started(app, pilot, list(tables))
            [(title, message)] = sync_notices(app)
            head, *lines = message.splitlines()
            assert title == "Sync failed" and head == "2 of 3 sources failed to sync"
            assert [line.split(":", 1)[0] for line in lines] == ["gh", "gl"]
            assert "refused the connection" in lines[0] and "DNS" in lines[1]
            assert TOKEN not in message
            assert app.scheduler.runs["demo"].phase is Phase.OK
    finally:
        workspace.close()
