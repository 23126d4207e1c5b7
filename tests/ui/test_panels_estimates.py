"""The Estimates workbench: breakdown, forecast, editing, undo, scenarios and export."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.widgets import DataTable, Input, Static

from ctotui import estimate_tree
from ctotui.app import CtoApp
from ctotui.estimate import summarize
from ctotui.model import Estimate, EstimateTask
from ctotui.screens.estimate_compare import CompareScreen
from ctotui.widgets.row_list import RowList


def info(app: CtoApp) -> str:
    return str(app.screen.query_one("#estimates-info", Static).render())


def forecast(app: CtoApp) -> str:
    return str(app.screen.query_one("#estimates-forecast", Static).render())


def table(app: CtoApp) -> DataTable[Text]:
    return app.screen.query_one("#estimates-tasks", DataTable)


def table_rows(app: CtoApp) -> list[list[str]]:
    grid = table(app)
    return [[str(cell) for cell in grid.get_row_at(i)] for i in range(grid.row_count)]


def outline(app: CtoApp) -> list[str]:
    (estimate,) = [e for e in app.store.list_estimates() if e.name.startswith("Client portal")]
    depth = estimate_tree.depths(estimate.tasks)
    return ["  " * d + t.name for t, d in zip(estimate.tasks, depth, strict=True)]


async def test_breakdown_nests_tasks_under_phases_and_the_forecast_answers(
    demo_app: CtoApp,
) -> None:
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
        assert len(rows) == len(estimate.tasks) + len(summary.phases)  # a heading per phase
        discovery = rows[0]
        phase = summary.phases[0]
        assert discovery[0].strip() == "▾ Discovery"
        assert discovery[-2:] == [f"{phase.mean:.1f}", f"{phase.sd:.1f}"]
        assert rows[1][0].startswith("  Stakeholder") and rows[1][1] == "pm"
        assert rows[1][3:6] == ["2", "3", "5"]
        panel = forecast(demo_app)
        for words in ("P50", "P95", "Effort d", "Ends by", "Cost", "EUR", "Resources"):
            assert words in panel
        assert "backend" in panel and "Most of the spread" in panel
        assert "█" in panel


async def test_editing_a_cell_updates_totals_as_you_type_saves_on_enter_and_undoes(
    demo_app: CtoApp,
) -> None:
    (before,) = demo_app.store.list_estimates()
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4", "enter", "down", "right", "right", "right")
        assert table(demo_app).cursor_coordinate == (1, 3)
        await pilot.press("e")
        edit = demo_app.screen.query_one("#estimates-edit", Input)
        assert edit.has_focus and edit.value == "2"
        await pilot.press("backspace", "0")
        # (0 + 12 + 5) / 6 instead of (2 + 12 + 5) / 6: a third of a day less, shown at once
        expected = summarize(before).total.mean - 2 / 6
        assert f"Expected {expected:.1f} d" in info(demo_app)
        assert demo_app.store.list_estimates()[0].tasks[0].optimistic == 2
        await pilot.press("enter")
        assert table(demo_app).has_focus
        assert demo_app.store.list_estimates()[0].tasks[0].optimistic == 0
        assert table_rows(demo_app)[1][3] == "0"
        await pilot.press("e", "backspace", "x", "enter")
        assert edit.has_focus  # not a number: stays open, nothing saved
        await pilot.press("escape")
        assert table(demo_app).has_focus
        await pilot.press("u")
        assert demo_app.store.list_estimates()[0].tasks[0].optimistic == 2
        assert table_rows(demo_app)[1][3] == "2"


async def test_add_indent_outdent_move_delete_from_the_keyboard(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4", "enter", "down")
        await pilot.press("a")  # a new task after "Stakeholder ...", name being edited
        await pilot.press(*"Kick-off", "enter")
        assert outline(demo_app)[:2] == ["Stakeholder interviews and requirements", "Kick-off"]
        assert table_rows(demo_app)[2][0] == "  Kick-off"  # under the Discovery heading
        await pilot.press("greater_than_sign")
        assert outline(demo_app)[1] == "  Kick-off"
        assert table_rows(demo_app)[1][0].strip().startswith("▾ Stakeholder")
        await pilot.press("less_than_sign")
        assert outline(demo_app)[1] == "Kick-off"
        await pilot.press("K")
        assert outline(demo_app)[0] == "Kick-off"
        assert table(demo_app).cursor_row == 1
        await pilot.press("J")
        assert outline(demo_app)[1] == "Kick-off"
        await pilot.press("x")
        assert "Kick-off" not in outline(demo_app)
        await pilot.press("u")
        assert outline(demo_app)[1] == "Kick-off"


async def test_scenario_duplicate_rename_and_compare(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4", "m", "D")
        names = [e.name for e in demo_app.store.list_estimates()]
        assert names == ["Client portal for Northwind (scenario)", "Client portal for Northwind"]
        await pilot.press("r", "ctrl+u", *"Lean team", "enter")
        assert demo_app.store.list_estimates()[0].name == "Lean team"
        await pilot.press("down", "x")  # back in the table: drop the first Discovery task
        await pilot.press("c")
        assert isinstance(demo_app.screen, CompareScreen)
        grid: DataTable[Text] = demo_app.screen.query_one("#compare-table", DataTable)
        rows = [[str(c) for c in grid.get_row_at(i)] for i in range(grid.row_count)]
        effort = next(r for r in rows if r[0] == "Effort P50 (days)")
        assert effort[3].startswith("-")
        assert any(r[0] == "Ends (P80)" for r in rows)
        assert any(r[0].startswith("Cost P80") for r in rows)
        await pilot.press("escape")
        assert not isinstance(demo_app.screen, CompareScreen)


async def test_export_writes_markdown_csv_and_toml(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4", "E")
        folder = demo_app.workspace.data_dir / "exports"
        files = sorted(p.name for p in folder.iterdir())
        assert files == [
            "client-portal-for-northwind.csv",
            "client-portal-for-northwind.md",
            "client-portal-for-northwind.toml",
        ]
        assert (folder / files[1]).read_text().startswith("# Client portal for Northwind")


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
        typo = next(row for row in table_rows(demo_app) if row[0].strip() == "[red]Typo[/]")
        assert typo[6] == "invalid"
        await pilot.press("down")
        assert demo_name in info(demo_app)
        await pilot.press("up")
        assert "Spike" in info(demo_app)
        await pilot.press("enter")
        assert table(demo_app).has_focus
        await pilot.press("escape")
        assert listing.has_focus


async def test_narrow_screens_show_the_forecast_on_f(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        box = demo_app.screen.query_one("#estimates-forecast-box")
        assert not box.display or box.size.width == 0
        await pilot.press("f")
        await pilot.pause()
        assert box.size.width > 40
        assert not table(demo_app).display or table(demo_app).size.width == 0
        await pilot.press("f")
        await pilot.pause()
        assert table(demo_app).size.width > 40


async def test_linking_a_task_to_done_work_calibrates_and_a_applies_it(demo_app: CtoApp) -> None:
    from ctotui.model import StatusCategory
    from ctotui.store import ItemQuery

    done = demo_app.store.page_items(ItemQuery(categories=frozenset({StatusCategory.DONE})), 0, 1)[
        0
    ]
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        assert "No linked task is done yet" in forecast(demo_app)
        await pilot.press("enter", *["down"] * 7)
        assert table_rows(demo_app)[7][0].strip().startswith("Orders API")
        await pilot.press("L", *done.key, "enter")
        (estimate,) = demo_app.store.list_estimates()
        assert estimate.tasks[5].links == (done.key,)
        panel = forecast(demo_app)
        assert "backend" in panel.split("Calibration")[1] and "1 tasks" in panel
        sso = estimate.tasks[4]
        assert (sso.name, sso.likely) == ("Single sign-on with the Northwind identity provider", 5)
        await pilot.press("A")
        (scaled,) = demo_app.store.list_estimates()
        assert scaled.tasks[4].likely != 5
        assert scaled.tasks[0].likely == estimate.tasks[0].likely  # pm is not calibrated
        await pilot.press("u")
        assert demo_app.store.list_estimates()[0].tasks[4].likely == 5
