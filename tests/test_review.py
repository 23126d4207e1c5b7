"""The daily review's logic, its Markdown digest, and the to-do / review CLI."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from ctotui import review
from ctotui.cli import main
from ctotui.model import Priority, Project, Todo, TodoStatus, TriageState
from ctotui.review import CarryOver, carry_over, evening, toggle_today
from ctotui.store import InboxSplit, MessageQuery
from ctotui.todos import is_today

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)


def run(capsys: pytest.CaptureFixture[str], *argv: str, clock=None) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(argv), clock=clock)
    out, err = capsys.readouterr()
    return code, out, err


def test_evening_counts_what_got_done_and_what_is_left(demo_workspace) -> None:  # type: ignore[no-untyped-def]
    store, config = demo_workspace.store, demo_workspace.config
    done = Todo("Ship the hotfix", created_at=NOW - timedelta(days=2), project="api")
    done.status, done.done_at = TodoStatus.DONE, NOW - timedelta(hours=1)
    store.add_todo(done)
    yesterday = Todo("Old news", created_at=NOW - timedelta(days=3), status=TodoStatus.DONE)
    yesterday.done_at = NOW - timedelta(days=1)
    store.add_todo(yesterday)
    dropped = Todo("Skip the webinar", created_at=NOW, status=TodoStatus.DROPPED, done_at=NOW)
    store.add_todo(dropped)
    planned = Todo("Write the plan", created_at=NOW, scheduled=NOW.date())
    store.add_todo(planned)
    (message, *_) = store.page_messages(MessageQuery(split=InboxSplit.NEW, now=NOW), 0, 2)
    assert message.id is not None
    store.set_triage(message.id, TriageState.DONE, at=NOW)

    day = evening(store, config, NOW)
    assert [t.title for t in day.done] == ["Ship the hotfix"]
    assert [t.title for t in day.dropped] == ["Skip the webinar"]
    assert day.triaged == 1
    assert "Write the plan" in [t.title for t in day.carry_over]
    assert all(is_today(t, NOW) for t in day.carry_over + day.overdue)
    assert day.unanswered, "the demo inbox has important mail"

    digest = review.digest_markdown(day, NOW)
    assert digest.startswith("# Daily review — Wed 18 Nov 2026\n")
    assert "- [x] Ship the hotfix (+api)" in digest
    assert "- [-] Skip the webinar" in digest
    assert "- 1 message(s) triaged" in digest
    assert "- [ ] Write the plan" in digest
    assert "Old news" not in digest

    earlier = evening(store, config, NOW, NOW.date() - timedelta(days=1))
    assert "Old news" in [t.title for t in earlier.done]


def test_carry_over_decisions() -> None:
    todo = Todo("Draft memo", created_at=NOW, scheduled=NOW.date(), due=NOW, id=1)
    tomorrow = carry_over(todo, CarryOver.TOMORROW, NOW)
    assert tomorrow.scheduled == date(2026, 11, 19)
    assert tomorrow.due == NOW + timedelta(days=1)
    assert not is_today(tomorrow, NOW)
    later = replace(todo, due=NOW + timedelta(days=5))
    assert carry_over(later, CarryOver.TOMORROW, NOW).due == later.due
    someday = carry_over(todo, CarryOver.SOMEDAY, NOW)
    assert someday.status is TodoStatus.SOMEDAY and someday.scheduled is None
    dropped = carry_over(todo, CarryOver.DROP, NOW)
    assert dropped.status is TodoStatus.DROPPED and dropped.done_at == NOW


def test_morning_helpers() -> None:
    assert review.progress_line(1) == "Step 2 of 4 · Waiting on me  ●●○○"
    api = Project("api", standup_days=("mon", "wed"))
    web = Project("web", standup_days=("wed",), holidays=(date(2026, 11, 18),))
    assert review.standups_on((api, web), date(2026, 11, 18)) == [api]
    assert review.standups_on((api, web), date(2026, 11, 19)) == []
    todo = Todo("Pick me", created_at=NOW)
    picked = toggle_today(todo, NOW.date())
    assert is_today(picked, NOW)
    assert not is_today(toggle_today(picked, NOW.date()), NOW)
    ordered = review.candidates([Todo("later", created_at=NOW, priority=Priority.HIGH), picked])
    assert [t.title for t in ordered] == ["later", "Pick me"]


def test_cli_review_prints_the_digest(capsys: pytest.CaptureFixture[str], clock) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "--demo", "review", "--format", "md", clock=clock)
    assert code == 0
    assert out.startswith("# Daily review — Wed 18 Nov 2026")
    assert "## Planned for today, still open" in out
    code, out, _ = run(capsys, "--demo", "review", "--date", "2026-11-17", clock=clock)
    assert code == 0 and out.startswith("# Daily review — Tue 17 Nov 2026")
    with pytest.raises(SystemExit):
        main(["review", "--date", "someday"], clock=clock)
    assert "not a date" in capsys.readouterr().err


def test_cli_todo_add_uses_the_quick_add_syntax(capsys: pytest.CaptureFixture[str], clock) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(
        capsys, "--demo", "todo", "add", "Call the bank tomorrow 10am !high +home", clock=clock
    )
    assert code == 0 and "Added to-do" in out and "Project: home" in out
    code, out, _ = run(capsys, "--demo", "list", "todos", "--json", clock=clock)
    (todo,) = [t for t in json.loads(out) if t["title"] == "Call the bank"]
    assert todo["priority"] == "high" and todo["project"] == "home"
    assert todo["due"].startswith("2026-11-19T10:00")
    code, _, err = run(capsys, "--demo", "todo", "add", "tomorrow", "!high", clock=clock)
    assert code == 2 and "needs a title" in err


def test_cli_import_and_export(
    capsys: pytest.CaptureFixture[str],
    clock,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    todo_txt = tmp_path / "todo.txt"
    todo_txt.write_text(
        "(A) 2026-11-10 Renew domain +ops @admin due:2026-11-20\nx 2026-11-17 Archive logs\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "todo", "import", str(todo_txt), "--format", "todotxt", clock=clock)
    assert code == 0 and "Imported 2" in out
    code, out, _ = run(capsys, "todo", "import", str(todo_txt), "--format", "todotxt", clock=clock)
    assert "Imported 0" in out and "2 already there" in out
    tasks = tmp_path / "tasks.json"
    tasks.write_text(
        json.dumps(
            [
                {
                    "description": "Rotate keys",
                    "entry": "20261101T080000Z",
                    "status": "pending",
                    "uuid": "9d3c2e4a-0000-4000-8000-000000000001",
                }
            ]
        ),
        encoding="utf-8",
    )
    for expected in ("Imported 1", "Imported 0"):
        code, out, _ = run(
            capsys, "todo", "import", str(tasks), "--format", "taskwarrior", clock=clock
        )
        assert code == 0 and expected in out
    exported = tmp_path / "out.txt"
    code, _, _ = run(capsys, "todo", "export", "--output", str(exported), clock=clock)
    lines = exported.read_text(encoding="utf-8").splitlines()
    assert "(A) 2026-11-10 Renew domain +ops @admin due:2026-11-20" in lines
    assert "x 2026-11-17 2026-11-17 Archive logs" in lines
    assert "2026-11-01 Rotate keys" in lines
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    code, _, err = run(capsys, "todo", "import", str(bad), "--format", "taskwarrior", clock=clock)
    assert code == 2 and "task export" in err
    code, _, err = run(
        capsys, "todo", "import", str(tmp_path / "missing"), "--format", "todotxt", clock=clock
    )
    assert code == 2 and "cannot read" in err
