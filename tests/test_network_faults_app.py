"""The app and the CLI when sources cannot be reached: cached data, one line per source.

One unreachable source among working ones, and a box with no network at all:
the app starts on what the store holds, every panel still works, each failing
source shows its one-line error and when it is retried, and nothing piles up
modal screens. `ctotui sync` with every source unreachable prints one failure
line per source and exits non-zero.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from network_faults_server import FaultServer, closed_port, plain_http_handler
from network_faults_workspace import BAD_HOST, TOKEN, no_dns, open_with_faulty, seed_earlier_sync
from textual.screen import ModalScreen
from textual.widgets import Static

from ctotui.adapters.github import GitHubAdapter
from ctotui.adapters.gitlab import GitLabAdapter
from ctotui.app import CtoApp
from ctotui.cli import main
from ctotui.clock import FixedClock
from ctotui.store.inbox import InboxSplit
from ctotui.sync import SyncEngine
from ctotui.sync_scheduler import Phase
from ctotui.widgets.row_list import RowList
from ctotui.workspace import Workspace

__all__ = ["no_dns"]  # fixture used below


@pytest.fixture(autouse=True)
def no_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    """GitHub and GitLab retry a refused connection without really sleeping."""

    async def no_sleep(_seconds: float) -> None:
        return None

    monkeypatch.setattr(GitHubAdapter, "sleep", staticmethod(no_sleep))
    monkeypatch.setattr(GitLabAdapter, "sleep", staticmethod(no_sleep))


def unreachable_sources(tls_port: int) -> str:
    """Every network adapter, each failing without a retry wait that really sleeps."""
    refused = closed_port()
    token = '{ env = "FAULT_TOKEN" }'
    return f"""
[[sources]]
name = "gh"
adapter = "github"
token = {token}
base_url = "http://127.0.0.1:{refused}"
repos = ["acme/api"]

[[sources]]
name = "gl"
adapter = "gitlab"
token = {token}
base_url = "http://{BAD_HOST}/api/v4"
projects = ["acme/api"]

[[sources]]
name = "jira"
adapter = "jira"
token = {token}
base_url = "http://{BAD_HOST}"
email = "cto@acme.example"
jql = ["api: project = API"]

[[sources]]
name = "linear"
adapter = "linear"
token = {token}
api_url = "https://127.0.0.1:{tls_port}/graphql"
teams = ["ENG"]

[[sources]]
name = "slack"
adapter = "slack"
token = {token}
base_url = "https://127.0.0.1:{tls_port}/api/"

[[sources]]
name = "chat"
adapter = "matrix"
homeserver = "http://{BAD_HOST}"
user_id = "@cto:acme.example"
access_token = {token}

[[sources]]
name = "mail"
adapter = "imap"
host = "127.0.0.1"
port = {refused}
security = "plain"
username = "cto@acme.example"
password = {token}
"""


SOURCES = ("gh", "gl", "jira", "linear", "slack", "chat", "mail")


def offline_workspace(tmp_path: Path, clock: FixedClock, tls_port: int) -> Workspace:
    """Every source unreachable, each with a message from an earlier sync in the store."""
    config = tmp_path / "config.toml"
    config.write_text(unreachable_sources(tls_port), encoding="utf-8")
    from ctotui.workspace import open_workspace

    workspace = open_workspace(
        config_arg=str(config), data_dir_arg=str(tmp_path / "data"), demo=False, clock=clock
    )
    assert not workspace.config.problems, workspace.config.problems
    for name in SOURCES:
        seed_earlier_sync(workspace, clock, source=name)
    return workspace


def status_line(app: CtoApp) -> str:
    return str(app.screen.query_one("SyncStatus", Static).render())


async def wait_for_sync(app: CtoApp, pilot: object, names: tuple[str, ...]) -> None:
    """Until every named source's first run has ended (bounded; no timing assertion)."""
    for _ in range(400):
        runs = app.scheduler.runs
        if not app.scheduler.busy and all(runs[n].phase in (Phase.OK, Phase.FAILED) for n in names):
            return
        await pilot.pause(0.05)  # type: ignore[attr-defined]
    raise AssertionError(f"sync did not finish: {app.scheduler.runs}")


def assert_no_modal(app: CtoApp) -> None:
    assert not any(isinstance(screen, ModalScreen) for screen in app.screen_stack)


