"""Key press to updated screen on the inbox, with the app driven headless by the pilot.

The pilot waits for the app to go idle after each key (~50 ms of sleeping,
whatever the app does), so wall time would measure the pilot. We take the CPU
time the process spends per key instead, minus the median for a key bound to
nothing (the pilot's own cost): the app's own work to handle the key and
re-render the screen.

The inbox shows the highlighted message's preview once the cursor has rested
(`PREVIEW_DELAY`), and the list reads and draws the rows one key away
(`WARM_DELAY`, the neighbouring splits too); after each key the benchmark lets it
rest that long, outside the key's figure, so one key's deferred work never lands
in the next key's figure. On a loaded machine the pilot's own wait after a key
outlasts those 0.1 s, so the benchmark lengthens both delays to `REST_DELAY`
(what a key does is unchanged, only when the deferred work starts), and takes
the CPU of any deferred work (`DEFERRED`) still run inside a key's window out of
that key's figure. That work's own cost is kept apart (`preview` samples).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from benchmarks.datagen import Workspace

OPERATIONS: dict[str, tuple[str, ...]] = {
    "noop": ("f19",),  # bound to nothing: the pilot's own cost, subtracted from the others
    "down": ("down",),
    "page_down": ("pagedown",),
    "end": ("end",),
    "home": ("home",),
    "switch_split": ("right",),
}
REST_DELAY = 0.3
"""The preview and read-ahead delays while measuring: past the pilot's wait on a busy machine."""
SETTLE = REST_DELAY + 0.1
"""Seconds to rest after each key: longer than REST_DELAY."""
DELAYS: tuple[tuple[str, str], ...] = (
    ("ctotui.screens.inbox", "PREVIEW_DELAY"),
    ("ctotui.widgets.row_list", "WARM_DELAY"),
)
DEFERRED: tuple[tuple[str, str, str], ...] = (
    ("ctotui.screens.inbox", "InboxScreen", "_preview_now"),
    ("ctotui.screens.inbox", "InboxScreen", "_prepare_neighbours"),
    ("ctotui.widgets.row_list", "RowList", "warm"),
)
"""The work that waits for the cursor to rest: (module, class, method)."""


class DeferredClock:
    """CPU seconds spent in the DEFERRED methods (outermost calls only) since `reset`."""

    def __init__(self) -> None:
        self.spent = 0.0
        self._depth = 0

    def reset(self) -> float:
        spent, self.spent = self.spent, 0.0
        return spent

    def timed(self, method: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            if self._depth:
                return method(*args, **kwargs)
            self._depth += 1
            started = time.process_time()
            try:
                return method(*args, **kwargs)
            finally:
                self._depth -= 1
                self.spent += time.process_time() - started

        return run


@contextmanager
def deferred_clock() -> Iterator[DeferredClock]:
    """Lengthen the DELAYS and time the DEFERRED methods while measuring; put both back after."""
    import importlib

    clock = DeferredClock()
    originals: list[tuple[Any, str, Any]] = []
    for module_name, name in DELAYS:
        module = importlib.import_module(module_name)
        if hasattr(module, name):
            originals.append((module, name, getattr(module, name)))
            setattr(module, name, REST_DELAY)
    for module_name, class_name, method_name in DEFERRED:
        owner = getattr(importlib.import_module(module_name), class_name)
        original = owner.__dict__.get(method_name)
        if original is None:  # an inbox without that step
            continue
        originals.append((owner, method_name, original))
        setattr(owner, method_name, clock.timed(original))
    try:
        yield clock
    finally:
        for owner, method_name, original in originals:
            setattr(owner, method_name, original)


def measure_keys(
    ws: Workspace, presses: int, preview: list[float] | None = None
) -> dict[str, list[float]]:
    """CPU ms per key, by operation; `preview` (if given) gets the CPU ms of each deferred preview.

    A preview's figure is the rest after a cursor key minus the median rest after
    the key bound to nothing.
    """
    rests: dict[str, list[float]] = {name: [] for name in OPERATIONS}
    samples = asyncio.run(_measure(ws, presses, rests))
    if preview is not None:
        idle = sorted(rests["noop"])[len(rests["noop"]) // 2]
        for name in ("down", "page_down", "end", "home"):
            preview.extend(max(0.0, v - idle) for v in rests[name])
    return samples


async def _measure(
    ws: Workspace, presses: int, rests: dict[str, list[float]]
) -> dict[str, list[float]]:
    from ctotui.app import CtoApp
    from ctotui.clock import SystemClock
    from ctotui.workspace import open_workspace

    clock = SystemClock()
    workspace = open_workspace(
        config_arg=str(ws.config), data_dir_arg=str(ws.data_dir), demo=False, clock=clock
    )
    samples: dict[str, list[float]] = {name: [] for name in OPERATIONS}
    app = CtoApp(workspace, clock=clock, sync_on_start=False)
    try:
        with deferred_clock() as deferred:
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.press("2")
                await pilot.pause(0.5)
                for _ in range(presses):
                    for name, keys in OPERATIONS.items():
                        deferred.reset()
                        started = time.process_time()
                        await pilot.press(*keys)
                        spent = time.process_time() - started - deferred.reset()
                        samples[name].append(spent * 1000)
                        started = time.process_time()
                        await pilot.pause(SETTLE)
                        rests[name].append((time.process_time() - started) * 1000)
    finally:
        workspace.close()
    noop = sorted(samples.pop("noop"))
    baseline = noop[len(noop) // 2]
    return {name: [max(0.0, v - baseline) for v in values] for name, values in samples.items()}
