"""Home: what needs the user now, in one screen — mail, reviews, blockers, to-dos, sources."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.widgets import Static

from ctotui.humanize import age, when
from ctotui.overview import Figures, Overview, build_overview, count_figures
from ctotui.sanitize import clean_line
from ctotui.screens.base import PanelScreen

if TYPE_CHECKING:
    from ctotui.radar import RadarEntry

HOME_CSS = Path(__file__).resolve().parent / "home.tcss"
"""Also read with the app's own CSS: Home is the first screen, and a screen bringing
new CSS of its own makes Textual parse every stylesheet once more before it paints."""


class HomeScreen(PanelScreen):
    """The overview the app opens on; every figure is read from the store."""

    CSS_PATH = HOME_CSS
    TITLE = "Home"
    # Home's cards reflow without width classes; the app's breakpoints would restyle
    # every widget once more before the first frame just to add one.
    HORIZONTAL_BREAKPOINTS = []
    BINDINGS = [
        Binding(
            "m", "morning_review", "Morning", id="home.morning", tooltip="Morning review (resumes)"
        ),
        Binding("E", "evening_review", "Evening", id="home.evening", tooltip="Evening review"),
        Binding("w", "radar", "Radar", id="home.radar", tooltip="Who waits on me, whom I wait on"),
    ]

    # The screens behind Home's keys are imported on first use, not at start-up.

    def action_radar(self) -> None:
        from ctotui.screens.radar import RadarScreen

        self.app.push_screen(RadarScreen())

    def action_morning_review(self) -> None:
        from ctotui.screens.review_morning import MorningReviewScreen

        self.app.push_screen(MorningReviewScreen())

    def action_evening_review(self) -> None:
        from ctotui.screens.review_evening import EveningReviewScreen

        self.app.push_screen(EveningReviewScreen())

    def compose_body(self) -> ComposeResult:
        yield Static(id="home-summary")
        with Grid(id="home-grid"):
            for card, title, key in (
                ("mail", "Important mail", "2 inbox"),
                ("reviews", "Waiting on me", "w radar"),
                ("todos", "To-dos due today", "5 to-dos"),
                ("sources", "Sources", "S sync"),
            ):
                widget = Static(id=f"home-{card}", classes="home-card")
                widget.border_title = Text(title)
                widget.border_subtitle = Text(key)
                yield widget

    @property
    def card_rows(self) -> int:
        """How many lines a card shows: as many as fit (two rows of cards, borders)."""
        return max(3, (self.app.size.height - 4) // 2 - 3)

    def on_resize(self) -> None:
        # Only a change in how many rows fit needs new queries.
        if self.card_rows != self._shown_rows:
            self.refresh_data()

    _shown_rows = 0
    _overview: Overview | None = None
    _figures: Figures | None = None
    """The last counts read; None until the first one lands (the summary shows "…")."""
    _radar: list[RadarEntry] | None = None
    """The last radar read; None until the first one lands."""
    _figures_due = False
    _radar_due = False

    def refresh_data(self) -> None:
        """The short lists at once; the counts and the radar once this frame is painted.

        The counts walk index ranges and the radar reads every open item
        involving the user and every recent question to them: the parts of Home
        that grow with the store. The first frame does not wait for them (until
        they land their cells say "…"); later reloads keep the previous figures
        on screen until the new ones are read.
        """
        self._shown_rows = self.card_rows
        now = self.cto.clock.now()
        self._overview = build_overview(self.cto.store, self.cto.config, now, top=self.card_rows)
        self._paint(now)
        if not self._figures_due:
            self._figures_due = True
            self.call_after_refresh(self._refresh_figures)

    def _refresh_figures(self) -> None:
        self._figures_due = False
        now = self.cto.clock.now()
        self._figures = count_figures(self.cto.store, now)
        self._paint(now)
        if not self._radar_due:
            self._radar_due = True
            self.call_after_refresh(self._refresh_radar)

    def _refresh_radar(self) -> None:
        from ctotui.radar import waiting_on_me

        self._radar_due = False
        now = self.cto.clock.now()
        self._radar = waiting_on_me(self.cto.store, self.cto.config, now)
        self._paint(now)

    def _paint(self, now: datetime) -> None:
        overview = self._overview
        if overview is None:
            return
        self.query_one("#home-summary", Static).update(
            self._summary(overview, self._figures, self._radar)
        )
        self.query_one("#home-mail", Static).update(self._mail(overview, now))
        self.query_one("#home-reviews", Static).update(self._reviews(self._radar, now))
        self.query_one("#home-todos", Static).update(self._todos(overview, now))
        self.query_one("#home-sources", Static).update(self._sources(overview, now))

    @staticmethod
    def _summary(
        overview: Overview, figures: Figures | None, radar: list[RadarEntry] | None
    ) -> Text:
        pending = "…"
        counts: tuple[int | str, int | str] = (
            (figures.new_messages, figures.important_messages)
            if figures is not None
            else (pending, pending)
        )
        new, important = counts
        shown: tuple[tuple[int | str, str, str], ...] = (
            (new, "new", ""),
            (important, "important", "bold red"),
            (pending if radar is None else len(radar), "waiting on me", "bold yellow"),
            (overview.blocked_items, "blocked", "bold magenta"),
            (len(overview.todos_due), "to-dos due", "bold cyan"),
        )
        text = Text(no_wrap=True, overflow="ellipsis")
        for index, (count, label, style) in enumerate(shown):
            if index:
                text.append(" · ", style="dim")
            text.append(str(count), style=style or "bold")
            text.append(f" {label}")
        return text

    def _mail(self, overview: Overview, now: datetime) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        if not overview.top_messages:
            text.append("Nothing important waiting.", style="dim")
        for message in overview.top_messages[: self.card_rows]:
            text.append(f"{message.importance:>3} ", style="bold red")
            text.append(clean_line(message.sender_name or message.sender_address, 18), style="bold")
            text.append("  ")
            text.append(clean_line(message.subject or message.snippet, 200))
            text.append("\n")
        return text

    def _reviews(self, radar: list[RadarEntry] | None, now: datetime) -> Text:
        """The radar: who waits on me, for what, and for how long, oldest first."""
        text = Text(no_wrap=True, overflow="ellipsis")
        if radar is None:
            text.append("Checking who waits on you…", style="dim")
            return text
        from ctotui.radar import KIND_LABELS  # loaded with the radar, after the first frame

        if not radar:
            text.append("Nobody is waiting on you.", style="dim")
        for entry in radar[: self.card_rows]:
            text.append(f"{age(entry.since, now):>4} ", style="bold yellow")
            text.append(f"{KIND_LABELS.get(entry.kind, entry.kind):<8} ", style="dim")
            text.append(f"{clean_line(entry.who, 16):<16}", style="bold")
            text.append("  ")
            text.append(clean_line(entry.title, 200))
            text.append("\n")
        if len(radar) > self.card_rows:
            text.append(f"… and {len(radar) - self.card_rows} more", style="dim")
        return text

    def _todos(self, overview: Overview, now: datetime) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        if not overview.todos_due:
            text.append("Nothing due today.", style="dim")
        for todo in overview.todos_due[: self.card_rows]:
            overdue = todo.due is not None and todo.due < now
            label = when(todo.due, now) if todo.due else "today"
            text.append(f"{label:>9} ", style="bold red" if overdue else "cyan")
            text.append(clean_line(todo.title, 200))
            text.append("\n")
        if len(overview.todos_due) > self.card_rows:
            text.append(f"… and {len(overview.todos_due) - self.card_rows} more", style="dim")
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
                synced = age(status.last_success, now)
                when_synced = "just now" if synced == "now" else f"{synced} ago"
                text.append(f"{status.items_total} items, synced {when_synced}")
            else:
                text.append("never synced", style="dim")
            text.append("\n")
        return text
