"""The To-dos panel driven by keys: views, done/undo, add, drop, waiting, priority."""

from __future__ import annotations

from textual.widgets import Input, Static

from ctotui.app import CtoApp
from ctotui.model import Priority, Todo, TodoStatus
from ctotui.screens.todo_form import TodoForm
from ctotui.todos import TodoView, shift_priority, view_counts, view_todos
from ctotui.widgets.row_list import RowList


def todo_list(app: CtoApp) -> RowList[Todo]:
    return app.screen.query_one("#todos-list", RowList)


def detail(app: CtoApp) -> str:
    return str(app.screen.query_one("#todos-item", Static).render())


def listed(app: CtoApp) -> list[str]:
    rows = todo_list(app)
    found = (rows._row_at(i) for i in range(rows.row_count))
    return [row.title for row in found if row is not None]


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
        assert listed(demo_app) == expected(TodoView.OPEN)
        await pilot.press("l")
        assert listed(demo_app) == expected(TodoView.WAITING)
        await pilot.press("h", "h", "h")  # back past Open and Today, wrapping to Done
        assert listed(demo_app) == expected(TodoView.DONE)


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
        assert not isinstance(demo_app.screen, TodoForm)
        await pilot.press("a", "enter")  # an empty title adds nothing
        assert not isinstance(demo_app.screen, TodoForm)
        assert len(demo_app.store.list_todos()) == before

        await pilot.press("right", "a")  # in the Open view
        assert isinstance(demo_app.screen, TodoForm)
        await pilot.press("q", "1")  # app keys are plain text here
        await pilot.press("enter")
        assert not isinstance(demo_app.screen, TodoForm)
        (todo,) = [t for t in demo_app.store.list_todos() if t.title == "q1"]
        assert todo.priority is Priority.NONE and todo.status is TodoStatus.OPEN
        assert todo.created_at == demo_app.clock.now() and todo.scheduled is None
        current = todo_list(demo_app).current_row
        assert current is not None and current.title == "q1"
        await pilot.press("u")
        assert not [t for t in demo_app.store.list_todos() if t.title == "q1"]

        await pilot.press("left", "a")  # added in Today, it is planned for today
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
        await pilot.press("right", "end")
        await pilot.pause()
        line = rows.render_line(rows.cursor_index + 1 - rows.scroll_offset.y).text
        assert "[bold]x[/] red" in line and "\x1b" not in line
        text = detail(demo_app)
        assert "[bold]x[/] red" in text and "[red]n[/]" in text and "\x1b" not in text
        await pilot.press("x")
        (toast,) = [n for n in demo_app._notifications if n.message.startswith("Done:")]
        assert toast.message == "Done: [bold]x[/] red" and not toast.markup
