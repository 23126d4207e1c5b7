"""Standups: one project at a time — the board, its people, notes, blockers, follow-ups.

The board walks a standup's order: blocked, in review, in progress, what moved
since the last standup, what nobody is working on, what went stale. The
grouping is `ctotui.standup`'s and the loading `ctotui.standup_report`'s; this
screen draws them and turns keys into notes, follow-up to-dos, blocker marks,
saved standups and the shared summary.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from ctotui.humanize import age, when
from ctotui.model import (
    BlockerState,
    Priority,
    Project,
    WorkEvent,
    WorkItem,
)
from ctotui.sanitize import clean_line, clean_text
from ctotui.screens.list_source import ListSource
from ctotui.screens.standup_actions import StandupActions
from ctotui.screens.standup_pane import pane_text
from ctotui.standup import BoardRow, Move, Section, display_name
from ctotui.standup_report import StandupReport, load_report
from ctotui.widgets.row_list import Cell, Column, RowList

COLUMNS = (
    Column("state", "State", width=10),
    Column("key", "Key", width=11),
    Column("title", "Title", min_width=20),  # narrow: the age column is cropped first
    Column("who", "Who", width=16),
    Column("age", "For", width=4, align="right"),
)
SECTION_CELLS: dict[Section, tuple[str, str]] = {
    Section.BLOCKED: ("blocked", "alert"),
    Section.IN_REVIEW: ("review", "warn"),
    Section.IN_PROGRESS: ("doing", "accent"),
    Section.UNOWNED: ("nobody", "warn"),
    Section.STALE: ("stale", "dim"),
}
MOVE_CELLS: dict[Move, tuple[str, str]] = {
    Move.MERGED: ("✓ merged", "ok"),
    Move.DONE: ("✓ done", "ok"),
    Move.STARTED: ("▶ started", "accent"),
    Move.MOVED_BACK: ("↩ back", "warn"),
    Move.REOPENED: ("↻ reopened", "warn"),
}
BLOCKER_CELLS: dict[BlockerState, str] = {
    BlockerState.RAISED: "⚑ raised",
    BlockerState.RESOLVED: "✓ solved",
}
HISTORY_LIMIT = 20
NO_PROJECTS = (
    "No projects configured.\n\n"
    "Add one to your config file ({path}):\n\n"
    "  [[projects]]\n"
    '  name = "api"\n'
    '  sources = ["github"]          # names of your [[sources]]\n'
    '  people = ["ana", "ben"]       # keys of your [people.*] tables\n\n'
    "See config/example.toml for the full shape, or try `ctotui --demo`."
)


def short_key(key: str) -> str:
    """An item key without its owner: "acme/api#412" -> "api#412" (the row is narrow)."""
    return key.rsplit("/", 1)[-1]


class StandupsScreen(StandupActions):
    """The standup of the current project: board, people and notes, and what to do about it."""

    CSS_PATH = "standups.tcss"
    TITLE = "Standups"
    HORIZONTAL_BREAKPOINTS = [(0, "-standups-narrow"), (140, "-standups-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-standups-short"), (36, "-standups-tall")]
    BINDINGS = [
        Binding(
            "left_square_bracket",
            "project(-1)",
            "Prev project",
            id="standups.prev_project",
            tooltip="Show the previous project's standup",
        ),
        Binding(
            "right_square_bracket,p",
            "project(1)",
            "Next project",
            id="standups.next_project",
            tooltip="Show the next project's standup",
        ),
        Binding(
            "escape",
            "back_to_board",
            "Board",
            show=False,
            id="standups.back",
            tooltip="Back to the board from the detail pane; back to today from a past standup",
        ),
        Binding(
            "full_stop",
            "item_actions",
            "Actions",
            show=False,
            id="standups.item_actions",
            tooltip="Every action the item's source supports: comment, assign, status, labels, …",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.project_index = 0

    def compose_body(self) -> ComposeResult:
        yield Static(id="standups-project")
        yield Static(id="standups-empty")
        with VerticalScroll(id="standups-notes"):
            yield Static(id="standups-notes-text")
        with Horizontal(id="standups-body"):
            yield RowList(
                COLUMNS,
                ListSource[BoardRow](()),
                self._render_row,
                empty_text="Nothing blocked, in review, in progress or moved lately.",
                id="standups-list",
            )
            with VerticalScroll(id="standups-detail"):
                yield Static(id="standups-item")

    @property
    def project(self) -> Project | None:
        projects = self.cto.config.projects
        return projects[self.project_index % len(projects)] if projects else None

    def on_mount(self) -> None:
        super().on_mount()
        self.rows.focus()

    def refresh_data(self, *, keep_cursor: bool = True) -> None:
        project = self.project
        self.set_class(project is None, "-standups-no-projects")
        if project is None:
            self.report = None
            self._show_no_projects()
            return
        now = self._now()
        report = load_report(
            self.cto.store, project, self.cto.config.people, now, day=self.day or now.date()
        )
        self.report = report
        self.query_one("#standups-project", Static).update(self._project_bar(project, report))
        self.query_one("#standups-notes-text", Static).update(pane_text(report, self._names))
        self.rows.set_source(ListSource(report.board.rows), keep_cursor=keep_cursor)
        self._show(self.rows.current_row)

    # drawing ---------------------------------------------------------------

    def _show_no_projects(self) -> None:
        path = str(self.cto.workspace.config_path)
        self.query_one("#standups-project", Static).update(Text("Standups", style="bold"))
        self.query_one("#standups-empty", Static).update(
            Text(NO_PROJECTS.format(path=clean_line(path, 200)))
        )
        self.rows.set_source(ListSource[BoardRow](()))

    def _project_bar(self, project: Project, report: StandupReport) -> Text:
        board = report.board
        projects = self.cto.config.projects
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f" {clean_line(project.name, 40)} ", style="bold reverse")
        position = f" {self.project_index % len(projects) + 1}/{len(projects)}"
        text.append(position + (" ([ ] switch)" if len(projects) > 1 else ""), style="dim")
        if not report.is_today:
            text.append(
                f"  past standup {report.day:%a %d %b %Y} (esc: today)", style="bold yellow"
            )
        elif project.description:
            text.append("  " + clean_line(project.description, 120), style="dim")
        text.append("\n")
        for section, label, style in (
            (Section.BLOCKED, "blocked", "bold red"),
            (Section.IN_REVIEW, "in review", "bold yellow"),
            (Section.IN_PROGRESS, "in progress", "bold cyan"),
        ):
            text.append(f" {board.count(section)}", style=style)
            text.append(f" {label} ·")
        text.append(f" {board.count(Section.MOVED)}", style="bold green")
        text.append(f" moved since {board.moved_since:%a %d %b}")
        for section, label in ((Section.UNOWNED, "unowned"), (Section.STALE, "stale")):
            if board.count(section):
                text.append(f" · {board.count(section)} {label}", style="dim")
        if not project.sources:
            text.append("  (no sources: add sources = [...] to this project)", style="italic")
        return text

    def _render_row(self, row: BoardRow) -> Sequence[Cell]:
        now = self._now()
        item = row.item
        state = self._state_cell(row)
        who = self._who(row, item)
        return (
            state,
            Cell(short_key(item.key), "strong"),
            Cell(item.title),
            who,
            Cell(age(row.since, now), "alert" if row.overdue else "dim"),
        )

    def _state_cell(self, row: BoardRow) -> Cell:
        if row.move is not None:
            label, style = MOVE_CELLS[row.move]
            return Cell(label, style)
        mark = self.report.blockers.get(row.ref) if self.report is not None else None
        if row.section is Section.BLOCKED and mark is not None:
            return Cell(BLOCKER_CELLS[mark.state], "alert")
        label, style = SECTION_CELLS[row.section]
        return Cell(label + (" !" if row.overdue else ""), style)

    def _who(self, row: BoardRow, item: WorkItem) -> Cell:
        if row.move is not None:
            return Cell(self._names(row.people), "dim")
        if row.section is Section.IN_REVIEW:
            if not item.reviewers:
                return Cell("no reviewer", "warn")
            return Cell("→ " + self._names(item.reviewers))
        if row.section is Section.BLOCKED and row.people:
            return Cell("⇢ " + self._names(row.people))
        if not item.assignees:
            return Cell("unassigned", "warn")
        return Cell(self._names(item.assignees))

    def _names(self, identities: Sequence[str]) -> str:
        """People's names for logins; the user is "you"."""
        people, me = self.cto.config.people, self.cto.config.me_person
        return ", ".join(
            "you" if me is not None and (me.key == i or me.matches(i)) else display_name(i, people)
            for i in identities
        )

    @on(RowList.Highlighted, "#standups-list")
    def _highlighted(self, event: RowList.Highlighted[BoardRow]) -> None:
        self._show(event.row)

    @on(RowList.Selected, "#standups-list")
    def _selected(self) -> None:
        """Enter moves into the detail pane to read (and scroll) all of it."""
        self.query_one("#standups-detail", VerticalScroll).focus()

    def action_item_actions(self) -> None:
        """The item-actions menu on the current board row's item."""
        from ctotui.screens.item_actions import open_item_actions

        row = self.rows.current_row
        if row is not None:
            open_item_actions(self.cto, row.item)

    def action_back_to_board(self) -> None:
        if self.rows.has_focus and self.day is not None:
            self.day = None
            self.refresh_data()
            self.notify("Back to today's standup.")
            return
        self.rows.focus()

    def _show(self, row: BoardRow | None) -> None:
        target = self.query_one("#standups-item", Static)
        if row is None:
            target.update(Text("Nothing selected.", style="dim"))
            return
        target.update(self._detail(row))
        self.query_one("#standups-detail", VerticalScroll).scroll_home(animate=False)

    def _detail(self, row: BoardRow) -> Text:
        now = self._now()
        item = row.item
        text = Text()
        text.append(clean_line(item.key, 60), style="bold")
        text.append("  " + clean_line(item.title, 300) + "\n", style="bold")
        category = item.category.value.replace("_", " ")
        status = item.status if item.status.lower() == category else f"{item.status} ({category})"
        since = item.status_since or item.updated_at
        for label, value in (
            ("Status", f"{status} for {age(since, now)}"),
            ("Kind", f"{item.kind.value.replace('_', ' ')}{' (draft)' if item.is_draft else ''}"),
            ("In", f"{item.source} / {item.container}" if item.container else item.source),
            ("Assignees", self._names(item.assignees) or "nobody"),
            ("Reviewers", self._names(item.reviewers)),
            ("Author", self._names((item.author,)) if item.author else ""),
            ("Labels", ", ".join(item.labels)),
            ("Priority", "" if item.priority is Priority.NONE else item.priority.value),
            ("Updated", when(item.updated_at, now)),
            ("Link", item.url),
        ):
            if value:
                text.append(f"{label:>9}: ", style="dim")
                text.append(clean_line(value, 300) + "\n")
        self._append_blocker(text, row)
        if row.event is not None and row.move is not None:
            text.append(f"{'Moved':>9}: ", style="dim")
            actor = self._names((row.event.actor,))
            text.append(f"{row.move.value} by {clean_line(actor, 60)}, {when(row.since, now)}\n")
        self._append_history(text, self.cto.store.item_events(item), now)
        if item.body.strip():
            text.append("\n")
            text.append(clean_text(item.body))
        return text

    def _append_blocker(self, text: Text, row: BoardRow) -> None:
        item = row.item
        if item.blocked_reason:
            text.append(f"{'Blocked':>9}: ", style="bold red")
            text.append(clean_line(item.blocked_reason, 300) + "\n", style="red")
        if row.section is Section.BLOCKED:
            if row.people:
                text.append(f"{'Unblock':>9}: ", style="dim")
                text.append(clean_line(self._names(row.people), 200) + "\n")
            if row.overdue:
                days = self.project.blocker_days if self.project else 0
                text.append(f"{'':>9}  blocked for more than {days} days\n", style="bold red")
        mark = self.report.blockers.get(row.ref) if self.report is not None else None
        if mark is not None:
            text.append(f"{'Standup':>9}: ", style="dim")
            text.append(f"raised {mark.raised_on:%a %d %b}")
            if mark.resolved_at is not None:
                text.append(f", resolved {when(mark.resolved_at, self._now())}")
            text.append("\n")

    def _append_history(self, text: Text, events: list[WorkEvent], now: datetime) -> None:
        if not events:
            return
        text.append("\nHistory", style="bold")
        if len(events) > HISTORY_LIMIT:
            text.append(f" (last {HISTORY_LIMIT} of {len(events)})", style="dim")
        text.append("\n")
        for event in events[-HISTORY_LIMIT:]:
            text.append(f"  {when(event.at, now):>9}  ", style="dim")
            text.append(clean_line(self._names((event.actor,)), 30), style="bold")
            text.append(" " + event.kind.value.replace("_", " "))
            change = " → ".join(v for v in (event.from_value, event.to_value) if v)
            if change:
                text.append(": " + clean_line(change, 120))
            text.append("\n")

    # actions ---------------------------------------------------------------

    def action_project(self, step: int) -> None:
        projects = self.cto.config.projects
        if len(projects) < 2:
            only = "Only one project is configured." if projects else "No projects configured."
            self.notify(only)
            return
        self.project_index = (self.project_index + step) % len(projects)
        self.day = None
        self.refresh_data(keep_cursor=False)
