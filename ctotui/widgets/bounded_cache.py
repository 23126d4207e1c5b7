"""A small least-recently-used cache that frees what it drops at once.

Textual's `LRUCache` links its entries in a ring of lists: a cache that is
cleared or replaced becomes cyclic garbage, which with a list's pages and
rendered lines inside is tens of thousands of objects left for the slowest
garbage collection. An `OrderedDict` keeps the order in C, so dropped rows and
lines are freed by reference counting the moment they go.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class BoundedCache(Generic[K, V]):
    """At most `maxsize` entries; reading or writing one makes it the newest."""

    __slots__ = ("_entries", "maxsize")

    def __init__(self, maxsize: int) -> None:
        self.maxsize = max(1, maxsize)
        self._entries: OrderedDict[K, V] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def get(self, key: K) -> V | None:
        value = self._entries.get(key)
        if value is not None:
            self._entries.move_to_end(key)
        return value

    def set(self, key: K, value: V) -> None:
        self._entries[key] = value
        self._entries.move_to_end(key)
        while len(self._entries) > self.maxsize:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        self._entries.clear()
