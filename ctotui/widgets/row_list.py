"""A virtualised list of rows for data sets far larger than the screen.

Textual's DataTable, OptionList and ListView build state for every row, which
freezes the app at 100,000 rows. RowList keeps only a count, renders just the
visible lines with the Line API, reads rows from a paged source on demand and
caches a few pages plus the rendered strips, so a key press costs O(visible rows).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Generic, Literal, Protocol, TypeVar, runtime_checkable

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.theme import Theme
from textual.timer import Timer

from ctotui.sanitize import clean_line
from ctotui.widgets.bounded_cache import BoundedCache

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
R = TypeVar("R")

CELL_STYLES: frozenset[str] = frozenset({"dim", "strong", "alert", "warn", "ok", "accent"})
"""The cell styles a row renderer may ask for; each maps to a component class."""

_ELLIPSIS = "…"
_HEADER_LINES = 1
_PAGE_CACHE_SIZE = 8
_PREPARED_SOURCES = 4
_STRIP_CACHE_SIZE = 512
WARM_DELAY = 0.1
"""Seconds the list rests before it reads and renders the rows one key away (see `warm`)."""


@dataclass(frozen=True)
class Column:
    """One column: fixed `width` in cells, or None to share the remaining width."""

    key: str
    title: str
    width: int | None = None
    min_width: int = 3
    align: Literal["left", "right"] = "left"


@dataclass(frozen=True)
class Cell:
    """One cell's untrusted text and an optional style name from CELL_STYLES."""

    text: str
    style: str = ""


class RowSource(Protocol[T_co]):
    """Where rows come from: a count and random access by pages."""

    def count(self) -> int:
        """Total number of rows."""
        ...

    def fetch(self, offset: int, limit: int) -> Sequence[T_co]:
        """Up to `limit` rows starting at `offset`."""
        ...


@runtime_checkable
class AnchoredSource(RowSource[T_co], Protocol):
    """A RowSource that reads a page faster knowing the row next to it (keyset paging)."""

    def fetch_beside(
        self, offset: int, limit: int, anchor: object, *, before: bool
    ) -> Sequence[T_co]:
        """Rows `offset`.. like `fetch`; `anchor` is the row just before `offset`,
        or with `before` the row just after the last one asked for."""
        ...


@dataclass
class _Prepared(Generic[T]):
    """A source read and rendered ahead (or set aside), ready for `set_source`."""

    source: RowSource[T]
    count: int
    pages: BoundedCache[int, Sequence[T]]
    strips: BoundedCache[tuple[int, int, bool, bool], Strip]


def layout_columns(columns: Sequence[Column], width: int) -> list[int]:
    """Cell widths for `columns` in `width` cells (one space between columns).

    Fixed columns keep their width; flex columns share what is left evenly, the
    leftmost taking the remainder, and never shrink below their min_width (the
    line is then cropped on the right instead).
    """
    separators = max(len(columns) - 1, 0)
    fixed = sum(column.width for column in columns if column.width is not None)
    flex = [index for index, column in enumerate(columns) if column.width is None]
    widths = [column.width if column.width is not None else 0 for column in columns]
    if flex:
        available = max(width - fixed - separators, 0)
        share, extra = divmod(available, len(flex))
        for position, index in enumerate(flex):
            wanted = share + (1 if position < extra else 0)
            widths[index] = max(wanted, columns[index].min_width)
    return [max(value, 0) for value in widths]


def fit_cell(text: str, width: int, align: Literal["left", "right"] = "left") -> str:
    """`text` truncated with an ellipsis or padded to exactly `width` cells."""
    if width <= 0:
        return ""
    length = cell_len(text)
    if length > width:
        return set_cell_size(text, width - 1) + _ELLIPSIS
    padding = " " * (width - length)
    return padding + text if align == "right" else text + padding


