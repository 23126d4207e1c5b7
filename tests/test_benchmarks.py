"""The benchmarks still run and print every figure (small mode; no timing assertions)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_small_benchmark_run_prints_every_figure(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--small", "--runs", "1", "--data", str(tmp_path)],
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
    for name in (
        "cold_start_ratio",
        "key_down_p50",
        "key_all_p95",
        "fts_search",
        "peak_rss",
        "import_ctotui_app",
        "heavy_imports_at_start",
    ):
        assert name in figures, f"{name} missing from:\n{result.stdout[-2000:]}"
        assert {"median", "min", "max", "unit", "budget", "pass"} <= set(figures[name])
    assert "figure" in result.stdout and "budget" in result.stdout  # the table
