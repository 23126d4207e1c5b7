"""The morning and evening reviews driven by keys from Home."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from ctotui.app import CtoApp
from ctotui.model import Todo, TodoStatus
from ctotui.review import MORNING
from ctotui.screens.radar import RadarScreen
from ctotui.screens.review_evening import EveningReviewScreen
from ctotui.screens.review_morning import MorningReviewScreen, ReviewRow
from ctotui.screens.todos import TodosScreen
from ctotui.todos import is_today
from ctotui.widgets.row_list import RowList


def progress(app: CtoApp) -> str:
    return str(app.screen.query_one("#review-progress", Static).render())


def rows(app: CtoApp, selector: str) -> list[ReviewRow]:
    widget = app.screen.query_one(selector, RowList)
    found = (widget._row_at(i) for i in range(widget.row_count))
    return [row for row in found if row is not None]


def carried(app: CtoApp) -> list[Todo]:
    widget = app.screen.query_one("#review-carry", RowList)
    found = (widget._row_at(i) for i in range(widget.row_count))
    return [row for row in found if isinstance(row, Todo)]


async def test_morning_review_steps_pick_todos_and_resume(demo_app: CtoApp) -> None:
    today = demo_app.clock.now().date()
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("m")
        assert isinstance(demo_app.screen, MorningReviewScreen)
        assert progress(demo_app).startswith("Step 1 of 4 · Important mail")
        mail = rows(demo_app, "#review-list")
        assert mail and mail[0].cells[0].text.isdigit()
        await pilot.press("n")
        assert progress(demo_app).startswith("Step 2 of 4 · Waiting on me")
        await pilot.press("escape")  # leave mid-way ...
        assert not isinstance(demo_app.screen, MorningReviewScreen)
        assert demo_app.store.review_step(today, MORNING) == 1
        await pilot.press("m")  # ... and come back to the same step
        assert progress(demo_app).startswith("Step 2 of 4")
        await pilot.press("o")  # the radar opens over the review ...
        assert isinstance(demo_app.screen, RadarScreen)
        await pilot.press("escape")  # ... and escape comes back to it
        assert progress(demo_app).startswith("Step 2 of 4")
        await pilot.press("n")
        assert progress(demo_app).startswith("Step 3 of 4 · Today's standups")
        await pilot.press("p", "n", "n")
        assert progress(demo_app).startswith("Step 4 of 4 · Pick today's to-dos")

        listed = rows(demo_app, "#review-list")
        now = demo_app.clock.now()
        index, row = next(
            (i, r) for i, r in enumerate(listed) if r.todo and not is_today(r.todo, now)
        )
        assert row.todo is not None and row.cells[0].text == "[ ]"
        demo_app.screen.query_one("#review-list", RowList).move_cursor(index)
        await pilot.press("space")
        picked = demo_app.store.get_todo(row.todo.id or 0)
        assert picked is not None and picked.scheduled == today
        assert rows(demo_app, "#review-list")[index].cells[0].text == "[•]"
        await pilot.press("space")
        unpicked = demo_app.store.get_todo(row.todo.id or 0)
        assert unpicked is not None and unpicked.scheduled is None

        await pilot.press("o")  # the real panel for this step
        assert isinstance(demo_app.screen, TodosScreen)
        await pilot.press("1")  # Home still holds the review where it was
        assert progress(demo_app).startswith("Step 4 of 4")
        await pilot.press("n")
        assert not isinstance(demo_app.screen, MorningReviewScreen)
        assert any("Morning review done" in n.message for n in demo_app._notifications)
        await pilot.press("m")  # a finished review starts over
        assert progress(demo_app).startswith("Step 1 of 4")


async def test_evening_review_decides_carry_over_and_saves_the_digest(demo_app: CtoApp) -> None:
    now = demo_app.clock.now()
    done_id = demo_app.store.add_todo(
        Todo("Closed the loop", created_at=now, status=TodoStatus.DONE, done_at=now)
    )
    assert done_id
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("E")
        assert isinstance(demo_app.screen, EveningReviewScreen)
        assert "1 done" in progress(demo_app)
        summary = str(demo_app.screen.query_one("#review-day", Static).render())
        assert "Done today 1" in summary and "Closed the loop" in summary
        carry = carried(demo_app)
        assert carry and all(is_today(t, now) for t in carry)
        first = carry[0]
        await pilot.press("m")
        moved = demo_app.store.get_todo(first.id or 0)
        assert moved is not None and not is_today(moved, now)
        assert first.title not in [t.title for t in carried(demo_app)]
        await pilot.press("u")
        assert demo_app.store.get_todo(first.id or 0) == first
        await pilot.press("s")
        someday = demo_app.store.get_todo(first.id or 0)
        assert someday is not None and someday.status is TodoStatus.SOMEDAY
        await pilot.press("d")
        second = demo_app.store.get_todo(carry[1].id or 0)
        assert second is not None and second.status is TodoStatus.DROPPED

        await pilot.press("w")
        saved = Path(demo_app.workspace.data_dir) / "reviews" / "2026-11-18.md"
        text = saved.read_text(encoding="utf-8")
        assert text.startswith("# Daily review — Wed 18 Nov 2026")
        assert "- [x] Closed the loop" in text and f"- [-] {carry[1].title}" in text
        await pilot.press("c")
        assert demo_app.clipboard.startswith("# Daily review")
        await pilot.press("escape")
        assert not isinstance(demo_app.screen, EveningReviewScreen)
