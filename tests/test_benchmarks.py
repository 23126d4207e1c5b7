"""The benchmarks still run and print every figure (small mode; no timing assertions)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIELDS = {"median", "min", "max", "unit", "budget", "pass"}


def run_benchmarks(*args: str) -> tuple[dict[str, dict[str, Any]], str]:
    """`python -m benchmarks --small --runs 1 ARGS`: its figures by name, and its output."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--small", "--runs", "1", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    figures = {
        json.loads(line)["name"]: json.loads(line)
        for line in result.stdout.splitlines()
        if line.startswith("{")
    }
    return figures, result.stdout


@pytest.fixture
def benchmarks(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """The benchmarks package, importable in this process."""
    monkeypatch.syspath_prepend(str(ROOT))
    import benchmarks

    yield benchmarks


def test_small_benchmark_run_prints_every_figure(tmp_path: Path) -> None:
    # The Dovecot sync has its own test below (it needs the server).
    everything_but_imap = "start,keys,search,memory,imports,status,montecarlo,trackersync"
    figures, out = run_benchmarks("--data", str(tmp_path), "--only", everything_but_imap)
    for name in (
        "cold_start_ratio",
        "key_down_p50",
        "key_all_p95",
        "fts_search",
        "peak_rss",
        "import_ctotui_app",
        "heavy_imports_at_start",
        "heavy_imports_first_frame",
        "status_fresh",
        "status_cached",
        "status_config_changed",
        "tracker_full_sync_requests",
        "tracker_nochange_requests",
        "tracker_nochange_unconditional",
        "tracker_steady_unconditional",
        "tracker_steady_requests",
    ):
        assert name in figures, f"{name} missing from:\n{out[-2000:]}"
        assert set(figures[name]) >= FIELDS
    assert "figure" in out and "budget" in out  # the table
    assert "import ctotui.app:" in out and "top 10" in out  # figure 7 lists its top modules


def test_imap_sync_benchmark_runs_against_dovecot(benchmarks: ModuleType) -> None:
    from benchmarks.sync_imap import unavailable

    reason = unavailable()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    figures, out = run_benchmarks("--only", "imapsync")
    for name in (
        "imap_first_sync",
        "imap_first_sync_rate",
        "imap_nochange_commands",
        "imap_nochange_bytes",
        "imap_nochange_data_fetches",
    ):
        assert name in figures, f"{name} missing from:\n{out[-2000:]}"
        assert set(figures[name]) >= FIELDS
    note = figures["imap_first_sync"]["note"]
    assert "500 messages in a Dovecot INBOX" in note and "500 stored" in note
    assert "STATUS" in figures["imap_nochange_commands"]["note"]


def test_tracker_server_counts_full_no_change_and_steady_syncs(benchmarks: ModuleType) -> None:
    from benchmarks.sync_tracker import tracker_sync

    figures = {f.name: f for f in tracker_sync(30, 1)}
    # 30 issues in 5 repos: at least 5 listing pages, 30 timelines, pull request and
    # check runs for the 10 open pull requests, one notifications page.
    assert figures["tracker_full_sync_requests"].median >= 5 + 30 + 20 + 1
    assert "30 items stored" in figures["tracker_full_sync_requests"].note
    # Nothing changed: one conditional request per repository and for notifications.
    steady = figures["tracker_steady_requests"]
    assert steady.values == (6,) and "6 conditional (6 answered 304)" in steady.note
    # Right after the full sync: one bounded listing per repository, nothing re-read.
    assert figures["tracker_nochange_requests"].values == (6,)
    assert figures["tracker_nochange_unconditional"].values == (0,)
    assert "0 item details re-read" in figures["tracker_nochange_requests"].note


def test_heavy_modules_are_flagged(benchmarks: ModuleType) -> None:
    from benchmarks.run import heavy_modules

    names = ["textual.app", "numpy.core", "html2text", "httpx._client", "ctotui.adapters.base"]
    names += ["ctotui.adapters", "ctotui.adapters.github", "ctotui.mailparse"]
    assert heavy_modules(names) == [
        "numpy.core",
        "html2text",
        "httpx._client",
        "ctotui.adapters.github",
    ]


def test_an_unknown_benchmark_name_is_a_usage_error() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--only", "imapsinc"],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "unknown benchmark ['imapsinc']" in result.stderr
