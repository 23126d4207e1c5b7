"""The Slack source's sync cursor: what was seen where, and the name caches.

Stored as JSON in the store's cursor column, so the next sync asks each
conversation only for messages after its latest-seen `ts` (Slack's `oldest`),
re-checks only the threads the user takes part in, and does not look the same
users up again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

MAX_THREADS = 100
MAX_USERS = 5000


@dataclass(slots=True)
class SlackState:
    """Everything one Slack source remembers between syncs."""

    me: str = ""
    team_url: str = ""
    seen: dict[str, str] = field(default_factory=dict)
    """Conversation id -> newest message ts fetched."""
    threads: dict[str, str] = field(default_factory=dict)
    """"channel:thread_ts" of threads I take part in -> newest reply ts fetched."""
    search: dict[str, str] = field(default_factory=dict)
    """Search query -> newest matching ts fetched."""
    users: dict[str, list[Any]] = field(default_factory=dict)
    """User id -> [display name, is_bot]."""
    channels: dict[str, str] = field(default_factory=dict)
    """Conversation id -> channel name."""

    @classmethod
    def load(cls, cursor: str | None) -> SlackState:
        """The state in `cursor`; a missing or unreadable cursor starts afresh."""
        if not cursor:
            return cls()
        try:
            data = json.loads(cursor)
        except json.JSONDecodeError:
            return cls()
        if not isinstance(data, dict):
            return cls()
        state = cls()
        state.me = _str(data.get("me"))
        state.team_url = _str(data.get("team_url"))
        for name in ("seen", "threads", "search"):
            value = data.get(name)
            if isinstance(value, dict):
                setattr(state, name, {str(k): v for k, v in value.items() if _is_ts(v)})
        channels = data.get("channels")
        if isinstance(channels, dict):
            state.channels = {str(k): _str(v) for k, v in channels.items()}
        users = data.get("users")
        if isinstance(users, dict):
            state.users = {
                str(k): [_str(v[0]), bool(v[1])]
                for k, v in users.items()
                if isinstance(v, list) and len(v) == 2
            }
        return state

    def dump(self) -> str:
        """JSON for the store, with the thread and user caches kept bounded."""
        newest = sorted(self.threads.items(), key=lambda kv: float(kv[1] or 0), reverse=True)
        self.threads = dict(newest[:MAX_THREADS])
        if len(self.users) > MAX_USERS:
            self.users = dict(list(self.users.items())[-MAX_USERS:])
        return json.dumps(
            {
                "me": self.me,
                "team_url": self.team_url,
                "seen": self.seen,
                "threads": self.threads,
                "search": self.search,
                "users": self.users,
                "channels": self.channels,
            },
            sort_keys=True,
        )


def newer(a: str, b: str) -> str:
    """The later of two Slack timestamps ("" counts as the oldest)."""
    if not a:
        return b
    if not b:
        return a
    return a if float(a) >= float(b) else b


def _is_ts(value: Any) -> bool:
    """A Slack timestamp string ("1794990000.000200"), or "" for "none yet"."""
    if not isinstance(value, str):
        return False
    try:
        return value == "" or float(value) >= 0
    except ValueError:
        return False


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""
