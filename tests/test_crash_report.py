"""A crash never shows a secret: not on the terminal, not in the log the user attaches."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "tok-crash-7f3a9c1e5d"
CONFIG = """\
[[sources]]
name = "tracker"
adapter = "linear"
token = { env = "CRASH_TEST_TOKEN" }
api_url = "http://127.0.0.1:9/graphql"
"""


def _run(tmp_path: Path, mode: str, *argv: str) -> tuple[subprocess.CompletedProcess[str], str]:
    """Run the real CLI with the planted bug; returns the process and every log file's text."""
    config = tmp_path / "config.toml"
    config.write_text(CONFIG)
    config.chmod(0o600)
    env = dict(
        os.environ,
        CRASH_TEST_TOKEN=TOKEN,
        CTOTUI_LOG_DIR=str(tmp_path / "logs"),
        CTOTUI_DATA_DIR=str(tmp_path / "data"),
        PYTHONPATH=os.pathsep.join([str(ROOT / "tests"), str(ROOT)]),
    )
    child_script = str(ROOT / "tests" / "crash_report_child.py")
    child = subprocess.run(
        [sys.executable, child_script, mode, "--config", str(config), *argv],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    logs = "".join(p.read_text() for p in sorted((tmp_path / "logs").glob("ctotui.log*")))
    return child, logs


def test_an_app_crash_names_the_error_and_shows_no_token_or_locals(tmp_path: Path) -> None:
    child, logs = _run(tmp_path, "app")
    assert child.returncode != 0
    for text in (child.stdout, child.stderr, logs):
        assert TOKEN not in text
        assert "127.0.0.1:9/graphql" not in text  # the settings dict, a local, is not listed
    shown, logged = " ".join(child.stderr.split()), " ".join(logs.split())  # unwrapped
    assert "ctotui crashed: RuntimeError: the tracker refused" in shown
    assert "'Bearer ***'" in shown and str(tmp_path / "logs" / "ctotui.log") in shown
    assert "RuntimeError: the tracker refused" in logged and "'Bearer ***'" in logged
    assert "Traceback" in logs and "_app_bug" in logs  # the frames are kept for the report


@pytest.mark.parametrize("command", [["list", "todos"]])
def test_a_cli_crash_prints_one_line_and_logs_the_traceback(
    tmp_path: Path, command: list[str]
) -> None:
    child, logs = _run(tmp_path, "cli", *command)
    assert child.returncode == 1
    assert TOKEN not in child.stdout + child.stderr + logs
    first, where = child.stderr.splitlines()
    assert first == "ctotui: unexpected error: ValueError: cannot print the table for token ***"
    assert where.endswith(str(tmp_path / "logs" / "ctotui.log"))
    assert "Traceback" in logs and "_cli_bug" in logs and "ValueError" in logs
