"""OAuth 2 for mail sources: provider presets, the options they take, and the token endpoint.

Microsoft 365 signs in with the device authorization grant (RFC 8628): the user
opens a URL on any device and types a code, so it works over SSH. Google does
not allow mail scopes in its device flow, so Gmail signs in with the loopback
redirect of installed apps (`ctotui.oauth_loopback`). Both then keep a refresh
token (`ctotui.oauth_store`) and get fresh access tokens from it
(`ctotui.oauth_tokens`).

Token endpoint answers are untrusted: only the OAuth `error` code (a short
word) ever appears in a message, never a body, and never a token.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ctotui import __version__
from ctotui.adapters.mail_account import PROVIDERS
from ctotui.errors import AdapterError
from ctotui.logs import register_secret

HTTP_TIMEOUT_SECONDS = 20.0
MAX_TOKEN_SECONDS = 86400.0
"""An access token is refreshed at least daily, whatever lifetime a server claims."""
_ERROR_CODE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


class OAuthError(AdapterError):
    """Signing in or refreshing failed; the message says what to do."""

    title = "Sign-in problem"


@dataclass(frozen=True, slots=True)
class Provider:
    """Endpoints and scopes of one identity provider for IMAP and SMTP access."""

    name: str
    label: str
    token_url: str
    scopes: tuple[str, ...]
    device_url: str = ""
    authorize_url: str = ""
    revoke_url: str = ""

    @property
    def scope(self) -> str:
        return " ".join(self.scopes)


MICROSOFT_AUTHORITY = "https://login.microsoftonline.com"
MICROSOFT_SCOPES = (
    "https://outlook.office.com/IMAP.AccessAsUser.All",
    "https://outlook.office.com/SMTP.Send",
    "offline_access",
)
GOOGLE_AUTHORIZE = "https://accounts.google.com/o/oauth2/v2/auth"
GOOGLE_TOKEN = "https://oauth2.googleapis.com/token"
GOOGLE_REVOKE = "https://oauth2.googleapis.com/revoke"
GOOGLE_SCOPES = ("https://mail.google.com/",)


def microsoft(tenant: str = "organizations", authority: str = "") -> Provider:
    """Microsoft identity platform v2 (Microsoft 365 / Outlook.com), device code flow."""
    base = f"{(authority or MICROSOFT_AUTHORITY).rstrip('/')}/{tenant}/oauth2/v2.0"
    return Provider(
        name="microsoft",
        label="Microsoft",
        token_url=f"{base}/token",
        device_url=f"{base}/devicecode",
        scopes=MICROSOFT_SCOPES,
    )


def google(authority: str = "") -> Provider:
    """Google (Gmail), loopback redirect flow; `authority` replaces every endpoint's host."""
    if authority:
        base = authority.rstrip("/")
        return Provider(
            name="google",
            label="Google",
            token_url=f"{base}/token",
            authorize_url=f"{base}/o/oauth2/v2/auth",
            revoke_url=f"{base}/revoke",
            scopes=GOOGLE_SCOPES,
        )
    return Provider(
        name="google",
        label="Google",
        token_url=GOOGLE_TOKEN,
        authorize_url=GOOGLE_AUTHORIZE,
        revoke_url=GOOGLE_REVOKE,
        scopes=GOOGLE_SCOPES,
    )


@dataclass(frozen=True, slots=True)
class OAuthSettings:
    """A source's OAuth options, checked; the client secret is already resolved."""

    source: str
    provider: Provider
    client_id: str
    client_secret: str
    token_store: str

    @classmethod
    def from_settings(cls, source: str, settings: Mapping[str, Any]) -> OAuthSettings:
        name = str(settings.get("oauth") or "")
        if name not in PROVIDERS:
            raise OAuthError(
                f"Source {source!r} does not sign in with OAuth: set oauth = "
                '"microsoft" or "google" (with oauth_client_id) in its [[sources]] table.'
            )
        client_id = str(settings.get("oauth_client_id") or "").strip()
        if not client_id:
            raise OAuthError(
                f"Source {source!r}: oauth = {name!r} needs oauth_client_id "
                "(the client id of your app registration)."
            )
        authority = str(settings.get("oauth_authority") or "")
        if authority:
            _check_authority(source, authority)
        client_secret = str(settings.get("oauth_client_secret") or "")
        if name == "google":
            if not client_secret:
                raise OAuthError(
                    f"Source {source!r}: Google needs oauth_client_secret "
                    '(e.g. { env = "GOOGLE_CLIENT_SECRET" }) of the Desktop app client.'
                )
            provider = google(authority)
        else:
            tenant = str(settings.get("oauth_tenant") or "organizations").strip()
            if not re.fullmatch(r"[A-Za-z0-9.-]+", tenant):
                raise OAuthError(f"Source {source!r}: oauth_tenant {tenant!r} is not a tenant.")
            provider = microsoft(tenant, authority)
        store = str(settings.get("oauth_token_store") or "auto")
        return cls(source, provider, client_id, client_secret, store)

    def client_fields(self) -> dict[str, str]:
        fields = {"client_id": self.client_id}
        if self.client_secret:
            fields["client_secret"] = self.client_secret
        return fields


