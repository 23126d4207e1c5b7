"""Run every benchmark, print a table and one JSON line per figure.

    python -m benchmarks            # full: 100,000 messages, 20,000 work items
    python -m benchmarks --small    # CI: 5,000 messages, 1,000 items, fewer runs
    python -m benchmarks --only imapsync,trackersync   # just the sync figures

The sync figures bring their own servers: Dovecot with 10,000 messages (small:
500; skipped with the reason when Dovecot cannot run here) and a loopback fake
GitHub with 5,000 issues (small: 300).

Figures are medians over several runs; each has a budget and pass/fail. The
machine is shared and noisy, so no test asserts these numbers: read them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.datagen import Workspace, build

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
STEPS = (
    "start", "keys", "search", "memory", "imports", "status", "montecarlo", "imapsync",
    "trackersync",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Figure:
    name: str
    values: tuple[float, ...]
    unit: str
    budget: float
    lower_is_better: bool = True
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def passed(self) -> bool:
        return self.median <= self.budget if self.lower_is_better else self.median >= self.budget

    def as_json(self) -> str:
        return json.dumps(
            {
                "name": self.name,
                "median": round(self.median, 4),
                "min": round(min(self.values), 4),
                "max": round(max(self.values), 4),
                "unit": self.unit,
                "budget": self.budget,
                "pass": self.passed,
                "note": self.note,
            }
        )


def _python() -> str:
    return sys.executable


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    return env


def _probe(args: list[str]) -> float:
    """Seconds from spawning a probe process to the time it reports its first frame."""
    started = time.time()
    out = subprocess.run(
        [_python(), str(HERE / "startup_probe.py"), *args],
        capture_output=True,
        text=True,
        env=_env(),
        check=True,
    ).stdout
    match = re.search(r"PAINTED (\d+\.\d+)", out)
    if match is None:
        raise RuntimeError(f"the start-up probe printed no frame time: {out[-300:]!r}")
    return float(match.group(1)) - started


def _write_bytecode(args: list[str]) -> None:
    """One untimed start of a probe that may write its modules' .pyc caches.

    An installed app starts from compiled caches (Textual's, in site-packages,
    always have them); sources edited since their caches were written, or a
    PYTHONDONTWRITEBYTECODE environment, would otherwise time compiling ctotui's
    modules on every run instead of starting it.
    """
    env = _env()
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run(
        [_python(), str(HERE / "startup_probe.py"), *args], capture_output=True, env=env, check=True
    )


def cold_start(ws: Workspace, runs: int) -> list[Figure]:
    """ctotui's start on the big store against a bare Textual app, interleaved.

    Twice: with the benchmark's config (no sources) and with four configured
    sources, whose adapter modules (and their libraries) load with the config.
    """
    from benchmarks.datagen import with_sources

    plain = ["ctotui", str(ws.config), str(ws.data_dir)]
    sources = ["ctotui", str(with_sources(ws)), str(ws.data_dir)]
    bare: list[float] = []
    ours: list[float] = []
    ours_sources: list[float] = []
    for args in (["bare"], plain, sources):
        _write_bytecode(args)
    for _ in range(runs):
        bare.append(_probe(["bare"]))
        ours.append(_probe(plain))
        ours_sources.append(_probe(sources))
    ratios = tuple(o / b for o, b in zip(ours, bare, strict=True))
    source_ratios = tuple(o / b for o, b in zip(ours_sources, bare, strict=True))
    return [
        Figure("cold_start_bare", tuple(bare), "s", 10.0, note="bare Textual app, one Static"),
        Figure("cold_start_ctotui", tuple(ours), "s", 10.0, note=f"{ws.messages} messages"),
        Figure("cold_start_ratio", ratios, "x", 1.5, note="ctotui / bare, same run"),
        Figure(
            "cold_start_sources",
            tuple(ours_sources),
            "s",
            10.0,
            note="the same store, 4 sources configured (imap, github, slack, jira)",
        ),
        Figure("cold_start_sources_ratio", source_ratios, "x", 1.5, note="with sources / bare"),
    ]


def key_latency(ws: Workspace, runs: int) -> list[Figure]:
    from benchmarks.keys import measure_keys

    samples = measure_keys(ws, presses=max(20, runs * 10))
    return [
        Figure(f"key_{name}_{stat}", (value,), "ms", 16.0)
        for name, values in samples.items()
        for stat, value in (
            ("p50", statistics.median(values)),
            ("p95", statistics.quantiles(values, n=20)[18]),
        )
    ] + [
        Figure(
            "key_all_p95",
            (statistics.quantiles([v for vs in samples.values() for v in vs], n=20)[18],),
            "ms",
            16.0,
            note="key handled to visible rows re-rendered",
        )
    ]


# What a user types after `/` in the inbox: words, a prefix still being typed, a
# phrase, operators alone and combined with words, a negated flag.
SEARCH_QUERIES = (
    "invoice",
    "deplo",
    '"security audit"',
    "escalation retry queue",
    "from:person12",
    "from:person7 budget",
    "subject:incident",
    'subject:"order sync" is:unread',
    "-is:read roadmap",
    "after:2026-10-01 has:attachment",
)


def full_text_search(ws: Workspace, runs: int) -> list[Figure]:
    """Figure 3, timed on the inbox's own path for a typed query.

    The inbox parses the query (for its warnings), then its row list counts
    the view and reads the first page: the same `MessageRows` source that
    `ctotui.screens.inbox_views.view_rows` builds for a search view.
    """
    from benchmarks.datagen import NOW
    from ctotui.screens.inbox_views import SEARCH, InboxView, MessageRows, view_query
    from ctotui.search_query import parse_query
    from ctotui.store import Store

    view = InboxView("Search", kind=SEARCH)
    page = 200  # the inbox RowList's page size
    timings: list[float] = []
    found: dict[str, int] = {}
    with Store.open(ws.data_dir / "ctotui.db") as store:
        for _ in range(runs):
            for text in SEARCH_QUERIES:
                started = time.perf_counter()
                parse_query(text, NOW.date())
                rows = MessageRows(store, view_query(view, NOW, text))
                found[text] = rows.count()
                rows.fetch(0, page)
                timings.append((time.perf_counter() - started) * 1000)
    summary = ", ".join(f"{text} {count:,}" for text, count in found.items())
    print(f"search results: {summary}")
    return [
        Figure(
            "fts_search",
            tuple(timings),
            "ms",
            50.0,
            note=f"{len(SEARCH_QUERIES)} inbox queries: parse, count, first page of {page}",
        )
    ]


def peak_memory(ws: Workspace) -> list[Figure]:
    out = subprocess.run(
        [_python(), str(HERE / "memory_probe.py"), str(ws.config), str(ws.data_dir)],
        capture_output=True,
        text=True,
        env=_env(),
        check=True,
    ).stdout
    match = re.search(r"MAXRSS_KB (\d+)", out)
    if match is None:
        raise RuntimeError(f"the memory probe printed nothing: {out[-300:]!r}")
    return [Figure("peak_rss", (int(match.group(1)) / 1024,), "MB", 300.0, note="inbox open")]


# Not imported at start-up unless a configured source needs them: numerics, HTML
# conversion, the HTTP stack of the API adapters, and the adapters themselves.
HEAVY_PACKAGES = frozenset(
    {"numpy", "html2text", "httpx", "httpcore", "h11", "anyio", "certifi", "bs4", "lxml"}
)
LIGHT_ADAPTER_MODULES = frozenset({"ctotui.adapters", "ctotui.adapters.base"})


def _importtime(args: list[str]) -> list[tuple[int, str]]:
    """(cumulative microseconds, module) of every import `python -X importtime ARGS` made."""
    result = subprocess.run(
        [_python(), "-X", "importtime", *args],
        capture_output=True,
        text=True,
        env=_env(),
        check=True,
    )
    rows: list[tuple[int, str]] = []
    for line in result.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].strip()))
    return rows


def heavy_modules(names: list[str]) -> list[str]:
    """The heavy packages and concrete adapter modules among imported module names."""
    return [
        name
        for name in names
        if name.split(".")[0] in HEAVY_PACKAGES
        or (name.startswith("ctotui.adapters.") and name not in LIGHT_ADAPTER_MODULES)
    ]


def import_cost(ws: Workspace, runs: int) -> list[Figure]:
    """Figure 7: `import ctotui.app` (total, top 10) and heavy modules at start-up."""
    totals: list[float] = []
    rows: list[tuple[int, str]] = []
    for _ in range(max(runs, 1)):
        rows = _importtime(["-c", "import ctotui.app"])
        totals.append(next((us for us, name in rows if name == "ctotui.app"), 0) / 1000)
    top = sorted((row for row in rows if row[1] != "ctotui.app"), reverse=True)[:10]
    print(f"import ctotui.app: {statistics.median(totals):.0f} ms; top 10 by cumulative time:")
    for us, name in top:
        print(f"  {us / 1000:8.1f} ms  {name}")
    at_import = heavy_modules([name for _, name in rows])
    # The whole start: the app on the benchmark workspace, up to its first painted frame.
    probe = [str(HERE / "startup_probe.py"), "ctotui", str(ws.config), str(ws.data_dir)]
    at_start = heavy_modules([name for _, name in _importtime(probe)])
    if at_import or at_start:
        print(f"heavy modules at start-up: {', '.join(sorted(set(at_import + at_start)))}")
    note = "top: " + ", ".join(f"{n} {us / 1000:.0f}ms" for us, n in top)
    return [
        Figure("import_ctotui_app", tuple(totals), "ms", 1000.0, note=note),
        Figure(
            "heavy_imports_at_start",
            (float(len(at_import)),),
            "modules",
            0.0,
            note=",".join(at_import[:5]) or "none of " + ",".join(sorted(HEAVY_PACKAGES)),
        ),
        Figure(
            "heavy_imports_first_frame",
            (float(len(at_start)),),
            "modules",
            0.0,
            note=",".join(at_start[:5]) or "app started on the benchmark store, no sources",
        ),
    ]


def status_line(ws: Workspace, runs: int) -> list[Figure]:
    """`ctotui status` (benchmarks/status_bench.py): after a store change, cached, config edit."""
    from benchmarks import status_bench

    return status_bench.status_figures(status_bench.prepare(ws), runs)


def imap_sync(runs: int, small: bool) -> list[Figure]:
    """Figure 5 (mail): benchmarks/sync_imap.py; reports why when it cannot run here."""
    from benchmarks import sync_imap

    reason = sync_imap.unavailable()
    if reason:
        print(f"imap sync benchmark skipped: {reason}")
        return []
    return sync_imap.imap_sync(500 if small else 10_000, runs)


def tracker_sync(runs: int, small: bool) -> list[Figure]:
    """Figure 5 (trackers): benchmarks/sync_tracker.py."""
    from benchmarks import sync_tracker

    return sync_tracker.tracker_sync(300 if small else 5_000, runs)


def monte_carlo(runs: int, small: bool) -> list[Figure]:
    """The estimate simulation (benchmarks/estimate_bench.py), 200 tasks x 100,000 trials."""
    trials = 10_000 if small else 100_000
    args = [_python(), str(HERE / "estimate_bench.py"), "--trials", str(trials)]
    args += ["--repeat", str(max(runs, 1))]
    # Exit 1 means "over budget": still a figure to report, not a failure of the run.
    out = subprocess.run(args, capture_output=True, text=True, env=_env(), check=False).stdout
    match = re.search(r"best (\d+\.\d+) s, median (\d+\.\d+) s", out)
    if match is None:
        raise RuntimeError(f"the Monte Carlo benchmark printed no figure: {out[-300:]!r}")
    best, median = float(match.group(1)), float(match.group(2))
    return [
        Figure(
            "monte_carlo_200_tasks",
            (median,),
            "s",
            1.0,
            note=f"{trials:,} trials per run, best {best:.3f} s",
        )
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--small", action="store_true", help="small data, for CI")
    parser.add_argument("--runs", type=int, default=0, help="repetitions (default 5, small 2)")
    parser.add_argument("--data", type=Path, help="where to build and keep the data")
    parser.add_argument(
        "--only",
        help="comma-separated: " + ",".join(STEPS),
    )
    args = parser.parse_args(argv)
    runs = args.runs or (2 if args.small else 5)
    messages, items = (5_000, 1_000) if args.small else (100_000, 20_000)
    root = args.data or Path(tempfile.gettempdir()) / "ctotui-bench"
    chosen = set((args.only or ",".join(STEPS)).split(","))
    if chosen - set(STEPS):
        parser.error(f"unknown benchmark {sorted(chosen - set(STEPS))}; choose from {STEPS}")
    machine = f"{platform.platform()}, {os.cpu_count()} cores"
    print(f"machine: {machine}, Python {platform.python_version()}")
    built: list[Workspace] = []

    def ws() -> Workspace:
        """The seeded store, built (or reused) on first use: the sync benchmarks bring their own."""
        if not built:
            started = time.perf_counter()
            built.append(build(root, messages=messages, items=items))
            print(f"data: {built[0].data_dir} ({messages} messages, {items} items), built/reused "
                  f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
        return built[0]

    sync_runs = min(runs, 3)  # each run is a full sync of thousands of messages or issues
    steps: list[tuple[str, Callable[[], list[Figure]]]] = [
        ("start", lambda: cold_start(ws(), runs)),
        ("keys", lambda: key_latency(ws(), runs)),
        ("search", lambda: full_text_search(ws(), runs)),
        ("memory", lambda: peak_memory(ws())),
        ("imports", lambda: import_cost(ws(), runs)),
        ("status", lambda: status_line(ws(), runs)),
        ("montecarlo", lambda: monte_carlo(runs, args.small)),
        ("imapsync", lambda: imap_sync(sync_runs, args.small)),
        ("trackersync", lambda: tracker_sync(sync_runs, args.small)),
    ]
    figures: list[Figure] = []
    for name, step in steps:
        if name in chosen:
            figures.extend(step())
    print(f"\n{'figure':<30} {'median':>10} {'min':>10} {'max':>10} {'budget':>14}  result")
    for figure in figures:
        print(
            f"{figure.name:<30} {figure.median:>10.3f} {min(figure.values):>10.3f} "
            f"{max(figure.values):>10.3f} {figure.budget:>8g} {figure.unit:<5} "
            f"{'pass' if figure.passed else 'FAIL'}  {figure.note}"
        )
    print()
    for figure in figures:
        print(figure.as_json())
    return 0
