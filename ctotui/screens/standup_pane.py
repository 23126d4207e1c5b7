"""The Standups screen's top pane as text: changes since the last standup, then people.

Each person's line shows their open items across every source of the project
and whether they have spoken in the day's notes; their notes follow. All
untrusted text goes through the sanitizer into plain `Text`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text

from ctotui.model import StandupNote, StatusCategory
from ctotui.sanitize import clean_line
from ctotui.standup_people import PersonLine
from ctotui.standup_report import StandupReport

Names = Callable[[Sequence[str]], str]


def pane_text(report: StandupReport, names: Names) -> Text:
    text = Text()
    _append_diff(text, report)
    heading = "People" if report.is_today else f"People · notes of {report.day:%a %d %b %Y}"
    text.append(heading + "\n", style="bold")
    if not report.people:
        text.append("No people listed for this project (people = [...]).\n", style="dim")
    for line in report.people:
        _append_person(text, line, report)
    if report.followups:
        text.append("Follow-ups\n", style="bold")
        for link, todo in report.followups:
            owner = f" → {names((link.person,))}" if link.person else ""
            due = f", due {todo.due:%a %d %b}" if todo.due else ""
            text.append(f"  ☐ {clean_line(todo.title, 200)}", style="")
            text.append(clean_line(owner + due, 80) + "\n", style="dim")
    return text


def _append_diff(text: Text, report: StandupReport) -> None:
    change = report.diff
    if change is None or not report.is_today:
        return
    text.append(f"Since the standup of {change.last_day:%a %d %b}: ", style="bold")
    if change.empty:
        text.append("no new or resolved blockers, nothing promised got done\n", style="dim")
        return
    parts: list[tuple[str, str]] = []
    if change.new_blockers:
        keys = ", ".join(clean_line(r.item.key, 30) for r in change.new_blockers)
        parts.append((f"new blockers {keys}", "red"))
    if change.resolved_blockers:
        keys = ", ".join(clean_line(k, 30) for _r, k in change.resolved_blockers)
        parts.append((f"resolved {keys}", "green"))
    if change.promises_kept:
        keys = ", ".join(clean_line(r.item.key, 30) for r in change.promises_kept)
        parts.append((f"done as promised {keys}", "green"))
    for index, (part, style) in enumerate(parts):
        text.append(("; " if index else "") + part, style=style)
    text.append("\n")


def _append_person(text: Text, line: PersonLine, report: StandupReport) -> None:
    text.append(clean_line(line.name, 40), style="bold")
    if not line.known:
        text.append(" (not in [people])", style="dim")
    counts = [
        (line.count(StatusCategory.BLOCKED), "blocked", "red"),
        (line.count(StatusCategory.IN_REVIEW), "in review", "yellow"),
        (line.count(StatusCategory.IN_PROGRESS), "doing", "cyan"),
        (len(line.reviewing), "to review", ""),
        (len(line.moved), "moved", "green"),
    ]
    shown = [(n, label, style) for n, label, style in counts if n]
    for n, label, style in shown:
        text.append(f" · {n} {label}", style=style)
    if not shown:
        text.append(" · nothing open", style="dim")
    if len(line.sources) > 1:
        text.append(" · " + clean_line(", ".join(line.sources), 60), style="dim")
    if line.has_note:
        text.append("  ✓ spoke\n", style="green")
    else:
        text.append("  — no note\n", style="dim")
    said = [note for note in report.notes if note.person == line.key]
    for note in said:
        _append_note(text, note)
    if said:
        return
    for note in report.last_notes:
        if note.person == line.key and note.next.strip():
            text.append(f"  said {note.day:%a %d %b} they'd do next: ", style="dim")
            text.append(clean_line(note.next, 300) + "\n", style="italic")


def _append_note(text: Text, note: StandupNote) -> None:
    for label, value, style in (
        ("done", note.done, ""),
        ("next", note.next, ""),
        ("blockers", note.blockers, "red"),
    ):
        if value.strip():
            text.append(f"  {label}: ", style="dim")
            text.append(clean_line(value, 300) + "\n", style=style)
