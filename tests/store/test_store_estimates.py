"""Estimates in the store: risks, fixed costs, assumptions, units, provisional ids, deletion."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from ctotui.model import Estimate, EstimateRisk, EstimateTask, FixedCost
from ctotui.store import Store, migrations

T0 = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "ctotui.db")
    yield opened
    opened.close()


def full_estimate() -> Estimate:
    return Estimate(
        "Portal",
        "Northwind",
        T0,
        start_date=date(2026, 11, 23),
        tasks=[
            EstimateTask("Build", "", 0, 0, 0, id=-1),
            EstimateTask("Review", "qa", 4, 8, 16, unit="h", parent_id=-1, id=-2),
        ],
        assumptions=["SSO exists", "One product owner"],
        risks=[EstimateRisk("Vendor late", 0.3, 5, 1000)],
        fixed_costs=[FixedCost("Hosting", 1200.5)],
    )


def test_everything_round_trips_and_provisional_ids_link_parents(store: Store) -> None:
    estimate = full_estimate()
    store.save_estimate(estimate)
    build, review = estimate.tasks
    assert build.id is not None and build.id > 0
    assert review.parent_id == build.id
    (loaded,) = store.list_estimates()
    assert loaded == estimate
    assert store.get_estimate(loaded.id or 0) == estimate
    assert loaded.tasks[1].unit == "h"


def test_saving_again_replaces_risks_and_costs(store: Store) -> None:
    estimate = full_estimate()
    store.save_estimate(estimate)
    estimate.risks = []
    estimate.fixed_costs.append(FixedCost("Licence", 99))
    store.save_estimate(estimate)
    (loaded,) = store.list_estimates()
    assert loaded.risks == [] and [c.name for c in loaded.fixed_costs] == ["Hosting", "Licence"]


def test_delete_removes_the_estimate_and_all_its_parts(store: Store, tmp_path: Path) -> None:
    estimate = full_estimate()
    store.save_estimate(estimate)
    store.delete_estimate(estimate.id or 0)
    assert store.list_estimates() == []
    store.close()
    conn = sqlite3.connect(tmp_path / "ctotui.db")
    for table in ("estimate_tasks", "estimate_risks", "estimate_fixed_costs"):
        assert conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone() == (0,)
    conn.close()


def test_an_estimate_saved_before_the_upgrade_reads_with_defaults(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    migrations.migrate(conn, migrations.MIGRATIONS[:1])
    conn.execute(
        "INSERT INTO estimates (name, client, created_at, description, contingency_pct)"
        " VALUES ('Old', 'Client', 0, '', 10)"
    )
    conn.execute(
        "INSERT INTO estimate_tasks (estimate_id, position, name, role, optimistic, likely,"
        " pessimistic, phase) VALUES (1, 0, 'Task', 'backend', 1, 2, 3, 'Build')"
    )
    conn.commit()
    conn.close()
    store = Store.open(path)
    try:
        (old,) = store.list_estimates()
        assert old.assumptions == [] and old.risks == [] and old.tasks[0].unit == "d"
    finally:
        store.close()


def test_linked_items_by_key_label_and_epic(store: Store) -> None:
    from ctotui.model import ItemKind, StatusCategory, WorkItem

    def item(key: str, labels: tuple[str, ...] = (), links: tuple[str, ...] = ()) -> WorkItem:
        return WorkItem(
            "t",
            key,
            key,
            ItemKind.ISSUE,
            key,
            "Done",
            StatusCategory.DONE,
            T0,
            T0,
            labels=labels,
            links=links,
        )

    store.save_fetch(
        "t",
        "demo",
        messages=[],
        items=[
            item("EPIC-1"),
            item("S-1", links=("EPIC-1",)),
            item("S-2", labels=("billing",)),
            item("S-3", labels=("other",)),
        ],
        events=[],
        cursor=None,
        at=T0,
    )
    keys = [i.key for i in store.linked_items(["EPIC-1"])]
    assert keys == ["EPIC-1", "S-1"]
    assert [i.key for i in store.linked_items(["label:billing", "S-3"])] == ["S-2", "S-3"]
    assert store.linked_items([]) == [] and store.linked_items(["NOPE-1"]) == []
