"""`ctotui status` counts with bare SQL: the same figures as the app, from index searches,
never stale, and without importing the app's model, store, config or argparse."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from status_fixture import CONFIG, NOW, event, fill, item

from ctotui import radar, radar_rules, status_figures
from ctotui.cli import main
from ctotui.clock import FixedClock
from ctotui.config import config_from_text, load_config
from ctotui.model import (
    EventKind,
    StatusCategory,
    Todo,
    TriageState,
)
from ctotui.overview import todos_due
from ctotui.radar import waiting_on_me
from ctotui.store import IMPORTANT_THRESHOLD, InboxSplit, ItemQuery, MessageQuery, Store
from ctotui.store.database import BUSY_TIMEOUT_MS
from ctotui.store.inbox import message_filter
from ctotui.store.inbox_state import _ANSWERED


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[Path, Path]:
    """(config file, data dir) holding the filled store."""
    config = tmp_path / "config.toml"
    config.write_text(CONFIG)
    data = tmp_path / "data"
    data.mkdir()
    with Store.open(data / "ctotui.db") as store:
        fill(store)
    return config, data


def app_figures(config_path: Path, data: Path, now: datetime) -> dict[str, int]:
    """The figures as the app computes them (Home, the radar, the Inbox's Important split)."""
    config = load_config(config_path)
    with Store.open(data / "ctotui.db") as store:
        important = MessageQuery(split=InboxSplit.IMPORTANT, text="is:unread", now=now)
        return {
            "important_unread": store.count_messages(important),
            "waiting_on_me": len(waiting_on_me(store, config, now)),
            "blocked": store.category_counts()[StatusCategory.BLOCKED],
            "due_today": len(todos_due(store, now)),
        }


def status_json(
    capsys: pytest.CaptureFixture[str], config: Path, data: Path, now: datetime
) -> dict[str, int]:
    argv = ["--config", str(config), "--data-dir", str(data), "status", "--format", "json"]
    code = main(argv, clock=FixedClock(now))
    out = capsys.readouterr().out
    assert code == 0, out
    figures: dict[str, int] = json.loads(out)
    return figures


@pytest.mark.parametrize(
    "now",
    [
        NOW,
        NOW + timedelta(hours=15),
        NOW + timedelta(days=2),
        NOW + timedelta(days=29),
        NOW - timedelta(days=4),
    ],
)
def test_figures_equal_the_apps_on_every_kind_of_wait(
    capsys: pytest.CaptureFixture[str], workspace: tuple[Path, Path], now: datetime
) -> None:
    config, data = workspace
    assert status_json(capsys, config, data, now) == app_figures(config, data, now)


def test_the_fixture_holds_every_kind_of_wait(workspace: tuple[Path, Path]) -> None:
    config_path, data = workspace
    config = load_config(config_path)
    with Store.open(data / "ctotui.db") as store:
        entries = waiting_on_me(store, config, NOW)
    kinds = {e.kind for e in entries}
    assert kinds == {
        radar.REVIEW_REQUESTED,
        radar.ASSIGNED_BLOCKED,
        radar.LAST_ASKED,
        radar.MENTION,
    }
    mentions = {e.message.remote_id for e in entries if e.kind == radar.MENTION and e.message}
    assert {"q1", "q4", "q10", "thread:3", "thread:11"} <= mentions
    assert not mentions & {"q2", "q3", "q5", "q6", "q7", "q8", "q9", "thread:4", "thread:5"}


def test_changes_in_the_app_show_at_once_and_stay_equal(
    capsys: pytest.CaptureFixture[str], workspace: tuple[Path, Path]
) -> None:
    config, data = workspace
    before = status_json(capsys, config, data, NOW)
    with Store.open(data / "ctotui.db") as store:
        [question] = [
            m for m in store.unanswered_candidates(NOW - timedelta(days=30)) if m.remote_id == "q1"
        ]
        assert question.id is not None
        store.set_triage(question.id, TriageState.DONE, at=NOW)
        store.save_fetch(
            "gh", "github", messages=[], cursor=None, at=NOW,
            items=[item(7, assignees=("mlead",), category=StatusCategory.IN_PROGRESS)],
            events=[event(3, 2, EventKind.COMMENTED, "mlead", 1)],
        )  # fmt: skip
        store.add_todo(Todo("Sign the contract", NOW, due=NOW + timedelta(hours=2)))
    after = status_json(capsys, config, data, NOW)
    assert after == app_figures(config, data, NOW)
    assert after["waiting_on_me"] == before["waiting_on_me"] - 3  # q1, item 7, thread 3
    assert after["blocked"] == before["blocked"] - 1
    assert after["due_today"] == before["due_today"] + 1


def test_a_config_edit_changes_who_i_am_on_the_next_run(
    capsys: pytest.CaptureFixture[str], workspace: tuple[Path, Path]
) -> None:
    config, data = workspace
    status_json(capsys, config, data, NOW)
    config.write_text(CONFIG.replace('me = "me"', 'me = "ben"'))
    figures = status_json(capsys, config, data, NOW)
    assert figures == app_figures(config, data, NOW)
    config.write_text(CONFIG.replace('github = "mlead"', 'github = "someone-else"'))
    assert status_json(capsys, config, data, NOW) == app_figures(config, data, NOW)


def test_a_broken_config_fails_with_the_loaders_own_message(
    capsys: pytest.CaptureFixture[str], workspace: tuple[Path, Path]
) -> None:
    config, data = workspace
    status_json(capsys, config, data, NOW)  # the config part is cached now
    config.write_text(CONFIG + "\nme = [\n")
    [problem] = load_config(config).problems
    for fmt in ("plain", "json"):
        argv = ["--config", str(config), "--data-dir", str(data), "status", "--format", fmt]
        assert main(argv, clock=FixedClock(NOW)) == 1
        out = capsys.readouterr().out
        assert str(problem) in (json.loads(out)["error"] if fmt == "json" else out)
        assert "invalid TOML" in out


def test_a_newer_store_is_reported_not_read(
    capsys: pytest.CaptureFixture[str], workspace: tuple[Path, Path]
) -> None:
    config, data = workspace
    status_json(capsys, config, data, NOW)
    conn = sqlite3.connect(data / "ctotui.db")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.execute(f"PRAGMA user_version = {version + 1:d}")
    conn.commit()
    conn.close()
    code = main(["--config", str(config), "--data-dir", str(data), "status"], clock=FixedClock(NOW))
    out = capsys.readouterr().out
    assert code == 1
    assert f"schema version {version + 1}" in out


def test_the_sql_copied_from_the_store_is_the_stores() -> None:
    assert status_figures.ANSWERED == _ANSWERED
    assert status_figures.IMPORTANT_THRESHOLD == IMPORTANT_THRESHOLD
    assert status_figures.BUSY_TIMEOUT_MS == BUSY_TIMEOUT_MS
    assert status_figures.ITEM_LIMIT == radar.ITEM_LIMIT
    assert status_figures.TRACKER_LOOKBACK == radar.LOOKBACK
    assert {c.value for c in radar.OPEN_CATEGORIES} == radar_rules.OPEN_CATEGORIES
    where, params = message_filter(
        MessageQuery(split=InboxSplit.IMPORTANT, text="is:unread", now=NOW)
    )
    assert set(params) == {"now"}
    indexed = status_figures.IMPORTANT_UNREAD.replace(" INDEXED BY messages_unread_important", "")
    assert indexed == f"SELECT count(*) FROM messages m{where}"


def plan(conn: sqlite3.Connection, sql: str, params: dict[str, object]) -> list[str]:
    return [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)]