class RowList(ScrollView, Generic[T], can_focus=True, inherit_bindings=False):
    """A keyboard-driven list over a paged RowSource with a sticky header line.

    Virtual line 0 is the header's slot and row `i` lives on virtual line `i + 1`;
    the header is painted over the top line whatever the scroll position.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "row-list--header",
        "row-list--cursor",
        "row-list--dim",
        "row-list--strong",
        "row-list--alert",
        "row-list--warn",
        "row-list--ok",
        "row-list--accent",
        "row-list--empty",
    }

    DEFAULT_CSS = """
    RowList {
        width: 1fr;
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        background: $surface;
        color: $foreground;
        & > .row-list--header {
            background: $panel;
            color: $foreground;
            text-style: bold;
        }
        &:ansi > .row-list--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .row-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .row-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .row-list--dim { color: $text-muted; }
        & > .row-list--strong { text-style: bold; }
        & > .row-list--alert { color: $text-error; text-style: bold; }
        & > .row-list--warn { color: $text-warning; }
        & > .row-list--ok { color: $text-success; }
        & > .row-list--accent { color: $text-accent; }
        & > .row-list--empty { color: $text-muted; text-style: italic; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False, id="row_list.up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="row_list.down"),
        Binding("pageup,ctrl+b", "page_up", "Page up", show=False, id="row_list.page_up"),
        Binding("pagedown,ctrl+f", "page_down", "Page down", show=False, id="row_list.page_down"),
        Binding("home,g", "first", "First", show=False, id="row_list.first"),
        Binding("end,G", "last", "Last", show=False, id="row_list.last"),
        Binding("enter", "select", "Open", id="row_list.select"),
    ]

    cursor_index: reactive[int] = reactive(0, repaint=False, init=False)
    """Index of the highlighted row (0 when the list is empty)."""

    class Highlighted(Message, Generic[R]):
        """The cursor moved to a row (also sent when a new source has rows).

        `by_key` is True when one of the list's own keys moved it: a key that may
        repeat, so a costly reaction (a preview) can wait until the cursor rests.
        """

        def __init__(self, row_list: RowList[R], index: int, row: R, by_key: bool = False) -> None:
            super().__init__()
            self.row_list = row_list
            self.index = index
            self.row = row
            self.by_key = by_key

        @property
        def control(self) -> RowList[R]:
            """The list that sent the message, for `@on(..., selector)`."""
            return self.row_list

    class Selected(Message, Generic[R]):
        """The user chose a row with enter or a click."""

        def __init__(self, row_list: RowList[R], index: int, row: R) -> None:
            super().__init__()
            self.row_list = row_list
            self.index = index
            self.row = row

        @property
        def control(self) -> RowList[R]:
            """The list that sent the message, for `@on(..., selector)`."""
            return self.row_list

    def __init__(
        self,
        columns: Sequence[Column],
        source: RowSource[T],
        render_row: Callable[[T], Sequence[Cell]],
        *,
        empty_text: str = "Nothing here.",
        page_size: int = 200,
        warm: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        self._columns = tuple(columns)
        self._source = source
        self._render_row = render_row
        self._empty_text = empty_text
        self._page_size = page_size
        self._row_count = 0
        self._pages: BoundedCache[int, Sequence[T]] = BoundedCache(_PAGE_CACHE_SIZE)
        self._strips: BoundedCache[tuple[int, int, bool, bool], Strip] = BoundedCache(
            _STRIP_CACHE_SIZE
        )
        self._header_strips: BoundedCache[int, Strip] = BoundedCache(4)
        self._layouts: dict[int, list[int]] = {}
        self._styles: dict[tuple[bool, bool, str], Style] = {}
        self._moving_by_key = False
        self._warm = warm
        self._warm_timer: Timer | None = None
        self._prepared: dict[int, _Prepared[T]] = {}

    # -- public API ---------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """Number of rows as counted at the last mount, set_source or reload."""
        return self._row_count

    @property
    def current_row(self) -> T | None:
        """The row under the cursor, or None when the list is empty."""
        if not self._row_count:
            return None
        return self._row_at(self.cursor_index)

    def set_source(
        self, source: RowSource[T], *, keep_cursor: bool = False, by_key: bool = False
    ) -> None:
        """Show a different data set (a new filter): cursor to 0, or kept and clamped.

        `by_key` marks the Highlighted it sends as a key's (see `Highlighted`): a
        key that flips through data sets may repeat like a cursor key. A source
        given to `prepare` (or shown before) paints from what was read then.
        """
        if keep_cursor:  # the same view re-read: what was prepared is out of date
            self._prepared.clear()
        else:
            self._set_aside()
        prepared = self._prepared.pop(id(source), None)
        self._source = source
        index = self.cursor_index if keep_cursor else 0
        if prepared is not None and prepared.source is source:
            self._row_count = prepared.count
            self._pages, self._strips = prepared.pages, prepared.strips
            self._update_virtual_size()
        else:
            self._recount()
        self.set_reactive(RowList.cursor_index, self.validate_cursor_index(index))
        if self.is_mounted and not keep_cursor:
            self.scroll_to(y=0, animate=False)
        self._scroll_to_cursor()
        self.refresh()
        if self.is_mounted:
            self._moving_by_key = by_key
            try:
                self._post_highlighted()
            finally:
                self._moving_by_key = False
        self._warm_soon()

    def reload(self) -> None:
        """Re-read the same source after its data changed, keeping the cursor index."""
        self._prepared.clear()
        before = self.current_row
        self._recount()
        index = self.validate_cursor_index(self.cursor_index)
        self.set_reactive(RowList.cursor_index, index)
        self._scroll_to_cursor()
        self.refresh()
        if self.is_mounted and self.current_row != before:
            self._post_highlighted()
        self._warm_soon()

    def prepare(self, source: RowSource[T]) -> None:
        """Count, read and render the first screen of `source` now, for a later `set_source`.

        Called while the user rests (a neighbouring split, say), so switching to
        it paints lines already rendered. Up to a few sources are kept; a style
        change, a reload or a re-read of the current view drops them.
        """
        if not self.is_mounted or source is self._source or self.is_prepared(source):
            return
        count = max(source.count(), 0)
        pages: BoundedCache[int, Sequence[T]] = BoundedCache(_PAGE_CACHE_SIZE)
        strips: BoundedCache[tuple[int, int, bool, bool], Strip] = BoundedCache(_STRIP_CACHE_SIZE)
        rows = source.fetch(0, self._page_size) if count else []
        pages.set(0, rows)
        width, focused = self.scrollable_content_region.width, self.has_focus
        for index, row in enumerate(rows[: self._page_height()]):
            strips.set((index, width, not index, focused), self._strip_of(row, width, not index))
        self._keep_prepared(_Prepared(source, count, pages, strips))

    def is_prepared(self, source: RowSource[T]) -> bool:
        """Whether `set_source(source)` would paint from rows read ahead."""
        prepared = self._prepared.get(id(source))
        return prepared is not None and prepared.source is source

    def move_cursor(self, index: int) -> None:
        """Put the cursor on `index` (clamped) and scroll so it is visible."""
        self.cursor_index = index
        self._scroll_to_cursor()

    # -- reactive -----------------------------------------------------------------

    def validate_cursor_index(self, index: int) -> int:
        """Keep the cursor on an existing row."""
        return min(max(index, 0), max(self._row_count - 1, 0))

    def watch_cursor_index(self, old: int, new: int) -> None:
        """Repaint only the two rows that changed, then announce the new row."""
        self.refresh_line(old + _HEADER_LINES)
        self.refresh_line(new + _HEADER_LINES)
        self._scroll_to_cursor()
        self._post_highlighted()

    # -- actions ------------------------------------------------------------------

    def _key_move(self, index: int) -> None:
        """Move the cursor for one of the list's keys (its Highlighted says `by_key`)."""
        self._moving_by_key = True
        try:
            self.move_cursor(index)
        finally:
            self._moving_by_key = False
        self._warm_soon()

    def action_cursor_up(self) -> None:
        """Move up one row."""
        self._key_move(self.cursor_index - 1)

    def action_cursor_down(self) -> None:
        """Move down one row."""
        self._key_move(self.cursor_index + 1)

    def action_page_up(self) -> None:
        """Scroll a page up, keeping the cursor at the same place on screen."""
        page = self._page_height()
        self.scroll_to(y=max(self.scroll_offset.y - page, 0), animate=False)
        self._key_move(self.cursor_index - page)

    def action_page_down(self) -> None:
        """Scroll a page down, keeping the cursor at the same place on screen."""
        page = self._page_height()
        self.scroll_to(y=min(self.scroll_offset.y + page, self.max_scroll_y), animate=False)
        self._key_move(self.cursor_index + page)

    def action_first(self) -> None:
        """Jump to the first row."""
        self._key_move(0)

    def action_last(self) -> None:
        """Jump to the last row."""
        self._key_move(self._row_count - 1)

    def action_select(self) -> None:
        """Choose the row under the cursor."""
        row = self.current_row
        if row is not None:
            self.post_message(self.Selected(self, self.cursor_index, row))

    # -- events -------------------------------------------------------------------

    def on_mount(self) -> None:
        """Count the rows once the widget exists, and announce the first row."""
        self.app.theme_changed_signal.subscribe(self, self._on_theme_changed)
        self._recount()
        self.set_reactive(RowList.cursor_index, self.validate_cursor_index(self.cursor_index))
        self._scroll_to_cursor()
        self._post_highlighted()
        self._warm_soon()

    def _on_resize(self, event: events.Resize) -> None:
        """A new width changes every line; a new height may hide the cursor."""
        self._clear_render_caches()
        self._scroll_to_cursor()
        self._warm_soon()

    async def _on_click(self, event: events.Click) -> None:
        """A click on a row moves the cursor there and selects it."""
        offset = event.get_content_offset(self)
        if offset is None or offset.y < _HEADER_LINES:
            return
        index = self.scroll_offset.y + offset.y - _HEADER_LINES
        if 0 <= index < self._row_count:
            event.stop()
            self.move_cursor(index)
            self.action_select()

    def notify_style_update(self) -> None:
        """Focus, theme and CSS changes restyle every cached line."""
        super().notify_style_update()
        self._clear_render_caches()

    def _on_theme_changed(self, _theme: Theme) -> None:
        self._clear_render_caches()
        self.refresh()

    # -- rendering ----------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """The header on line 0, otherwise the row scrolled into line `y`."""
        width = self.scrollable_content_region.width
        if y < _HEADER_LINES:
            return self._header_strip(width)
        if not self._row_count:
            if y == _HEADER_LINES:
                return self._empty_strip(width)
            return Strip.blank(width, self.get_visual_style().rich_style)
        index = self.scroll_offset.y + y - _HEADER_LINES
        if index >= self._row_count:
            return Strip.blank(width, self.get_visual_style().rich_style)
        is_cursor = index == self.cursor_index
        key = (index, width, is_cursor, self.has_focus)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._row_strip(index, width, is_cursor)
            self._strips.set(key, strip)
        return strip

    def _row_strip(self, index: int, width: int, is_cursor: bool) -> Strip:
        row = self._row_at(index)
        if row is None:
            return Strip.blank(width, self._cell_style(is_cursor, ""))
        return self._strip_of(row, width, is_cursor)

    def _strip_of(self, row: T, width: int, is_cursor: bool) -> Strip:
        row_style = self._cell_style(is_cursor, "")
        cells = self._render_row(row)
        segments: list[Segment] = []
        widths = self._column_widths(width)
        for position, (column, cell_width) in enumerate(zip(self._columns, widths, strict=True)):
            if position:
                segments.append(Segment(" ", row_style))
            cell = cells[position] if position < len(cells) else Cell("")
            text = fit_cell(clean_line(cell.text), cell_width, column.align)
            segments.append(Segment(text, self._cell_style(is_cursor, cell.style)))
        return Strip(segments).adjust_cell_length(width, row_style).simplify()

    def _cell_style(self, is_cursor: bool, name: str) -> Style:
        """The row style plus the cell's own; on the cursor row only its attributes.

        Resolved once per style change (the cache is cleared with the strips),
        not once per cell: a page of new rows would otherwise resolve ~200.
        """
        key = (self.has_focus, is_cursor, name if name in CELL_STYLES else "")
        style = self._styles.get(key)
        if style is None:
            visual = self.get_visual_style("row-list--cursor") if is_cursor else None
            row_style = (visual or self.get_visual_style()).rich_style
            style = row_style
            if key[2]:
                extra = self.get_component_rich_style(f"row-list--{name}", partial=True)
                style = row_style + (extra.without_color if is_cursor else extra)
            self._styles[key] = style
        return style

    def _header_strip(self, width: int) -> Strip:
        strip = self._header_strips.get(width)
        if strip is None:
            style = self.get_visual_style("row-list--header").rich_style
            widths = self._column_widths(width)
            titles = [
                fit_cell(clean_line(column.title), cell_width, column.align)
                for column, cell_width in zip(self._columns, widths, strict=True)
            ]
            strip = Strip([Segment(" ".join(titles), style)])
            strip = strip.adjust_cell_length(width, style)
            self._header_strips.set(width, strip)
        return strip

    def _empty_strip(self, width: int) -> Strip:
        style = self.get_visual_style("row-list--empty").rich_style
        text = fit_cell(clean_line(self._empty_text), width)
        text = text.rstrip()
        indent = max((width - cell_len(text)) // 2, 0)
        return Strip([Segment(" " * indent + text, style)]).adjust_cell_length(width, style)

    # -- data ---------------------------------------------------------------------

    def _row_at(self, index: int) -> T | None:
        """Row `index`, fetching its page when it is not cached."""
        page_number, offset = divmod(index, self._page_size)
        page = self._pages.get(page_number)
        if page is None:
            page = self._read_page(page_number)
            self._pages.set(page_number, page)
        return page[offset] if offset < len(page) else None

    def _read_page(self, number: int) -> Sequence[T]:
        """Page `number`: by key from a cached neighbour when the source can, else by offset."""
        size = self._page_size
        offset = number * size
        source = self._source
        if isinstance(source, AnchoredSource):
            previous = self._pages.get(number - 1) if number else None
            if previous is not None and len(previous) == size:
                return source.fetch_beside(offset, size, previous[-1], before=False)
            following = self._pages.get(number + 1)
            if following:
                return source.fetch_beside(offset, size, following[0], before=True)
        return source.fetch(offset, size)

    # -- warming ------------------------------------------------------------------

    def _warm_soon(self) -> None:
        """Warm the caches once the cursor rests WARM_DELAY seconds (each move restarts it)."""
        if not self._warm or not self.is_mounted:
            return
        if self._warm_timer is not None:
            self._warm_timer.stop()
        self._warm_timer = self.set_timer(WARM_DELAY, self.warm)

    def warm(self) -> None:
        """Read and render now the rows one key away: a page up or down, the first and last.

        A key then only paints lines already rendered from rows already read,
        so paging and jumping through 100k rows cost what a short list does;
        the reading happens while the user looks at the screen.
        """
        self._warm_timer = None
        if not self._row_count or not self.is_mounted:
            return
        width = self.scrollable_content_region.width
        height = self._page_height()
        top = self.scroll_offset.y
        focused = self.has_focus
        for start in (top, top + height, top - height, self._row_count - height, 0):
            for index in range(max(start, 0), min(start + height, self._row_count)):
                key = (index, width, False, focused)
                if self._strips.get(key) is None:
                    self._strips.set(key, self._row_strip(index, width, False))

    def _recount(self) -> None:
        self._row_count = max(self._source.count(), 0)
        # New caches, not cleared ones: the old may be set aside for a switch back.
        self._pages = BoundedCache(_PAGE_CACHE_SIZE)
        self._strips = BoundedCache(_STRIP_CACHE_SIZE)
        self._update_virtual_size()

    def _update_virtual_size(self) -> None:
        """A new row count changes the scroll range, never the list's place on screen.

        So no layout of the whole screen (the reactive's default, ~5 ms with
        every widget on it): the scrollbars are updated here, and one showing
        or hiding asks for the layout it needs itself.
        """
        lines = max(self._row_count, 1) + _HEADER_LINES
        virtual_size = Size(0, lines)
        if virtual_size != self.virtual_size:
            self.set_reactive(RowList.virtual_size, virtual_size)
            if self.is_mounted:
                self._scroll_update(virtual_size)
                self.refresh()

    def _set_aside(self) -> None:
        """Keep the current source's rows and lines, for a switch back to it."""
        if self.is_mounted:
            self._keep_prepared(_Prepared(self._source, self._row_count, self._pages, self._strips))

    def _keep_prepared(self, prepared: _Prepared[T]) -> None:
        self._prepared.pop(id(prepared.source), None)
        self._prepared[id(prepared.source)] = prepared
        while len(self._prepared) > _PREPARED_SOURCES:
            del self._prepared[next(iter(self._prepared))]

    def _clear_render_caches(self) -> None:
        self._prepared.clear()
        self._strips.clear()
        self._header_strips.clear()
        self._layouts.clear()
        self._styles.clear()

    def _column_widths(self, width: int) -> list[int]:
        widths = self._layouts.get(width)
        if widths is None:
            widths = self._layouts[width] = layout_columns(self._columns, width)
        return widths

    def _page_height(self) -> int:
        """Rows visible below the header: the distance of a page move."""
        return max(self.scrollable_content_region.height - _HEADER_LINES, 1)

    def _scroll_to_cursor(self) -> None:
        """Scroll the least distance that shows the cursor row below the header."""
        if not self.is_mounted or not self._row_count:
            return
        region = Region(0, self.cursor_index + _HEADER_LINES, 1, 1)
        self.scroll_to_region(
            region,
            spacing=Spacing(_HEADER_LINES, 0, 0, 0),
            animate=False,
            force=True,
            x_axis=False,
            immediate=True,
        )

    def _post_highlighted(self) -> None:
        row = self.current_row
        if row is not None:
            self.post_message(
                self.Highlighted(self, self.cursor_index, row, by_key=self._moving_by_key)
            )
