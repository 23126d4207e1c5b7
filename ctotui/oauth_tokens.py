"""A fresh access token for a source at sync time, refreshed when it expires.

Access tokens live only in this process's memory (an hour or so); the refresh
token is read from the token store, used, and replaced when the provider
rotates it. A revoked or expired sign-in is an error on that source saying to
run `ctotui auth login SOURCE`. Blocking (HTTP): adapters call it from their
worker thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from ctotui.logs import register_secret
from ctotui.oauth import OAuthError, OAuthSettings, TokenAnswer, refresh_grant
from ctotui.oauth_store import StoredGrant, TokenStore

EARLY_SECONDS = 60.0
"""Refresh this long before the token's expiry, so it never runs out mid-sync."""

_cache: dict[tuple[str, str], tuple[str, float]] = {}
_lock = threading.Lock()
_now: Callable[[], float] = time.monotonic


def uses_oauth(settings: Mapping[str, Any]) -> bool:
    return bool(settings.get("oauth"))


def access_token(source: str, settings: Mapping[str, Any]) -> str:
    """A valid access token for the source; OAuthError (an AdapterError) saying what to do."""
    oauth = OAuthSettings.from_settings(source, settings)
    key = (source, oauth.client_id)
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached[1] - EARLY_SECONDS > _now():
            return cached[0]
        store = TokenStore(oauth)
        grant = store.load()
        if grant is None:
            raise OAuthError(
                f"Source {source!r} is not signed in: run `ctotui auth login {source}`."
            )
        answer = refresh_grant(oauth, grant.refresh_token)
        if answer.refresh_token and answer.refresh_token != grant.refresh_token:
            store.save(grant.rotated(answer.refresh_token, _timestamp()))
        _cache[key] = (answer.access_token, _now() + answer.expires_in)
        return answer.access_token


def remember(oauth: OAuthSettings, answer: TokenAnswer) -> None:
    """Keep the access token a sign-in just got, so the next sync needs no refresh."""
    register_secret(answer.access_token)
    with _lock:
        _cache[(oauth.source, oauth.client_id)] = (answer.access_token, _now() + answer.expires_in)


def forget(token: str = "", *, source: str = "") -> None:
    """Drop a cached token the server refused (or every token of a source)."""
    with _lock:
        for key, (cached, _expiry) in list(_cache.items()):
            if (token and cached == token) or (source and key[0] == source):
                del _cache[key]


def grant_from(oauth: OAuthSettings, answer: TokenAnswer) -> StoredGrant:
    """What to store after a sign-in; OAuthError when the provider sent no refresh token."""
    if not answer.refresh_token:
        raise OAuthError(
            f"Signing in {oauth.source!r}: {oauth.provider.label} sent no refresh token, so the "
            "sign-in would end within the hour; check that the app may use offline access."
        )
    return StoredGrant(
        provider=oauth.provider.name,
        client_id=oauth.client_id,
        refresh_token=answer.refresh_token,
        scope=answer.scope or oauth.provider.scope,
        saved_at=_timestamp(),
    )


def _timestamp() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
