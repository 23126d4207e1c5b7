"""Inbox: mail and chat from every source in one ranked queue, with one-key verbs.

The list is a virtualised RowList over a paged store query, so it stays fast
at 100k messages. Every verb changes the store at once (so the screen updates
at once), goes to the outbox when the source can apply it, and can be undone
with `z`. The verbs themselves live in `InboxVerbs`; this module is the
screen: splits, list, detail, selection and search.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.events import Key, Resize
from textual.timer import Timer
from textual.widgets import Input, Static

from ctotui.errors import CtotuiError
from ctotui.humanize import age
from ctotui.model import ActionKind, Message, MessageKind, OutboxAction, TriageState
from ctotui.sanitize import clean_line
from ctotui.screens.base import PanelScreen
from ctotui.screens.inbox_compose import FORWARD, REPLY, REPLY_ALL, can_compose
from ctotui.screens.inbox_detail import detail_text, entry_text
from ctotui.screens.inbox_verbs import InboxVerbs
from ctotui.screens.inbox_views import (
    QUERY,
    SEARCH,
    InboxView,
    ListRows,
    MessageRows,
    Row,
    build_views,
    radar_finder,
    row_message,
    view_rows,
)
from ctotui.search_query import parse_query
from ctotui.store import IMPORTANT_THRESHOLD, InboxSplit, MessageQuery
from ctotui.triage import score_with_config
from ctotui.widgets.row_list import Cell, Column, RowList

NARROW_WIDTH = 100

COLUMNS = (
    Column("mark", "", width=2),
    Column("from", "From", width=18),
    Column("subject", "Subject"),
    Column("why", "Why", width=16),
    Column("age", "Age", width=4, align="right"),
)
COMPOSE_ACTIONS = {"reply": REPLY, "reply_all": REPLY_ALL, "forward": FORWARD}
PREVIEW_DELAY = 0.1
"""Seconds the cursor rests on a row before the preview pane shows it.

Moving through the list (a held key repeats ~30 times a second) repaints only
the two rows that changed; the preview, the costly part (wrapping a whole
message and re-laying out the pane), follows once the cursor stops.
"""


PAGE_SIZE = 64
"""Rows read per page: a screen and a half, so a page read stays a few milliseconds."""


def _why(reasons: tuple[str, ...]) -> str:
    """The list's one-word reason: bulk says so first, else the strongest rule."""
    if any(r.startswith("bulk") for r in reasons):
        return "bulk"
    return reasons[0] if reasons else ""


def _hidden(key: str, action: str, description: str, id_: str, tooltip: str) -> Binding:
    return Binding(key, action, description, show=False, id=id_, tooltip=tooltip)


