"""Key press to updated screen on the inbox, with the app driven headless by the pilot.

The pilot waits for the app to go idle after each key (~50 ms of sleeping,
whatever the app does), so wall time would measure the pilot. We take the CPU
time the process spends per key instead, minus the median for a key bound to
nothing (the pilot's own cost): the app's own work to handle the key and
re-render the screen.

The inbox shows the highlighted message's preview once the cursor has rested
(`PREVIEW_DELAY`); after each key the benchmark lets it rest that long, outside
the key's figure, so one key's deferred preview never lands in the next key's
figure. That preview's own cost is kept apart (`preview` samples, if asked for).
"""

from __future__ import annotations

import asyncio
import time

from benchmarks.datagen import Workspace

OPERATIONS: dict[str, tuple[str, ...]] = {
    "noop": ("f19",),  # bound to nothing: the pilot's own cost, subtracted from the others
    "down": ("down",),
    "page_down": ("pagedown",),
    "end": ("end",),
    "home": ("home",),
    "switch_split": ("right",),
}
SETTLE = 0.15
"""Seconds to rest after each key: longer than the inbox's PREVIEW_DELAY."""


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
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("2")
            await pilot.pause(0.5)
            for _ in range(presses):
                for name, keys in OPERATIONS.items():
                    started = time.process_time()
                    await pilot.press(*keys)
                    samples[name].append((time.process_time() - started) * 1000)
                    started = time.process_time()
                    await pilot.pause(SETTLE)
                    rests[name].append((time.process_time() - started) * 1000)
    finally:
        workspace.close()
    noop = sorted(samples.pop("noop"))
    baseline = noop[len(noop) // 2]
    return {name: [max(0.0, v - baseline) for v in values] for name, values in samples.items()}