def test_every_count_is_an_index_search(workspace: tuple[Path, Path]) -> None:
    _, data = workspace
    conn = status_figures.connect(data / "ctotui.db")
    queries: dict[str, tuple[dict[str, object], str]] = {
        status_figures.IMPORTANT_UNREAD: ({"now": 0}, "messages_unread_important"),
        status_figures.BLOCKED: ({}, "COVERING INDEX work_items_category"),
        status_figures.DUE_TODAY: ({"end_of_day": 0, "today": ""}, "todos_status"),
        status_figures.MY_OPEN_ITEMS: (
            {"involving": "[]", "categories": "[]", "limit": 1},
            "SEARCH p USING PRIMARY KEY (identity=?)",
        ),
    }
    for sql, (params, index) in queries.items():
        steps = plan(conn, sql, params)
        assert any(index in step for step in steps), steps
        assert not [s for s in steps if s.startswith("SCAN") and "json_each" not in s], steps
    conn.close()


def people_rows(store: Store) -> set[tuple[str, int]]:
    conn = store._conn
    return {tuple(r) for r in conn.execute("SELECT identity, item_id FROM work_item_people")}


def people_of_items(store: Store) -> set[tuple[str, int]]:
    conn = store._conn
    rows = conn.execute("SELECT j.value, w.id FROM work_items w, json_each(w.people) j")
    return {tuple(r) for r in rows}