async def test_one_unreachable_source_leaves_the_app_working(
    tmp_path: Path, clock: FixedClock, no_dns: None
) -> None:
    port = closed_port()
    workspace = open_with_faulty(
        tmp_path,
        clock,
        f'adapter = "github"\ntoken = {{ env = "FAULT_TOKEN" }}\n'
        f'base_url = "http://127.0.0.1:{port}"\nrepos = ["acme/api"]',
    )
    try:
        await SyncEngine(workspace.store, workspace.config, clock).sync_all(only="demo")
        app = CtoApp(workspace, clock=clock, sync_on_start=True)
        async with app.run_test(size=(160, 40)) as pilot:
            await wait_for_sync(app, pilot, ("demo", "faulty"))
            await pilot.pause()
            line = status_line(app)
            assert "faulty ✗ 127.0.0.1 refused the connection for GitHub (faulty)" in line
            assert "retry in " in line and "demo ✓" in line and TOKEN not in line
            sources = str(app.screen.query_one("#home-sources", Static).render())
            assert "faulty" in sources and "refused the connection" in sources
            for key, mode in (
                ("2", "inbox"),
                ("3", "standups"),
                ("4", "estimates"),
                ("5", "todos"),
            ):
                await pilot.press(key)
                await pilot.pause()
                assert app.current_mode == mode
                assert "refused the connection" in status_line(app)  # on every panel
            await pilot.press("2")
            await pilot.pause()
            assert app.screen.query_one("#inbox-list", RowList).row_count > 0
            assert_no_modal(app)
    finally:
        workspace.close()


async def test_no_network_at_all_starts_on_cached_data(
    tmp_path: Path, clock: FixedClock, no_dns: None
) -> None:
    with FaultServer(plain_http_handler) as plain:
        workspace = offline_workspace(tmp_path, clock, plain.port)
        try:
            app = CtoApp(workspace, clock=clock, sync_on_start=True)
            async with app.run_test(size=(200, 40)) as pilot:
                await pilot.pause()
                counts = workspace.store.inbox_counts(clock.now())
                assert counts[InboxSplit.NEW] == len(SOURCES)  # the stored mail, before any sync
                summary = str(app.screen.query_one("#home-summary", Static).render())
                assert f"{len(SOURCES)} new" in summary
                await wait_for_sync(app, pilot, SOURCES)
                await pilot.pause()
                statuses = {s.source: s for s in workspace.store.source_statuses()}
                for name in SOURCES:
                    error = statuses[name].last_error
                    assert error and "\n" not in error and TOKEN not in error, (name, error)
                assert_no_modal(app)
                line = status_line(app)
                assert line.count("✗") == len(SOURCES) and "retry in" in line
                await pilot.press("2")
                await pilot.pause()
                screen = app.screen
                for _ in range(len(screen.views)):  # type: ignore[attr-defined]
                    if screen.view.label == "All":  # type: ignore[attr-defined]
                        break
                    await pilot.press("l")
                    await pilot.pause()
                assert screen.query_one("#inbox-list", RowList).row_count == len(SOURCES)
                await pilot.press("1")
                await pilot.pause()
                assert app.current_mode == "home"
                assert_no_modal(app)
        finally:
            workspace.close()


def test_cli_sync_with_no_network_prints_one_line_per_source_and_fails(
    tmp_path: Path,
    clock: FixedClock,
    no_dns: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with FaultServer(plain_http_handler) as plain:
        config = tmp_path / "config.toml"
        config.write_text(unreachable_sources(plain.port), encoding="utf-8")
        code = main(
            ["--config", str(config), "--data-dir", str(tmp_path / "data"), "sync"], clock=clock
        )
    out = capsys.readouterr().out
    assert code == 1
    failed = [line for line in out.splitlines() if ": failed: " in line]
    assert sorted(line.split(":", 1)[0] for line in failed) == sorted(SOURCES)
    expected = {
        "gh": "refused the connection",
        "gl": "DNS: name not found",
        "jira": "DNS: name not found",
        "linear": "TLS handshake failed",
        "slack": "TLS handshake failed",
        "chat": "DNS: name not found",
        "mail": "refused the connection",
    }
    for line in failed:
        name = line.split(":", 1)[0]
        assert expected[name] in line, line
    assert f"0/{len(SOURCES)} sources synced" in out
    assert TOKEN not in out
