"""Child process for the memory benchmark: open the inbox on the big store, scroll, report."""

from __future__ import annotations

import asyncio
import resource
import sys


async def main(config: str, data_dir: str) -> None:
    from ctotui.app import CtoApp
    from ctotui.clock import SystemClock
    from ctotui.workspace import open_workspace

    clock = SystemClock()
    workspace = open_workspace(config_arg=config, data_dir_arg=data_dir, demo=False, clock=clock)
    app = CtoApp(workspace, clock=clock, sync_on_start=False)
    try:
        async with app.run_test(size=(200, 60)) as pilot:
            await pilot.press("2")
            await pilot.pause(0.3)
            await pilot.press("end", "pageup", "pageup", "home", "right", "right", "end")
            await pilot.pause(0.3)
    finally:
        workspace.close()
    print(f"MAXRSS_KB {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
