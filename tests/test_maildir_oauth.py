"""OAuth sign-in for a Maildir source's SMTP sending: `ctotui auth login`, then XOAUTH2.

The fake provider (tests/fake_oauth.py) hands out tokens; the loopback SMTP
server (tests/mailserver.py) accepts XOAUTH2 only with the token it is told,
so a reply is only delivered when the adapter logs in with the token it just
refreshed for this source.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_oauth import FakeOAuth, fake_oauth, pending, tokens
from mailserver import USER, SmtpServer, smtp_server

from ctotui import oauth_flow, oauth_tokens
from ctotui.adapters.maildir_files import list_folder
from ctotui.cli import main
from ctotui.clock import FixedClock
from ctotui.model import ActionKind, OutboxAction
from ctotui.workspace import open_workspace

__all__ = ["fake_oauth", "smtp_server"]  # fixtures used below

CLIENT_ID = "9e5f94bc-e8a4-4e73-b8be-63364c29d753"
LOGIN_ACCESS = "eyJ0eXAiOiJKV1Qi.maildir-login-access"
FRESH_ACCESS = "eyJ0eXAiOiJKV1Qi.maildir-fresh-access"
REFRESH = "M.C507_BAY.0.U.-maildir-refresh-1"
ROTATED = "M.C507_BAY.0.U.-maildir-refresh-2"
REPLY = (
    f"From: CTO <{USER}>\nTo: ana@acme.example\nSubject: Re: Budget\n"
    "Message-ID: <o1@acme.example>\nDate: Wed, 18 Nov 2026 09:30:00 +0000\n\nApproved.\n"
)


@pytest.fixture(autouse=True)
def _no_waiting(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(oauth_flow, "_sleep", lambda _seconds: None)
    oauth_tokens._cache.clear()
    yield
    oauth_tokens._cache.clear()


def setup(tmp_path: Path, server: SmtpServer, fake: FakeOAuth, clock: FixedClock) -> list[str]:
    """A Maildir source sending through `server` with OAuth; signed in; one reply queued."""
    root = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True)
    config = tmp_path / "config.toml"
    config.write_text(
        f'[[sources]]\nname = "mail"\nadapter = "maildir"\npath = "{root}"\n'
        f'address = "{USER}"\nsmtp_host = "127.0.0.1"\nsmtp_port = {server.port}\n'
        'smtp_security = "plain"\n'
        f'oauth = "microsoft"\noauth_client_id = "{CLIENT_ID}"\n'
        f'oauth_authority = "{fake.url}"\noauth_token_store = "file"\n',
        encoding="utf-8",
    )
    os.chmod(config, 0o600)
    base = ["--config", str(config)]
    fake.device_answers = [pending(), tokens(LOGIN_ACCESS, REFRESH, expires_in=0)]
    assert main([*base, "auth", "login", "mail"]) == 0
    workspace = open_workspace(config_arg=str(config), data_dir_arg=None, demo=False, clock=clock)
    try:
        assert not workspace.config.problems, workspace.config.problems
        workspace.store.enqueue(OutboxAction("mail", ActionKind.SEND, "", clock.now(), REPLY))
    finally:
        workspace.close()
    return base


def test_a_reply_goes_out_with_the_refreshed_oauth_token(
    tmp_path: Path,
    smtp_server: SmtpServer,
    fake_oauth: FakeOAuth,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
) -> None:
    base = setup(tmp_path, smtp_server, fake_oauth, clock)
    assert "Signed in: mail" in capsys.readouterr().out
    smtp_server.tokens = {FRESH_ACCESS}
    fake_oauth.refresh_answers = [tokens(FRESH_ACCESS, ROTATED)]
    assert main([*base, "sync"]) == 0
    out = capsys.readouterr().out
    assert "outbox: 1 applied, 0 failed" in out
    # XOAUTH2 with the token refreshed for this source, for the account's address.
    assert smtp_server.bearers == [FRESH_ACCESS] and smtp_server.logins == [USER]
    [received] = smtp_server.received
    assert received.rcpt_tos == ["ana@acme.example"] and b"Approved." in received.data
    [sent] = list_folder(tmp_path / "Maildir", "Sent")  # the Sent copy is kept
    assert b"Subject: Re: Budget" in sent.path.read_bytes()
    for secret in (FRESH_ACCESS, LOGIN_ACCESS, REFRESH, ROTATED):
        assert secret not in out


def test_a_refused_token_keeps_the_reply_queued_and_points_at_the_sign_in(
    tmp_path: Path,
    smtp_server: SmtpServer,
    fake_oauth: FakeOAuth,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
) -> None:
    base = setup(tmp_path, smtp_server, fake_oauth, clock)
    smtp_server.tokens = {"some-other-token"}
    fake_oauth.refresh_answers = [tokens(FRESH_ACCESS, ROTATED)]
    assert main([*base, "sync"]) == 0  # the source syncs; only the send failed
    out = capsys.readouterr().out
    assert "outbox: 0 applied, 1 failed" in out
    assert smtp_server.received == []
    workspace = open_workspace(config_arg=base[1], data_dir_arg=None, demo=False, clock=clock)
    try:
        [action] = workspace.store.pending_actions("mail")
    finally:
        workspace.close()
    assert "rejected the login" in action.last_error
    assert "check the OAuth sign-in (`ctotui auth status`)" in action.last_error
    assert FRESH_ACCESS not in action.last_error and FRESH_ACCESS not in out
    # The refused token is forgotten: the next try refreshes again, and then goes out.
    smtp_server.tokens = {"second-access"}
    fake_oauth.refresh_answers = [tokens("second-access", ROTATED)]
    assert main([*base, "sync"]) == 0
    assert "outbox: 1 applied, 0 failed" in capsys.readouterr().out
    assert smtp_server.bearers == [FRESH_ACCESS, "second-access"]


def test_oauth_sending_needs_the_accounts_name() -> None:
    from ctotui.adapters.mail_send import SmtpSettings
    from ctotui.errors import AdapterError

    with pytest.raises(AdapterError, match="OAuth sending needs smtp_username"):
        SmtpSettings.from_settings("mail", {"smtp_host": "127.0.0.1", "oauth_token": "t"})
    settings = SmtpSettings.from_settings(
        "mail", {"smtp_host": "127.0.0.1", "oauth_token": "t", "address": USER}
    )
    assert (settings.username, settings.token) == (USER, "t")