def test_the_people_table_follows_every_write_to_items(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        fill(store)
        assert people_rows(store) == people_of_items(store) != set()
        reassigned = item(1, assignees=("ben",), reviewers=("Ana",))
        store.save_fetch(
            "gh", "github", messages=[], items=[reassigned], events=[], cursor=None, at=NOW
        )
        assert people_rows(store) == people_of_items(store)
        assert ("mlead", store.items_by_remote_ids("gh", ["acme/api#1"])[0].id) not in people_rows(
            store
        )
        store.forget_source("gh")
        assert people_rows(store) == set()
        fill(store)
        store.rebuild_cache()
        assert people_rows(store) == set()
        fill(store)
        assert people_rows(store) == people_of_items(store) != set()


def test_identities_match_as_the_config_matches_them() -> None:
    config = config_from_text(CONFIG)
    me = config.me_person
    assert me is not None
    who = status_figures.Identities(
        tuple([*me.emails, *me.logins.values()]),
        tuple(i for p in config.people.values() for i in (*p.emails, *p.logins.values())),
    )
    for address in (" Morgan@ACME.example ", "morgan@acme.example", "MLEAD"):
        assert radar_rules.matches_any(address, frozenset(i.lower() for i in who.me))
    assert not radar_rules.matches_any("", frozenset(who.me))


STATUS_RUN = """
import sys
from ctotui.cli import main
main(sys.argv[1:])
heavy = ("textual", "ctotui.config", "ctotui.registry", "ctotui.adapters", "ctotui.store",
         "ctotui.model", "ctotui.radar", "ctotui.cli_init", "ctotui.cli_todo", "argparse",
         "platformdirs", "dataclasses", "tomllib", "httpx")
print(sorted(m for m in sys.modules if m in heavy or m.startswith(tuple(h + "." for h in heavy))))
"""


def test_status_imports_only_what_it_needs(workspace: tuple[Path, Path]) -> None:
    config, data = workspace
    args = ["--config", str(config), "--data-dir", str(data), "status", "--format", "tmux"]

    def run() -> str:
        result = subprocess.run(
            [sys.executable, "-c", STATUS_RUN, *args], capture_output=True, text=True, check=True
        )
        return result.stdout.strip().splitlines()[-1]

    first = run()  # reads the config in full once: what the figures need of it is kept
    assert "ctotui.config" in first
    with Store.open(data / "ctotui.db") as store:  # the store changes: figures are counted again
        store.add_todo(Todo("Call the bank", NOW, due=NOW))
    assert run() == "[]"
    assert run() == "[]"  # and answered from the cache


def test_each_commit_shows_while_the_app_keeps_the_store_open(
    capsys: pytest.CaptureFixture[str], workspace: tuple[Path, Path]
) -> None:
    config, data = workspace
    with Store.open(data / "ctotui.db") as store:  # a running app: the WAL stays
        due = status_json(capsys, config, data, NOW)["due_today"]
        for n in range(1, 6):
            store.add_todo(Todo(f"Call {n}", NOW, due=NOW))
            assert status_json(capsys, config, data, NOW)["due_today"] == due + n
            if n == 3:  # the log starts over: same size again, new salts
                store._conn.execute("PRAGMA wal_checkpoint(RESTART)")


def test_a_reader_opening_the_store_does_not_cost_the_cache_its_answer(
    capsys: pytest.CaptureFixture[str],
    workspace: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config, data = workspace
    with Store.open(data / "ctotui.db") as store:
        store.add_todo(Todo("Call the bank", NOW, due=NOW))
    # The writer is gone (its log removed); the next run opens the store and may leave
    # an empty log behind. Only that run counts.
    counted: list[int] = []
    real = status_figures.compute

    def counting(*args: object) -> object:
        counted.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(status_figures, "compute", counting)
    first = status_json(capsys, config, data, NOW)
    assert status_json(capsys, config, data, NOW) == first
    assert status_json(capsys, config, data, NOW) == first
    assert len(counted) == 1


def test_items_involving_me_are_the_tracker_views_own(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        fill(store)
        many = [
            item(100 + n, assignees=("MLead",) if n % 2 else ("ana",), reviewers=("mlead",))
            for n in range(520)
        ]
        store.save_fetch("gh", "github", messages=[], items=many, events=[], cursor=None, at=NOW)
        for me in (("mlead",), ("ana", "ben"), ("nobody",)):
            for limit in (3, 500):
                query = ItemQuery(categories=radar.OPEN_CATEGORIES, involving=me)
                want = [i.key for i in store.page_items(query, 0, limit)]
                got = store.items_involving(me, radar.OPEN_CATEGORIES, limit)
                assert [i.key for i in got] == want


@pytest.mark.parametrize(
    "argv",
    [
        ["status"],
        ["status", "--format", "tmux"],
        ["--demo", "status", "--format=json"],
        ["--config", "c.toml", "--data-dir=d", "status", "--debug", "--demo"],
        ["status", "--config=a", "--config", "b", "--format", "plain", "--format", "json"],
        ["--data-dir", "status", "status"],
        ["--format", "json", "status"],
        ["status", "--form", "json"],
        ["status", "--format", "yaml"],
        ["status", "--config"],
        ["status", "--config="],
        ["status", "-h"],
        ["status", "status"],
        ["status", "extra"],
    ],
)
def test_the_quick_reading_of_the_command_line_agrees_with_argparse(argv: list[str]) -> None:
    import argparse

    from ctotui import cli_status
    from ctotui.cli import _global_options

    quick = cli_status.quick_options(argv)
    parser = argparse.ArgumentParser(prog="ctotui", parents=[_global_options(suppress=False)])
    cli_status.register(parser.add_subparsers(dest="command"), _global_options(suppress=True))
    try:
        args = parser.parse_args(argv)
    except SystemExit:
        assert quick is None  # argparse reports the mistake (or prints the help)
        return
    full = cli_status.Options(args.demo, args.config, args.data_dir, args.format)
    assert quick in (None, full)
    if argv in (["status"], ["status", "--format", "tmux"], ["--demo", "status", "--format=json"]):
        assert quick == full  # what a status line runs never needs argparse
