"""Calling Slack's Web API: one method call, its `ok: false` errors, cursor pages.

Slack answers HTTP 200 with `{"ok": false, "error": "..."}` for most failures;
those become one clear AdapterError per source that says what to do (the scope
to add for `missing_scope`, the channel to join for `not_in_channel`). HTTP 429
with `Retry-After` is waited out by the shared HttpSession.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

from ctotui.adapters.http import HttpSession, decode_json
from ctotui.errors import AdapterError

MAX_PAGES = 50

_AUTH_ERRORS = {
    "invalid_auth",
    "not_authed",
    "token_revoked",
    "token_expired",
    "account_inactive",
    "no_permission",
}


class SlackApi:
    """A thin client for Slack Web API methods over the shared HTTP session."""

    def __init__(self, http: HttpSession, source: str) -> None:
        self.http = http
        self.source = source
        self.scopes = ""
        """The token's scopes, as Slack's last reply listed them (X-OAuth-Scopes)."""

    async def call(
        self, method: str, params: Mapping[str, Any] | None = None, *, post: bool = False
    ) -> dict[str, Any]:
        """Call `method`; reads are GET with query parameters, writes POST JSON."""
        if post:
            response = await self.http.request("POST", method, json_body=dict(params or {}))
        else:
            response = await self.http.request("GET", method, params=params)
        self.scopes = response.headers.get("X-OAuth-Scopes", self.scopes)
        data = decode_json("Slack", response)
        if not isinstance(data, dict):
            raise AdapterError(f"Slack {method} sent a reply that is not a JSON object")
        if "ok" not in data:
            raise AdapterError(f"Slack {method} sent a malformed reply: no `ok` field")
        if data.get("ok") is not True:
            raise AdapterError(self.describe_error(method, data, params or {}))
        return data

    async def pages(
        self, method: str, params: Mapping[str, Any], key: str
    ) -> AsyncIterator[list[dict[str, Any]]]:
        """Each page's `key` list, following `response_metadata.next_cursor`."""
        cursor = ""
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            sent = dict(params)
            if cursor:
                sent["cursor"] = cursor
            data = await self.call(method, sent)
            yield list_of_dicts(data.get(key), method, key)
            meta = data.get("response_metadata")
            cursor = meta.get("next_cursor", "") if isinstance(meta, dict) else ""
            # A cursor that is not text, or one already followed, would page forever.
            if not cursor or not isinstance(cursor, str) or cursor in seen:
                return
            seen.add(cursor)

    def describe_error(self, method: str, data: dict[str, Any], params: Mapping[str, Any]) -> str:
        """One line a user can act on for an `ok: false` reply."""
        error = str(data.get("error") or "no error code")
        where = f"Slack source {self.source!r}"
        channel = params.get("channel", "")
        if error == "missing_scope":
            needed = str(data.get("needed") or "unknown")
            provided = str(data.get("provided") or "none")
            return (
                f"{where}: the token lacks the scope {needed} needed by {method} "
                f"(it has {provided}); add {needed} to the Slack app and reinstall it"
            )
        if error == "not_in_channel":
            return (
                f"{where}: not a member of channel {channel} ({method}); "
                "join or invite the app there, or remove it from `channels`"
            )
        if error in ("channel_not_found", "thread_not_found", "message_not_found"):
            return f"{where}: {error.replace('_', ' ')} for {channel or method}"
        if error in _AUTH_ERRORS:
            return (
                f"{where}: Slack rejected the token ({error}); check `token` is a "
                "current xoxp- or xoxb- token for this workspace"
            )
        if error == "ratelimited":
            return f"{where}: rate limited by Slack on {method}; it is retried at the next sync"
        if error == "not_allowed_token_type":
            return f"{where}: {method} needs a user token (xoxp-), not a bot token"
        return f"{where}: {method} failed ({error})"


def list_of_dicts(value: Any, method: str, key: str) -> list[dict[str, Any]]:
    """`value` checked to be a list of objects, or a clear malformed-reply error."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise AdapterError(f"Slack {method} sent a malformed reply: `{key}` is not a list")
    return value
