"""The To-dos panel driven by keys: views, done/undo, add, drop, waiting, priority."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.widgets import Input, Static, TextArea

from ctotui.app import CtoApp
from ctotui.model import ActionKind, Priority, Todo, TodoStatus, WorkItem
from ctotui.screens.todo_close import CloseItemScreen
from ctotui.screens.todo_form import QuickAddScreen
from ctotui.screens.todo_notes import NotesScreen
from ctotui.screens.todo_rows import Row, day_label
from ctotui.todo_links import assigned_to_me, item_link
from ctotui.todos import TodoView, shift_priority, view_counts, view_todos
from ctotui.widgets.row_list import RowList


def todo_list(app: CtoApp) -> RowList[Row]:
    return app.screen.query_one("#todos-list", RowList)


def detail(app: CtoApp) -> str:
    return str(app.screen.query_one("#todos-item", Static).render())


def listed(app: CtoApp) -> list[str]:
    rows = todo_list(app)
    found = (rows._row_at(i) for i in range(rows.row_count))
    return [row.title for row in found if isinstance(row, Todo)]


def stored(app: CtoApp, todo_id: int | None) -> Todo:
    assert todo_id is not None
    todo = app.store.get_todo(todo_id)
    assert todo is not None
    return todo


async def test_views_show_their_counts_and_switch_with_left_and_right(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        now = demo_app.clock.now()
        todos = demo_app.store.list_todos()
        counts = view_counts(todos, now)
        bar = str(demo_app.screen.query_one("#todos-views", Static).render())
        for view, title in ((TodoView.TODAY, "Today"), (TodoView.DONE, "Done")):
            assert f"{title} {counts[view]}" in bar

        def expected(view: TodoView) -> list[str]:
            return [t.title for t in view_todos(todos, view, now)]

        assert expected(TodoView.TODAY) and listed(demo_app) == expected(TodoView.TODAY)
        assert expected(TodoView.TODAY)[0] in detail(demo_app)
        await pilot.press("right")
        assert listed(demo_app) == expected(TodoView.UPCOMING)
        await pilot.press("l")
        assert listed(demo_app) == expected(TodoView.OPEN)
        await pilot.press("l")
        assert listed(demo_app) == expected(TodoView.WAITING)
        await pilot.press("h", "h", "h", "h")  # back past Open, Upcoming, Today, to Done
        assert listed(demo_app) == expected(TodoView.DONE)
        closed = todo_list(demo_app).current_row
        assert isinstance(closed, Todo) and closed.done_at is not None
        label = day_label(closed.done_at.date(), now.date())  # Done is by day
        assert f" {label} " in todo_list(demo_app).render_line(1).text


async def test_verbs_change_the_store_and_u_undoes_them(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        first = todo_list(demo_app).current_row
        assert first is not None
        await pilot.press("x")
        done = stored(demo_app, first.id)
        assert done.status is TodoStatus.DONE and done.done_at == demo_app.clock.now()
        assert f"Done: {first.title}" in [n.message for n in demo_app._notifications]
        assert first.title not in listed(demo_app)  # Today shows open work only
        await pilot.press("u")
        assert stored(demo_app, first.id).status is first.status
        assert stored(demo_app, first.id).done_at is None
        assert listed(demo_app)[0] == first.title

        await pilot.press("w")
        assert stored(demo_app, first.id).status is TodoStatus.WAITING
        await pilot.press("plus")
        raised = shift_priority(first.priority, 1)
        assert stored(demo_app, first.id).priority is raised
        await pilot.press("minus", "minus")
        assert stored(demo_app, first.id).priority is shift_priority(raised, -2)
        await pilot.press("u", "u", "u", "u")
        assert stored(demo_app, first.id).priority is first.priority
        assert stored(demo_app, first.id).status is first.status

        await pilot.press("d")
        assert stored(demo_app, first.id).status is TodoStatus.DROPPED
        await pilot.press("left")  # Today -> Done: the dropped one is newest
        assert listed(demo_app)[0] == first.title
        await pilot.press("o")
        assert stored(demo_app, first.id).status is TodoStatus.OPEN
        done_one = todo_list(demo_app).current_row
        assert done_one is not None and done_one.status is TodoStatus.DONE
        await pilot.press("x")  # x on a done to-do opens it again
        reopened = stored(demo_app, done_one.id)
        assert reopened.status is TodoStatus.OPEN and reopened.done_at is None


async def test_a_adds_a_todo_from_a_small_form(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        before = len(demo_app.store.list_todos())
        await pilot.press("5", "a", "escape")
        assert not isinstance(demo_app.screen, QuickAddScreen)
        await pilot.press("a", "enter")  # an empty title adds nothing
        assert not isinstance(demo_app.screen, QuickAddScreen)
        assert len(demo_app.store.list_todos()) == before

        await pilot.press("right", "right", "a")  # in the Open view
        assert isinstance(demo_app.screen, QuickAddScreen)
        await pilot.press("q", "1")  # app keys are plain text here
        await pilot.press("enter")
        assert not isinstance(demo_app.screen, QuickAddScreen)
        (todo,) = [t for t in demo_app.store.list_todos() if t.title == "q1"]
        assert todo.priority is Priority.NONE and todo.status is TodoStatus.OPEN
        assert todo.created_at == demo_app.clock.now() and todo.scheduled is None
        current = todo_list(demo_app).current_row
        assert current is not None and current.title == "q1"
        await pilot.press("u")
        assert not [t for t in demo_app.store.list_todos() if t.title == "q1"]

        await pilot.press("left", "left", "a")  # added in Today, it is planned for today
        demo_app.screen.query_one("#todos-form-title", Input).value = "Book the room"
        await pilot.press("enter")
        assert "Book the room" in listed(demo_app)
        (todo,) = [t for t in demo_app.store.list_todos() if t.title == "Book the room"]
        assert todo.scheduled == demo_app.clock.now().astimezone().date()


async def test_untrusted_titles_show_literally_at_80x24(demo_app: CtoApp) -> None:
    hostile = "[bold]x[/] \x1b[31mred\x1b]52;c;ZXZpbA==\x07"
    demo_app.store.add_todo(
        Todo(title=hostile, created_at=demo_app.clock.now(), notes="[red]n[/]\x1b[2J")
    )
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        rows = todo_list(demo_app)
        assert rows.size.height >= 6
        assert demo_app.screen.query_one("#todos-detail").size.height >= 4
        first = rows.current_row
        assert first is not None and first.title[:15] in rows.render_line(1).text
        await pilot.press("right", "right", "end")
        await pilot.pause()
        line = rows.render_line(rows.cursor_index + 1 - rows.scroll_offset.y).text
        assert "[bold]x[/] red" in line and "\x1b" not in line
        text = detail(demo_app)
        assert "[bold]x[/] red" in text and "[red]n[/]" in text and "\x1b" not in text
        await pilot.press("x")
        (toast,) = [n for n in demo_app._notifications if n.message.startswith("Done:")]
        assert toast.message == "Done: [bold]x[/] red" and not toast.markup


async def test_quick_add_from_any_panel_shows_a_live_preview(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "t")  # from the Inbox
        assert isinstance(demo_app.screen, QuickAddScreen)
        await pilot.press(*"Pay tomorrow")
        preview = str(demo_app.screen.query_one("#todos-form-preview", Static).render())
        assert "Title: Pay" in preview and "Due: Thu 19 Nov 2026" in preview
        line = "Review Q3 hosting budget tomorrow 10am !high +finance #budget @api-lead ~30m"
        demo_app.screen.query_one("#todos-form-title", Input).value = line
        await pilot.pause()
        preview = str(demo_app.screen.query_one("#todos-form-preview", Static).render())
        for shown in ("Review Q3 hosting budget", "Thu 19 Nov 2026 10:00", "Waiting for: api-lead"):
            assert shown in preview
        await pilot.press("enter")
        assert not isinstance(demo_app.screen, QuickAddScreen)
        (todo,) = [t for t in demo_app.store.list_todos() if t.title == "Review Q3 hosting budget"]
        assert todo.priority is Priority.HIGH and todo.project == "finance"
        assert todo.tags == ("budget",) and todo.owner == "api-lead"
        assert todo.status is TodoStatus.WAITING and todo.estimate_minutes == 30
        assert todo.due == datetime(2026, 11, 19, 10, 0, tzinfo=UTC)

        await pilot.press("t")
        demo_app.screen.query_one("#todos-form-title", Input).value = "tomorrow !high"
        await pilot.press("enter")  # fields but no title: it says so and stays open
        assert isinstance(demo_app.screen, QuickAddScreen)
        assert any("needs a title" in n.message for n in demo_app._notifications)
        await pilot.press("escape")
        assert not isinstance(demo_app.screen, QuickAddScreen)


async def test_e_edits_every_field_as_one_line_and_u_undoes(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        first = todo_list(demo_app).current_row
        assert first is not None
        await pilot.press("e")
        field = demo_app.screen.query_one("#todos-form-title", Input)
        assert field.value.startswith(first.title.split()[0])
        field.value = "Renamed to-do 2026-11-25 !low +ops #later every week"
        await pilot.press("enter")
        edited = stored(demo_app, first.id)
        assert edited.title == "Renamed to-do" and edited.priority is Priority.LOW
        assert edited.project == "ops" and edited.tags == ("later",)
        assert edited.recurrence == "every:1:weeks" and edited.notes == first.notes
        assert edited.created_at == first.created_at
        await pilot.press("right", "end")  # into the Open view to find it
        await pilot.press("u")
        assert stored(demo_app, first.id) == first


async def test_done_on_a_recurring_todo_spawns_the_next_and_undo_removes_it(
    demo_app: CtoApp,
) -> None:
    now = demo_app.clock.now()
    todo_id = demo_app.store.add_todo(
        Todo("Water plants", created_at=now, due=now.replace(hour=0, minute=0), recurrence="daily")
    )
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        titles = listed(demo_app)
        todo_list(demo_app).move_cursor(titles.index("Water plants"))
        await pilot.press("x")
        assert stored(demo_app, todo_id).status is TodoStatus.DONE
        (spawned,) = [
            t for t in demo_app.store.list_todos() if t.title == "Water plants" and t.id != todo_id
        ]
        assert spawned.status is TodoStatus.OPEN and spawned.recurrence == "daily"
        assert spawned.due == datetime(2026, 11, 19, tzinfo=UTC)
        assert any("next due tomorrow" in n.message for n in demo_app._notifications)
        await pilot.press("u")
        assert stored(demo_app, todo_id).status is TodoStatus.OPEN
        assert demo_app.store.get_todo(spawned.id or 0) is None


async def test_my_tracker_items_show_read_only_and_done_offers_to_close(demo_app: CtoApp) -> None:
    me = demo_app.config.me_person
    mine = assigned_to_me(demo_app.store, me)
    assert mine, "the demo assigns tracker items to the user"
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5", "i")
        rows = todo_list(demo_app)
        found = [rows._row_at(i) for i in range(rows.row_count)]
        items = [row for row in found if isinstance(row, WorkItem)]
        assert [i.key for i in items] == [i.key for i in mine]
        rows.move_cursor(found.index(items[0]))
        await pilot.pause()
        assert "Read-only" in detail(demo_app)
        await pilot.press("x")  # verbs refuse on tracker rows
        assert any("read-only" in n.message for n in demo_app._notifications)

        await pilot.press("a")  # a to-do linked to the item, prefilled with its title
        form = demo_app.screen
        assert isinstance(form, QuickAddScreen)
        assert form.query_one("#todos-form-title", Input).value == items[0].title
        await pilot.press("enter")
        (todo,) = [
            t
            for t in demo_app.store.list_todos()
            if t.links == (item_link(items[0].source, items[0].remote_id),)
        ]
        assert items[0].key in detail(demo_app)

        todo_list(demo_app).move_cursor(listed(demo_app).index(todo.title))
        await pilot.press("x")
        assert isinstance(demo_app.screen, CloseItemScreen)
        await pilot.press("y")
        await demo_app.workers.wait_for_complete()
        assert stored(demo_app, todo.id).status is TodoStatus.DONE
        queued = demo_app.store._all("SELECT source, action, target, state FROM outbox")
        assert [tuple(row) for row in queued] == [
            (items[0].source, ActionKind.CLOSE.value, items[0].remote_id, "done")
        ]


async def test_n_edits_the_notes_and_u_undoes(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        first = todo_list(demo_app).current_row
        assert isinstance(first, Todo)
        await pilot.press("n")
        area = demo_app.screen.query_one("#todos-notes-text", TextArea)
        assert area.text == first.notes
        area.text = "Ask for the [signed] copy\nthen file it"
        await pilot.press("ctrl+s")
        assert stored(demo_app, first.id).notes == "Ask for the [signed] copy\nthen file it"
        assert "Ask for the [signed] copy" in detail(demo_app)
        await pilot.press("n")
        assert isinstance(demo_app.screen, NotesScreen)
        await pilot.press("escape")
        assert not isinstance(demo_app.screen, NotesScreen)
        assert stored(demo_app, first.id).notes.startswith("Ask for the")
        await pilot.press("u")
        assert stored(demo_app, first.id).notes == first.notes
