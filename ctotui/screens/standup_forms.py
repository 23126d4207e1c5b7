"""The standup's dialogs: a person's note, a follow-up to-do, and the past standups.

Each is keyboard-first: tab or enter moves between fields, enter on the last
field (or ctrl+s anywhere) saves, escape cancels. They only collect input; the
Standups screen writes to the store.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from ctotui.model import StandupNote
from ctotui.sanitize import clean_line

FIELD_LIMIT = 1000
_CANCEL = Binding(
    "escape", "cancel", "Cancel", id="standups.form.cancel", tooltip="Close without saving"
)
_SAVE = Binding(
    "ctrl+s",
    "save",
    "Save",
    id="standups.form.save",
    tooltip="Save and close (enter on the last field too)",
)


def _options(people: Sequence[tuple[str, str]]) -> list[tuple[Text, str]]:
    return [(Text(clean_line(name, 60)), key) for key, name in people]


class NoteForm(ModalScreen[StandupNote | None]):
    """What one person said: done, next, blockers. Switching the person loads their note."""

    CSS_PATH = "standup_forms.tcss"
    AUTO_FOCUS = "#note-done"
    BINDINGS = [_CANCEL, _SAVE]

    def __init__(
        self,
        project: str,
        day: date,
        people: Sequence[tuple[str, str]],
        person: str,
        notes: Mapping[str, StandupNote],
    ) -> None:
        super().__init__()
        self.project, self.day, self.people = project, day, people
        self.person, self.notes = person, notes

    def compose(self) -> ComposeResult:
        with Vertical(classes="standup-form") as box:
            box.border_title = f"Note for {self.day:%a %d %b}"
            yield Select(
                _options(self.people), value=self.person, allow_blank=False, id="note-person"
            )
            for field, label, example in (
                ("done", "Done since last time", "e.g. merged the retry PR"),
                ("next", "Next", "e.g. pagination for /v1/orders"),
                ("blockers", "Blockers (empty: none)", "e.g. waiting on the vendor's tax codes"),
            ):
                yield Label(label)
                yield Input(placeholder=example, max_length=FIELD_LIMIT, id=f"note-{field}")
            yield Static(
                Text("enter: next field / save · ctrl+s saves · escape cancels", style="dim")
            )

    def on_mount(self) -> None:
        self._load(self.person)

    def _load(self, person: str) -> None:
        note = self.notes.get(person)
        for field in ("done", "next", "blockers"):
            value = getattr(note, field) if note is not None else ""
            self.query_one(f"#note-{field}", Input).value = value

    @on(Select.Changed, "#note-person")
    def _person_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.person:
            self.person = event.value
            self._load(self.person)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        following = {"note-done": "#note-next", "note-next": "#note-blockers"}
        if event.input.id in following:
            self.query_one(following[event.input.id], Input).focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        values = {
            f: self.query_one(f"#note-{f}", Input).value.strip()
            for f in ("done", "next", "blockers")
        }
        existing = self.notes.get(self.person)
        self.dismiss(
            StandupNote(
                project=self.project,
                day=self.day,
                person=self.person,
                id=existing.id if existing is not None else None,
                **values,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True, slots=True)
class FollowUpDraft:
    title: str
    owner: str
    due: date | None


def parse_due(text: str, today: date) -> date | None:
    """ "" (no due date), YYYY-MM-DD, or +N days; ValueError otherwise."""
    text = text.strip()
    if not text:
        return None
    if text.startswith("+") and text[1:].isdigit():
        return today + timedelta(days=int(text[1:]))
    return date.fromisoformat(text)


class FollowUpForm(ModalScreen[FollowUpDraft | None]):
    """A to-do out of a standup line: what, who owns it, when it is due."""

    CSS_PATH = "standup_forms.tcss"
    AUTO_FOCUS = "#followup-title"
    BINDINGS = [_CANCEL, _SAVE]

    def __init__(
        self, title: str, people: Sequence[tuple[str, str]], owner: str, due: date, today: date
    ) -> None:
        super().__init__()
        self.title_text, self.people, self.owner = title, people, owner
        self.due, self.today = due, today

    def compose(self) -> ComposeResult:
        with Vertical(classes="standup-form") as box:
            box.border_title = "Follow-up to-do"
            yield Label("What")
            yield Input(value=self.title_text, max_length=FIELD_LIMIT, id="followup-title")
            yield Label("Owner")
            yield Select(
                _options(self.people), value=self.owner, allow_blank=False, id="followup-owner"
            )
            yield Label("Due (YYYY-MM-DD, +N days, or empty)")
            yield Input(value=self.due.isoformat(), max_length=20, id="followup-due")
            yield Static(Text("enter on Due or ctrl+s saves · escape cancels", style="dim"))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "followup-title":
            self.query_one("#followup-due", Input).focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        title = self.query_one("#followup-title", Input).value.strip()
        if not title:
            self.notify("A follow-up needs a title.", severity="warning")
            return
        try:
            due = parse_due(self.query_one("#followup-due", Input).value, self.today)
        except ValueError:
            self.notify(
                "Due must be a date like 2026-11-20, +2 for in two days, or empty.",
                severity="warning",
            )
            return
        owner = self.query_one("#followup-owner", Select).value
        self.dismiss(FollowUpDraft(title, owner if isinstance(owner, str) else "", due))

    def action_cancel(self) -> None:
        self.dismiss(None)


class HistoryPicker(ModalScreen[date | None]):
    """Today and every past standup of the project, newest first."""

    CSS_PATH = "standup_forms.tcss"
    AUTO_FOCUS = "#history-days"
    BINDINGS = [_CANCEL]

    def __init__(self, project: str, days: Sequence[tuple[date, str]], current: date) -> None:
        super().__init__()
        self.project, self.days, self.current = project, days, current

    def compose(self) -> ComposeResult:
        with Vertical(classes="standup-form") as box:
            box.border_title = f"Standups of {clean_line(self.project, 40)}"
            yield OptionList(
                *(Option(Text(label), id=day.isoformat()) for day, label in self.days),
                id="history-days",
            )
            yield Static(Text("enter opens · escape closes", style="dim"))

    def on_mount(self) -> None:
        options = self.query_one("#history-days", OptionList)
        ids = [day for day, _label in self.days]
        options.highlighted = ids.index(self.current) if self.current in ids else 0

    @on(OptionList.OptionSelected, "#history-days")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        chosen = event.option.id
        self.dismiss(date.fromisoformat(chosen) if chosen else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
