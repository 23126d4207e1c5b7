"""The Standups panel: project switching, the board, the detail pane, notes, empty state."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from textual.widgets import Input, OptionList, Static

from ctotui.app import CtoApp
from ctotui.clock import FixedClock
from ctotui.config import empty_config
from ctotui.model import BlockerState, EventKind, ItemKind, StatusCategory, WorkEvent, WorkItem
from ctotui.screens.standup_forms import FollowUpForm, HistoryPicker, NoteForm
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
        assert notes.startswith("People")
        lead = demo_app.config.people[project.people[0]]
        assert lead.name in notes and "no note" in notes
        assert "said Tue 17 Nov they'd do next:" in notes

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


async def test_take_a_note_with_the_keyboard(demo_app: CtoApp) -> None:
    project = demo_app.config.projects[0]
    today = demo_app.clock.now().date()
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "n")
        form = demo_app.screen
        assert isinstance(form, NoteForm)
        person = form.person
        assert person in project.people
        await pilot.press(*"Fixed [bold]login", "enter", *"Pagination", "enter", "enter")
        assert not isinstance(demo_app.screen, NoteForm)
        notes = demo_app.store.standup_notes(project.name, today)
        assert [(n.person, n.done, n.next, n.blockers) for n in notes] == [
            (person, "Fixed [bold]login", "Pagination", "")
        ]
        pane = text_of(demo_app, "#standups-notes-text")
        assert "✓ spoke" in pane and "done: Fixed [bold]login" in pane
        assert demo_app.store.standup_session(project.name, today) is not None

        await pilot.press("n")  # the same person again: their note comes back to edit
        form = demo_app.screen
        assert isinstance(form, NoteForm)
        assert form.person == person  # the board's cursor is still on their item
        assert form.query_one("#note-done", Input).value == "Fixed [bold]login"
        await pilot.press("ctrl+a", "ctrl+k", *"Fixed login", "ctrl+s")
        notes = demo_app.store.standup_notes(project.name, today)
        assert [n.done for n in notes] == ["Fixed login"]


async def test_a_follow_up_from_a_board_line(demo_app: CtoApp) -> None:
    project = demo_app.config.projects[0]
    today = demo_app.clock.now().date()
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        row = board(demo_app).current_row
        assert row is not None and row.section is Section.BLOCKED
        await pilot.press("f")
        form = demo_app.screen
        assert isinstance(form, FollowUpForm)
        assert row.item.key in form.query_one("#followup-title", Input).value
        await pilot.press("enter")  # to the due date, prefilled with the next standup day
        due = form.query_one("#followup-due", Input)
        assert due.has_focus and due.value == "2026-11-19"
        await pilot.press("ctrl+a", "ctrl+k", *"+2", "enter")
        assert not isinstance(demo_app.screen, FollowUpForm)
        links = demo_app.store.standup_followups(project.name, today)
        assert len(links) == 1 and links[0].item_ref == row.ref
        todo = demo_app.store.get_todo(links[0].todo_id)
        assert todo is not None and row.item.key in todo.title
        assert todo.due is not None and todo.due.date() == date(2026, 11, 20)
        assert todo.links == (f"standup:{project.name}:{today.isoformat()}", row.ref)
        assert todo.owner == links[0].person and todo.project == project.name
        assert "Follow-ups" in text_of(demo_app, "#standups-notes-text")


async def test_raise_then_resolve_a_blocker(demo_app: CtoApp) -> None:
    project = demo_app.config.projects[0]
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        row = board(demo_app).current_row
        assert row is not None and row.section is Section.BLOCKED
        await pilot.press("b")
        marks = demo_app.store.standup_blockers(project.name)
        assert marks[row.ref].state is BlockerState.RAISED
        line = board(demo_app).render_line(1).text
        assert "⚑ raised" in line
        assert "Standup: raised Wed 18 Nov" in text_of(demo_app, "#standups-item")
        await pilot.press("b")
        assert demo_app.store.standup_blockers(project.name)[row.ref].state is (
            BlockerState.RESOLVED
        )
        assert "✓ solved" in board(demo_app).render_line(1).text
        board(demo_app).move_cursor(len(rows(demo_app)) - 1)  # a stale or moved line
        await pilot.pause()
        await pilot.press("b")
        assert len(demo_app.store.standup_blockers(project.name)) == 1


async def test_reopen_a_past_standup_and_copy_its_summary(demo_app: CtoApp) -> None:
    project = demo_app.config.projects[0]
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "h")
        picker = demo_app.screen
        assert isinstance(picker, HistoryPicker)
        labels = [str(o.prompt) for o in picker.query_one(OptionList).options]
        assert labels[0].startswith("Wed 18 Nov 2026 · today")
        assert labels[1].startswith("Tue 17 Nov 2026")
        await pilot.press("down", "enter")
        assert "past standup Tue 17 Nov 2026" in text_of(demo_app, "#standups-project")
        pane = text_of(demo_app, "#standups-notes-text")
        assert "notes of Tue 17 Nov 2026" in pane and "done:" in pane

        await pilot.press("c")
        copied = demo_app.clipboard
        assert copied.startswith(f"# Standup {project.name}: Tue 17 Nov 2026")
        assert "## Blockers" in copied and "## Waiting for review" in copied
        lead = demo_app.config.people[project.people[0]]
        assert f"## {lead.name}" in copied and "- Done:" in copied

        await pilot.press("w")
        saved = demo_app.workspace.data_dir / "standups" / f"{project.name}-2026-11-17.md"
        assert saved.read_text(encoding="utf-8") == copied

        await pilot.press("escape")
        assert "past standup" not in text_of(demo_app, "#standups-project")
        assert "notes of" not in text_of(demo_app, "#standups-notes-text")
