"""The demo workspace: its folder, its config, and the user data it starts with."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import platformdirs
import pytest

from ctotui.adapters.demo_company import ME_LOGIN, PEOPLE
from ctotui.clock import FixedClock
from ctotui.config import load_config
from ctotui.demo_workspace import (
    DEMO_SOURCE_NAME,
    demo_config_text,
    demo_data_dir,
    ensure_demo_workspace,
    seed_user_data,
)
from ctotui.errors import CtotuiError
from ctotui.model import MessageKind, Priority, StatusCategory, Todo, TodoStatus
from ctotui.store import InboxSplit, ItemQuery, MessageQuery, Store

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)  # a Wednesday


def test_demo_data_lives_apart_from_real_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CTOTUI_DATA_DIR", str(tmp_path / "data"))
    assert demo_data_dir() == tmp_path / "data" / "demo"
    assert demo_data_dir(tmp_path / "elsewhere") == tmp_path / "elsewhere" / "demo"
    monkeypatch.delenv("CTOTUI_DATA_DIR")
    assert demo_data_dir() == Path(platformdirs.user_data_dir("ctotui")) / "demo"


def test_config_text_describes_the_demo_company() -> None:
    data = tomllib.loads(demo_config_text())
    assert data["me"] == "cto"
    assert data["sources"] == [
        {
            "name": DEMO_SOURCE_NAME,
            "adapter": "demo",
            "seed": 7,
            "feeds": ["mail", "chat", "tracker"],
            "days": 10,
        }
    ]
    assert [p["name"] for p in data["projects"]] == ["api", "web", "mobile"]
    people = data["people"]
    assert set(people) == set(PEOPLE) and "cto" in people
    assert people["cto"]["emails"] == ["cto@acme.example"]
    assert people["cto"]["demo"] == ME_LOGIN
    assert [k for k, p in people.items() if p.get("vip")] == ["nora"]
    for project in data["projects"]:
        assert project["sources"] == [DEMO_SOURCE_NAME]
        assert project["people"] and set(project["people"]) <= set(people)
        assert all("demo" in people[key] for key in project["people"])
    assert all(p["name"] and p["emails"] and p["role"] for p in people.values())


def test_config_validates_cleanly_with_the_real_loader(tmp_path: Path) -> None:
    config = load_config(ensure_demo_workspace(tmp_path / "demo"))
    assert config.problems == ()
    assert [s.name for s in config.sources] == [DEMO_SOURCE_NAME]
    assert config.me_person is not None and config.me_person.matches(ME_LOGIN)
    assert {p.name for p in config.projects} == {"api", "web", "mobile"}


def test_workspace_is_created_once_and_user_edits_survive(tmp_path: Path) -> None:
    data_dir = tmp_path / "nested" / "demo"
    path = ensure_demo_workspace(data_dir)
    assert path == data_dir / "config.toml"
    assert path.read_text(encoding="utf-8") == demo_config_text()
    path.write_text('me = "cto"\n', encoding="utf-8")
    assert ensure_demo_workspace(data_dir) == path
    assert path.read_text(encoding="utf-8") == 'me = "cto"\n'
    assert [p.name for p in data_dir.iterdir()] == ["config.toml"], "no temp files left"


def test_unwritable_location_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(CtotuiError, match="Cannot create the demo workspace") as info:
        ensure_demo_workspace(blocker / "demo")
    assert "CTOTUI_DATA_DIR" in info.value.message


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "ctotui.db")
    yield opened
    opened.close()


def test_seeds_a_believable_day_of_user_data(store: Store) -> None:
    assert seed_user_data(store, FixedClock(NOW)) is True
    todos = store.list_todos()
    assert 10 <= len(todos) <= 16
    by_status: dict[TodoStatus, list[Todo]] = {}
    for todo in todos:
        by_status.setdefault(todo.status, []).append(todo)
    open_todos = by_status[TodoStatus.OPEN]
    assert any(t.due and t.due < NOW for t in open_todos), "something is overdue"
    assert any(t.due and t.due > NOW and t.due.date() == NOW.date() for t in open_todos)
    assert any(t.due and t.due.date() > NOW.date() for t in open_todos), "something upcoming"
    assert by_status[TodoStatus.WAITING] and all(t.owner for t in by_status[TodoStatus.WAITING])
    assert by_status[TodoStatus.SOMEDAY]
    assert len(by_status[TodoStatus.DONE]) == 2
    assert all(t.done_at for t in by_status[TodoStatus.DONE])
    assert {t.priority for t in todos} >= {Priority.HIGH, Priority.MEDIUM, Priority.LOW}
    assert any(t.project for t in todos) and any(t.tags for t in todos)
    assert sum(t.estimate_minutes is not None for t in todos) >= 8

    (estimate,) = store.list_estimates()
    assert "Northwind" in estimate.name and estimate.client and estimate.description
    assert estimate.contingency_pct == 15.0
    assert estimate.start_date is not None and estimate.start_date.weekday() == 0
    assert NOW.date() < estimate.start_date <= NOW.date() + timedelta(days=7)
    assert len(estimate.tasks) == 15
    assert list(dict.fromkeys(t.phase for t in estimate.tasks)) == ["Discovery", "Build", "Launch"]
    assert {t.role for t in estimate.tasks} == {"backend", "frontend", "design", "qa", "pm"}
    assert all(0 < t.optimistic <= t.likely <= t.pessimistic for t in estimate.tasks)

    yesterday = NOW.date() - timedelta(days=1)
    notes = store.standup_notes("api", yesterday)
    assert {n.person for n in notes} == {"ana", "ben", "gus"}
    assert any(n.blockers for n in notes)


def test_seeding_never_repeats_or_mixes_into_user_data(store: Store) -> None:
    store.add_todo(Todo("My own to-do", NOW))
    assert seed_user_data(store, FixedClock(NOW)) is False
    assert [t.title for t in store.list_todos()] == ["My own to-do"]
    assert store.list_estimates() == []
    fresh = Store.open(store.path.with_name("other.db"))
    try:
        assert seed_user_data(fresh, FixedClock(NOW)) is True
        assert seed_user_data(fresh, FixedClock(NOW + timedelta(days=1))) is False
        assert len(fresh.list_estimates()) == 1
    finally:
        fresh.close()


def test_the_demo_syncs_end_to_end_into_the_store(demo_workspace) -> None:  # type: ignore[no-untyped-def]
    store: Store = demo_workspace.store
    messages = store.page_messages(MessageQuery(split=InboxSplit.ALL), 0, 500)
    assert 75 <= len(messages) <= 90
    assert {m.kind for m in messages} == {MessageKind.MAIL, MessageKind.CHAT}
    assert 120 <= store.count_items(ItemQuery()) <= 180
    counts = store.category_counts()
    assert all(counts.get(category, 0) > 0 for category in StatusCategory)
    waiting = store.count_items(
        ItemQuery(categories=frozenset({StatusCategory.IN_REVIEW}), involving=(ME_LOGIN,))
    )
    assert waiting >= 3
    assert store.list_todos() and store.list_estimates()
