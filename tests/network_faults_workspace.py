"""A workspace with a healthy demo source and one faulty source, for the fault tests.

The faulty source (always named "faulty") first gets the data of an earlier,
successful sync; after the faulty sync (run by the app's scheduler) the tests
check its status line, its retry time, that this data is still there, and that
the demo source synced.
"""

from __future__ import annotations

import asyncio
import random
import socket
import ssl
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from mailserver import make_certificate

from ctotui.clock import FixedClock
from ctotui.model import Message, MessageKind
from ctotui.overview import source_statuses
from ctotui.store.inbox import InboxSplit, MessageQuery
from ctotui.sync import SourceOutcome, SyncEngine
from ctotui.sync_scheduler import SyncScheduler
from ctotui.workspace import Workspace, open_workspace

TOKEN = "fault-token-Zq7vX2s3cr3t"
"""The faulty source's secret (env FAULT_TOKEN); it must never appear in any output."""
BAD_HOST = "api.ctotui-faults.invalid"
"""A host whose name lookup fails (see `no_dns`)."""


@pytest.fixture(scope="module")
def untrusted_tls(tmp_path_factory: pytest.TempPathFactory) -> Callable[[], ssl.SSLContext]:
    """Makes (once) a server TLS context with a self-signed certificate the client distrusts.

    Made on first use, so only the certificate cases need (and skip without) openssl.
    """
    made: list[ssl.SSLContext] = []

    def context() -> ssl.SSLContext:
        if not made:
            certificate = make_certificate(tmp_path_factory.mktemp("faults-cert"))
            server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            server.load_cert_chain(certificate.cert, certificate.key)
            made.append(server)
        return made[0]

    return context


@pytest.fixture
def no_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Looking up BAD_HOST fails as the real resolver does; every other name resolves."""
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(host, (str, bytes)) and BAD_HOST in str(host):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setenv("FAULT_TOKEN", TOKEN)


def open_with_faulty(tmp_path: Path, clock: FixedClock, faulty: str) -> Workspace:
    """A workspace whose config has the demo source and `faulty` (the source's TOML keys)."""
    config = tmp_path / "config.toml"
    config.write_text(
        f'[[sources]]\nname = "demo"\nadapter = "demo"\n\n[[sources]]\nname = "faulty"\n{faulty}\n',
        encoding="utf-8",
    )
    workspace = open_workspace(
        config_arg=str(config), data_dir_arg=str(tmp_path / "data"), demo=False, clock=clock
    )
    assert not workspace.config.problems, workspace.config.problems
    return workspace


def seed_earlier_sync(workspace: Workspace, clock: FixedClock, source: str = "faulty") -> None:
    """What an earlier, successful sync of `source` left in the store: one message."""
    earlier = clock.now() - timedelta(hours=1)
    message = Message(
        source=source,
        remote_id=f"earlier-{source}",
        kind=MessageKind.MAIL,
        folder="INBOX",
        sender_name="Dana Example",
        sender_address="dana@acme.example",
        subject="Synced before the fault",
        body="still here",
        received_at=earlier,
    )
    adapter = next(s.adapter for s in workspace.config.sources if s.name == source)
    workspace.store.save_fetch(
        source, adapter, messages=[message], items=[], events=[], cursor=None, at=earlier
    )


def run_sync(workspace: Workspace, clock: FixedClock) -> dict[str, SourceOutcome]:
    """Sync every source as the app's scheduler does; check each failed one has a retry time."""
    engine = SyncEngine(workspace.store, workspace.config, clock)
    scheduler = SyncScheduler(engine, monotonic=lambda: 1000.0, rng=random.Random(7))
    outcomes = {o.source: o for o in asyncio.run(scheduler.run())}
    settings = workspace.config.sync
    for name, outcome in outcomes.items():
        retry = scheduler.retry_in(name)
        if outcome.ok:
            assert retry is None, (name, retry)
        elif outcome.retry_at is not None:  # not before the time the server asked for
            asked = (outcome.retry_at - clock.now()).total_seconds()
            assert retry is not None and retry >= max(asked, settings.backoff_min / 2), retry
        else:  # the first retry comes after backoff_min, give or take the jitter
            assert retry is not None and 0 < retry <= settings.backoff_max, (name, retry)
            assert settings.backoff_min / 2 <= retry <= settings.backoff_min * 2, retry
    return outcomes


def faulty_status(workspace: Workspace, words: tuple[str, ...]) -> str:
    """The faulty source's status: one line with `words`, no secret; its old data kept."""
    status = {s.source: s for s in source_statuses(workspace.store, workspace.config)}
    line = status["faulty"].last_error
    assert line and "\n" not in line and "\r" not in line and len(line) <= 300, line
    for word in words:
        assert word in line, (word, line)
    assert TOKEN not in line and "Traceback" not in line
    assert status["faulty"].last_success is not None  # the earlier success is remembered
    assert status["demo"].last_error == "" and status["demo"].last_success is not None
    kept = workspace.store.count_messages(MessageQuery(split=InboxSplit.ALL, source="faulty"))
    assert kept == 1
    return line
