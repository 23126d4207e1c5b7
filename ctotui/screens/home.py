"""Home: what needs the user now, in one screen — mail, reviews, blockers, to-dos, sources."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid
from textual.widgets import Static

from ctotui.humanize import age, when
from ctotui.overview import Overview, build_overview
from ctotui.sanitize import clean_line
from ctotui.screens.base import PanelScreen

CARD_ROWS = 5


class HomeScreen(PanelScreen):
    """The overview the app opens on; every figure is read from the store."""

    CSS_PATH = "home.tcss"
    TITLE = "Home"

    def compose_body(self) -> ComposeResult:
        yield Static(id="home-summary")
        with Grid(id="home-grid"):
            for card, title in (
                ("mail", "Important mail  [2]"),
                ("reviews", "Waiting on me"),
                ("todos", "To-dos due today  [5]"),
                ("sources", "Sources  [S] sync"),
            ):
                widget = Static(id=f"home-{card}", classes="home-card")
                widget.border_title = title
                yield widget

    def refresh_data(self) -> None:
        now = self.cto.clock.now()
        overview = build_overview(self.cto.store, self.cto.config, now)
        self.query_one("#home-summary", Static).update(self._summary(overview))
        self.query_one("#home-mail", Static).update(self._mail(overview, now))
        self.query_one("#home-reviews", Static).update(self._reviews(overview, now))
        self.query_one("#home-todos", Static).update(self._todos(overview, now))
        self.query_one("#home-sources", Static).update(self._sources(overview, now))

    @staticmethod
    def _summary(overview: Overview) -> Text:
        figures = (
            (overview.new_messages, "new messages", ""),
            (overview.important_messages, "important", "bold red"),
            (len(overview.waiting_on_me), "waiting on me", "bold yellow"),
            (overview.blocked_items, "blocked", "bold magenta"),
            (len(overview.todos_due), "to-dos due", "bold cyan"),
        )
        text = Text(no_wrap=True, overflow="ellipsis")
        for index, (count, label, style) in enumerate(figures):
            if index:
                text.append("  ·  ", style="dim")
            text.append(str(count), style=style or "bold")
            text.append(f" {label}")
        return text

    @staticmethod
    def _mail(overview: Overview, now: datetime) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        if not overview.top_messages:
            text.append("Nothing important waiting.", style="dim")
        for message in overview.top_messages[:CARD_ROWS]:
            text.append(f"{message.importance:>3} ", style="bold red")
            text.append(clean_line(message.sender_name or message.sender_address, 18), style="bold")
            text.append("  ")
            text.append(clean_line(message.subject or message.snippet, 200))
            text.append("\n")
        return text

    @staticmethod
    def _reviews(overview: Overview, now: datetime) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        if not overview.waiting_on_me:
            text.append("Nobody is waiting on you.", style="dim")
        for item in overview.waiting_on_me[:CARD_ROWS]:
            waited = age(item.status_since or item.updated_at, now)
            text.append(f"{waited:>4} ", style="bold yellow")
            text.append(clean_line(item.key, 16), style="bold")
            text.append("  ")
            text.append(clean_line(item.title, 200))
            text.append("\n")
        if len(overview.waiting_on_me) > CARD_ROWS:
            text.append(f"… and {len(overview.waiting_on_me) - CARD_ROWS} more", style="dim")
        return text

    @staticmethod
    def _todos(overview: Overview, now: datetime) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        if not overview.todos_due:
            text.append("Nothing due today.", style="dim")
        for todo in overview.todos_due[:CARD_ROWS]:
            overdue = todo.due is not None and todo.due < now
            label = when(todo.due, now) if todo.due else "today"
            text.append(f"{label:>9} ", style="bold red" if overdue else "cyan")
            text.append(clean_line(todo.title, 200))
            text.append("\n")
        if len(overview.todos_due) > CARD_ROWS:
            text.append(f"… and {len(overview.todos_due) - CARD_ROWS} more", style="dim")
        return text

    @staticmethod
    def _sources(overview: Overview, now: datetime) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        if not overview.sources:
            text.append("No sources configured.\nSee config/example.toml or run ctotui --demo.")
        for status in overview.sources:
            text.append(clean_line(status.source, 20), style="bold")
            text.append(f" ({status.adapter}) ", style="dim")
            if status.last_error:
                text.append("✗ ", style="bold red")
                text.append(clean_line(status.last_error, 120), style="red")
            elif status.last_success is not None:
                text.append("✓ ", style="green")
                text.append(
                    f"{status.items_total} items, synced {age(status.last_success, now)} ago"
                )
            else:
                text.append("never synced", style="dim")
            text.append("\n")
        return text
