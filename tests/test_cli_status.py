"""`ctotui status`: one line per format from a fixture store, read-only, cached safely."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from ctotui.cli import main
from ctotui.clock import FixedClock
from ctotui.model import StatusCategory, Todo, TodoStatus
from ctotui.overview import todos_due
from ctotui.radar import waiting_on_me
from ctotui.store import InboxSplit, MessageQuery

FIGURES = ("important_unread", "waiting_on_me", "blocked", "due_today")


def status(capsys: pytest.CaptureFixture[str], data: Path, *extra: str, clock) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    code = main(["--demo", "--data-dir", str(data), "status", *extra], clock=clock)
    return code, capsys.readouterr().out


def expected(workspace, clock) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """The figures as Home computes them, straight from the store."""
    now = clock.now()
    store = workspace.store
    query = MessageQuery(split=InboxSplit.IMPORTANT, text="is:unread", now=now)
    return {
        "important_unread": store.count_messages(query),
        "waiting_on_me": len(waiting_on_me(store, workspace.config, now)),
        "blocked": store.category_counts()[StatusCategory.BLOCKED],
        "due_today": len(todos_due(store, now)),
    }


def test_json_is_one_object_with_the_home_figures(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    demo_workspace,  # type: ignore[no-untyped-def]
    clock,  # type: ignore[no-untyped-def]
) -> None:
    code, out = status(capsys, tmp_path / "demo", "--format", "json", clock=clock)
    assert code == 0
    assert out.count("\n") == 1
    figures = json.loads(out)
    assert figures == expected(demo_workspace, clock)
    assert all(figures[name] > 0 for name in FIGURES)


def test_plain_is_one_line_of_words_without_escapes(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    demo_workspace,  # type: ignore[no-untyped-def]
    clock,  # type: ignore[no-untyped-def]
) -> None:
    code, out = status(capsys, tmp_path / "demo", clock=clock)
    want = expected(demo_workspace, clock)
    assert code == 0
    assert out == (
        f"{want['important_unread']} important unread · {want['waiting_on_me']} waiting on me"
        f" · {want['blocked']} blocked · {want['due_today']} due today\n"
    )
    assert "\x1b" not in out and "#[" not in out


def test_tmux_format_styles_each_figure_and_dims_zeros(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    demo_workspace,  # type: ignore[no-untyped-def]
    clock,  # type: ignore[no-untyped-def]
) -> None:
    want = expected(demo_workspace, clock)
    code, out = status(capsys, tmp_path / "demo", "--format", "tmux", clock=clock)
    assert code == 0
    assert f"#[fg=red,bold]{want['important_unread']} important#[default]" in out
    assert f"#[fg=yellow,bold]{want['waiting_on_me']} waiting#[default]" in out
    assert f"#[fg=magenta,bold]{want['blocked']} blocked#[default]" in out
    assert f"#[fg=cyan,bold]{want['due_today']} due#[default]" in out
    # Nothing due once every to-do is done: the zero is drawn dim.
    for todo in demo_workspace.store.list_todos():
        demo_workspace.store.update_todo(replace(todo, status=TodoStatus.DONE, done_at=clock.now()))
    _, out = status(capsys, tmp_path / "demo", "--format", "tmux", clock=clock)
    assert "#[dim]0 due#[default]" in out


def test_a_change_in_the_store_shows_at_once_despite_the_cache(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    demo_workspace,  # type: ignore[no-untyped-def]
    clock,  # type: ignore[no-untyped-def]
) -> None:
    _, out = status(capsys, tmp_path / "demo", "--format", "json", clock=clock)
    before = json.loads(out)["due_today"]
    assert (tmp_path / "demo" / "demo" / ".status-cache.json").exists()
    _, again = status(capsys, tmp_path / "demo", "--format", "json", clock=clock)
    assert again == out
    now = clock.now()
    demo_workspace.store.add_todo(Todo("Sign the contract", now, due=now + timedelta(hours=2)))
    _, out = status(capsys, tmp_path / "demo", "--format", "json", clock=clock)
    assert json.loads(out)["due_today"] == before + 1
    # Time passing counts too: tomorrow the figures are computed afresh.
    tomorrow = FixedClock(clock.now() + timedelta(days=1))
    _, later = status(capsys, tmp_path / "demo", "--format", "json", clock=tomorrow)
    assert json.loads(later) == expected(demo_workspace, tomorrow)


def test_global_options_after_the_command_and_the_real_entry_point(
    tmp_path: Path,
    demo_workspace,  # type: ignore[no-untyped-def]
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ctotui", "status", "--format", "json", "--demo",
         "--data-dir", str(tmp_path / "demo")],
        capture_output=True, text=True, check=False,
        env={"CTOTUI_NOW": "2026-11-18T09:30:00+00:00", "PATH": "/usr/bin:/bin", "TZ": "UTC"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert set(json.loads(result.stdout)) == set(FIGURES)
    assert "textual" not in result.stderr


def test_status_imports_neither_textual_nor_adapters(tmp_path: Path) -> None:
    code = (
        "import sys; from ctotui.cli import main; main(['--data-dir', sys.argv[1], 'status']);"
        "bad = [m for m in sys.modules if m.startswith(('textual', 'ctotui.adapters.', 'httpx'))];"
        "print(bad)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().endswith("[]")


def test_no_store_yet_says_so_on_stdout_in_every_format(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    code, out = status(capsys, tmp_path / "nothing", clock=clock)
    assert code == 1
    assert out == "ctotui: no data yet: run `ctotui sync` or open ctotui\n"
    _, out = status(capsys, tmp_path / "nothing", "--format", "json", clock=clock)
    assert "no data yet" in json.loads(out)["error"]
    _, out = status(capsys, tmp_path / "nothing", "--format", "tmux", clock=clock)
    assert out.startswith("#[fg=red]ctotui: no data yet")
    assert not (tmp_path / "nothing" / "demo" / "ctotui.db").exists()


def test_an_older_store_is_reported_not_upgraded(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    conn = sqlite3.connect(data / "ctotui.db")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    code = main(["--data-dir", str(data), "status"], clock=clock)
    out = capsys.readouterr().out
    assert code == 1
    assert "schema version 1" in out and "to upgrade it" in out
    conn = sqlite3.connect(data / "ctotui.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()
