"""A source's OAuth sign-in as one line, for `ctotui auth status` and `ctotui doctor`.

The line says which provider and client, whether a refresh token is stored and
where; never a token.
"""

from __future__ import annotations

from ctotui.config import SourceConfig, resolve_settings
from ctotui.errors import CtotuiError
from ctotui.oauth import OAuthError, OAuthSettings


def oauth_settings(source: SourceConfig) -> OAuthSettings:
    """The source's checked OAuth settings (client secret resolved); OAuthError otherwise."""
    if not any(spec.name == "oauth" for spec in source.adapter_class.options):
        raise OAuthError(
            f"Source {source.name!r}: the {source.adapter} adapter has no OAuth sign-in "
            "(the imap and maildir adapters have)."
        )
    return OAuthSettings.from_settings(source.name, resolve_settings(source))


def sign_in_state(source: SourceConfig, *, check: bool = False) -> tuple[str, bool]:
    """(what to show, signed in and working); `check` also gets a fresh access token."""
    from ctotui import oauth_tokens
    from ctotui.oauth_store import TokenStore

    try:
        oauth = oauth_settings(source)
        store = TokenStore(oauth)
        grant = store.load()
        head = f"{oauth.provider.label}, client {oauth.client_id}"
        if grant is None:
            return f"{head}: not signed in; run `ctotui auth login {source.name}`", False
        line = f"{head}: signed in {grant.saved_at}, token in {store.location}"
        if check:
            oauth_tokens.forget(source=source.name)
            oauth_tokens.access_token(source.name, resolve_settings(source))
            line += "; the provider issued a fresh access token"
    except CtotuiError as error:
        return error.message, False
    return line, True
