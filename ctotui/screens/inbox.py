"""Inbox: mail and chat from every source in one ranked queue, with one-key verbs.

The list is a virtualised RowList over a paged store query, so it stays fast
at 100k messages. Verbs change the store at once; remote effects (read, flag)
go to the outbox and are applied in the background.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.events import Resize
from textual.widgets import Input, Static

from ctotui.humanize import age, when
from ctotui.model import ActionKind, Message, OutboxAction, TriageState
from ctotui.sanitize import clean_line, clean_text
from ctotui.screens.base import PanelScreen
from ctotui.store import IMPORTANT_THRESHOLD, InboxSplit, MessageQuery, Store
from ctotui.triage import score_message
from ctotui.widgets.row_list import Cell, Column, RowList

SPLITS: tuple[tuple[InboxSplit, str], ...] = (
    (InboxSplit.IMPORTANT, "Important"),
    (InboxSplit.NEW, "New"),
    (InboxSplit.UNREAD, "Unread"),
    (InboxSplit.DONE, "Done"),
    (InboxSplit.ALL, "All"),
)
NARROW_WIDTH = 100
THREAD_CONTEXT = 6

COLUMNS = (
    Column("mark", "", width=2),
    Column("from", "From", width=20),
    Column("subject", "Subject"),
    Column("source", "Source", width=10),
    Column("age", "Age", width=4, align="right"),
)


@dataclass(frozen=True, slots=True)
class MessageRows:
    """A RowSource over one store query."""

    store: Store
    query: MessageQuery

    def count(self) -> int:
        return self.store.count_messages(self.query)

    def fetch(self, offset: int, limit: int) -> Sequence[Message]:
        return self.store.page_messages(self.query, offset, limit)


class InboxScreen(PanelScreen):
    """The triage queue: splits, a list, the selected message, and verbs."""

    CSS_PATH = "inbox.tcss"
    TITLE = "Inbox"
    BINDINGS = [
        Binding(
            "left,h", "split(-1)", "Prev split", id="inbox.prev_split", tooltip="Previous split"
        ),
        Binding("right,l", "split(1)", "Next split", id="inbox.next_split", tooltip="Next split"),
        Binding("d", "done", "Done", id="inbox.done", tooltip="Mark handled: leaves the queue"),
        Binding("u", "undo", "Undo", id="inbox.undo", tooltip="Back to the queue"),
        Binding("r", "toggle_read", "Read/unread", id="inbox.read", tooltip="Toggle read"),
        Binding("f", "toggle_flag", "Flag", id="inbox.flag", tooltip="Toggle the flag"),
        Binding("slash", "search", "Search", id="inbox.search", tooltip="Full-text search"),
        Binding("escape", "clear_search", "Clear search", show=False, id="inbox.clear_search"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.split_index = 0
        self.search_text = ""
        self.last_undo: tuple[int, TriageState] | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(id="inbox-splits")
        yield Input(
            placeholder="Search mail and chat (enter to apply, escape to clear)", id="inbox-search"
        )
        with Horizontal(id="inbox-body"):
            yield RowList(
                COLUMNS,
                MessageRows(self.cto.store, self._query()),
                self._render_row,
                empty_text="Nothing here. Inbox zero for this split.",
                id="inbox-list",
            )
            with VerticalScroll(id="inbox-detail"):
                yield Static(id="inbox-message")

    @property
    def split(self) -> InboxSplit:
        return SPLITS[self.split_index][0]

    @property
    def rows(self) -> RowList[Message]:
        return self.query_one("#inbox-list", RowList)

    def _query(self) -> MessageQuery:
        return MessageQuery(split=self.split, text=self.search_text, now=self.cto.clock.now())

    def on_mount(self) -> None:
        super().on_mount()
        self.rows.focus()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")

    def refresh_data(self) -> None:
        self._update_split_bar()
        self.rows.set_source(MessageRows(self.cto.store, self._query()), keep_cursor=True)
        self._show(self.rows.current_row)

    def _update_split_bar(self) -> None:
        counts = self.cto.store.inbox_counts(self.cto.clock.now())
        bar = Text(no_wrap=True, overflow="ellipsis")
        for index, (split, label) in enumerate(SPLITS):
            style = "reverse bold" if index == self.split_index else ""
            bar.append(f" {label} {counts.get(split, 0)} ", style=style)
            bar.append(" ")
        if self.search_text:
            bar.append("  search: ", style="dim")
            bar.append(clean_line(self.search_text, 40), style="bold")
        self.query_one("#inbox-splits", Static).update(bar)

    def _render_row(self, message: Message) -> Sequence[Cell]:
        now = self.cto.clock.now()
        important = message.importance >= IMPORTANT_THRESHOLD
        mark = (
            "⚑"
            if message.is_flagged
            else ("●" if important else ("•" if not message.is_read else ""))
        )
        mark_style = "alert" if important or message.is_flagged else "accent"
        text_style = (
            "strong"
            if not message.is_read
            else ("dim" if message.triage is TriageState.DONE else "")
        )
        subject = message.subject or message.snippet
        if message.kind == "chat":
            where = message.folder if message.folder.startswith("#") else f"#{message.folder}"
            subject = message.snippet if message.is_direct else f"{where}: {message.snippet}"
        return (
            Cell(mark, mark_style),
            Cell(message.sender_name or message.sender_address, text_style),
            Cell(subject, text_style),
            Cell(message.source, "dim"),
            Cell(age(message.received_at, now), "dim"),
        )

    @on(RowList.Highlighted, "#inbox-list")
    def _highlighted(self, event: RowList.Highlighted[Message]) -> None:
        self._show(event.row)

    @on(RowList.Selected, "#inbox-list")
    def _selected(self, event: RowList.Selected[Message]) -> None:
        message = event.row
        if message is not None and not message.is_read:
            self._set_read(message, True)

    def _show(self, message: Message | None) -> None:
        target = self.query_one("#inbox-message", Static)
        if message is None:
            target.update(Text("No message selected.", style="dim"))
            return
        target.update(self._detail(message))
        self.query_one("#inbox-detail", VerticalScroll).scroll_home(animate=False)

    def _detail(self, message: Message) -> Text:
        app = self.cto
        now = app.clock.now()
        score = score_message(message, people=app.config.people, me=app.config.me_person, now=now)
        text = Text()
        text.append(clean_line(message.subject or "(no subject)", 300) + "\n", style="bold")
        sender = (
            f"{message.sender_name} <{message.sender_address}>"
            if message.sender_name
            else message.sender_address
        )
        for label, value in (
            ("From", sender),
            ("To", ", ".join(message.recipients)),
            ("Cc", ", ".join(message.cc)),
            ("Date", f"{when(message.received_at, now)} ({age(message.received_at, now)} ago)"),
            ("In", f"{message.source} / {message.folder}"),
            ("Link", message.url),
        ):
            if value:
                text.append(f"{label:>5}: ", style="dim")
                text.append(clean_line(value, 300) + "\n")
        reasons = ", ".join(score.reasons) or "no rule fired"
        text.append("Score: ", style="dim")
        text.append(
            f"{score.value}", style="bold red" if score.value >= IMPORTANT_THRESHOLD else "bold"
        )
        text.append(f" ({reasons})\n", style="dim")
        thread = (
            [m for m in app.store.thread_messages(message) if m.id != message.id]
            if message.thread_id
            else []
        )
        if thread:
            text.append(f"Thread: {len(thread) + 1} messages\n", style="dim")
            for other in thread[-THREAD_CONTEXT:]:
                text.append(f"  {when(other.received_at, now):>9}  ", style="dim")
                text.append(clean_line(other.sender_name or other.sender_address, 24))
                text.append("  " + clean_line(other.snippet, 60) + "\n", style="dim")
        text.append("\n")
        text.append(clean_text(message.body))
        return text

    # verbs -----------------------------------------------------------------

    def action_split(self, step: int) -> None:
        self.split_index = (self.split_index + step) % len(SPLITS)
        self._update_split_bar()
        self.rows.set_source(MessageRows(self.cto.store, self._query()))
        self._show(self.rows.current_row)

    def action_done(self) -> None:
        self._set_triage(TriageState.DONE, "Done")

    def action_undo(self) -> None:
        current = self.rows.current_row
        if self.last_undo is not None:
            message_id, state = self.last_undo
            self.last_undo = None
            self.cto.store.set_triage(message_id, state, at=self.cto.clock.now())
            self.notify("Undone.")
            self.cto.changed()
        elif current is not None and current.triage is not TriageState.NEW:
            self._set_triage(TriageState.NEW, "Back in the queue")

    def _set_triage(self, state: TriageState, verb: str) -> None:
        message = self.rows.current_row
        if message is None or message.id is None:
            return
        self.last_undo = (message.id, message.triage)
        self.cto.store.set_triage(message.id, state, at=self.cto.clock.now())
        self.notify(f"{verb}: {clean_line(message.subject or message.snippet, 60)} (u undoes)")
        self.cto.changed()

    def action_toggle_read(self) -> None:
        message = self.rows.current_row
        if message is not None:
            self._set_read(message, not message.is_read)

    def action_toggle_flag(self) -> None:
        message = self.rows.current_row
        if message is None or message.id is None:
            return
        flagged = not message.is_flagged
        self.cto.store.set_message_flags(message.id, is_flagged=flagged)
        self._queue(message, ActionKind.FLAG if flagged else ActionKind.UNFLAG)
        self.cto.changed()

    def _set_read(self, message: Message, read: bool) -> None:
        if message.id is None:
            return
        self.cto.store.set_message_flags(message.id, is_read=read)
        self._queue(message, ActionKind.MARK_READ if read else ActionKind.MARK_UNREAD)
        self.cto.changed()

    def _queue(self, message: Message, action: ActionKind) -> None:
        """Send the change to the source too, when its adapter can apply it."""
        if self.cto.source_supports(message.source, action):
            self.cto.store.enqueue(
                OutboxAction(message.source, action, message.remote_id, self.cto.clock.now())
            )
            self.cto.flush_outbox()

    def action_search(self) -> None:
        search = self.query_one("#inbox-search", Input)
        search.add_class("-visible")
        search.value = self.search_text
        search.focus()

    @on(Input.Submitted, "#inbox-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self.search_text = event.value.strip()
        if not self.search_text:
            event.input.remove_class("-visible")
        self.rows.set_source(MessageRows(self.cto.store, self._query()))
        self._update_split_bar()
        self._show(self.rows.current_row)
        self.rows.focus()

    def action_clear_search(self) -> None:
        search = self.query_one("#inbox-search", Input)
        search.remove_class("-visible")
        if self.search_text:
            self.search_text = ""
            self.refresh_data()
        self.rows.focus()
