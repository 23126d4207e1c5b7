"""The demo source's cursor: JSON text with the anchor, the seed and the progress.

Everything the demo generates is a function of what this cursor holds, so a
resumed sync continues exactly where the last one stopped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

CURSOR_VERSION = 1


@dataclass(frozen=True, slots=True)
class DemoCursor:
    """Where a demo sync stands: history pages sent so far and live arrivals delivered."""

    anchor: datetime
    seed: int
    days: int
    feeds: tuple[str, ...]
    page: int = 0
    delivered: int = 0

    def dump(self) -> str:
        return json.dumps(
            {
                "version": CURSOR_VERSION,
                "anchor": self.anchor.isoformat(),
                "seed": self.seed,
                "days": self.days,
                "feeds": list(self.feeds),
                "page": self.page,
                "delivered": self.delivered,
            },
            sort_keys=True,
        )

    @classmethod
    def load(cls, text: str) -> DemoCursor | None:
        """The cursor in `text`, or None when it is not one this version wrote."""
        try:
            data: Any = json.loads(text)
            if not isinstance(data, dict) or data.get("version") != CURSOR_VERSION:
                return None
            anchor = datetime.fromisoformat(str(data["anchor"]))
            feeds = data["feeds"]
            values = (data["seed"], data["days"], data["page"], data["delivered"])
        except (ValueError, KeyError, TypeError):
            return None
        if anchor.tzinfo is None or not isinstance(feeds, list):
            return None
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            return None
        if not all(isinstance(f, str) for f in feeds) or min(values[2:]) < 0:
            return None
        seed, days, page, delivered = values
        return cls(anchor.astimezone(UTC), seed, days, tuple(feeds), page, delivered)

    def advanced(self, *, page: int | None = None, delivered: int | None = None) -> DemoCursor:
        return replace(
            self,
            page=self.page if page is None else page,
            delivered=self.delivered if delivered is None else delivered,
        )
