"""`ctotui status` wall time on the big store: a fresh computation and a cached run.

A tmux status line spawns the command every few seconds; the budget is 150 ms
per run. The first run after the store changes computes the figures; later
runs in the same minute read the cached figures beside the store.

    python -m benchmarks.status_bench [--small] [--runs N] [--data DIR]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.datagen import Workspace, build
from benchmarks.run import Figure, _env
from ctotui.store import Store

BUDGET_S = 0.150
CACHE_NAME = ".status-cache.json"


def _spawn(args: list[str]) -> float:
    """Seconds from spawning the Python process to its exit, as a status line spawns it."""
    started = time.perf_counter()
    subprocess.run([sys.executable, *args], env=_env(), check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def _run_status(ws: Workspace) -> float:
    return _spawn(
        ["-m", "ctotui", "status", "--config", str(ws.config), "--data-dir", str(ws.data_dir)]
    )


def status_figures(ws: Workspace, runs: int) -> list[Figure]:
    """Fresh (no cache) and cached runs of `ctotui status`, interleaved with a bare Python."""
    bare: list[float] = []
    fresh: list[float] = []
    cached: list[float] = []
    for _ in range(runs):
        bare.append(_spawn(["-c", "pass"]))
        (ws.data_dir / CACHE_NAME).unlink(missing_ok=True)
        fresh.append(_run_status(ws))
        cached.append(_run_status(ws))
    note = f"{ws.messages} messages, {ws.items} items"
    return [
        Figure("status_python_bare", tuple(bare), "s", BUDGET_S, note="python -c pass, for scale"),
        Figure("status_fresh", tuple(fresh), "s", BUDGET_S, note=f"{note}; store just changed"),
        Figure("status_cached", tuple(cached), "s", BUDGET_S, note=f"{note}; nothing changed"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.status_bench", description=__doc__)
    parser.add_argument("--small", action="store_true", help="small data, for CI")
    parser.add_argument("--runs", type=int, default=5, help="repetitions (default 5)")
    parser.add_argument("--data", type=Path, help="where to build and keep the data")
    args = parser.parse_args(argv)
    messages, items = (5_000, 1_000) if args.small else (100_000, 20_000)
    root = args.data or Path(tempfile.gettempdir()) / "ctotui-bench"
    ws = build(root, messages=messages, items=items)
    # `status` never upgrades a store; data built by an older ctotui is upgraded here.
    Store.open(ws.data_dir / "ctotui.db").close()
    print(f"data: {ws.data_dir}; {os.cpu_count()} cores")
    for figure in status_figures(ws, max(1, args.runs)):
        print(
            f"{figure.name:<18} median {figure.median * 1000:7.1f} ms  "
            f"min {min(figure.values) * 1000:7.1f} ms  budget {BUDGET_S * 1000:.0f} ms  "
            f"{'pass' if figure.passed else 'FAIL'}  {figure.note}"
        )
        print(figure.as_json())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
