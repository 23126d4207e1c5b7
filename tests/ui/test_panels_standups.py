"""The Standups panel: project switching, the board, the detail pane, notes, empty state."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import Static

from ctotui.app import CtoApp
from ctotui.clock import FixedClock
from ctotui.config import empty_config
from ctotui.model import EventKind, ItemKind, StatusCategory, WorkEvent, WorkItem
from ctotui.standup import BoardRow, Section
from ctotui.store import ItemQuery, Store
from ctotui.widgets.row_list import RowList
from ctotui.workspace import Workspace


def text_of(app: CtoApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def board(app: CtoApp) -> RowList[BoardRow]:
    return app.screen.query_one("#standups-list", RowList)


def rows(app: CtoApp) -> list[BoardRow]:
    board_list = board(app)
    found = (board_list._row_at(i) for i in range(board_list.row_count))
    return [row for row in found if row is not None]


async def test_board_walks_blocked_review_progress_then_moved_per_project(
    demo_app: CtoApp,
) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        project = demo_app.config.projects[0]
        bar = text_of(demo_app, "#standups-project")
        assert project.name in bar
        blocked = demo_app.store.count_items(
            ItemQuery(
                categories=frozenset({StatusCategory.BLOCKED}),
                sources=project.sources,
                containers=project.containers,
            )
        )
        assert f"{blocked} blocked" in bar and "moved since Tue 17 Nov" in bar
        sections = [row.section for row in rows(demo_app)]
        assert sections == sorted(sections, key=list(Section).index)
        assert {Section.BLOCKED, Section.IN_REVIEW, Section.MOVED} <= set(sections)

        first = board(demo_app).current_row
        assert first is not None and first.section is Section.BLOCKED
        detail = text_of(demo_app, "#standups-item")
        assert first.item.key in detail and first.item.title in detail
        assert first.item.blocked_reason and first.item.blocked_reason in detail
        assert "History" in detail
        await pilot.press("j")
        second = board(demo_app).current_row
        assert second is not None and second.item.key in text_of(demo_app, "#standups-item")
        await pilot.press("enter")
        assert demo_app.screen.query_one("#standups-detail").has_focus
        await pilot.press("escape")
        assert board(demo_app).has_focus

        notes = text_of(demo_app, "#standups-notes-text")
        assert "Notes from Tue 17 Nov" in notes
        lead = demo_app.config.people[project.people[0]]
        assert lead.name in notes and "done:" in notes

        projects = demo_app.config.projects
        await pilot.press("right_square_bracket")
        assert f"{projects[1].name}  2/{len(projects)}" in text_of(demo_app, "#standups-project")
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert projects[-1].name in text_of(demo_app, "#standups-project")
        await pilot.press("p")
        assert f"{projects[0].name}  1/" in text_of(demo_app, "#standups-project")


async def test_untrusted_item_text_and_moves_at_80x24(demo_app: CtoApp) -> None:
    store, now = demo_app.store, demo_app.clock.now()
    hostile = WorkItem(
        source="demo",
        remote_id="hostile-1",
        key="acme/api#9001",
        container="acme/api",
        kind=ItemKind.PULL_REQUEST,
        title="[bold]x[/] \x1b[31mred\x1b]52;c;ZXZpbA==\x07",
        status="Merged",
        category=StatusCategory.DONE,
        created_at=now - timedelta(days=3),
        updated_at=now - timedelta(hours=1),
        blocked_reason="[link=x]y[/link]",
        author="ana-api",
    )
    merged = WorkEvent("demo", "hostile-1", "hostile-1-m", EventKind.MERGED, "ana-api", now)
    store.save_fetch(
        "demo", "demo", messages=[], items=[hostile], events=[merged],
        cursor=store.get_cursor("demo"), at=now,
    )  # fmt: skip
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        listed = rows(demo_app)
        index = next(i for i, r in enumerate(listed) if r.item.remote_id == "hostile-1")
        assert listed[index].section is Section.MOVED
        board(demo_app).move_cursor(index)
        await pilot.pause()
        board_list = board(demo_app)
        assert board_list.size.height >= 6
        line = board_list.render_line(index + 1 - board_list.scroll_offset.y).text
        assert "✓ merged" in line and "api#9001" in line
        assert "[bold]x[/] red" in line and "\x1b" not in line
        detail = text_of(demo_app, "#standups-item")
        assert "[bold]x[/] red" in detail and "[link=x]y[/link]" in detail
        assert "merged by Ana Ortiz" in detail and "\x1b" not in detail


async def test_no_projects_says_how_to_add_one(tmp_path: Path, clock: FixedClock) -> None:
    store = Store.open(tmp_path / "data" / "ctotui.db")
    workspace = Workspace(empty_config(), tmp_path / "config.toml", tmp_path / "data", store, False)
    app = CtoApp(workspace, clock=clock, sync_on_start=False)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("3")
            message = text_of(app, "#standups-empty")
            assert "No projects configured" in message and "[[projects]]" in message
            assert str(tmp_path / "config.toml") in message
            assert not app.screen.query_one("#standups-body").display
    finally:
        store.close()
