"""The device authorization grant (RFC 8628): a URL and a code to open on any device.

`start` asks the provider for a device code; `poll` asks the token endpoint,
every `interval` seconds, whether the user has finished: `authorization_pending`
waits, `slow_down` adds five seconds to the interval, `expired_token` and
`access_denied` (Microsoft: `authorization_declined`) end it with a message,
and a network failure backs off (doubling the interval) a few times before
giving up. Sleeping and the clock are injectable so tests never really wait.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from ctotui.oauth import (
    OAuthError,
    OAuthSettings,
    TokenAnswer,
    error_code,
    post_form,
    token_answer,
)
from ctotui.sanitize import clean_line

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
DEFAULT_INTERVAL = 5.0
SLOW_DOWN_STEP = 5.0
MIN_INTERVAL = 1.0
MAX_NETWORK_FAILURES = 3

Sleep = Callable[[float], None]
Now = Callable[[], float]
_sleep: Sleep = time.sleep
_now: Now = time.monotonic


@dataclass(frozen=True, slots=True)
class DeviceCode:
    """What the user needs (URL and code) and what the poller needs (device code, timing)."""

    device_code: str
    user_code: str
    verification_uri: str
    expires_in: float
    interval: float


def start(settings: OAuthSettings) -> DeviceCode:
    """Ask for a device code and the URL the user opens; OAuthError when refused."""
    provider = settings.provider
    what = f"Signing in {settings.source!r}"
    if not provider.device_url:
        raise OAuthError(f"{what}: {provider.label} has no device code flow for mail.")
    fields = {"scope": provider.scope, **settings.client_fields()}
    status, data = post_form(provider.device_url, fields, what=what)
    if status != 200:
        code = error_code(data)
        detail = f" ({code})" if code else ""
        hint = (
            "; check oauth_client_id and that the app registration allows public client flows"
            if code in ("invalid_client", "unauthorized_client")
            else ""
        )
        raise OAuthError(
            f"{what}: the sign-in server refused the device code request "
            f"with HTTP {status}{detail}{hint}."
        )
    device_code = data.get("device_code")
    user_code = data.get("user_code")
    # RFC 8628 names it verification_uri; Google's older answer says verification_url.
    uri = data.get("verification_uri") or data.get("verification_url")
    if not all(isinstance(v, str) and v for v in (device_code, user_code, uri)):
        raise OAuthError(f"{what}: the sign-in server's answer has no device code or URL.")
    assert isinstance(device_code, str) and isinstance(user_code, str) and isinstance(uri, str)
    return DeviceCode(
        device_code=device_code,
        user_code=clean_line(user_code, 40),
        verification_uri=clean_line(uri, 300),
        expires_in=_number(data.get("expires_in"), 900.0),
        interval=max(_number(data.get("interval"), DEFAULT_INTERVAL), MIN_INTERVAL),
    )


def _number(value: object, default: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return default
    try:
        return float(value)
    except ValueError:
        return default


def poll(
    settings: OAuthSettings,
    device: DeviceCode,
    *,
    sleep: Sleep | None = None,
    now: Now | None = None,
) -> TokenAnswer:
    """Wait for the user to finish signing in; the tokens, or OAuthError saying why not."""
    sleep = _sleep if sleep is None else sleep
    now = _now if now is None else now
    source = settings.source
    what = f"Signing in {source!r}"
    again = f"run `ctotui auth login {source}` again"
    deadline = now() + device.expires_in
    interval = device.interval
    network_failures = 0
    fields = {
        "grant_type": DEVICE_GRANT,
        "device_code": device.device_code,
        **settings.client_fields(),
    }
    while True:
        sleep(interval)
        if now() >= deadline:
            raise OAuthError(f"{what}: the code expired before the sign-in was finished; {again}.")
        try:
            status, data = post_form(settings.provider.token_url, fields, what=what)
        except OAuthError:
            network_failures += 1
            if network_failures > MAX_NETWORK_FAILURES:
                raise
            interval *= 2
            continue
        network_failures = 0
        if status == 200:
            return token_answer(data, what=what)
        code = error_code(data)
        if code == "authorization_pending":
            continue
        if code == "slow_down":
            interval += SLOW_DOWN_STEP
            continue
        if code in ("expired_token", "code_expired"):
            raise OAuthError(f"{what}: the code expired before the sign-in was finished; {again}.")
        if code in ("access_denied", "authorization_declined"):
            raise OAuthError(f"{what}: the sign-in was declined in the browser; {again}.")
        detail = f" ({code})" if code else ""
        raise OAuthError(f"{what}: the sign-in server answered HTTP {status}{detail}; {again}.")
