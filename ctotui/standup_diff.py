"""What changed against the last standup: new and resolved blockers, promises kept.

Each saved standup keeps a snapshot of the board (which items were blocked, and
which were in progress or in review — what people said they were on); the next
standup compares the live board with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ctotui.standup import FINISHED_MOVES, Board, BoardRow


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Item references (item:<source>:<remote_id>) to their keys, per board part."""

    blocked: dict[str, str] = field(default_factory=dict)
    promised: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"blocked": dict(self.blocked), "promised": dict(self.promised)}

    @classmethod
    def from_json(cls, data: object) -> Snapshot:
        """A snapshot from stored JSON; anything malformed reads as empty."""
        if not isinstance(data, dict):
            return cls()

        def part(name: str) -> dict[str, str]:
            value = data.get(name)
            if not isinstance(value, dict):
                return {}
            return {str(k): str(v) for k, v in value.items()}

        return cls(blocked=part("blocked"), promised=part("promised"))


def snapshot(board: Board) -> Snapshot:
    return Snapshot(
        blocked={row.ref: row.item.key for row in board.blocked},
        promised={row.ref: row.item.key for row in board.in_progress + board.in_review},
    )


@dataclass(frozen=True, slots=True)
class StandupDiff:
    """The board against the standup of `last_day`."""

    last_day: date
    new_blockers: tuple[BoardRow, ...]
    resolved_blockers: tuple[tuple[str, str], ...]
    """(reference, key) of items blocked last time and not blocked now."""
    promises_kept: tuple[BoardRow, ...]
    """Items in progress or in review last time that were done or merged since."""

    @property
    def empty(self) -> bool:
        return not (self.new_blockers or self.resolved_blockers or self.promises_kept)


def diff(board: Board, last: Snapshot, last_day: date) -> StandupDiff:
    blocked_now = {row.ref for row in board.blocked}
    return StandupDiff(
        last_day=last_day,
        new_blockers=tuple(r for r in board.blocked if r.ref not in last.blocked),
        resolved_blockers=tuple(
            (ref, key) for ref, key in sorted(last.blocked.items()) if ref not in blocked_now
        ),
        promises_kept=tuple(
            r for r in board.moved if r.move in FINISHED_MOVES and r.ref in last.promised
        ),
    )
