"""The Standups screen's keys: notes, follow-ups, blockers, saved and past standups, sharing.

A mixin of `StandupsScreen`, kept apart so each file holds one concern: this
one turns keys into writes to the store (then `changed()` redraws every panel)
and into the shared summary; the screen draws.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from textual.binding import Binding

from ctotui.model import (
    ActionKind,
    BlockerState,
    OutboxAction,
    StandupFollowUp,
    StandupNote,
    Todo,
)
from ctotui.sanitize import clean_line
from ctotui.screens.base import PanelScreen
from ctotui.screens.standup_forms import FollowUpDraft, FollowUpForm, HistoryPicker, NoteForm
from ctotui.standup import BoardRow, Section, display_name, person_for
from ctotui.standup_calendar import next_standup_day
from ctotui.standup_report import StandupReport, record_session
from ctotui.standup_summary import summary_markdown
from ctotui.widgets.row_list import RowList

FOLLOW_UP_HOUR = time(17, 0)


def file_name(project: str, day: date) -> str:
    """A safe file name for a project's summary: "api-2026-11-18.md"."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", project).strip(".-") or "project"
    return f"{safe}-{day.isoformat()}.md"


class StandupActions(PanelScreen):
    """Actions on the shown standup; the screen sets `report` and `day` when it draws."""

    BINDINGS = [
        Binding(
            "P",
            "post_summary",
            "Post summary",
            show=False,
            id="standups.post_summary",
            tooltip="Post the summary to the project's summary_channel (chat)",
        ),
        Binding(
            "n",
            "note",
            "Note",
            id="standups.note",
            tooltip="Write a person's done / next / blockers",
        ),
        Binding(
            "f",
            "follow_up",
            "Follow-up",
            id="standups.follow_up",
            tooltip="Turn this line into a to-do with an owner and a due date",
        ),
        Binding(
            "b",
            "blocker",
            "Raised/resolved",
            id="standups.blocker",
            tooltip="Mark this blocker as raised at the standup, then as resolved",
        ),
        Binding(
            "c",
            "copy_summary",
            "Copy summary",
            id="standups.copy",
            tooltip="Copy the standup summary (Markdown) to the clipboard",
        ),
        Binding(
            "w",
            "write_summary",
            "Save .md",
            show=False,
            id="standups.write",
            tooltip="Save the standup summary as a Markdown file",
        ),
        Binding(
            "s",
            "save_standup",
            "Save standup",
            show=False,
            id="standups.save",
            tooltip="Record today's standup so the next one shows what changed",
        ),
        Binding(
            "h",
            "history",
            "Past",
            id="standups.history",
            tooltip="Browse and reopen past standups of this project",
        ),
    ]

    report: StandupReport | None = None
    day: date | None = None
    """The standup shown (None: today's)."""

    @property
    def rows(self) -> RowList[BoardRow]:
        return self.query_one("#standups-list", RowList)

    def _now(self) -> datetime:
        """The clock's time in the user's timezone: days start at local midnight."""
        return self.cto.clock.now().astimezone()

    def _people_choices(self, report: StandupReport) -> list[tuple[str, str]]:
        """Everyone on the standup (project people first), and the user, as (key, name)."""
        choices = {line.key: line.name for line in report.people}
        me = self.cto.config.me_person
        if me is not None:
            choices.setdefault(me.key, me.name)
        return list(choices.items())

    def _row_person(self, row: BoardRow | None, choices: list[tuple[str, str]]) -> str | None:
        """The people key of the current row's first owner, when they are on the standup."""
        if row is None:
            return None
        keys = {key for key, _name in choices}
        for identity in row.people or row.item.assignees:
            person = person_for(identity, self.cto.config.people)
            key = person.key if person is not None else identity.strip().lower()
            if key in keys:
                return key
        return None

    def _recorded(self, report: StandupReport) -> None:
        """Writing anything at today's standup records it (with the board as it is now)."""
        record_session(self.cto.store, report, self.cto.clock.now())
        self.cto.changed()

    def action_note(self) -> None:
        report = self.report
        if report is None:
            self.notify("No project: add [[projects]] to your config first.")
            return
        choices = self._people_choices(report)
        if not choices:
            self.notify("This project lists no people (people = [...]) to take notes for.")
            return
        notes = {note.person: note for note in report.notes}
        silent = next((k for k, _n in choices if k not in notes), choices[0][0])
        person = self._row_person(self.rows.current_row, choices) or silent

        def saved(note: StandupNote | None) -> None:
            if note is None:
                return
            self.cto.store.save_standup_note(note)
            self._recorded(report)
            self.notify(f"Saved {display_name(note.person, self.cto.config.people)}'s note.")

        self.app.push_screen(
            NoteForm(report.project.name, report.day, choices, person, notes), saved
        )

    def action_follow_up(self) -> None:
        report = self.report
        if report is None:
            self.notify("No project: add [[projects]] to your config first.")
            return
        choices = self._people_choices(report)
        if not choices:
            self.notify("Nobody to own a follow-up: add people to this project or set `me`.")
            return
        row = self.rows.current_row
        me = self.cto.config.me_person
        owner = self._row_person(row, choices) or (me.key if me is not None else choices[0][0])
        title = f"Follow up {row.item.key}: {row.item.title}" if row is not None else ""
        today = self._now().date()
        due = next_standup_day(today, report.project.standup_days, report.project.holidays)

        def made(draft: FollowUpDraft | None) -> None:
            if draft is not None:
                self._add_follow_up(report, row, draft)

        self.app.push_screen(FollowUpForm(clean_line(title, 300), choices, owner, due, today), made)

    def _add_follow_up(
        self, report: StandupReport, row: BoardRow | None, draft: FollowUpDraft
    ) -> None:
        now = self._now()
        store, project = self.cto.store, report.project.name
        links = [f"standup:{project}:{report.day.isoformat()}"]
        if row is not None:
            links.append(row.ref)
        due = datetime.combine(draft.due, FOLLOW_UP_HOUR, tzinfo=now.tzinfo) if draft.due else None
        todo = Todo(
            title=draft.title,
            created_at=now,
            due=due,
            project=project,
            owner=draft.owner,
            links=tuple(links),
        )
        with store.transaction():
            todo_id = store.add_todo(todo)
            store.link_standup_followup(
                StandupFollowUp(
                    project, report.day, todo_id, draft.owner, row.ref if row is not None else ""
                )
            )
        self._recorded(report)
        self.notify(f"Follow-up added to To-dos: {clean_line(draft.title, 80)}")

    def action_blocker(self) -> None:
        report, row = self.report, self.rows.current_row
        if report is None or row is None:
            self.notify("Select a blocked item first.")
            return
        mark = report.blockers.get(row.ref)
        if row.section is not Section.BLOCKED and mark is None:
            self.notify(f"{clean_line(row.item.key, 40)} is not blocked.")
            return
        state = (
            BlockerState.RESOLVED
            if mark is not None and mark.state is BlockerState.RAISED
            else BlockerState.RAISED
        )
        self.cto.store.set_blocker_state(
            report.project.name, row.ref, row.item.key, state, report.day, self.cto.clock.now()
        )
        self._recorded(report)
        verb = "raised" if state is BlockerState.RAISED else "resolved"
        self.notify(f"Blocker {clean_line(row.item.key, 40)} marked as {verb}.")

    def action_save_standup(self) -> None:
        report = self.report
        if report is None:
            return
        if not report.is_today:
            self.notify("Past standups keep the board they were saved with.")
            return
        self._recorded(report)
        self.notify(
            f"Saved the {clean_line(report.project.name, 40)} standup of {report.day:%a %d %b}."
        )

    def action_history(self) -> None:
        report = self.report
        if report is None:
            self.notify("No project: add [[projects]] to your config first.")
            return
        store, name, today = self.cto.store, report.project.name, self._now().date()
        days = [today, *(d for d in store.standup_history(name) if d != today)]
        labels: list[tuple[date, str]] = []
        for day in days:
            notes = len(store.standup_notes(name, day))
            recorded = store.standup_session(name, day) is not None
            label = f"{day:%a %d %b %Y}" + (" · today" if day == today else "")
            label += f" · {notes} note{'s' if notes != 1 else ''}"
            label += " · recorded" if recorded else ""
            labels.append((day, label))

        def chosen(day: date | None) -> None:
            if day is None:
                return
            self.day = None if day == today else day
            self.refresh_data()
            self.rows.move_cursor(0)

        self.app.push_screen(HistoryPicker(name, labels, report.day), chosen)

    def action_copy_summary(self) -> None:
        report = self.report
        if report is None:
            self.notify("No project: nothing to copy.")
            return
        summary = summary_markdown(report)
        self.app.copy_to_clipboard(summary)
        lines = summary.count("\n")
        self.notify(
            f"Copied the {clean_line(report.project.name, 40)} standup summary of "
            f"{report.day:%a %d %b} ({lines} lines of Markdown) to the clipboard."
        )

    def action_post_summary(self) -> None:
        """Queue the Markdown summary for the project's chat channel, through the outbox."""
        report = self.report
        if report is None:
            self.notify("No project: nothing to post.")
            return
        source, _, channel = report.project.summary_channel.partition(":")
        if not channel:
            self.notify(
                'Set summary_channel = "<source>:<channel>" on this project to post it.',
                severity="warning",
            )
            return
        if not self.cto.source_supports(source, ActionKind.POST):
            self.notify(f"Source {source!r} cannot post messages.", severity="warning")
            return
        summary = summary_markdown(report)
        self.cto.store.enqueue(
            OutboxAction(source, ActionKind.POST, channel, self.cto.clock.now(), payload=summary)
        )
        self.cto.flush_outbox()
        self.notify(f"Posting the standup summary to {clean_line(channel, 60)} on {source}.")

    def action_write_summary(self) -> None:
        report = self.report
        if report is None:
            self.notify("No project: nothing to save.")
            return
        folder = self.cto.workspace.data_dir / "standups"
        path = folder / file_name(report.project.name, report.day)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(summary_markdown(report), encoding="utf-8")
        except OSError as exc:
            self.notify(f"Could not save {path}: {exc.strerror or exc}", severity="error")
            return
        self.notify(f"Saved the standup summary to {path}")
