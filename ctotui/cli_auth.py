"""`ctotui auth`: sign a mail source in with OAuth 2, see the sign-ins, sign out.

ctotui auth login SOURCE    # Microsoft: device code (any device); Google: loopback redirect
ctotui auth status [SOURCE] [--check]
ctotui auth logout SOURCE

Everything is printed as plain lines, so it works over SSH; no token is ever
printed: only where it is kept.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from ctotui.clock import Clock

if TYPE_CHECKING:
    from ctotui.config import Config, SourceConfig
    from ctotui.oauth import OAuthSettings

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    from ctotui.cli_help import FORMATTER, examples

    auth = commands.add_parser(
        "auth",
        parents=[common],
        help="sign mail sources in with OAuth 2 (Microsoft 365, Gmail)",
        formatter_class=FORMATTER,
        epilog=examples(
            ("ctotui auth login work-mail", "sign in once; tokens are refreshed at each sync"),
            ("ctotui auth status", "every OAuth source, and where its token is kept"),
            ("ctotui auth logout work-mail", ""),
        ),
    )
    verbs = auth.add_subparsers(dest="auth_command", metavar="VERB", required=True)
    login = verbs.add_parser(
        "login",
        parents=[common],
        help="sign a source in: prints a URL (and a code) to open on any device",
        formatter_class=FORMATTER,
        epilog=examples(
            ("ctotui auth login work-mail", "Microsoft: open the URL anywhere, type the code"),
            ("ctotui --config ~/work.toml auth login gmail", "Google: browser redirect"),
        ),
    )
    login.add_argument("source", help="the source's name in the config")
    login.set_defaults(handler=_login)
    status = verbs.add_parser(
        "status",
        parents=[common],
        help="which sources are signed in",
        formatter_class=FORMATTER,
        epilog=examples(
            ("ctotui auth status", "exit 1 when a source is not signed in"),
            ("ctotui auth status work-mail --check", "also get a fresh access token"),
        ),
    )
    status.add_argument("source", nargs="?", help="only this source")
    status.add_argument(
        "--check", action="store_true", help="also get a fresh access token from the provider"
    )
    status.set_defaults(handler=_status)
    logout = verbs.add_parser(
        "logout",
        parents=[common],
        help="forget a source's token (and revoke it where possible)",
        formatter_class=FORMATTER,
        epilog=examples(("ctotui auth logout work-mail", "Google also revokes the grant")),
    )
    logout.add_argument("source", help="the source's name in the config")
    logout.set_defaults(handler=_logout)


def _show(text: str) -> None:
    print(text, flush=True)


def _config(args: argparse.Namespace, clock: Clock) -> Config:
    from ctotui.cli import open_from_args

    workspace = open_from_args(args, clock)
    workspace.close()  # only the config is needed
    return workspace.config


def _oauth_sources(config: Config) -> list[SourceConfig]:
    return [s for s in config.sources if s.settings.get("oauth")]


def _find(config: Config, name: str) -> SourceConfig | None:
    source = next((s for s in config.sources if s.name == name), None)
    if source is not None:
        return source
    names = ", ".join(s.name for s in _oauth_sources(config)) or "none"
    problems = " (`ctotui doctor` shows the config problems)" if config.problems else ""
    print(
        f"ctotui: no source named {name!r}{problems}; sources that sign in with OAuth: {names}",
        file=sys.stderr,
    )
    return None


def _settings(source: SourceConfig) -> OAuthSettings:
    from ctotui.oauth_status import oauth_settings

    return oauth_settings(source)


def _login(args: argparse.Namespace, clock: Clock) -> int:
    from ctotui import oauth_tokens
    from ctotui.oauth_store import TokenStore

    source = _find(_config(args, clock), args.source)
    if source is None:
        return EXIT_USAGE
    oauth = _settings(source)
    store = TokenStore(oauth)
    if oauth.provider.device_url:
        from ctotui import oauth_flow

        device = oauth_flow.start(oauth)
        _show(f"To sign in {source.name} with {oauth.provider.label}, open on any device:")
        _show("")
        _show(f"  {device.verification_uri}")
        _show("")
        _show(f"and enter the code  {device.user_code}")
        _show(f"Waiting for the sign-in (the code expires in {device.expires_in / 60:.0f} min)…")
        answer = oauth_flow.poll(oauth, device)
    else:
        from ctotui import oauth_loopback

        answer = oauth_loopback.sign_in(oauth, show=_show)
        _show("")  # after the address prompt
    store.save(oauth_tokens.grant_from(oauth, answer))
    oauth_tokens.remember(oauth, answer)
    _show(f"Signed in: {source.name}. The refresh token is kept in {store.location}.")
    return EXIT_OK


def _status(args: argparse.Namespace, clock: Clock) -> int:
    from ctotui.oauth_status import sign_in_state

    config = _config(args, clock)
    if args.source:
        found = _find(config, args.source)
        if found is None:
            return EXIT_USAGE
        sources = [found]
    else:
        sources = _oauth_sources(config)
    if not sources:
        _show(
            'No source signs in with OAuth. Set oauth = "microsoft" or "google" and '
            "oauth_client_id in a [[sources]] table, then run `ctotui auth login SOURCE`."
        )
        return EXIT_OK
    failed = 0
    for source in sources:
        line, ok = sign_in_state(source, check=args.check)
        _show(f"{source.name}: {line}")
        failed += 0 if ok else 1
    return EXIT_OK if not failed else EXIT_FAILED


def _logout(args: argparse.Namespace, clock: Clock) -> int:
    from ctotui import oauth_tokens
    from ctotui.oauth_store import TokenStore

    source = _find(_config(args, clock), args.source)
    if source is None:
        return EXIT_USAGE
    oauth = _settings(source)
    store = TokenStore(oauth)
    grant = store.load()
    revoked = ""
    if grant is not None and oauth.provider.revoke_url:
        revoked = _revoke(oauth, grant.refresh_token)
    elif grant is not None:
        revoked = (
            f"{oauth.provider.label} offers no way to revoke one token; the app's access can "
            "be removed in the account's security settings."
        )
    removed = store.delete()
    oauth_tokens.forget(source=source.name)
    if not removed:
        _show(f"{source.name} was not signed in.")
        return EXIT_OK
    _show(f"Signed out: {source.name}; its token is deleted from this machine. {revoked}".strip())
    return EXIT_OK


def _revoke(oauth: OAuthSettings, refresh_token: str) -> str:
    """Revoke the grant at the provider; a sentence saying whether it worked."""
    from ctotui.oauth import OAuthError, post_form

    try:
        status, _data = post_form(
            oauth.provider.revoke_url,
            {"token": refresh_token},
            what=f"Signing out {oauth.source!r}",
            expect_json=False,
        )
    except OAuthError as error:
        return f"Revoking it at {oauth.provider.label} failed: {error.message}"
    if status == 200:
        return f"{oauth.provider.label} revoked the grant."
    return f"{oauth.provider.label} did not revoke the grant (HTTP {status})."
