"""The sync cursor of the GitHub and GitLab adapters: one pass over their targets, page by page.

A pass visits every configured target (a repository, an org, a query, the
notifications) in turn. The cursor remembers which targets are left, the next
page of the current one, each target's high-water mark (the newest `updated`
time seen, for `since` / `updated_after` next time) and each target's ETag.
Keeping the mark unchanged when nothing changed keeps the request URL
unchanged, so the next sync is a conditional request answered 304.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass(slots=True)
class PassCursor:
    queue: list[str] = field(default_factory=list)
    next_url: str | None = None
    high: str = ""
    """The newest update seen so far in the current target's pages."""
    marks: dict[str, str] = field(default_factory=dict)
    etags: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, text: str | None) -> PassCursor:
        """The cursor saved by the last fetch; a missing or unreadable one starts afresh."""
        if not text:
            return cls()
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            return cls()
        if not isinstance(data, dict):
            return cls()
        return cls(
            queue=[str(t) for t in data.get("queue") or []],
            next_url=data.get("next") or None,
            high=str(data.get("high") or ""),
            marks={str(k): str(v) for k, v in (data.get("marks") or {}).items()},
            etags={str(k): str(v) for k, v in (data.get("etags") or {}).items()},
        )

    def dump(self) -> str:
        return json.dumps(
            {
                "queue": self.queue,
                "next": self.next_url,
                "high": self.high,
                "marks": self.marks,
                "etags": self.etags,
            },
            sort_keys=True,
        )

    def start(self, targets: list[str]) -> None:
        """Begin a new pass when the last one finished (or the targets changed)."""
        if not self.queue or any(t not in targets for t in self.queue):
            self.queue = list(targets)
            self.next_url = None
            self.high = ""
        self.marks = {t: m for t, m in self.marks.items() if t in targets}
        self.etags = {t: e for t, e in self.etags.items() if t in targets}

    @property
    def target(self) -> str:
        return self.queue[0]

    def seen(self, updated: datetime | None) -> None:
        if updated is None:
            return
        stamp = updated.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        if stamp > self.high:
            self.high = stamp

    def finish_target(self) -> None:
        """The current target is done: keep its mark and go on with the next."""
        target = self.queue.pop(0)
        if self.high and self.high > self.marks.get(target, ""):
            self.marks[target] = self.high
        self.next_url = None
        self.high = ""
