"""User-set timeouts: a source's `timeout` or `[sync] timeout`, validated and really used.

Servers on 127.0.0.1 accept the connection and never answer; the IMAP, SMTP
and HTTP sources give up after the configured limit and say so in one line
that names the value and the options (the time itself is not asserted).
"""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

import pytest
from network_faults_server import FaultServer
from network_faults_workspace import (
    TOKEN,
    faulty_status,
    no_dns,
    open_with_faulty,
    run_sync,
    seed_earlier_sync,
)
from test_network_faults import recorder, waits, with_test_sleep

from ctotui.adapters.http import HttpSession, make_client, source_timeout
from ctotui.clock import FixedClock
from ctotui.config import config_from_text
from ctotui.config_schema import fixed_class
from ctotui.errors import AdapterError
from ctotui.model import ActionKind, OutboxAction
from ctotui.sync import SyncEngine
from ctotui.workspace import open_workspace

__all__ = ["no_dns", "waits"]  # fixtures used below

DEMO = '[[sources]]\nname = "{name}"\nadapter = "demo"\n{extra}\n'


def demo_sources(*extras: str, sync: str = "") -> str:
    tables = "".join(DEMO.format(name=f"s{i}", extra=extra) for i, extra in enumerate(extras))
    return f"{tables}\n{sync}"


def test_the_source_timeout_wins_over_the_sync_default() -> None:
    config = config_from_text(demo_sources("timeout = 3", "", sync="[sync]\ntimeout = 12.5\n"))
    assert config.problems == ()
    own, default = config.sources
    assert own.settings["timeout"] == 3.0
    assert default.settings["timeout"] == 12.5
    assert config.sync.timeout == 12.5


def test_without_any_timeout_the_built_in_limits_stay() -> None:
    config = config_from_text(demo_sources(""))
    assert config.problems == () and config.sync.timeout is None
    assert "timeout" not in config.sources[0].settings
    assert source_timeout(config.sources[0].settings) is None  # make_client's default


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ('"30s"', "timeout must be a number of seconds, got '30s'"),
        ("true", "timeout must be a number of seconds, got a boolean"),
        ("0", "timeout of 0 s is not a positive number"),
        ("-5", "timeout of -5 s is not a positive number"),
        ("7200", "timeout of 7200 s is not a positive number up to 3600"),
    ],
)
def test_a_bad_source_timeout_is_a_clear_problem(value: str, said: str) -> None:
    config = config_from_text(demo_sources(f"timeout = {value}", ""))
    [problem] = config.problems
    assert problem.key == "sources[0].timeout" and said in problem.text, str(problem)
    assert "timeout = 30" in problem.fix
    assert [s.name for s in config.sources] == ["s1"]  # the broken source only is dropped


def test_a_bad_sync_timeout_is_a_clear_problem() -> None:
    config = config_from_text(demo_sources("", sync='[sync]\ntimeout = "fast"\n'))
    [problem] = config.problems
    assert problem.key == "sync.timeout" and "got 'fast'" in problem.text
    assert config.sync.timeout is None and "timeout" not in config.sources[0].settings


def test_an_unknown_sync_key_lists_timeout() -> None:
    config = config_from_text(demo_sources("", sync="[sync]\ntimeout_s = 5\n"))
    [problem] = config.problems
    assert 'did you mean "timeout"' in problem.text and "timeout" in problem.fix


# -- the limits at work ---------------------------------------------------------------


def test_imap_gives_up_after_the_source_timeout(
    tmp_path: Path, clock: FixedClock, no_dns: None
) -> None:
    with FaultServer(None) as silent:
        keys = (
            f'adapter = "imap"\nhost = "127.0.0.1"\nport = {silent.port}\nsecurity = "plain"\n'
            'username = "cto@acme.example"\npassword = { env = "FAULT_TOKEN" }\ntimeout = 0.4'
        )
        workspace = open_with_faulty(tmp_path, clock, keys)
        try:
            seed_earlier_sync(workspace, clock)
            run_sync(workspace, clock)
            where = f"127.0.0.1:{silent.port}"
            faulty_status(
                workspace,
                ("IMAP", f"{where} did not answer within 0.4 s", "source's timeout", "[sync]"),
            )
        finally:
            workspace.close()


