"""A RowSource over rows already in memory (a board, a to-do view, the estimates)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class ListSource(Generic[T]):
    """Rows computed up front; RowList still renders only the visible ones."""

    rows: Sequence[T]

    def count(self) -> int:
        return len(self.rows)

    def fetch(self, offset: int, limit: int) -> Sequence[T]:
        return self.rows[offset : offset + limit]
