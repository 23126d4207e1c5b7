"""The evening review: what got done, what is still open, and a decision for each leftover.

Left: the day's account (the same one `ctotui review --format md` prints).
Right: every open to-do planned or due today; `m` moves it to tomorrow, `s`
to someday, `d` drops it, `u` undoes. `c` copies the Markdown digest (OSC 52,
works over SSH), `w` writes it to the data dir.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from ctotui.model import Todo
from ctotui.review import CarryOver, EveningReview, carry_over, digest_markdown, evening
from ctotui.sanitize import clean_line
from ctotui.screens.base import PanelScreen
from ctotui.screens.list_source import ListSource
from ctotui.todos import Urgency, due_label, urgency
from ctotui.widgets.row_list import Cell, Column, RowList

COLUMNS = (
    Column("title", "Planned for today, still open"),
    Column("due", "Due", width=11, align="right"),
)
SHOWN = 8
DECISIONS: dict[CarryOver, str] = {
    CarryOver.TOMORROW: "Tomorrow",
    CarryOver.SOMEDAY: "Someday",
    CarryOver.DROP: "Dropped",
}


class EveningReviewScreen(PanelScreen):
    CSS_PATH = "review.tcss"
    TITLE = "Evening review"
    HORIZONTAL_BREAKPOINTS = [(0, "-review-narrow"), (100, "-review-wide")]
    BINDINGS = [
        Binding(
            "m", "decide('tomorrow')", "Tomorrow", id="review.tomorrow", tooltip="Move to tomorrow"
        ),
        Binding(
            "s", "decide('someday')", "Someday", id="review.someday", tooltip="Move to someday"
        ),
        Binding("d", "decide('drop')", "Drop", id="review.drop", tooltip="Drop it"),
        Binding("u", "undo", "Undo", id="review.undo", tooltip="Undo the last decision"),
        Binding("c", "copy", "Copy", id="review.copy", tooltip="Copy the Markdown digest"),
        Binding("w", "write", "Save", id="review.save", tooltip="Save the digest as a file"),
        Binding("escape", "leave", "Leave", id="review.leave", tooltip="Back to Home"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.undo_stack: list[Todo] = []
        self.review: EveningReview | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(id="review-progress")
        with Horizontal(id="review-body"):
            with VerticalScroll(id="review-summary"):
                yield Static(id="review-day")
            yield RowList(
                COLUMNS,
                ListSource[Todo](()),
                self._row_cells,
                empty_text="Nothing left over from today.",
                id="review-carry",
            )

    @property
    def rows(self) -> RowList[Todo]:
        return self.query_one("#review-carry", RowList)

    def _now(self) -> datetime:
        return self.cto.clock.now().astimezone()

    def on_mount(self) -> None:
        super().on_mount()
        self.rows.focus()

    def _row_cells(self, todo: Todo) -> Sequence[Cell]:
        now = self._now()
        due = Cell("")
        if todo.due is not None:
            late = urgency(todo, now) is Urgency.OVERDUE
            # "!" as well as the color: late must read on a terminal without colors.
            label = due_label(todo.due, now)
            due = Cell(f"! {label}" if late else label, "alert" if late else "warn")
        return (Cell(todo.title), due)

    def refresh_data(self) -> None:
        now = self._now()
        self.review = evening(self.cto.store, self.cto.config, now)
        left = len(self.review.overdue) + len(self.review.carry_over)
        self.query_one("#review-progress", Static).update(
            Text(
                f"Evening review · {now:%a %d %b} · {len(self.review.done)} done · "
                f"{left} to decide · m tomorrow · s someday · d drop · c copy · w save",
                style="bold",
            )
        )
        self.query_one("#review-day", Static).update(self._summary(self.review))
        self.rows.set_source(
            ListSource(self.review.overdue + self.review.carry_over), keep_cursor=True
        )

    @staticmethod
    def _summary(review: EveningReview) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")

        def heading(title: str, count: int) -> None:
            text.append(f"{title} ", style="bold")
            text.append(f"{count}\n", style="bold cyan")

        def lines(values: Sequence[str], style: str = "") -> None:
            for value in values[:SHOWN]:
                text.append("  " + clean_line(value, 200) + "\n", style=style)
            if len(values) > SHOWN:
                text.append(f"  … and {len(values) - SHOWN} more\n", style="dim")

        heading("Done today", len(review.done))
        lines([t.title for t in review.done], "green")
        if review.dropped:
            heading("Dropped", len(review.dropped))
            lines([t.title for t in review.dropped], "dim")
        heading("Mail triaged", review.triaged)
        heading("Closed or reviewed by me", len(review.deeds))
        lines([f"{d.verb} {d.key} {d.title}" for d in review.deeds])
        heading("Standups held", len(review.standups))
        lines(review.standups)
        text.append("\n")
        heading("Still unanswered", len(review.unanswered))
        lines([f"{m.sender_name or m.sender_address}: {m.subject}" for m in review.unanswered])
        heading("Waiting on me", len(review.waiting_on_me))
        lines([f"{e.who}: {e.title}" for e in review.waiting_on_me])
        heading("Overdue", len(review.overdue))
        lines([t.title for t in review.overdue], "red")
        return text

    def action_decide(self, decision: str) -> None:
        todo = self.rows.current_row
        if todo is None or todo.id is None:
            self.notify("Nothing left to decide.")
            return
        choice = CarryOver(decision)
        self.cto.store.update_todo(carry_over(todo, choice, self.cto.clock.now()))
        self.undo_stack.append(todo)
        self.notify(f"{DECISIONS[choice]}: {clean_line(todo.title, 80)}")
        self.cto.changed()

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo.")
            return
        todo = self.undo_stack.pop()
        self.cto.store.update_todo(todo)
        self.notify(f"Undone: {clean_line(todo.title, 80)}")
        self.cto.changed()

    def _digest(self) -> str:
        now = self._now()
        return digest_markdown(evening(self.cto.store, self.cto.config, now), now)

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self._digest())
        self.notify("The day's digest is on the clipboard (Markdown).")

    def action_write(self) -> None:
        folder = self.cto.workspace.data_dir / "reviews"
        path = folder / f"{self._now():%Y-%m-%d}.md"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(self._digest(), encoding="utf-8")
        except OSError as exc:
            self.notify(f"Could not save the digest: {exc}", severity="error")
            return
        self.notify(f"Saved the digest to {path}")

    def action_leave(self) -> None:
        self.dismiss()
