"""`ctotui status` wall time on the big store: after a store change, cached, after a config edit.

A tmux status line spawns the command every few seconds; the budget is 150 ms
per run. After the store changes (here: one committed write, as a sync or the
app makes) the figures are counted afresh; later runs in the same minute read
the cached figures beside the store. A config edit makes the next run load the
config in full once (what the figures need of it is then kept in the cache).
CPU time (user + system of the child) is reported beside wall time, since the
machine running this may be shared.

    python -m benchmarks.status_bench [--small] [--runs N] [--data DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.datagen import Workspace, build
from benchmarks.run import Figure, _env
from ctotui.store import Store

BUDGET_S = 0.150
CONFIG_BUDGET_S = 1.0
"""Once per config edit: the full config loader runs (imports, schema checks)."""


def _spawn(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Seconds of wall time and of CPU time from spawning a Python process to its exit."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, *args], env=env or _env(), check=True, stdout=subprocess.DEVNULL
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _run_status(ws: Workspace) -> tuple[float, float]:
    return _spawn(
        ["-m", "ctotui", "status", "--config", str(ws.config), "--data-dir", str(ws.data_dir)]
    )


def _default_dirs_env(ws: Workspace) -> dict[str, str]:
    """An environment whose platform default dirs (XDG) lead to the workspace, as for a user
    who passes no flags: the path that also resolves the default locations."""
    xdg = ws.data_dir.parent / f"{ws.data_dir.name}-xdg"
    data, config = xdg / "data" / "ctotui", xdg / "config" / "ctotui" / "config.toml"
    for link, target in ((data, ws.data_dir), (config, ws.config)):
        if not link.is_symlink():
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(target)
    env = {k: v for k, v in _env().items() if k not in ("CTOTUI_CONFIG", "CTOTUI_DATA_DIR")}
    env.update(XDG_DATA_HOME=str(xdg / "data"), XDG_CONFIG_HOME=str(xdg / "config"))
    return env


def change_store(ws: Workspace) -> None:
    """One committed write that leaves every figure as it was (a message re-marked read)."""
    conn = sqlite3.connect(ws.data_dir / "ctotui.db")
    try:
        conn.execute(
            "UPDATE messages SET is_read = is_read WHERE id = (SELECT min(id) FROM messages)"
        )
        conn.commit()
    finally:
        conn.close()


def change_config(ws: Workspace) -> None:
    """Touch the config file, as saving it unchanged in an editor would."""
    os.utime(ws.config, ns=(time.time_ns(), time.time_ns()))


def status_figures(ws: Workspace, runs: int) -> list[Figure]:
    """Each kind of run interleaved with a bare Python start, wall and CPU time."""
    samples: dict[str, list[float]] = {}

    def keep(name: str, timing: tuple[float, float]) -> None:
        samples.setdefault(name, []).append(timing[0])
        samples.setdefault(f"{name}_cpu", []).append(timing[1])

    _run_status(ws)  # the cache's config part, as after any first run
    for _ in range(runs):
        keep("status_python_bare", _spawn(["-c", "pass"]))
        change_store(ws)
        keep("status_fresh", _run_status(ws))
        keep("status_cached", _run_status(ws))
        change_config(ws)
        keep("status_config_changed", _run_status(ws))
    # No flags: the default locations are resolved too (a separate loop, so the cached
    # config part, which is keyed by the config file's path, is not recomputed each time).
    env = _default_dirs_env(ws)
    _spawn(["-m", "ctotui", "status"], env)
    for _ in range(runs):
        change_store(ws)
        keep("status_fresh_default_dirs", _spawn(["-m", "ctotui", "status"], env))
    size = f"{ws.messages} messages, {ws.items} items"
    notes = {
        "status_python_bare": ("python -c pass, for scale", BUDGET_S),
        "status_fresh": (f"{size}; the store just changed", BUDGET_S),
        "status_cached": (f"{size}; nothing changed", BUDGET_S),
        "status_config_changed": (f"{size}; once after a config edit", CONFIG_BUDGET_S),
        "status_fresh_default_dirs": (f"{size}; store changed; no flags", BUDGET_S),
    }
    figures: list[Figure] = []
    for name, (note, budget) in notes.items():
        figures.append(Figure(name, tuple(samples[name]), "s", budget, note=note))
        cpu = tuple(samples[f"{name}_cpu"])
        figures.append(Figure(f"{name}_cpu", cpu, "s", budget, note=f"CPU time; {note}"))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.status_bench", description=__doc__)
    parser.add_argument("--small", action="store_true", help="small data, for CI")
    parser.add_argument("--runs", type=int, default=20, help="repetitions (default 20)")
    parser.add_argument("--data", type=Path, help="where to build and keep the data")
    args = parser.parse_args(argv)
    messages, items = (5_000, 1_000) if args.small else (100_000, 20_000)
    root = args.data or Path(tempfile.gettempdir()) / "ctotui-bench"
    ws = prepare(build(root, messages=messages, items=items))
    print(f"data: {ws.data_dir}; {os.cpu_count()} cores; load {os.getloadavg()[0]:.2f}")
    for figure in status_figures(ws, max(1, args.runs)):
        print(
            f"{figure.name:<26} median {figure.median * 1000:7.1f} ms  "
            f"min {min(figure.values) * 1000:7.1f} ms  budget {figure.budget * 1000:.0f} ms  "
            f"{'pass' if figure.passed else 'FAIL'}  {figure.note}"
        )
        print(figure.as_json())
    print(f"load after: {os.getloadavg()[0]:.2f}")
    return 0


def prepare(ws: Workspace) -> Workspace:
    """`status` never upgrades a store: data built by an older ctotui is upgraded here.

    An installed ctotui is byte-compiled; so is this tree here, since a set
    PYTHONDONTWRITEBYTECODE would otherwise have every run compile what changed.
    """
    import compileall

    import ctotui

    compileall.compile_dir(Path(ctotui.__file__).parent, quiet=1)
    Store.open(ws.data_dir / "ctotui.db").close()
    return ws


if __name__ == "__main__":
    raise SystemExit(main())