def _check_authority(source: str, authority: str) -> None:
    """HTTPS only, except to a loopback host (a local test or proxy)."""
    from ctotui.adapters.mail_account import is_loopback

    parts = urlsplit(authority)
    if parts.scheme != "https" and not (
        parts.scheme == "http" and is_loopback(parts.hostname or "")
    ):
        raise OAuthError(
            f"Source {source!r}: oauth_authority must be an https:// URL "
            "(http:// only to a loopback host)."
        )


@dataclass(frozen=True, slots=True)
class TokenAnswer:
    """What a token endpoint granted."""

    access_token: str
    expires_in: float
    refresh_token: str
    scope: str


def post_form(
    url: str, fields: Mapping[str, str], *, what: str, expect_json: bool = True
) -> tuple[int, dict[str, Any]]:
    """POST a form; (status, JSON object). OAuthError for network failures or a non-JSON body.

    With `expect_json` False a body that is not JSON reads as an empty object.
    """
    import httpx

    failure = ""
    response: httpx.Response | None = None
    try:
        with httpx.Client(
            timeout=HTTP_TIMEOUT_SECONDS, headers={"User-Agent": f"ctotui/{__version__}"}
        ) as client:
            response = client.post(url, data=dict(fields), headers={"Accept": "application/json"})
    except httpx.TimeoutException:
        failure = "did not answer in time"
    except httpx.HTTPError as error:
        failure = f"cannot be reached ({type(error).__name__})"
    host = urlsplit(url).netloc
    if response is None:
        raise OAuthError(f"{what}: the sign-in server {host} {failure}.")
    try:
        data = response.json()
    except ValueError:
        data = None
    if not isinstance(data, dict) and not expect_json:
        data = {}
    if not isinstance(data, dict):
        raise OAuthError(
            f"{what}: the sign-in server {host} answered HTTP {response.status_code} "
            "without a JSON body."
        )
    return response.status_code, data


def error_code(data: Mapping[str, Any]) -> str:
    """The OAuth `error` field when it is a plain code, else "" (bodies are untrusted)."""
    value = data.get("error")
    return value if isinstance(value, str) and _ERROR_CODE.match(value) else ""


def token_answer(data: Mapping[str, Any], *, what: str) -> TokenAnswer:
    """The tokens of a successful answer; every token is registered for redaction first."""
    access = data.get("access_token")
    refresh = data.get("refresh_token")
    for value in (access, refresh):
        if isinstance(value, str):
            register_secret(value)
    if not isinstance(access, str) or not access:
        raise OAuthError(f"{what}: the sign-in server sent no access token.")
    expires = data.get("expires_in", 3600)
    try:
        expires_in = float(expires)
    except (TypeError, ValueError):
        expires_in = 3600.0
    if not math.isfinite(expires_in):
        expires_in = 3600.0
    expires_in = min(expires_in, MAX_TOKEN_SECONDS)
    scope = data.get("scope")
    return TokenAnswer(
        access_token=access,
        expires_in=max(expires_in, 0.0),
        refresh_token=refresh if isinstance(refresh, str) else "",
        scope=scope if isinstance(scope, str) else "",
    )


def refresh_grant(settings: OAuthSettings, refresh_token: str) -> TokenAnswer:
    """A new access token (and maybe a rotated refresh token) from a refresh token."""
    source = settings.source
    what = f"Source {source!r}"
    fields = {
        "grant_type": "refresh_token",
        "refresh_token": refresh_token,
        **settings.client_fields(),
    }
    if settings.provider.device_url:  # Microsoft asks for the scopes again; Google does not
        fields["scope"] = settings.provider.scope
    status, data = post_form(settings.provider.token_url, fields, what=what)
    if status == 200:
        return token_answer(data, what=what)
    code = error_code(data)
    if code in ("invalid_grant", "interaction_required", "unauthorized_client"):
        raise OAuthError(
            f"{what}: the sign-in was revoked or has expired ({code}); "
            f"run `ctotui auth login {source}`."
        )
    if code == "invalid_client":
        raise OAuthError(
            f"{what}: the sign-in server does not accept the client (invalid_client); "
            "check oauth_client_id and oauth_client_secret."
        )
    detail = f" ({code})" if code else ""
    raise OAuthError(f"{what}: refreshing the token failed with HTTP {status}{detail}.")
