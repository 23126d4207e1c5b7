"""The Estimates panel: the list, the selected estimate's PERT table and totals."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.widgets import DataTable, Static

from ctotui.app import CtoApp
from ctotui.estimate import summarize
from ctotui.model import Estimate, EstimateTask
from ctotui.widgets.row_list import RowList


def info(app: CtoApp) -> str:
    return str(app.screen.query_one("#estimates-info", Static).render())


def table_rows(app: CtoApp) -> list[list[str]]:
    table: DataTable[Text] = app.screen.query_one("#estimates-tasks", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_selected_estimate_shows_tasks_by_phase_and_totals(demo_app: CtoApp) -> None:
    (estimate,) = demo_app.store.list_estimates()
    summary = summarize(estimate)
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        listing = demo_app.screen.query_one("#estimates-list", RowList)
        assert listing.row_count == 1
        assert f"{summary.total.mean:.1f}" in listing.render_line(1).text
        text = info(demo_app)
        assert estimate.name in text and estimate.client in text
        assert f"Expected {summary.total.mean:.1f} d ± {summary.total.sd:.1f}" in text
        assert f"with contingency {summary.with_contingency:.1f} d" in text
        rows = table_rows(demo_app)
        labels = [row[0].strip() for row in rows]
        for phase in summary.phases:
            heading = labels.index(phase.name)
            total = rows[labels.index(f"{phase.name} total")]
            assert total[-2:] == [f"{phase.mean:.1f}", f"{phase.sd:.1f}"]
            assert heading < labels.index(f"{phase.name} total")
        for task in estimate.tasks[:3]:
            assert task.name in labels
        total = rows[labels.index("Total")]
        assert total[1] == f"{len(estimate.tasks)} tasks"
        assert total[-2:] == [f"{summary.total.mean:.1f}", f"{summary.total.sd:.1f}"]
        by_role = labels.index("By role")
        assert labels[by_role + 1 :] == [role.name for role in summary.roles]


async def test_invalid_tasks_are_flagged_and_up_down_switch_estimates(demo_app: CtoApp) -> None:
    store = demo_app.store
    demo_name = store.list_estimates()[0].name
    store.save_estimate(
        Estimate(
            name="[bold]Spike[/] \x1b[31m",
            client="Contoso \x1b]52;c;ZXZpbA==\x07",
            created_at=demo_app.clock.now() + timedelta(minutes=1),
            contingency_pct=10,
            tasks=[
                EstimateTask("Prototype", "backend", 1, 2, 3, phase="Build"),
                EstimateTask("[red]Typo[/]", "qa", 5, 3, 8, phase="Build"),
            ],
        )
    )
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        listing = demo_app.screen.query_one("#estimates-list", RowList)
        assert listing.row_count == 2
        line = listing.render_line(1).text
        assert line.startswith("!") and "[bold]Spike[/]" in line and "\x1b" not in line
        text = info(demo_app)
        assert "Left out of the totals: [red]Typo[/]" in text and "\x1b" not in text
        assert "Expected 2.0 d" in text
        rows = table_rows(demo_app)
        typo = next(row for row in rows if row[0].strip() == "[red]Typo[/]")
        assert typo[5] == "invalid"
        table = demo_app.screen.query_one("#estimates-tasks", DataTable)
        assert table.size.height >= 5
        await pilot.press("down")
        assert demo_name in info(demo_app)
        await pilot.press("up")
        assert "Spike" in info(demo_app)
        await pilot.press("enter")
        assert table.has_focus
        await pilot.press("escape")
        assert listing.has_focus
