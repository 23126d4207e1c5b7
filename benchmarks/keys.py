"""Key press to updated screen on the inbox, with the app driven headless by the pilot.

The pilot waits for the app to go idle after each key (~50 ms of sleeping,
whatever the app does), so wall time would measure the pilot. We take the CPU
time the process spends per key instead, minus the median for a key bound to
nothing (the pilot's own cost): the app's own work to handle the key and
re-render the screen.
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


def measure_keys(ws: Workspace, presses: int) -> dict[str, list[float]]:
    return asyncio.run(_measure(ws, presses))


async def _measure(ws: Workspace, presses: int) -> dict[str, list[float]]:
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
    finally:
        workspace.close()
    noop = sorted(samples.pop("noop"))
    baseline = noop[len(noop) // 2]
    return {name: [max(0.0, v - baseline) for v in values] for name, values in samples.items()}
