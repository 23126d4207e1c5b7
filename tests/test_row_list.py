"""Behaviour of the virtualised RowList as a user sees it at 80x24."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pytest
from rich.style import Style
from textual.app import App, ComposeResult
from textual.widgets import Input

from ctotui.widgets.row_list import Cell, Column, RowList, fit_cell, layout_columns

ROWS = 100_000


@dataclass(frozen=True)
class Item:
    number: int
    title: str
    owner: str = "ops@acme.example"


class ItemSource:
    """In-memory rows generated on demand, counting every call."""

    def __init__(self, total: int, make: Callable[[int], Item] | None = None) -> None:
        self.total = total
        self.make = make or (lambda n: Item(n, f"Item {n}"))
        self.count_calls = 0
        self.fetches: list[tuple[int, int]] = []

    def count(self) -> int:
        self.count_calls += 1
        return self.total

    def fetch(self, offset: int, limit: int) -> Sequence[Item]:
        self.fetches.append((offset, limit))
        return [self.make(n) for n in range(offset, min(offset + limit, self.total))]


class FixedSource:
    """A short, explicit list of rows."""

    def __init__(self, items: Sequence[Item]) -> None:
        self.items = list(items)

    def count(self) -> int:
        return len(self.items)

    def fetch(self, offset: int, limit: int) -> Sequence[Item]:
        return self.items[offset : offset + limit]


COLUMNS = [
    Column("number", "#", width=7, align="right"),
    Column("title", "Title"),
    Column("owner", "Owner", width=16),
]


class ListApp(App[None]):
    def __init__(
        self, source: ItemSource | FixedSource, *, empty_text: str = "Nothing here."
    ) -> None:
        super().__init__()
        self.source = source
        self.empty_text = empty_text
        self.highlighted: list[tuple[int, Item]] = []
        self.selected: list[tuple[int, Item]] = []
        self.rendered: list[int] = []

    def render_item(self, item: Item) -> Sequence[Cell]:
        self.rendered.append(item.number)
        return [Cell(str(item.number), "dim"), Cell(item.title, "strong"), Cell(item.owner)]

    def compose(self) -> ComposeResult:
        yield RowList(COLUMNS, self.source, self.render_item, empty_text=self.empty_text)
        yield Input(id="other")

    def on_row_list_highlighted(self, message: RowList.Highlighted[Item]) -> None:
        self.highlighted.append((message.index, message.row))

    def on_row_list_selected(self, message: RowList.Selected[Item]) -> None:
        self.selected.append((message.index, message.row))


def screen_lines(row_list: RowList[Item]) -> list[str]:
    return [row_list.render_line(y).text for y in range(row_list.scrollable_content_region.height)]


def cursor_line(row_list: RowList[Item]) -> str:
    """The rendered line that holds the cursor row, which must be on screen."""
    y = row_list.cursor_index - row_list.scroll_offset.y + 1
    assert 1 <= y < row_list.scrollable_content_region.height, "cursor row is off screen"
    return row_list.render_line(y).text


def first_style(row_list: RowList[Item], y: int) -> Style | None:
    return next(iter(row_list.render_line(y))).style


def shown_numbers(row_list: RowList[Item]) -> list[int]:
    return [int(line.split()[0]) for line in screen_lines(row_list)[1:] if line.strip()]


async def test_navigation_over_100k_rows_fetches_few_pages() -> None:
    source = ItemSource(ROWS)
    app = ListApp(source)
    async with app.run_test(size=(80, 24)) as pilot:
        row_list = app.query_one(RowList)
        await pilot.pause()
        assert row_list.has_focus
        assert row_list.row_count == ROWS
        assert row_list.cursor_index == 0
        assert app.highlighted[-1] == (0, Item(0, "Item 0"))
        header = screen_lines(row_list)[0]
        assert header.split() == ["#", "Title", "Owner"]

        await pilot.press("down", "j")
        assert row_list.cursor_index == 2
        assert [index for index, _ in app.highlighted] == [0, 1, 2]

        page = row_list.scrollable_content_region.height - 1
        await pilot.press("pagedown")
        assert row_list.cursor_index == 2 + page
        assert f"Item {2 + page}" in cursor_line(row_list)

        await pilot.press("end")
        await pilot.pause()
        assert row_list.cursor_index == ROWS - 1
        assert row_list.current_row == Item(ROWS - 1, f"Item {ROWS - 1}")
        assert f"Item {ROWS - 1}" in cursor_line(row_list)
        assert shown_numbers(row_list)[-1] == ROWS - 1
        assert screen_lines(row_list)[0].split() == ["#", "Title", "Owner"]

        await pilot.press("home")
        await pilot.pause()
        assert row_list.cursor_index == 0
        assert shown_numbers(row_list)[0] == 0

        await pilot.press("G")
        assert row_list.cursor_index == ROWS - 1
        await pilot.press("g", "pageup", "up", "k")
        assert row_list.cursor_index == 0

        assert len(source.fetches) < 10
        assert all(limit == 200 for _, limit in source.fetches)
        assert source.count_calls == 1


async def test_moving_the_cursor_renders_only_the_two_changed_rows() -> None:
    app = ListApp(ItemSource(ROWS))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.rendered.clear()
        await pilot.press("j")
        await pilot.pause()
        assert sorted(app.rendered) == [0, 1]


async def test_page_up_and_down_keep_the_cursor_visible() -> None:
    app = ListApp(ItemSource(ROWS))
    async with app.run_test(size=(80, 24)) as pilot:
        row_list = app.query_one(RowList)
        page = row_list.scrollable_content_region.height - 1
        for _ in range(5):
            await pilot.press("ctrl+f")
            assert f"Item {row_list.cursor_index}" in cursor_line(row_list)
        assert row_list.cursor_index == 5 * page
        for _ in range(6):
            await pilot.press("ctrl+b")
            assert f"Item {row_list.cursor_index}" in cursor_line(row_list)
        assert row_list.cursor_index == 0
        assert row_list.scroll_offset.y == 0


async def test_resize_keeps_the_cursor_row_visible() -> None:
    app = ListApp(ItemSource(ROWS))
    async with app.run_test(size=(80, 24)) as pilot:
        row_list = app.query_one(RowList)
        row_list.move_cursor(20)
        await pilot.pause()
        await pilot.resize_terminal(60, 10)
        await pilot.pause()
        assert "Item 20" in cursor_line(row_list)
        assert all(
            len(line) == row_list.scrollable_content_region.width for line in screen_lines(row_list)
        )

        await pilot.press("end")
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert f"Item {ROWS - 1}" in cursor_line(row_list)
        assert shown_numbers(row_list)[-1] == ROWS - 1


async def test_set_source_to_a_short_filter_clamps_cursor_and_shows_rows() -> None:
    app = ListApp(ItemSource(ROWS))
    async with app.run_test(size=(80, 24)) as pilot:
        row_list = app.query_one(RowList)
        await pilot.press("end")
        await pilot.pause()
        filtered = FixedSource([Item(n * 7, f"Match {n}") for n in range(10)])

        row_list.set_source(filtered, keep_cursor=True)
        await pilot.pause()
        assert row_list.row_count == 10
        assert row_list.cursor_index == 9
        assert row_list.scroll_offset.y == 0
        assert [line.split()[1] for line in screen_lines(row_list)[1:11]] == ["Match"] * 10
        assert "Match 9" in cursor_line(row_list)
        assert app.highlighted[-1] == (9, Item(63, "Match 9"))

        row_list.set_source(filtered)
        await pilot.pause()
        assert row_list.cursor_index == 0
        assert app.highlighted[-1] == (0, Item(0, "Match 0"))


async def test_reload_after_growth_keeps_the_index() -> None:
    source = ItemSource(50)
    app = ListApp(source)
    async with app.run_test(size=(80, 24)) as pilot:
        row_list = app.query_one(RowList)
        row_list.move_cursor(30)
        await pilot.pause()
        source.total = 80
        source.make = lambda n: Item(n, f"New {n}")
        row_list.reload()
        await pilot.pause()
        assert row_list.row_count == 80
        assert row_list.cursor_index == 30
        assert "New 30" in cursor_line(row_list)
        await pilot.press("end")
        assert row_list.cursor_index == 79

        source.total = 10
        row_list.reload()
        await pilot.pause()
        assert row_list.cursor_index == 9
        assert "New 9" in cursor_line(row_list)


async def test_empty_source_shows_the_empty_text() -> None:
    app = ListApp(FixedSource([]), empty_text="Inbox zero.")
    async with app.run_test(size=(80, 24)) as pilot:
        row_list = app.query_one(RowList)
        await pilot.press("down", "end", "enter")
        lines = screen_lines(row_list)
        assert lines[0].split() == ["#", "Title", "Owner"]
        assert lines[1].strip() == "Inbox zero."
        assert lines[1].index("Inbox") > 20
        assert row_list.current_row is None
        assert app.highlighted == []
        assert app.selected == []

        row_list.set_source(FixedSource([Item(1, "Arrived")]))
        await pilot.pause()
        assert "Arrived" in cursor_line(row_list)
        assert app.highlighted == [(0, Item(1, "Arrived"))]


async def test_enter_and_click_select_the_right_row() -> None:
    app = ListApp(ItemSource(ROWS))
    async with app.run_test(size=(80, 24)) as pilot:
        row_list = app.query_one(RowList)
        await pilot.press("j", "j", "j", "enter")
        await pilot.pause()
        assert app.selected == [(3, Item(3, "Item 3"))]

        await pilot.click(RowList, offset=(10, 6))
        await pilot.pause()
        assert row_list.cursor_index == 5
        assert app.selected[-1] == (5, Item(5, "Item 5"))

        await pilot.click(RowList, offset=(10, 0))
        await pilot.pause()
        assert row_list.cursor_index == 5
        assert len(app.selected) == 2


async def test_hostile_cell_text_is_shown_literally_and_cleaned() -> None:
    hostile = ["[bold]x[/]", "\x1b[31mred", "a\x1b]52;c;ZXZpbA==\x07b"]
    items = [Item(n, text, owner=text) for n, text in enumerate(hostile)]
    app = ListApp(FixedSource(items))
    async with app.run_test(size=(80, 24)) as pilot:
        row_list = app.query_one(RowList)
        await pilot.pause()
        lines = screen_lines(row_list)
        assert lines[1].split()[1:] == ["[bold]x[/]", "[bold]x[/]"]
        assert lines[2].split()[1:] == ["red", "red"]
        assert lines[3].split()[1:] == ["ab", "ab"]
        for y in (1, 2, 3):
            for segment in row_list.render_line(y):
                assert "\x1b" not in segment.text and "\x07" not in segment.text
        screenshot = app.export_screenshot()
        assert "[bold]x[/]" in screenshot
        assert "ZXZpbA" not in screenshot


async def test_right_alignment_truncation_and_wide_characters() -> None:
    items = [
        Item(42, "A title far too long to fit in the narrow flexible column of this list"),
        Item(7, "短い件名です", owner="チーム@acme.example"),
    ]
    app = ListApp(FixedSource(items))
    async with app.run_test(size=(40, 8)) as pilot:
        row_list = app.query_one(RowList)
        await pilot.pause()
        width = row_list.scrollable_content_region.width
        first, second = screen_lines(row_list)[1:3]
        assert first.startswith("     42 ")
        assert second.startswith("      7 ")
        title = first[8:-17]
        assert title.endswith("…")
        assert title.startswith("A title far")
        assert first.endswith("ops@acme.example")
        assert len(first) == width
        assert row_list.render_line(2).cell_length == width
        assert "短い件名です" in second
        assert "…" in second.split()[-1]


async def test_focus_changes_restyle_the_cursor_row() -> None:
    app = ListApp(ItemSource(20))
    async with app.run_test(size=(80, 24)) as pilot:
        row_list = app.query_one(RowList)
        await pilot.pause()
        focused_style = first_style(row_list, 1)
        app.query_one("#other", Input).focus()
        await pilot.pause()
        blurred_style = first_style(row_list, 1)
        assert focused_style != blurred_style
        assert first_style(row_list, 2) != blurred_style


async def test_theme_change_restyles_rows() -> None:
    app = ListApp(ItemSource(20))
    async with app.run_test(size=(80, 24)) as pilot:
        row_list = app.query_one(RowList)
        await pilot.pause()
        before = first_style(row_list, 2)
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        await pilot.pause()
        assert first_style(row_list, 2) != before


def test_bindings_have_ids_and_descriptions() -> None:
    bindings = [binding for binding in RowList.BINDINGS if not isinstance(binding, tuple)]
    ids = {binding.id for binding in bindings}
    assert {"row_list.up", "row_list.down", "row_list.select", "row_list.last"} <= ids
    assert all(binding.description for binding in bindings)
    keys = ",".join(binding.key for binding in bindings)
    assert "space" not in keys


@pytest.mark.parametrize(
    ("width", "expected"),
    [(80, [7, 55, 16]), (30, [7, 5, 16]), (26, [7, 3, 16])],
)
def test_layout_gives_flex_columns_the_rest(width: int, expected: list[int]) -> None:
    assert layout_columns(COLUMNS, width) == expected


def test_layout_shares_width_between_flex_columns() -> None:
    columns = [Column("a", "A"), Column("b", "B", width=4), Column("c", "C")]
    assert layout_columns(columns, 20) == [7, 4, 7]
    assert layout_columns(columns, 21) == [8, 4, 7]


def test_fit_cell_measures_cells_not_characters() -> None:
    assert fit_cell("abc", 5, "right") == "  abc"
    assert fit_cell("abcdef", 4) == "abc…"
    assert fit_cell("日本語", 4) == "日 …"
    assert fit_cell("日本", 4) == "日本"
    assert fit_cell("anything", 1) == "…"
    assert fit_cell("x", 0) == ""


class BindingApp(ListApp):
    BINDINGS = [("left", "record('left')", "Prev"), ("right", "record('right')", "Next")]

    def __init__(self, source: ItemSource) -> None:
        super().__init__(source)
        self.recorded: list[str] = []

    def action_record(self, key: str) -> None:
        self.recorded.append(key)


async def test_left_and_right_reach_the_screen_while_the_list_has_focus() -> None:
    app = BindingApp(ItemSource(ROWS))
    async with app.run_test(size=(80, 24)) as pilot:
        row_list = app.query_one(RowList)
        await pilot.pause()
        assert row_list.has_focus
        await pilot.press("left", "right")
        assert app.recorded == ["left", "right"]
        assert row_list.cursor_index == 0
