"""OAuth 2 against a fake provider on 127.0.0.1: device code polling, refresh, rotation, revoke."""

from __future__ import annotations

import base64
import hashlib
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fake_oauth import FakeOAuth, fake_oauth, pending, tokens

from ctotui import oauth_flow, oauth_loopback, oauth_tokens
from ctotui.oauth import MICROSOFT_SCOPES, OAuthError, OAuthSettings
from ctotui.oauth_store import StoredGrant, TokenStore
from ctotui.oauth_tokens import access_token

__all__ = ["fake_oauth"]  # fixture used below

CLIENT_ID = "9e5f94bc-e8a4-4e73-b8be-63364c29d753"
REFRESH = "M.C507_BAY.0.U.-refresh-token-1"


class Sleeps(list[float]):
    """Records every wait instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    oauth_tokens._cache.clear()
    yield
    oauth_tokens._cache.clear()


def ms_settings(fake: FakeOAuth, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "oauth": "microsoft",
        "oauth_client_id": CLIENT_ID,
        "oauth_tenant": "organizations",
        "oauth_authority": fake.url,
        "oauth_token_store": "file",
    }
    values.update(changes)
    return values


def ms(fake: FakeOAuth) -> OAuthSettings:
    return OAuthSettings.from_settings("work", ms_settings(fake))


# -- the device authorization grant ------------------------------------------


def test_device_flow_polls_honouring_interval_pending_and_slow_down(fake_oauth: FakeOAuth) -> None:
    fake_oauth.device_answers = [
        pending(),
        (400, {"error": "slow_down"}),
        pending(),
        tokens("access-1", REFRESH),
    ]
    device = oauth_flow.start(ms(fake_oauth))
    assert (device.user_code, device.verification_uri) == (
        "WDJB-MJHT",
        "https://microsoft.com/devicelogin",
    )
    sleeps = Sleeps()
    answer = oauth_flow.poll(ms(fake_oauth), device, sleep=sleeps)
    assert (answer.access_token, answer.refresh_token) == ("access-1", REFRESH)
    assert sleeps == [5, 5, 10, 10]
    [(path, asked)] = [r for r in fake_oauth.requests if r[0].endswith("/devicecode")]
    assert path == "/organizations/oauth2/v2.0/devicecode"
    assert asked["client_id"] == CLIENT_ID
    assert asked["scope"].split() == list(MICROSOFT_SCOPES)
    polls = fake_oauth.forms("urn:ietf:params:oauth:grant-type:device_code")
    assert len(polls) == 4
    assert {p["device_code"] for p in polls} == {device.device_code}


@pytest.mark.parametrize(
    ("error", "says"),
    [
        ("expired_token", "the code expired"),
        ("access_denied", "declined"),
        ("authorization_declined", "declined"),
        ("bad_verification_code", r"HTTP 400 \(bad_verification_code\)"),
    ],
)
def test_device_flow_endings_say_what_happened_and_what_to_do(
    fake_oauth: FakeOAuth, error: str, says: str
) -> None:
    fake_oauth.device_answers = [pending(), (400, {"error": error})]
    device = oauth_flow.start(ms(fake_oauth))
    with pytest.raises(OAuthError, match=says) as caught:
        oauth_flow.poll(ms(fake_oauth), device, sleep=Sleeps())
    assert "run `ctotui auth login work` again" in caught.value.message


def test_device_flow_stops_at_the_code_expiry_without_asking_again(fake_oauth: FakeOAuth) -> None:
    fake_oauth.device_answers = [pending()] * 3
    device = oauth_flow.start(ms(fake_oauth))
    clock = [0.0]

    def sleep(seconds: float) -> None:
        clock[0] += seconds

    with pytest.raises(OAuthError, match="the code expired"):
        oauth_flow.poll(
            ms(fake_oauth),
            oauth_flow.DeviceCode(device.device_code, "X", "u", expires_in=12, interval=5),
            sleep=sleep,
            now=lambda: clock[0],
        )
    assert len(fake_oauth.forms("urn:ietf:params:oauth:grant-type:device_code")) == 2


def test_device_flow_backs_off_on_network_failures_then_gives_up(fake_oauth: FakeOAuth) -> None:
    closed = OAuthSettings.from_settings(
        "work", ms_settings(fake_oauth, oauth_authority="http://127.0.0.1:9")
    )
    sleeps = Sleeps()
    with pytest.raises(OAuthError, match="cannot be reached"):
        oauth_flow.poll(closed, oauth_flow.DeviceCode("d", "u", "v", 900, 5), sleep=sleeps)
    assert sleeps == [5, 10, 20, 40]


def test_refused_device_code_request_names_the_fix(fake_oauth: FakeOAuth) -> None:
    fake_oauth.device_code_answer = (400, {"error": "invalid_client"})
    with pytest.raises(OAuthError, match="allows public client flows"):
        oauth_flow.start(ms(fake_oauth))


def test_settings_are_checked() -> None:
    with pytest.raises(OAuthError, match="needs oauth_client_id"):
        OAuthSettings.from_settings("work", {"oauth": "microsoft"})
    with pytest.raises(OAuthError, match="oauth_client_secret"):
        OAuthSettings.from_settings("work", {"oauth": "google", "oauth_client_id": "x"})
    with pytest.raises(OAuthError, match="https://"):
        OAuthSettings.from_settings(
            "work",
            {"oauth": "microsoft", "oauth_client_id": "x", "oauth_authority": "http://idp.example"},
        )
    tenant = OAuthSettings.from_settings(
        "work", {"oauth": "microsoft", "oauth_client_id": "x", "oauth_tenant": "acme.example"}
    )
    assert tenant.provider.token_url == (
        "https://login.microsoftonline.com/acme.example/oauth2/v2.0/token"
    )


# -- the token store -------------------------------------------------------------


def test_file_store_is_private_and_never_in_the_config(tmp_path: Path) -> None:
    settings = OAuthSettings.from_settings("work", ms_settings(FakeOAuth(1)))
    store = TokenStore(settings, folder=tmp_path / "oauth")
    assert store.load() is None
    store.save(StoredGrant("microsoft", CLIENT_ID, REFRESH, "scope", "2026-11-18T09:30:00+00:00"))
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700
    loaded = store.load()
    assert loaded is not None and loaded.refresh_token == REFRESH
    os.chmod(store.path, 0o644)
    assert store.load() is not None
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    other_client = OAuthSettings.from_settings(
        "work", ms_settings(FakeOAuth(1), oauth_client_id="another-app")
    )
    assert TokenStore(other_client, folder=tmp_path / "oauth").load() is None
    assert store.delete() is True and store.delete() is False


def test_keyring_store_when_a_keyring_is_available(tmp_path: Path) -> None:
    import keyring
    from test_secrets_keyring import MemoryKeyring

    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    try:
        settings = OAuthSettings.from_settings(
            "work", ms_settings(FakeOAuth(1), oauth_token_store="auto")
        )
        store = TokenStore(settings, folder=tmp_path / "oauth")
        assert store.kind == "keyring" and "system keyring" in store.location
        store.save(StoredGrant("microsoft", CLIENT_ID, REFRESH, "s", "t"))
        assert not store.path.exists()
        assert REFRESH in memory.entries[("ctotui-oauth", "work")]
        assert store.load() is not None
        assert store.delete() is True and memory.entries == {}
    finally:
        keyring.set_keyring(previous)


# -- access tokens at sync time ------------------------------------------------


def signed_in(fake: FakeOAuth, refresh: str = REFRESH) -> TokenStore:
    store = TokenStore(ms(fake))
    store.save(StoredGrant("microsoft", CLIENT_ID, refresh, "scope", "2026-11-18T09:30:00+00:00"))
    return store


def test_refresh_rotation_and_expiry(
    fake_oauth: FakeOAuth, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = signed_in(fake_oauth)
    clock = [1000.0]
    monkeypatch.setattr(oauth_tokens, "_now", lambda: clock[0])
    fake_oauth.refresh_answers = [
        tokens("access-1", "refresh-2", expires_in=3600),
        tokens("access-2", expires_in=3600),  # no new refresh token: the old one stays
    ]
    assert access_token("work", ms_settings(fake_oauth)) == "access-1"
    saved = store.load()
    assert saved is not None and saved.refresh_token == "refresh-2"
    clock[0] += 3000  # still valid: no request
    assert access_token("work", ms_settings(fake_oauth)) == "access-1"
    clock[0] += 600  # within a minute of expiry: refreshed with the rotated token
    assert access_token("work", ms_settings(fake_oauth)) == "access-2"
    forms = fake_oauth.forms("refresh_token")
    assert [f["refresh_token"] for f in forms] == [REFRESH, "refresh-2"]
    assert all(f["client_id"] == CLIENT_ID and "offline_access" in f["scope"] for f in forms)
    saved = store.load()
    assert saved is not None and saved.refresh_token == "refresh-2"


def test_a_revoked_sign_in_says_to_log_in_again_without_echoing_tokens(
    fake_oauth: FakeOAuth,
) -> None:
    signed_in(fake_oauth)
    fake_oauth.refresh_answers = [
        (
            400,
            {
                "error": "invalid_grant",
                "error_description": f"AADSTS50173: The grant {REFRESH} was revoked.",
            },
        )
    ]
    with pytest.raises(OAuthError) as caught:
        access_token("work", ms_settings(fake_oauth))
    message = caught.value.message
    assert "revoked or has expired" in message and "run `ctotui auth login work`" in message
    assert REFRESH not in message and "AADSTS" not in message


def test_not_signed_in_says_what_to_run(fake_oauth: FakeOAuth) -> None:
    with pytest.raises(OAuthError, match=r"not signed in: run `ctotui auth login work`"):
        access_token("work", ms_settings(fake_oauth))
    assert fake_oauth.requests == []


def test_a_refused_token_is_forgotten(fake_oauth: FakeOAuth) -> None:
    signed_in(fake_oauth)
    fake_oauth.refresh_answers = [tokens("access-1"), tokens("access-2")]
    assert access_token("work", ms_settings(fake_oauth)) == "access-1"
    oauth_tokens.forget("access-1")
    assert access_token("work", ms_settings(fake_oauth)) == "access-2"


# -- Google: loopback redirect with PKCE -----------------------------------------


def google(fake: FakeOAuth) -> OAuthSettings:
    return OAuthSettings.from_settings(
        "gmail",
        {
            "oauth": "google",
            "oauth_client_id": "1234-abc.apps.googleusercontent.com",
            "oauth_client_secret": "GOCSPX-client-secret",
            "oauth_authority": fake.url,
            "oauth_token_store": "file",
        },
    )


def _no_terminal(_prompt: str) -> str:
    raise EOFError


def test_google_sign_in_through_the_browser_redirect(fake_oauth: FakeOAuth) -> None:
    fake_oauth.code_answers = [tokens("ya29.access", "1//refresh")]
    shown: list[str] = []

    def show(line: str) -> None:
        shown.append(line)
        if "/o/oauth2/v2/auth?" in line:  # the user opens the URL in a browser
            threading.Thread(
                target=httpx.get, args=(line.strip(),), kwargs={"follow_redirects": True}
            ).start()

    answer = oauth_loopback.sign_in(google(fake_oauth), show=show, read_line=_no_terminal)
    assert (answer.access_token, answer.refresh_token) == ("ya29.access", "1//refresh")
    [(_path, asked)] = [r for r in fake_oauth.requests if r[0] == "/o/oauth2/v2/auth"]
    assert asked["scope"] == "https://mail.google.com/"
    assert asked["code_challenge_method"] == "S256" and asked["access_type"] == "offline"
    [form] = fake_oauth.forms("authorization_code")
    assert form["code"] == "4/0AfJohXn-auth-code"
    assert form["redirect_uri"] == asked["redirect_uri"]
    assert form["client_secret"] == "GOCSPX-client-secret"
    digest = hashlib.sha256(form["code_verifier"].encode()).digest()
    assert base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == asked["code_challenge"]
    assert any("ssh -L" in line for line in shown)


def _printed_state(shown: list[str]) -> str:
    url = next(line.strip() for line in shown if "/o/oauth2/v2/auth?" in line)
    return parse_qs(urlsplit(url).query)["state"][0]


def test_google_sign_in_by_pasting_the_address_over_ssh(fake_oauth: FakeOAuth) -> None:
    fake_oauth.code_answers = [tokens("ya29.access", "1//refresh")]
    shown: list[str] = []

    def paste(_prompt: str) -> str:
        state = _printed_state(shown)
        return (
            f"http://127.0.0.1:43123/?state={state}&code=4/0pasted&scope=https://mail.google.com/"
        )

    answer = oauth_loopback.sign_in(google(fake_oauth), show=shown.append, read_line=paste)
    assert answer.refresh_token == "1//refresh"
    [form] = fake_oauth.forms("authorization_code")
    assert form["code"] == "4/0pasted"


def test_google_declined_or_forged_answers_are_refused(fake_oauth: FakeOAuth) -> None:
    shown: list[str] = []

    def declined(_prompt: str) -> str:
        return f"http://127.0.0.1:1/?state={_printed_state(shown)}&error=access_denied"

    with pytest.raises(OAuthError, match="declined"):
        oauth_loopback.sign_in(google(fake_oauth), show=shown.append, read_line=declined)
    shown.clear()
    with pytest.raises(OAuthError, match="does not belong to this sign-in"):
        oauth_loopback.sign_in(
            google(fake_oauth),
            show=shown.append,
            read_line=lambda _prompt: "http://127.0.0.1:1/?state=forged&code=x",
        )
    assert fake_oauth.forms("authorization_code") == []


# -- the `ctotui auth` commands with Google ------------------------------------------


def test_google_login_status_and_logout_revokes(
    tmp_path: Path,
    fake_oauth: FakeOAuth,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from ctotui import cli_auth
    from ctotui.cli import main

    config = tmp_path / "config.toml"
    config.write_text(
        '[[sources]]\nname = "gmail"\nadapter = "imap"\nhost = "imap.gmail.com"\n'
        'username = "cto@acme.example"\noauth = "google"\n'
        'oauth_client_id = "1234-abc.apps.googleusercontent.com"\n'
        'oauth_client_secret = { env = "TEST_GOOGLE_SECRET" }\n'
        f'oauth_authority = "{fake_oauth.url}"\noauth_token_store = "file"\n'
    )
    monkeypatch.setenv("TEST_GOOGLE_SECRET", "GOCSPX-client-secret")
    shown: list[str] = []

    def show(line: str) -> None:
        shown.append(line)
        if "/o/oauth2/v2/auth?" in line:
            threading.Thread(
                target=httpx.get, args=(line.strip(),), kwargs={"follow_redirects": True}
            ).start()

    monkeypatch.setattr(cli_auth, "_show", show)
    fake_oauth.code_answers = [tokens("ya29.access", "1//refresh-google")]
    base = ["--config", str(config)]
    assert main([*base, "auth", "login", "gmail"]) == 0
    assert any(line.startswith("Signed in: gmail") for line in shown)
    assert not any("1//refresh-google" in line or "ya29" in line for line in shown)
    shown.clear()
    assert main([*base, "auth", "status"]) == 0
    assert shown[0].startswith("gmail: Google, client 1234-abc") and "signed in" in shown[0]
    shown.clear()
    assert main([*base, "auth", "logout", "gmail"]) == 0
    assert shown == [
        "Signed out: gmail; its token is deleted from this machine. Google revoked the grant."
    ]
    [(_path, revoked)] = [r for r in fake_oauth.requests if r[0] == "/revoke"]
    assert revoked == {"token": "1//refresh-google"}
    shown.clear()
    assert main([*base, "auth", "status"]) == 1
    assert "not signed in; run `ctotui auth login gmail`" in shown[0]
    assert main([*base, "auth", "login", "nosuch"]) == 2
    assert "no source named 'nosuch'" in capsys.readouterr().err


def test_smtp_sends_with_the_same_fresh_token(fake_oauth: FakeOAuth) -> None:
    from ctotui.adapters.mail_send import SmtpSettings

    signed_in(fake_oauth)
    fake_oauth.refresh_answers = [tokens("access-smtp")]
    smtp = SmtpSettings.from_settings(
        "work",
        {"smtp_host": "smtp.office365.com", "username": "cto@acme.example"}
        | ms_settings(fake_oauth),
    )
    assert (smtp.token, smtp.port, smtp.security) == ("access-smtp", 587, "starttls")


def test_login_refuses_a_source_whose_adapter_has_no_oauth(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ctotui.cli import main

    config = tmp_path / "config.toml"
    config.write_text('[[sources]]\nname = "home"\nadapter = "demo"\n')
    assert main(["--config", str(config), "auth", "login", "home"]) == 2
    assert "the demo adapter has no OAuth sign-in" in capsys.readouterr().err
    assert main(["--config", str(config), "auth", "status"]) == 0
    assert "No source signs in with OAuth" in capsys.readouterr().out


def test_keyring_token_store_without_the_extra_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ctotui import secrets_keyring

    monkeypatch.setattr(secrets_keyring, "installed", lambda: False)
    settings = OAuthSettings.from_settings(
        "work", ms_settings(FakeOAuth(1), oauth_token_store="keyring")
    )
    with pytest.raises(OAuthError, match=r"pip install 'ctotui\[keyring\]'"):
        TokenStore(settings)
    auto = OAuthSettings.from_settings("work", ms_settings(FakeOAuth(1), oauth_token_store="auto"))
    assert TokenStore(auto).kind == "file"
