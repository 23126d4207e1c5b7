"""OAuth sign-in end to end: `ctotui auth`, then IMAP syncs against a real Dovecot with the token.

This Dovecot checks an XOAUTH2 token like a password (see tests/mailserver.py),
so the fake provider's refreshed access token is the account password: a sync
only succeeds when the adapter really logs in with the token it just refreshed.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_oauth import FakeOAuth, fake_oauth, pending, tokens
from mailserver import PASSWORD, USER, Dovecot, dovecot
from test_imap_adapter import mail

from ctotui import oauth_flow, oauth_tokens
from ctotui.cli import main

__all__ = ["dovecot", "fake_oauth"]  # fixtures used below

CLIENT_ID = "9e5f94bc-e8a4-4e73-b8be-63364c29d753"
LOGIN_ACCESS = "eyJ0eXAiOiJKV1Qi.login-access-token"
REFRESH = "M.C507_BAY.0.U.-refresh-token-1"
ROTATED = "M.C507_BAY.0.U.-refresh-token-2"
FAKE_ACCESS = "eyJ0eXAiOiJKV1Qi.fake-access-token-never-shown"


@pytest.fixture(autouse=True)
def _no_waiting(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(oauth_flow, "_sleep", lambda _seconds: None)
    oauth_tokens._cache.clear()
    yield
    oauth_tokens._cache.clear()


def write_config(tmp_path: Path, server: Dovecot, fake: FakeOAuth) -> list[str]:
    config = tmp_path / "config.toml"
    config.write_text(
        '[[sources]]\nname = "work"\nadapter = "imap"\nhost = "127.0.0.1"\n'
        f'port = {server.port}\nsecurity = "starttls"\nusername = "{USER}"\n'
        f'ca_file = "{server.ca_file}"\n'
        f'oauth = "microsoft"\noauth_client_id = "{CLIENT_ID}"\n'
        f'oauth_authority = "{fake.url}"\noauth_token_store = "file"\n'
    )
    os.chmod(config, 0o600)
    return ["--config", str(config)]


def data_dir() -> Path:
    return Path(os.environ["CTOTUI_DATA_DIR"])


def login(base: list[str], fake: FakeOAuth, capsys: pytest.CaptureFixture[str]) -> str:
    # The sign-in's own access token expires at once: the sync must refresh.
    fake.device_answers = [pending(), tokens(LOGIN_ACCESS, REFRESH, expires_in=0)]
    assert main([*base, "auth", "login", "work"]) == 0
    captured = capsys.readouterr()
    return captured.out + captured.err


def test_sign_in_then_sync_over_imap_with_the_refreshed_token(
    tmp_path: Path, dovecot: Dovecot, fake_oauth: FakeOAuth, capsys: pytest.CaptureFixture[str]
) -> None:
    dovecot.deliver(mail(1))
    base = write_config(tmp_path, dovecot, fake_oauth)
    shown = login(base, fake_oauth, capsys)
    assert "https://microsoft.com/devicelogin" in shown and "WDJB-MJHT" in shown
    assert "Signed in: work" in shown
    assert REFRESH not in shown and LOGIN_ACCESS not in shown
    [token_file] = (data_dir() / "oauth").iterdir()
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert REFRESH not in (tmp_path / "config.toml").read_text()

    fake_oauth.refresh_answers = [tokens(PASSWORD, ROTATED)]
    assert main([*base, "sync"]) == 0, capsys.readouterr()
    assert "1/1 sources synced" in capsys.readouterr().out
    [refresh] = fake_oauth.forms("refresh_token")
    assert refresh["refresh_token"] == REFRESH
    assert json.loads(token_file.read_text())["refresh_token"] == ROTATED
    assert main([*base, "list", "inbox", "--json", "--split", "all"]) == 0
    assert [row["subject"] for row in json.loads(capsys.readouterr().out)] == ["Message 1"]

    assert main([*base, "auth", "status"]) == 0
    assert "work: Microsoft" in capsys.readouterr().out
    assert main([*base, "auth", "logout", "work"]) == 0
    assert "Signed out: work" in capsys.readouterr().out
    assert list((data_dir() / "oauth").iterdir()) == []
    oauth_tokens._cache.clear()  # a new process after the sign-out
    assert main([*base, "sync"]) == 1
    assert "not signed in: run `ctotui auth login work`" in capsys.readouterr().out


def _everything_written(tmp_path: Path, captured: str) -> str:
    """Every output of the runs: the terminal, the log files and the store's files."""
    texts = [captured]
    for folder in (Path(os.environ["CTOTUI_LOG_DIR"]), data_dir()):
        for path in folder.rglob("*"):
            if path.is_file() and "oauth" not in path.parts:
                texts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(texts)


def test_a_failing_sync_never_shows_a_token_anywhere(
    tmp_path: Path, dovecot: Dovecot, fake_oauth: FakeOAuth, capsys: pytest.CaptureFixture[str]
) -> None:
    base = write_config(tmp_path, dovecot, fake_oauth)
    outputs = [login(base, fake_oauth, capsys)]
    # The provider hands out a token the mail server refuses.
    fake_oauth.refresh_answers = [tokens(FAKE_ACCESS, ROTATED) for _ in range(3)]
    assert main(["--debug", *base, "sync"]) == 1
    captured = capsys.readouterr()
    outputs.append(captured.out + captured.err)
    assert "work: failed:" in captured.out and "the login was rejected" in captured.out
    assert main([*base, "doctor"]) == 2
    captured = capsys.readouterr()
    outputs.append(captured.out + captured.err)
    assert "server: FAILS" in captured.out
    assert f"oauth: Microsoft, client {CLIENT_ID}: signed in" in captured.out

    # Then the grant is revoked; the provider's error text quotes the token back.
    fake_oauth.refresh_answers = [
        (400, {"error": "invalid_grant", "error_description": f"{ROTATED} {FAKE_ACCESS} revoked"})
    ]
    oauth_tokens._cache.clear()
    assert main(["--debug", *base, "sync"]) == 1
    captured = capsys.readouterr()
    outputs.append(captured.out + captured.err)
    assert "revoked or has expired (invalid_grant); run `ctotui auth login work`" in captured.out
    assert main([*base, "auth", "status", "--check"]) == 1
    captured = capsys.readouterr()
    outputs.append(captured.out + captured.err)

    from ctotui.store import Store

    store = Store.open(data_dir() / "ctotui.db")
    try:
        [status] = store.source_statuses()
        assert "run `ctotui auth login work`" in status.last_error
    finally:
        store.close()
    everything = _everything_written(tmp_path, "\n".join(outputs))
    for secret in (FAKE_ACCESS, LOGIN_ACCESS, REFRESH, ROTATED):
        assert secret not in everything
    log_text = (Path(os.environ["CTOTUI_LOG_DIR"]) / "ctotui.log").read_text()
    assert "sync of work failed" in log_text
