"""Standups: one project at a time — who is on it, what they said, and its board.

The board walks a standup's order: blocked, in review, in progress, then what
moved since the last working day. The grouping is `ctotui.standup`'s; this
screen only reads the store and draws it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from ctotui.humanize import age, when
from ctotui.model import Priority, Project, StandupNote, WorkEvent, WorkItem
from ctotui.sanitize import clean_line, clean_text
from ctotui.screens.base import PanelScreen
from ctotui.screens.list_source import ListSource
from ctotui.standup import (
    BOARD_CATEGORIES,
    Board,
    BoardRow,
    Move,
    Section,
    build_board,
    display_name,
    moved_since,
    notes_by_person,
)
from ctotui.store import ItemQuery
from ctotui.widgets.row_list import Cell, Column, RowList

COLUMNS = (
    Column("state", "State", width=9),
    Column("key", "Key", width=11),
    Column("title", "Title"),
    Column("who", "Who", width=16),
    Column("age", "For", width=4, align="right"),
)
SECTION_CELLS: dict[Section, tuple[str, str]] = {
    Section.BLOCKED: ("blocked", "alert"),
    Section.IN_REVIEW: ("review", "warn"),
    Section.IN_PROGRESS: ("doing", "accent"),
}
MOVE_CELLS: dict[Move, str] = {
    Move.MERGED: "✓ merged",
    Move.DONE: "✓ done",
    Move.STARTED: "▶ started",
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


class StandupsScreen(PanelScreen):
    """The standup board of the current project, its people and today's notes."""

    CSS_PATH = "standups.tcss"
    TITLE = "Standups"
    HORIZONTAL_BREAKPOINTS = [(0, "-standups-narrow"), (140, "-standups-wide")]
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
            tooltip="Back to the board from the detail pane",
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
    def rows(self) -> RowList[BoardRow]:
        return self.query_one("#standups-list", RowList)

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
            self._show_no_projects()
            return
        now = self._now()
        board = self._load_board(project, now)
        self.query_one("#standups-project", Static).update(self._project_bar(project, board))
        self.query_one("#standups-notes-text", Static).update(self._notes(project, now.date()))
        self.rows.set_source(ListSource(board.rows), keep_cursor=keep_cursor)
        self._show(self.rows.current_row)

    def _now(self) -> datetime:
        """The clock's time in the user's timezone: days start at local midnight."""
        return self.cto.clock.now().astimezone()

    def _load_board(self, project: Project, now: datetime) -> Board:
        if not project.sources:
            return build_board([], [], now, days=project.standup_days)
        store = self.cto.store
        query = ItemQuery(
            categories=BOARD_CATEGORIES,
            sources=project.sources,
            containers=project.containers or None,
        )
        items = store.page_items(query, 0, store.count_items(query))
        events = store.events_since(moved_since(now, project.standup_days), project.sources)
        have = {(i.source, i.remote_id) for i in items}
        wanted: dict[str, set[str]] = {}
        for event in events:
            if (event.source, event.item_remote_id) not in have:
                wanted.setdefault(event.source, set()).add(event.item_remote_id)
        for source, remote_ids in wanted.items():
            items.extend(store.items_by_remote_ids(source, sorted(remote_ids)))
        if project.containers:
            items = [i for i in items if i.container in project.containers]
            mine = {(i.source, i.remote_id) for i in items}
            events = [e for e in events if (e.source, e.item_remote_id) in mine]
        return build_board(items, events, now, days=project.standup_days)

    # drawing ---------------------------------------------------------------

    def _show_no_projects(self) -> None:
        path = str(self.cto.workspace.config_path)
        self.query_one("#standups-project", Static).update(Text("Standups", style="bold"))
        self.query_one("#standups-empty", Static).update(
            Text(NO_PROJECTS.format(path=clean_line(path, 200)))
        )
        self.rows.set_source(ListSource[BoardRow](()))

    def _project_bar(self, project: Project, board: Board) -> Text:
        projects = self.cto.config.projects
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f" {clean_line(project.name, 40)} ", style="bold reverse")
        position = f" {self.project_index % len(projects) + 1}/{len(projects)}"
        text.append(position + (" ([ ] switch)" if len(projects) > 1 else ""), style="dim")
        if project.description:
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
        if not project.sources:
            text.append("  (no sources: add sources = [...] to this project)", style="italic")
        return text

    def _notes(self, project: Project, today: date) -> Text:
        """Each person of the project with the notes saved for today (or the latest day)."""
        store = self.cto.store
        notes = store.standup_notes(project.name, today)
        day = today
        if not notes:
            earlier = [d for d in store.standup_days(project.name) if d < today]
            if earlier:
                day = earlier[0]
                notes = store.standup_notes(project.name, day)
        text = Text()
        heading = "Notes today" if day == today else f"Notes from {day:%a %d %b} (none yet today)"
        text.append(heading + "\n", style="bold")
        people = self.cto.config.people
        if not project.people and not notes:
            text.append("No people listed for this project (people = [...]).", style="dim")
        for person, said in notes_by_person(notes, project.people):
            known = people.get(person)
            text.append(clean_line(known.name if known else person, 40), style="bold")
            if known and known.role:
                text.append(f" ({clean_line(known.role, 40)})", style="dim")
            if not said:
                text.append(" — no note\n", style="dim")
                continue
            text.append("\n")
            for note in said:
                self._append_note(text, note)
        return text

    @staticmethod
    def _append_note(text: Text, note: StandupNote) -> None:
        for label, value, style in (
            ("done", note.done, ""),
            ("next", note.next, ""),
            ("blockers", note.blockers, "red"),
        ):
            if value.strip():
                text.append(f"  {label}: ", style="dim")
                text.append(clean_line(value, 300) + "\n", style=style)

    def _render_row(self, row: BoardRow) -> Sequence[Cell]:
        now = self._now()
        item = row.item
        if row.move is not None and row.event is not None:
            state = Cell(MOVE_CELLS[row.move], "ok")
            who = Cell(self._names((row.event.actor,)), "dim")
        else:
            label, style = SECTION_CELLS[row.section]
            state = Cell(label, style)
            who = self._who(row, item)
        return (
            state,
            Cell(short_key(item.key), "strong"),
            Cell(item.title),
            who,
            Cell(age(row.since, now), "dim"),
        )

    def _who(self, row: BoardRow, item: WorkItem) -> Cell:
        if row.section is Section.IN_REVIEW:
            if not item.reviewers:
                return Cell("no reviewer", "warn")
            return Cell("→ " + self._names(item.reviewers))
        if not item.assignees:
            return Cell("unassigned", "warn")
        return Cell(self._names(item.assignees))

    def _names(self, identities: Sequence[str]) -> str:
        """People's names for logins; the user is "you"."""
        people, me = self.cto.config.people, self.cto.config.me_person
        return ", ".join(
            "you" if me is not None and me.matches(i) else display_name(i, people)
            for i in identities
        )

    @on(RowList.Highlighted, "#standups-list")
    def _highlighted(self, event: RowList.Highlighted[BoardRow]) -> None:
        self._show(event.row)

    @on(RowList.Selected, "#standups-list")
    def _selected(self) -> None:
        """Enter moves into the detail pane to read (and scroll) all of it."""
        self.query_one("#standups-detail", VerticalScroll).focus()

    def action_back_to_board(self) -> None:
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
        if item.blocked_reason:
            text.append(f"{'Blocked':>9}: ", style="bold red")
            text.append(clean_line(item.blocked_reason, 300) + "\n", style="red")
        if row.event is not None and row.move is not None:
            text.append(f"{'Moved':>9}: ", style="dim")
            actor = self._names((row.event.actor,))
            text.append(f"{row.move.value} by {clean_line(actor, 60)}, {when(row.since, now)}\n")
        self._append_history(text, self.cto.store.item_events(item), now)
        if item.body.strip():
            text.append("\n")
            text.append(clean_text(item.body))
        return text

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
        self.refresh_data(keep_cursor=False)
