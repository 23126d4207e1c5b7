"""Figure 5, tracker half: sync N GitHub issues from a loopback server that counts requests.

The server (benchmarks/sync_github_server.py) is a real HTTP/1.1 server on
127.0.0.1 in a child process, answering as GitHub's REST docs show, with
Link-header pagination, ETags and 304 on If-None-Match. It holds N open issues
and pull requests over five repositories (every third one a pull request, each
with a timeline) and a few notifications. Each run syncs into a fresh store
through the real sync engine: a full sync, then one with nothing changed on the
server, then one more. The budget: a no-change sync only makes conditional
requests answered 304 (If-None-Match / If-Modified-Since) or cursor-bounded
ones (`since=` / `updated:>=`), and reads no item's details again.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.run import Figure
from benchmarks.sync_github_server import REPOS, Request, Server, running

SOURCE = "bench-github"
PAGE_SIZE = 100  # GitHub's largest page


@dataclass(frozen=True, slots=True)
class Run:
    full_seconds: float
    stored: int
    full: list[Request]
    nochange: list[Request]
    steady: list[Request]


def _config_text(base: str) -> str:
    repos = ", ".join(f'"{r}"' for r in REPOS)
    return (
        'me = "cto"\n[people.cto]\nemails = ["cto@acme.example"]\ngithub = "octocat"\n'
        f'[[sources]]\nname = "{SOURCE}"\nadapter = "github"\ntoken = "bench-token"\n'
        f'base_url = "{base}"\nrepos = [{repos}]\npage_size = {PAGE_SIZE}\n'
    )


def sync_three_times(config_text: str, server: Server, data_dir: Path) -> Run:
    """A full sync into an empty store, then two with nothing changed on the server."""
    from ctotui.clock import SystemClock
    from ctotui.config import config_from_text
    from ctotui.store import ItemQuery, Store
    from ctotui.sync import SyncEngine

    config = config_from_text(config_text)
    if config.problems:
        raise RuntimeError(f"benchmark config rejected: {config.problems[0]}")
    passes: list[list[Request]] = []
    with Store.open(data_dir / "ctotui.db") as store:
        engine = SyncEngine(store, config, SystemClock())
        server.take()
        started = time.perf_counter()
        outcomes = asyncio.run(engine.sync_all())
        seconds = time.perf_counter() - started
        stored = store.count_items(ItemQuery())
        passes.append(server.take())
        for _ in range(2):
            outcomes += asyncio.run(engine.sync_all())
            passes.append(server.take())
    for outcome in outcomes:
        if not outcome.ok:
            raise RuntimeError(f"the GitHub sync failed: {outcome.error}")
    return Run(seconds, stored, *passes)


def tracker_sync(issues: int, runs: int, seed: int = 1) -> list[Figure]:
    """Figure 5 (trackers): requests of a full sync and of a no-change sync."""
    results: list[Run] = []
    with running(issues, seed) as server:
        for number in range(1, runs + 1):
            with tempfile.TemporaryDirectory(prefix="ctotui-bench-github-") as folder:
                results.append(sync_three_times(_config_text(server.base), server, Path(folder)))
            print(f"tracker sync {number}/{runs}: {results[-1].full_seconds:.1f} s", flush=True)
    return _figures(results, issues)


def _describe(requests: list[Request]) -> str:
    conditional = sum(1 for r in requests if r.conditional)
    answered = sum(1 for r in requests if r.revalidated)
    bounded = sum(1 for r in requests if r.bounded)
    details = sum(1 for r in requests if _is_detail(r))
    return (
        f"{len(requests)} requests: {conditional} conditional ({answered} answered 304), "
        f"{bounded} since-bounded, {len(_unconditional(requests))} neither, "
        f"{details} item details re-read"
    )


def _unconditional(requests: list[Request]) -> list[Request]:
    """Requests that neither were answered 304 to a validator nor asked only for changes."""
    return [r for r in requests if not (r.revalidated or r.bounded)]


def _is_detail(request: Request) -> bool:
    """A request for one item's details (timeline, pull request, checks, dependencies)."""
    parts = request.target.partition("?")[0].strip("/").split("/")
    return parts[0] == "repos" and len(parts) > 4


def _figures(results: list[Run], issues: int) -> list[Figure]:
    last = results[-1]
    loose = _unconditional(last.nochange)
    example = f"; e.g. {loose[0].method} {loose[0].target.split('?')[0]}" if loose else ""
    return [
        Figure(
            "tracker_full_sync_requests",
            tuple(float(len(r.full)) for r in results),
            "req",
            2.0 * issues,
            note=f"{issues:,} issues/PRs in {len(REPOS)} repos, {PAGE_SIZE} per page; "
            f"{statistics.median(r.full_seconds for r in results):.1f} s, "
            f"{statistics.median(r.stored for r in results):g} items stored",
        ),
        Figure(
            "tracker_nochange_requests",
            tuple(float(len(r.nochange)) for r in results),
            "req",
            float(len(REPOS) + 1),
            note=_describe(last.nochange),
        ),
        Figure(
            "tracker_nochange_unconditional",
            tuple(float(len(_unconditional(r.nochange))) for r in results),
            "req",
            0.0,
            note="neither answered 304 to a validator nor since-bounded (budget: none)" + example,
        ),
        Figure(
            "tracker_steady_unconditional",
            tuple(float(len(_unconditional(r.steady))) for r in results),
            "req",
            0.0,
            note="the same for the sync after that (budget: none)",
        ),
        Figure(
            "tracker_steady_requests",
            tuple(float(len(r.steady)) for r in results),
            "req",
            float(len(REPOS) + 1),
            note="the sync after that: " + _describe(last.steady),
        ),
    ]
