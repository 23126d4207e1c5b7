"""Full garbage collections while the user rests, never between a key and its frame.

CPython's oldest-generation collection walks every tracked object the app
holds: the row pages and rendered lines of a 100,000-row inbox, Textual's
widgets and styles. On a small box that is 20-80 ms, and it starts whenever
enough allocations pile up, which is usually in the middle of a key's work,
so one key in twenty stutters. This moves that collection out of the way:

- `start` (after the first frame) freezes what start-up made, so later full
  collections never walk it again, and stops automatic full collections;
- `tick` (on a timer) collects fully once the input has rested `rest`
  seconds, or at the latest `longest` seconds after the last one, so
  cyclic garbage never waits long while someone holds a key down;
- `stop` puts the interpreter's thresholds back and unfreezes.

The young generations still collect automatically: they cost about a
millisecond. No Textual here: the app only calls these from its events.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

REST_SECONDS = 0.5
"""Input quiet this long: a full collection cannot delay a key."""
LONGEST_SECONDS = 30.0
"""The most a full collection waits, however busy the keyboard is."""
NEVER = 1 << 30
"""An oldest-generation threshold automatic collection never reaches."""


class IdleCollector:
    """Runs full collections when input rests; see the module docstring."""

    def __init__(
        self,
        *,
        rest: float = REST_SECONDS,
        longest: float = LONGEST_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rest = rest
        self.longest = longest
        self._clock = clock
        self._thresholds: tuple[int, int, int] | None = None
        self._last_input = clock()
        self._last_full = clock()
        self.collections = 0
        """Full collections this collector ran (for tests and the benchmark)."""

    @property
    def running(self) -> bool:
        return self._thresholds is not None

    def start(self) -> None:
        """Freeze start-up's objects and take full collections over from the interpreter."""
        if self.running or not gc.isenabled():
            return
        young, middle, _oldest = self._thresholds = gc.get_threshold()
        gc.freeze()
        gc.set_threshold(young, middle, NEVER)
        self._last_full = self._clock()

    def stop(self) -> None:
        """Hand full collections back to the interpreter (an app may run again in-process)."""
        if self._thresholds is None:
            return
        gc.set_threshold(*self._thresholds)
        self._thresholds = None
        gc.unfreeze()

    def note_input(self) -> None:
        self._last_input = self._clock()

    def tick(self) -> bool:
        """Collect fully if input rested or the last full collection is too old; True if it ran."""
        if not self.running:
            return False
        now = self._clock()
        rested = now - self._last_input >= self.rest
        overdue = now - self._last_full >= self.longest
        if not (overdue or (rested and gc.get_count()[2] > 0)):
            return False
        gc.collect()
        self._last_full = self._clock()
        self.collections += 1
        return True
