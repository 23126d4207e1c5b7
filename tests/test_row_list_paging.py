"""RowList paging paths: by key beside a cached page, by offset otherwise, and warming at rest.

The source here sorts rows by a key with long runs of equal values (ties broken
by number), as the inbox sorts by date and id, so a keyset page that skipped
or repeated a tied row would show up as a wrong row on screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.app import App, ComposeResult
from textual.widgets import Input

from ctotui.widgets.row_list import WARM_DELAY, AnchoredSource, Cell, Column, RowList

ROWS = 20_000
PAGE = 50
SIZE = (80, 24)  # 22 rows below the header


@dataclass(frozen=True)
class Row:
    number: int
    key: int  # sort key with many ties: rows are ordered by (key, number)


class KeyedSource:
    """Rows ordered by (key, number); serves pages by offset or by a neighbour's key."""

    def __init__(self, total: int, *, keep: int = 1) -> None:
        self.rows = [Row(n, n // 7) for n in range(total) if n % keep == 0]
        self.calls: list[tuple[str, int]] = []

    def count(self) -> int:
        return len(self.rows)

    def fetch(self, offset: int, limit: int) -> Sequence[Row]:
        self.calls.append(("offset", offset))
        return self.rows[offset : offset + limit]

    def fetch_beside(
        self, offset: int, limit: int, anchor: object, *, before: bool
    ) -> Sequence[Row]:
        assert isinstance(anchor, Row)
        self.calls.append(("before" if before else "after", offset))
        sort = (anchor.key, anchor.number)
        if before:
            earlier = [r for r in self.rows if (r.key, r.number) < sort]
            return earlier[-limit:]
        return [r for r in self.rows if (r.key, r.number) > sort][:limit]


class ListApp(App[None]):
    def __init__(self, source: KeyedSource, *, warm: bool = False) -> None:
        super().__init__()
        self.source = source
        self.warm = warm
        self.rendered: list[int] = []

    def render_row(self, row: Row) -> Sequence[Cell]:
        self.rendered.append(row.number)
        return [Cell(str(row.number)), Cell(f"key {row.key}")]

    def compose(self) -> ComposeResult:
        columns = [Column("number", "#", width=7, align="right"), Column("key", "Key")]
        yield RowList(columns, self.source, self.render_row, page_size=PAGE, warm=self.warm)
        yield Input()


def shown(row_list: RowList[Row]) -> list[int]:
    """Row numbers on screen, read from the rendered lines."""
    height = row_list.scrollable_content_region.height
    lines = [row_list.render_line(y).text for y in range(1, height)]
    return [int(line.split()[0]) for line in lines if line.strip()]


def expected(source: KeyedSource, row_list: RowList[Row]) -> list[int]:
    top = row_list.scroll_offset.y
    height = row_list.scrollable_content_region.height - 1
    return [r.number for r in source.rows[top : top + height]]


def test_the_keyed_source_is_an_anchored_source() -> None:
    assert isinstance(KeyedSource(10), AnchoredSource)


async def test_paging_down_reads_each_next_page_by_key_and_shows_the_right_rows() -> None:
    source = KeyedSource(ROWS)
    app = ListApp(source)
    async with app.run_test(size=SIZE) as pilot:
        row_list = app.query_one(RowList)
        await pilot.pause()
        assert shown(row_list) == expected(source, row_list)
        for _ in range(12):
            await pilot.press("pagedown")
            assert shown(row_list) == expected(source, row_list)
            assert row_list.current_row == source.rows[row_list.cursor_index]
        kinds = [kind for kind, _ in source.calls]
        assert kinds[0] == "offset" and set(kinds[1:]) == {"after"}


async def test_end_reads_only_the_last_pages_then_paging_up_goes_by_key() -> None:
    source = KeyedSource(ROWS)
    app = ListApp(source)
    async with app.run_test(size=SIZE) as pilot:
        row_list = app.query_one(RowList)
        await pilot.pause()
        source.calls.clear()
        await pilot.press("end")
        assert row_list.cursor_index == ROWS - 1
        assert shown(row_list)[-1] == ROWS - 1
        assert shown(row_list) == expected(source, row_list)
        assert {kind for kind, _ in source.calls} <= {"offset", "before"}
        assert all(offset >= ROWS - 2 * PAGE for _, offset in source.calls)
        source.calls.clear()
        for _ in range(8):
            await pilot.press("pageup")
            assert shown(row_list) == expected(source, row_list)
        assert {kind for kind, _ in source.calls} == {"before"}
        await pilot.press("home")
        assert shown(row_list)[0] == 0


async def test_resize_keeps_rows_and_cursor_right_on_a_deep_page() -> None:
    source = KeyedSource(ROWS)
    app = ListApp(source)
    async with app.run_test(size=SIZE) as pilot:
        row_list = app.query_one(RowList)
        await pilot.pause()
        for _ in range(6):
            await pilot.press("pagedown")
        cursor = row_list.cursor_index
        await pilot.resize_terminal(100, 14)
        await pilot.pause()
        assert row_list.cursor_index == cursor
        assert shown(row_list) == expected(source, row_list)
        assert cursor in shown(row_list)
        await pilot.resize_terminal(80, 40)
        await pilot.pause()
        assert shown(row_list) == expected(source, row_list)
        await pilot.press("pagedown")
        assert shown(row_list) == expected(source, row_list)


async def test_filter_while_scrolled_reads_the_new_rows_not_the_old_pages() -> None:
    source = KeyedSource(ROWS)
    app = ListApp(source)
    async with app.run_test(size=SIZE) as pilot:
        row_list = app.query_one(RowList)
        await pilot.pause()
        for _ in range(9):
            await pilot.press("pagedown")
        narrower = KeyedSource(ROWS, keep=3)
        row_list.set_source(narrower, keep_cursor=True)
        await pilot.pause()
        assert row_list.row_count == len(narrower.rows)
        assert row_list.current_row == narrower.rows[row_list.cursor_index]
        assert shown(row_list) == expected(narrower, row_list)
        await pilot.press("pagedown", "pagedown")
        assert shown(row_list) == expected(narrower, row_list)
        tiny = KeyedSource(5)
        row_list.set_source(tiny, keep_cursor=True)
        await pilot.pause()
        assert row_list.cursor_index == 4
        assert shown(row_list) == [0, 1, 2, 3, 4]


async def test_a_resting_list_renders_the_next_page_before_the_key() -> None:
    source = KeyedSource(ROWS)
    app = ListApp(source, warm=True)
    async with app.run_test(size=SIZE) as pilot:
        row_list = app.query_one(RowList)
        await pilot.pause(WARM_DELAY * 3)
        app.rendered.clear()
        await pilot.press("pagedown")
        assert shown(row_list) == expected(source, row_list)
        # Of the rows now on screen only the cursor's was drawn on the key: the
        # rest was ready (a slow machine may warm the next screen meanwhile).
        on_screen = set(shown(row_list)) - {row_list.cursor_index}
        assert row_list.cursor_index in app.rendered
        assert not on_screen & set(app.rendered)
        await pilot.pause(WARM_DELAY * 3)
        assert any(offset >= ROWS - PAGE for _, offset in source.calls)  # the last page, read ahead
        app.rendered.clear()
        await pilot.press("end")
        assert shown(row_list)[-1] == ROWS - 1
        assert not (set(shown(row_list)) - {ROWS - 1}) & set(app.rendered)


async def test_without_warming_nothing_is_read_ahead() -> None:
    source = KeyedSource(ROWS)
    app = ListApp(source)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(WARM_DELAY * 3)
        assert source.calls == [("offset", 0)]
