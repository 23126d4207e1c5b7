"""A standup read from the store: since the last standup, the diff, the summary, the CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from test_standup_board import EVENTS, HOLIDAYS, ITEMS, NOW, PEOPLE, gh

from ctotui.cli import main
from ctotui.clock import FixedClock
from ctotui.model import (
    BlockerState,
    Project,
    StandupFollowUp,
    StandupNote,
    StatusCategory,
    Todo,
)
from ctotui.standup_diff import Snapshot
from ctotui.standup_report import load_report, record_session
from ctotui.standup_summary import md, summary_data, summary_markdown
from ctotui.store import Store

PROJECT = Project(
    "api", sources=("gh", "jira"), people=("ana", "ben"), holidays=HOLIDAYS, blocker_days=2
)
FRIDAY = date(2026, 11, 20)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path / "ctotui.db")
    for source in ("gh", "jira"):
        store.save_fetch(
            source,
            "fake",
            messages=[],
            items=[i for i in ITEMS if i.source == source],
            events=[e for e in EVENTS if e.source == source],
            cursor=None,
            at=NOW,
        )
    yield store
    store.close()


def test_without_a_recorded_standup_since_is_the_last_working_day(store: Store) -> None:
    report = load_report(store, PROJECT, PEOPLE, NOW)
    assert report.board.moved_since == datetime(2026, 11, 20, tzinfo=UTC)
    assert [r.item.key for r in report.board.moved] == ["API-11", "acme/api#1", "API-7", "API-8"]
    assert report.diff is None and report.is_today
    assert [line.key for line in report.people] == ["ana", "ben"]


def test_since_the_last_recorded_standup_and_what_changed(store: Store) -> None:
    friday_standup = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    last = Snapshot(
        blocked={"item:jira:API-9": "API-9"},
        promised={"item:gh:gh-1": "acme/api#1", "item:jira:API-7": "API-7"},
    )
    store.save_standup_session("api", FRIDAY, friday_standup, json.dumps(last.to_json()))
    store.save_standup_session("api", FRIDAY, friday_standup + timedelta(hours=1), "{}")
    session = store.standup_session("api", FRIDAY)
    assert session is not None and session.started_at == friday_standup  # the first save counts
    store.save_standup_session("api", FRIDAY, friday_standup, json.dumps(last.to_json()))

    report = load_report(store, PROJECT, PEOPLE, NOW)
    assert report.board.moved_since == friday_standup
    # Moves before Friday's standup (API-7 started at 10:00) are not news any more.
    assert [r.item.key for r in report.board.moved] == ["API-11", "acme/api#1", "API-8"]
    assert report.diff is not None and report.diff.last_day == FRIDAY
    assert [r.item.key for r in report.diff.new_blockers] == ["acme/api#3"]
    assert [k for _r, k in report.diff.resolved_blockers] == ["API-9"]
    assert [r.item.key for r in report.diff.promises_kept] == ["acme/api#1"]

    explicit = load_report(store, PROJECT, PEOPLE, NOW, since_day=date(2026, 11, 21))
    assert [r.item.key for r in explicit.board.moved] == ["API-8"]

    today = record_session(store, report, NOW)
    assert today is not None and today.day == NOW.date()
    assert Snapshot.from_json(json.loads(today.snapshot)).blocked == {"item:gh:gh-3": "acme/api#3"}
    assert store.standup_history("api") == [NOW.date(), FRIDAY]


def test_past_standups_keep_their_snapshot(store: Store) -> None:
    store.save_standup_session("api", FRIDAY, datetime(2026, 11, 20, 9, tzinfo=UTC), '{"x": 1}')
    past = load_report(store, PROJECT, PEOPLE, NOW, day=FRIDAY)
    assert not past.is_today
    saved = record_session(store, past, NOW)
    assert saved is not None and saved.snapshot == '{"x": 1}'


def test_blocker_marks_and_follow_ups_are_kept(store: Store) -> None:
    now = NOW
    store.set_blocker_state(
        "api", "item:gh:gh-3", "acme/api#3", BlockerState.RAISED, now.date(), now
    )
    store.set_blocker_state(
        "api",
        "item:gh:gh-3",
        "acme/api#3",
        BlockerState.RESOLVED,
        now.date(),
        now + timedelta(hours=2),
    )
    mark = store.standup_blockers("api")["item:gh:gh-3"]
    assert mark.state is BlockerState.RESOLVED and mark.resolved_at == now + timedelta(hours=2)
    store.set_blocker_state(
        "api", "item:gh:gh-3", "acme/api#3", BlockerState.RAISED, now.date(), now
    )
    assert store.standup_blockers("api")["item:gh:gh-3"].resolved_at is None
    store.set_blocker_state("api", "item:gh:gh-3", "acme/api#3", None, now.date(), now)
    assert store.standup_blockers("api") == {}

    todo_id = store.add_todo(Todo("Chase the schema", now, owner="ben", links=("item:gh:gh-3",)))
    store.link_standup_followup(StandupFollowUp("api", now.date(), todo_id, "ben", "item:gh:gh-3"))
    report = load_report(store, PROJECT, PEOPLE, now)
    assert [(f.person, t.title) for f, t in report.followups] == [("ben", "Chase the schema")]
    store.delete_todo(todo_id)
    assert store.standup_followups("api", now.date()) == []


def test_the_markdown_summary(store: Store) -> None:
    store.save_standup_note(
        StandupNote("api", NOW.date(), "ana", done="Tax rules *draft*", next="API-7", blockers="")
    )
    todo_id = store.add_todo(Todo("Chase the schema", NOW, due=NOW + timedelta(days=1)))
    store.link_standup_followup(StandupFollowUp("api", NOW.date(), todo_id, "ben", ""))
    text = summary_markdown(load_report(store, PROJECT, PEOPLE, NOW))
    lines = text.splitlines()
    assert lines[0] == "# Standup api: Tue 24 Nov 2026"
    ana = lines[lines.index("## Ana Ortiz") + 1 : lines.index("## Ben Okafor") - 1]
    assert ana == [
        r"- Done: Tax rules \*draft\*",
        "- Done: acme/api#1 GitHub 1 (merged)",
        "- Moved back: API-11 Jira 11",
        "- Started: API-7 Jira 7",
        "- Next: API-7",
        "- Doing: API-11 Jira 11 (in progress 1d)",
        "- Doing: API-7 Jira 7 (in progress 1d)",
        "- Blocked: acme/api#3 GitHub 3: Waiting on @benk for the schema",
    ]
    assert "## Blockers" in lines
    assert (
        "- acme/api#3 GitHub 3: Waiting on @benk for the schema (blocked 4d; can unblock:"
        " Ben Okafor) **overdue**" in lines
    )
    assert "- API-9 Jira 9 (waiting 1d, for Ana Ortiz)" in lines
    assert "- API-10 Jira 10 (high)" in lines
    assert "- [ ] Chase the schema (Ben Okafor), due Wed 25 Nov" in lines
    assert text.endswith("\n")


def test_untrusted_text_is_inert_markdown(store: Store) -> None:
    hostile = gh(
        66,
        StatusCategory.BLOCKED,
        title="[click](https://evil.example) <img src=x> \x1b[31m_x_",
        url="javascript:alert(1)",
        blocked_reason="`rm -rf` \u202e",
        assignees=("ana-gh",),
    )
    safe = gh(67, StatusCategory.IN_REVIEW, url="https://t.example/a_(b)", assignees=("ana-gh",))
    store.save_fetch(
        "gh", "fake", messages=[], items=[hostile, safe], events=[], cursor=None, at=NOW
    )
    text = summary_markdown(load_report(store, PROJECT, PEOPLE, NOW))
    assert r"\[click\](https://evil.example) \<img src=x\> \_x\_" in text
    assert "javascript:" not in text and "\x1b" not in text and "\u202e" not in text
    assert r"\`rm -rf\`" in text
    assert "[acme/api#67](https://t.example/a_%28b%29)" in text
    assert md("a\nb") == "a b"


def test_the_json_summary(store: Store) -> None:
    data = summary_data(load_report(store, PROJECT, PEOPLE, NOW))
    assert data["project"] == "api" and data["day"] == "2026-11-24"
    assert [p["key"] for p in data["people"]] == ["ana", "ben"]
    assert [b["key"] for b in data["blocked"]] == ["acme/api#3"]
    assert data["blocked"][0]["overdue"] is True
    assert [(m["key"], m["move"]) for m in data["moved"]][-1] == ("API-8", "reopened")
    assert [u["key"] for u in data["unowned"]] == ["API-10"]
    assert "changes" not in data
    json.dumps(data)


def test_cli_prints_the_demo_summary(capsys: pytest.CaptureFixture[str], clock: FixedClock) -> None:
    assert main(["--demo", "standup", "api"], clock=clock) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Standup api: Wed 18 Nov 2026\n\nSince Tue 17 Nov 00:00.")
    assert "## Blockers" in out
    assert (
        main(["--demo", "standup", "api", "--format", "json", "--since", "2026-11-10"], clock=clock)
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["project"] == "api" and data["since"].startswith("2026-11-10T00:00")
    assert len(data["moved"]) > 0


def test_cli_names_an_unknown_project_and_a_bad_date(
    capsys: pytest.CaptureFixture[str], clock: FixedClock
) -> None:
    assert main(["--demo", "standup", "nope"], clock=clock) == 2
    err = capsys.readouterr().err
    assert "no project named 'nope'" in err and "api" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["--demo", "standup", "api", "--since", "yesterday"], clock=clock)
    assert exit_info.value.code == 2
    assert "'yesterday' is not a date" in capsys.readouterr().err