def test_smtp_gives_up_after_the_sync_default_timeout(tmp_path: Path, clock: FixedClock) -> None:
    root = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True)
    with FaultServer(None) as silent:
        config = tmp_path / "config.toml"
        config.write_text(
            f'[sync]\ntimeout = 0.4\n\n[[sources]]\nname = "mail"\nadapter = "maildir"\n'
            f'path = "{root}"\nsmtp_host = "127.0.0.1"\nsmtp_port = {silent.port}\n'
            'smtp_security = "plain"\nsmtp_username = "cto@acme.example"\n',
            encoding="utf-8",
        )
        workspace = open_workspace(
            config_arg=str(config), data_dir_arg=str(tmp_path / "data"), demo=False, clock=clock
        )
        try:
            store = workspace.store
            store.enqueue(OutboxAction("mail", ActionKind.SEND, "", clock.now(), payload=_reply()))
            engine = SyncEngine(store, workspace.config, clock)
            assert asyncio.run(engine.flush_outbox()) == (0, 1)
            [action] = store.pending_actions("mail")
        finally:
            workspace.close()
    line = action.last_error
    assert f"SMTP: 127.0.0.1:{silent.port} did not answer within 0.4 s" in line, line
    assert "[sync] timeout" in line


HTTP_SOURCES = {
    "jira": 'base_url = "{url}"\nemail = "cto@acme.example"\njql = ["api: project = API"]',
    "github": 'base_url = "{url}"\nrepos = ["acme/api"]',
    "gitlab": 'base_url = "{url}/api/v4"\nprojects = ["acme/api"]',
}


@pytest.mark.parametrize("adapter", sorted(HTTP_SOURCES))
def test_http_adapter_gives_up_after_the_source_timeout(
    adapter: str, tmp_path: Path, clock: FixedClock, no_dns: None, waits: list[float]
) -> None:
    with FaultServer(None) as silent:
        keys = (
            f'adapter = "{adapter}"\ntoken = {{ env = "FAULT_TOKEN" }}\n'
            + HTTP_SOURCES[adapter].format(url=silent.http_url)
            + "\ntimeout = 0.3"
        )
        workspace = open_with_faulty(tmp_path, clock, keys)
        sources = tuple(
            dataclasses.replace(s, load_class=fixed_class(with_test_sleep(s.adapter_class, waits)))
            if s.name == "faulty"
            else s
            for s in workspace.config.sources
        )
        workspace.config = dataclasses.replace(workspace.config, sources=sources)
        try:
            seed_earlier_sync(workspace, clock)
            run_sync(workspace, clock)
            line = faulty_status(
                workspace, ("127.0.0.1", "did not answer within 0.3 s", "source's timeout")
            )
        finally:
            workspace.close()
    assert TOKEN not in line and len(waits) == 3  # retried without really sleeping


async def test_the_http_session_names_the_limit_that_ran_out() -> None:
    with FaultServer(None) as silent:
        client = make_client(silent.http_url, timeout=source_timeout({"timeout": 0.2}))
        session = HttpSession(client, "Tracker", sleep=recorder([]))
        try:
            with pytest.raises(AdapterError, match=r"did not answer within 0\.2 s for Tracker"):
                await session.request("GET", "/issues")
        finally:
            await client.aclose()


def _reply() -> str:
    return (
        "From: CTO <cto@acme.example>\nTo: ana@acme.example\nSubject: Re: Budget\n"
        "Message-ID: <t1@acme.example>\nDate: Wed, 18 Nov 2026 09:30:00 +0000\n\nApproved.\n"
    )