class InboxScreen(InboxVerbs, PanelScreen):
    """The triage queue: splits, a list, the selected message, and verbs."""

    CSS_PATH = "inbox.tcss"
    TITLE = "Inbox"
    BINDINGS = [
        Binding("left,h", "split(-1)", "Prev", id="inbox.prev_split", tooltip="Previous split"),
        Binding("right,l", "split(1)", "Next", id="inbox.next_split", tooltip="Next split"),
        Binding("e,d", "done", "Done", id="inbox.done", tooltip="Done: archive, leaves the queue"),
        Binding("b", "snooze", "Snooze", id="inbox.snooze", tooltip="Hide until a chosen time"),
        Binding("s", "toggle_flag", "Star", id="inbox.flag", tooltip="Star / flag"),
        Binding("r", "toggle_read", "Read/unread", id="inbox.read", tooltip="Toggle read / unread"),
        Binding("a", "reply", "Reply", id="inbox.reply", tooltip="Reply in $EDITOR"),
        Binding("t", "todo", "To-do", id="inbox.todo", tooltip="A to-do linked to the message"),
        Binding("z,u", "undo", "Undo", id="inbox.undo", tooltip="Undo the last verb"),
        Binding("slash", "search", "Search", id="inbox.search", tooltip="Search with operators"),
        _hidden("A", "reply_all", "Reply all", "inbox.reply_all", "Reply to everyone"),
        _hidden("f", "forward", "Forward", "inbox.forward", "Forward in $EDITOR"),
        _hidden("plus", "react", "React", "inbox.react", "Acknowledge with a reaction (chat)"),
        _hidden(
            "o", "links", "Links", "inbox.links", "The message's links, each shown before it opens"
        ),
        _hidden("y", "copy_link", "Copy link", "inbox.copy_link", "Copy the message's web link"),
        _hidden("Y", "copy_id", "Copy Message-ID", "inbox.copy_id", "Copy the Message-ID"),
        _hidden("space,x", "select", "Select", "inbox.select", "Select for a bulk verb"),
        _hidden("E", "bulk_done", "Done: all", "inbox.bulk_done", "Selection or whole split"),
        _hidden("escape", "clear", "Clear", "inbox.clear", "Clear the search or selection"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.views: tuple[InboxView, ...] = ()
        self.view_index = 0
        self.search_text = ""
        self.selected: dict[tuple[str, str], int] = {}
        self.failures: dict[tuple[str, str], list[OutboxAction]] = {}
        self._compose_offer: tuple[bool, ...] = ()
        self._counts: dict[int, int] = {}
        self._view_sources: dict[int, MessageRows | ListRows] = {}
        self._progress = (0, 0)
        self._shown_row: Row | None = None
        self._preview_timer: Timer | None = None
        self.init_verbs()

    def compose_body(self) -> ComposeResult:
        self.views = build_views(self.cto.config, with_radar=radar_finder() is not None)
        yield Static(id="inbox-splits")
        yield Static(id="inbox-progress")
        yield Input(
            placeholder="Search: words, from:, to:, subject:, is:unread, has:attachment, "
            "before:/after:YYYY-MM-DD (enter applies, escape clears)",
            id="inbox-search",
        )
        with Horizontal(id="inbox-body"):
            yield RowList(
                COLUMNS,
                ListRows([]),
                self._render_row,
                empty_text="Nothing here. Inbox zero for this split.",
                page_size=PAGE_SIZE,
                warm=True,
                id="inbox-list",
            )
            with VerticalScroll(id="inbox-detail"):
                yield Static(id="inbox-message")

    # the current view -------------------------------------------------------

    @property
    def view(self) -> InboxView:
        if self.search_text:
            return InboxView("Search", kind=SEARCH)
        return self.views[self.view_index]

    @property
    def rows(self) -> RowList[Row]:
        return self.query_one("#inbox-list", RowList)

    def current_message(self) -> Message | None:
        return row_message(self.rows.current_row)

    def view_message_ids(self) -> list[int]:
        """Every message of the current view, in order (for done on the whole split)."""
        source = self._source()
        if isinstance(source, MessageRows):
            return self.cto.store.message_ids(source.query)
        messages = [row_message(row) for row in source.rows]
        return [m.id for m in messages if m is not None and m.id is not None]

    def _source(self) -> MessageRows | ListRows:
        """The current view's rows: the split's as counted at the last refresh, or a search."""
        if not self.search_text:
            counted = self._view_sources.get(self.view_index)
            if counted is not None:
                return counted
        now = self.cto.clock.now()
        return view_rows(self.view, self.cto.store, self.cto.config, now, self.search_text)

    def on_mount(self) -> None:
        super().on_mount()
        self.rows.focus()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")

    def refresh_data(self) -> None:
        store, now = self.cto.store, self.cto.clock.now()
        store.wake_replied_snoozes(now)
        self.failures = {}
        for action in store.failed_actions():
            self.failures.setdefault((action.source, action.target), []).append(action)
        self._recount(now)
        self._update_bars()
        self.rows.set_source(self._source(), keep_cursor=True)
        self._show(self.rows.current_row)
        self.set_timer(PREVIEW_DELAY, self._prepare_neighbours)

    def _recount(self, now: datetime) -> None:
        """Count every split once per change of the data; switching splits reuses the counts."""
        store = self.cto.store
        self._view_sources, self._counts = {}, {}
        for index, view in enumerate(self.views):
            source = view_rows(view, store, self.cto.config, now)
            count = source.count()
            if isinstance(source, MessageRows):
                source = dataclasses.replace(source, known=count)
            self._view_sources[index], self._counts[index] = source, count
        midnight = now.astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
        important = next(
            (
                self._counts[index]
                for index, view in enumerate(self.views)
                if view.kind == QUERY and view.split is InboxSplit.IMPORTANT and not view.text
            ),
            None,
        )
        if important is None:
            important = store.count_messages(MessageQuery(split=InboxSplit.IMPORTANT, now=now))
        self._progress = (important, store.done_since(midnight))

    def _update_bars(self) -> None:
        labels = [
            f" {clean_line(v.label, 20)} {self._counts.get(index, 0)} "
            for index, v in enumerate(self.views)
        ]
        # On a narrow terminal, drop splits from the left so the current one stays visible.
        width = self.query_one("#inbox-splits", Static).size.width or NARROW_WIDTH
        first = 0
        while first < self.view_index and sum(len(x) + 1 for x in labels[first:]) > width - 2:
            first += 1
        bar = Text("< " if first else "", no_wrap=True, overflow="ellipsis")
        for index, label in enumerate(labels[first:], start=first):
            current = index == self.view_index and not self.search_text
            bar.append(label, style="reverse bold" if current else "")
            bar.append(" ")
        if self.search_text:
            bar.append(" search: ", style="reverse bold")
            bar.append(clean_line(self.search_text, 40), style="reverse bold")
        self.query_one("#inbox-splits", Static).update(bar, layout=False)
        important, done_today = self._progress
        progress = Text(no_wrap=True, overflow="ellipsis")
        progress.append(" Left in Important: ", style="dim")
        progress.append(str(important), style="bold" if important else "bold green")
        progress.append("   Done today: ", style="dim")
        progress.append(str(done_today), style="bold")
        if self.selected:
            progress.append(f"   Selected: {len(self.selected)}", style="bold")
        if not important:
            progress.append("   Important is at zero.", style="green")
        self.query_one("#inbox-progress", Static).update(progress, layout=False)

    def _render_row(self, row: Row) -> Sequence[Cell]:
        now = self.cto.clock.now()
        message = row_message(row)
        if message is None:
            entry = row
            return (
                Cell("◆", "accent"),
                Cell(str(getattr(entry, "who", "")), ""),
                Cell(str(getattr(entry, "title", "")), ""),
                Cell(str(getattr(entry, "kind", "")), "dim"),
                Cell(age(getattr(entry, "since", now), now), "dim"),
            )
        key = (message.source, message.remote_id)
        important = message.importance >= IMPORTANT_THRESHOLD
        if key in self.selected:
            mark, mark_style = "✓", "accent"
        elif key in self.failures:
            mark, mark_style = "!", "alert"
        elif message.is_flagged:
            mark, mark_style = "★", "alert"
        elif message.triage is TriageState.SNOOZED:
            mark, mark_style = "z", "accent"
        else:
            mark = "●" if important else ("•" if not message.is_read else "")
            mark_style = "alert" if important else "accent"
        text_style = (
            "strong"
            if not message.is_read
            else ("dim" if message.triage is TriageState.DONE else "")
        )
        subject = message.subject or message.snippet
        if message.kind is MessageKind.CHAT:
            where = message.folder if message.folder.startswith("#") else f"#{message.folder}"
            subject = message.snippet if message.is_direct else f"{where}: {message.snippet}"
        score = score_with_config(message, self.cto.config, now)
        return (
            Cell(mark, mark_style),
            Cell(message.sender_name or message.sender_address, text_style),
            Cell(subject, text_style),
            Cell(_why(score.reasons), "dim"),
            Cell(age(message.received_at, now), "dim"),
        )

    @on(RowList.Highlighted, "#inbox-list")
    def _highlighted(self, event: RowList.Highlighted[Row]) -> None:
        if event.by_key:
            self._preview_soon()
        elif event.row is not self._shown_row:
            self._show(event.row)
        self._update_offer(event.row)

    def _update_offer(self, row: Row | None) -> None:
        """Offer reply/forward/react as the row allows.

        Refreshing bindings rebuilds the footer (a widget per key, ~10 ms): only
        when the offer changes.
        """
        message = row_message(row) if row is not None else None
        reacts = message is not None and self.cto.source_supports(message.source, ActionKind.REACT)
        offer = (
            *(
                message is not None and can_compose(self.cto, message, kind)
                for kind in COMPOSE_ACTIONS.values()
            ),
            reacts,
        )
        if offer != self._compose_offer:
            self._compose_offer = offer
            self.refresh_bindings()

    @on(RowList.Selected, "#inbox-list")
    def _opened(self, event: RowList.Selected[Row]) -> None:
        message = row_message(event.row)
        if message is None:
            return
        if not message.is_read:
            self.set_read(message, True)
        if not message.body_complete:
            self.load_full(dataclasses.replace(message, is_read=True))

    @work(group="inbox-full", exclusive=True, exit_on_error=False)
    async def load_full(self, message: Message) -> None:
        """Fetch the complete body of a message that was fetched as a snippet."""
        try:
            await self.cto.engine.load_full_message(message)
        except CtotuiError as error:
            self.notify(error.message, title="Could not load the message", severity="error")
            return
        if message.id is not None:
            # The source may not have seen "read" yet (it is in the outbox): keep it.
            self.cto.store.set_message_flags(message.id, is_read=True)
        self.cto.changed()

    def _preview_soon(self) -> None:
        """Show the highlighted row once the cursor has rested PREVIEW_DELAY seconds."""
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self._preview_timer = self.set_timer(PREVIEW_DELAY, self._preview_now)

    def _preview_now(self) -> None:
        self._preview_timer = None
        self._show(self.rows.current_row)
        self._prepare_neighbours()

    def _prepare_neighbours(self) -> None:
        """Read and render the splits left and right of this one while the user reads.

        Switching splits then paints lines already rendered; each split is
        prepared once per change of the data (the counts' refresh).
        """
        if self.search_text or not self.is_current or len(self.views) < 2:
            return
        for step in (1, -1):
            source = self._view_sources.get((self.view_index + step) % len(self.views))
            if source is not None:
                self.rows.prepare(source)

    def _show(self, row: Row | None) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None
        self._shown_row = row
        target = self.query_one("#inbox-message", Static)
        now = self.cto.clock.now()
        if row is None:
            target.update(Text("No message selected.", style="dim"))
        elif (message := row_message(row)) is None:
            target.update(entry_text(row, now))
        else:
            failures = self.failures.get((message.source, message.remote_id), [])
            target.update(detail_text(message, self.cto.store, self.cto.config, now, failures))
        self.query_one("#inbox-detail", VerticalScroll).scroll_home(animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer reply and forward only where the message's source can carry them."""
        if action == "react":
            if not self.is_mounted:
                return True
            current = self.current_message()
            return current is not None and self.cto.source_supports(
                current.source, ActionKind.REACT
            )
        if action in COMPOSE_ACTIONS:
            if not self.is_mounted:
                return True
            message = self.current_message()
            return message is not None and can_compose(self.cto, message, COMPOSE_ACTIONS[action])
        return True

    # navigation, selection, search -------------------------------------------

    def action_split(self, step: int) -> None:
        self.search_text = ""
        self.query_one("#inbox-search", Input).remove_class("-visible")
        self.view_index = (self.view_index + step) % len(self.views)
        self._update_bars()
        self.rows.set_source(self._source(), by_key=True)
        if self.rows.current_row is None:  # an empty split announces no row
            self._preview_soon()  # "no message" follows like a preview (a layout, ~10 ms)
            self._update_offer(None)

    def action_select(self) -> None:
        message = self.current_message()
        if message is None or message.id is None:
            return
        key = (message.source, message.remote_id)
        if key in self.selected:
            del self.selected[key]
        else:
            self.selected[key] = message.id
        self._update_bars()
        self.rows.reload()
        self.rows.action_cursor_down()

    def on_key(self, event: Key) -> None:
        """Keys typed right after the search key belong to the search box, not to the verbs.

        A fast burst is queued to the list before the search key is handled; those
        keys bubble here after it, in order. The search key itself opens the box
        here (not later, as an app binding), so what follows lands in the box.
        """
        search = self.query_one("#inbox-search", Input)
        if self.focused is search:
            if event.is_printable and event.character is not None:
                event.stop()
                event.prevent_default()
                search.insert_text_at_cursor(event.character)
            return
        if event.is_printable and self._is_search_key(event.key):
            event.stop()
            event.prevent_default()
            self.action_search()

    def _is_search_key(self, key: str) -> bool:
        """Whether `key` opens the search here, after the user's `[ui.keys]` keymap."""
        for node, bindings in self._binding_chain:
            if node is self:
                return any(b.action == "search" for b in bindings.key_to_bindings.get(key, []))
        return False

    def action_search(self) -> None:
        search = self.query_one("#inbox-search", Input)
        search.add_class("-visible")
        search.value = self.search_text
        # At once, not after the queue (`focus()`): see `on_key`.
        self.set_focus(search)

    @on(Input.Submitted, "#inbox-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self.search_text = event.value.strip()
        if not self.search_text:
            event.input.remove_class("-visible")
        problems = parse_query(self.search_text).problems
        if problems:
            self.notify("; ".join(problems), title="Search", severity="warning")
        self.rows.set_source(self._source())
        self._update_bars()
        self._show(self.rows.current_row)
        self.rows.focus()

    def action_clear(self) -> None:
        search = self.query_one("#inbox-search", Input)
        search.remove_class("-visible")
        if self.search_text:
            self.search_text = ""
            self.refresh_data()
        elif self.selected:
            self.selected.clear()
            self._update_bars()
            self.rows.reload()
        self.rows.focus()
